package io.diskcrypt.demo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;

/**
 * A file a command creates, written whole or not at all: the bytes go to a new temporary file beside
 * the target, which takes the target's name only on {@link #commit()}. A command that fails or is
 * refused before its commit leaves the old file as it was; {@link #close()} removes the temporary.
 *
 * <p>Files that hold keys are {@linkplain #secret created} owner-only (0600) and exclusively (never
 * by writing into a file that exists, which may belong to someone else or be a link to one).
 */
final class StagedFile implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path target;
  private final Path temp;
  private final boolean replace;
  private FileChannel heldTarget;
  private boolean committed;

  private StagedFile(Path target, Path temp, boolean replace, FileChannel heldTarget) {
    this.target = target;
    this.temp = temp;
    this.replace = replace;
    this.heldTarget = heldTarget;
  }

  /**
   * Checks, before any work, that each named file may be written: its directory exists, it is not a
   * directory or a special file, it does not exist unless {@code force}, and no two of the named
   * files (outputs, and the inputs given with them) are the same file.
   *
   * @param force whether an existing file may be replaced
   * @param outputs the files to write, by the option or argument that named them (such as {@code --bek-file})
   * @param inputs files the command reads, which no output may be
   * @throws IllegalArgumentException naming the option and the file that is wrong
   */
  static void checkTargets(boolean force, Map<String, Path> outputs, Map<String, Path> inputs) throws IOException {
    Map<Path, String> seen = new HashMap<>();
    for (Map.Entry<String, Path> input : inputs.entrySet()) {
      if (input.getValue() != null && Files.exists(input.getValue())) {
        seen.put(input.getValue().toRealPath(), input.getKey());
      }
    }
    for (Map.Entry<String, Path> output : outputs.entrySet()) {
      Path file = output.getValue();
      if (file == null) {
        continue;
      }
      String what = output.getKey() + " " + file;
      Path real = canonical(what, file);
      String other = seen.putIfAbsent(real, output.getKey());
      if (other != null) {
        throw new IllegalArgumentException(what + " is the same file as " + other + ": give each its own file");
      }
      if (Files.isDirectory(file)) {
        throw new IllegalArgumentException(what + " is a directory");
      }
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException(what + " exists and is not a regular file");
        }
        if (!force) {
          throw new IllegalArgumentException(what + " exists: use --force to replace it");
        }
      }
    }
  }

  /** The file's real path, or its real directory and its name when it does not exist yet. */
  private static Path canonical(String what, Path file) throws IOException {
    if (Files.exists(file)) {
      return file.toRealPath();
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(what + ": directory " + dir + " does not exist");
    }
    return dir.toRealPath().resolve(file.getFileName());
  }

  /** Starts a file that anyone the directory and umask allow may read, such as an image. */
  static StagedFile create(Path target) throws IOException {
    return stage(target, false);
  }

  /** Starts a file that only its owner may read or write (0600): a key file. */
  static StagedFile secret(Path target) throws IOException {
    return stage(target, true);
  }

  private static StagedFile stage(Path target, boolean ownerOnly) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + HexFormat.of().toHexDigits(RANDOM.nextLong()) + ".tmp");
    FileAttribute<?>[] attributes = ownerOnly && POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    boolean replace = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
    FileChannel held = replace ? lockExisting(target) : null;
    try {
      Files.createFile(temp, attributes); // exclusive: fails if anything has this name
    } catch (IOException | RuntimeException e) {
      if (held != null) {
        held.close();
      }
      throw e;
    }
    return new StagedFile(target, temp, replace, held);
  }

  /** A file being replaced may be in use by a writer (an image): refuse rather than swap it away. */
  private static FileChannel lockExisting(Path target) throws IOException {
    FileChannel channel = FileChannel.open(target, StandardOpenOption.READ);
    FileLock lock;
    try {
      lock = channel.tryLock(0, Long.MAX_VALUE, true);
    } catch (IOException | RuntimeException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new FileSystemException(target.toString(), null, "in use by another process: not replaced");
    }
    return channel;
  }

  /** The temporary file to write; it becomes the target on {@link #commit()}. */
  Path temp() {
    return temp;
  }

  /** Writes all of {@code bytes} to the temporary file. */
  void write(byte[] bytes) throws IOException {
    Files.write(temp, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * Makes the temporary file durable and gives it the target's name in one step. Without replacing,
   * the name is taken with a hard link, which fails if a file of that name appeared meanwhile.
   */
  void commit() throws IOException {
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    if (replace) {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } else {
      try {
        Files.createLink(target, temp);
        Files.delete(temp);
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (UnsupportedOperationException | FileSystemException e) { // no hard links on this file system
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    committed = true;
    syncDirectory();
    close();
  }

  private void syncDirectory() {
    try (FileChannel dir = FileChannel.open(target.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the rename itself is still atomic.
    }
  }

  /** Removes the temporary file unless it was committed, and releases a replaced file's lock. */
  @Override
  public void close() throws IOException {
    if (heldTarget != null) {
      heldTarget.close();
      heldTarget = null;
    }
    if (!committed) {
      Files.deleteIfExists(temp);
    }
  }
}
