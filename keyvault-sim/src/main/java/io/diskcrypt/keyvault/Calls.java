package io.diskcrypt.keyvault;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The path every data-plane call of one vault takes, in the real service's order: the vault's lock,
 * the test's {@link FaultHook} (an outage, an injected 429, latency), throttling (429), then the body
 * (which checks the caller's permission, then the object, then its state and the parameters), an
 * audit entry for the answer, allowed or refused, and, outside the lock, the events the call
 * published, then the call's simulated latency. A failure inside the JDK's cryptography is a bug,
 * not an answer, and is not audited.
 */
final class Calls {
  /** Where the audit entry of a call points; the body narrows it to the exact version. */
  static final class Call {
    String objectId;

    private Call(String objectId) {
      this.objectId = objectId;
    }
  }

  /** The work of one call, run under the vault's lock. */
  @FunctionalInterface
  interface Body<T> {
    T run(Call call) throws KeyVaultException;
  }

  private final Object lock;
  private final KeyVaultService service;
  private final String vault;
  private final Events events;
  private final Throttle throttle = new Throttle();

  Calls(Object lock, KeyVaultService service, String vault, Events events) {
    this.lock = lock;
    this.service = service;
    this.vault = vault;
    this.events = events;
  }

  /**
   * Runs {@code body} as {@code operation} by {@code caller} on {@code objectId}, charging {@code cost}
   * throttling units (read under the lock, since it may depend on the object).
   */
  <T> T run(Identity caller, String operation, String objectId, IntSupplier cost, Body<T> body)
      throws KeyVaultException {
    Objects.requireNonNull(caller, "caller");
    Duration latency = Duration.ZERO;
    try {
      synchronized (lock) {
        Call c = new Call(objectId);
        try {
          latency = Objects.requireNonNull(service.faultHook().before(vault, operation), "latency from the fault hook");
          if (service.throttling()) {
            throttle.charge(now(), cost.getAsInt(), vault, operation);
          }
          T result = body.run(c);
          service.record(new AuditEntry(now(), vault, caller, operation, c.objectId, 200, "OK"));
          return result;
        } catch (KeyVaultException e) {
          service.record(new AuditEntry(now(), vault, caller, operation, c.objectId, e.httpStatus(), e.errorCode()));
          throw e;
        }
      }
    } finally {
      events.deliver();
      if (latency.compareTo(Duration.ZERO) > 0 && !service.clock().deliveringOnThisThread()) {
        service.clock().advance(latency);
      }
    }
  }

  /** Records what the service did on its own (automatic rotation), at {@code at}. */
  void recordServiceAction(Instant at, String operation, String objectId, String outcome) {
    service.record(new AuditEntry(at, vault, Identity.KEY_VAULT_SERVICE, operation, objectId, 200, outcome));
  }

  Instant now() {
    return service.clock().instant();
  }
}
