package io.diskcrypt.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files named on the command line that a command reads: one check and one wording for all of them. */
final class InputFiles {
  private InputFiles() {}

  /**
   * Returns {@code file} when it is a regular file.
   *
   * @param what the option or argument that named the file, as the user typed it, such as {@code --bek-file}
   * @throws IllegalArgumentException "{@code what file} does not exist", so the user sees which argument is wrong
   */
  static Path existing(String what, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(what + " " + file + " does not exist");
    }
    return file;
  }
}
