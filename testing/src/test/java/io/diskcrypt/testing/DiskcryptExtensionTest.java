package io.diskcrypt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.testing.DiskcryptExtension.SimulationTimeline;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.platform.engine.TestExecutionResult;

/**
 * The extension, driven through the JUnit Platform launcher on the nested classes below (surefire
 * does not run nested classes by itself).
 */
class DiskcryptExtensionTest {
  static final Set<SimulatedRegion> SEEN = ConcurrentHashMap.newKeySet();

  @Test
  void eachTestGetsItsOwnRegion_beforeEachSharesTheTestsOne_alsoInParallel() {
    SEEN.clear();
    Map<String, TestExecutionResult> results = run(PerMethod.class, true);

    assertThat(results.values()).hasSize(8).allMatch(r -> r.getStatus() == TestExecutionResult.Status.SUCCESSFUL);
    assertThat(SEEN).as("one region per test").hasSize(8);
  }

  @Test
  void perClassLifecycle_oneRegionForTheClass() {
    SEEN.clear();
    Map<String, TestExecutionResult> results = run(PerClass.class, false);

    assertThat(results.values()).hasSize(2).allMatch(r -> r.getStatus() == TestExecutionResult.Status.SUCCESSFUL);
    assertThat(SEEN).hasSize(1);
  }

  @Test
  void failedTest_carriesTheRegionsTimelineAsASuppressedException() {
    Map<String, TestExecutionResult> results = run(Failing.class, false);

    Throwable failure = results.get("stoppedVm").getThrowable().orElseThrow();
    assertThat(failure).isInstanceOf(AssertionError.class);
    assertThat(failure.getSuppressed()).hasSize(1);
    assertThat(failure.getSuppressed()[0]).isInstanceOf(SimulationTimeline.class)
        .hasMessageContaining("simulated time: 2026-01-01T01:00:00Z")
        .hasMessageContaining("vm1: STOPPED, last stop: ").hasMessageContaining("grace period")
        .hasMessageContaining("KeyUnwrap").hasMessageContaining("orders-identity");
  }

  private static Map<String, TestExecutionResult> run(Class<?> testClass, boolean parallel) {
    return NestedTests.run(testClass, parallel);
  }

  @DiskcryptTest
  static class PerMethod {
    private SimulatedRegion fromBeforeEach;

    @BeforeEach
    void setUp(SimulatedRegion region) {
      fromBeforeEach = region;
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void test(int n, SimulatedRegion region) {
      assertThat(region).isSameAs(fromBeforeEach);
      region.advance(Duration.ofMinutes(n));
      SEEN.add(region);
    }
  }

  @DiskcryptTest
  @TestInstance(Lifecycle.PER_CLASS)
  static class PerClass {
    @Test
    void first(SimulatedRegion region) {
      SEEN.add(region);
    }

    @Test
    void second(SimulatedRegion region) {
      SEEN.add(region);
    }
  }

  @DiskcryptTest
  static class Failing {
    @Test
    void stoppedVm(SimulatedRegion region) throws Exception {
      CustomerKey key = region.customerKey("orders");
      var vm = region.vm("vm1").build();
      region.useCustomerKey(vm.osDisk(), key);
      vm.start();
      key.disable();
      region.advance(Duration.ofHours(1));
      DiskcryptAssertions.assertThatVm(vm).isRunning();
    }
  }
}
