package io.diskcrypt.keyvault;

import java.time.Duration;

/**
 * A test's hand on every data-plane call of every vault of a service ({@link
 * KeyVaultService#setFaultHook}): asked once per call, before throttling and the call's own checks.
 * It fails the call as the network or the service would ({@link ServiceUnavailableException} for an
 * outage, {@link ThrottledException} for a 429), or returns how much simulated time the call takes.
 * What it throws is audited like any refusal, so an injected outage shows in the audit log.
 *
 * <p>It runs under the vault's lock: it must be quick and call no vault. The latency it returns moves
 * the service's clock once the call is over, outside the lock, unless the call was made while the
 * clock was delivering a move (the platform's own checks run while time passes, not after it).
 */
@FunctionalInterface
public interface FaultHook {
  /** No faults: every call runs, and takes no simulated time. */
  FaultHook NONE = (vault, operation) -> Duration.ZERO;

  /**
   * Decides the fate of {@code operation} (the audit's operation name, such as {@code KeyUnwrap}) on
   * {@code vault}.
   *
   * @return the simulated time the call takes, zero for none
   * @throws KeyVaultException to fail the call with that answer
   */
  Duration before(String vault, String operation) throws KeyVaultException;
}
