package io.diskcrypt.demo;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code diskcrypt} command line. Each subcommand is a class of its own that calls the library;
 * none holds logic the library lacks.
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
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (for tests). */
  public static int run(String... args) {
    CommandLine line = new CommandLine(new Diskcrypt());
    line.setExecutionExceptionHandler(Diskcrypt::oneLineError);
    return line.execute(args);
  }

  /** Bad input is one clear line on standard error and a non-zero status, not a stack trace. */
  private static int oneLineError(Exception e, CommandLine line, CommandLine.ParseResult parsed) {
    line.getErr().println("diskcrypt " + line.getCommandName() + ": " + e.getMessage());
    return e instanceof IllegalArgumentException ? 2 : 1;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
