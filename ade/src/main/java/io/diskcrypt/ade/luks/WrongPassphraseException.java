package io.diskcrypt.ade.luks;

/** No active keyslot of the volume opens with the passphrase given. */
public final class WrongPassphraseException extends LuksException {
  private static final long serialVersionUID = 1L;

  WrongPassphraseException(String message) {
    super(message);
  }
}
