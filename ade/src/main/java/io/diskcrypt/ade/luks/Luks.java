package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.crypto.Randomness;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.XtsKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Formats and opens LUKS1/LUKS2 volumes on {@link BlockDevice}s, byte-compatible with cryptsetup
 * (2.x): an image formatted here passes {@code cryptsetup luksDump} and {@code open --test-passphrase},
 * and images cryptsetup makes open here. It writes {@code aes-xts-plain64}; it reads also {@code
 * aes-cbc-essiv:sha256} and {@code aes-cbc-plain64}, and volumes in the middle of cryptsetup's online
 * encryption. Headers are validated by cryptsetup's rules before anything is used, and key derivation
 * is bounded by {@link LuksKdfLimits}.
 *
 * <p>Key chain: passphrase -> keyslot KDF (PBKDF2 or Argon2id, per keyslot salt) -> key of the keyslot
 * area -> AF-merge of 4000 stripes -> volume key, checked against the PBKDF2 digest -> dm-crypt sectors.
 *
 * <p>Layouts as cryptsetup's defaults: LUKS2 with two 16 KiB header copies, keyslots area up to 16 MiB
 * and the data segment at 16 MiB; LUKS1 with the payload at 2 MiB. With a detached header (ADE's OS
 * disk, {@code /boot/luks/osluksheader}) the header device holds header and keyslots and the data
 * starts at byte 0 of the data device.
 */
public final class Luks {
  /** LUKS2 binary header + JSON area size of each copy (cryptsetup's default). */
  static final long LUKS2_HDR_SIZE = 16 * 1024;
  /** LUKS2 metadata + keyslots area, and the data offset of an attached header. */
  public static final long LUKS2_METADATA_BYTES = 16L << 20;
  static final int STRIPES = 4000;

  private Luks() {}

  /**
   * Where {@link #format} puts the data with {@code options}: {@link #LUKS2_METADATA_BYTES} for LUKS2,
   * LUKS1's payload offset (2 MiB for either key size) for LUKS1.
   */
  public static long attachedDataOffset(LuksFormatOptions options) {
    return options.version() == LuksVersion.LUKS2 ? LUKS2_METADATA_BYTES
        : Luks1Header.defaultPayloadSectors(options.keyBits() / 8) * 512;
  }

  /**
   * Formats {@code device} with an attached header and returns the opened volume.
   *
   * @throws IllegalArgumentException naming the value when the device is too small or its sector size
   *     exceeds the LUKS sector size
   */
  public static LuksVolume format(BlockDevice device, byte[] passphrase, LuksFormatOptions options) {
    return format(device, device, true, passphrase, options);
  }

  /**
   * Formats a detached header on {@code header} for data starting at byte 0 of {@code data}, and
   * returns the opened volume. The header device needs 16 MiB (LUKS2) or 2 MiB (LUKS1).
   *
   * @throws IllegalArgumentException naming the value when a device is too small
   */
  public static LuksVolume formatDetached(BlockDevice header, BlockDevice data, byte[] passphrase,
      LuksFormatOptions options) {
    if (header == data) {
      throw new IllegalArgumentException("a detached header needs its own device: use format() for an attached one");
    }
    return format(header, data, false, passphrase, options);
  }

  /**
   * Opens a volume with an attached header.
   *
   * @throws WrongPassphraseException when no keyslot opens with the passphrase
   * @throws MalformedHeaderException naming the field when the header is damaged or unsupported
   * @throws LuksException when an in-place encryption of the volume has not finished
   */
  public static LuksVolume open(BlockDevice device, byte[] passphrase) throws LuksException {
    return openDetached(device, device, passphrase, LuksKdfLimits.defaults());
  }

