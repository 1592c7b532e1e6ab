package io.diskcrypt.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs a nested test class through the JUnit launcher, as a user's build would, to test the extension itself. */
final class NestedTests {
  private NestedTests() {}

  /** Each test's result by its method name, run one after another. */
  static Map<String, TestExecutionResult> run(Class<?> testClass) {
    return run(testClass, false);
  }

  /** Each test's result by its method name; {@code parallel} runs the methods concurrently. */
  static Map<String, TestExecutionResult> run(Class<?> testClass, boolean parallel) {
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass));
    if (parallel) {
      request.configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
          .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent");
    }
    Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
    LauncherFactory.create().execute(request.build(), new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
          results.put(id.getDisplayName().replaceAll("\\(.*\\)", ""), result);
        }
      }
    });
    return results;
  }
}
