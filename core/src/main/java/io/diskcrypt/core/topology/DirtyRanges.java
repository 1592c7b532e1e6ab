package io.diskcrypt.core.topology;

import java.util.Map;
import java.util.TreeMap;

/**
 * The sectors a write-back cache holds but storage does not have yet, as disjoint runs
 * {@code [start, end)}: one map entry per run of written sectors, not one per sector, and overlapping
 * or touching runs merge. Not thread-safe: the cache guards it.
 */
final class DirtyRanges {
  private final TreeMap<Long, Long> runs = new TreeMap<>();

  /** Marks {@code count} sectors from {@code start} dirty. */
  void add(long start, long count) {
    long end = start + count;
    Map.Entry<Long, Long> before = runs.floorEntry(start);
    if (before != null && before.getValue() >= start) {
      start = before.getKey();
      end = Math.max(end, before.getValue());
    }
    // A run starting at start itself is the one merged above (floorEntry finds it): the put below
    // replaces it in place, so only the runs after it are swallowed here.
    for (Map.Entry<Long, Long> next = runs.higherEntry(start); next != null && next.getKey() <= end;
        next = runs.higherEntry(start)) {
      end = Math.max(end, next.getValue());
      runs.remove(next.getKey());
    }
    runs.put(start, end);
  }

  /** The runs, ascending, as {start, end} pairs. */
  Iterable<Map.Entry<Long, Long>> runs() {
    return runs.entrySet();
  }

  /** How many sectors are dirty. */
  long sectors() {
    long total = 0;
    for (Map.Entry<Long, Long> run : runs.entrySet()) {
      total += run.getValue() - run.getKey();
    }
    return total;
  }

  void clear() {
    runs.clear();
  }
}
