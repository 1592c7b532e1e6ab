package io.diskcrypt.core.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.media.FileBlockDevice;
import io.diskcrypt.core.media.SparseMedia;
import io.diskcrypt.core.testing.Seeds;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writers changing different bytes of the same sectors through {@link DeviceBytes}: each unaligned
 * write is a read-modify-write, and none may lose the other's bytes.
 */
@Tag("reliability")
class DeviceBytesConcurrencyTest {
  @TempDir Path dir;

  @Test
  @Timeout(60)
  void unalignedWritersOnSharedSectors_loseNoUpdate_inMemory() throws Exception {
    hammer(new SparseMedia("m", 64 * 512, SectorSize.S512), Seeds.base() + 2101);
  }

  @Test
  @Timeout(60)
  void unalignedWritersOnSharedSectors_loseNoUpdate_onAnImageFile() throws Exception {
    try (FileBlockDevice image = FileBlockDevice.create(dir.resolve("race.img"), 64 * 512, SectorSize.S512)) {
      hammer(image, Seeds.base() + 2102);
    }
  }

  /**
   * Each round, writer 0 writes the round's value to the even bytes of a random stretch and writer 1
   * to the odd ones, one byte per call: every call is an unaligned read-modify-write of a sector the
   * other writer is changing too. Afterwards every byte of the stretch must hold the value.
   */
  private static void hammer(BlockDevice device, long seed) throws Exception {
    int rounds = 300;
    int bytesPerRound = 64;
    int size = (int) device.sizeBytes();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < rounds; round++) {
        byte value = (byte) (round + 1);
        SplittableRandom random = Seeds.random(seed + round);
        int base = random.nextInt(size - 2 * bytesPerRound);
        CyclicBarrier start = new CyclicBarrier(2);
        Future<?>[] writers = new Future<?>[2];
        for (int w = 0; w < 2; w++) {
          int owner = w;
          writers[w] = pool.submit(() -> {
            start.await();
            for (int i = owner; i < 2 * bytesPerRound; i += 2) {
              DeviceBytes.write(device, base + i, new byte[] {value});
            }
            return null;
          });
        }
        for (Future<?> f : writers) {
          f.get();
        }
        byte[] after = DeviceBytes.read(device, base, 2 * bytesPerRound);
        for (int i = 0; i < after.length; i++) {
          assertThat(after[i]).as("round %d, byte %d (seed %d): an update was lost", round, base + i, seed)
              .isEqualTo(value);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
