package io.diskcrypt.core.media;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.block.Sectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A block device backed by an image file, so that volumes written here can be read by real tools
 * (cryptsetup, dislocker) and the other way round. I/O errors surface as {@link UncheckedIOException}.
 */
public final class FileBlockDevice implements BlockDevice, AutoCloseable {
  private final Path path;
  private final SectorSize sectorSize;
  private final long sectorCount;
  private final FileChannel channel;

  private FileBlockDevice(Path path, SectorSize sectorSize, long sectorCount, FileChannel channel) {
    this.path = path;
    this.sectorSize = sectorSize;
    this.sectorCount = sectorCount;
    this.channel = channel;
  }

  /**
   * Creates (or truncates) an image of {@code sizeBytes}; the file is sparse where the file system
   * allows.
   *
   * @throws IllegalArgumentException when the size is not a positive multiple of the sector size
   */
  public static FileBlockDevice create(Path path, long sizeBytes, SectorSize sectorSize) throws IOException {
    long count = Sectors.count(sizeBytes, sectorSize);
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    channel.write(ByteBuffer.allocate(1), sizeBytes - 1);
    return new FileBlockDevice(path, sectorSize, count, channel);
  }

  /**
   * Opens an existing image for reading and writing.
   *
   * @throws IllegalArgumentException when the file's size is not a positive multiple of the sector size
   */
  public static FileBlockDevice open(Path path, SectorSize sectorSize) throws IOException {
    Objects.requireNonNull(path, "path");
    long count;
    try {
      count = Sectors.count(Files.size(path), sectorSize);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("image " + path + ": " + e.getMessage(), e);
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new FileBlockDevice(path, sectorSize, count, channel);
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
