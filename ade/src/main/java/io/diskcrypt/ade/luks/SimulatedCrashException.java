package io.diskcrypt.ade.luks;

/** Thrown by an operation when its {@link CrashInjector} cut the power: the simulated machine stopped here. */
public final class SimulatedCrashException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SimulatedCrashException(String message) {
    super(message);
  }
}