  /**
   * Opens a volume with an attached header, deriving keys only within {@code limits}.
   *
   * @throws WrongPassphraseException when no keyslot opens with the passphrase
   * @throws MalformedHeaderException naming the field when the header is damaged or unsupported
   * @throws LuksException when a keyslot or digest asks for more than {@code limits} allow, or an
   *     in-place encryption of the volume has not finished
   */
  public static LuksVolume open(BlockDevice device, byte[] passphrase, LuksKdfLimits limits) throws LuksException {
    return openDetached(device, device, passphrase, limits);
  }

  /**
   * Opens a volume whose header is on {@code header} and data on {@code data} (the same device for
   * an attached header).
   *
   * @throws WrongPassphraseException when no keyslot opens with the passphrase
   * @throws MalformedHeaderException naming the field when the header is damaged or unsupported
   * @throws LuksException when an in-place encryption of the volume has not finished
   */
  public static LuksVolume openDetached(BlockDevice header, BlockDevice data, byte[] passphrase) throws LuksException {
    return openDetached(header, data, passphrase, LuksKdfLimits.defaults());
  }

  /**
   * Opens a volume whose header is on {@code header} and data on {@code data}, deriving keys only
   * within {@code limits}. A volume in the middle of cryptsetup's online encryption opens read-only:
   * its data device reads the encrypted part decrypted and the rest as the plaintext it still is.
   *
   * @throws WrongPassphraseException when no keyslot opens with the passphrase
   * @throws MalformedHeaderException naming the field when the header is damaged, or uses a cipher,
   *     segment or requirement this implementation cannot read
   * @throws LuksException when a keyslot or digest asks for more than {@code limits} allow, or an
   *     in-place encryption of the volume has not finished
   */
  public static LuksVolume openDetached(BlockDevice header, BlockDevice data, byte[] passphrase,
      LuksKdfLimits limits) throws LuksException {
    Objects.requireNonNull(passphrase, "passphrase");
    Objects.requireNonNull(limits, "limits");
    ParsedHeader parsed = ParsedHeader.read(Objects.requireNonNull(header, "header"));
    if (header == data) {
      parsed.checkAttached();
    }
    if (parsed.inPlaceInProgress()) {
      throw new LuksException("in-place encryption of LUKS volume " + parsed.info(0).uuid()
          + " has not finished: resume it with Luks.encryptInPlace before opening");
    }
    String unreadable = parsed.unreadable();
    if (unreadable != null) {
      int colon = unreadable.indexOf(": ");
      throw new MalformedHeaderException(unreadable.substring(0, colon), unreadable.substring(colon + 2));
    }
    return unlock(header, Objects.requireNonNull(data, "data"), parsed, passphrase, limits);
  }

  /**
   * Reads the header without the passphrase, as {@code cryptsetup luksDump} does: every well-formed
   * header is listed, also one that {@link #open} refuses (several segments, an unknown kdf or
   * cipher, segments that do not fit the device: then {@link LuksHeaderInfo#dataBytes()} is 0).
   *
   * @param data the data device (the same as {@code header} when attached), for the data area size
   * @throws MalformedHeaderException naming the field when the header is damaged
   */
  public static LuksHeaderInfo inspect(BlockDevice header, BlockDevice data) throws MalformedHeaderException {
    ParsedHeader parsed = ParsedHeader.read(header);
    return parsed.info(parsed.dataBytesOrZero(data));
  }

