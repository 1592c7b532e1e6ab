package io.diskcrypt.ade.bitlocker;

/**
 * The volume header, FVE metadata or a {@code .BEK} file is malformed. The message names the field and
 * the value that was wrong, and what was expected.
 */
public final class BitLockerFormatException extends BitLockerException {
  private static final long serialVersionUID = 1L;

  BitLockerFormatException(String message) {
    super(message);
  }
}
