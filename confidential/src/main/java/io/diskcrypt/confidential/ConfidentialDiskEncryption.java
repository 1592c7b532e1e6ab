package io.diskcrypt.confidential;

import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.crypto.EncryptionLayer;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.model.DiskSecurityProfile;
import io.diskcrypt.core.model.SecurityEncryptionType;
import io.diskcrypt.core.model.SecurityType;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.core.topology.DiskRole;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmStartException;
import io.diskcrypt.core.topology.VmState;
import io.diskcrypt.keyvault.ForbiddenException;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyReleasePolicy;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyType;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.NotFoundException;
import io.diskcrypt.keyvault.VaultKind;
import io.diskcrypt.keyvault.VaultSpec;
import io.diskcrypt.keyvault.provider.VaultErrors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Confidential disk encryption: the OS disk of a confidential VM ({@code securityType}
 * ConfidentialVM, on a confidential size) encrypted with the VM's guest state, its key bound to the
 * VM's vTPM and released only after the VM's attestation succeeds.
 *
 * <p>What happens, as on Azure:
 * <ul>
 *   <li>{@link #enable} sets the OS disk's {@code securityProfile} and, for {@code
 *       DiskWithVMGuestState}, a platform service of its own encrypts the disk's image before the
 *       first boot: the crypto is charged to {@link #account()}, neither to the VM nor to its host.
 *       The volume key is sealed in the VM guest state (the vTPM's state), whose key is wrapped by
 *       the OS disk key: a platform key in the platform's Managed HSM, or the customer's key through a
 *       {@link ConfidentialDiskEncryptionSet}.</li>
 *   <li>At every start the VM attests ({@link AttestationService}); the Confidential VM Orchestrator
 *       asks the key's store to release the OS disk key to the attested vTPM; the vTPM unseals the
 *       volume key and the guest's own full-disk encryption opens the OS disk, on the VM's vCPU. A
 *       failed attestation, or a store that refuses the release, refuses the start.</li>
 * </ul>
 *
 * <p>Rules that are refused by name: a VM that is not a confidential VM; a data disk; {@code
 * NonPersistedTPM} on a persistent managed OS disk (Azure offers it with ephemeral OS disks only); a
 * disk encryption set or temp disk encryption without {@code DiskWithVMGuestState}; a VM that is not
 * deallocated or has booted before; a customer key that is not an exportable RSA-HSM key with a
 * release policy, in a Key Vault Premium or a Managed HSM with purge protection, readable by the
 * Confidential VM Orchestrator (which also needs {@code release}, refused at the start otherwise).
 * Encryption at host may still cover the VM's other disks.
 */
public final class ConfidentialDiskEncryption {
  /** The option's name in a disk's data path and in messages. */
  public static final String OPTION = "confidential disk encryption";
  /** The name of the platform's OS disk key in the platform's Managed HSM. */
  public static final String PLATFORM_KEY_NAME = "cvm-os-disk-key";
  /** How many sectors of the image the service encrypts before the first boot. */
  static final int IMAGE_SECTORS = 64;

  private final Cloud cloud;
  private final KeyVaultService vaults;
  private final AttestationService attestation;
  private final CpuAccount account;
  private final Map<String, ConfidentialDiskEncryptionSet> sets = new ConcurrentHashMap<>();
  private KeyVault platformHsm;

  /**
   * The service of {@code cloud}'s region: its OS disk keys live in the stores of {@code vaults} and
   * are released against the tokens of {@code attestation}.
   */
  public ConfidentialDiskEncryption(Cloud cloud, KeyVaultService vaults, AttestationService attestation) {
    this.cloud = Objects.requireNonNull(cloud, "cloud");
    this.vaults = Objects.requireNonNull(vaults, "vaults");
    this.attestation = Objects.requireNonNull(attestation, "attestation");
    this.account = cloud.ledger().account(cloud.region() + " confidential disk encryption service", AccountKind.PLATFORM_SERVICE);
  }

  /** The account of the platform service that encrypts OS disks before their first boot. */
  public CpuAccount account() {
    return account;
  }

  /** The attestation service the VMs meet at every start. */
  public AttestationService attestation() {
    return attestation;
  }

  /**
   * Creates a disk encryption set of type {@code ConfidentialVmEncryptedWithCustomerKey} over
   * {@code keyId} (a key URL; without a version, the current one, which the set then pins).
   *
   * @throws IllegalArgumentException naming the broken rule: no such store or key, another region, a
   *     Key Vault Standard, no purge protection, the Confidential VM Orchestrator not allowed to read
   *     the key, a key that is not RSA-HSM, not exportable or without a release policy; or the name taken
   * @throws KeyAccessException when the store refuses for another reason (throttled, unreachable)
   */
  public ConfidentialDiskEncryptionSet createDiskEncryptionSet(String name, String keyId) throws KeyAccessException {
    Objects.requireNonNull(name, "name");
    KeyBundle key = customerKey(keyId);
    ConfidentialDiskEncryptionSet set = new ConfidentialDiskEncryptionSet(name, cloud.region(), key.id());
    if (sets.putIfAbsent(set.id(), set) != null) {
      throw new IllegalArgumentException("disk encryption set " + name + " already exists in " + cloud.region());
    }
    return set;
  }

  /**
   * The set with the key it uses now.
   *
   * @throws IllegalArgumentException when the set was not made by this service
   */
  public ConfidentialDiskEncryptionSet current(ConfidentialDiskEncryptionSet set) {
    ConfidentialDiskEncryptionSet now = sets.get(set.id());
    if (now == null) {
      throw new IllegalArgumentException("no confidential disk encryption set " + set.name() + " in " + cloud.region());
    }
    return now;
  }

  /**
   * Points the set at another key (or key version): there is no automatic rotation. Allowed only while
   * every VM whose OS disk uses the set is stopped or deallocated; each re-wraps its guest state's key
   * under the new key at its next start (the old key must still release until then).
   *
   * @throws IllegalStateException naming a VM on the set that is not stopped
   * @throws IllegalArgumentException when the new key breaks a rule of {@link #createDiskEncryptionSet}
   * @throws KeyAccessException when the store refuses for another reason
   */
  public synchronized ConfidentialDiskEncryptionSet changeKey(ConfidentialDiskEncryptionSet set, String newKeyId)
      throws KeyAccessException {
    ConfidentialDiskEncryptionSet now = current(set);
    for (VirtualMachine vm : vmsOn(now)) {
      if (vm.state() == VmState.RUNNING || vm.state() == VmState.STOPPING) {
        throw new IllegalStateException("cannot change the key of confidential disk encryption set " + now.name()
            + " while VM " + vm.name() + " is " + vm.state() + ": stop every VM on the set first");
      }
    }
    ConfidentialDiskEncryptionSet changed = new ConfidentialDiskEncryptionSet(now.name(), now.region(), customerKey(newKeyId).id());
    sets.put(changed.id(), changed);
    return changed;
  }

  /** The VMs whose OS disk uses {@code set}. */
  List<VirtualMachine> vmsOn(ConfidentialDiskEncryptionSet set) {
    return cloud.vms().stream()
        .filter(vm -> vm.osDisk().managedDisk().securityProfile().secureVmDiskEncryptionSetId().filter(set.id()::equals).isPresent())
        .toList();
  }

  /**
   * Turns confidential disk encryption on for a confidential VM's OS disk, before the VM's first boot.
   * With {@code DiskWithVMGuestState} the platform service encrypts the disk's image now, paying its
   * own account; every start of the VM then attests before its key is released.
   *
   * @throws IllegalArgumentException naming the broken rule (see the class comment)
   * @throws IllegalStateException when the VM is not deallocated, has booted before, or the disk
   *     already has confidential disk encryption
   * @throws KeyAccessException when the OS disk key cannot be read to wrap the guest state's key
   */
  public synchronized void enable(VirtualDisk osDisk, ConfidentialDiskSettings settings) throws KeyAccessException {
    VirtualMachine vm = osDisk.vm();
    checkRules(osDisk, settings);
    vm.requireDeallocated("enable " + OPTION);
    if (osDisk.managedDisk().securityProfile().securityEncryptionType().isPresent()) {
      throw new IllegalStateException("the OS disk of VM " + vm.name() + " already has a securityEncryptionType");
    }
    if (osDisk.managedDisk().media().heldSectors().length > 0) {
      throw new IllegalStateException(OPTION + " is chosen before a VM's first boot: the OS disk of VM " + vm.name()
          + " already holds data");
    }
    Optional<ConfidentialDiskEncryptionSet> set = settings.diskEncryptionSet().map(this::current);
    KeyBundle osDiskKey = set.isPresent() ? customerKey(set.get().keyId()) : platformKey();
    boolean diskEncrypted = settings.type() == SecurityEncryptionType.DISK_WITH_VM_GUEST_STATE;
    GuestState state = GuestState.create(osDisk, osDiskKey, diskEncrypted, settings.tempDiskEncryption());
    Vtpm vtpm = new Vtpm(this, state);
    if (diskEncrypted) {
      preEncrypt(osDisk, state);
    }
    osDisk.managedDisk().setSecurityProfile(new DiskSecurityProfile(Optional.of(settings.type()), set.map(ConfidentialDiskEncryptionSet::id)));
    vm.addBootHook(vtpm);
    vm.addStopHook(vtpm::forget);
  }

  private static void checkRules(VirtualDisk osDisk, ConfidentialDiskSettings settings) {
    VirtualMachine vm = osDisk.vm();
    SecurityType securityType = vm.securityProfile().securityType();
    if (securityType != SecurityType.CONFIDENTIAL_VM) {
      throw new IllegalArgumentException("securityEncryptionType can be set only on a confidential VM: VM " + vm.name()
          + " has securityType " + securityType.wireName() + " (build it with securityType ConfidentialVM on a confidential size)");
    }
    if (!vm.size().confidentialVmSupported()) {
      throw new IllegalArgumentException("VM size " + vm.size().name() + " of VM " + vm.name() + " is not a confidential size");
    }
    if (osDisk.role() != DiskRole.OS) {
      throw new IllegalArgumentException(OPTION + " covers the OS disk only: disk " + osDisk.name() + " of VM " + vm.name()
          + " is a " + osDisk.role() + " disk; encrypt it with server-side encryption or encryption at host");
    }
    SecurityEncryptionType type = settings.type();
    if (type == SecurityEncryptionType.NON_PERSISTED_TPM) {
      throw new IllegalArgumentException("securityEncryptionType NonPersistedTPM persists no vTPM state, and Azure offers it"
          + " only with an ephemeral OS disk; the OS disk of VM " + vm.name() + " is a persistent managed disk:"
          + " use DiskWithVMGuestState or VMGuestStateOnly");
    }
    if (type != SecurityEncryptionType.DISK_WITH_VM_GUEST_STATE) {
      if (settings.diskEncryptionSet().isPresent()) {
        throw new IllegalArgumentException("a " + ConfidentialDiskEncryptionSet.ENCRYPTION_TYPE + " disk encryption set"
            + " encrypts the OS disk with its guest state: it needs securityEncryptionType DiskWithVMGuestState, not " + type.wireName());
      }
      if (settings.tempDiskEncryption()) {
        throw new IllegalArgumentException("temp disk encryption (preview) comes with confidential OS disk encryption:"
            + " it needs securityEncryptionType DiskWithVMGuestState, not " + type.wireName());
      }
    }
    if (settings.tempDiskEncryption() && vm.tempDisk().isEmpty()) {
      throw new IllegalArgumentException("temp disk encryption (preview) asked for VM " + vm.name() + ", but its size "
          + vm.size().name() + " has no temp disk");
    }
  }

  /**
   * The service writes the image onto the OS disk through the platform's path to the disk (the same
   * one the VM will use, brought up without booting the guest), encrypted with the volume key on its
   * own processor: the guest first boots on an encrypted disk.
   */
  private void preEncrypt(VirtualDisk osDisk, GuestState state) throws KeyAccessException {
    VirtualMachine vm = osDisk.vm();
    try {
      vm.start();
    } catch (VmStartException e) {
      throw e.keyProblem().orElseThrow(() -> new IllegalStateException(
          "the platform could not reach the OS disk of VM " + vm.name() + " to encrypt it: " + e.getMessage(), e));
    }
    try (SecretKeyMaterial volumeKey = state.volumeKeyForProvisioning()) {
      EncryptionLayer layer = GuestState.volume(osDisk, volumeKey, account, "the OS disk volume key, held by "
          + account.name() + " before the first boot");
      try {
        byte[] sector = new byte[osDisk.sectorSize().bytes()];
        for (int i = 0; i < IMAGE_SECTORS; i++) {
          Arrays.fill(sector, (byte) 0);
          byte[] line = ("image " + vm.image().name() + " sector " + i + "\n").getBytes(StandardCharsets.US_ASCII);
          System.arraycopy(line, 0, sector, 0, line.length);
          layer.write(i, sector, 0, sector.length);
        }
        layer.flush();
      } finally {
        layer.evictKey();
      }
    } finally {
      vm.deallocate();
    }
  }

  /**
   * The OS disk key of the platform: an exportable RSA-HSM key in the platform's own Managed HSM, whose
   * release policy names this region's attestation service; the Confidential VM Orchestrator holds it.
   */
  private synchronized KeyBundle platformKey() throws KeyAccessException {
    String keyId = null;
    try {
      if (platformHsm == null) {
        platformHsm = vaults.createVault(VaultSpec.managedHsm("cvm-platform-" + cloud.region()).region(cloud.region())
            .purgeProtection(true).build(), Identity.CONFIDENTIAL_VM_ORCHESTRATOR);
        platformHsm.createKey(Identity.CONFIDENTIAL_VM_ORCHESTRATOR, PLATFORM_KEY_NAME,
            KeySpec.rsaHsm(2048).withExportable().withReleasePolicy(KeyReleasePolicy.confidentialVm(attestation.url())));
      }
      keyId = platformHsm.uri() + "keys/" + PLATFORM_KEY_NAME;
      return platformHsm.keys().get(Identity.CONFIDENTIAL_VM_ORCHESTRATOR, PLATFORM_KEY_NAME);
    } catch (KeyVaultException e) {
      throw VaultErrors.map(keyId == null ? PLATFORM_KEY_NAME : keyId, e);
    }
  }

  /** The customer's key, checked against every rule of a confidential disk encryption set. */
  private KeyBundle customerKey(String keyId) throws KeyAccessException {
    Objects.requireNonNull(keyId, "keyId");
    KeyVault store;
    try {
      store = vaults.vaultOf(keyId);
    } catch (NotFoundException e) {
      throw new IllegalArgumentException("no Key Vault or Managed HSM holds key " + keyId + ": " + e.getMessage(), e);
    } catch (KeyVaultException e) {
      throw new IllegalArgumentException("not a key URL: " + keyId + ": " + e.getMessage(), e);
    }
    String where = store.kind().displayName() + " '" + store.name() + "'";
    if (!store.region().equals(cloud.region())) {
      throw new IllegalArgumentException(where + " is in " + store.region() + ": a disk encryption set takes a key of its own region "
          + cloud.region());
    }
    if (store.kind() == VaultKind.KEY_VAULT && store.sku() != VaultSpec.Sku.PREMIUM) {
      throw new IllegalArgumentException(where + " is a Key Vault Standard: " + OPTION
          + " needs an HSM key, in a Key Vault Premium or a Managed HSM");
    }
    if (!store.purgeProtection()) {
      throw new IllegalArgumentException(where + " has no purge protection: " + OPTION + " needs it on the key's store");
    }
    KeyBundle key;
    try {
      key = store.keys().get(Identity.CONFIDENTIAL_VM_ORCHESTRATOR, keyId);
    } catch (ForbiddenException e) {
      throw new IllegalArgumentException("the " + Identity.CONFIDENTIAL_VM_ORCHESTRATOR.displayName() + " cannot read key " + keyId
          + " in " + where + ": grant it get and release (" + e.getMessage() + ")", e);
    } catch (NotFoundException e) {
      throw new IllegalArgumentException("no key " + keyId + " in " + where, e);
    } catch (KeyVaultException e) {
      throw VaultErrors.map(keyId, e);
    }
    if (key.kty() != KeyType.RSA_HSM) {
      throw new IllegalArgumentException("key " + key.id() + " is " + key.kty().wireName() + ": " + OPTION
          + " needs an RSA-HSM key");
    }
    if (!key.exportable()) {
      throw new IllegalArgumentException("key " + key.id() + " is not exportable: " + OPTION
          + " releases the key to the attested VM, so it must be created exportable with a release policy");
    }
    if (key.releasePolicy().isEmpty()) {
      throw new IllegalArgumentException("key " + key.id() + " has no release policy: " + OPTION
          + " needs one that names the attestation service");
    }
    return key;
  }

  /** The store of a key id, for the vTPM's release at boot. */
  KeyVault storeOf(String keyId) throws KeyVaultException {
    return vaults.vaultOf(keyId);
  }

  /** The key the OS disk's set uses now, when the disk has a set; for a key change at the next start. */
  Optional<KeyBundle> currentSetKey(VirtualDisk osDisk) throws KeyAccessException {
    Optional<String> setId = osDisk.managedDisk().securityProfile().secureVmDiskEncryptionSetId();
    if (setId.isEmpty()) {
      return Optional.empty();
    }
    ConfidentialDiskEncryptionSet set = sets.get(setId.get());
    if (set == null) {
      throw new IllegalStateException("the OS disk of VM " + osDisk.vm().name() + " names an unknown disk encryption set " + setId.get());
    }
    return Optional.of(customerKey(set.keyId()));
  }

  @Override
  public String toString() {
    return "ConfidentialDiskEncryption[" + cloud.region() + "]";
  }
}
