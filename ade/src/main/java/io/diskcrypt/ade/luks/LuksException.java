package io.diskcrypt.ade.luks;

/**
 * A LUKS volume could not be formatted, opened or changed. The subclasses say why: {@link
 * WrongPassphraseException} when no keyslot opens with the passphrase, {@link MalformedHeaderException}
 * when the on-disk header is damaged or unsupported (naming the field). Messages never carry key or
 * passphrase bytes.
 */
public class LuksException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception with a one-line message. */
  public LuksException(String message) {
    super(message);
  }

  /** An exception with a one-line message and its cause. */
  public LuksException(String message, Throwable cause) {
    super(message, cause);
  }
}
