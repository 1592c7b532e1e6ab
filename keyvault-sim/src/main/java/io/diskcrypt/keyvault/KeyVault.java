package io.diskcrypt.keyvault;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One simulated Azure Key Vault: versioned RSA and EC keys with real cryptography, versioned secrets,
 * access policies or RBAC, soft delete with purge protection, rotation policies, throttling and an
 * audit log, all on the service's {@link io.diskcrypt.core.time.SimClock}. Made by {@link
 * KeyVaultService#createVault}.
 *
 * <p>Every data-plane operation takes the calling {@link Identity} first and runs, in the real
 * service's order: throttling (429), then the caller's permission (403), then the object (404), then
 * the object's own state and the parameters. Every call the service answers, allowed or refused, is
 * written to the audit log (a failure inside the JDK's cryptography is a bug, not an answer, and is
 * not). Control-plane settings ({@link #setAccessPolicy}, {@link #assignRole}, {@link
 * #setPurgeProtection}) take no caller: they stand for Azure Resource Manager calls by the vault's
 * owner.
 *
 * <p>Rules modelled from the real service: a disabled key version refuses every cryptographic
 * operation (reading and updating it still work); outside its {@code nbf}/{@code exp} window a key
 * refuses wrapKey and encrypt but still unwraps and decrypts; {@code key_ops} can forbid any of them;
 * EC keys refuse wrapKey, unwrapKey, encrypt and decrypt (sign and verify are not modelled); RSA-HSM and EC-HSM need a premium vault; a plaintext longer than the
 * key and algorithm take is refused with the limit in the message; deleted objects keep their name
 * until purged (automatically when retention ends); purge protection blocks purge and cannot be turned
 * off. Attributes belong to a version: disabling a key id without a version disables the current
 * version only.
 *
 * <p>This class is long because it is the service's whole data plane; the pieces with their own
 * state (access control, throttling, versions) are separate package-private classes. Thread-safe: one
 * lock per vault.
 */
public final class KeyVault {
  private static final int MAX_SECRET_BYTES = 25 * 1024;

  private final KeyVaultService service;
  private final VaultSpec spec;
  private final String baseUrl;
  private final AccessControl access;
  private final Throttle throttle = new Throttle();
  private final VersionedObjects<KeyVersion> keys;
  private final VersionedObjects<SecretVersion> secrets;
  private final List<VaultEvent> events = new ArrayList<>();
  private final List<VaultEvent> undelivered = new ArrayList<>();
  private final List<Consumer<VaultEvent>> listeners = new CopyOnWriteArrayList<>();
  private boolean purgeProtection;
  private boolean enabledForDiskEncryption;

  KeyVault(KeyVaultService service, VaultSpec spec) {
    this.service = service;
    this.spec = spec;
    this.baseUrl = "https://" + spec.name() + ".vault.azure.net/";
    this.access = new AccessControl(spec.name(), spec.rbacAuthorization());
    this.keys = new VersionedObjects<>("key", "KeyNotFound", spec.name());
    this.secrets = new VersionedObjects<>("secret", "SecretNotFound", spec.name());
    this.purgeProtection = spec.purgeProtection();
    this.enabledForDiskEncryption = spec.enabledForDiskEncryption();
  }

  // ---------------------------------------------------------------- vault properties and control plane

  /** The vault name. */
  public String name() {
    return spec.name();
  }

  /** The vault URI, {@code https://{name}.vault.azure.net/}. */
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

  /** Sets the {@code enabledForDiskEncryption} flag. */
  public synchronized void setEnabledForDiskEncryption(boolean on) {
    enabledForDiskEncryption = on;
  }

  /**
   * Sets (replaces) the access policy of {@code who}. Takes effect only when the vault uses access
   * policies, not RBAC.
   */
  public synchronized void setAccessPolicy(Identity who, Set<KeyPermission> keyPermissions,
      Set<SecretPermission> secretPermissions) {
    access.setPolicy(Objects.requireNonNull(who, "who"), keyPermissions, secretPermissions);
  }

  /** Removes the access policy of {@code who}; its next call is forbidden. */
  public synchronized void removeAccessPolicy(Identity who) {
    access.removePolicy(Objects.requireNonNull(who, "who"));
  }

  /** Assigns {@code role} to {@code who} at vault scope. Takes effect only in an RBAC vault. */
  public synchronized void assignRole(Identity who, VaultRole role) {
    access.assign(Objects.requireNonNull(who, "who"), Objects.requireNonNull(role, "role"));
  }

  /** Removes the assignment of {@code role} to {@code who}. */
  public synchronized void removeRole(Identity who, VaultRole role) {
    access.unassign(Objects.requireNonNull(who, "who"), Objects.requireNonNull(role, "role"));
  }

  /**
   * Gives {@code who} every key and secret right: a full access policy, or the Crypto Officer and
   * Secrets Officer roles in an RBAC vault. What {@link KeyVaultService#createVault(VaultSpec, Identity)}
   * does for the creator.
   */
  public synchronized void grantAll(Identity who) {
    access.setPolicy(who, KeyPermission.all(), SecretPermission.all());
    access.assign(who, VaultRole.CRYPTO_OFFICER);
    access.assign(who, VaultRole.SECRETS_OFFICER);
  }

  /** This vault's audit log, oldest first. */
  public List<AuditEntry> auditLog() {
    return service.auditLog(name());
  }

  /** The events published so far, oldest first. */
  public synchronized List<VaultEvent> events() {
    return List.copyOf(events);
  }

  /** Runs {@code listener} for every event published from now on (outside the vault's lock). */
  public void onEvent(Consumer<VaultEvent> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  // ---------------------------------------------------------------- keys

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
    return call(caller, "KeyCreate", baseUrl + "keys/" + name, Throttle.createCost(spec.kty()), a -> {
      access.checkKey(caller, KeyPermission.CREATE, a.objectId);
      Validation.checkName(name, "key");
      int size = checkSpec(spec, spec.size(), a.objectId);
      KeyVersion v = addKeyVersion(name, spec, size, RsaCrypto.generate(spec), now());
      a.objectId = v.id;
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
    return call(caller, "KeyImport", baseUrl + "keys/" + name, Throttle.createCost(spec.kty()), a -> {
      access.checkKey(caller, KeyPermission.IMPORT, a.objectId);
      Validation.checkName(name, "key");
      KeySpec actual = spec;
      int size = 0;
      if (keyPair.getPublic() instanceof RSAPublicKey rsa && spec.kty().isRsa()) {
        size = rsa.getModulus().bitLength();
      } else if (keyPair.getPublic() instanceof ECPublicKey ec && !spec.kty().isRsa()) {
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        KeyCurve curve = bits == 256 ? KeyCurve.P_256 : bits == 384 ? KeyCurve.P_384 : null;
        if (curve == null) {
          throw new BadParameterException("imported EC key for " + a.objectId + " is on a " + bits
              + "-bit curve; allowed: P-256, P-384");
        }
        actual = new KeySpec(spec.kty(), 0, Optional.of(curve), spec.keyOps(), spec.enabled(),
            spec.notBefore(), spec.expires(), spec.tags());
      } else {
        throw new BadParameterException("imported " + keyPair.getPublic().getAlgorithm() + " key for "
            + a.objectId + " does not match kty " + spec.kty().wireName());
      }
      checkSpec(actual, size, a.objectId);
      KeyVersion v = addKeyVersion(name, actual, size, keyPair, now());
      a.objectId = v.id;
      return v.bundle(recoveryLevel());
    });
  }

  /**
   * Rotates key {@code nameOrId} now: a new version with fresh material, the same type, size,
   * key_ops and tags, and an expiry from the rotation policy's {@code expiryTime} if it has one. Old
   * versions stay usable.
   *
   * @throws ForbiddenException without the {@code rotate} permission
   * @throws NotFoundException when the key does not exist or is deleted
   */
  public KeyBundle rotateKey(Identity caller, String nameOrId) throws KeyVaultException {
    Ref ref = peekRef(nameOrId, "keys");
    return call(caller, "KeyRotate", ref.id(), createCostOf(ref), a -> {
      access.checkKey(caller, KeyPermission.ROTATE, a.objectId);
      Ref r = ref(nameOrId, "keys");
      KeyVersion v = rotate(keys.live(r), now());
      a.objectId = v.id;
      return v.bundle(recoveryLevel());
    });
  }

  /**
   * Reads a key version's metadata and public key; an id (or name) without a version reads the current
   * version. Works on disabled keys and outside nbf/exp.
   *
   * @throws ForbiddenException without the {@code get} permission
   * @throws NotFoundException when the key or version does not exist or is deleted
   */
  public KeyBundle getKey(Identity caller, String keyIdOrName) throws KeyVaultException {
    Ref ref = peekRef(keyIdOrName, "keys");
    return call(caller, "KeyGet", ref.id(), opCostOf(ref), a -> {
      access.checkKey(caller, KeyPermission.GET, a.objectId);
      KeyVersion v = keys.version(ref(keyIdOrName, "keys"));
      a.objectId = v.id;
      return v.bundle(recoveryLevel());
    });
  }

  /**
   * Every version of key {@code nameOrId}, oldest first.
   *
   * @throws ForbiddenException without the {@code list} permission
   */
  public List<KeyBundle> listKeyVersions(Identity caller, String nameOrId) throws KeyVaultException {
    Ref ref = peekRef(nameOrId, "keys");
    return call(caller, "KeyListVersions", ref.id(), 1, a -> {
      access.checkKey(caller, KeyPermission.LIST, a.objectId);
      Ref r = ref(nameOrId, "keys");
      List<KeyBundle> out = new ArrayList<>();
      for (KeyVersion v : keys.live(r).versions.values()) {
        out.add(v.bundle(recoveryLevel()));
      }
      return out;
    });
  }

  /**
   * The current version of every key that is not deleted, by name.
   *
   * @throws ForbiddenException without the {@code list} permission
   */
  public List<KeyBundle> listKeys(Identity caller) throws KeyVaultException {
    return call(caller, "KeyList", baseUrl + "keys", 1, a -> {
      access.checkKey(caller, KeyPermission.LIST, a.objectId);
      return keys.all().stream().filter(o -> !o.isDeleted())
          .sorted(java.util.Comparator.comparing(o -> o.name))
          .map(o -> o.current().bundle(recoveryLevel())).toList();
    });
  }

  /**
   * Updates one key version's attributes, key_ops or tags (the current version when the id has none).
   *
   * @throws ForbiddenException without the {@code update} permission
   * @throws BadParameterException for key_ops the type lacks, too many tags, or nbf not before exp
   */
  public KeyBundle updateKey(Identity caller, String keyIdOrName, KeyAttributesUpdate update) throws KeyVaultException {
    Objects.requireNonNull(update, "update");
    Ref ref = peekRef(keyIdOrName, "keys");
    return call(caller, "KeyUpdate", ref.id(), opCostOf(ref), a -> {
      access.checkKey(caller, KeyPermission.UPDATE, a.objectId);
      KeyVersion v = keys.version(ref(keyIdOrName, "keys"));
      a.objectId = v.id;
      Set<KeyOperation> ops = update.keyOps().isPresent() ? Validation.checkKeyOps(v.kty, update.keyOps().get(), v.id) : v.keyOps;
      Map<String, String> tags = update.tags().orElse(v.tags);
      Validation.checkTags(tags, v.id);
      Optional<Instant> nbf = update.notBefore().or(() -> v.notBefore);
      Optional<Instant> exp = update.expires().or(() -> v.expires);
      Validation.checkWindow(nbf, exp, v.id);
      v.enabled = update.enabled().orElse(v.enabled);
      v.notBefore = nbf;
      if (!exp.equals(v.expires)) {
        v.expiredNotified = false;
        v.nearExpiryNotified = false;
      }
      v.expires = exp;
      v.keyOps = ops;
      v.tags = tags;
      v.updated = now();
      return v.bundle(recoveryLevel());
    });
  }

  /**
   * Soft-deletes key {@code nameOrId} with all its versions; it stays recoverable for the retention
   * period, then the service purges it.
   *
   * @throws ForbiddenException without the {@code delete} permission
   * @throws NotFoundException when the key does not exist or is already deleted
   */
  public DeletedKeyBundle deleteKey(Identity caller, String nameOrId) throws KeyVaultException {
    Ref ref = peekRef(nameOrId, "keys");
    return call(caller, "KeyDelete", ref.id(), 1, a -> {
      access.checkKey(caller, KeyPermission.DELETE, a.objectId);
      Ref r = ref(nameOrId, "keys");
      VersionedObject<KeyVersion> o = keys.live(r);
      o.softDelete(now(), softDeleteRetention());
      return deletedKey(o);
    });
  }

  /**
   * Reads a soft-deleted key.
   *
   * @throws ForbiddenException without the {@code get} permission
   * @throws NotFoundException when there is no deleted key of that name
   */
  public DeletedKeyBundle getDeletedKey(Identity caller, String nameOrId) throws KeyVaultException {
    Ref ref = peekRef(nameOrId, "keys");
    return call(caller, "KeyGetDeleted", ref.id(), 1, a -> {
      access.checkKey(caller, KeyPermission.GET, a.objectId);
      return deletedKey(keys.deleted(ref(nameOrId, "keys")));
    });
  }

  /**
   * Recovers a soft-deleted key with all its versions and attributes.
   *
   * @throws ForbiddenException without the {@code recover} permission
   * @throws NotFoundException when there is no deleted key of that name
   */
  public KeyBundle recoverDeletedKey(Identity caller, String nameOrId) throws KeyVaultException {
    Ref ref = peekRef(nameOrId, "keys");
    return call(caller, "KeyRecover", ref.id(), 1, a -> {
      access.checkKey(caller, KeyPermission.RECOVER, a.objectId);
      VersionedObject<KeyVersion> o = keys.deleted(ref(nameOrId, "keys"));
      o.recover();
      return o.current().bundle(recoveryLevel());
    });
  }

  /**
   * Purges a soft-deleted key for good.
   *
   * @throws ForbiddenException without the {@code purge} permission, or when the vault has purge
   *     protection (the key is then purged only when retention ends)
   * @throws NotFoundException when there is no deleted key of that name
   */
  public void purgeDeletedKey(Identity caller, String nameOrId) throws KeyVaultException {
    Ref ref = peekRef(nameOrId, "keys");
    call(caller, "KeyPurge", ref.id(), 1, a -> {
      access.checkKey(caller, KeyPermission.PURGE, a.objectId);
      VersionedObject<KeyVersion> o = keys.deleted(ref(nameOrId, "keys"));
      if (purgeProtection) {
        throw new ForbiddenException("vault '" + name() + "' has purge protection: deleted key " + a.objectId
            + " cannot be purged before its scheduled purge date " + o.scheduledPurge);
      }
      keys.purge(o);
      return null;
    });
  }

  /**
   * Wraps {@code keyToWrap} with key {@code keyId} (the current version when the id has none). The
   * result names the exact version used.
   *
   * @throws ForbiddenException without the {@code wrapKey} permission, or when key_ops exclude it
   * @throws KeyDisabledException when the version is disabled
   * @throws KeyNotActiveException outside the version's nbf/exp window
   * @throws BadParameterException for an EC key, or a plaintext longer than the key and algorithm take
   * @throws NotFoundException when the key or version does not exist or is deleted
   */
  public KeyOperationResult wrapKey(Identity caller, String keyId, KeyWrapAlgorithm algorithm, byte[] keyToWrap)
      throws KeyVaultException {
    return crypto(caller, keyId, algorithm, keyToWrap, CryptoOp.WRAP);
  }

  /**
   * Unwraps {@code wrappedKey} with key version {@code keyId}. Works outside the nbf/exp window.
   *
   * @throws ForbiddenException without the {@code unwrapKey} permission, or when key_ops exclude it
   * @throws KeyDisabledException when the version is disabled
   * @throws BadParameterException when the bytes do not unwrap under this key and algorithm
   */
  public KeyOperationResult unwrapKey(Identity caller, String keyId, KeyWrapAlgorithm algorithm, byte[] wrappedKey)
      throws KeyVaultException {
    return crypto(caller, keyId, algorithm, wrappedKey, CryptoOp.UNWRAP);
  }

  /**
   * Encrypts {@code plaintext} with key {@code keyId}: the same RSA operation as wrapKey, under its own
   * permission and key_ops entry. Refusals as {@link #wrapKey}.
   */
  public KeyOperationResult encrypt(Identity caller, String keyId, KeyWrapAlgorithm algorithm, byte[] plaintext)
      throws KeyVaultException {
    return crypto(caller, keyId, algorithm, plaintext, CryptoOp.ENCRYPT);
  }

  /**
   * Decrypts {@code ciphertext} with key version {@code keyId}, under its own permission and key_ops
   * entry. Works outside the nbf/exp window. Refusals as {@link #unwrapKey}.
   */
  public KeyOperationResult decrypt(Identity caller, String keyId, KeyWrapAlgorithm algorithm, byte[] ciphertext)
      throws KeyVaultException {
    return crypto(caller, keyId, algorithm, ciphertext, CryptoOp.DECRYPT);
  }

  /**
   * Sets the rotation policy of key {@code nameOrId}; the simulated clock then drives it.
   *
   * @throws ForbiddenException without the {@code setrotationpolicy} permission
   * @throws BadParameterException when the policy breaks the service's rules (see {@link RotationPolicy})
   */
  public RotationPolicy setRotationPolicy(Identity caller, String nameOrId, RotationPolicy policy) throws KeyVaultException {
    Objects.requireNonNull(policy, "policy");
    Ref ref = peekRef(nameOrId, "keys");
    return call(caller, "KeyRotationPolicySet", ref.id(), 1, a -> {
      access.checkKey(caller, KeyPermission.SET_ROTATION_POLICY, a.objectId);
      Ref r = ref(nameOrId, "keys");
      VersionedObject<KeyVersion> o = keys.live(r);
      Validation.checkPolicy(policy, a.objectId);
      o.rotationPolicy = policy;
      return policy;
    });
  }

  /**
   * The rotation policy of key {@code nameOrId}, if set.
   *
   * @throws ForbiddenException without the {@code getrotationpolicy} permission
   */
  public Optional<RotationPolicy> getRotationPolicy(Identity caller, String nameOrId) throws KeyVaultException {
    Ref ref = peekRef(nameOrId, "keys");
    return call(caller, "KeyRotationPolicyGet", ref.id(), 1, a -> {
      access.checkKey(caller, KeyPermission.GET_ROTATION_POLICY, a.objectId);
      Ref r = ref(nameOrId, "keys");
      return Optional.ofNullable(keys.live(r).rotationPolicy);
    });
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
    Objects.requireNonNull(value, "value");
    Map<String, String> tagCopy = Map.copyOf(tags == null ? Map.of() : tags);
    return call(caller, "SecretSet", baseUrl + "secrets/" + name, 1, a -> {
      access.checkSecret(caller, SecretPermission.SET, a.objectId);
      Validation.checkName(name, "secret");
      int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (bytes > MAX_SECRET_BYTES) {
        throw new BadParameterException("secret value for " + a.objectId + " is " + bytes
            + " bytes; the limit is " + MAX_SECRET_BYTES);
      }
      Validation.checkTags(tagCopy, a.objectId);
      VersionedObject<SecretVersion> o = secrets.forNewVersion(name, a.objectId);
      String version = newVersion();
      SecretVersion v = new SecretVersion(baseUrl + "secrets/" + name + "/" + version, value,
          Optional.ofNullable(contentType), tagCopy, now());
      o.add(version, v);
      a.objectId = v.id;
      publish(VaultEvent.Type.SECRET_NEW_VERSION_CREATED, v.id, now());
      return v.bundle(recoveryLevel());
    });
  }

  /**
   * Reads a secret version (the current one when the id has none). Works outside nbf/exp, as the real
   * service does.
   *
   * @throws ForbiddenException without the {@code get} permission
   * @throws SecretDisabledException when the version is disabled
   * @throws NotFoundException when the secret or version does not exist or is deleted
   */
  public SecretBundle getSecret(Identity caller, String secretIdOrName) throws KeyVaultException {
    Ref ref = peekRef(secretIdOrName, "secrets");
    return call(caller, "SecretGet", ref.id(), 1, a -> {
      access.checkSecret(caller, SecretPermission.GET, a.objectId);
      SecretVersion v = secrets.version(ref(secretIdOrName, "secrets"));
      a.objectId = v.id;
      if (!v.enabled) {
        throw new SecretDisabledException("secret " + v.id + " is disabled; get is not allowed");
      }
      return v.bundle(recoveryLevel());
    });
  }

  /**
   * Updates a secret version's enabled flag, nbf, exp or tags.
   *
   * @throws ForbiddenException without the {@code set} permission
   * @throws BadParameterException for more than 15 tags or nbf not before exp
   */
  public SecretBundle updateSecret(Identity caller, String secretIdOrName, SecretAttributesUpdate update)
      throws KeyVaultException {
    Objects.requireNonNull(update, "update");
    Ref ref = peekRef(secretIdOrName, "secrets");
    return call(caller, "SecretUpdate", ref.id(), 1, a -> {
      access.checkSecret(caller, SecretPermission.SET, a.objectId);
      SecretVersion v = secrets.version(ref(secretIdOrName, "secrets"));
      a.objectId = v.id;
      Map<String, String> tags = update.tags().orElse(v.tags);
      Validation.checkTags(tags, v.id);
      Optional<Instant> nbf = update.notBefore().or(() -> v.notBefore);
      Optional<Instant> exp = update.expires().or(() -> v.expires);
      Validation.checkWindow(nbf, exp, v.id);
      v.enabled = update.enabled().orElse(v.enabled);
      v.notBefore = nbf;
      v.expires = exp;
      v.tags = tags;
      v.updated = now();
      return v.bundle(recoveryLevel());
    });
  }

  /**
   * Soft-deletes secret {@code nameOrId} with all its versions.
   *
   * @throws ForbiddenException without the {@code delete} permission
   * @throws NotFoundException when the secret does not exist or is already deleted
   */
  public DeletedSecretBundle deleteSecret(Identity caller, String nameOrId) throws KeyVaultException {
    Ref ref = peekRef(nameOrId, "secrets");
    return call(caller, "SecretDelete", ref.id(), 1, a -> {
      access.checkSecret(caller, SecretPermission.DELETE, a.objectId);
      Ref r = ref(nameOrId, "secrets");
      VersionedObject<SecretVersion> o = secrets.live(r);
      o.softDelete(now(), softDeleteRetention());
      return deletedSecret(o);
    });
  }

  /**
   * Recovers a soft-deleted secret.
   *
   * @throws ForbiddenException without the {@code recover} permission
   * @throws NotFoundException when there is no deleted secret of that name
   */
  public SecretBundle recoverDeletedSecret(Identity caller, String nameOrId) throws KeyVaultException {
    Ref ref = peekRef(nameOrId, "secrets");
    return call(caller, "SecretRecover", ref.id(), 1, a -> {
      access.checkSecret(caller, SecretPermission.RECOVER, a.objectId);
      VersionedObject<SecretVersion> o = secrets.deleted(ref(nameOrId, "secrets"));
      o.recover();
      return o.current().bundle(recoveryLevel());
    });
  }

  /**
   * Purges a soft-deleted secret for good.
   *
   * @throws ForbiddenException without the {@code purge} permission, or under purge protection
   * @throws NotFoundException when there is no deleted secret of that name
   */
  public void purgeDeletedSecret(Identity caller, String nameOrId) throws KeyVaultException {
    Ref ref = peekRef(nameOrId, "secrets");
    call(caller, "SecretPurge", ref.id(), 1, a -> {
      access.checkSecret(caller, SecretPermission.PURGE, a.objectId);
      VersionedObject<SecretVersion> o = secrets.deleted(ref(nameOrId, "secrets"));
      if (purgeProtection) {
        throw new ForbiddenException("vault '" + name() + "' has purge protection: deleted secret " + a.objectId
            + " cannot be purged before its scheduled purge date " + o.scheduledPurge);
      }
      secrets.purge(o);
      return null;
    });
  }

  @Override
  public String toString() {
    return "KeyVault[" + name() + ", " + spec.region() + ", " + spec.sku() + "]";
  }

  // ---------------------------------------------------------------- the call pipeline

  /** Where the audit entry of a call points; the body narrows it to the exact version. */
  private static final class Call {
    String objectId;

    Call(String objectId) {
      this.objectId = objectId;
    }
  }

  @FunctionalInterface
  private interface Body<T> {
    T run(Call call) throws KeyVaultException;
  }

  private <T> T call(Identity caller, String operation, String objectId, int cost, Body<T> body)
      throws KeyVaultException {
    Objects.requireNonNull(caller, "caller");
    try {
      synchronized (this) {
        Call c = new Call(objectId);
        try {
          if (service.throttling()) {
            throttle.charge(now(), cost, name(), operation);
          }
          T result = body.run(c);
          service.record(new AuditEntry(now(), name(), caller, operation, c.objectId, 200, "OK"));
          return result;
        } catch (KeyVaultException e) {
          service.record(new AuditEntry(now(), name(), caller, operation, c.objectId, e.httpStatus(), e.errorCode()));
          throw e;
        }
      }
    } finally {
      deliverEvents();
    }
  }

  private Instant now() {
    return service.clock().instant();
  }

  // ---------------------------------------------------------------- ids and lookups

  /** A reference to a key or secret: its name, optional version, and the id to log. */
  record Ref(String name, Optional<String> version, String id) {}

  /** Parses without failing, for the cost and the audit id; {@link #ref} does the checking. */
  private Ref peekRef(String idOrName, String collection) {
    String s = String.valueOf(idOrName);
    Optional<VaultObjectId> id = VaultObjectId.tryParse(s);
    if (id.isPresent()) {
      return new Ref(id.get().name(), id.get().version(), id.get().url());
    }
    return new Ref(s, Optional.empty(), baseUrl + collection + "/" + s);
  }

  private Ref ref(String idOrName, String collection) throws BadParameterException {
    if (idOrName == null) {
      throw new BadParameterException("the " + collection + " id or name is missing");
    }
    if (idOrName.startsWith("https://")) {
      VaultObjectId id = VaultObjectId.tryParse(idOrName).orElseThrow(() -> new BadParameterException(
          "not a " + collection + " id of shape " + baseUrl + collection + "/{name}[/{32 hex version}]: " + idOrName));
      if (!id.vault().equals(name()) || !id.collection().equals(collection)) {
        throw new BadParameterException(idOrName + " is not a " + collection + " id of vault '" + name() + "'");
      }
      return new Ref(id.name(), id.version(), id.url());
    }
    Validation.checkName(idOrName, collection.equals("keys") ? "key" : "secret");
    return new Ref(idOrName, Optional.empty(), baseUrl + collection + "/" + idOrName);
  }

  private synchronized int opCostOf(Ref ref) {
    VersionedObject<KeyVersion> o = keys.find(ref.name);
    if (o == null) {
      return 1;
    }
    KeyVersion v = ref.version.flatMap(o::version).orElse(o.current());
    return Throttle.opCost(v.kty, v.size);
  }

  private synchronized int createCostOf(Ref ref) {
    VersionedObject<KeyVersion> o = keys.find(ref.name);
    return o == null ? Throttle.createCost(KeyType.RSA) : Throttle.createCost(o.current().kty);
  }

  private DeletedKeyBundle deletedKey(VersionedObject<KeyVersion> o) {
    return new DeletedKeyBundle(baseUrl + "deletedkeys/" + o.name, o.current().bundle(recoveryLevel()),
        o.deletedAt, o.scheduledPurge);
  }

  private DeletedSecretBundle deletedSecret(VersionedObject<SecretVersion> o) {
    return new DeletedSecretBundle(baseUrl + "deletedsecrets/" + o.name, o.current().id, o.deletedAt, o.scheduledPurge);
  }

  String recoveryLevel() {
    String level = purgeProtection ? "Recoverable" : "Recoverable+Purgeable";
    return spec.softDeleteRetentionDays() < VaultSpec.DEFAULT_RETENTION_DAYS ? "Customized" + level : level;
  }

  private static String newVersion() {
    byte[] b = new byte[16];
    KeyVaultService.RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private int checkSpec(KeySpec s, int size, String id) throws BadParameterException {
    return Validation.checkSpec(s, size, id, spec.sku(), name());
  }

  // ---------------------------------------------------------------- key versions and crypto

  private KeyVersion addKeyVersion(String name, KeySpec s, int size, KeyPair keyPair, Instant at) throws KeyVaultException {
    VersionedObject<KeyVersion> o = keys.forNewVersion(name, baseUrl + "keys/" + name);
    String version = newVersion();
    KeyVersion v = new KeyVersion(baseUrl + "keys/" + name + "/" + version, s, size, keyPair,
        s.keyOps().isEmpty() ? Validation.allowedOps(s.kty()) : s.keyOps(), at);
    o.add(version, v);
    publish(VaultEvent.Type.KEY_NEW_VERSION_CREATED, v.id, at);
    return v;
  }

  private KeyVersion rotate(VersionedObject<KeyVersion> o, Instant at) throws KeyVaultException {
    KeyVersion cur = o.current();
    Optional<Instant> exp = o.rotationPolicy == null ? Optional.empty()
        : o.rotationPolicy.expiryTime().map(at::plus);
    KeySpec s = new KeySpec(cur.kty, cur.size, cur.curve, cur.keyOps, true, Optional.empty(), exp, cur.tags);
    return addKeyVersion(o.name, s, cur.size, RsaCrypto.generate(s), at);
  }

  private enum CryptoOp {
    WRAP("KeyWrap", KeyPermission.WRAP_KEY, KeyOperation.WRAP_KEY, true),
    UNWRAP("KeyUnwrap", KeyPermission.UNWRAP_KEY, KeyOperation.UNWRAP_KEY, false),
    ENCRYPT("KeyEncrypt", KeyPermission.ENCRYPT, KeyOperation.ENCRYPT, true),
    DECRYPT("KeyDecrypt", KeyPermission.DECRYPT, KeyOperation.DECRYPT, false);

    final String logName;
    final KeyPermission permission;
    final KeyOperation keyOp;
    final boolean publicSide;

    CryptoOp(String logName, KeyPermission permission, KeyOperation keyOp, boolean publicSide) {
      this.logName = logName;
      this.permission = permission;
      this.keyOp = keyOp;
      this.publicSide = publicSide;
    }
  }

  private KeyOperationResult crypto(Identity caller, String keyId, KeyWrapAlgorithm alg, byte[] input, CryptoOp op)
      throws KeyVaultException {
    Ref ref = peekRef(keyId, "keys");
    return call(caller, op.logName, ref.id(), opCostOf(ref), a -> {
      access.checkKey(caller, op.permission, a.objectId);
      KeyVersion v = keys.version(ref(keyId, "keys"));
      a.objectId = v.id;
      if (alg == null || input == null) {
        throw new BadParameterException(op.keyOp.wireName() + " on " + v.id + " needs an algorithm and a value");
      }
      if (!v.kty.isRsa()) {
        throw new BadParameterException("key " + v.id + " is kty " + v.kty.wireName() + ", which does not support "
            + op.keyOp.wireName() + "; use an RSA key");
      }
      if (!v.enabled) {
        throw new KeyDisabledException("key " + v.id + " is disabled; " + op.keyOp.wireName() + " is not allowed");
      }
      if (!v.keyOps.contains(op.keyOp)) {
        throw new ForbiddenException("key_ops of " + v.id + " are " + Validation.wire(v.keyOps) + "; "
            + op.keyOp.wireName() + " is not permitted");
      }
      return op.publicSide ? publicOp(v, alg, input, op) : privateOp(v, alg, input, op);
    });
  }

  private KeyOperationResult publicOp(KeyVersion v, KeyWrapAlgorithm alg, byte[] input, CryptoOp op)
      throws KeyVaultException {
    Instant now = now();
    if (v.notBefore.isPresent() && now.isBefore(v.notBefore.get())) {
      throw new KeyNotActiveException("KeyNotYetValid", "key " + v.id + " is not valid before " + v.notBefore.get()
          + " (now " + now + "); " + op.keyOp.wireName() + " is not allowed");
    }
    if (v.expires.isPresent() && !now.isBefore(v.expires.get())) {
      throw new KeyNotActiveException("KeyExpired", "key " + v.id + " expired at " + v.expires.get()
          + " (now " + now + "); " + op.keyOp.wireName() + " is not allowed");
    }
    int max = alg.maxPlaintextBytes(v.size);
    if (input.length == 0 || input.length > max) {
      throw new BadParameterException("plaintext for " + op.keyOp.wireName() + " with " + v.id + " is "
          + input.length + " bytes; " + alg.wireName() + " with a " + v.size + "-bit key takes 1 to " + max + " bytes");
    }
    try {
      return new KeyOperationResult(v.id, alg, RsaCrypto.encrypt(v.publicKey(), alg, input));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA " + alg.wireName() + " encryption failed for " + v.id, e);
    }
  }

  private KeyOperationResult privateOp(KeyVersion v, KeyWrapAlgorithm alg, byte[] input, CryptoOp op)
      throws KeyVaultException {
    if (input.length != v.size / 8) {
      throw new BadParameterException("ciphertext for " + op.keyOp.wireName() + " with " + v.id + " is "
          + input.length + " bytes; a " + v.size + "-bit key needs exactly " + v.size / 8);
    }
    byte[] out = null;
    try {
      out = RsaCrypto.decrypt(v.privateKey(), alg, input);
      return new KeyOperationResult(v.id, alg, out);
    } catch (GeneralSecurityException e) {
      throw new BadParameterException("ciphertext does not " + op.keyOp.wireName() + " under " + v.id + " with "
          + alg.wireName() + " (padding check failed)");
    } finally {
      if (out != null) {
        Arrays.fill(out, (byte) 0);
      }
    }
  }

  // ---------------------------------------------------------------- time: retention, rotation, events

  /** Called by the service after every clock move. */
  void onClock(Instant now) {
    try {
      synchronized (this) {
        keys.purgeExpired(now);
        secrets.purgeExpired(now);
        for (VersionedObject<KeyVersion> o : List.copyOf(keys.all())) {
          if (!o.isDeleted()) {
            runPolicy(o, now);
          }
        }
      }
    } finally {
      deliverEvents();
    }
  }

  private void runPolicy(VersionedObject<KeyVersion> o, Instant now) {
    RotationPolicy p = o.rotationPolicy;
    // A long clock jump may span several rotations: each happens at its own due time.
    for (int i = 0; p != null && i < 1000; i++) {
      Optional<Instant> due = rotationDue(p, o.current());
      if (due.isEmpty() || due.get().isAfter(now)) {
        break;
      }
      try {
        KeyVersion v = rotate(o, due.get());
        service.record(new AuditEntry(due.get(), name(), Identity.KEY_VAULT_SERVICE, "KeyRotate", v.id, 200, "OK"));
      } catch (KeyVaultException e) {
        throw new IllegalStateException("automatic rotation of " + o.name + " failed", e);
      }
    }
    KeyVersion cur = o.current();
    if (p != null && cur.expires.isPresent() && !cur.nearExpiryNotified) {
      for (RotationPolicy.LifetimeAction action : p.lifetimeActions()) {
        if (action.type() == RotationPolicy.LifetimeAction.Type.NOTIFY) {
          Instant at = cur.expires.get().minus(action.timeBeforeExpiry().orElseThrow());
          if (!at.isAfter(now)) {
            cur.nearExpiryNotified = true;
            publish(VaultEvent.Type.KEY_NEAR_EXPIRY, cur.id, at);
          }
        }
      }
    }
    if (cur.expires.isPresent() && !cur.expiredNotified && !cur.expires.get().isAfter(now)) {
      cur.expiredNotified = true;
      publish(VaultEvent.Type.KEY_EXPIRED, cur.id, cur.expires.get());
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

  private void publish(VaultEvent.Type type, String id, Instant at) {
    VaultEvent e = new VaultEvent(at, type, id);
    events.add(e);
    undelivered.add(e);
  }

  private void deliverEvents() {
    List<VaultEvent> batch;
    synchronized (this) {
      if (undelivered.isEmpty()) {
        return;
      }
      batch = List.copyOf(undelivered);
      undelivered.clear();
    }
    for (VaultEvent e : batch) {
      listeners.forEach(l -> l.accept(e));
    }
  }
}
