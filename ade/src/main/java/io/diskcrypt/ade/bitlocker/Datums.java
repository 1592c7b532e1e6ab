package io.diskcrypt.ade.bitlocker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * FVE metadata entries ("datums"): an 8-byte header (u16 size including the header, u16 entry type,
 * u16 value type, u16 version) followed by a value whose layout depends on the value type; some values
 * end with nested datums.
 */
final class Datums {
  static final int HEADER = 8;

  // Entry types (the role of a datum in the metadata).
  static final int ENTRY_PROPERTY = 0x0000;
  static final int ENTRY_VMK = 0x0002;
  static final int ENTRY_FVEK = 0x0003;
  static final int ENTRY_STARTUP_KEY = 0x0006;
  static final int ENTRY_DESCRIPTION = 0x0007;
  static final int ENTRY_VOLUME_HEADER = 0x000f;

  // Value types (the layout of a datum's value).
  static final int VALUE_KEY = 0x0001;
  static final int VALUE_STRING = 0x0002;
  static final int VALUE_STRETCH_KEY = 0x0003;
  static final int VALUE_AES_CCM = 0x0005;
  static final int VALUE_VMK = 0x0008;
  static final int VALUE_EXTERNAL_KEY = 0x0009;
  static final int VALUE_OFFSET_AND_SIZE = 0x000f;

  // Key "encryption method" codes found in key datums.
  static final int KEY_METHOD_STRETCH = 0x1000;
  static final int KEY_METHOD_VMK = 0x2000;
  static final int KEY_METHOD_EXTERNAL = 0x2002;
  static final int KEY_METHOD_VALIDATION_HASH = 0x2005;

  private Datums() {}

  /** One datum found in a buffer: its header fields and where its value lies. */
  record Datum(int offset, int size, int entryType, int valueType, int version) {
    int valueOffset() {
      return offset + HEADER;
    }

    int valueLength() {
      return size - HEADER;
    }

    int end() {
      return offset + size;
    }
  }

  /**
   * The datums laid end to end in {@code [start, end)} of {@code buffer}; a size of zero ends the list
   * early (the rest is padding).
   *
   * @param where the structure being read, for messages ("FVE metadata", "VMK entry at byte 200")
   * @throws BitLockerFormatException naming the datum whose size is below the header or overruns the area
   */
  static List<Datum> list(byte[] buffer, int start, int end, String where) throws BitLockerFormatException {
    List<Datum> out = new ArrayList<>();
    int pos = start;
    while (end - pos >= HEADER) {
      int size = Le.u16(buffer, pos);
      if (size == 0) {
        break;
      }
      if (size < HEADER) {
        throw new BitLockerFormatException(where + ": datum size " + size + " at byte " + pos
            + " is below the " + HEADER + "-byte datum header");
      }
      if (size > end - pos) {
        throw new BitLockerFormatException(where + ": datum size " + size + " at byte " + pos
            + " overruns the " + (end - pos) + " bytes left");
      }
      out.add(new Datum(pos, size, Le.u16(buffer, pos + 2), Le.u16(buffer, pos + 4), Le.u16(buffer, pos + 6)));
      pos += size;
    }
    return out;
  }

  /**
   * A datum with version 1 whose value is the concatenation of {@code parts}. Parts are copied straight
   * into the result (no intermediate buffers), so a caller that wipes its parts and the result leaves no
   * copy of a key behind.
   */
  static byte[] datum(int entryType, int valueType, byte[]... parts) {
    int size = HEADER;
    for (byte[] part : parts) {
      size += part.length;
    }
    if (size > 0xffff) {
      throw new IllegalArgumentException("datum of " + size + " bytes does not fit its 16-bit size field");
    }
    byte[] out = new byte[size];
    Le.put16(out, 0, size);
    Le.put16(out, 2, entryType);
    Le.put16(out, 4, valueType);
    Le.put16(out, 6, 1);
    int pos = HEADER;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, pos, part.length);
      pos += part.length;
    }
    return out;
  }

  /** A key datum's value: u16 method, u16 zero, the key. */
  static byte[] keyValue(int method, byte[] key) {
    byte[] out = new byte[4 + key.length];
    Le.put16(out, 0, method);
    System.arraycopy(key, 0, out, 4, key.length);
    return out;
  }

  /** A UTF-16LE string value with its terminating NUL. */
  static byte[] stringValue(String text) {
    byte[] chars = text.getBytes(StandardCharsets.UTF_16LE);
    return java.util.Arrays.copyOf(chars, chars.length + 2);
  }

  /** Reads a UTF-16LE string value, dropping a terminating NUL. */
  static String string(byte[] buffer, Datum d) {
    int len = d.valueLength() & ~1;
    String text = new String(buffer, d.valueOffset(), len, StandardCharsets.UTF_16LE);
    int nul = text.indexOf('\0');
    return nul >= 0 ? text.substring(0, nul) : text;
  }
}
