package io.diskcrypt.keyvault;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed key or secret id: {@code https://{vault}.vault.azure.net/{keys|secrets}/{name}[/{version}]}
 * for a Key Vault, {@code https://{hsm}.managedhsm.azure.net/keys/{name}[/{version}]} for a Managed HSM
 * (which holds no secrets), the version being 32 lower-case hex digits. Disk features that require a
 * versioned URL check {@link #isVersioned()}.
 *
 * @param kind the kind of store, which decides the host name
 * @param vault the vault (or Managed HSM) name (lower case)
 * @param collection {@code keys} or {@code secrets}
 * @param name the object name
 * @param version the version, absent in a versionless id
 */
public record VaultObjectId(VaultKind kind, String vault, String collection, String name, Optional<String> version) {
  private static final Pattern URL = Pattern.compile("^https://([a-zA-Z0-9-]{3,24})\\.(vault|managedhsm)\\.azure\\.net(?::443)?"
      + "/(keys|secrets)/([a-zA-Z0-9-]{1,127})(?:/([0-9a-f]{32}))?/?$");
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9-]{1,127}$");
  private static final Pattern VERSION = Pattern.compile("^[0-9a-f]{32}$");
  static final String KEYS = "keys";
  static final String SECRETS = "secrets";

  /** Checks the parts. */
  public VaultObjectId {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(version, "version");
    if (!KEYS.equals(collection) && !SECRETS.equals(collection)) {
      throw new IllegalArgumentException("collection must be 'keys' or 'secrets', got " + collection);
    }
    if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
      throw new IllegalArgumentException("object name '" + name + "' must be 1-127 letters, digits or dashes");
    }
    if (kind == VaultKind.MANAGED_HSM && SECRETS.equals(collection)) {
      throw new IllegalArgumentException("a Managed HSM holds keys only, no secrets: " + vault);
    }
    if (version.isPresent() && !VERSION.matcher(version.get()).matches()) {
      throw new IllegalArgumentException("object version '" + version.get() + "' must be 32 lower-case hex digits");
    }
  }

  /**
   * The versionless id of key {@code name} in vault {@code vault}.
   *
   * @throws IllegalArgumentException when the name is not 1-127 letters, digits or dashes
   */
  public static VaultObjectId key(String vault, String name) {
    return key(VaultKind.KEY_VAULT, vault, name);
  }

  /**
   * The versionless id of key {@code name} in the store of {@code kind} named {@code vault}.
   *
   * @throws IllegalArgumentException when the name is not 1-127 letters, digits or dashes
   */
  public static VaultObjectId key(VaultKind kind, String vault, String name) {
    return new VaultObjectId(kind, vault, KEYS, name, Optional.empty());
  }

  /**
   * The versionless id of secret {@code name} in vault {@code vault}.
   *
   * @throws IllegalArgumentException when the name is not 1-127 letters, digits or dashes
   */
  public static VaultObjectId secret(String vault, String name) {
    return new VaultObjectId(VaultKind.KEY_VAULT, vault, SECRETS, name, Optional.empty());
  }

  /**
   * Parses {@code url}.
   *
   * @throws IllegalArgumentException when it is not a key or secret id of the shape above
   */
  public static VaultObjectId parse(String url) {
    Optional<VaultObjectId> id = tryParse(url);
    if (id.isEmpty()) {
      throw new IllegalArgumentException("not a Key Vault key or secret id"
          + " (https://{vault}.vault.azure.net/keys|secrets/{name}[/{32 hex version}]) nor a Managed HSM key id"
          + " (https://{hsm}.managedhsm.azure.net/keys/{name}[/{32 hex version}]): " + url);
    }
    return id.get();
  }

  /** Parses {@code url}, or empty when it is not a key or secret id. */
  public static Optional<VaultObjectId> tryParse(String url) {
    if (url == null) {
      return Optional.empty();
    }
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      return Optional.empty();
    }
    VaultKind kind = m.group(2).equals("vault") ? VaultKind.KEY_VAULT : VaultKind.MANAGED_HSM;
    if (kind == VaultKind.MANAGED_HSM && SECRETS.equals(m.group(3))) {
      return Optional.empty();
    }
    return Optional.of(new VaultObjectId(kind, m.group(1).toLowerCase(Locale.ROOT), m.group(3), m.group(4),
        Optional.ofNullable(m.group(5))));
  }

  /** True when the id names one version. */
  public boolean isVersioned() {
    return version.isPresent();
  }

  /** True for a key id. */
  public boolean isKey() {
    return KEYS.equals(collection);
  }

  /**
   * The same object at {@code version}.
   *
   * @throws IllegalArgumentException when the version is not 32 lower-case hex digits
   */
  public VaultObjectId withVersion(String version) {
    return new VaultObjectId(kind, vault, collection, name, Optional.of(version));
  }

  /** The same id without its version. */
  public VaultObjectId versionless() {
    return new VaultObjectId(kind, vault, collection, name, Optional.empty());
  }

  /** The id as a URL. */
  public String url() {
    return kind.baseUri(vault) + collection + "/" + name + version.map(v -> "/" + v).orElse("");
  }

  @Override
  public String toString() {
    return url();
  }
}
