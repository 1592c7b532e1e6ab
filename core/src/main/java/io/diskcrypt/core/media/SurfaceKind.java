package io.diskcrypt.core.media;

/** Whether bytes on a surface are at rest (on media) or in flight (on a wire). */
public enum SurfaceKind {
  /** Bytes stored on media: storage media, host cache media, host temp-disk media. */
  AT_REST,
  /** Bytes observed crossing a link, such as the compute-to-storage network. */
  IN_FLIGHT
}
