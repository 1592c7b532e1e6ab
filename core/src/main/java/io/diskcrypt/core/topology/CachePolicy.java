package io.diskcrypt.core.topology;

/** The host cache setting of a managed disk, as on the real disk attachment ({@code caching}). */
public enum CachePolicy {
  /** No host cache: every I/O goes to the storage cluster. */
  NONE("None"),
  /** Reads are cached on host media; writes go through to storage and update the cache. */
  READ_ONLY("ReadOnly"),
  /** Reads and writes are cached on host media; writes reach storage when the cache is flushed. */
  READ_WRITE("ReadWrite");

  private final String wireName;

  CachePolicy(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the attachment's {@code caching}. */
  public String wireName() {
    return wireName;
  }
}
