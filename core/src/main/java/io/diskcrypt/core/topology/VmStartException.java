package io.diskcrypt.core.topology;

import io.diskcrypt.core.keys.KeyAccessException;
import java.util.Optional;

/**
 * A VM could not start: a disk's key could not be had, or the guest could not unlock its volumes. The
 * message names the VM and the disk or boot step; the cause is the underlying failure.
 */
public final class VmStartException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A failed start of a VM with a message and its cause. */
  public VmStartException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The unusable key behind the failure (its id and reason), if a key was the cause. */
  public Optional<KeyAccessException> keyProblem() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof KeyAccessException key) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }
}
