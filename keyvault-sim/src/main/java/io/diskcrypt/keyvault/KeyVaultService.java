package io.diskcrypt.keyvault;

import io.diskcrypt.core.time.SimClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Key Vault service of one simulated cloud: it creates vaults and Managed HSMs (names are global per
 * kind, as DNS names are), resolves key and secret URLs to their store, holds the audit log of every
 * store, switches throttling on or off, drives retention and rotation policies from the {@link
 * SimClock}, and stands for the attestation service whose tokens secure key release trusts ({@link
 * #attestationAuthority}).
 *
 * <pre>{@code
 * KeyVaultService kv = new KeyVaultService(clock);
 * KeyVault vault = kv.createVault(VaultSpec.builder("contoso-kv").purgeProtection(true).build(), admin);
 * KeyBundle kek = vault.createKey(admin, "disk-kek", KeySpec.rsa(3072));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class KeyVaultService {
  private final SimClock clock;
  private final KeyPairSource keyPairs;
  private final Map<String, KeyVault> vaults = new ConcurrentHashMap<>();
  private final Map<String, AttestationAuthority> authorities = new ConcurrentHashMap<>();
  private final List<AuditEntry> audit = new ArrayList<>();
  private volatile boolean throttling;
  private volatile FaultHook faultHook = FaultHook.NONE;

  /** A service on {@code clock}; throttling is off until {@link #setThrottling} turns it on. */
  public KeyVaultService(SimClock clock) {
    this(clock, KeyPairSource.JDK);
  }

  /**
   * A service for tests whose vaults make repeatable key pairs: the n-th RSA (or EC) key of a given size
   * made with {@code seed} is the same real key pair on every run, generated once per JVM and then
   * reused, so a test does not pay seconds per RSA key. Anyone who knows the seed knows the private
   * keys: never for real data.
   */
  public static KeyVaultService withRepeatableKeys(SimClock clock, long seed) {
    return new KeyVaultService(clock, new RepeatableKeyPairs(seed));
  }

  /** A service whose vaults get new key pairs from {@code keyPairs} (tests count or stall it). */
  KeyVaultService(SimClock clock, KeyPairSource keyPairs) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keyPairs = Objects.requireNonNull(keyPairs, "keyPairs");
    clock.onAdvance(now -> vaults.values().forEach(v -> v.onClock(now)));
  }

  KeyPairSource keyPairs() {
    return keyPairs;
  }

  /** The simulated clock every vault of this service reads. */
  public SimClock clock() {
    return clock;
  }

  /**
   * Creates a vault, or a Managed HSM when {@code spec} is one ({@link VaultSpec#managedHsm}). Nobody
   * has any access yet: grant it with {@link KeyVault#setAccessPolicy} or {@link KeyVault#assignRole},
   * or use {@link #createVault(VaultSpec, Identity)}.
   *
   * @throws IllegalArgumentException when the name is already taken by a store of the same kind
   */
  public KeyVault createVault(VaultSpec spec) {
    Objects.requireNonNull(spec, "spec");
    KeyVault vault = new KeyVault(this, spec);
    if (vaults.putIfAbsent(key(spec.kind(), spec.name()), vault) != null) {
      throw new IllegalArgumentException(spec.kind().displayName() + " name '" + spec.name() + "' is already taken");
    }
    return vault;
  }

  /**
   * Creates a vault and, as a convenience for test harnesses, gives {@code creator} every key and
   * secret right: a full access policy (as the portal does for the creator of an access-policy vault)
   * and, in an RBAC vault, the Crypto Officer and Secrets Officer roles (which the real service does
   * not assign by itself); in a Managed HSM, the Managed HSM Crypto User and Crypto Officer roles (the
   * real service makes the creator an administrator, who then assigns these).
   *
   * @throws IllegalArgumentException when the name is already taken
   */
  public KeyVault createVault(VaultSpec spec, Identity creator) {
    KeyVault vault = createVault(spec);
    vault.grantAll(Objects.requireNonNull(creator, "creator"));
    return vault;
  }

  /** The Key Vault named {@code name} (case-insensitive), if any. */
  public Optional<KeyVault> vault(String name) {
    return store(VaultKind.KEY_VAULT, name);
  }

  /** The Managed HSM named {@code name} (case-insensitive), if any. */
  public Optional<KeyVault> managedHsm(String name) {
    return store(VaultKind.MANAGED_HSM, name);
  }

  private Optional<KeyVault> store(VaultKind kind, String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(vaults.get(key(kind, name)));
  }

  private static String key(VaultKind kind, String name) {
    return kind + "/" + name.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The vault (or Managed HSM) a key or secret URL points into.
   *
   * @throws BadParameterException when {@code objectUrl} is not a key or secret URL
   * @throws NotFoundException ({@code VaultNotFound}) when no store has that name
   */
  public KeyVault vaultOf(String objectUrl) throws KeyVaultException {
    VaultObjectId id = VaultObjectId.tryParse(objectUrl).orElseThrow(() -> new BadParameterException(
        "not a Key Vault key or secret id (https://{vault}.vault.azure.net/keys|secrets/{name}[/{version}]) nor a"
            + " Managed HSM key id (https://{hsm}.managedhsm.azure.net/keys/{name}[/{version}]): " + objectUrl));
    return vaultOf(id);
  }

  /**
   * The vault (or Managed HSM) {@code id} points into.
   *
   * @throws NotFoundException ({@code VaultNotFound}) when no store has that name
   */
  public KeyVault vaultOf(VaultObjectId id) throws NotFoundException {
    return store(id.kind(), id.vault()).orElseThrow(() -> new NotFoundException("VaultNotFound",
        "no " + id.kind().displayName() + " named '" + id.vault() + "' for " + id));
  }

  /**
   * The attestation authority at {@code url} (made on first use), such as {@code
   * https://sharedweu.weu.attest.azure.net}: the one whose tokens this service's vaults trust for
   * secure key release. A trailing slash does not matter.
   */
  public AttestationAuthority attestationAuthority(String url) {
    Objects.requireNonNull(url, "url");
    return authorities.computeIfAbsent(withoutSlash(url), AttestationAuthority::new);
  }

  /** The trusted authority that issued tokens as {@code issuer}, if this service made one. */
  Optional<AttestationAuthority> trustedAuthority(String issuer) {
    return Optional.ofNullable(authorities.get(withoutSlash(issuer)));
  }

  private static String withoutSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * Turns throttling on or off for every vault. When on, each vault has a weighted budget per
   * 10 seconds of simulated time, and excess calls fail with {@link ThrottledException}.
   */
  public void setThrottling(boolean on) {
    throttling = on;
  }

  /** Whether throttling is on. */
  public boolean throttling() {
    return throttling;
  }

  /**
   * Puts {@code hook} before every data-plane call of every vault (replacing the one before): how a
   * test makes a vault unreachable, throttled or slow in simulated time. {@link FaultHook#NONE} removes it.
   */
  public void setFaultHook(FaultHook hook) {
    faultHook = Objects.requireNonNull(hook, "hook");
  }

  FaultHook faultHook() {
    return faultHook;
  }

  /** Every audit entry of every vault, oldest first. */
  public synchronized List<AuditEntry> auditLog() {
    return List.copyOf(audit);
  }

  /** The audit entries of vault {@code vaultName}, oldest first. */
  public synchronized List<AuditEntry> auditLog(String vaultName) {
    return audit.stream().filter(e -> e.vault().equalsIgnoreCase(vaultName)).toList();
  }

  synchronized void record(AuditEntry entry) {
    audit.add(entry);
  }

  @Override
  public String toString() {
    return "KeyVaultService[" + vaults.size() + " vaults, " + clock + "]";
  }
}
