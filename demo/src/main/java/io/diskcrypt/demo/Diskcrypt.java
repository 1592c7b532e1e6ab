package io.diskcrypt.demo;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code diskcrypt} command line. Each subcommand is a class of its own that calls the library;
 * none holds logic the library lacks.
 *
 * <p>Every failure ends in one line on standard error naming its cause and a non-zero status: bad
 * input (2), and failures of the operating system, of standard output or of the JVM itself (1).
 */
@Command(
    name = "diskcrypt",
    mixinStandardHelpOptions = true,
    version = "diskcrypt-sim 0.1.0",
    description = "See, test and measure how cloud managed-disk encryption works (modelled on Azure).",
    subcommands = {
      CommandLine.HelpCommand.class,
      CompareCommand.class,
      ExplainCommand.class,
      ScenarioCommand.class,
      AttackCommand.class,
      LabCommand.class,
      XtsCommand.class,
      LuksCommand.class,
      BitlockerCommand.class,
      BenchCommand.class,
      VaultCommand.class,
    })
public final class Diskcrypt implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.setOut(StandardOutput.open());
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (for tests). */
  public static int run(String... args) {
    CommandLine line = new CommandLine(new Diskcrypt());
    line.setExecutionExceptionHandler(Diskcrypt::oneLineError);
    line.setParameterExceptionHandler((e, ignored) -> usageError(e, args));
    int status;
    try {
      status = line.execute(args);
    } catch (Error e) { // out of memory, stack overflow: still one line, not a stack trace
      System.err.println("diskcrypt: " + describe(e));
      status = 1;
    }
    if (System.out.checkError()) { // PrintStream swallows write errors: ask for them once, at the end
      System.err.println("diskcrypt: cannot write standard output: " + StandardOutput.failure(System.out));
      return status == 0 ? 1 : status;
    }
    return status;
  }

  /** Bad input is one clear line on standard error and a non-zero status, not a stack trace. */
  private static int oneLineError(Exception e, CommandLine line, CommandLine.ParseResult parsed) {
    line.getErr().println("diskcrypt " + line.getCommandName() + ": " + describe(e));
    return e instanceof IllegalArgumentException ? 2 : 1;
  }

  /** Options whose value is a secret: {@code xts --key}, {@code bitlocker --recovery-password}. */
  private static final java.util.Set<String> SECRET_OPTIONS = java.util.Set.of("--key", "--recovery-password");

  /**
   * picocli's own message and usage, with any argument value hidden when the command line holds a
   * secret: a stray argument beside {@code --key} may be part of the key.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine line = e.getCommandLine();
    line.getErr().println(hideArgumentValues(e.getMessage(), args));
    line.usage(line.getErr());
    return line.getCommandSpec().exitCodeOnInvalidInput();
  }

  static String hideArgumentValues(String message, String[] args) {
    boolean holdsSecret = Arrays.stream(args).anyMatch(a -> SECRET_OPTIONS.contains(a.split("=", 2)[0]));
    if (!holdsSecret || message == null) {
      return message;
    }
    String hidden = message;
    for (int i = 0; i < args.length; i++) {
      String[] nameValue = args[i].split("=", 2);
      if (SECRET_OPTIONS.contains(nameValue[0]) && nameValue.length == 2) {
        hidden = hidden.replace(nameValue[1], "<hidden>");
      } else if (SECRET_OPTIONS.contains(args[i]) && i + 1 < args.length) {
        hidden = hidden.replace(args[i + 1], "<hidden>");
      } else if (!args[i].startsWith("-")) {
        hidden = hidden.replace("'" + args[i] + "'", "'<hidden>'"); // picocli quotes the values it shows
      }
    }
    return hidden + " (argument values are hidden when a key or password is given)";
  }

  /** One line naming the cause, with the operating system's reason for a failed file operation. */
  static String describe(Throwable e) {
    if (e instanceof UncheckedIOException && e.getCause() != null) {
      return describe(e.getCause());
    }
    if (e instanceof FileSystemException f && f.getReason() == null) {
      String reason = f instanceof NoSuchFileException ? "no such file or directory"
          : f instanceof AccessDeniedException ? "permission denied"
          : f instanceof FileAlreadyExistsException ? "already exists"
          : f instanceof NotDirectoryException ? "not a directory"
          : f.getClass().getSimpleName();
      return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + reason;
    }
    if (e instanceof OutOfMemoryError) {
      return "out of memory (" + e.getMessage() + "): raise the heap with DISKCRYPT_JAVA_OPTS=-Xmx...";
    }
    if (e.getMessage() == null || e.getMessage().isBlank()) {
      return e instanceof IOException ? "input/output error (" + e.getClass().getSimpleName() + ")" : e.toString();
    }
    return e.getMessage();
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Standard output that remembers why a write failed, so that the one-line error can say it. */
  static final class StandardOutput extends PrintStream {
    private final Recorder recorder;

    private StandardOutput(Recorder recorder) {
      super(recorder, true);
      this.recorder = recorder;
    }

    static StandardOutput open() {
      return new StandardOutput(new Recorder(new FileOutputStream(FileDescriptor.out)));
    }

    /** The first write failure's message, when {@code out} is a {@code StandardOutput} that saw one. */
    static String failure(PrintStream out) {
      IOException failed = out instanceof StandardOutput s ? s.recorder.failure : null;
      return failed == null ? "write error" : describe(failed);
    }

    /** Buffers, and keeps the first exception a write or flush threw. */
    private static final class Recorder extends java.io.BufferedOutputStream {
      IOException failure;

      Recorder(FileOutputStream out) {
        super(out, 1 << 16);
      }

      @Override
      public synchronized void write(byte[] b, int off, int len) throws IOException {
        try {
          super.write(b, off, len);
        } catch (IOException e) {
          throw remember(e);
        }
      }

      @Override
      public synchronized void write(int b) throws IOException {
        try {
          super.write(b);
        } catch (IOException e) {
          throw remember(e);
        }
      }

      @Override
      public synchronized void flush() throws IOException {
        try {
          super.flush();
        } catch (IOException e) {
          throw remember(e);
        }
      }

      private IOException remember(IOException e) {
        if (failure == null) {
          failure = e;
        }
        return e;
      }
    }
  }
}
