package io.diskcrypt.ade.luks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceBytes;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/** Test helper: damages LUKS2 header copies in place, optionally fixing the checksum afterwards. */
final class HeaderSurgery {
  static final long[] BOTH = {0, Luks.LUKS2_HDR_SIZE};

  private HeaderSurgery() {}

  /** Changes the binary header of the copy at {@code offset}; recomputes csum when {@code fixChecksum}. */
  static void binary(BlockDevice device, long offset, Consumer<ByteBuffer> change, boolean fixChecksum) {
    byte[] copy = DeviceBytes.read(device, offset, (int) Luks.LUKS2_HDR_SIZE);
    ByteBuffer bin = ByteBuffer.wrap(copy, 0, Luks2Header.BINARY_SIZE).slice();
    change.accept(bin);
    if (fixChecksum) {
      fix(copy, 0);
    }
    DeviceBytes.write(device, offset, copy);
  }

  /** Replaces the JSON area of the copy at {@code offset} with {@code json} and fixes the checksum. */
  static void jsonText(BlockDevice device, long offset, byte[] json) {
    byte[] copy = DeviceBytes.read(device, offset, (int) Luks.LUKS2_HDR_SIZE);
    Arrays.fill(copy, Luks2Header.BINARY_SIZE, copy.length, (byte) 0);
    System.arraycopy(json, 0, copy, Luks2Header.BINARY_SIZE, Math.min(json.length, copy.length - Luks2Header.BINARY_SIZE));
    fix(copy, 0);
    DeviceBytes.write(device, offset, copy);
  }

  /** Edits the JSON tree of the copy at {@code offset} and fixes the checksum. */
  static void json(BlockDevice device, long offset, Consumer<ObjectNode> edit) throws Exception {
    Luks2Header h = Luks2Header.readCopy(device, offset, offset == 0 ? Luks2Header.MAGIC_1 : Luks2Header.MAGIC_2);
    edit.accept(h.json);
    jsonText(device, offset, Luks2Header.JSON.writeValueAsBytes(h.json));
  }

  /** Recomputes the csum of the 16 KiB header copy at {@code offset} of {@code bytes}. */
  static void fix(byte[] bytes, int offset) {
    int end = offset + (int) Luks.LUKS2_HDR_SIZE;
    byte[] bin = Arrays.copyOfRange(bytes, offset, offset + Luks2Header.BINARY_SIZE);
    byte[] area = Arrays.copyOfRange(bytes, offset + Luks2Header.BINARY_SIZE, end);
    byte[] sum = Luks2Header.checksum(bin, area);
    Arrays.fill(bytes, offset + 448, offset + 448 + 64, (byte) 0);
    System.arraycopy(sum, 0, bytes, offset + 448, sum.length);
  }
}
