package io.diskcrypt.core.topology;

/**
 * A VM could not start: a disk's key could not be had, or the guest could not unlock its volumes. The
 * message names the VM and the key or volume; the cause is the underlying failure.
 */
public final class VmStartException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A failed start of a VM with a message and its cause. */
  public VmStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
