package io.diskcrypt.ade.luks;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceBytes;
import io.diskcrypt.core.block.SectorSize;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The 592-byte LUKS1 header (luks.h): magic, version 1, cipher name and mode, hash spec, payload
 * offset (sectors), key bytes (the cipher is {@code aes} with mode xts-plain64, or for reading
 * cbc-essiv:sha256 or cbc-plain64), the 20-byte master-key digest with its salt and iterations, the UUID,
 * and 8 keyslots of 48 bytes. Big-endian. Key material of keyslot i starts at sector {@code 8 + i *
 * align(splitSectors, 8)}; the payload at the next 1 MiB boundary (2 MiB for 256- and 512-bit keys).
 */
final class Luks1Header {
  static final int SIZE = 592;
  static final int ACTIVE = 0x00AC71F3;
  static final int INACTIVE = 0x0000DEAD;
  static final int DIGEST_SIZE = 20;
  static final int SLOTS = 8;

  final LuksCipher cipher;
  final String hashSpec;
  final long payloadOffsetSectors;
  final int keyBytes;
  final byte[] mkDigest;
  final byte[] mkDigestSalt;
  final int mkDigestIterations;
  final String uuid;
  final int[] active = new int[SLOTS];
  final int[] iterations = new int[SLOTS];
  final byte[][] salts = new byte[SLOTS][];
  final long[] materialOffsetSectors = new long[SLOTS];
  final int[] stripes = new int[SLOTS];

  Luks1Header(LuksCipher cipher, String hashSpec, long payloadOffsetSectors, int keyBytes, byte[] mkDigest,
      byte[] mkDigestSalt, int mkDigestIterations, String uuid) {
    this.cipher = cipher;
    this.hashSpec = hashSpec;
    this.payloadOffsetSectors = payloadOffsetSectors;
    this.keyBytes = keyBytes;
    this.mkDigest = mkDigest;
    this.mkDigestSalt = mkDigestSalt;
    this.mkDigestIterations = mkDigestIterations;
    this.uuid = uuid;
  }

  /** Sectors of one keyslot's key material, aligned to 4 KiB as cryptsetup does. */
  static long slotSectors(int keyBytes) {
    return (splitSectors(keyBytes) + 7) / 8 * 8;
  }

  /** Sectors the split key of {@code keyBytes} occupies ({@link Luks#STRIPES} stripes), unaligned. */
  private static long splitSectors(int keyBytes) {
    return ((long) keyBytes * Luks.STRIPES + 511) / 512;
  }

  /** The default payload offset of an attached header, in sectors: past 8 slots, 1 MiB aligned. */
  static long defaultPayloadSectors(int keyBytes) {
    long end = 8 + SLOTS * slotSectors(keyBytes);
    return (end + 2047) / 2048 * 2048;
  }

  /** Reads and checks the header at byte 0. */
  static Luks1Header read(BlockDevice device) throws MalformedHeaderException {
    if (device.sizeBytes() < 4096) {
      throw new MalformedHeaderException("magic", "device too small for a LUKS1 header");
    }
    ByteBuffer b = ByteBuffer.wrap(DeviceBytes.read(device, 0, SIZE));
    byte[] magic = new byte[6];
    b.get(0, magic);
    if (!Arrays.equals(magic, Luks2Header.MAGIC_1)) {
      throw new MalformedHeaderException("magic", "not a LUKS header");
    }
    int version = Short.toUnsignedInt(b.getShort(6));
    if (version != 1) {
      throw new MalformedHeaderException("version", "version " + version + ": expected 1");
    }
    String cipher = CString.read(b, 8, 32, US_ASCII);
    if (!cipher.equals("aes")) {
      throw new MalformedHeaderException("cipherName", "cipher '" + cipher + "': only aes is supported");
    }
    String mode = CString.read(b, 40, 32, US_ASCII);
    LuksCipher luksCipher = LuksCipher.of("aes-" + mode);
    if (luksCipher == null) {
      throw new MalformedHeaderException("cipherMode", "mode '" + mode + "': supported are xts-plain64,"
          + " cbc-essiv:sha256 and cbc-plain64");
    }
    String hash = CString.read(b, 72, 32, US_ASCII);
    try {
      Hashes.check(hash);
    } catch (IllegalArgumentException e) {
      throw new MalformedHeaderException("hashSpec", e.getMessage());
    }
    long payload = Integer.toUnsignedLong(b.getInt(104));
    int keyBytes = b.getInt(108);
    if (luksCipher.keySizeRefusal(keyBytes) != null) {
      throw new MalformedHeaderException("keyBytes", "keyBytes " + keyBytes + ": " + luksCipher.keySizeRefusal(keyBytes));
    }
    byte[] digest = new byte[DIGEST_SIZE];
    b.get(112, digest);
    byte[] salt = new byte[32];
    b.get(132, salt);
    int mkIter = b.getInt(164);
    if (mkIter <= 0) {
      throw new MalformedHeaderException("mkDigestIterations", "iterations " + Integer.toUnsignedString(mkIter)
          + " must be positive");
    }
    String uuid = CString.read(b, 168, 40, US_ASCII);
    Luks1Header h = new Luks1Header(luksCipher, hash, payload, keyBytes, digest, salt, mkIter, uuid);
    for (int i = 0; i < SLOTS; i++) {
      int base = 208 + i * 48;
      String p = "keyblock[" + i + "]";
      h.active[i] = b.getInt(base);
      if (h.active[i] != ACTIVE && h.active[i] != INACTIVE) {
        throw new MalformedHeaderException(p + ".active", "state 0x" + Integer.toHexString(h.active[i])
            + ": expected 0x00ac71f3 (active) or 0x0000dead (inactive)");
      }
      h.iterations[i] = b.getInt(base + 4);
      h.salts[i] = new byte[32];
      b.get(base + 8, h.salts[i]);
      h.materialOffsetSectors[i] = Integer.toUnsignedLong(b.getInt(base + 40));
      h.stripes[i] = b.getInt(base + 44);
      if (h.active[i] == ACTIVE && h.iterations[i] < 1000) {
        throw new MalformedHeaderException(p + ".passwordIterations", "iterations "
            + Integer.toUnsignedString(h.iterations[i]) + " below the minimum 1000");
      }
    }
    h.checkKeyslotAreas(device.sizeBytes() / 512);
    if (payload != 0 && payload * 512 > device.sizeBytes()) {
      throw new MalformedHeaderException("payloadOffset", "payload offset sector " + payload
          + " lies past the end of the device");
    }
    return h;
  }

