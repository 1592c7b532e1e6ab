package io.diskcrypt.core.block;

/**
 * I/O refused because the device cannot serve it now: its key was revoked, its VM is stopped, its
 * volume is locked. The message names the device and the cause (a key id, a state), never key bytes.
 * Unchecked, because it crosses {@link BlockDevice} calls, as a failed disk does in a real guest.
 */
public final class DeviceUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An unavailable device with a message that says why. */
  public DeviceUnavailableException(String message) {
    super(message);
  }

  /** An unavailable device with a message and the exception behind it. */
  public DeviceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
