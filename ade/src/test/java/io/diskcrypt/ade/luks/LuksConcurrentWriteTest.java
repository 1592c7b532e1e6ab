package io.diskcrypt.ade.luks;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.media.SparseMedia;
import io.diskcrypt.core.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two threads writing different bytes of the same sectors through one {@link LuksVolume}: each
 * unaligned write is a read-modify-write, and none may lose the other's bytes.
 */
@Tag("reliability")
class LuksConcurrentWriteTest {
  private static final int ROUNDS = 40;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void unalignedWritesToOneSector_fromTwoThreads_keepEveryByte() throws Exception {
    long seed = Seeds.base();
    SplittableRandom random = Seeds.random(seed);
    SparseMedia disk = new SparseMedia("disk", 17L << 20, SectorSize.S512);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (LuksVolume volume = Luks.format(disk, "p".getBytes(StandardCharsets.US_ASCII), LuksFormatOptions.fastForTests())) {
      for (int round = 0; round < ROUNDS; round++) {
        long sector = random.nextInt(64);
        byte value = (byte) (1 + random.nextInt(255));
        CyclicBarrier start = new CyclicBarrier(2);
        // thread 0 writes the even bytes of the sector one at a time, thread 1 the odd ones
        Future<?>[] writers = new Future<?>[2];
        for (int t = 0; t < 2; t++) {
          int parity = t;
          writers[t] = pool.submit(() -> {
            start.await();
            for (int i = parity; i < 512; i += 2) {
              volume.write(Ledger.VCPU, sector * 512 + i, new byte[] {value});
            }
            return null;
          });
        }
        for (Future<?> w : writers) {
          w.get();
        }
        byte[] read = volume.read(Ledger.VCPU, sector * 512, 512);
        for (int i = 0; i < 512; i++) {
          assertThat(read[i]).as("seed %d round %d: byte %d of sector %d, written by thread %d", seed, round, i,
              sector, i % 2).isEqualTo(value);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