  /**
   * Checks every keyslot, active or not, as cryptsetup does (it refuses the header with "LUKS keyslot
   * N is invalid"): 4000 stripes; key material after the header, before the payload (attached) and
   * on the device; no two keyslots' material overlapping. A key added later goes where an inactive
   * keyslot points, so its area must be as sound as an active one's.
   */
  private void checkKeyslotAreas(long deviceSectors) throws MalformedHeaderException {
    long split = splitSectors(keyBytes);
    long end = payloadOffsetSectors != 0 ? payloadOffsetSectors : deviceSectors;
    Integer[] order = new Integer[SLOTS];
    for (int i = 0; i < SLOTS; i++) {
      String p = "keyblock[" + i + "]";
      order[i] = i;
      if (stripes[i] != Luks.STRIPES) {
        throw invalid(i, p + ".stripes", "stripes " + stripes[i] + ", LUKS requires " + Luks.STRIPES);
      }
      long offset = materialOffsetSectors[i];
      if (offset * 512 < SIZE) {
        throw invalid(i, p + ".keyMaterialOffset", "key material at sector " + offset + " overlaps the header");
      }
      if (offset + split > end) {
        throw invalid(i, p + ".keyMaterialOffset", "key material at sectors [" + offset + ", " + (offset + split)
            + ") runs past " + (payloadOffsetSectors != 0 ? "the payload at sector " : "the header device's end at sector ")
            + end);
      }
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> materialOffsetSectors[i]));
    for (int k = 1; k < SLOTS; k++) {
      int prev = order[k - 1];
      int next = order[k];
      if (materialOffsetSectors[next] < materialOffsetSectors[prev] + split) {
        throw invalid(prev, "keyblock[" + prev + "].keyMaterialOffset", "key material at sector "
            + materialOffsetSectors[prev] + " overlaps keyslot " + next + "'s at sector " + materialOffsetSectors[next]);
      }
    }
  }

  private static MalformedHeaderException invalid(int slot, String field, String why) {
    return new MalformedHeaderException(field, "LUKS keyslot " + slot + " is invalid: " + why);
  }

  /** The active keyslots in the version-neutral form. */
  List<Layout.Keyslot> keyslots() {
    List<Layout.Keyslot> out = new ArrayList<>();
    for (int i = 0; i < SLOTS; i++) {
      if (active[i] == ACTIVE) {
        LuksKdf kdf = new LuksKdf(LuksKdf.Type.PBKDF2, hashSpec, iterations[i], 0, 0);
        out.add(new Layout.Keyslot(i, keyBytes, stripes[i], hashSpec, materialOffsetSectors[i] * 512,
            splitSectors(keyBytes) * 512, cipher.spec(), keyBytes, kdf, salts[i]));
      }
    }
    return out;
  }

  /** The master-key digest. */
  Layout.Digest digest() {
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < SLOTS; i++) {
      slots.add(i);
    }
    return new Layout.Digest(hashSpec, mkDigestIterations, mkDigestSalt, mkDigest, slots, List.of(0));
  }

  /** The data segment: from the payload offset to the end of the device. */
  Layout.Segment segment() {
    return Layout.Segment.crypt(payloadOffsetSectors * 512, cipher.spec(), SectorSize.S512);
  }

  /** Writes the header (the 592 bytes, rest of the first 4 KiB zero) and flushes. */
  void write(BlockDevice device) {
    ByteBuffer b = ByteBuffer.allocate(4096);
    b.put(0, Luks2Header.MAGIC_1);
    b.putShort(6, (short) 1);
    CString.write(b, 8, 32, "aes", US_ASCII);
    CString.write(b, 40, 32, cipher.spec().substring("aes-".length()), US_ASCII);
    CString.write(b, 72, 32, hashSpec, US_ASCII);
    b.putInt(104, (int) payloadOffsetSectors);
    b.putInt(108, keyBytes);
    b.put(112, mkDigest);
    b.put(132, mkDigestSalt);
    b.putInt(164, mkDigestIterations);
    CString.write(b, 168, 40, uuid, US_ASCII);
    for (int i = 0; i < SLOTS; i++) {
      int base = 208 + i * 48;
      b.putInt(base, active[i]);
      b.putInt(base + 4, iterations[i]);
      b.put(base + 8, salts[i] == null ? new byte[32] : salts[i]);
      b.putInt(base + 40, (int) materialOffsetSectors[i]);
      b.putInt(base + 44, stripes[i]);
    }
    DeviceBytes.write(device, 0, b.array());
    device.flush();
  }
}
