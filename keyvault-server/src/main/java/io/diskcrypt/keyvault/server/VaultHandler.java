package io.diskcrypt.keyvault.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.diskcrypt.core.crypto.Randomness;
import io.diskcrypt.keyvault.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything every request goes through, in the service's order: the bearer token (401 with the
 * challenge), the api-version (400), the body's size (413), type (415) and JSON (400), then the route.
 * Every failure is an error body with a 4xx status; a bug is a 500 with a generic message and is logged
 * here, never sent to the client as a stack trace.
 */
final class VaultHandler implements HttpHandler {
  static final Set<String> API_VERSIONS = Set.of("7.4", "7.5", "7.6", "2025-07-01");
  static final String LATEST_API_VERSION = "2025-07-01";
  /** Larger than any valid request (a 25 KiB secret, a 4096-bit RSA JWK to import). */
  static final int MAX_BODY_BYTES = 200 * 1024;
  /** The tenant named in the challenge; the simulation has one. */
  static final String TENANT = "00000000-0000-0000-0000-000000000001";
  static final String CHALLENGE = "Bearer authorization=\"https://login.microsoftonline.com/" + TENANT
      + "\", resource=\"https://vault.azure.net\"";

  private static final Logger LOG = Logger.getLogger(VaultHandler.class.getName());

  private final Api api;
  private final Map<String, Identity> identities;
  /** What a request draws from (ids, keys, padding, its request id); null for the shared SecureRandom. */
  private final SecureRandom randomness;

  VaultHandler(Api api, Map<String, Identity> identities, SecureRandom randomness) {
    this.api = api;
    this.identities = identities;
    this.randomness = randomness;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange; Randomness.Scope scope = randomness == null ? null : Randomness.use(randomness)) {
      Api.Answer answer;
      try {
        answer = api.route(read(exchange));
      } catch (RestError e) {
        answer = error(e);
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "keyvault-server: unexpected failure on " + exchange.getRequestMethod() + " "
            + exchange.getRequestURI().getRawPath(), e);
        answer = error(RestError.of(500, "InternalServerError", "The server failed to process the request"));
      }
      write(exchange, answer);
    }
  }

  private Api.Request read(HttpExchange ex) throws RestError, IOException {
    Identity caller = authenticate(ex.getRequestHeaders().getFirst("Authorization"));
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    String apiVersion = query.get("api-version");
    if (apiVersion == null) {
      throw RestError.badParameter("The api-version query parameter is missing; supported: " + supported());
    }
    if (!API_VERSIONS.contains(apiVersion)) {
      throw RestError.badParameter("The specified version (" + apiVersion
          + ") is not recognized. Consider using the latest supported version (" + LATEST_API_VERSION + ").");
    }
    List<String> path = path(ex.getRequestURI().getRawPath());
    JsonNode body = body(ex);
    return new Api.Request(ex.getRequestMethod().toUpperCase(Locale.ROOT), path, query, body, caller, apiVersion);
  }

  private Identity authenticate(String header) throws RestError {
    if (header == null || header.isBlank()) {
      throw RestError.unauthorized("AKV10000: Request is missing a Bearer or PoP token.");
    }
    String[] parts = header.trim().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
      throw RestError.unauthorized("AKV10000: Request is missing a Bearer or PoP token.");
    }
    Identity who = identities.get(parts[1]);
    if (who == null) {
      // The token is an identity name in this simulation, not a secret, so it may be named.
      throw RestError.unauthorized("The bearer token names no identity this vault knows: '" + parts[1]
          + "' (in this simulation the token is the caller's identity name)");
    }
    return who;
  }

  private static JsonNode body(HttpExchange ex) throws RestError, IOException {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
          drain(ex);
          throw tooLarge();
        }
      } catch (NumberFormatException e) {
        throw RestError.badParameter("The Content-Length header is not a number");
      }
    }
    byte[] bytes;
    try (InputStream in = ex.getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (bytes.length > MAX_BODY_BYTES) {
      drain(ex);
      throw tooLarge();
    }
    if (bytes.length == 0) {
      return null;
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null) {
      throw RestError.unsupportedMediaType("The request contains an entity body but no Content-Type header. The"
          + " inferred media type 'application/octet-stream' is not supported for this resource.");
    }
    String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")) {
      throw RestError.unsupportedMediaType("The request entity's media type '" + mediaType
          + "' is not supported for this resource.");
    }
    try {
      return Wire.MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      // The original message only: no source excerpt, which could hold a secret value.
      throw RestError.badParameter("The request body is not valid JSON: " + e.getOriginalMessage()
          + Optional.ofNullable(e.getLocation()).map(l -> " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")")
              .orElse(""));
    }
  }

  /**
   * Reads and drops what is left of an oversize body (up to a bound), so that the client, still
   * sending, reads the 413 instead of a reset connection.
   */
  private static void drain(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      long left = 16L * 1024 * 1024;
      byte[] buf = new byte[8192];
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
        left -= n;
      }
    }
  }

  private static RestError tooLarge() {
    return RestError.of(413, "RequestEntityTooLarge", "The request body is larger than " + MAX_BODY_BYTES
        + " bytes, more than any Key Vault request needs");
  }

  private static List<String> path(String rawPath) throws RestError {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        try {
          out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw RestError.badParameter("The request URI is not validly percent-encoded");
        }
      }
    }
    return out;
  }

  private static Map<String, String> query(String raw) throws RestError {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      String[] kv = pair.split("=", 2);
      try {
        out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      } catch (IllegalArgumentException e) {
        throw RestError.badParameter("The query string is not validly percent-encoded");
      }
    }
    return out;
  }

  private static String supported() {
    return String.join(", ", new java.util.TreeSet<>(API_VERSIONS));
  }

  static Api.Answer error(RestError e) {
    ObjectNode body = Wire.object();
    if (e.frameworkShape) {
      body.put("Message", e.getMessage());
    } else {
      ObjectNode err = body.putObject("error");
      err.put("code", e.code);
      err.put("message", e.getMessage());
      e.innerCode.ifPresent(c -> err.putObject("innererror").put("code", c));
    }
    Map<String, String> headers = new LinkedHashMap<>(e.headers);
    if (e.status == 401) {
      headers.put("WWW-Authenticate", CHALLENGE);
    }
    return new Api.Answer(e.status, body, headers);
  }

  private static void write(HttpExchange ex, Api.Answer answer) throws IOException {
    var h = ex.getResponseHeaders();
    answer.headers().forEach(h::set);
    h.set("x-ms-request-id", Randomness.uuid().toString());
    h.set("Cache-Control", "no-cache");
    if (answer.body() == null) {
      ex.sendResponseHeaders(answer.status(), -1);
      return;
    }
    byte[] bytes = Wire.MAPPER.writeValueAsBytes(answer.body());
    h.set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(answer.status(), bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