  /**
   * Encrypts, in place and keeping every byte, a data device that holds plaintext, behind a new
   * detached LUKS2 header on {@code header}; or resumes such an encryption that a crash interrupted
   * (call it again with the same devices, passphrase and options). Returns the opened volume once the
   * whole data area is encrypted: its decrypted data device then reads exactly the plaintext the
   * device held before. A simplified form of {@code cryptsetup reencrypt --encrypt --header}:
   *
   * <ul>
   *   <li><b>What is kept on disk.</b> In the LUKS2 header (both copies, seqid incremented per update):
   *       the keyslot and digest from the start; the mandatory requirement {@code
   *       diskcrypt-inplace-encrypt}, which makes cryptsetup and {@link #open} refuse the half-done
   *       volume; and token 0 of type {@code diskcrypt-inplace-encrypt} with {@code encrypted} (bytes
   *       below are ciphertext, bytes from there on plaintext), {@code hotzone} (bytes per step, 1 MiB)
   *       and {@code journal_offset}. At the end of the keyslots area: a checksum journal of the hotzone
   *       being written, SHA-256 of each device sector's plaintext (cryptsetup's "checksum"
   *       resilience; no plaintext is copied to the header device).
   *   <li><b>Order of writes</b>, each step flushed before the next: journal, hotzone ciphertext,
   *       header with the advanced {@code encrypted}. The first header is written second copy first.
   *   <li><b>How it resumes.</b> A blank first header copy means nothing was touched: start afresh. Else
   *       the newest valid header copy gives {@code encrypted}; if the journal is valid and describes
   *       the hotzone at {@code encrypted}, each device sector there is plaintext if it hashes to the
   *       journal, ciphertext if its decryption does (a torn write leaves a mix; XTS blocks decrypt
   *       independently), else the run stops with a {@link LuksException} rather than guess. Then the
   *       loop goes on. At the end the journal is wiped and the header rewritten as a plain LUKS2 volume
   *       that cryptsetup opens. Called on a volume that is already finished (a crash hit the last
   *       header write), it opens it, brings the second header copy up to date, and encrypts nothing.
   *   <li><b>Limits.</b> LUKS2 with a detached header only (data offset 0, as ADE's OS disk); a tail of
   *       the device smaller than one LUKS sector stays plaintext outside the segment; a device that
   *       reorders writes across a flush is not modelled.
   * </ul>
   *
   * @param payer the account charged for the encryption (the guest's vCPUs under ADE)
   * @param crash where to simulate a crash; {@link CrashInjector#none()} in normal use
   * @throws SimulatedCrashException when {@code crash} cut the power; call again to resume
   * @throws WrongPassphraseException when resuming with a passphrase no keyslot accepts
   * @throws LuksException when the header device holds a LUKS1 or attached-header volume, or the data
   *     changed outside the encryption so that resuming could lose data
   * @throws IllegalArgumentException for LUKS1 options, an attached header, or devices too small
   */
  public static LuksVolume encryptInPlace(BlockDevice header, BlockDevice data, byte[] passphrase,
      LuksFormatOptions options, CpuAccount payer, CrashInjector crash) throws LuksException {
    return encryptInPlace(header, data, passphrase, options, payer, crash, InPlaceEncryption.DEFAULT_HOTZONE);
  }

