package io.diskcrypt.demo;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Files named on the command line that a command reads: one check and one wording for all of them. */
final class InputFiles {
  private InputFiles() {}

  /**
   * Returns {@code file} when it is a regular file this process may read.
   *
   * @param what the option or argument that named the file, as the user typed it, such as {@code --bek-file}
   * @throws IllegalArgumentException "{@code what file} does not exist" (or is a directory, is not a
   *     regular file, may not be read), so the user sees which argument is wrong and why
   */
  static Path existing(String what, Path file) {
    String problem = null;
    if (Files.notExists(file)) {
      problem = Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? "is a link to nothing" : "does not exist";
    } else if (!Files.exists(file)) {
      problem = "cannot be examined: permission denied on its directory";
    } else if (Files.isDirectory(file)) {
      problem = "is a directory";
    } else if (!Files.isRegularFile(file)) {
      problem = "is not a regular file (a FIFO, socket or device)";
    } else if (!Files.isReadable(file)) {
      problem = "may not be read: permission denied";
    }
    if (problem != null) {
      throw new IllegalArgumentException(what + " " + file + " " + problem);
    }
    return file;
  }
}
