package io.diskcrypt.core.testing;

import io.diskcrypt.core.block.BlockDevice;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Writers that keep writing while something stops the VM under them, and the check that no write
 * they saw succeed was lost. Each writer owns its own sectors of one device and writes versions of
 * them that say which sector and version they are, so a read-back names exactly what was lost. Used
 * by the reliability tests of a stop, a deallocation and a key-revocation stop.
 */
public final class StopUnderLoad {
  /** One device under load: how to reach it (it may be remounted after a restart) and its sectors. */
  public record Target(String name, Supplier<BlockDevice> device, long firstSector, int sectors) {}

  private final List<Target> targets;
  private final int writersPerTarget;
  private final long seed;
  /** Per target and sector, the last version a writer saw succeed. */
  private final Map<String, long[]> acknowledged = new ConcurrentHashMap<>();
  private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicInteger writes = new AtomicInteger();

  /** {@code writersPerTarget} threads per target, their choices drawn from {@code seed}. */
  public StopUnderLoad(List<Target> targets, int writersPerTarget, long seed) {
    this.targets = List.copyOf(targets);
    this.writersPerTarget = writersPerTarget;
    this.seed = seed;
    for (Target t : targets) {
      acknowledged.put(t.name(), new long[t.sectors()]);
    }
  }

  /**
   * Starts the writers, runs {@code stop} once about {@code writesBeforeStop} writes have succeeded,
   * and waits until every writer has met a failed write.
   *
   * @return the messages of the failures the writers met (each writer stops at its first)
   */
  public List<String> runAndStop(int writesBeforeStop, Runnable stop) throws InterruptedException {
    writes.set(0);
    failures.clear();
    List<Thread> threads = new ArrayList<>();
    int index = 0;
    for (Target t : targets) {
      for (int w = 0; w < writersPerTarget; w++) {
        int writer = w;
        long writerSeed = seed * 31 + index++;
        Thread thread = new Thread(() -> write(t, writer, writerSeed), "writer-" + t.name() + "-" + w);
        thread.start();
        threads.add(thread);
      }
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (writes.get() < writesBeforeStop && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    stop.run();
    for (Thread thread : threads) {
      thread.join(60_000);
      if (thread.isAlive()) {
        throw new AssertionError("seed " + seed + ": writer " + thread.getName() + " still runs after the stop");
      }
    }
    return List.copyOf(failures);
  }

  private void write(Target t, int writer, long writerSeed) {
    SplittableRandom random = new SplittableRandom(writerSeed);
    long[] acked = acknowledged.get(t.name());
    // Writer w owns the sectors s with s % writersPerTarget == w: no two writers share a sector.
    BlockDevice device = t.device().get();
    int size = device.sectorSize().bytes();
    while (true) {
      int slot = random.nextInt(t.sectors() / writersPerTarget) * writersPerTarget + writer;
      long version = acked[slot] + 1;
      try {
        device.write(t.firstSector() + slot, content(t.name(), slot, version, size));
      } catch (RuntimeException e) {
        failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
        return;
      }
      acked[slot] = version;
      writes.incrementAndGet();
    }
  }

  /**
   * Reads every acknowledged sector back.
   *
   * @return one line per sector that does not hold its last acknowledged version; empty when none was lost
   */
  public List<String> lostWrites() {
    List<String> lost = new ArrayList<>();
    for (Target t : targets) {
      BlockDevice device = t.device().get();
      int size = device.sectorSize().bytes();
      long[] acked = acknowledged.get(t.name());
      byte[] back = new byte[size];
      for (int slot = 0; slot < t.sectors(); slot++) {
        if (acked[slot] == 0) {
          continue;
        }
        device.read(t.firstSector() + slot, back);
        if (!Arrays.equals(back, content(t.name(), slot, acked[slot], size))) {
          ByteBuffer header = ByteBuffer.wrap(back);
          lost.add(t.name() + " sector " + (t.firstSector() + slot) + ": acknowledged version " + acked[slot]
              + ", read back " + (header.getInt(0) == slot ? "version " + header.getLong(4) : "something else"));
        }
      }
    }
    return lost;
  }

  /** How many writes succeeded in the last run. */
  public int writesAcknowledged() {
    return writes.get();
  }

  private static byte[] content(String target, int slot, long version, int size) {
    byte[] sector = new byte[size];
    ByteBuffer.wrap(sector).putInt(slot).putLong(version);
    SplittableRandom fill = new SplittableRandom(target.hashCode() * 1_000_003L + slot * 8191L + version);
    for (int i = 12; i < size; i++) {
      sector[i] = (byte) fill.nextInt(256);
    }
    return sector;
  }
}
