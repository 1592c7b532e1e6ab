package io.diskcrypt.core.media;

import java.util.Objects;

/**
 * What a scan of one surface found.
 *
 * @param surface the surface's name
 * @param kind at rest or in flight
 * @param scanned sectors scanned
 * @param hits sectors in which the pattern was found
 * @param firstHit the lowest sector number with a hit, or -1 when there is none
 */
public record ScanResult(String surface, SurfaceKind kind, long scanned, long hits, long firstHit) {
  /** Validates the counts. */
  public ScanResult {
    Objects.requireNonNull(surface, "surface");
    Objects.requireNonNull(kind, "kind");
    if (scanned < 0 || hits < 0 || hits > scanned) {
      throw new IllegalArgumentException("inconsistent scan: " + hits + " hits in " + scanned + " sectors");
    }
  }

  /** True when the pattern was found nowhere on the surface. */
  public boolean clean() {
    return hits == 0;
  }

  /** Sums two results over a combined surface, keeping this result's name and kind. */
  public ScanResult plus(ScanResult other) {
    long first = firstHit >= 0 ? firstHit : other.firstHit;
    return new ScanResult(surface, kind, scanned + other.scanned, hits + other.hits, first);
  }
}
