package io.diskcrypt.ade.luks;

import java.util.Objects;

/**
 * The LUKS header is damaged, inconsistent or uses a feature this implementation does not support.
 * {@link #field()} names the header field that was wrong, in cryptsetup's terms: a binary header field
 * ({@code magic}, {@code version}, {@code hdr_size}, {@code csum}, ...) or a JSON path such as {@code
 * keyslots.0.kdf.type}.
 */
public final class MalformedHeaderException extends LuksException {
  private static final long serialVersionUID = 1L;
  private final String field;

  MalformedHeaderException(String field, String message) {
    super(field + ": " + message);
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The header field that was wrong. */
  public String field() {
    return field;
  }
}
