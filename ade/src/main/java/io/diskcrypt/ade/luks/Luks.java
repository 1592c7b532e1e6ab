package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Formats and opens LUKS1/LUKS2 volumes on {@link BlockDevice}s, byte-compatible with cryptsetup
 * (2.x): an image formatted here passes {@code cryptsetup luksDump} and {@code open --test-passphrase},
 * and images cryptsetup makes open here. The cipher is {@code aes-xts-plain64}.
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
  static final long LUKS2_METADATA_BYTES = 16L << 20;
  static final int STRIPES = 4000;

  private Luks() {}

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
    return openDetached(device, device, passphrase);
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
    Objects.requireNonNull(passphrase, "passphrase");
    ParsedHeader parsed = ParsedHeader.read(Objects.requireNonNull(header, "header"));
    if (parsed.inPlaceInProgress()) {
      throw new LuksException("in-place encryption of LUKS volume " + parsed.info(0).uuid()
          + " has not finished: resume it with Luks.encryptInPlace before opening");
    }
    if (!parsed.requirements.isEmpty()) {
      throw new MalformedHeaderException("config.requirements.mandatory", "unsupported requirements "
          + parsed.requirements);
    }
    return unlock(header, Objects.requireNonNull(data, "data"), parsed, passphrase);
  }

  /**
   * Reads the header without the passphrase, as {@code cryptsetup luksDump} does.
   *
   * @param data the data device (the same as {@code header} when attached), for the data area size
   * @throws MalformedHeaderException naming the field when the header is damaged or unsupported
   */
  public static LuksHeaderInfo inspect(BlockDevice header, BlockDevice data) throws MalformedHeaderException {
    ParsedHeader parsed = ParsedHeader.read(header);
    return parsed.info(parsed.dataBytes(data));
  }

  static LuksVolume unlock(BlockDevice header, BlockDevice data, ParsedHeader parsed, byte[] passphrase)
      throws LuksException {
    long dataBytes = parsed.dataBytes(data);
    if (parsed.keyslots.isEmpty()) {
      throw new WrongPassphraseException("LUKS volume " + parsed.info(dataBytes).uuid() + " has no active keyslot");
    }
    for (Layout.Keyslot slot : parsed.keyslots) {
      byte[] key = Keyslots.tryUnlock(header, slot, parsed.digest, passphrase);
      if (key != null) {
        try {
          return new LuksVolume(header, data, parsed, parsed.info(dataBytes), SecretKeyMaterial.copyOf(key));
        } finally {
          Arrays.fill(key, (byte) 0);
        }
      }
    }
    List<Integer> tried = parsed.keyslots.stream().map(Layout.Keyslot::id).toList();
    throw new WrongPassphraseException("no keyslot of LUKS volume " + parsed.info(dataBytes).uuid()
        + " opens with this passphrase (tried keyslots " + tried + ")");
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
    byte[] volumeKey = randomXtsKey(options.keyBits() / 8);
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

  /** A random XTS key whose halves differ (IEEE 1619). */
  static byte[] randomXtsKey(int bytes) {
    while (true) {
      byte[] key = Keyslots.random(bytes);
      if (!Arrays.equals(key, 0, bytes / 2, key, bytes / 2, bytes)) {
        return key;
      }
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
    Layout.Keyslot slot = new Layout.Keyslot(0, keyBytes, STRIPES, "sha256", 2 * LUKS2_HDR_SIZE, areaSize, keyBytes,
        options.kdf(), Keyslots.random(32));
    Keyslots.store(header, slot, passphrase, volumeKey);
    Layout.Digest digest = new Layout.Digest("sha256", options.digestIterations(), Keyslots.random(32), new byte[32],
        List.of(0));
    digest = new Layout.Digest(digest.hash(), digest.iterations(), digest.salt(), Keyslots.digestOf(volumeKey, digest),
        digest.keyslots());
    Layout.Segment segment = new Layout.Segment(dataOffset, -1, options.sectorSize(), keyBytes * 8);
    var json = Luks2Json.build(LUKS2_HDR_SIZE, LUKS2_METADATA_BYTES - 2 * LUKS2_HDR_SIZE, slot, digest, segment);
    String uuid = options.uuid().orElseGet(UUID::randomUUID).toString();
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
    Luks1Header h = new Luks1Header(hash, attached ? payload : 0, keyBytes, mkDigest, digestSalt,
        options.digestIterations(), options.uuid().orElseGet(UUID::randomUUID).toString());
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
