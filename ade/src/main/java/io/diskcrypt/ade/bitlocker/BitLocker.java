package io.diskcrypt.ade.bitlocker;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.cpu.CpuLedger;
import io.diskcrypt.core.crypto.Randomness;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.XtsKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * BitLocker volumes (metadata version 2, as Windows 7 and later write them) on a {@link BlockDevice}:
 * format one with an external-key protector (and optionally a recovery password or a clear key), read
 * its metadata, and open it with the {@code .BEK} file, the recovery password or its clear key.
 *
 * <p>Key chain: the external key (256 bits, in the {@code .BEK} file) or the key stretched from the
 * recovery password unwraps the VMK (AES-CCM); the VMK unwraps the FVEK (AES-CCM) and authenticates the
 * metadata (SHA-256 under AES-CCM); the FVEK encrypts the sectors ({@link EncryptionMethod}).
 *
 * <p>Read: all six encryption methods, metadata copies anywhere on the volume, volumes whose
 * conversion is in progress or paused (below the encrypted boundary ciphertext, above it plaintext),
 * every protector listed by type. Written: the same methods and states, the copies spread as Windows
 * spreads them ({@link MetadataPlacement}). Refused, with the reason: Windows Vista volumes, BitLocker
 * To Go, and opening an encrypt-on-write volume (which sectors are encrypted is kept in a conversion
 * log that no public description documents; cryptsetup and dislocker refuse it too). No NTFS file
 * system is created: callers write what they like.
 *
 * <p>The FVEK, VMK, external key, recovery password, salts and GUIDs come from {@link Randomness}: a
 * {@link java.security.SecureRandom}, or inside {@link Randomness#repeatable} a seeded source, so that a
 * test formats the same volume byte for byte on every run (given a fixed {@link
 * BitLockerOptions#creationTime()}, which also seeds the AES-CCM nonces).
 */
public final class BitLocker {
  /**
   * The bytes at the end of a volume formatted with {@link MetadataPlacement#END} that are not data:
   * the FVE metadata copies and the backup of the first sectors.
   */
  public static final long RESERVED_BYTES = Layout.RESERVED_BYTES;

  /** The shortest passphrase {@link #formatWithPassphrase} accepts: Windows' default minimum. */
  public static final int MIN_PASSPHRASE_CHARS = 8;
  /** The longest passphrase {@link #formatWithPassphrase} accepts. */
  public static final int MAX_PASSPHRASE_CHARS = 256;

  private static final int IO_CHUNK = 1024 * 1024;

  private BitLocker() {}

  /**
   * Formats {@code device} as a BitLocker volume; its crypto, if {@link BitLockerOptions#fullEncryption()}
   * is set, is charged to an account of its own.
   *
   * @throws IllegalArgumentException when the device is below 1 MiB, not a multiple of 64 KiB, or its
   *     sector size differs from the options'
   */
  public static BitLockerFormatResult format(BlockDevice device, BitLockerOptions options) {
    return format(device, options, new CpuLedger().account("BitLocker format", AccountKind.VM_VCPU));
  }

  /**
   * Formats {@code device}, charging the crypto of full encryption to {@code payer}.
   *
   * @throws IllegalArgumentException as {@link #format(BlockDevice, BitLockerOptions)}
   */
  public static BitLockerFormatResult format(BlockDevice device, BitLockerOptions options, CpuAccount payer) {
    return format(device, options, payer, null, null);
  }

  /**
   * Formats {@code device} with an external key the caller already has (a BEK kept in a vault): the
   * external key protector gets the BEK's GUID and key. The result holds a copy of it.
   *
   * @throws IllegalArgumentException as {@link #format(BlockDevice, BitLockerOptions)}
   */
  public static BitLockerFormatResult formatWithExternalKey(BlockDevice device, BitLockerOptions options, BekFile bek,
      CpuAccount payer) {
    Objects.requireNonNull(bek, "bek");
    return format(device, options, payer, bek, null);
  }

  /**
   * Formats {@code device} with a passphrase protector besides the external key, as {@code manage-bde
   * -on D: -pw} protects a fixed data volume. The caller keeps (and wipes) {@code passphrase}.
   *
   * @throws IllegalArgumentException as {@link #format(BlockDevice, BitLockerOptions)}, or when the
   *     passphrase has fewer than {@value #MIN_PASSPHRASE_CHARS} or more than {@value #MAX_PASSPHRASE_CHARS} characters
   */
  public static BitLockerFormatResult formatWithPassphrase(BlockDevice device, BitLockerOptions options, char[] passphrase,
      CpuAccount payer) {
    Objects.requireNonNull(passphrase, "passphrase");
    if (passphrase.length < MIN_PASSPHRASE_CHARS || passphrase.length > MAX_PASSPHRASE_CHARS) {
      throw new IllegalArgumentException("passphrase is " + passphrase.length + " characters: " + MIN_PASSPHRASE_CHARS
          + " to " + MAX_PASSPHRASE_CHARS + " allowed (Windows' default minimum is 8)");
    }
    return format(device, options, payer, null, passphrase);
  }

  private static BitLockerFormatResult format(BlockDevice device, BitLockerOptions options, CpuAccount payer, BekFile given,
      char[] passphrase) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(payer, "payer");
    Objects.requireNonNull(options, "options");
    SectorSize ss = device.sectorSize();
    if (options.sectorSize() != null && options.sectorSize() != ss) {
      throw new IllegalArgumentException("options ask for " + options.sectorSize() + " sectors but the device has " + ss);
    }
    Layout layout = Layout.of(options.placement(), ss, device.sizeBytes());
    long encrypted = options.encryptedBytes() == null ? device.sizeBytes() : options.encryptedBytes();
    if (encrypted > device.sizeBytes()) {
      throw new IllegalArgumentException("encrypted size " + encrypted + " bytes exceeds the volume of "
          + device.sizeBytes() + " bytes");
    }
    FveState current = encrypted == device.sizeBytes() ? FveState.ENCRYPTED : FveState.SWITCH_PAUSED;
    Instant created = options.creationTime() != null ? options.creationTime() : Instant.now();
    UUID volumeGuid = Randomness.uuid();
    BekFile bek = given != null ? given.copy() : BekFile.generate(Randomness.uuid(), created);
    RecoveryPassword recovery = options.recoveryPassword() ? RecoveryPassword.generate() : null;
    byte[] vmk = random(32);
    byte[] fvek = newFvek(options.method());
    byte[] bekKey = bek.copyKey();
    byte[] stretched = null;
    byte[] clear = null;
    byte[] passphraseKey = null;
    try {
      List<FveCodec.ProtectorSpec> protectors = new ArrayList<>();
      protectors.add(new FveCodec.ProtectorSpec(bek.guid(), ProtectorType.EXTERNAL_KEY.code(), null, "ExternalKey",
          bekKey, false));
      if (recovery != null) {
        byte[] salt = random(16);
        stretched = recovery.stretch(salt);
        protectors.add(new FveCodec.ProtectorSpec(Randomness.uuid(), ProtectorType.RECOVERY_PASSWORD.code(), salt, null,
            stretched, false));
      }
      if (passphrase != null) {
        byte[] salt = random(16);
        passphraseKey = passphraseKey(passphrase, salt);
        protectors.add(new FveCodec.ProtectorSpec(Randomness.uuid(), ProtectorType.PASSPHRASE.code(), salt, null,
            passphraseKey, false));
      }
      if (options.clearKey()) {
        clear = random(32);
        protectors.add(new FveCodec.ProtectorSpec(Randomness.uuid(), ProtectorType.CLEAR_KEY.code(), null, null, clear, true));
      }
      byte[] area = FveCodec.metadataArea(new FveCodec.Spec(volumeGuid, options.method(), Le.filetime(created),
          options.description(), layout, current, FveState.ENCRYPTED, encrypted, vmk, fvek, protectors));
      writeHeaderAndMetadata(device, layout, area);
      FveMetadata metadata = FveCodec.parseArea(area, ss.bytes(), device.sizeBytes());
      if (options.fullEncryption()) {
        try (BitLockerVolume volume = new BitLockerVolume(device, metadata, SecretKeyMaterial.copyOf(fvek))) {
          zeroFill(volume.dataDevice(payer), volume.segments());
        }
      }
      device.flush();
      return new BitLockerFormatResult(BitLockerVolumeInfo.of(metadata, ss), bek, Optional.ofNullable(recovery));
    } catch (BitLockerFormatException e) {
      throw new IllegalStateException("metadata just written does not parse: " + e.getMessage(), e);
    } finally {
      wipe(vmk, fvek, bekKey, stretched, clear, passphraseKey);
    }
  }

  /**
   * A fresh FVEK entry's key data: random keys where the method uses them, zeros in Elephant's padding
   * (the CBC key at byte 0 and the tweak key at byte 32, each in a 32-byte slot).
   */
  private static byte[] newFvek(EncryptionMethod method) {
    if (method.xts()) {
      try (SecretKeyMaterial fresh = XtsKeys.random(method.keyBytes())) {
        return fresh.copyBytes();
      }
    }
    byte[] fvek = new byte[method.keyBytes()];
    int aesBytes = method.aesBits() / 8;
    byte[] key = random(aesBytes);
    System.arraycopy(key, 0, fvek, 0, aesBytes);
    if (method.elephant()) {
      byte[] tweak = random(aesBytes);
      System.arraycopy(tweak, 0, fvek, 32, aesBytes);
      Arrays.fill(tweak, (byte) 0);
    }
    Arrays.fill(key, (byte) 0);
    return fvek;
  }

  private static void writeHeaderAndMetadata(BlockDevice device, Layout layout, byte[] area) {
    int ss = layout.sectorSize().bytes();
    byte[] headerRegion = new byte[Layout.HEADER_REGION];
    System.arraycopy(FveCodec.volumeHeader(layout), 0, headerRegion, 0, ss);
    device.write(0, headerRegion);
    for (int i = 0; i < 3; i++) {
      device.write(layout.metadataOffset(i) / ss, area);
    }
  }

  /** Writes zeros through every writable segment (the reserved ones already read as zeros). */
  private static void zeroFill(BlockDevice data, List<Segment> segments) {
    byte[] zeros = new byte[(int) Math.min(IO_CHUNK, data.sizeBytes())];
    int ss = data.sectorSize().bytes();
    for (Segment s : segments) {
      if (s.kind() == Segment.Kind.ZERO) {
        continue;
      }
      for (long sector = s.first(); sector < s.end(); ) {
        int len = (int) Math.min(zeros.length, (s.end() - sector) * ss);
        data.write(sector, zeros, 0, len);
        sector += len / ss;
      }
    }
  }

  /**
   * The metadata of the BitLocker volume on {@code device}, from the first of the three copies that is
   * valid (as the readers do).
   *
   * @throws BitLockerFormatException naming the field that is wrong (of the first copy when none is valid)
   */
  public static BitLockerVolumeInfo readInfo(BlockDevice device) throws BitLockerFormatException {
    return BitLockerVolumeInfo.of(readCopies(device).get(0), device.sectorSize());
  }

  /**
   * The sector size a BitLocker volume was formatted with, from the first 512 bytes of the volume
   * (for opening an image file before its sector size is known).
   *
   * @throws BitLockerFormatException when the bytes are not a BitLocker volume header or name a sector
   *     size other than 512 or 4096
   */
  public static SectorSize probeSectorSize(byte[] firstBytes) throws BitLockerFormatException {
    Objects.requireNonNull(firstBytes, "firstBytes");
    if (firstBytes.length < 512) {
      throw new BitLockerFormatException("volume header is " + firstBytes.length + " bytes: 512 expected");
    }
    int bytesPerSector = Le.u16(firstBytes, 0x0b);
    if (bytesPerSector != 512 && bytesPerSector != 4096) {
      throw new BitLockerFormatException("volume header bytes per sector is " + bytesPerSector + ": 512 or 4096 expected");
    }
    FveCodec.parseVolumeHeader(firstBytes, bytesPerSector, Long.MAX_VALUE / 2);
    return SectorSize.ofBytes(bytesPerSector);
  }

  /**
   * Every copy of the metadata that parses, in copy order (Windows writes three so that a damaged one
   * can be skipped; a copy can also parse and still fail the VMK-keyed validation, so openers try each).
   *
   * @throws BitLockerFormatException naming copy 0's broken field when no copy parses
   */
  static List<FveMetadata> readCopies(BlockDevice device) throws BitLockerFormatException {
    Objects.requireNonNull(device, "device");
    int ss = device.sectorSize().bytes();
    if (device.sizeBytes() < Layout.MIN_BYTES) {
      throw new BitLockerFormatException("device is " + device.sizeBytes() + " bytes: too small for a BitLocker volume");
    }
    byte[] sector = new byte[ss];
    device.read(0, sector);
    FveCodec.VolumeHeader header = FveCodec.parseVolumeHeader(sector, ss, device.sizeBytes());
    long[] offsets = header.metadataOffsets();
    List<FveMetadata> copies = new ArrayList<>();
    BitLockerFormatException first = null;
    for (int i = 0; i < 3; i++) {
      byte[] area = new byte[Layout.METADATA_AREA];
      device.read(offsets[i] / ss, area);
      try {
        FveMetadata m = FveCodec.parseArea(area, ss, device.sizeBytes());
        if (m.metadataOffsets()[i] != offsets[i]) {
          throw new BitLockerFormatException("FVE metadata offset " + i + " is " + m.metadataOffsets()[i]
              + " but the copy was read from " + offsets[i]);
        }
        copies.add(header.encryptOnWrite() ? m.withEncryptOnWrite() : m);
      } catch (BitLockerFormatException e) {
        if (first == null) {
          first = new BitLockerFormatException("FVE metadata copy " + i + " at byte " + offsets[i] + ": " + e.getMessage());
        }
      }
    }
    if (copies.isEmpty()) {
      throw first;
    }
    return copies;
  }

  /** How a caller's secret yields the key of a VMK entry: null when the entry is not one it can open. */
  @FunctionalInterface
  private interface Unwrapper {
    byte[] keyFor(FveMetadata.VmkEntry entry);
  }

  /**
   * Opens the volume with its external key.
   *
   * @throws BitLockerKeyException when no protector has the BEK's GUID or the key does not unwrap its VMK
   * @throws BitLockerFormatException when the metadata is malformed or fails validation
   */
  public static BitLockerVolume open(BlockDevice device, BekFile bek) throws BitLockerException {
    Objects.requireNonNull(bek, "bek");
    return open(device, "the BEK file " + bek.guid(), e -> e.guid().equals(bek.guid())
        && e.protection() == ProtectorType.EXTERNAL_KEY.code() ? bek.copyKey() : null,
        m -> "volume " + m.volumeGuid() + " has no external key protector with GUID " + bek.guid()
            + " (the BEK file belongs to another volume); its protectors: "
            + m.vmks().stream().map(v -> v.guid() + " " + ProtectorType.ofCode(v.protection())).toList());
  }

  /**
   * Opens the volume with its 48-digit recovery password (this runs the 1,048,576-step SHA-256 chain
   * once per recovery protector).
   *
   * @throws IllegalArgumentException when the text is not 8 groups of 6 digits, each a multiple of 11
   * @throws BitLockerKeyException when the volume has no recovery password protector or the password is wrong
   * @throws BitLockerFormatException when the metadata is malformed or fails validation
   */
  public static BitLockerVolume openWithRecoveryPassword(BlockDevice device, String password) throws BitLockerException {
    RecoveryPassword parsed = RecoveryPassword.parse(password);
    Map<String, byte[]> stretched = new HashMap<>(); // the chain depends on the salt only: run it once per salt
    try {
      return open(device, "the recovery password", e -> {
        if (e.protection() != ProtectorType.RECOVERY_PASSWORD.code() || e.salt() == null) {
          return null;
        }
        return stretched.computeIfAbsent(HexFormat.of().formatHex(e.salt()), s -> parsed.stretch(e.salt())).clone();
      }, m -> "volume " + m.volumeGuid() + " has no recovery password protector");
    } finally {
      parsed.destroy();
      stretched.values().forEach(k -> Arrays.fill(k, (byte) 0));
    }
  }

  /**
   * Opens the volume with its passphrase (the 1,048,576-step SHA-256 chain runs once per salt). The
   * caller keeps (and wipes) {@code passphrase}.
   *
   * @throws BitLockerKeyException when the volume has no passphrase protector or the passphrase is wrong
   * @throws BitLockerFormatException when the metadata is malformed or fails validation
   */
  public static BitLockerVolume openWithPassphrase(BlockDevice device, char[] passphrase) throws BitLockerException {
    Objects.requireNonNull(passphrase, "passphrase");
    Map<String, byte[]> stretched = new HashMap<>();
    try {
      return open(device, "the passphrase", e -> {
        if (e.protection() != ProtectorType.PASSPHRASE.code() || e.salt() == null) {
          return null;
        }
        return stretched.computeIfAbsent(HexFormat.of().formatHex(e.salt()), s -> passphraseKey(passphrase, e.salt())).clone();
      }, m -> "volume " + m.volumeGuid() + " has no passphrase protector");
    } finally {
      stretched.values().forEach(k -> Arrays.fill(k, (byte) 0));
    }
  }

  /**
   * The key a passphrase protector's VMK is wrapped with: the stretch chain over SHA-256 of SHA-256 of
   * the passphrase in UTF-16LE (no terminating NUL), as cryptsetup and dislocker derive it.
   */
  private static byte[] passphraseKey(char[] passphrase, byte[] salt) {
    byte[] utf16 = new byte[passphrase.length * 2];
    for (int i = 0; i < passphrase.length; i++) {
      Le.put16(utf16, 2 * i, passphrase[i]);
    }
    byte[] once = FveCodec.sha256(utf16, utf16.length);
    try {
      return RecoveryPassword.stretchKey(once, salt);
    } finally {
      Arrays.fill(utf16, (byte) 0);
      Arrays.fill(once, (byte) 0);
    }
  }

  /**
   * Opens a volume whose protection is suspended: a clear-key protector stores the key that unwraps the
   * VMK beside it, so no secret is needed (as Windows does while BitLocker is suspended).
   *
   * @throws BitLockerKeyException when the volume has no clear-key protector
   * @throws BitLockerFormatException when the metadata is malformed or fails validation
   */
  public static BitLockerVolume openWithClearKey(BlockDevice device) throws BitLockerException {
    return open(device, "the clear key", e -> e.protection() == ProtectorType.CLEAR_KEY.code() && e.clearKey() != null
        ? e.clearKey().clone() : null,
        m -> "volume " + m.volumeGuid() + " has no clear-key protector (its protection is not suspended)");
  }

  /**
   * Tries every applicable VMK entry of every metadata copy that parses, in order, and opens with the
   * first that unwraps and validates: a copy that is damaged in a way only the VMK-keyed validation
   * notices is skipped as Windows skips it. When none opens, the error of the first copy is thrown.
   */
  private static BitLockerVolume open(BlockDevice device, String what, Unwrapper unwrapper,
      java.util.function.Function<FveMetadata, String> noProtector) throws BitLockerException {
    List<FveMetadata> copies = readCopies(device);
    if (copies.get(0).encryptOnWrite()) {
      throw new BitLockerFormatException("volume " + copies.get(0).volumeGuid() + " is in encrypt-on-write mode: "
          + "which of its sectors are encrypted is kept in a conversion log that no public description documents "
          + "(cryptsetup and dislocker refuse it too); dump lists it, reading is refused");
    }
    BitLockerException first = null;
    for (FveMetadata m : copies) {
      boolean any = false;
      for (FveMetadata.VmkEntry entry : m.vmks()) {
        byte[] key = unwrapper.keyFor(entry);
        if (key == null) {
          continue;
        }
        any = true;
        try {
          return unlock(device, m, entry, key, what);
        } catch (BitLockerException e) {
          if (first == null) {
            first = e;
          } else if (!e.getMessage().equals(first.getMessage())) {
            first.addSuppressed(e);
          }
        } finally {
          Arrays.fill(key, (byte) 0);
        }
      }
      if (!any && first == null) {
        first = new BitLockerKeyException(noProtector.apply(m));
      }
    }
    throw first;
  }

  private static BitLockerVolume unlock(BlockDevice device, FveMetadata m, FveMetadata.VmkEntry entry, byte[] key, String what)
      throws BitLockerException {
    if (entry.sealed() == null) {
      throw new BitLockerFormatException("VMK entry " + entry.guid() + " holds no encrypted VMK (AES-CCM datum)");
    }
    byte[] vmkDatum = AesCcm.open(key, entry.sealed());
    if (vmkDatum == null) {
      throw new BitLockerKeyException(what + " does not unlock VMK entry " + entry.guid() + " of volume "
          + m.volumeGuid() + ": AES-CCM tag mismatch (wrong key)");
    }
    byte[] vmk = null;
    byte[] hash = null;
    byte[] fvekDatum = null;
    byte[] fvek = null;
    try {
      vmk = FveCodec.keyOf(vmkDatum, "VMK entry " + entry.guid(), 32);
      hash = AesCcm.open(vmk, m.validation());
      if (hash == null) {
        throw new BitLockerFormatException("FVE metadata validation: AES-CCM tag does not verify under the VMK");
      }
      FveCodec.checkValidationHash(hash, m.blockSha256());
      fvekDatum = AesCcm.open(vmk, m.fvek());
      if (fvekDatum == null) {
        throw new BitLockerFormatException("FVEK entry: AES-CCM tag does not verify under the VMK");
      }
      fvek = FveCodec.keyOf(fvekDatum, "FVEK for " + m.method(), m.method().keyBytes());
      int fvekMethod = Le.u16(fvekDatum, 8);
      if (fvekMethod != m.method().code()) {
        throw new BitLockerFormatException(String.format("FVEK method is 0x%04x: the volume's 0x%04x expected",
            fvekMethod, m.method().code()));
      }
      return new BitLockerVolume(device, m, SecretKeyMaterial.copyOf(fvek));
    } finally {
      wipe(vmkDatum, vmk, hash, fvekDatum, fvek);
    }
  }

  private static byte[] random(int n) {
    byte[] out = new byte[n];
    Randomness.source().nextBytes(out);
    return out;
  }

  private static void wipe(byte[]... arrays) {
    for (byte[] a : arrays) {
      if (a != null) {
        Arrays.fill(a, (byte) 0);
      }
    }
  }
}
