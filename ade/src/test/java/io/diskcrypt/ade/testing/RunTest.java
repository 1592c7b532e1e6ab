package io.diskcrypt.ade.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The external-tool runner: output and exit code kept, and a hung tool failing the test, not hanging it. */
class RunTest {

  @Test
  void of_failingCommand_keepsExitCodeAndBothStreams() {
    Run run = Run.of("sh", "-c", "echo out; echo err >&2; exit 3");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.output()).contains("out").contains("err");
  }

  @Test
  void withStdin_passesTheInput() {
    assertThat(Run.withStdin("typed\n", "cat").output()).isEqualTo("typed\n");
  }

  @Test
  @Timeout(30) // the runner must give up on the hung tool, not wait out its 60 s sleep
  void run_hungToolKeepingItsOutputOpen_failsNamingTheCommand() {
    assertThatThrownBy(() -> Run.run(1, null, "sh", "-c", "echo started; exec sleep 60"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("`sh -c echo started; exec sleep 60` did not finish within 1 s")
        .hasMessageContaining("started");
  }
}
