package io.diskcrypt.core.topology;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.BlockDeviceDecorator;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.media.SparseMedia;
import java.util.Objects;

/**
 * The host cache of one managed disk. The cache keeps its bytes on host media through {@code store}
 * (the media itself, or a layer an option put in front of it); {@code media} tells which sectors are
 * cached. ReadOnly: reads fill the cache, writes go through and update it. ReadWrite: writes stay in
 * the cache (write-back) until {@link #flush()}. Unbounded: nothing is evicted.
 */
final class HostCache extends BlockDeviceDecorator {
  private final BlockDevice store;
  private final SparseMedia media;
  private final CachePolicy policy;
  private static final int FLUSH_IO_BYTES = 64 * 1024;

  private final DirtyRanges dirty = new DirtyRanges();

  HostCache(BlockDevice storage, BlockDevice store, SparseMedia media, CachePolicy policy) {
    super(storage);
    this.store = Objects.requireNonNull(store, "store");
    this.media = Objects.requireNonNull(media, "media");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public synchronized void read(long sector, byte[] buffer, int offset, int length) {
    int count = Sectors.checkAccess(this, sector, buffer, offset, length);
    if (policy == CachePolicy.NONE) {
      below.read(sector, buffer, offset, length);
      return;
    }
    int size = sectorSize().bytes();
    int i = 0;
    while (i < count) {
      boolean cached = media.holds(sector + i);
      int run = media.heldRunLength(sector + i, count - i);
      int at = offset + i * size;
      if (cached) {
        store.read(sector + i, buffer, at, run * size);
      } else {
        below.read(sector + i, buffer, at, run * size);
        store.write(sector + i, buffer, at, run * size);
      }
      i += run;
    }
  }

  @Override
  public synchronized void write(long sector, byte[] buffer, int offset, int length) {
    int count = Sectors.checkAccess(this, sector, buffer, offset, length);
    switch (policy) {
      case NONE -> below.write(sector, buffer, offset, length);
      case READ_ONLY -> {
        below.write(sector, buffer, offset, length);
        store.write(sector, buffer, offset, length);
      }
      case READ_WRITE -> {
        store.write(sector, buffer, offset, length);
        dirty.add(sector, count);
      }
    }
  }

  /** Writes every dirty run back to storage, up to 64 KiB per I/O, then flushes storage. */
  @Override
  public synchronized void flush() {
    int size = sectorSize().bytes();
    int perIo = FLUSH_IO_BYTES / size;
    byte[] buffer = new byte[FLUSH_IO_BYTES];
    for (var run : dirty.runs()) {
      for (long sector = run.getKey(); sector < run.getValue(); sector += perIo) {
        int length = (int) Math.min(perIo, run.getValue() - sector) * size;
        store.read(sector, buffer, 0, length);
        below.write(sector, buffer, 0, length);
      }
    }
    dirty.clear();
    below.flush();
  }
}
