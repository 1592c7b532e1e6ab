package io.diskcrypt.core.media;

import io.diskcrypt.core.block.SectorSize;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sparse sector storage: memory grows with the sectors held, not with the virtual size. Backs both
 * media and link captures. Thread-safe per sector.
 */
final class SectorStore {
  private final SectorSize sectorSize;
  private final ConcurrentMap<Long, byte[]> sectors = new ConcurrentHashMap<>();

  SectorStore(SectorSize sectorSize) {
    this.sectorSize = sectorSize;
  }

  void put(long firstSector, byte[] buffer, int offset, int length) {
    int size = sectorSize.bytes();
    for (int done = 0; done < length; done += size) {
      byte[] stored = sectors.computeIfAbsent(firstSector + done / size, k -> new byte[size]);
      System.arraycopy(buffer, offset + done, stored, 0, size);
    }
  }

  void get(long firstSector, byte[] buffer, int offset, int length) {
    int size = sectorSize.bytes();
    for (int done = 0; done < length; done += size) {
      byte[] stored = sectors.get(firstSector + done / size);
      if (stored == null) {
        Arrays.fill(buffer, offset + done, offset + done + size, (byte) 0);
      } else {
        System.arraycopy(stored, 0, buffer, offset + done, size);
      }
    }
  }

  boolean holds(long sector) {
    return sectors.containsKey(sector);
  }

  void remove(long sector) {
    sectors.remove(sector);
  }

  void clear() {
    sectors.clear();
  }

  long[] keys() {
    return sectors.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
  }

  long size() {
    return sectors.size();
  }

  Optional<byte[]> copyOf(long sector) {
    byte[] stored = sectors.get(sector);
    return stored == null ? Optional.empty() : Optional.of(stored.clone());
  }

  ScanResult scan(String name, SurfaceKind kind, byte[] needle) {
    Patterns.checkNeedle(needle, sectorSize.bytes());
    long scanned = 0;
    long hits = 0;
    long firstHit = -1;
    for (var entry : sectors.entrySet()) {
      scanned++;
      if (Patterns.contains(entry.getValue(), needle)) {
        hits++;
        long sector = entry.getKey();
        firstHit = firstHit < 0 ? sector : Math.min(firstHit, sector);
      }
    }
    return new ScanResult(name, kind, scanned, hits, firstHit);
  }
}
