package io.diskcrypt.core.keys;

import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.keys.KeyAccessException.Reason;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small key provider for tests: AES-256 key-encryption keys with versions, wrapping with AES key
 * wrap (RFC 3394, the JDK's {@code AESWrap}), and switches to disable, delete or forbid a key
 * so that callers can be tested against every failure of the SPI. Ids look like {@code
 * mem://NAME/vN}; {@code mem://NAME} means the newest version. Thread-safe.
 */
public final class InMemoryKeyProvider implements KeyProvider {
  private static final String SCHEME = "mem://";
  private static final String ALGORITHM = "AES-KW";

  private enum State { ENABLED, DISABLED, DELETED, FORBIDDEN }

  private final String holder;
  private final Map<String, List<SecretKeyMaterial>> versions = new HashMap<>();
  private final Map<String, State> states = new HashMap<>();

  /** A provider whose keys are held by {@code holder}, such as {@code "test platform"}. */
  public InMemoryKeyProvider(String holder) {
    this.holder = Objects.requireNonNull(holder, "holder");
  }

  @Override
  public String holder() {
    return holder;
  }

  /** Creates key {@code name} (or a new version of it) and returns the new version's id. */
  public synchronized String createKey(String name) {
    if (name == null || name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException("key name must be non-empty and contain no '/': " + name);
    }
    List<SecretKeyMaterial> list = versions.computeIfAbsent(name, n -> new ArrayList<>());
    list.add(SecretKeyMaterial.random(32));
    states.putIfAbsent(name, State.ENABLED);
    return SCHEME + name + "/v" + list.size();
  }

  /** Disables every version of the key named in {@code keyId}. */
  public void disable(String keyId) {
    setState(keyId, State.DISABLED);
  }

  /** Enables the key again (undoes disable, delete and forbid). */
  public void enable(String keyId) {
    setState(keyId, State.ENABLED);
  }

  /** Deletes the key: every use fails with reason {@link Reason#DELETED}. */
  public void delete(String keyId) {
    setState(keyId, State.DELETED);
  }

  /** Withdraws the caller's permission: every use fails with reason {@link Reason#ACCESS_REMOVED}. */
  public void forbid(String keyId) {
    setState(keyId, State.FORBIDDEN);
  }

  private synchronized void setState(String keyId, State state) {
    String name = parse(keyId).name;
    if (!versions.containsKey(name)) {
      throw new IllegalArgumentException("no key " + keyId);
    }
    states.put(name, state);
  }

  @Override
  public WrappedKey wrap(String kekId, SecretKeyMaterial dataKey) throws KeyAccessException {
    Resolved kek = resolve(kekId);
    byte[] plain = dataKey.copyBytes();
    try {
      Cipher cipher = Cipher.getInstance("AESWrap");
      cipher.init(Cipher.WRAP_MODE, kek.key);
      return new WrappedKey(kek.id, ALGORITHM, cipher.wrap(new SecretKeySpec(plain, "RAW")));
    } catch (GeneralSecurityException e) {
      throw new KeyAccessException(kek.id, Reason.REJECTED, "AES key wrap failed: " + e.getClass().getSimpleName(), e);
    } finally {
      java.util.Arrays.fill(plain, (byte) 0);
    }
  }

  @Override
  public SecretKeyMaterial unwrap(WrappedKey wrapped) throws KeyAccessException {
    if (!ALGORITHM.equals(wrapped.algorithm())) {
      throw new KeyAccessException(wrapped.keyId(), Reason.REJECTED, "unsupported wrapping algorithm " + wrapped.algorithm());
    }
    Resolved kek = resolve(wrapped.keyId());
    try {
      Cipher cipher = Cipher.getInstance("AESWrap");
      cipher.init(Cipher.UNWRAP_MODE, kek.key);
      Key key = cipher.unwrap(wrapped.ciphertext(), "RAW", Cipher.SECRET_KEY);
      byte[] raw = key.getEncoded();
      try {
        return SecretKeyMaterial.copyOf(raw);
      } finally {
        java.util.Arrays.fill(raw, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new KeyAccessException(kek.id, Reason.REJECTED, "wrapped key does not unwrap under this key (integrity check failed)", e);
    }
  }

  private record Parsed(String name, int version) {}

  private record Resolved(String id, SecretKeySpec key) {}

  private static Parsed parse(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    if (!keyId.startsWith(SCHEME)) {
      throw new IllegalArgumentException("not an in-memory key id (mem://NAME[/vN]): " + keyId);
    }
    String rest = keyId.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return new Parsed(rest, 0);
    }
    String version = rest.substring(slash + 1);
    if (!version.matches("v[1-9][0-9]*")) {
      throw new IllegalArgumentException("malformed version in key id " + keyId);
    }
    return new Parsed(rest.substring(0, slash), Integer.parseInt(version.substring(1)));
  }

  private synchronized Resolved resolve(String keyId) throws KeyAccessException {
    Parsed parsed = parse(keyId);
    List<SecretKeyMaterial> list = versions.get(parsed.name);
    if (list == null || parsed.version > list.size()) {
      throw new KeyAccessException(keyId, Reason.DELETED, "key not found");
    }
    switch (states.get(parsed.name)) {
      case DISABLED -> throw new KeyAccessException(keyId, Reason.DISABLED, "key is disabled");
      case DELETED -> throw new KeyAccessException(keyId, Reason.DELETED, "key was deleted");
      case FORBIDDEN -> throw new KeyAccessException(keyId, Reason.ACCESS_REMOVED,
          "caller has no permission on this key");
      case ENABLED -> { }
    }
    int version = parsed.version == 0 ? list.size() : parsed.version;
    byte[] raw = list.get(version - 1).copyBytes();
    try {
      return new Resolved(SCHEME + parsed.name + "/v" + version, new SecretKeySpec(raw, "AES"));
    } finally {
      java.util.Arrays.fill(raw, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "InMemoryKeyProvider[" + holder + "]";
  }
}
