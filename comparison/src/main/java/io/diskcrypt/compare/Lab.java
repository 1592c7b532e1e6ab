package io.diskcrypt.compare;

import io.diskcrypt.ade.AdeOptions;
import io.diskcrypt.ade.AzureDiskEncryption;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.host.EncryptionAtHost;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyPermission;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultSpec;
import io.diskcrypt.keyvault.provider.PlatformManagedKeys;
import io.diskcrypt.sse.ServerSideEncryption;
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

  private Lab() throws KeyVaultException {
    vault = vaults.createVault(VaultSpec.builder("contoso-disks").region(REGION).subscription(SUBSCRIPTION)
        .purgeProtection(true).enabledForDiskEncryption(true).build(), customer);
    vault.createKey(customer, CUSTOMER_KEY, KeySpec.rsa(2048));
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
      return new Lab();
    } catch (KeyVaultException e) {
      throw new IllegalStateException("the lab's vault could not be set up: " + e.getMessage(), e);
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

  /** The customer's vault: purge protection, enabled for disk encryption, same region and subscription. */
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
    vault.setAccessPolicy(identity, KeyPermission.diskEncryptionSet(), Set.of());
    return identity;
  }
}
