package io.diskcrypt.compare;

import io.diskcrypt.ade.AdeOptions;
import io.diskcrypt.ade.AzureDiskEncryption;
import io.diskcrypt.confidential.AttestationService;
import io.diskcrypt.confidential.ConfidentialDiskEncryption;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.host.EncryptionAtHost;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyPermission;
import io.diskcrypt.keyvault.KeyReleasePolicy;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultKind;
import io.diskcrypt.keyvault.VaultRole;
import io.diskcrypt.keyvault.VaultSpec;
import io.diskcrypt.keyvault.provider.PlatformManagedKeys;
import io.diskcrypt.sse.ServerSideEncryption;
import java.util.Optional;
import java.util.Set;

/**
 * A fresh simulated region for one row of the comparison, so that rows cannot disturb each other:
 * the cloud (clock, ledger, hosts, storage), the platform's keys, a Key Vault service with the
 * customer's vault and key, and the platform services of each option, all on one clock.
 */
public final class Lab {
  /** The region every lab simulates. */
  public static final String REGION = "westeurope";
  /** The subscription of the customer's VMs and vault. */
  public static final String SUBSCRIPTION = "sub-0001";
  /** The customer's key name in the vault. */
  public static final String CUSTOMER_KEY = "disk-cmk";

  private final SimClock clock = new SimClock();
  private final Cloud cloud = Cloud.create(REGION, clock);
  private final KeyVaultService vaults = new KeyVaultService(clock);
  private final PlatformManagedKeys platformKeys = new PlatformManagedKeys(REGION);
  private final Identity customer = Identity.user("contoso-admin");
  private final KeyVault vault;
  private final ServerSideEncryption sse;
  private EncryptionAtHost host;
  private final AzureDiskEncryption ade;
  private final AttestationService attestation = new AttestationService(vaults, "https://shared" + REGION + ".attest.azure.net");
  private final Optional<KeyStore> hsmStore;
  private ConfidentialDiskEncryption confidential;

  /**
   * Where the customer's key lives in the HSM support experiment: each store is tried with an
   * HSM-protected key.
   */
  public enum KeyStore {
    /** A Key Vault of the standard SKU: software keys only. */
    KEY_VAULT_STANDARD("keyVaultStandard"),
    /** A Key Vault of the premium SKU: HSM-protected keys too. */
    KEY_VAULT_PREMIUM("keyVaultPremium"),
    /** A Managed HSM. */
    MANAGED_HSM("managedHsm");

    private final String id;

    KeyStore(String id) {
      this.id = id;
    }

    /** The JSON id: {@code keyVaultStandard}, {@code keyVaultPremium} or {@code managedHsm}. */
    public String id() {
      return id;
    }
  }

  private Lab(Optional<KeyStore> hsmStore) throws KeyVaultException {
    this.hsmStore = hsmStore;
    vault = vaults.createVault(storeSpec(hsmStore), customer);
    vault.createKey(customer, CUSTOMER_KEY, keySpec());
    sse = new ServerSideEncryption(cloud, vaults, platformKeys);
    // ADE's passphrase is 127 random bytes, so a cheap keyslot KDF costs no security and keeps the
    // audit's many simulated boots fast.
    ade = new AzureDiskEncryption(cloud, vaults, AdeOptions.cheapKdf());
  }

  /**
   * A new lab.
   *
   * @throws IllegalStateException when the vault refuses the setup (a bug)
   */
  public static Lab create() {
    try {
      return new Lab(Optional.empty());
    } catch (KeyVaultException e) {
      throw new IllegalStateException("the lab's vault could not be set up: " + e.getMessage(), e);
    }
  }

  /**
   * A new lab whose customer keys are HSM-protected (RSA-HSM, exportable, with the confidential VM
   * release policy) in {@code store}.
   *
   * @throws KeyVaultException when the store refuses such a key (a Key Vault Standard does)
   */
  public static Lab withHsmKeysIn(KeyStore store) throws KeyVaultException {
    return new Lab(Optional.of(store));
  }

