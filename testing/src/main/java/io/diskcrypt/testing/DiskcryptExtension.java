package io.diskcrypt.testing;

import io.diskcrypt.core.crypto.Randomness;
import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The JUnit 5 extension of the kit (use {@link DiskcryptTest}): hands each test method, and its
 * {@code @BeforeEach} and {@code @AfterEach} methods, one fresh {@link SimulatedRegion}. With
 * {@code @TestInstance(Lifecycle.PER_CLASS)} one region serves the whole class ({@code @BeforeAll}
 * may take it too). Regions share nothing, so tests run safely under JUnit's parallel execution.
 *
 * <p>When a test or one of its lifecycle methods fails, the region's {@link SimulatedRegion#timeline()
 * timeline} is attached to the failure as a suppressed exception, which Maven's test output prints
 * below the failure; it is also published as the report entry {@value #TIMELINE_ENTRY}.
 *
 * <p>Each test and lifecycle method that has the region (as a parameter, or through an earlier method of
 * the same test) runs inside the region's {@link SimulatedRegion#seededRandomness() seeded randomness},
 * so a scenario makes the same keys, ids and bytes on every run; each method draws on where the one
 * before stopped.
 *
 * <p>When the test (or, per class, the class) is done, the extension {@link SimulatedRegion#close()
 * closes} the region (JUnit closes an {@link AutoCloseable} in its store when that store's test or
 * class is done), so a vault it served over HTTPS ({@link SimulatedRegion#vaultServer()}) frees its port.
 */
public final class DiskcryptExtension implements ParameterResolver, InvocationInterceptor,
    TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
  /** The key of the report entry that carries the timeline of a failed test. */
  public static final String TIMELINE_ENTRY = "diskcrypt-timeline";

  private static final Namespace NAMESPACE = Namespace.create(DiskcryptExtension.class);

  /** For JUnit, which creates it for {@link DiskcryptTest @DiskcryptTest} (or {@code @ExtendWith}). */
  public DiskcryptExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SimulatedRegion.class
        && parameter.getDeclaringExecutable() instanceof Method;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return scope(context).getStore(NAMESPACE)
        .getOrComputeIfAbsent(SimulatedRegion.class, k -> SimulatedRegion.create(), SimulatedRegion.class);
  }

  @Override
  public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
      ExtensionContext context) throws Throwable {
    drawingFromTheRegion(invocation, context);
  }

  @Override
  public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
      ExtensionContext context) throws Throwable {
    drawingFromTheRegion(invocation, context);
  }

  @Override
  public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
      ExtensionContext context) throws Throwable {
    drawingFromTheRegion(invocation, context);
  }

  @Override
  public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
      ExtensionContext context) throws Throwable {
    drawingFromTheRegion(invocation, context);
  }

  @Override
  public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
      ExtensionContext context) throws Throwable {
    drawingFromTheRegion(invocation, context);
  }

  @Override
  public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
      ExtensionContext context) throws Throwable {
    drawingFromTheRegion(invocation, context);
  }

  /** Runs the method inside the region's seeded randomness, when the test has a region (its parameters are resolved by now). */
  private static void drawingFromTheRegion(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
    Optional<SimulatedRegion> region = region(context);
    if (region.isEmpty()) {
      invocation.proceed();
      return;
    }
    try (Randomness.Scope seeded = region.get().seededRandomness()) {
      invocation.proceed();
    }
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withTimeline(context, failure);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withTimeline(context, failure);
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    throw withTimeline(context, failure);
  }

  private static Throwable withTimeline(ExtensionContext context, Throwable failure) {
    region(context).ifPresent(region -> {
      String timeline = region.timeline();
      failure.addSuppressed(new SimulationTimeline(timeline));
      context.publishReportEntry(TIMELINE_ENTRY, timeline);
    });
    return failure;
  }

  /** The region this context's test used, if it asked for one. */
  private static Optional<SimulatedRegion> region(ExtensionContext context) {
    return Optional.ofNullable(scope(context).getStore(NAMESPACE).get(SimulatedRegion.class, SimulatedRegion.class));
  }

  /** The test method's own context, or under a per-class lifecycle the class's. */
  private static ExtensionContext scope(ExtensionContext context) {
    if (context.getTestInstanceLifecycle().orElse(Lifecycle.PER_METHOD) != Lifecycle.PER_CLASS) {
      return context;
    }
    ExtensionContext scope = context;
    while (scope.getTestMethod().isPresent() && scope.getParent().isPresent()) {
      scope = scope.getParent().get();
    }
    return scope;
  }

  /** The timeline of a failed test's region, attached to its failure. */
  static final class SimulationTimeline extends Exception {
    private static final long serialVersionUID = 1L;

    SimulationTimeline(String timeline) {
      super("the simulated region at the failure:\n" + timeline, null, false, false);
    }
  }
}
