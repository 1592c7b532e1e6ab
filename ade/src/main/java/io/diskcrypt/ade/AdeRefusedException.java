package io.diskcrypt.ade;

/**
 * Azure Disk Encryption refused a request: an unsupported image, VM or disk configuration, a vault or
 * key that does not meet ADE's prerequisites, or settings out of range. The message names what was
 * wrong and, where there is one, what is allowed. Nothing was changed on the VM, its disks or the
 * vault when this is thrown from a validation step.
 */
public final class AdeRefusedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** A refusal with a message naming what was wrong. */
  public AdeRefusedException(String message) {
    super(message);
  }

  /** A refusal with its cause. */
  public AdeRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
