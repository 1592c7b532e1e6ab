package io.diskcrypt.demo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs {@code diskcrypt} in-process with standard input, output and error redirected to byte arrays,
 * and puts the real streams back on {@link #close()}.
 */
final class Console implements AutoCloseable {
  private final InputStream stdin = System.in;
  private final PrintStream stdout = System.out;
  private final PrintStream stderr = System.err;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  Console() {
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** Runs the command line on {@code input}; {@link #out} and {@link #err} hold only this run's output. */
  int run(byte[] input, String... args) {
    System.setIn(new ByteArrayInputStream(input));
    out.reset();
    err.reset();
    return Diskcrypt.run(args);
  }

  @Override
  public void close() {
    System.setIn(stdin);
    System.setOut(stdout);
    System.setErr(stderr);
  }
}
