package io.diskcrypt.keyvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diskcrypt.core.crypto.Randomness;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyOperation;
import io.diskcrypt.keyvault.KeyOperationResult;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.keyvault.KeyWrapAlgorithm;
import io.diskcrypt.keyvault.RotationPolicy;
import io.diskcrypt.keyvault.AttributesUpdate;
import io.diskcrypt.keyvault.DeletedObject;
import io.diskcrypt.keyvault.VaultObjectId;
import io.diskcrypt.keyvault.SecretBundle;
import io.diskcrypt.keyvault.SignResult;
import io.diskcrypt.keyvault.SignatureAlgorithm;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The routes of the data plane: each reads its request, calls the vault as the caller, and writes the
 * service's JSON. The vault decides everything (access, throttling, lifecycle rules); this class only
 * translates.
 */
final class Api {
  /** One request, authenticated and parsed. */
  record Request(String method, List<String> path, Map<String, String> query, JsonNode body, Identity caller,
      String apiVersion) {}

  /** One answer; a null body sends none. */
  record Answer(int status, JsonNode body, Map<String, String> headers) {
    static Answer ok(JsonNode body) {
      return new Answer(200, body, Map.of());
    }

    static Answer noContent() {
      return new Answer(204, null, Map.of());
    }
  }

  @FunctionalInterface
  private interface VaultCall {
    Answer run() throws KeyVaultException, RestError;
  }

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9-]{1,127}");
  private static final Pattern VERSION = Pattern.compile("[0-9a-fA-F]{32}");
  private static final int MAX_PAGE = 25;
  private static final int MAX_RANDOM_BYTES = 128;
  private static final Set<String> CRYPTO_OPS = Set.of("encrypt", "decrypt", "wrapkey", "unwrapkey", "sign", "verify");

  private final KeyVault vault;
  private final Wire wire;
  private final Errors errors;

  Api(KeyVault vault, Wire wire) {
    this.vault = vault;
    this.wire = wire;
    this.errors = new Errors(vault, wire);
  }

  Answer route(Request r) throws RestError {
    List<String> p = r.path();
    if (p.isEmpty()) {
      throw unknownPath(r);
    }
    return switch (p.get(0).toLowerCase(Locale.ROOT)) {
      case "keys" -> keys(r, p);
      case "deletedkeys" -> deletedKeys(r, p);
      case "secrets" -> secrets(r, p);
      case "deletedsecrets" -> deletedSecrets(r, p);
      case "rng" -> random(r, p);
      default -> throw unknownPath(r);
    };
  }

  // ---------------------------------------------------------------- keys

  private Answer keys(Request r, List<String> p) throws RestError {
    if (p.size() == 1) {
      expect(r, "GET");
      return run(r, Action.KEY_LIST, null, Optional.empty(),
          () -> Answer.ok(page(r, vault.keys().list(r.caller()).stream().map(wire::keyItem).toList())));
    }
    String name = name(p.get(1));
    if (p.size() == 2) {
      return switch (r.method()) {
        case "GET" -> run(r, Action.KEY_GET, name, Optional.empty(),
            () -> Answer.ok(wire.keyBundle(vault.keys().get(r.caller(), keyId(name)))));
        case "PATCH" -> updateKey(r, name, Optional.empty());
        case "PUT" -> importKey(r, name);
        case "DELETE" -> run(r, Action.KEY_DELETE, name, Optional.empty(), () -> {
          DeletedObject<KeyBundle> d = vault.keys().delete(r.caller(), keyId(name));
          return Answer.ok(wire.deleted(wire.keyBundle(d.object()), d));
        });
        default -> throw methodNotAllowed(r);
      };
    }
    String third = p.get(2);
    if (p.size() == 3) {
      switch (third.toLowerCase(Locale.ROOT)) {
        case "create" -> {
          expect(r, "POST");
          return createKey(r, name);
        }
        case "versions" -> {
          expect(r, "GET");
          return run(r, Action.KEY_LIST, name, Optional.empty(),
              () -> Answer.ok(page(r, vault.keys().listVersions(r.caller(), keyId(name)).stream().map(wire::keyItem).toList())));
        }
        case "rotate" -> {
          expect(r, "POST");
          return run(r, Action.KEY_ROTATE, name, Optional.empty(),
              () -> Answer.ok(wire.keyBundle(vault.rotateKey(r.caller(), keyId(name)))));
        }
        case "rotationpolicy" -> {
          return rotationPolicy(r, name);
        }
        default -> {
          if (CRYPTO_OPS.contains(third.toLowerCase(Locale.ROOT))) {
            expect(r, "POST");
            return crypto(r, name, Optional.empty(), third.toLowerCase(Locale.ROOT));
          }
          String version = version(third, "key", name);
          return switch (r.method()) {
            case "GET" -> run(r, Action.KEY_GET, name, Optional.of(version),
                () -> Answer.ok(wire.keyBundle(vault.keys().get(r.caller(), keyId(name).withVersion(version)))));
            case "PATCH" -> updateKey(r, name, Optional.of(version));
            default -> throw methodNotAllowed(r);
          };
        }
      }
    }
    if (p.size() == 4 && CRYPTO_OPS.contains(p.get(3).toLowerCase(Locale.ROOT))) {
      expect(r, "POST");
      return crypto(r, name, Optional.of(version(third, "key", name)), p.get(3).toLowerCase(Locale.ROOT));
    }
    throw unknownPath(r);
  }

  private Answer createKey(Request r, String name) throws RestError {
    ObjectNode b = Wire.body(r.body());
    KeyTypes.Parsed kty = KeyTypes.parse(Wire.requiredText(b, "kty"));
    int size = 0;
    Optional<io.diskcrypt.keyvault.KeyCurve> curve = Optional.empty();
    if (kty.type().isRsa()) {
      size = Wire.integer(b, "key_size").orElse(2048);
      Optional<Integer> exponent = Wire.integer(b, "public_exponent");
      if (exponent.isPresent() && exponent.get() != 0 && exponent.get() != 65537) {
        throw RestError.badParameter("Property 'public_exponent' must be 65537 (0 or absent: 65537); got " + exponent.get());
      }
    } else {
      curve = Optional.of(KeyTypes.curve(Wire.text(b, "crv").orElse("P-256")));
    }
    ObjectNode attrs = Wire.object(b, "attributes").orElse(Wire.object());
    KeySpec spec = new KeySpec(kty.type(), size, curve, Wire.keyOps(b).orElse(Set.of()),
        Wire.bool(attrs, "enabled").orElse(true), Wire.unixTime(attrs, "nbf"), Wire.unixTime(attrs, "exp"),
        Wire.tags(b).orElse(Map.of()), false, Optional.empty());
    return run(r, Action.KEY_CREATE, name, Optional.empty(),
        () -> Answer.ok(wire.keyBundle(vault.createKey(r.caller(), name, spec))));
  }

  private Answer importKey(Request r, String name) throws RestError {
    ObjectNode b = Wire.body(r.body());
    ObjectNode jwk = Wire.object(b, "key").orElseThrow(() -> RestError.badParameter("Property 'key' is required"));
    boolean hsm = Wire.bool(b, "Hsm").orElse(false);
    KeyTypes.Imported imported = KeyTypes.importJwk(jwk, hsm);
    ObjectNode attrs = Wire.object(b, "attributes").orElse(Wire.object());
    Set<KeyOperation> ops = Wire.keyOps(jwk).orElse(Set.of());
    KeySpec spec = new KeySpec(imported.type(), 0, Optional.empty(), ops, Wire.bool(attrs, "enabled").orElse(true),
        Wire.unixTime(attrs, "nbf"), Wire.unixTime(attrs, "exp"), Wire.tags(b).orElse(Map.of()), false,
        Optional.empty());
    return run(r, Action.KEY_IMPORT, name, Optional.empty(),
        () -> Answer.ok(wire.keyBundle(vault.importKey(r.caller(), name, imported.keyPair(), spec))));
  }

  private Answer updateKey(Request r, String name, Optional<String> version) throws RestError {
    ObjectNode b = Wire.body(r.body());
    KeyAttributesUpdate.Builder u = KeyAttributesUpdate.builder();
    Optional<ObjectNode> attrs = Wire.object(b, "attributes");
    if (attrs.isPresent()) {
      Wire.bool(attrs.get(), "enabled").ifPresent(u::enabled);
      Wire.unixTime(attrs.get(), "nbf").ifPresent(u::notBefore);
      Wire.unixTime(attrs.get(), "exp").ifPresent(u::expires);
    }
    Optional<Set<KeyOperation>> ops = Wire.keyOps(b);
    if (ops.isPresent()) {
      u.keyOps(ops.get().toArray(KeyOperation[]::new));
    }
    Wire.tags(b).ifPresent(u::tags);
    KeyAttributesUpdate update = u.build();
    return run(r, Action.KEY_UPDATE, name, version,
        () -> Answer.ok(wire.keyBundle(vault.keys().update(r.caller(), keyId(name, version), update))));
  }

  private Answer crypto(Request r, String name, Optional<String> version, String op) throws RestError {
    ObjectNode b = Wire.body(r.body());
    String alg = Wire.requiredText(b, "alg");
    Action action = switch (op) {
      case "encrypt" -> Action.KEY_ENCRYPT;
      case "decrypt" -> Action.KEY_DECRYPT;
      case "wrapkey" -> Action.KEY_WRAP;
      case "unwrapkey" -> Action.KEY_UNWRAP;
      case "sign" -> Action.KEY_SIGN;
      default -> Action.KEY_VERIFY;
    };
    if (action == Action.KEY_SIGN || action == Action.KEY_VERIFY) {
      return signOrVerify(r, name, version, action, b, alg);
    }
    KeyWrapAlgorithm algorithm;
    try {
      algorithm = KeyWrapAlgorithm.fromWireName(alg);
    } catch (IllegalArgumentException e) {
      throw RestError.badParameter("Invalid algorithm '" + alg + "' for " + action.permission
          + "; allowed: RSA1_5, RSA-OAEP, RSA-OAEP-256");
    }
    byte[] value = Wire.base64Url(b, "value");
    VaultObjectId id = keyId(name, version);
    return run(r, action, name, version, () -> {
      KeyOperationResult result = switch (action) {
        case KEY_ENCRYPT -> vault.encrypt(r.caller(), id, algorithm, value);
        case KEY_DECRYPT -> vault.decrypt(r.caller(), id, algorithm, value);
        case KEY_WRAP -> vault.wrapKey(r.caller(), id, algorithm, value);
        default -> vault.unwrapKey(r.caller(), id, algorithm, value);
      };
      byte[] out = result.value();
      try {
        ObjectNode o = Wire.object();
        o.put("kid", wire.id(result.kid()));
        o.put("value", Wire.base64Url(out));
        return Answer.ok(o);
      } finally {
        java.util.Arrays.fill(out, (byte) 0);
        result.wipe();
      }
    });
  }

  /** sign: {@code {alg, value: digest}} to {@code {kid, value: signature}}; verify: {@code {alg, digest, value: signature}} to {@code {value: bool}}. */
  private Answer signOrVerify(Request r, String name, Optional<String> version, Action action, ObjectNode b, String alg)
      throws RestError {
    SignatureAlgorithm algorithm;
    try {
      algorithm = SignatureAlgorithm.fromWireName(alg);
    } catch (IllegalArgumentException e) {
      throw RestError.badParameter("Invalid algorithm '" + alg + "' for " + action.permission
          + "; allowed: RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384");
    }
    VaultObjectId id = keyId(name, version);
    if (action == Action.KEY_SIGN) {
      byte[] digest = Wire.base64Url(b, "value");
      return run(r, action, name, version, () -> {
        SignResult signed = vault.sign(r.caller(), id, algorithm, digest);
        ObjectNode o = Wire.object();
        o.put("kid", wire.id(signed.kid()));
        o.put("value", Wire.base64Url(signed.signature()));
        return Answer.ok(o);
      });
    }
    byte[] digest = Wire.base64Url(b, "digest");
    byte[] signature = Wire.base64Url(b, "value");
    return run(r, action, name, version, () -> {
      ObjectNode o = Wire.object();
      o.put("value", vault.verify(r.caller(), id, algorithm, digest, signature));
      return Answer.ok(o);
    });
  }

  private Answer rotationPolicy(Request r, String name) throws RestError {
    String policyId = wire.serverBase() + "keys/" + name + "/rotationpolicy";
    switch (r.method()) {
      case "GET" -> {
        return run(r, Action.KEY_GET_ROTATION_POLICY, name, Optional.empty(), () -> Answer.ok(
            RotationPolicies.toJson(vault.getRotationPolicy(r.caller(), keyId(name)), policyId)));
      }
      case "PUT" -> {
        RotationPolicy policy = RotationPolicies.fromJson(Wire.body(r.body()));
        return run(r, Action.KEY_SET_ROTATION_POLICY, name, Optional.empty(), () -> Answer.ok(
            RotationPolicies.toJson(Optional.of(vault.setRotationPolicy(r.caller(), keyId(name), policy)), policyId)));
      }
      default -> throw methodNotAllowed(r);
    }
  }

  private Answer deletedKeys(Request r, List<String> p) throws RestError {
    if (p.size() == 1) {
      expect(r, "GET");
      return run(r, Action.KEY_LIST_DELETED, null, Optional.empty(), () -> Answer.ok(page(r,
          vault.keys().listDeleted(r.caller()).stream().map(d -> wire.deleted(wire.keyItem(d.object()), d)).toList())));
    }
    if (p.size() == 2 || p.size() == 3) {
      String name = name(p.get(1));
      VaultObjectId id = keyId(name);
      if (p.size() == 3) {
        if (!p.get(2).equalsIgnoreCase("recover")) {
          throw unknownPath(r);
        }
        expect(r, "POST");
        return run(r, Action.KEY_RECOVER, name, Optional.empty(),
            () -> Answer.ok(wire.keyBundle(vault.keys().recover(r.caller(), id))));
      }
      return switch (r.method()) {
        case "GET" -> run(r, Action.KEY_GET_DELETED, name, Optional.empty(), () -> {
          DeletedObject<KeyBundle> d = vault.keys().getDeleted(r.caller(), id);
          return Answer.ok(wire.deleted(wire.keyBundle(d.object()), d));
        });
        case "DELETE" -> run(r, Action.KEY_PURGE, name, Optional.empty(), () -> {
          vault.keys().purge(r.caller(), id);
          return Answer.noContent();
        });
        default -> throw methodNotAllowed(r);
      };
    }
    throw unknownPath(r);
  }

  // ---------------------------------------------------------------- secrets

  private Answer secrets(Request r, List<String> p) throws RestError {
    if (p.size() == 1) {
      expect(r, "GET");
      return run(r, Action.SECRET_LIST, null, Optional.empty(),
          () -> Answer.ok(page(r, vault.secrets().list(r.caller()).stream().map(i -> wire.secretItem(i, i.contentType())).toList())));
    }
    String name = name(p.get(1));
    if (p.size() == 2) {
      return switch (r.method()) {
        case "GET" -> run(r, Action.SECRET_GET, name, Optional.empty(),
            () -> Answer.ok(wire.secretBundle(vault.secrets().get(r.caller(), secretId(name)))));
        case "PUT" -> setSecret(r, name);
        case "PATCH" -> updateSecret(r, name, Optional.empty());
        case "DELETE" -> run(r, Action.SECRET_DELETE, name, Optional.empty(), () -> {
          DeletedObject<SecretBundle> d = vault.secrets().delete(r.caller(), secretId(name));
          return Answer.ok(wire.deleted(wire.secretItem(d.object()), d));
        });
        default -> throw methodNotAllowed(r);
      };
    }
    if (p.size() == 3) {
      if (p.get(2).equalsIgnoreCase("versions")) {
        expect(r, "GET");
        return run(r, Action.SECRET_LIST, name, Optional.empty(), () -> Answer.ok(page(r,
            vault.secrets().listVersions(r.caller(), secretId(name)).stream()
                .map(i -> wire.secretItem(i, i.contentType())).toList())));
      }
      String version = version(p.get(2), "secret", name);
      return switch (r.method()) {
        case "GET" -> run(r, Action.SECRET_GET, name, Optional.of(version),
            () -> Answer.ok(wire.secretBundle(vault.secrets().get(r.caller(), secretId(name).withVersion(version)))));
        case "PATCH" -> updateSecret(r, name, Optional.of(version));
        default -> throw methodNotAllowed(r);
      };
    }
    throw unknownPath(r);
  }

  private Answer setSecret(Request r, String name) throws RestError {
    ObjectNode b = Wire.body(r.body());
    String value = Wire.requiredText(b, "value");
    Optional<String> contentType = Wire.text(b, "contentType");
    Map<String, String> tags = Wire.tags(b).orElse(Map.of());
    AttributesUpdate attrs = secretAttributes(b, Optional.empty());
    return run(r, Action.SECRET_SET, name, Optional.empty(), () -> {
      return Answer.ok(wire.secretBundle(vault.setSecret(r.caller(), name, value, contentType.orElse(null), tags, attrs)));
    });
  }

  private Answer updateSecret(Request r, String name, Optional<String> version) throws RestError {
    ObjectNode b = Wire.body(r.body());
    AttributesUpdate update = secretAttributes(b, Wire.tags(b));
    VaultObjectId id = version.map(v -> secretId(name).withVersion(v)).orElse(secretId(name));
    return run(r, Action.SECRET_UPDATE, name, version,
        () -> Answer.ok(wire.secretItem(vault.secrets().update(r.caller(), id, update))));
  }

  private static AttributesUpdate secretAttributes(ObjectNode b, Optional<Map<String, String>> tags) throws RestError {
    Optional<ObjectNode> attrs = Wire.object(b, "attributes");
    if (attrs.isEmpty()) {
      return new AttributesUpdate(Optional.empty(), Optional.empty(), Optional.empty(), tags);
    }
    return new AttributesUpdate(Wire.bool(attrs.get(), "enabled"), Wire.unixTime(attrs.get(), "nbf"),
        Wire.unixTime(attrs.get(), "exp"), tags);
  }

  private Answer deletedSecrets(Request r, List<String> p) throws RestError {
    if (p.size() == 1) {
      expect(r, "GET");
      return run(r, Action.SECRET_LIST_DELETED, null, Optional.empty(), () -> Answer.ok(page(r,
          vault.secrets().listDeleted(r.caller()).stream().map(d -> wire.deleted(wire.secretItem(d.object()), d)).toList())));
    }
    if (p.size() == 2 || p.size() == 3) {
      String name = name(p.get(1));
      VaultObjectId id = secretId(name);
      if (p.size() == 3) {
        if (!p.get(2).equalsIgnoreCase("recover")) {
          throw unknownPath(r);
        }
        expect(r, "POST");
        return run(r, Action.SECRET_RECOVER, name, Optional.empty(),
            () -> Answer.ok(wire.secretItem(vault.secrets().recover(r.caller(), id))));
      }
      return switch (r.method()) {
        case "GET" -> run(r, Action.SECRET_GET_DELETED, name, Optional.empty(), () -> {
          DeletedObject<SecretBundle> d = vault.secrets().getDeleted(r.caller(), id);
          return Answer.ok(wire.deleted(wire.secretItem(d.object()), d));
        });
        case "DELETE" -> run(r, Action.SECRET_PURGE, name, Optional.empty(), () -> {
          vault.secrets().purge(r.caller(), id);
          return Answer.noContent();
        });
        default -> throw methodNotAllowed(r);
      };
    }
    throw unknownPath(r);
  }

  // ---------------------------------------------------------------- random bytes

  private Answer random(Request r, List<String> p) throws RestError {
    if (p.size() != 1) {
      throw unknownPath(r);
    }
    expect(r, "POST");
    int count = Wire.integer(Wire.body(r.body()), "count")
        .orElseThrow(() -> RestError.badParameter("Property 'count' is required"));
    if (count < 1 || count > MAX_RANDOM_BYTES) {
      throw RestError.badParameter("Property 'count' must be 1 to " + MAX_RANDOM_BYTES + "; got " + count);
    }
    byte[] bytes = new byte[count];
    Randomness.source().nextBytes(bytes);
    ObjectNode o = Wire.object();
    o.put("value", Wire.base64Url(bytes));
    return Answer.ok(o);
  }

  // ---------------------------------------------------------------- helpers

  private Answer run(Request r, Action action, String name, Optional<String> version, VaultCall call)
      throws RestError {
    try {
      return call.run();
    } catch (KeyVaultException e) {
      throw errors.map(e, action, r.caller(), name, version);
    }
  }

  private JsonNode page(Request r, List<ObjectNode> items) throws RestError {
    int max = MAX_PAGE;
    String maxParam = r.query().get("maxresults");
    if (maxParam != null) {
      try {
        max = Integer.parseInt(maxParam);
      } catch (NumberFormatException e) {
        max = -1;
      }
      if (max < 1 || max > MAX_PAGE) {
        throw RestError.badParameter("maxresults must be 1 to " + MAX_PAGE + "; got '" + maxParam + "'");
      }
    }
    int skip = 0;
    String token = r.query().get("$skiptoken");
    if (token != null) {
      try {
        skip = Integer.parseInt(token);
      } catch (NumberFormatException e) {
        skip = -1;
      }
      if (skip < 0) {
        throw RestError.badParameter("$skiptoken '" + token + "' is not one this server issued");
      }
    }
    ArrayNode page = Wire.array();
    items.stream().skip(skip).limit(max).forEach(page::add);
    Optional<String> next = Optional.empty();
    if (skip + max < items.size()) {
      next = Optional.of(wire.serverBase() + String.join("/", r.path()) + "?api-version=" + r.apiVersion()
          + "&maxresults=" + max + "&$skiptoken=" + (skip + max));
    }
    return Wire.page(page, next);
  }

  private VaultObjectId keyId(String name) {
    return VaultObjectId.key(vault.name(), name);
  }

  private VaultObjectId keyId(String name, Optional<String> version) {
    return version.map(v -> keyId(name).withVersion(v)).orElse(keyId(name));
  }

  private VaultObjectId secretId(String name) {
    return VaultObjectId.secret(vault.name(), name);
  }

  private static String name(String s) throws RestError {
    if (!NAME.matcher(s).matches()) {
      throw RestError.badParameter("The request URI contains an invalid name: " + s);
    }
    return s;
  }

  private static String version(String s, String kind, String name) throws RestError {
    if (!VERSION.matcher(s).matches()) {
      String code = kind.equals("key") ? "KeyNotFound" : "SecretNotFound";
      throw RestError.of(404, code, "A " + kind + " with (name/id) " + name + "/" + s
          + " was not found in this key vault.");
    }
    return s.toLowerCase(Locale.ROOT);
  }

  private static void expect(Request r, String method) throws RestError {
    if (!r.method().equals(method)) {
      throw methodNotAllowed(r);
    }
  }

  private static RestError methodNotAllowed(Request r) {
    return RestError.of(405, "MethodNotAllowed", "The requested resource does not support http method '"
        + r.method() + "'.");
  }

  private static RestError unknownPath(Request r) {
    return RestError.of(404, "NotFound", "No Key Vault operation at /" + String.join("/", r.path()));
  }
}