  /**
   * The customer's store: a premium Key Vault {@code contoso-disks} (purge protection, enabled for disk
   * encryption), or the store the HSM experiment tries.
   */
  private static VaultSpec storeSpec(Optional<KeyStore> store) {
    if (store.isPresent() && store.get() == KeyStore.MANAGED_HSM) {
      return VaultSpec.managedHsm("contoso-hsm").region(REGION).subscription(SUBSCRIPTION).purgeProtection(true).build();
    }
    VaultSpec.Sku sku = store.isPresent() && store.get() == KeyStore.KEY_VAULT_STANDARD ? VaultSpec.Sku.STANDARD : VaultSpec.Sku.PREMIUM;
    return VaultSpec.builder("contoso-disks").region(REGION).subscription(SUBSCRIPTION).sku(sku)
        .purgeProtection(true).enabledForDiskEncryption(true).build();
  }

  /** The spec of every key the customer makes in this lab: software RSA, or HSM-protected in the HSM experiment. */
  public KeySpec keySpec() {
    return hsmStore.isEmpty() ? KeySpec.rsa(2048) : hsmKeySpec();
  }

  /** An exportable RSA-HSM key whose release policy names this lab's attestation service. */
  public KeySpec hsmKeySpec() {
    return KeySpec.rsaHsm(2048).withExportable().withReleasePolicy(KeyReleasePolicy.confidentialVm(attestation.url()));
  }

  /** The region's attestation service. */
  public AttestationService attestation() {
    return attestation;
  }

  /** Confidential disk encryption, set up on first use. */
  public synchronized ConfidentialDiskEncryption confidential() {
    if (confidential == null) {
      confidential = new ConfidentialDiskEncryption(cloud, vaults, attestation);
    }
    return confidential;
  }

  /** Lets the Confidential VM Orchestrator get and release the customer's keys. */
  public void grantConfidentialVmOrchestrator() {
    if (vault.kind() == VaultKind.MANAGED_HSM) {
      vault.assignRole(Identity.CONFIDENTIAL_VM_ORCHESTRATOR, VaultRole.MANAGED_HSM_CRYPTO_SERVICE_RELEASE_USER);
      vault.assignRole(Identity.CONFIDENTIAL_VM_ORCHESTRATOR, VaultRole.MANAGED_HSM_CRYPTO_AUDITOR);
    } else {
      vault.setAccessPolicy(Identity.CONFIDENTIAL_VM_ORCHESTRATOR, KeyPermission.confidentialVmOrchestrator(), Set.of());
    }
  }

  /** The simulated region. */
  public Cloud cloud() {
    return cloud;
  }

  /** The Key Vault service. */
  public KeyVaultService vaults() {
    return vaults;
  }

  /** The customer's store: a premium Key Vault with purge protection, enabled for disk encryption, same region and subscription. */
  public KeyVault vault() {
    return vault;
  }

  /** The customer, who owns the vault and every permission on it. */
  public Identity customer() {
    return customer;
  }

  /** The platform's keys. */
  public PlatformManagedKeys platformKeys() {
    return platformKeys;
  }

  /** Server-side encryption at the storage cluster. */
  public ServerSideEncryption sse() {
    return sse;
  }

  /** Encryption at host, set up on first use: it takes the host's placements of the lab's pipeline. */
  public synchronized EncryptionAtHost encryptionAtHost() {
    if (host == null) {
      host = new EncryptionAtHost(sse);
    }
    return host;
  }

  /** Azure Disk Encryption, in the guest. */
  public AzureDiskEncryption ade() {
    return ade;
  }

  /** The current version of the customer's key. */
  public KeyBundle customerKey() {
    try {
      return vault.keys().get(customer, CUSTOMER_KEY);
    } catch (KeyVaultException e) {
      throw new IllegalStateException("the customer's key is gone: " + e.getMessage(), e);
    }
  }

  /** A managed identity allowed get, wrapKey and unwrapKey on the vault's keys, for a disk encryption set. */
  public Identity diskEncryptionSetIdentity(String name) {
    Identity identity = Identity.managed(name);
    if (vault.kind() == VaultKind.MANAGED_HSM) {
      vault.assignRole(identity, VaultRole.MANAGED_HSM_CRYPTO_SERVICE_ENCRYPTION_USER);
    } else {
      vault.setAccessPolicy(identity, KeyPermission.diskEncryptionSet(), Set.of());
    }
    return identity;
  }
}
