package io.diskcrypt.core.topology;

/** What a surface of a VM's data path is, for observers that scan them by kind. */
public enum SurfaceRole {
  /** The storage cluster's media holding an OS or data disk: encryption at rest. */
  STORAGE_MEDIA,
  /** The host's local media holding the temp disk. */
  TEMP_MEDIA,
  /** The host's media holding a disk's cache. */
  CACHE_MEDIA,
  /** The compute-to-storage network, as a tap on it sees the frames. */
  LINK
}
