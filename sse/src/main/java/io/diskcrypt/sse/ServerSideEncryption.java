package io.diskcrypt.sse;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyProvider;
import io.diskcrypt.core.model.DiskEncryption;
import io.diskcrypt.core.model.EncryptionType;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.core.topology.LayerFactory;
import io.diskcrypt.core.topology.ManagedDisk;
import io.diskcrypt.core.topology.Placement;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.provider.PlatformManagedKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-side encryption of managed disks, done by the storage cluster in front of its media: the
 * entry point of the option.
 *
 * <p>Each managed disk gets a random 512-bit AES-256-XTS data key; only the key wrapped by the
 * platform-managed key, or by the customer's key through a {@link DiskEncryptionSet}, is stored with
 * the disk. The choice is per disk, in the disk's typed {@link ManagedDisk#encryption()}: one VM may
 * have an OS disk under a platform key and data disks under different sets. When a VM starts the storage cluster unwraps it and encrypts every sector on its own CPU.
 * Double encryption adds an infrastructure layer with a second data key under a platform key. The
 * temp disk, the host caches and the link stay in plaintext: the host is not involved.
 *
 * <p>On the simulated clock the storage cluster follows new key versions (re-wrapping data keys,
 * never re-encrypting sectors) and watches customer keys: one that is disabled, deleted, expired or
 * no longer permitted stops the VMs that use it after {@link #REVOCATION_GRACE}, and no VM using it
 * starts until the key is usable again.
 *
 * <p>It inserts its layer at {@link Placement#STORAGE} of the region's pipeline; the layer adds nothing
 * for a VM whose security profile has encryption at host, since the host then encrypts with the same
 * keys ({@link #diskKeyLayer()}) and the storage cluster keeps the host's ciphertext as is.
 *
 * <p>It is longer than most classes because it is the option's whole control plane (disk encryption
 * sets, enabling, the layer factory the host shares); the crypto, the vault calls, re-encryption and
 * the clock work live in {@code KeyChain}, {@code VaultKeys}, {@code Reencryption} and {@code KeyWatch}.
 *
 * <pre>{@code
 * ServerSideEncryption sse = new ServerSideEncryption(cloud, vaults, new PlatformManagedKeys(...));
 * DiskEncryptionSet des = sse.createDiskEncryptionSet("des1", keyUrl, identity, true);
 * sse.enableCustomerKey(vm.disk("data0").managedDisk(), des);   // VM deallocated, or disk detached
 * vm.start();
 * }</pre>
 */
public final class ServerSideEncryption {
  /** How long after a customer key becomes unusable the platform stops the VMs using it. */
  public static final Duration REVOCATION_GRACE = Duration.ofHours(1);
  /** How long after a new key version appears the re-wrap of every disk completes (under an hour). */
  public static final Duration ROTATION_COMPLETION = Duration.ofMinutes(30);
  /** The option's name in the pipeline. */
  public static final String OPTION = "server-side encryption";
  /** The name of the platform-managed key that wraps platform-keyed data keys. */
  public static final String PLATFORM_KEY_NAME = "managed-disks";

  private final Cloud cloud;
  private final PlatformManagedKeys platformKeys;
  private final String platformKeyId;
  private final VaultKeys vaultKeys;
  private final KeyChain chain;
  private final Map<String, DiskEncryptionSet> sets = new LinkedHashMap<>();
  private final AtomicLong dataSectorsReencrypted = new AtomicLong();
  private final KeyWatch watch;

  /**
   * Server-side encryption for the disks of {@code cloud}, with customer keys in {@code vaults} and
   * platform keys from {@code platformKeys}. Inserts its layer into the cloud's pipeline and registers
   * itself on the cloud's clock.
   *
   * @throws IllegalStateException when the cloud already has server-side encryption
   */
  public ServerSideEncryption(Cloud cloud, KeyVaultService vaults, PlatformManagedKeys platformKeys) {
    this.cloud = Objects.requireNonNull(cloud, "cloud");
    Objects.requireNonNull(vaults, "vaults");
    this.platformKeys = Objects.requireNonNull(platformKeys, "platformKeys");
    if (!platformKeys.region().equals(cloud.region())) {
      throw new IllegalArgumentException("platform keys of region " + platformKeys.region()
          + " cannot serve the storage cluster of region " + cloud.region());
    }
    if (vaults.clock() != cloud.clock()) {
      throw new IllegalArgumentException("the key vault service and the cloud must share one simulated clock");
    }
    this.platformKeyId = platformKeys.keyId(PLATFORM_KEY_NAME);
    this.vaultKeys = new VaultKeys(vaults);
    this.chain = new KeyChain(platformKeys, platformKeyId, vaultKeys, cloud.clock());
    this.watch = new KeyWatch(this, cloud.clock().instant());
    cloud.pipeline().insert(Placement.STORAGE, OPTION, this::storageLayer);
    cloud.clock().onAdvance(watch::tick);
  }

  /** The cloud whose storage cluster this is. */
  public Cloud cloud() {
    return cloud;
  }

  /** The platform-managed keys, also used by the host for encryption at host. */
  public KeyProvider platformKeys() {
    return platformKeys;
  }

  /** The id of the platform-managed key that wraps platform-keyed data keys. */
  public String platformKeyId() {
    return platformKeyId;
  }

  // ---- disk encryption sets ----

  /**
   * Creates a disk encryption set in the cloud's region.
   *
   * @param name unique per region
   * @param keyUrl {@code activeKey.keyUrl}: a fully versioned URL of an enabled RSA 2048/3072/4096 key
   *     in a vault with purge protection in this region
   * @param identity the managed identity the storage cluster acts as; it must hold get, wrapKey and
   *     unwrapKey on the key (access policy) or the role Key Vault Crypto Service Encryption User
   * @param rotationToLatestKeyVersionEnabled follow new key versions automatically
   * @throws IllegalArgumentException naming the rule that is broken
   * @throws KeyAccessException when the key is not usable now (disabled, expired, not yet valid,
   *     deleted, or not permitted to the identity), naming it and why
   */
  public synchronized DiskEncryptionSet createDiskEncryptionSet(String name, String keyUrl, Identity identity,
      boolean rotationToLatestKeyVersionEnabled) throws KeyAccessException {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("disk encryption set name must not be blank");
    }
    if (sets.containsKey(name)) {
      throw new IllegalArgumentException("a disk encryption set named " + name + " already exists in " + cloud.region());
    }
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(keyUrl, "keyUrl");
    String vault = vaultKeys.validateForSet(identity, keyUrl, cloud.region(), cloud.clock().instant());
    DiskEncryptionSet set = new DiskEncryptionSet(name, cloud.region(), identity, vault, keyUrl,
        rotationToLatestKeyVersionEnabled);
    sets.put(name, set);
    return set;
  }

  /**
   * The disk encryption set named {@code name}.
   *
   * @throws IllegalArgumentException listing the sets when there is none of that name
   */
  public synchronized DiskEncryptionSet diskEncryptionSet(String name) {
    DiskEncryptionSet set = sets.get(name);
    if (set == null) {
      throw new IllegalArgumentException("no disk encryption set " + name + ": there are " + sets.keySet());
    }
    return set;
  }

  /**
   * The disk encryption set whose resource id is {@code id}.
   *
   * @throws IllegalArgumentException when none has it
   */
  public synchronized DiskEncryptionSet diskEncryptionSetById(String id) {
    for (DiskEncryptionSet set : sets.values()) {
      if (set.id().equals(id)) {
        return set;
      }
    }
    throw new IllegalArgumentException("no disk encryption set " + id + " in " + cloud.region());
  }

  /** Every disk encryption set, in creation order. */
  public synchronized List<DiskEncryptionSet> diskEncryptionSets() {
    return new ArrayList<>(sets.values());
  }

  /**
   * Points the set at another key version (a manual rotation): data keys are re-wrapped, in the
   * background, within {@link #ROTATION_COMPLETION}; until then the old version must stay usable.
   *
   * @throws IllegalArgumentException when the new key breaks a rule of {@link #createDiskEncryptionSet}
   * @throws KeyAccessException when the new key is not usable now
   */
  public void updateActiveKey(DiskEncryptionSet set, String keyUrl) throws KeyAccessException {
    checkOwned(set);
    vaultKeys.validateForSet(set.identity(), keyUrl, cloud.region(), cloud.clock().instant());
    watch.beginRotation(set, keyUrl);
  }

  /** Turns automatic rotation to the latest key version on or off. */
  public void setRotationToLatestKeyVersionEnabled(DiskEncryptionSet set, boolean on) {
    checkOwned(set);
    set.setRotationToLatestKeyVersionEnabled(on);
  }

  // ---- enabling: per disk, or every managed disk of a VM ----

  /**
   * Encrypts every managed disk of {@code vm} with a data key wrapped by the platform-managed key.
   *
   * @throws IllegalStateException unless the VM is deallocated
   */
  public void enablePlatformKey(VirtualMachine vm) {
    applyPlatformKey(managedDisks(vm));
  }

  /**
   * Wraps the data key of every managed disk of {@code vm} with the customer's key of {@code set}.
   *
   * @throws IllegalStateException unless the VM is deallocated, or when a disk ever had Azure Disk Encryption
   * @throws KeyAccessException when the set's key is not usable now
   */
  public void enableCustomerKey(VirtualMachine vm, DiskEncryptionSet set) throws KeyAccessException {
    apply(managedDisks(vm), EncryptionType.CUSTOMER_KEY, Objects.requireNonNull(set, "set"));
  }

  /**
   * Double encryption on every managed disk of {@code vm}: the customer-key layer of {@link
   * #enableCustomerKey} over an infrastructure layer with its own data key under a platform key.
   *
   * @throws IllegalStateException as {@link #enableCustomerKey} does
   * @throws KeyAccessException when the set's key is not usable now
   */
  public void enableDoubleEncryption(VirtualMachine vm, DiskEncryptionSet set) throws KeyAccessException {
    apply(managedDisks(vm), EncryptionType.PLATFORM_AND_CUSTOMER_KEYS, Objects.requireNonNull(set, "set"));
  }

  /**
   * Encrypts one managed disk with a data key wrapped by the platform-managed key.
   *
   * @throws IllegalStateException unless the disk is detached or its VM deallocated
   */
  public void enablePlatformKey(ManagedDisk disk) {
    applyPlatformKey(List.of(disk));
  }

  /**
   * Wraps one managed disk's data key with the customer's key of {@code set}: the disk's own choice,
   * whatever the VM's other disks use.
   *
   * @throws IllegalStateException unless the disk is detached or its VM deallocated, or when the disk
   *     ever had Azure Disk Encryption
   * @throws KeyAccessException when the set's key is not usable now
   */
  public void enableCustomerKey(ManagedDisk disk, DiskEncryptionSet set) throws KeyAccessException {
    apply(List.of(disk), EncryptionType.CUSTOMER_KEY, Objects.requireNonNull(set, "set"));
  }

  /**
   * Double encryption on one managed disk.
   *
   * @throws IllegalStateException as {@link #enableCustomerKey(ManagedDisk, DiskEncryptionSet)} does
   * @throws KeyAccessException when the set's key is not usable now
   */
  public void enableDoubleEncryption(ManagedDisk disk, DiskEncryptionSet set) throws KeyAccessException {
    apply(List.of(disk), EncryptionType.PLATFORM_AND_CUSTOMER_KEYS, Objects.requireNonNull(set, "set"));
  }

  /**
   * Gives a platform key to each managed disk of {@code vm} that has no server-side encryption yet
   * (what the real platform always does); disks that have it keep it.
   *
   * @throws IllegalStateException unless the VM is deallocated
   */
  public synchronized void ensureEncrypted(VirtualMachine vm) {
    vm.requireDeallocated("change server-side encryption");
    applyPlatformKey(managedDisks(vm).stream().filter(d -> d.encryption().isEmpty()).toList());
  }

  /** A platform key is the platform's own: it never fails the way a customer's key can. */
  private void applyPlatformKey(List<ManagedDisk> disks) {
    try {
      apply(disks, EncryptionType.PLATFORM_KEY, null);
    } catch (KeyAccessException e) {
      throw new IllegalStateException("the platform key cannot be used: " + e.getMessage(), e);
    }
  }

  private synchronized void apply(List<ManagedDisk> targets, EncryptionType type, DiskEncryptionSet set)
      throws KeyAccessException {
    for (ManagedDisk disk : targets) {
      disk.requireChangeable("change the server-side encryption of");
    }
    if (set != null) {
      checkOwned(set);
      for (ManagedDisk disk : targets) {
        if (disk.everHadGuestEncryption()) {
          throw new IllegalStateException("disk " + disk.name() + describeVm(disk)
              + " was once encrypted with Azure Disk Encryption: a disk that ever had ADE cannot use a customer-managed key");
        }
      }
      chain.checkCustomerKey(set, set.activeKeyUrl());
    }
    for (ManagedDisk disk : targets) {
      if (keysOf(disk).map(DiskKeys::infrastructureLayer).orElse(false) && type != EncryptionType.PLATFORM_AND_CUSTOMER_KEYS) {
        throw new IllegalStateException("disk " + disk.name()
            + " has double encryption: this simulation does not remove the infrastructure layer");
      }
    }
    for (ManagedDisk disk : targets) {
      change(disk, new DiskKeys(type, set));
    }
  }

  private static String describeVm(ManagedDisk disk) {
    return disk.attachedTo().map(vm -> " of VM " + vm.name()).orElse("");
  }

  private void change(ManagedDisk disk, DiskKeys to) throws KeyAccessException {
    DiskKeys from = keysOf(disk).orElse(null);
    boolean newLayer = from == null || from.infrastructureLayer() != to.infrastructureLayer();
    Reencryption reencryption = newLayer ? Reencryption.begin(chain, disk, from, cloud.storageCluster().account()) : null;
    chain.provision(disk, from, to);
    if (reencryption != null) {
      dataSectorsReencrypted.addAndGet(reencryption.finish(to));
    }
    disk.setEncryption(to.set() == null ? new DiskEncryption(to.type(), Optional.empty())
        : DiskEncryption.of(to.type(), to.set().id()));
  }

  /** The disk's encryption with its disk encryption set resolved, empty when it has none. */
  Optional<DiskKeys> keysOf(ManagedDisk disk) {
    return disk.encryption().map(e -> new DiskKeys(e.type(),
        e.diskEncryptionSetId().map(this::diskEncryptionSetById).orElse(null)));
  }

  // ---- the data path ----

  /**
   * The layer of the storage cluster, inserted at {@link Placement#STORAGE}: the disk's server-side
   * encryption, or nothing while its VM has encryption at host (the storage cluster stores the host's
   * ciphertext as is) or the disk has no encryption.
   */
  private BlockDevice storageLayer(VirtualDisk disk, BlockDevice below, CpuAccount payer) throws KeyAccessException {
    return disk.vm().securityProfile().encryptionAtHost() ? below : diskKeyLayer().attach(disk, below, payer);
  }

  /**
   * A layer keyed by the disk's own server-side encryption keys (the customer's key through its disk
   * encryption set, else a platform key), wherever it is inserted: encryption at host inserts it on the
   * host. Adds nothing for a disk without server-side encryption (the temp disk among them).
   */
  public LayerFactory diskKeyLayer() {
    return (disk, below, payer) -> {
      ManagedDisk managed = disk.managedDisk();
      Optional<DiskKeys> keys = managed == null ? Optional.empty() : keysOf(managed);
      if (keys.isEmpty()) {
        return below;
      }
      BlockDevice top = KeyChain.top(chain.build(managed, keys.get(), below, payer), below);
      if (keys.get().set() != null) {
        watch.keyUsed(keys.get().set());
      }
      return top;
    };
  }

  // ---- what the control plane shows ----

  /** The disk encryption set the disk uses, if any. */
  public Optional<DiskEncryptionSet> diskEncryptionSetOf(ManagedDisk disk) {
    return keysOf(disk).map(DiskKeys::set);
  }

  /**
   * How many data sectors the storage cluster has re-encrypted so far: only when a layer is added
   * (first encryption of a disk holding data, or double encryption). Rotation adds nothing.
   */
  public long dataSectorsReencrypted() {
    return dataSectorsReencrypted.get();
  }

  /** Checks every customer key and pending rotation now, as the clock does after each move. */
  public void checkKeys() {
    watch.tick(cloud.clock().instant());
  }

  // ---- for the key watch ----

  /** The disks of the storage cluster whose encryption goes through {@code set}. */
  List<ManagedDisk> disksOf(DiskEncryptionSet set) {
    return cloud.storageCluster().disks().stream()
        .filter(d -> d.encryption().flatMap(DiskEncryption::diskEncryptionSetId).filter(set.id()::equals).isPresent())
        .toList();
  }

  KeyChain chain() {
    return chain;
  }

  VaultKeys vaultKeys() {
    return vaultKeys;
  }

  private void checkOwned(DiskEncryptionSet set) {
    synchronized (this) {
      if (sets.get(set.name()) != set) {
        throw new IllegalArgumentException("disk encryption set " + set.name() + " does not belong to this storage cluster");
      }
    }
  }

  private static List<ManagedDisk> managedDisks(VirtualMachine vm) {
    return vm.disks().stream().filter(d -> d.role().managed()).map(VirtualDisk::managedDisk).toList();
  }

  @Override
  public String toString() {
    return "ServerSideEncryption[" + cloud.region() + ", " + sets.size() + " disk encryption sets]";
  }
}
