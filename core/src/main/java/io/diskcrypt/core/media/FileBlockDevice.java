package io.diskcrypt.core.media;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.block.Sectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A block device backed by an image file, so that volumes written here can be read by real tools
 * (cryptsetup, dislocker) and the other way round. I/O errors surface as {@link UncheckedIOException}.
 *
 * <p>The image is locked while open ({@link FileChannel#tryLock}): exclusively when opened for
 * writing, shared when opened read-only. A second writer, in this process or another, is refused at
 * open with a {@link FileSystemException} that says the image is in use, instead of racing the first
 * and losing its updates. The locks are advisory: they bind programs that lock, such as this one.
 */
public final class FileBlockDevice implements BlockDevice, AutoCloseable {
  private final Path path;
  private final SectorSize sectorSize;
  private final long sectorCount;
  private final FileChannel channel;
  private final boolean writable;

  private FileBlockDevice(Path path, SectorSize sectorSize, long sectorCount, FileChannel channel, boolean writable) {
    this.path = path;
    this.sectorSize = sectorSize;
    this.sectorCount = sectorCount;
    this.channel = channel;
    this.writable = writable;
  }

  /**
   * Creates (or truncates) an image of {@code sizeBytes}; the file is sparse where the file system
   * allows. An existing file is truncated only once this process holds its lock.
   *
   * @throws IllegalArgumentException when the size is not a positive multiple of the sector size
   * @throws FileSystemException when another writer holds the image
   */
  public static FileBlockDevice create(Path path, long sizeBytes, SectorSize sectorSize) throws IOException {
    long count = Sectors.count(sizeBytes, sectorSize);
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      lock(channel, path, false);
      channel.truncate(0);
      channel.write(ByteBuffer.allocate(1), sizeBytes - 1);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new FileBlockDevice(path, sectorSize, count, channel, true);
  }

  /**
   * Opens an existing image for reading and writing.
   *
   * @throws IllegalArgumentException when the file's size is not a positive multiple of the sector size
   * @throws FileSystemException when another process, or another device of this one, holds the image
   */
  public static FileBlockDevice open(Path path, SectorSize sectorSize) throws IOException {
    return open(path, sectorSize, true);
  }

  /**
   * Opens an existing image for reading only: a file the user may not write can be inspected, and
   * {@link #write} is refused. Readers share the image; a writer holding it refuses them.
   *
   * @throws IllegalArgumentException when the file's size is not a positive multiple of the sector size
   * @throws FileSystemException when a writer holds the image
   */
  public static FileBlockDevice openReadOnly(Path path, SectorSize sectorSize) throws IOException {
    return open(path, sectorSize, false);
  }

  private static FileBlockDevice open(Path path, SectorSize sectorSize, boolean writable) throws IOException {
    Objects.requireNonNull(path, "path");
    FileChannel channel = writable
        ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
        : FileChannel.open(path, StandardOpenOption.READ);
    try {
      lock(channel, path, !writable);
      long count;
      try {
        count = Sectors.count(channel.size(), sectorSize);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("image " + path + ": " + e.getMessage(), e);
      }
      return new FileBlockDevice(path, sectorSize, count, channel, writable);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Takes the image's lock for as long as the channel is open, or says who holds it. */
  private static void lock(FileChannel channel, Path path, boolean shared) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock(0, Long.MAX_VALUE, shared);
    } catch (OverlappingFileLockException e) {
      throw new FileSystemException(path.toString(), null, "image in use: this process has it open already");
    }
    if (lock == null) {
      throw new FileSystemException(path.toString(), null,
          "image in use: another process has it open" + (shared ? " for writing" : ""));
    }
  }

  /** The image file. */
  public Path path() {
    return path;
  }

  @Override
  public SectorSize sectorSize() {
    return sectorSize;
  }

  @Override
  public long sectorCount() {
    return sectorCount;
  }

  @Override
  public void read(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    ByteBuffer target = ByteBuffer.wrap(buffer, offset, length);
    long position = sector * sectorSize.bytes();
    try {
      while (target.hasRemaining()) {
        int n = channel.read(target, position + (target.position() - offset));
        if (n < 0) {
          throw new IOException("unexpected end of " + path + " at byte " + (position + target.position() - offset));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void write(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    if (!writable) {
      throw new IllegalStateException("image " + path + " is open read-only");
    }
    ByteBuffer source = ByteBuffer.wrap(buffer, offset, length);
    long position = sector * sectorSize.bytes();
    try {
      while (source.hasRemaining()) {
        channel.write(source, position + (source.position() - offset));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void flush() {
    if (!writable) {
      return;
    }
    try {
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "FileBlockDevice[" + path + ", " + sectorCount + " x " + sectorSize + "]";
  }
}
