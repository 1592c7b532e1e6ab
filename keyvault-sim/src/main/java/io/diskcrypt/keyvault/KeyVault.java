package io.diskcrypt.keyvault;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One simulated Azure Key Vault: versioned RSA and EC keys with real cryptography, versioned secrets,
 * access policies or RBAC, soft delete with purge protection, rotation policies, throttling and an
 * audit log, all on the service's {@link io.diskcrypt.core.time.SimClock}. Made by {@link
 * KeyVaultService#createVault}.
 *
 * <p><b>Ids.</b> Every call on an existing key or secret takes its {@link VaultObjectId} (a REST
 * server or a test builds one with {@link VaultObjectId#key}, {@link VaultObjectId#secret} or {@link
 * VaultObjectId#parse}); an id without a version means the current version. Each such call also has a
 * {@code String} overload taking a name or an id URL, which parses it once and calls the typed one; a
 * string that is neither is refused with {@link BadParameterException} before the call reaches the
 * vault (and so is not audited).
 *
 * <p>Every data-plane operation takes the calling {@link Identity} first and runs, in the real
 * service's order: throttling (429), then the caller's permission (403), then the object (404), then
 * the object's own state and the parameters. Every call the service answers, allowed or refused, is
 * written to the audit log. Control-plane settings ({@link #setAccessPolicy}, {@link #assignRole},
 * {@link #setPurgeProtection}) take no caller: they stand for Azure Resource Manager calls by the
 * vault's owner.
 *
 * <p>Rules modelled from the real service: a disabled key version refuses every cryptographic
 * operation (reading and updating it still work); outside its {@code nbf}/{@code exp} window a key
 * refuses wrapKey, encrypt and sign but still unwraps, decrypts and verifies; {@code key_ops} can
 * forbid any of them; EC keys refuse wrapKey, unwrapKey, encrypt and decrypt; sign and verify take
 * RS256-RS512 and PS256-PS512 with RSA keys and ES256/ES384 with P-256/P-384 keys; RSA-HSM and
 * EC-HSM need a premium vault; a plaintext longer than the key and algorithm take is refused with the
 * limit in the message; a disabled secret version refuses reads of its value; deleted objects keep
 * their name until purged (automatically when retention ends); purge protection blocks purge and cannot
 * be turned off. Attributes belong to a version: disabling a key id without a version disables the
 * current version only.
 *
 * <p>Keys and secrets share one lifecycle (versions, attributes, update, soft delete, recover, purge),
 * written once in a package-private store; this class adds what only keys do. Thread-safe: one lock
 * per vault.
 */
public final class KeyVault {
  private static final int MAX_SECRET_BYTES = 25 * 1024;

  private final KeyVaultService service;
  private final VaultSpec spec;
  private final String baseUrl;
  private final AccessControl access;
  private final Events events = new Events();
  private final Calls calls;
  private final VersionedStore<KeyVersion, KeyBundle, KeyAttributesUpdate> keys;
  private final VersionedStore<SecretVersion, SecretBundle, AttributesUpdate> secrets;
  private boolean purgeProtection;
  private boolean enabledForDiskEncryption;

  KeyVault(KeyVaultService service, VaultSpec spec) {
    this.service = service;
    this.spec = spec;
    this.baseUrl = spec.kind().baseUri(spec.name());
    this.access = new AccessControl(spec.kind(), spec.name(), spec.rbacAuthorization());
    this.calls = new Calls(this, service, spec.name(), events);
    this.purgeProtection = spec.purgeProtection();
    this.enabledForDiskEncryption = spec.enabledForDiskEncryption();
    Duration retention = softDeleteRetention();
    this.keys = new VersionedStore<>(calls, spec.kind(), spec.name(), new VersionedStore.Kind<>(VaultObjectId.KEYS,
        "key", "Key", "KeyNotFound", (who, step, id) -> access.checkKey(who, KeyPermission.of(step), id),
        v -> Throttle.opCost(v.kty, v.size), v -> { }, KeyAttributesUpdate::attributes, KeyVault::keyUpdate),
        v -> v.bundle(recoveryLevel()), this::recoveryLevel, () -> purgeProtection, retention);
    this.secrets = new VersionedStore<>(calls, spec.kind(), spec.name(), new VersionedStore.Kind<>(VaultObjectId.SECRETS,
        "secret", "Secret", "SecretNotFound", (who, step, id) -> access.checkSecret(who, SecretPermission.of(step), id),
        v -> 1, KeyVault::checkReadable, u -> u, (v, u) -> () -> { }),
        v -> v.bundle(recoveryLevel()), this::recoveryLevel, () -> purgeProtection, retention);
  }

  // ---------------------------------------------------------------- vault properties and control plane

  /** The vault name. */
  public String name() {
    return spec.name();
  }

  /** A Key Vault or a Managed HSM. */
  public VaultKind kind() {
    return spec.kind();
  }

  /** The URI, {@code https://{name}.vault.azure.net/} (a Managed HSM: {@code https://{name}.managedhsm.azure.net/}). */
  public String uri() {
    return baseUrl;
  }

  /** The spec the vault was created with (flags may have changed since: see the getters). */
  public VaultSpec spec() {
    return spec;
  }

  /** The region. */
  public String region() {
    return spec.region();
  }

  /** The subscription. */
  public String subscription() {
    return spec.subscription();
  }

  /** The SKU. */
  public VaultSpec.Sku sku() {
    return spec.sku();
  }

  /** True when Azure RBAC decides access (access policies are then ignored). */
  public boolean rbacAuthorization() {
    return spec.rbacAuthorization();
  }

  /** Soft-delete retention. */
  public Duration softDeleteRetention() {
    return Duration.ofDays(spec.softDeleteRetentionDays());
  }

  /** Whether purge protection is on. */
  public synchronized boolean purgeProtection() {
    return purgeProtection;
  }

  /**
   * Turns purge protection on, or refuses to turn it off: once on, it stays on, as in the real
   * service.
   *
   * @throws BadParameterException when asked to turn it off after it was on
   */
  public synchronized void setPurgeProtection(boolean on) throws BadParameterException {
    if (purgeProtection && !on) {
      throw new BadParameterException("purge protection of vault '" + name() + "' is on and cannot be turned off");
    }
    purgeProtection = on;
  }

  /** The {@code enabledForDiskEncryption} flag: may Azure Disk Encryption use this vault. */
  public synchronized boolean enabledForDiskEncryption() {
    return enabledForDiskEncryption;
  }

  /**
   * Sets the {@code enabledForDiskEncryption} flag.
   *
   * @throws IllegalArgumentException when turning it on in a Managed HSM, which has no such flag
   */
  public synchronized void setEnabledForDiskEncryption(boolean on) {
    if (on && kind() == VaultKind.MANAGED_HSM) {
      throw new IllegalArgumentException("Managed HSM '" + name() + "' has no enabledForDiskEncryption flag:"
          + " Azure Disk Encryption takes Key Vault only");
    }
    enabledForDiskEncryption = on;
  }

  /**
   * Sets (replaces) the access policy of {@code who}. Takes effect only when the vault uses access
   * policies, not RBAC.
   *
   * @throws IllegalArgumentException in a Managed HSM, which has no access policies
   */
  public synchronized void setAccessPolicy(Identity who, Set<KeyPermission> keyPermissions,
      Set<SecretPermission> secretPermissions) {
    if (kind() == VaultKind.MANAGED_HSM) {
      throw new IllegalArgumentException("Managed HSM '" + name() + "' has no access policies: it authorizes with"
          + " its local RBAC roles only; assign one of " + rolesOf(kind()));
    }
    access.setPolicy(Objects.requireNonNull(who, "who"), keyPermissions, secretPermissions);
  }

  /** Removes the access policy of {@code who}; its next call is forbidden. */
  public synchronized void removeAccessPolicy(Identity who) {
    access.removePolicy(Objects.requireNonNull(who, "who"));
  }

  /**
   * Assigns {@code role} to {@code who} at vault scope. Takes effect only in an RBAC vault (a Managed
   * HSM always is one).
   *
   * @throws IllegalArgumentException when the role belongs to the other kind of store
   */
  public synchronized void assignRole(Identity who, VaultRole role) {
    if (Objects.requireNonNull(role, "role").kind() != kind()) {
      throw new IllegalArgumentException("role '" + role.roleName() + "' is a " + role.kind().displayName()
          + " role; " + kind().displayName() + " '" + name() + "' takes " + rolesOf(kind()));
    }
    access.assign(Objects.requireNonNull(who, "who"), Objects.requireNonNull(role, "role"));
  }

  /** Removes the assignment of {@code role} to {@code who}. */
  public synchronized void removeRole(Identity who, VaultRole role) {
    access.unassign(Objects.requireNonNull(who, "who"), Objects.requireNonNull(role, "role"));
  }

  /**
   * Gives {@code who} every key and secret right: a full access policy, or the Crypto Officer and
   * Secrets Officer roles in an RBAC vault, or the Managed HSM Crypto User and Crypto Officer roles in
   * a Managed HSM. What {@link KeyVaultService#createVault(VaultSpec, Identity)}
   * does for the creator.
   */
  public synchronized void grantAll(Identity who) {
    if (kind() == VaultKind.MANAGED_HSM) {
      access.assign(who, VaultRole.MANAGED_HSM_CRYPTO_USER);
      access.assign(who, VaultRole.MANAGED_HSM_CRYPTO_OFFICER);
      return;
    }
    access.setPolicy(who, KeyPermission.all(), SecretPermission.all());
    access.assign(who, VaultRole.CRYPTO_OFFICER);
    access.assign(who, VaultRole.SECRETS_OFFICER);
  }

  /** This vault's audit log, oldest first. */
  public List<AuditEntry> auditLog() {
    return service.auditLog(name());
  }

  /** The events published so far, oldest first. */
  public List<VaultEvent> events() {
    return events.all();
  }

  /** Runs {@code listener} for every event published from now on (outside the vault's lock). */
  public void onEvent(Consumer<VaultEvent> listener) {
    events.onEvent(listener);
  }

  // ---------------------------------------------------------------- keys and secrets

  /**
   * This vault's keys: reading, listing versions, updating attributes, soft delete, recover and purge,
   * as for secrets. What only keys do is below.
   */
  public VaultObjects<KeyBundle, KeyAttributesUpdate> keys() {
    return keys;
  }

  /** This vault's secrets: the same lifecycle as {@link #keys()}; {@link #setSecret} adds a version. */
  public VaultObjects<SecretBundle, AttributesUpdate> secrets() {
    return secrets;
  }

  // ---------------------------------------------------------------- what only keys do

  /**
   * Creates key {@code name}, or a new version of it, with fresh key material.
   *
   * @throws ForbiddenException without the {@code create} permission
   * @throws BadParameterException for a bad name, size, curve, key_ops or tags, or an HSM type in a
   *     standard vault
   * @throws ConflictException when the name belongs to a deleted key
   * @throws ThrottledException when the vault's budget is spent
   */
  public KeyBundle createKey(Identity caller, String name, KeySpec spec) throws KeyVaultException {
    Objects.requireNonNull(spec, "spec");
    return calls.run(caller, "KeyCreate", baseUrl + "keys/" + name, () -> Throttle.createCost(spec.kty()), c -> {
      access.checkKey(caller, KeyPermission.CREATE, c.objectId);
      KeySpec s = inheritReleasePolicy(name, spec);
      int size = checkSpec(s, s.size(), c.objectId);
      KeyVersion v = addKeyVersion(name, s, size, generate(s), calls.now());
      c.objectId = v.url();
      return v.bundle(recoveryLevel());
    });
  }

  /**
   * Imports {@code keyPair} as key {@code name} (or a new version of it). The size or curve comes from
   * the key pair; {@code spec} gives the type (which must match) and the attributes.
   *
   * @throws BadParameterException when the key pair does not match the type, or its size is not allowed
   */
  public KeyBundle importKey(Identity caller, String name, KeyPair keyPair, KeySpec spec) throws KeyVaultException {
    Objects.requireNonNull(keyPair, "keyPair");
    Objects.requireNonNull(spec, "spec");
    return calls.run(caller, "KeyImport", baseUrl + "keys/" + name, () -> Throttle.createCost(spec.kty()), c -> {
      access.checkKey(caller, KeyPermission.IMPORT, c.objectId);
      keys.idOfName(name);
      KeySpec actual = spec;
      int size = 0;
      if (keyPair.getPublic() instanceof RSAPublicKey rsa && spec.kty().isRsa()) {
        size = rsa.getModulus().bitLength();
      } else if (keyPair.getPublic() instanceof ECPublicKey ec && !spec.kty().isRsa()) {
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        KeyCurve curve = bits == 256 ? KeyCurve.P_256 : bits == 384 ? KeyCurve.P_384 : null;
        if (curve == null) {
          throw new BadParameterException("imported EC key for " + c.objectId + " is on a " + bits
              + "-bit curve; allowed: P-256, P-384");
        }
        actual = new KeySpec(spec.kty(), 0, Optional.of(curve), spec.keyOps(), spec.enabled(),
            spec.notBefore(), spec.expires(), spec.tags(), spec.exportable(), spec.releasePolicy());
      } else {
        throw new BadParameterException("imported " + keyPair.getPublic().getAlgorithm() + " key for "
            + c.objectId + " does not match kty " + spec.kty().wireName());
      }
      actual = inheritReleasePolicy(name, actual);
      checkSpec(actual, size, c.objectId);
      KeyVersion v = addKeyVersion(name, actual, size, KeyMaterial.of(keyPair), calls.now());
      c.objectId = v.url();
      return v.bundle(recoveryLevel());
    });
  }

  /**
   * Rotates key {@code id} now: a new version with fresh material, the same type, size, key_ops and
   * tags, and an expiry from the rotation policy's {@code expiryTime} if it has one. Old versions stay
   * usable.
   *
   * @throws ForbiddenException without the {@code rotate} permission
   * @throws NotFoundException when the key does not exist or is deleted
   */
  public KeyBundle rotateKey(Identity caller, VaultObjectId id) throws KeyVaultException {
    Objects.requireNonNull(id, "id");
    return calls.run(caller, "KeyRotate", id.url(), () -> keys.peek(id.versionless())
        .map(v -> Throttle.createCost(v.kty)).orElse(Throttle.createCost(KeyType.RSA)), c -> {
      access.checkKey(caller, KeyPermission.ROTATE, c.objectId);
      KeyVersion v = rotate(keys.live(id), calls.now(), this::generate);
      c.objectId = v.url();
      return v.bundle(recoveryLevel());
    });
  }

  /** As {@link #rotateKey(Identity, VaultObjectId)}, by key name or id URL. */
  public KeyBundle rotateKey(Identity caller, String nameOrId) throws KeyVaultException {
    return rotateKey(caller, keys.id(nameOrId));
  }

  /**
   * Wraps {@code keyToWrap} with key {@code id} (the current version when the id has none). The result
   * names the exact version used.
   *
   * @throws ForbiddenException without the {@code wrapKey} permission, or when key_ops exclude it
   * @throws KeyDisabledException when the version is disabled
   * @throws KeyNotActiveException outside the version's nbf/exp window
   * @throws BadParameterException for an EC key, or a plaintext longer than the key and algorithm take
   * @throws NotFoundException when the key or version does not exist or is deleted
   */
  public KeyOperationResult wrapKey(Identity caller, VaultObjectId id, KeyWrapAlgorithm algorithm, byte[] keyToWrap)
      throws KeyVaultException {
    return crypto(caller, id, algorithm, keyToWrap, KeyCrypto.WRAP);
  }

  /** As {@link #wrapKey(Identity, VaultObjectId, KeyWrapAlgorithm, byte[])}, by key name or id URL. */
  public KeyOperationResult wrapKey(Identity caller, String keyId, KeyWrapAlgorithm algorithm, byte[] keyToWrap)
      throws KeyVaultException {
    return wrapKey(caller, keys.id(keyId), algorithm, keyToWrap);
  }

  /**
   * Unwraps {@code wrappedKey} with key version {@code id}. Works outside the nbf/exp window.
   *
   * @throws ForbiddenException without the {@code unwrapKey} permission, or when key_ops exclude it
   * @throws KeyDisabledException when the version is disabled
   * @throws BadParameterException when the bytes do not unwrap under this key and algorithm
   */
  public KeyOperationResult unwrapKey(Identity caller, VaultObjectId id, KeyWrapAlgorithm algorithm,
      byte[] wrappedKey) throws KeyVaultException {
    return crypto(caller, id, algorithm, wrappedKey, KeyCrypto.UNWRAP);
  }

  /** As {@link #unwrapKey(Identity, VaultObjectId, KeyWrapAlgorithm, byte[])}, by key name or id URL. */
  public KeyOperationResult unwrapKey(Identity caller, String keyId, KeyWrapAlgorithm algorithm, byte[] wrappedKey)
      throws KeyVaultException {
    return unwrapKey(caller, keys.id(keyId), algorithm, wrappedKey);
  }

  /**
   * Encrypts {@code plaintext} with key {@code id}: the same RSA operation as wrapKey, under its own
   * permission and key_ops entry. Refusals as {@link #wrapKey(Identity, VaultObjectId, KeyWrapAlgorithm, byte[])}.
   */
  public KeyOperationResult encrypt(Identity caller, VaultObjectId id, KeyWrapAlgorithm algorithm, byte[] plaintext)
      throws KeyVaultException {
    return crypto(caller, id, algorithm, plaintext, KeyCrypto.ENCRYPT);
  }

  /** As {@link #encrypt(Identity, VaultObjectId, KeyWrapAlgorithm, byte[])}, by key name or id URL. */
  public KeyOperationResult encrypt(Identity caller, String keyId, KeyWrapAlgorithm algorithm, byte[] plaintext)
      throws KeyVaultException {
    return encrypt(caller, keys.id(keyId), algorithm, plaintext);
  }

  /**
   * Decrypts {@code ciphertext} with key version {@code id}, under its own permission and key_ops
   * entry. Works outside the nbf/exp window. Refusals as {@link #unwrapKey(Identity, VaultObjectId,
   * KeyWrapAlgorithm, byte[])}.
   */
  public KeyOperationResult decrypt(Identity caller, VaultObjectId id, KeyWrapAlgorithm algorithm, byte[] ciphertext)
      throws KeyVaultException {
    return crypto(caller, id, algorithm, ciphertext, KeyCrypto.DECRYPT);
  }

  /** As {@link #decrypt(Identity, VaultObjectId, KeyWrapAlgorithm, byte[])}, by key name or id URL. */
  public KeyOperationResult decrypt(Identity caller, String keyId, KeyWrapAlgorithm algorithm, byte[] ciphertext)
      throws KeyVaultException {
    return decrypt(caller, keys.id(keyId), algorithm, ciphertext);
  }

  /**
   * Releases key version {@code id} (the current one when the id has none) to the trusted execution
   * environment {@code target} vouches for: secure key release, as a confidential VM's start uses it to
   * get its OS disk key. The key's private half comes back wrapped to the token's runtime key with
   * {@code algorithm}; only that environment can open it ({@link ReleasedKey#open}). Works outside the
   * key's nbf/exp window, as the real service does.
   *
   * @throws ForbiddenException without the {@code release} permission (or a Crypto Service Release User
   *     role), or when the token is not signed by a trusted attestation authority, is outside its
   *     validity, comes from an authority the key's release policy does not name, or has claims the
   *     policy refuses (the message names the claim and the value wanted)
   * @throws KeyDisabledException when the version is disabled
   * @throws BadParameterException when the key is not exportable, or the token or algorithm is missing
   * @throws NotFoundException when the key or version does not exist or is deleted
   */
  public ReleasedKey release(Identity caller, VaultObjectId id, AttestationToken target, KeyReleaseAlgorithm algorithm)
      throws KeyVaultException {
    return onVersion(caller, "KeyRelease", id, KeyPermission.RELEASE,
        v -> KeyRelease.release(v, target, algorithm, calls.now(), service::trustedAuthority));
  }

  /** As {@link #release(Identity, VaultObjectId, AttestationToken, KeyReleaseAlgorithm)}, by key name or id URL. */
  public ReleasedKey release(Identity caller, String keyId, AttestationToken target, KeyReleaseAlgorithm algorithm)
      throws KeyVaultException {
    return release(caller, keys.id(keyId), target, algorithm);
  }

  /**
   * Signs {@code digest} (which the caller hashed with the algorithm's hash) with key {@code id} (the
   * current version when the id has none). Refused outside the version's nbf/exp window, as wrapKey and
   * encrypt are.
   *
   * @throws ForbiddenException without the {@code sign} permission, or when key_ops exclude it
   * @throws KeyDisabledException when the version is disabled
   * @throws KeyNotActiveException outside the version's nbf/exp window
   * @throws BadParameterException for an algorithm the key's type or curve does not take, or a digest
   *     of the wrong length
   * @throws NotFoundException when the key or version does not exist or is deleted
   */
  public SignResult sign(Identity caller, VaultObjectId id, SignatureAlgorithm algorithm, byte[] digest)
      throws KeyVaultException {
    return onVersion(caller, "KeySign", id, KeyPermission.SIGN, v -> KeySigning.sign(v, algorithm, digest, calls.now()));
  }

  /**
   * Whether {@code signature} is {@code algorithm}'s signature of {@code digest} under key version
   * {@code id}. Works outside the nbf/exp window. A wrong signature is {@code false}, not an error.
   *
   * @throws ForbiddenException without the {@code verify} permission, or when key_ops exclude it
   * @throws KeyDisabledException when the version is disabled
   * @throws BadParameterException for an algorithm the key does not take, or a digest of the wrong length
   */
  public boolean verify(Identity caller, VaultObjectId id, SignatureAlgorithm algorithm, byte[] digest,
      byte[] signature) throws KeyVaultException {
    return onVersion(caller, "KeyVerify", id, KeyPermission.VERIFY,
        v -> KeySigning.verify(v, algorithm, digest, signature));
  }

  /**
   * Sets the rotation policy of key {@code id}; the simulated clock then drives it.
   *
   * @throws ForbiddenException without the {@code setrotationpolicy} permission
   * @throws BadParameterException when the policy breaks the service's rules (see {@link RotationPolicy})
   */
  public RotationPolicy setRotationPolicy(Identity caller, VaultObjectId id, RotationPolicy policy)
      throws KeyVaultException {
    Objects.requireNonNull(policy, "policy");
    return calls.run(caller, "KeyRotationPolicySet", id.url(), () -> 1, c -> {
      access.checkKey(caller, KeyPermission.SET_ROTATION_POLICY, c.objectId);
      VersionedObject<KeyVersion> o = keys.live(id);
      Validation.checkPolicy(policy, c.objectId);
      o.rotationPolicy = policy;
      return policy;
    });
  }

  /** As {@link #setRotationPolicy(Identity, VaultObjectId, RotationPolicy)}, by key name or id URL. */
  public RotationPolicy setRotationPolicy(Identity caller, String nameOrId, RotationPolicy policy)
      throws KeyVaultException {
    return setRotationPolicy(caller, keys.id(nameOrId), policy);
  }

  /**
   * The rotation policy of key {@code id}, if set.
   *
   * @throws ForbiddenException without the {@code getrotationpolicy} permission
   */
  public Optional<RotationPolicy> getRotationPolicy(Identity caller, VaultObjectId id) throws KeyVaultException {
    return calls.run(caller, "KeyRotationPolicyGet", id.url(), () -> 1, c -> {
      access.checkKey(caller, KeyPermission.GET_ROTATION_POLICY, c.objectId);
      return Optional.ofNullable(keys.live(id).rotationPolicy);
    });
  }

  /** As {@link #getRotationPolicy(Identity, VaultObjectId)}, by key name or id URL. */
  public Optional<RotationPolicy> getRotationPolicy(Identity caller, String nameOrId) throws KeyVaultException {
    return getRotationPolicy(caller, keys.id(nameOrId));
  }

  // ---------------------------------------------------------------- secrets

  /**
   * Sets secret {@code name}: a new version with {@code value}, an optional content type and tags.
   *
   * @throws ForbiddenException without the {@code set} permission
   * @throws BadParameterException for a bad name, a value over 25 KiB, or more than 15 tags
   * @throws ConflictException when the name belongs to a deleted secret
   */
  public SecretBundle setSecret(Identity caller, String name, String value, String contentType,
      Map<String, String> tags) throws KeyVaultException {
    return setSecret(caller, name, value, contentType, tags, AttributesUpdate.none());
  }

  /**
   * As {@link #setSecret(Identity, String, String, String, Map)}, with the new version's {@code
   * enabled}, {@code nbf} and {@code exp} set in the same call, as the REST API's set does: a refused
   * call adds no version. The tags come from {@code tags}; {@code attributes.tags()} is ignored.
   *
   * @throws BadParameterException also when nbf is not before exp
   */
  public SecretBundle setSecret(Identity caller, String name, String value, String contentType,
      Map<String, String> tags, AttributesUpdate attributes) throws KeyVaultException {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(attributes, "attributes");
    AttributesUpdate initial = new AttributesUpdate(attributes.enabled(), attributes.notBefore(),
        attributes.expires(), Optional.empty());
    Map<String, String> tagCopy = Map.copyOf(tags == null ? Map.of() : tags);
    return calls.run(caller, "SecretSet", baseUrl + "secrets/" + name, () -> 1, c -> {
      if (kind() == VaultKind.MANAGED_HSM) {
        throw new BadParameterException("Managed HSM '" + name() + "' has no secrets: keep secrets in a Key Vault");
      }
      access.checkSecret(caller, SecretPermission.SET, c.objectId);
      secrets.idOfName(name);
      int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (bytes > MAX_SECRET_BYTES) {
        throw new BadParameterException("secret value for " + c.objectId + " is " + bytes
            + " bytes; the limit is " + MAX_SECRET_BYTES);
      }
      Validation.checkTags(tagCopy, c.objectId);
      Validation.checkWindow(initial.notBefore(), initial.expires(), c.objectId);
      Instant now = calls.now();
      SecretVersion v = secrets.addVersion(name, id -> new SecretVersion(id, value, Optional.ofNullable(contentType),
          tagCopy, now));
      v.apply(initial, now);
      c.objectId = v.url();
      events.publish(VaultEvent.Type.SECRET_NEW_VERSION_CREATED, v.id, now);
      return v.bundle(recoveryLevel());
    });
  }

  @Override
  public String toString() {
    return "KeyVault[" + name() + ", " + spec.region() + ", " + spec.sku() + "]";
  }

  // ---------------------------------------------------------------- internals

  private KeyOperationResult crypto(Identity caller, VaultObjectId id, KeyWrapAlgorithm alg, byte[] input,
      KeyCrypto op) throws KeyVaultException {
    return onVersion(caller, op.auditName, id, op.permission, v -> op.run(v, alg, input, calls.now()));
  }

  /**
   * One operation on key version {@code id} (the current one when the id has none): charged at the
   * key type's cost, refused without {@code permission}, audited as {@code auditName} under the
   * version's id.
   */
  private <T> T onVersion(Identity caller, String auditName, VaultObjectId id, KeyPermission permission,
      VersionOperation<T> operation) throws KeyVaultException {
    Objects.requireNonNull(id, "id");
    return calls.run(caller, auditName, id.url(), () -> keys.peek(id).map(v -> Throttle.opCost(v.kty, v.size))
        .orElse(1), c -> {
          access.checkKey(caller, permission, c.objectId);
          KeyVersion v = keys.version(id);
          c.objectId = v.url();
          return operation.apply(v);
        });
  }

  /** What {@link #onVersion} does with the version, once access is checked. */
  @FunctionalInterface
  private interface VersionOperation<T> {
    T apply(KeyVersion version) throws KeyVaultException;
  }

  private KeyMaterial generate(KeySpec s) {
    return KeyMaterial.of(service.keyPairs().generate(s));
  }

  /** Validates a key update's own part (key_ops, release policy) and returns what commits it. */
  private static Runnable keyUpdate(KeyVersion v, KeyAttributesUpdate update) throws BadParameterException {
    Set<KeyOperation> ops = update.keyOps().isEmpty() ? v.keyOps
        : Validation.checkKeyOps(v.kty, update.keyOps().get(), v.url());
    if (update.releasePolicy().isPresent() && v.releasePolicy.map(KeyReleasePolicy::immutable).orElse(false)) {
      throw new BadParameterException("the release policy of " + v.url() + " is immutable and cannot be changed");
    }
    Optional<KeyReleasePolicy> policy = update.releasePolicy().or(() -> v.releasePolicy);
    return () -> {
      v.keyOps = ops;
      v.releasePolicy = policy;
    };
  }

  private static void checkReadable(SecretVersion v) throws SecretDisabledException {
    if (!v.enabled) {
      throw new SecretDisabledException("secret " + v.url() + " is disabled; get is not allowed");
    }
  }

  String recoveryLevel() {
    String level = purgeProtection ? "Recoverable" : "Recoverable+Purgeable";
    return spec.softDeleteRetentionDays() < VaultSpec.DEFAULT_RETENTION_DAYS ? "Customized" + level : level;
  }

  private int checkSpec(KeySpec s, int size, String id) throws BadParameterException {
    return Validation.checkSpec(s, size, id, spec);
  }

  /** An exportable key's new version made without a release policy takes the current version's. */
  private KeySpec inheritReleasePolicy(String name, KeySpec s) throws BadParameterException {
    if (!s.exportable() || s.releasePolicy().isPresent()) {
      return s;
    }
    return keys.peek(keys.idOfName(name)).flatMap(v -> v.releasePolicy).map(s::withReleasePolicy).orElse(s);
  }

  private static String rolesOf(VaultKind kind) {
    return java.util.Arrays.stream(VaultRole.values()).filter(r -> r.kind() == kind).map(VaultRole::roleName).toList()
        .toString();
  }

  private KeyVersion addKeyVersion(String name, KeySpec s, int size, KeyMaterial material, Instant at)
      throws KeyVaultException {
    KeyVersion v = keys.addVersion(name, id -> new KeyVersion(id, s, size, material,
        s.keyOps().isEmpty() ? Validation.allowedOps(s.kty()) : s.keyOps(), at));
    events.publish(VaultEvent.Type.KEY_NEW_VERSION_CREATED, v.id, at);
    return v;
  }

  /**
   * A new version of {@code o} at {@code at}: the current version's type, size, key_ops and tags, an
   * expiry from the rotation policy, and the key material {@code material} makes for that spec.
   */
  private KeyVersion rotate(VersionedObject<KeyVersion> o, Instant at, Function<KeySpec, KeyMaterial> material) {
    KeyVersion cur = o.current();
    Optional<Instant> exp = o.rotationPolicy == null ? Optional.empty()
        : o.rotationPolicy.expiryTime().map(at::plus);
    KeySpec s = new KeySpec(cur.kty, cur.size, cur.curve, cur.keyOps, true, Optional.empty(), exp, cur.tags,
        cur.exportable, cur.releasePolicy);
    try {
      return addKeyVersion(o.name, s, cur.size, material.apply(s), at);
    } catch (KeyVaultException e) {
      throw new IllegalStateException("a live key refused a new version: " + o.name, e);
    }
  }

  // ---------------------------------------------------------------- time: retention, rotation, events

  /**
   * Called by the service after every clock move: retention purges, then each rotation policy's
   * catch-up under the lock (cheap: the new versions' key pairs are deferred), then, outside the lock,
   * the key pairs of the versions that are now current, so that the next call finds them ready.
   */
  void onClock(Instant now) {
    List<KeyMaterial> current = new ArrayList<>();
    try {
      synchronized (this) {
        keys.purgeExpired(now);
        secrets.purgeExpired(now);
        for (VersionedObject<KeyVersion> o : keys.liveObjects()) {
          catchUp(o, now).ifPresent(current::add);
          notifyExpiry(o, now);
        }
      }
      current.forEach(KeyMaterial::get);
    } finally {
      events.deliver();
    }
  }

  /**
   * Makes the rotations of {@code o} due by {@code now}, each at its own due time, at most {@link
   * RotationPolicy#MAX_ROTATIONS_PER_CLOCK_MOVE} of them: the earliest beyond that are skipped and
   * audited as skipped. Returns the material of the new current version, if any.
   */
  private Optional<KeyMaterial> catchUp(VersionedObject<KeyVersion> o, Instant now) {
    RotationPolicy p = o.rotationPolicy;
    Optional<Instant> first = p == null ? Optional.empty() : rotationDue(p, o.current());
    if (first.isEmpty() || first.get().isAfter(now)) {
      return Optional.empty();
    }
    Duration period = p.rotationPeriod().orElseThrow();
    long due = Duration.between(first.get(), now).dividedBy(period) + 1;
    long skipped = Math.max(0, due - RotationPolicy.MAX_ROTATIONS_PER_CLOCK_MOVE);
    Instant at = first.get().plus(period.multipliedBy(skipped));
    if (skipped > 0) {
      calls.recordServiceAction(now, RotationPolicy.ROTATIONS_SKIPPED, o.current().id.versionless().url(),
          "skipped " + skipped + " rotations due from " + first.get() + " to " + at.minus(period)
          + "; at most " + RotationPolicy.MAX_ROTATIONS_PER_CLOCK_MOVE + " per clock move");
    }
    KeyVersion v = null;
    for (long i = skipped; i < due; i++, at = at.plus(period)) {
      v = rotate(o, at, s -> KeyMaterial.deferred(s, service.keyPairs()));
      calls.recordServiceAction(at, "KeyRotate", v.url(), "OK");
    }
    return Optional.of(v.material());
  }

  /** Publishes the near-expiry (a Notify action) and expiry events of the current version, once each. */
  private void notifyExpiry(VersionedObject<KeyVersion> o, Instant now) {
    KeyVersion cur = o.current();
    if (cur.expires.isEmpty()) {
      return;
    }
    if (o.rotationPolicy != null && !cur.nearExpiryNotified) {
      for (RotationPolicy.LifetimeAction action : o.rotationPolicy.lifetimeActions()) {
        if (action.type() == RotationPolicy.LifetimeAction.Type.NOTIFY) {
          Instant at = cur.expires.get().minus(action.timeBeforeExpiry().orElseThrow());
          if (!at.isAfter(now)) {
            cur.nearExpiryNotified = true;
            events.publish(VaultEvent.Type.KEY_NEAR_EXPIRY, cur.id, at);
          }
        }
      }
    }
    if (!cur.expiredNotified && !cur.expires.get().isAfter(now)) {
      cur.expiredNotified = true;
      events.publish(VaultEvent.Type.KEY_EXPIRED, cur.id, cur.expires.get());
    }
  }

  private static Optional<Instant> rotationDue(RotationPolicy p, KeyVersion cur) {
    Optional<Instant> earliest = Optional.empty();
    for (RotationPolicy.LifetimeAction action : p.lifetimeActions()) {
      if (action.type() != RotationPolicy.LifetimeAction.Type.ROTATE) {
        continue;
      }
      Optional<Instant> due = action.timeAfterCreate().isPresent()
          ? Optional.of(cur.created.plus(action.timeAfterCreate().get()))
          : cur.expires.map(exp -> exp.minus(action.timeBeforeExpiry().orElseThrow()));
      if (due.isPresent() && (earliest.isEmpty() || due.get().isBefore(earliest.get()))) {
        earliest = due;
      }
    }
    return earliest;
  }
}
