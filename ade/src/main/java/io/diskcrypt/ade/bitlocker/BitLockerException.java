package io.diskcrypt.ade.bitlocker;

/** Base of the checked exceptions of this package: a volume that cannot be opened. */
public class BitLockerException extends Exception {
  private static final long serialVersionUID = 1L;

  BitLockerException(String message) {
    super(message);
  }
}
