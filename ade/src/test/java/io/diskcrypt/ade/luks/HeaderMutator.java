package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.DeviceBytes;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.media.SparseMedia;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns arbitrary bytes into a mutated LUKS2 (or LUKS1) header and runs the parser on it: the fuzz
 * target shared by {@link LuksHeaderFuzzTest}'s Jazzer and seeded variants.
 *
 * <p>Input layout: byte 0 = flags (bit 0/1: recompute the checksum of copy 1/2 after mutating, so that
 * mutations reach the JSON validation; bit 2: the rest is JSON text for both copies; bit 3: start
 * from a LUKS1 header), then (u16 position, byte value) pairs applied to the first 32 KiB.
 */
final class HeaderMutator {
  private static final byte[] LUKS2 = base(false);
  private static final byte[] LUKS1 = base(true);

  private HeaderMutator() {}

  private static byte[] base(boolean luks1) {
    SparseMedia disk = new SparseMedia("base", 17L << 20, SectorSize.S512);
    LuksFormatOptions fast = LuksFormatOptions.fastForTests();
    Luks.format(disk, "fuzz".getBytes(StandardCharsets.US_ASCII), luks1 ? fast.toBuilder().luks1().build() : fast).close();
    return DeviceBytes.read(disk, 0, 32 * 1024);
  }

  /**
   * Parses the mutated header; returns normally or throws {@link MalformedHeaderException}, the only
   * documented exception of the parser.
   */
  static void parse(byte[] input) throws MalformedHeaderException {
    int flags = input.length > 0 ? input[0] : 0;
    byte[] header = ((flags & 8) != 0 ? LUKS1 : LUKS2).clone();
    if ((flags & 4) != 0) {
      for (long offset : HeaderSurgery.BOTH) {
        int o = (int) offset + Luks2Header.BINARY_SIZE;
        Arrays.fill(header, o, o + 12 * 1024, (byte) 0);
        System.arraycopy(input, 1, header, o, Math.min(input.length - 1, 12 * 1024));
      }
      flags |= 3;
    } else {
      for (int i = 1; i + 2 < input.length; i += 3) {
        int pos = ((input[i] & 0xff) << 8 | (input[i + 1] & 0xff)) % header.length;
        header[pos] = input[i + 2];
      }
    }
    for (int copy = 0; copy < 2; copy++) {
      if ((flags & (1 << copy)) != 0) {
        fixChecksum(header, copy * 16 * 1024);
      }
    }
    SparseMedia disk = new SparseMedia("fuzz", 17L << 20, SectorSize.S512);
    disk.write(0, header);
    ParsedHeader parsed = ParsedHeader.read(disk);
    parsed.checkAttached();
    parsed.dataBytes(disk);
  }

  /** Fixes the checksum of a copy whose hdr_size is still 16 KiB; one with a mutated size stays as it is. */
  private static void fixChecksum(byte[] header, int offset) {
    if (ByteBuffer.wrap(header).getLong(offset + 8) == Luks.LUKS2_HDR_SIZE) {
      HeaderSurgery.fix(header, offset);
    }
  }
}
