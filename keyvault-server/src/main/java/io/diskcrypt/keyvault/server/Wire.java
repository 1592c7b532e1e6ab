package io.diskcrypt.keyvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diskcrypt.keyvault.Attributes;
import io.diskcrypt.keyvault.DeletedObject;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.VaultObject;
import io.diskcrypt.keyvault.KeyOperation;
import io.diskcrypt.keyvault.SecretBundle;
import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON of the Key Vault REST API, both ways: vault objects as the service returns them (field
 * names from the REST reference: {@code kid}, {@code kty}, {@code key_ops}, {@code attributes} with
 * Unix-second times, {@code recoveryLevel}, {@code recoverableDays}), and the checked reading of request
 * fields, each refusal naming the field. Object ids are rewritten from the vault's
 * {@code https://{name}.vault.azure.net/} to this server's base URL, so that a {@code kid} the SDK gets
 * back leads to this server.
 */
final class Wire {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final String vaultBase;
  private final String serverBase;
  private final int recoverableDays;

  /**
   * @param vaultBase the vault's URI, ending in {@code /}
   * @param serverBase this server's base URL, ending in {@code /}
   * @param recoverableDays the vault's soft-delete retention
   */
  Wire(String vaultBase, String serverBase, int recoverableDays) {
    this.vaultBase = vaultBase;
    this.serverBase = serverBase;
    this.recoverableDays = recoverableDays;
  }

  /** A vault object id as this server's clients see it. */
  String id(String vaultId) {
    return vaultId.startsWith(vaultBase) ? serverBase + vaultId.substring(vaultBase.length()) : vaultId;
  }

  String serverBase() {
    return serverBase;
  }

  // ---------------------------------------------------------------- keys out

  ObjectNode keyBundle(KeyBundle b) {
    ObjectNode o = NODES.objectNode();
    o.set("key", jwk(b));
    o.set("attributes", attributes(b.attributes()));
    o.set("tags", tags(b.tags()));
    return o;
  }

  ObjectNode keyItem(VaultObject b) {
    ObjectNode o = NODES.objectNode();
    o.put("kid", id(b.id()));
    o.set("attributes", attributes(b.attributes()));
    o.set("tags", tags(b.tags()));
    return o;
  }

  /** Adds what a deleted object has to its bundle or list item. */
  ObjectNode deleted(ObjectNode bundleOrItem, DeletedObject<?> d) {
    bundleOrItem.put("recoveryId", id(d.recoveryId()));
    bundleOrItem.put("deletedDate", d.deletedDate().getEpochSecond());
    bundleOrItem.put("scheduledPurgeDate", d.scheduledPurgeDate().getEpochSecond());
    return bundleOrItem;
  }

  private ObjectNode jwk(KeyBundle b) {
    ObjectNode k = NODES.objectNode();
    k.put("kid", id(b.id()));
    k.put("kty", b.kty().wireName());
    ArrayNode ops = k.putArray("key_ops");
    // The service lists key_ops in this order (REST reference samples).
    for (KeyOperation op : new KeyOperation[] {KeyOperation.ENCRYPT, KeyOperation.DECRYPT, KeyOperation.SIGN,
        KeyOperation.VERIFY, KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY}) {
      if (b.keyOps().contains(op)) {
        ops.add(op.wireName());
      }
    }
    if (b.publicKey() instanceof RSAPublicKey rsa) {
      k.put("n", base64Url(unsigned(rsa.getModulus(), 0)));
      k.put("e", base64Url(unsigned(rsa.getPublicExponent(), 0)));
    } else if (b.publicKey() instanceof ECPublicKey ec) {
      int len = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
      k.put("crv", b.curve().orElseThrow().wireName());
      k.put("x", base64Url(unsigned(ec.getW().getAffineX(), len)));
      k.put("y", base64Url(unsigned(ec.getW().getAffineY(), len)));
    }
    return k;
  }

  // ---------------------------------------------------------------- secrets out

  ObjectNode secretBundle(SecretBundle b) {
    ObjectNode o = secretItem(b);
    o.put("value", b.value());
    return o;
  }

  ObjectNode secretItem(SecretBundle b) {
    return secretItem(b, b.contentType());
  }

  /** A list item; {@code contentType} is the secret's (a listing has no value to show). */
  ObjectNode secretItem(VaultObject b, Optional<String> contentType) {
    ObjectNode o = NODES.objectNode();
    o.put("id", id(b.id()));
    contentType.ifPresent(ct -> o.put("contentType", ct));
    o.set("attributes", attributes(b.attributes()));
    o.set("tags", tags(b.tags()));
    return o;
  }

  // ---------------------------------------------------------------- common

  ObjectNode attributes(Attributes a) {
    ObjectNode o = NODES.objectNode();
    o.put("enabled", a.enabled());
    a.notBefore().ifPresent(t -> o.put("nbf", t.getEpochSecond()));
    a.expires().ifPresent(t -> o.put("exp", t.getEpochSecond()));
    o.put("created", a.created().getEpochSecond());
    o.put("updated", a.updated().getEpochSecond());
    o.put("recoveryLevel", a.recoveryLevel());
    o.put("recoverableDays", recoverableDays);
    return o;
  }

  private static ObjectNode tags(Map<String, String> tags) {
    ObjectNode o = NODES.objectNode();
    new java.util.TreeMap<>(tags).forEach(o::put);
    return o;
  }

  /** A page of a list: {@code {"value":[...],"nextLink":...}}. */
  static ObjectNode page(ArrayNode items, Optional<String> nextLink) {
    ObjectNode o = NODES.objectNode();
    o.set("value", items);
    o.put("nextLink", nextLink.orElse(null));
    return o;
  }

  static ArrayNode array() {
    return NODES.arrayNode();
  }

  static ObjectNode object() {
    return NODES.objectNode();
  }

  static String base64Url(byte[] bytes) {
    return B64URL.encodeToString(bytes);
  }

  /** Big-endian unsigned bytes, left-padded to {@code length} (0: minimal). */
  static byte[] unsigned(BigInteger v, int length) {
    byte[] b = v.toByteArray();
    int start = b.length > 1 && b[0] == 0 ? 1 : 0;
    int n = b.length - start;
    byte[] out = new byte[Math.max(n, length)];
    System.arraycopy(b, start, out, out.length - n, n);
    return out;
  }

  // ---------------------------------------------------------------- reading requests

  /** The request body's object; a missing body is an empty object. */
  static ObjectNode body(JsonNode body) throws RestError {
    if (body == null || body.isMissingNode() || body.isNull()) {
      return NODES.objectNode();
    }
    if (!body.isObject()) {
      throw RestError.badParameter("The request body must be a JSON object");
    }
    return (ObjectNode) body;
  }

  static Optional<String> text(ObjectNode o, String field) throws RestError {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw RestError.badParameter("Property '" + field + "' must be a string");
    }
    return Optional.of(n.textValue());
  }

  static String requiredText(ObjectNode o, String field) throws RestError {
    return text(o, field).orElseThrow(() -> RestError.badParameter("Property '" + field + "' is required"));
  }

  static Optional<Boolean> bool(ObjectNode o, String field) throws RestError {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isBoolean()) {
      throw RestError.badParameter("Property '" + field + "' must be true or false");
    }
    return Optional.of(n.booleanValue());
  }

  static Optional<Integer> integer(ObjectNode o, String field) throws RestError {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw RestError.badParameter("Property '" + field + "' must be an integer");
    }
    return Optional.of(n.intValue());
  }

  /** A Unix-seconds time such as {@code nbf} or {@code exp}. */
  static Optional<Instant> unixTime(ObjectNode o, String field) throws RestError {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0 || n.longValue() > 253402300799L) {
      throw RestError.badParameter("Property '" + field + "' must be a time in Unix seconds (0 to 253402300799)");
    }
    return Optional.of(Instant.ofEpochSecond(n.longValue()));
  }

  static Optional<ObjectNode> object(ObjectNode o, String field) throws RestError {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isObject()) {
      throw RestError.badParameter("Property '" + field + "' must be a JSON object");
    }
    return Optional.of((ObjectNode) n);
  }

  /** Base64url without padding, as the service takes it; standard base64 and padding are refused. */
  static byte[] base64Url(ObjectNode o, String field) throws RestError {
    String s = requiredText(o, field);
    if (!s.matches("[A-Za-z0-9_-]*")) {
      throw RestError.badParameter("Property '" + field + "' is not base64url (A-Z, a-z, 0-9, '-', '_', no padding)");
    }
    try {
      return Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw RestError.badParameter("Property '" + field + "' is not valid base64url: " + e.getMessage());
    }
  }

  static Optional<Map<String, String>> tags(ObjectNode o) throws RestError {
    Optional<ObjectNode> t = object(o, "tags");
    if (t.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = t.get().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw RestError.badParameter("Tag '" + e.getKey() + "' must have a string value");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return Optional.of(out);
  }

  static Optional<Set<KeyOperation>> keyOps(ObjectNode o) throws RestError {
    JsonNode n = o.get("key_ops");
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isArray()) {
      throw RestError.badParameter("Property 'key_ops' must be an array");
    }
    Set<KeyOperation> ops = EnumSet.noneOf(KeyOperation.class);
    for (JsonNode op : n) {
      ops.add(keyOperation(op.isTextual() ? op.textValue() : op.toString()));
    }
    return Optional.of(ops);
  }

  private static KeyOperation keyOperation(String name) throws RestError {
    for (KeyOperation op : KeyOperation.values()) {
      if (op.wireName().equals(name)) {
        return op;
      }
    }
    throw RestError.badParameter("Invalid key operation '" + name
        + "'; allowed: encrypt, decrypt, sign, verify, wrapKey, unwrapKey");
  }
}
