package io.diskcrypt.ade.luks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceBytes;
import io.diskcrypt.core.crypto.Randomness;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The LUKS2 binary header pair and JSON area, as cryptsetup lays them out (luks2.h): each copy is a
 * 4096-byte binary header followed by the JSON area, the first at 0 and the second at {@code hdr_size};
 * big-endian integers; the checksum is SHA-256 over the binary header with {@code csum} zeroed,
 * followed by the whole JSON area.
 *
 * <p>A copy is valid when its binary fields, checksum and JSON metadata all check. Reading takes the valid copy with the higher {@code seqid}; when the first copy is damaged the
 * second is searched at every offset cryptsetup allows, as cryptsetup does. Writing writes both copies
 * (first, then second) with this header's {@code seqid}, each with its own random salt; an update
 * passes the incremented seqid to {@link #with}.
 */
final class Luks2Header {
  static final byte[] MAGIC_1 = {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe};
  static final byte[] MAGIC_2 = {'S', 'K', 'U', 'L', (byte) 0xba, (byte) 0xbe};
  static final int BINARY_SIZE = 4096;
  static final long[] HDR_SIZES = {0x4000, 0x8000, 0x10000, 0x20000, 0x40000, 0x80000, 0x100000, 0x200000, 0x400000};
  static final JsonMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  final long hdrSize;
  final long seqid;
  final String label;
  final String subsystem;
  final String uuid;
  final ObjectNode json;
  /** The validated metadata of {@link #json} when the header was read from a device, else null. */
  private final Luks2Json.Parsed parsed;

  Luks2Header(long hdrSize, long seqid, String label, String subsystem, String uuid, ObjectNode json) {
    this(hdrSize, seqid, label, subsystem, uuid, json, null);
  }

  private Luks2Header(long hdrSize, long seqid, String label, String subsystem, String uuid, ObjectNode json,
      Luks2Json.Parsed parsed) {
    this.hdrSize = hdrSize;
    this.seqid = seqid;
    this.label = label;
    this.subsystem = subsystem;
    this.uuid = uuid;
    this.json = json;
    this.parsed = parsed;
  }

  /**
   * The validated metadata: kept from reading, so the JSON is not validated twice, or validated now
   * for a header built in memory.
   *
   * @throws MalformedHeaderException naming the JSON field that is wrong
   */
  Luks2Json.Parsed parsed() throws MalformedHeaderException {
    return parsed != null ? parsed : Luks2Json.parse(json, hdrSize);
  }

  /** The same header with another JSON tree and seqid. */
  Luks2Header with(ObjectNode newJson, long newSeqid) {
    return new Luks2Header(hdrSize, newSeqid, label, subsystem, uuid, newJson);
  }

  /** True when the device starts with a LUKS2 (or any LUKS) magic. */
  static boolean hasMagic(byte[] first) {
    return first.length >= 6 && Arrays.equals(Arrays.copyOf(first, 6), MAGIC_1);
  }

  /**
   * Reads the newest valid copy.
   *
   * @throws MalformedHeaderException naming the first copy's bad field (and the second's) when neither is valid
   */
  static Luks2Header read(BlockDevice device) throws MalformedHeaderException {
    Luks2Header primary = null;
    MalformedHeaderException primaryError = null;
    try {
      primary = readCopy(device, 0, MAGIC_1);
    } catch (MalformedHeaderException e) {
      primaryError = e;
    }
    Luks2Header secondary = null;
    MalformedHeaderException secondaryError = null;
    long[] candidates = primary != null ? new long[] {primary.hdrSize} : HDR_SIZES;
    for (long offset : candidates) {
      try {
        secondary = readCopy(device, offset, MAGIC_2);
        break;
      } catch (MalformedHeaderException e) {
        if (secondaryError == null || !e.field().equals("magic")) {
          secondaryError = e;
        }
      }
    }
    if (primary != null && secondary != null) {
      return secondary.seqid > primary.seqid ? secondary : primary;
    }
    if (primary != null) {
      return primary;
    }
    if (secondary != null) {
      return secondary;
    }
    throw new MalformedHeaderException(primaryError.field(), stripField(primaryError)
        + "; the second header copy is not usable either (" + secondaryError.getMessage() + ")");
  }

  private static String stripField(MalformedHeaderException e) {
    return e.getMessage().substring(e.field().length() + 2);
  }

  /** Reads and checks one copy at {@code offset}. */
  static Luks2Header readCopy(BlockDevice device, long offset, byte[] magic) throws MalformedHeaderException {
    if (offset + BINARY_SIZE > device.sizeBytes()) {
      throw new MalformedHeaderException("magic", "device too small for a header copy at " + offset);
    }
    ByteBuffer bin = ByteBuffer.wrap(DeviceBytes.read(device, offset, BINARY_SIZE));
    byte[] m = new byte[6];
    bin.get(0, m);
    if (!Arrays.equals(m, magic)) {
      throw new MalformedHeaderException("magic", "not a LUKS2 header copy at byte " + offset);
    }
    int version = Short.toUnsignedInt(bin.getShort(6));
    if (version != 2) {
      throw new MalformedHeaderException("version", "version " + version + " at byte " + offset + ": expected 2");
    }
    long hdrSize = bin.getLong(8);
    if (Arrays.stream(HDR_SIZES).noneMatch(s -> s == hdrSize)) {
      throw new MalformedHeaderException("hdr_size", "hdr_size " + Long.toUnsignedString(hdrSize)
          + " not one of 16 KiB .. 4 MiB (powers of two)");
    }
    long hdrOffset = bin.getLong(256);
    if (hdrOffset != offset) {
      throw new MalformedHeaderException("hdr_offset", "hdr_offset " + Long.toUnsignedString(hdrOffset)
          + " but the copy lies at byte " + offset);
    }
    String checksumAlg = CString.read(bin, 72, 32, UTF_8);
    if (!checksumAlg.equals("sha256")) {
      throw new MalformedHeaderException("checksum_alg", "checksum_alg '" + checksumAlg + "': only sha256 is supported");
    }
    if (offset + hdrSize > device.sizeBytes()) {
      throw new MalformedHeaderException("hdr_size", "hdr_size " + hdrSize + " at byte " + offset
          + " runs past the end of the device (" + device.sizeBytes() + " bytes)");
    }
    byte[] area = DeviceBytes.read(device, offset + BINARY_SIZE, (int) (hdrSize - BINARY_SIZE));
    byte[] stored = new byte[32];
    bin.get(448, stored);
    if (!MessageDigest.isEqual(stored, checksum(bin.array(), area))) {
      throw new MalformedHeaderException("csum", "SHA-256 checksum mismatch in the header copy at byte " + offset);
    }
    ObjectNode json = parseJson(area);
    // a copy whose metadata does not validate is not usable, as in cryptsetup
    Luks2Json.Parsed parsed = Luks2Json.parse(json, hdrSize);
    return new Luks2Header(hdrSize, bin.getLong(16), CString.read(bin, 24, 48, UTF_8),
        CString.read(bin, 208, 48, UTF_8), CString.read(bin, 168, 40, UTF_8), json, parsed);
  }

  /** The JSON object of a JSON area, checked as cryptsetup checks the area (see the comment inside). */
  static ObjectNode parseJson(byte[] area) throws MalformedHeaderException {
    int end = 0;
    while (end < area.length && area[end] != 0) {
      end++;
    }
    if (end == area.length) {
      throw new MalformedHeaderException("json", "the JSON area is not terminated by a NUL byte");
    }
    // cryptsetup's rules: the text starts with '{' and ends with the object's '}', and every byte
    // after it up to the end of the area is zero
    if (area[0] != '{') {
      throw new MalformedHeaderException("json", "the JSON area starts with byte 0x"
          + Integer.toHexString(area[0] & 0xff) + ", not '{'");
    }
    if (area[end - 1] != '}') {
      throw new MalformedHeaderException("json", "bytes after the JSON object's closing '}' (before the NUL at "
          + end + ")");
    }
    for (int i = end; i < area.length; i++) {
      if (area[i] != 0) {
        throw new MalformedHeaderException("json", "non-zero byte 0x" + Integer.toHexString(area[i] & 0xff)
            + " at offset " + i + " of the JSON area, after the JSON text");
      }
    }
    try {
      JsonNode node = JSON.readTree(area, 0, end);
      if (node == null || !node.isObject()) {
        throw new MalformedHeaderException("json", "the JSON area does not hold a JSON object");
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      throw new MalformedHeaderException("json", "invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedHeaderException("json", "unreadable JSON: " + e.getMessage());
    }
  }

  /** Writes both copies with {@link #seqid}, first then second; flushes. */
  void write(BlockDevice device) {
    write(device, false);
  }

  /**
   * Writes the second copy, then the first: for a brand-new header, so that a blank first copy
   * proves the header was never completed.
   */
  void writeSecondaryFirst(BlockDevice device) {
    write(device, true);
  }

  private void write(BlockDevice device, boolean secondaryFirst) {
    byte[] jsonBytes;
    try {
      jsonBytes = JSON.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the LUKS2 JSON", e);
    }
    int areaSize = (int) (hdrSize - BINARY_SIZE);
    if (jsonBytes.length >= areaSize) {
      throw new IllegalArgumentException("LUKS2 JSON metadata of " + jsonBytes.length
          + " bytes does not fit the " + areaSize + "-byte JSON area");
    }
    byte[] area = Arrays.copyOf(jsonBytes, areaSize);
    if (secondaryFirst) {
      writeCopy(device, hdrSize, MAGIC_2, area);
      device.flush();
      writeCopy(device, 0, MAGIC_1, area);
    } else {
      writeCopy(device, 0, MAGIC_1, area);
      writeCopy(device, hdrSize, MAGIC_2, area);
    }
    device.flush();
  }

  private void writeCopy(BlockDevice device, long offset, byte[] magic, byte[] area) {
    ByteBuffer bin = ByteBuffer.allocate(BINARY_SIZE);
    bin.put(0, magic);
    bin.putShort(6, (short) 2);
    bin.putLong(8, hdrSize);
    bin.putLong(16, seqid);
    CString.write(bin, 24, 48, label, UTF_8);
    CString.write(bin, 72, 32, "sha256", UTF_8);
    byte[] salt = new byte[64];
    Randomness.source().nextBytes(salt);
    bin.put(104, salt);
    CString.write(bin, 168, 40, uuid, UTF_8);
    CString.write(bin, 208, 48, subsystem, UTF_8);
    bin.putLong(256, offset);
    bin.put(448, checksum(bin.array(), area));
    byte[] copy = new byte[(int) hdrSize];
    System.arraycopy(bin.array(), 0, copy, 0, BINARY_SIZE);
    System.arraycopy(area, 0, copy, BINARY_SIZE, area.length);
    DeviceBytes.write(device, offset, copy);
  }

  /** SHA-256 over the binary header with csum zeroed, then the JSON area. */
  static byte[] checksum(byte[] binary, byte[] area) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] zeroed = binary.clone();
      Arrays.fill(zeroed, 448, 448 + 64, (byte) 0);
      sha.update(zeroed);
      sha.update(area);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