  static LuksVolume encryptInPlace(BlockDevice header, BlockDevice data, byte[] passphrase,
      LuksFormatOptions options, CpuAccount payer, CrashInjector crash, int hotzone) throws LuksException {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(passphrase, "passphrase");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(payer, "payer");
    Objects.requireNonNull(crash, "crash");
    if (options.version() != LuksVersion.LUKS2) {
      throw new IllegalArgumentException("in-place encryption writes LUKS2 only, not " + options.version());
    }
    if (header == data) {
      throw new IllegalArgumentException("in-place encryption needs a detached header on its own device");
    }
    if (hotzone <= 0 || hotzone % options.sectorSize().bytes() != 0 || hotzone > (4 << 20)) {
      throw new IllegalArgumentException("hotzone " + hotzone + " must be a multiple of the sector size up to 4 MiB");
    }
    if (data.sectorSize().bytes() > options.sectorSize().bytes()) {
      throw new IllegalArgumentException("device sector size " + data.sectorSize().bytes()
          + " exceeds the LUKS sector size " + options.sectorSize().bytes());
    }
    java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
    BlockDevice h = new CrashingDevice(header, crash, writes, "header");
    BlockDevice d = new CrashingDevice(data, crash, writes, "data");
    byte[] key = new InPlaceEncryption(h, d, payer, hotzone).run(passphrase, options);
    try {
      ParsedHeader parsed = ParsedHeader.read(header);
      return new LuksVolume(header, data, parsed, parsed.info(parsed.dataBytes(data)), SecretKeyMaterial.copyOf(key));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static String describe(SortedMap<Integer, String> reasons) {
    StringBuilder b = new StringBuilder();
    reasons.forEach((id, why) -> b.append(b.length() == 0 ? "" : "; ").append("keyslot ").append(id).append(": ").append(why));
    return b.toString();
  }

  static LuksVolume unlock(BlockDevice header, BlockDevice data, ParsedHeader parsed, byte[] passphrase,
      LuksKdfLimits limits) throws LuksException {
    long dataBytes = parsed.dataBytes(data);
    String uuid = parsed.info(dataBytes).uuid();
    String digestRefusal = limits.digestRefusal(parsed.digest.iterations());
    if (digestRefusal != null) {
      throw new LuksException("LUKS volume " + uuid + " refused: its volume-key " + digestRefusal);
    }
    List<Layout.Keyslot> tried = new ArrayList<>();
    SortedMap<Integer, String> skipped = new TreeMap<>(parsed.unusable);
    for (Layout.Keyslot k : parsed.keyslots) {
      String refusal = limits.refusal(k.kdf());
      if (refusal == null) {
        tried.add(k);
      } else {
        skipped.put(k.id(), refusal);
      }
    }
    if (tried.isEmpty()) {
      if (skipped.isEmpty()) {
        throw new WrongPassphraseException("LUKS volume " + uuid + " has no active keyslot");
      }
      throw new LuksException("no keyslot of LUKS volume " + uuid + " can be tried: " + describe(skipped));
    }
    byte[] key = Keyslots.tryUnlockAny(header, tried, parsed.digest, passphrase);
    if (key == null) {
      throw new WrongPassphraseException("no keyslot of LUKS volume " + uuid + " opens with this passphrase (tried keyslots "
          + tried.stream().map(Layout.Keyslot::id).toList() + (skipped.isEmpty() ? "" : "; not tried: " + describe(skipped))
          + ")");
    }
    try {
      return new LuksVolume(header, data, parsed, parsed.info(dataBytes), SecretKeyMaterial.copyOf(key));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static LuksVolume format(BlockDevice header, BlockDevice data, boolean attached, byte[] passphrase,
      LuksFormatOptions options) {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(passphrase, "passphrase");
    Objects.requireNonNull(options, "options");
    if (passphrase.length == 0) {
      throw new IllegalArgumentException("passphrase must not be empty");
    }
    if (data.sectorSize().bytes() > options.sectorSize().bytes()) {
      throw new IllegalArgumentException("device sector size " + data.sectorSize().bytes()
          + " exceeds the LUKS sector size " + options.sectorSize().bytes() + ": choose sectorSize 4096");
    }
    ParsedHeader parsed;
    byte[] volumeKey = freshVolumeKey(options);
    try {
      if (options.version() == LuksVersion.LUKS2) {
        writeLuks2(header, data, attached, passphrase, options, volumeKey);
      } else {
        writeLuks1(header, data, attached, passphrase, options, volumeKey);
      }
      parsed = ParsedHeader.read(header);
      return new LuksVolume(header, data, parsed, parsed.info(parsed.dataBytes(data)), SecretKeyMaterial.copyOf(volumeKey));
    } catch (MalformedHeaderException e) {
      throw new IllegalStateException("the header just written does not read back: " + e.getMessage(), e);
    } finally {
      Arrays.fill(volumeKey, (byte) 0);
    }
  }

  /** A new random volume key for {@code options}, as the bytes the header code works on; the caller wipes them. */
  static byte[] freshVolumeKey(LuksFormatOptions options) {
    try (SecretKeyMaterial key = XtsKeys.random(options.keyBits() / 8)) {
      return key.copyBytes();
    }
  }

  static void writeLuks2(BlockDevice header, BlockDevice data, boolean attached, byte[] passphrase,
      LuksFormatOptions options, byte[] volumeKey) {
    Luks2Header h = luks2Header(header, data, attached, passphrase, options, volumeKey);
    h.write(header);
  }

  /** Stores keyslot 0 and returns the (unwritten) LUKS2 header for {@code volumeKey}. */
  static Luks2Header luks2Header(BlockDevice header, BlockDevice data, boolean attached, byte[] passphrase,
      LuksFormatOptions options, byte[] volumeKey) {
    int ss = options.sectorSize().bytes();
    long dataOffset = attached ? LUKS2_METADATA_BYTES : 0;
    requireSize("header device", header, LUKS2_METADATA_BYTES + (attached ? ss : 0));
    requireSize("data device", data, dataOffset + ss);
    int keyBytes = volumeKey.length;
    long areaSize = ((long) keyBytes * STRIPES + 4095) / 4096 * 4096;
    Layout.Keyslot slot = new Layout.Keyslot(0, keyBytes, STRIPES, "sha256", 2 * LUKS2_HDR_SIZE, areaSize,
        LuksCipher.AES_XTS_PLAIN64.spec(), keyBytes, options.kdf(), Keyslots.random(32));
    Keyslots.store(header, slot, passphrase, volumeKey);
    byte[] digestSalt = Keyslots.random(32);
    Layout.Digest digest = new Layout.Digest("sha256", options.digestIterations(), digestSalt,
        Hashes.pbkdf2("sha256", volumeKey, digestSalt, options.digestIterations(), 32), List.of(0), List.of(0));
    Layout.Segment segment = Layout.Segment.crypt(dataOffset, LuksCipher.AES_XTS_PLAIN64.spec(), options.sectorSize());
    var json = Luks2Json.build(LUKS2_HDR_SIZE, LUKS2_METADATA_BYTES - 2 * LUKS2_HDR_SIZE, slot, digest, segment);
    String uuid = options.uuid().orElseGet(Randomness::uuid).toString();
    return new Luks2Header(LUKS2_HDR_SIZE, 1, options.label(), "", uuid, json);
  }

  private static void writeLuks1(BlockDevice header, BlockDevice data, boolean attached, byte[] passphrase,
      LuksFormatOptions options, byte[] volumeKey) {
    int keyBytes = volumeKey.length;
    long payload = Luks1Header.defaultPayloadSectors(keyBytes);
    requireSize("header device", header, payload * 512 + (attached ? 512 : 0));
    if (!attached) {
      requireSize("data device", data, 512);
    }
    String hash = options.kdf().hash();
    byte[] digestSalt = Keyslots.random(32);
    byte[] mkDigest = Hashes.pbkdf2(hash, volumeKey, digestSalt, options.digestIterations(), Luks1Header.DIGEST_SIZE);
    Luks1Header h = new Luks1Header(LuksCipher.AES_XTS_PLAIN64, hash, attached ? payload : 0, keyBytes, mkDigest, digestSalt,
        options.digestIterations(), options.uuid().orElseGet(Randomness::uuid).toString());
    long slotSectors = Luks1Header.slotSectors(keyBytes);
    for (int i = 0; i < Luks1Header.SLOTS; i++) {
      h.active[i] = Luks1Header.INACTIVE;
      h.materialOffsetSectors[i] = 8 + i * slotSectors;
      h.stripes[i] = STRIPES;
    }
    h.active[0] = Luks1Header.ACTIVE;
    h.iterations[0] = options.kdf().iterations();
    h.salts[0] = Keyslots.random(32);
    Layout.Keyslot slot = h.keyslots().get(0);
    Keyslots.store(header, slot, passphrase, volumeKey);
    h.write(header);
  }

  private static void requireSize(String what, BlockDevice device, long bytes) {
    if (device.sizeBytes() < bytes) {
      throw new IllegalArgumentException(what + " of " + device.sizeBytes() + " bytes is too small: at least "
          + bytes + " bytes needed");
    }
  }
}
