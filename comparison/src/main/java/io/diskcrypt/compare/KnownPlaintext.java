package io.diskcrypt.compare;

import io.diskcrypt.core.block.BlockDevice;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The workload of the audit: known plaintext written through the guest, a marker an observer can look
 * for on every surface. Each written sector repeats the marker, so any 32 bytes of plaintext that
 * reach a surface are found.
 */
final class KnownPlaintext {
  static final byte[] MARKER = "diskcrypt-sim:KNOWN-PLAINTEXT:42".getBytes(StandardCharsets.US_ASCII);
  /** Sectors written per disk: a few, spread over the first MiB and the end of the volume. */
  static final int SECTORS_PER_DISK = 16;

  private KnownPlaintext() {}

  static byte[] sector(int size) {
    byte[] sector = new byte[size];
    for (int i = 0; i + MARKER.length <= size; i += MARKER.length) {
      System.arraycopy(MARKER, 0, sector, i, MARKER.length);
    }
    return sector;
  }

  /** The sector numbers written on a volume of {@code sectorCount} sectors. */
  static long[] sectors(long sectorCount) {
    long[] numbers = new long[SECTORS_PER_DISK];
    for (int i = 0; i < SECTORS_PER_DISK - 2; i++) {
      numbers[i] = Math.min(sectorCount - 1, 8L * i);
    }
    numbers[SECTORS_PER_DISK - 2] = sectorCount / 2;
    numbers[SECTORS_PER_DISK - 1] = sectorCount - 1;
    return Arrays.stream(numbers).distinct().toArray();
  }

  static void write(BlockDevice volume) {
    byte[] sector = sector(volume.sectorSize().bytes());
    for (long n : sectors(volume.sectorCount())) {
      volume.write(n, sector);
    }
    volume.flush();
  }

  /** True when every written sector reads back as written. */
  static boolean readsBack(BlockDevice volume) {
    byte[] expected = sector(volume.sectorSize().bytes());
    byte[] actual = new byte[expected.length];
    for (long n : sectors(volume.sectorCount())) {
      volume.read(n, actual);
      if (!Arrays.equals(expected, actual)) {
        return false;
      }
    }
    return true;
  }
}
