package io.diskcrypt.core.media;

import io.diskcrypt.core.block.SectorSize;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sparse sector storage: memory grows with the sectors written, not with the virtual size. Backs
 * both media and link captures.
 *
 * <p>Sectors are indexed in chunks of 32 KiB of address space (64 sectors of 512 bytes, or 8 of
 * 4096), each with a bit mask of the sectors it holds, so a multi-sector I/O costs one map look-up
 * per chunk rather than per sector. A chunk allocates each sector's bytes on the first write to that
 * sector: a scattered 512-byte write costs the sector, its array header and the chunk's index (about
 * 900 bytes in all), not the 32 KiB the chunk spans. Memory is freed only all at once, by
 * {@link #clear()}. Thread-safe: each chunk is guarded by its own lock.
 */
final class SectorStore {
  private static final int CHUNK_BYTES = 32 * 1024;

  /** The sectors of one chunk; a slot is null until its sector is written. */
  private static final class Chunk {
    final byte[][] sectors;
    long held;

    Chunk(int slots) {
      sectors = new byte[slots][];
    }
  }

  private final int sectorBytes;
  private final int sectorsPerChunk;
  private final ConcurrentMap<Long, Chunk> chunks = new ConcurrentHashMap<>();
  private final LongAdder heldSectors = new LongAdder();

  SectorStore(SectorSize sectorSize) {
    this.sectorBytes = sectorSize.bytes();
    this.sectorsPerChunk = CHUNK_BYTES / sectorBytes;
  }

  void put(long firstSector, byte[] buffer, int offset, int length) {
    int count = length / sectorBytes;
    for (int done = 0; done < count; ) {
      long sector = firstSector + done;
      int slot = (int) (sector % sectorsPerChunk);
      int run = Math.min(count - done, sectorsPerChunk - slot);
      Chunk chunk = chunks.computeIfAbsent(sector / sectorsPerChunk, k -> new Chunk(sectorsPerChunk));
      synchronized (chunk) {
        for (int i = 0; i < run; i++) {
          byte[] bytes = chunk.sectors[slot + i];
          if (bytes == null) {
            bytes = new byte[sectorBytes];
            chunk.sectors[slot + i] = bytes;
          }
          System.arraycopy(buffer, offset + (done + i) * sectorBytes, bytes, 0, sectorBytes);
        }
        long bits = runMask(slot, run);
        heldSectors.add(Long.bitCount(bits & ~chunk.held));
        chunk.held |= bits;
      }
      done += run;
    }
  }

  void get(long firstSector, byte[] buffer, int offset, int length) {
    int count = length / sectorBytes;
    for (int done = 0; done < count; ) {
      long sector = firstSector + done;
      int slot = (int) (sector % sectorsPerChunk);
      int run = Math.min(count - done, sectorsPerChunk - slot);
      Chunk chunk = chunks.get(sector / sectorsPerChunk);
      int at = offset + done * sectorBytes;
      if (chunk == null) {
        Arrays.fill(buffer, at, at + run * sectorBytes, (byte) 0);
      } else {
        synchronized (chunk) {
          for (int i = 0; i < run; i++) {
            byte[] bytes = chunk.sectors[slot + i];
            int to = at + i * sectorBytes;
            if (bytes == null) {
              Arrays.fill(buffer, to, to + sectorBytes, (byte) 0);
            } else {
              System.arraycopy(bytes, 0, buffer, to, sectorBytes);
            }
          }
        }
      }
      done += run;
    }
  }

  boolean holds(long sector) {
    Chunk chunk = chunks.get(sector / sectorsPerChunk);
    if (chunk == null) {
      return false;
    }
    synchronized (chunk) {
      return (chunk.held & bit(sector)) != 0;
    }
  }

  /**
   * How many sectors from {@code first}, at most {@code limit} (positive), are held if {@code first}
   * is, or not held if it is not. Reads one mask per chunk: the run inside a chunk is the count of
   * trailing ones of the mask (or of its complement) shifted down to {@code first}'s slot.
   */
  int run(long first, int limit) {
    boolean held = false;
    for (int done = 0; done < limit; ) {
      long sector = first + done;
      int slot = (int) (sector % sectorsPerChunk);
      int span = Math.min(limit - done, sectorsPerChunk - slot);
      Chunk chunk = chunks.get(sector / sectorsPerChunk);
      long bits = 0;
      if (chunk != null) {
        synchronized (chunk) {
          bits = chunk.held;
        }
      }
      if (done == 0) {
        held = (bits & (1L << slot)) != 0;
      }
      // Ones where the sector's state equals the run's; >>> fills the top with zeros, so the count
      // stops at the end of the mask at the latest (span stops it at the end of the chunk).
      long same = (held ? bits : ~bits) >>> slot;
      int length = Long.numberOfTrailingZeros(~same);
      if (length < span) {
        return done + length;
      }
      done += span;
    }
    return limit;
  }

  void clear() {
    chunks.clear();
    heldSectors.reset();
  }

  long[] keys() {
    long[] keys = new long[Math.toIntExact(size())];
    int n = 0;
    for (var entry : chunks.entrySet()) {
      long base = entry.getKey() * sectorsPerChunk;
      long held;
      synchronized (entry.getValue()) {
        held = entry.getValue().held;
      }
      for (long bits = held; bits != 0 && n < keys.length; bits &= bits - 1) {
        keys[n++] = base + Long.numberOfTrailingZeros(bits);
      }
    }
    long[] result = Arrays.copyOf(keys, n);
    Arrays.sort(result);
    return result;
  }

  long size() {
    return heldSectors.sum();
  }

  Optional<byte[]> copyOf(long sector) {
    Chunk chunk = chunks.get(sector / sectorsPerChunk);
    if (chunk == null) {
      return Optional.empty();
    }
    synchronized (chunk) {
      byte[] bytes = chunk.sectors[(int) (sector % sectorsPerChunk)];
      return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
    }
  }

  ScanResult scan(String name, SurfaceKind kind, byte[] needle) {
    Patterns.checkNeedle(needle, sectorBytes);
    long scanned = 0;
    long hits = 0;
    long firstHit = -1;
    for (var entry : chunks.entrySet()) {
      Chunk chunk = entry.getValue();
      synchronized (chunk) {
        for (long bits = chunk.held; bits != 0; bits &= bits - 1) {
          int slot = Long.numberOfTrailingZeros(bits);
          scanned++;
          if (Patterns.contains(chunk.sectors[slot], 0, sectorBytes, needle)) {
            hits++;
            long sector = entry.getKey() * sectorsPerChunk + slot;
            firstHit = firstHit < 0 ? sector : Math.min(firstHit, sector);
          }
        }
      }
    }
    return new ScanResult(name, kind, scanned, hits, firstHit);
  }

  private long bit(long sector) {
    return 1L << (sector % sectorsPerChunk);
  }

  private static long runMask(int slot, int run) {
    long ones = run == 64 ? -1L : (1L << run) - 1;
    return ones << slot;
  }
}
