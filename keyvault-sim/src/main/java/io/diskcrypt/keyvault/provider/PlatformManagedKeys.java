package io.diskcrypt.keyvault.provider;

import io.diskcrypt.core.crypto.Randomness;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyAccessException.Reason;
import io.diskcrypt.core.keys.KeyProvider;
import io.diskcrypt.core.keys.WrappedKey;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Platform-managed keys (PMK) of one region: AES-256 key-encryption keys held by the platform, which
 * wraps data keys with AES key wrap with padding (RFC 5649, {@code AES/KWP/NoPadding}). Ids look like
 * {@code platform://{region}/{name}/{32 hex version}}; without the version they mean the current one.
 * A key is made on first use of its name; {@link #rotate} adds a version and old versions keep
 * unwrapping.
 *
 * <p>The customer's view, as in the real platform: these keys are in no vault (a vault cannot resolve
 * their ids), there is no call to read, export, disable, delete or revoke them, and the key material
 * never leaves this object. Only the platform rotates them. Thread-safe.
 */
public final class PlatformManagedKeys implements KeyProvider {
  /** The scheme of platform key ids. */
  public static final String SCHEME = "platform://";
  /** The wrapping algorithm recorded in {@link WrappedKey#algorithm()}. */
  public static final String ALGORITHM = "A256KWP";

  private static final Pattern ID = Pattern.compile("^platform://([a-z0-9-]+)/([a-zA-Z0-9-]{1,127})(?:/([0-9a-f]{32}))?$");

  private final String region;
  private final Map<String, LinkedHashMap<String, SecretKeyMaterial>> keys = new HashMap<>();

  /** The platform keys of {@code region}, such as {@code westeurope}. */
  public PlatformManagedKeys(String region) {
    if (region == null || !region.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("region must be lower-case letters, digits and dashes: " + region);
    }
    this.region = region;
  }

  /** The region. */
  public String region() {
    return region;
  }

  @Override
  public String holder() {
    return "platform-managed key (" + region + ")";
  }

  /** The versionless id of key {@code name}, making the key if it does not exist yet. */
  public synchronized String keyId(String name) {
    versionsOf(name);
    return SCHEME + region + "/" + name;
  }

  /** The versioned id of the current version of key {@code name}, making the key if needed. */
  public synchronized String currentVersionId(String name) {
    LinkedHashMap<String, SecretKeyMaterial> versions = versionsOf(name);
    List<String> all = new ArrayList<>(versions.keySet());
    return SCHEME + region + "/" + name + "/" + all.get(all.size() - 1);
  }

  /** Rotates key {@code name} (the platform's own schedule): a new version; old ones still unwrap. */
  public synchronized String rotate(String name) {
    addVersion(versionsOf(name));
    return currentVersionId(name);
  }

  @Override
  public WrappedKey wrap(String kekId, SecretKeyMaterial dataKey) throws KeyAccessException {
    String versioned = resolveForWrap(kekId);
    SecretKeySpec kek = kek(versioned);
    byte[] plain = dataKey.copyBytes();
    try {
      Cipher c = Cipher.getInstance("AES/KWP/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, kek);
      return new WrappedKey(versioned, ALGORITHM, c.doFinal(plain));
    } catch (GeneralSecurityException e) {
      throw new KeyAccessException(versioned, Reason.REJECTED, "AES key wrap failed: " + e.getClass().getSimpleName(), e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  @Override
  public SecretKeyMaterial unwrap(WrappedKey wrapped) throws KeyAccessException {
    String id = wrapped.keyId();
    if (!ALGORITHM.equals(wrapped.algorithm())) {
      throw new KeyAccessException(id, Reason.REJECTED, "unsupported wrapping algorithm " + wrapped.algorithm() + "; expected " + ALGORITHM);
    }
    Matcher m = parse(id);
    if (m.group(3) == null) {
      throw new KeyAccessException(id, Reason.REJECTED, "a wrapped key must name the exact platform key version");
    }
    SecretKeySpec kek = kek(id);
    byte[] raw = null;
    try {
      Cipher c = Cipher.getInstance("AES/KWP/NoPadding");
      c.init(Cipher.DECRYPT_MODE, kek);
      raw = c.doFinal(wrapped.ciphertext());
      return SecretKeyMaterial.copyOf(raw);
    } catch (GeneralSecurityException e) {
      throw new KeyAccessException(id, Reason.REJECTED, "wrapped key does not unwrap under this platform key (integrity check failed)", e);
    } finally {
      if (raw != null) {
        Arrays.fill(raw, (byte) 0);
      }
    }
  }

  private Matcher parse(String id) throws KeyAccessException {
    Matcher m = ID.matcher(Objects.requireNonNull(id, "kekId"));
    if (!m.matches()) {
      throw new KeyAccessException(String.valueOf(id), Reason.UNREACHABLE, "not a platform key id (platform://{region}/{name}[/{version}])");
    }
    if (!m.group(1).equals(region)) {
      throw new KeyAccessException(id, Reason.UNREACHABLE, "platform key of region " + m.group(1) + " is not reachable from " + region);
    }
    return m;
  }

  private synchronized String resolveForWrap(String kekId) throws KeyAccessException {
    Matcher m = parse(kekId);
    if (m.group(3) == null) {
      return currentVersionId(m.group(2));
    }
    return kekId;
  }

  private synchronized SecretKeySpec kek(String versionedId) throws KeyAccessException {
    Matcher m = parse(versionedId);
    LinkedHashMap<String, SecretKeyMaterial> versions = keys.get(m.group(2));
    SecretKeyMaterial key = versions == null ? null : versions.get(m.group(3));
    if (key == null) {
      throw new KeyAccessException(versionedId, Reason.DELETED, "no such platform key version");
    }
    byte[] raw = key.copyBytes();
    try {
      return new SecretKeySpec(raw, "AES");
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private LinkedHashMap<String, SecretKeyMaterial> versionsOf(String name) {
    if (name == null || !name.matches("[a-zA-Z0-9-]{1,127}")) {
      throw new IllegalArgumentException("platform key name must be 1-127 letters, digits or dashes: " + name);
    }
    return keys.computeIfAbsent(name, n -> {
      LinkedHashMap<String, SecretKeyMaterial> v = new LinkedHashMap<>();
      addVersion(v);
      return v;
    });
  }

  private static void addVersion(LinkedHashMap<String, SecretKeyMaterial> versions) {
    byte[] b = new byte[16];
    Randomness.source().nextBytes(b);
    versions.put(HexFormat.of().formatHex(b), SecretKeyMaterial.random(32));
  }

  @Override
  public String toString() {
    return "PlatformManagedKeys[" + region + "]";
  }
}
