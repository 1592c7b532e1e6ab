package io.diskcrypt.keyvault.server;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An error answer on the wire: the status, the service's error code and message, an optional inner
 * code, and extra headers (Retry-After). Rendered as the Key Vault error body
 * {@code {"error":{"code":..,"message":..,"innererror":{"code":..}}}}, except where the real service's
 * web framework answers before Key Vault does (415), with {@code {"Message":..}}.
 */
final class RestError extends Exception {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;
  final transient Optional<String> innerCode;
  final transient Map<String, String> headers;
  final boolean frameworkShape;

  private RestError(int status, String code, String message, Optional<String> innerCode,
      Map<String, String> headers, boolean frameworkShape) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.status = status;
    this.code = code;
    this.innerCode = innerCode;
    this.headers = Map.copyOf(headers);
    this.frameworkShape = frameworkShape;
  }

  static RestError of(int status, String code, String message) {
    return new RestError(status, code, message, Optional.empty(), Map.of(), false);
  }

  static RestError withInner(int status, String code, String innerCode, String message) {
    return new RestError(status, code, message, Optional.of(innerCode), Map.of(), false);
  }

  static RestError badParameter(String message) {
    return of(400, "BadParameter", message);
  }

  static RestError throttled(long retryAfterSeconds) {
    return new RestError(429, "Throttled",
        "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached",
        Optional.empty(), Map.of("Retry-After", Long.toString(retryAfterSeconds)), false);
  }

  /** 415 as ASP.NET answers it, before the request reaches Key Vault. */
  static RestError unsupportedMediaType(String message) {
    return new RestError(415, "UnsupportedMediaType", message, Optional.empty(), Map.of(), true);
  }

  /** A 401 with the service's challenge header (added by the handler). */
  static RestError unauthorized(String message) {
    return of(401, "Unauthorized", message);
  }
}
