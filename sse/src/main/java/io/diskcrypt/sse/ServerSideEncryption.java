package io.diskcrypt.sse;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyProvider;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-side encryption of managed disks, done by the storage cluster in front of its media: the
 * entry point of the option.
 *
 * <p>Each managed disk gets a random 512-bit AES-256-XTS data key; only the key wrapped by the
 * platform-managed key, or by the customer's key through a {@link DiskEncryptionSet}, is stored with
 * the disk. When a VM starts the storage cluster unwraps it and encrypts every sector on its own CPU.
 * Double encryption adds an infrastructure layer with a second data key under a platform key. The
 * temp disk, the host caches and the link stay in plaintext: the host is not involved.
 *
 * <p>On the simulated clock the storage cluster follows new key versions (re-wrapping data keys,
 * never re-encrypting sectors) and watches customer keys: one that is disabled, deleted, expired or
 * no longer permitted stops the VMs that use it after {@link #REVOCATION_GRACE}, and no VM using it
 * starts until the key is usable again.
 *
 * <p>It is longer than most classes because it is the option's whole control plane (disk encryption
 * sets, enabling, the layer factory the host shares); the crypto, the vault calls, re-encryption and
 * the clock work live in {@code KeyChain}, {@code VaultKeys}, {@code Reencryption} and {@code KeyWatch}.
 *
 * <pre>{@code
 * ServerSideEncryption sse = new ServerSideEncryption(cloud, vaults, new PlatformManagedKeys(...));
 * DiskEncryptionSet des = sse.createDiskEncryptionSet("des1", keyUrl, identity, true);
 * sse.enableCustomerKey(vm, des);   // VM deallocated
 * vm.start();
 * }</pre>
 */
public final class ServerSideEncryption {
  /** How long after a customer key becomes unusable the platform stops the VMs using it. */
  public static final Duration REVOCATION_GRACE = Duration.ofHours(1);
  /** How long after a new key version appears the re-wrap of every disk completes (under an hour). */
  public static final Duration ROTATION_COMPLETION = Duration.ofMinutes(30);
  /** The VM model property that turns on encryption at host; then the storage cluster does not encrypt again. */
  public static final String ENCRYPTION_AT_HOST_PROPERTY = "securityProfile.encryptionAtHost";
  /** The name of the platform-managed key that wraps platform-keyed data keys. */
  public static final String PLATFORM_KEY_NAME = "managed-disks";

  private final Cloud cloud;
  private final PlatformManagedKeys platformKeys;
  private final String platformKeyId;
  private final VaultKeys vaultKeys;
  private final KeyChain chain;
  private final Map<ManagedDisk, DiskKeys> disks = new ConcurrentHashMap<>();
  private final Map<String, DiskEncryptionSet> sets = new LinkedHashMap<>();
  private final Map<String, List<KeyChain.Built>> liveLayers = new ConcurrentHashMap<>();
  private final AtomicLong dataSectorsReencrypted = new AtomicLong();
  private final KeyWatch watch;

  /**
   * Server-side encryption for the disks of {@code cloud}, with customer keys in {@code vaults} and
   * platform keys from {@code platformKeys}. Registers itself on the cloud's clock.
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
   */
  public synchronized DiskEncryptionSet createDiskEncryptionSet(String name, String keyUrl, Identity identity,
      boolean rotationToLatestKeyVersionEnabled) {
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

  /** Every disk encryption set, in creation order. */
  public synchronized List<DiskEncryptionSet> diskEncryptionSets() {
    return new ArrayList<>(sets.values());
  }

  /**
   * Points the set at another key version (a manual rotation): data keys are re-wrapped, in the
   * background, within {@link #ROTATION_COMPLETION}; until then the old version must stay usable.
   *
   * @throws IllegalArgumentException when the new key breaks a rule of {@link #createDiskEncryptionSet}
   */
  public void updateActiveKey(DiskEncryptionSet set, String keyUrl) {
    checkOwned(set);
    vaultKeys.validateForSet(set.identity(), keyUrl, cloud.region(), cloud.clock().instant());
    watch.beginRotation(set, keyUrl);
  }

  /** Turns automatic rotation to the latest key version on or off. */
  public void setRotationToLatestKeyVersionEnabled(DiskEncryptionSet set, boolean on) {
    checkOwned(set);
    set.setRotationToLatestKeyVersionEnabled(on);
  }

  // ---- enabling ----

  /**
   * Encrypts every managed disk of {@code vm} with a data key wrapped by the platform-managed key.
   *
   * @throws IllegalStateException unless the VM is deallocated
   */
  public void enablePlatformKey(VirtualMachine vm) {
    apply(vm, EncryptionType.PLATFORM_KEY, null);
  }

  /**
   * Wraps the data key of every managed disk of {@code vm} with the customer's key of {@code set}.
   *
   * @throws IllegalStateException unless the VM is deallocated, or when a disk ever had Azure Disk
   *     Encryption, or when the set's key is not usable now
   */
  public void enableCustomerKey(VirtualMachine vm, DiskEncryptionSet set) {
    apply(vm, EncryptionType.CUSTOMER_KEY, Objects.requireNonNull(set, "set"));
  }

  /**
   * Double encryption: the customer-key layer of {@link #enableCustomerKey} over an infrastructure
   * layer with its own data key under a platform key.
   *
   * @throws IllegalStateException as {@link #enableCustomerKey} does
   */
  public void enableDoubleEncryption(VirtualMachine vm, DiskEncryptionSet set) {
    apply(vm, EncryptionType.PLATFORM_AND_CUSTOMER_KEYS, Objects.requireNonNull(set, "set"));
  }

  /**
   * Gives a platform key to each managed disk of {@code vm} that has no server-side encryption yet
   * (what the real platform always does); disks that have it keep it.
   *
   * @throws IllegalStateException unless the VM is deallocated
   */
  public synchronized void ensureEncrypted(VirtualMachine vm) {
    vm.requireDeallocated("change server-side encryption");
    for (VirtualDisk disk : managedDisks(vm)) {
      if (!disks.containsKey(disk.managedDisk())) {
        change(disk.managedDisk(), new DiskKeys(EncryptionType.PLATFORM_KEY, null));
      }
    }
  }

  private synchronized void apply(VirtualMachine vm, EncryptionType type, DiskEncryptionSet set) {
    vm.requireDeallocated("change server-side encryption");
    List<VirtualDisk> managed = managedDisks(vm);
    if (set != null) {
      checkOwned(set);
      for (VirtualDisk disk : managed) {
        if (disk.managedDisk().everHadGuestEncryption()) {
          throw new IllegalStateException("disk " + disk.managedDisk().name() + " of VM " + vm.name()
              + " was once encrypted with Azure Disk Encryption: a disk that ever had ADE cannot use a customer-managed key");
        }
      }
      try {
        chain.checkCustomerKey(set, set.activeKeyUrl());
      } catch (KeyAccessException e) {
        throw new IllegalStateException("disk encryption set " + set.name() + " cannot be used now: " + e.getMessage(), e);
      }
    }
    for (VirtualDisk disk : managed) {
      DiskKeys old = disks.get(disk.managedDisk());
      if (old != null && old.infrastructureLayer() && type != EncryptionType.PLATFORM_AND_CUSTOMER_KEYS) {
        throw new IllegalStateException("disk " + disk.managedDisk().name()
            + " has double encryption: this simulation does not remove the infrastructure layer");
      }
    }
    for (VirtualDisk disk : managed) {
      change(disk.managedDisk(), new DiskKeys(type, set));
    }
  }

  private void change(ManagedDisk disk, DiskKeys to) {
    DiskKeys from = disks.get(disk);
    boolean newLayer = from == null || from.infrastructureLayer() != to.infrastructureLayer();
    try {
      Reencryption reencryption = newLayer ? Reencryption.begin(chain, disk, from, cloud.storageCluster().account()) : null;
      chain.provision(disk, from, to);
      if (reencryption != null) {
        dataSectorsReencrypted.addAndGet(reencryption.finish(to));
      }
    } catch (KeyAccessException e) {
      throw new IllegalStateException("cannot change the encryption of disk " + disk.name() + ": " + e.getMessage(), e);
    }
    if (from == null) {
      disk.addStorageLayer(layerAt(Placement.STORAGE));
    }
    disks.put(disk, to);
    disk.setEncryptionProperty(EncryptionType.PROPERTY, to.type().wireName());
    disk.setEncryptionProperty(EncryptionType.DES_PROPERTY, to.set() == null ? "" : to.set().id());
  }

  // ---- the data path ----

  /**
   * The layers of a disk's server-side encryption, to insert at {@code placement}: at {@link
   * Placement#STORAGE} (installed by this class), or on the host for encryption at host, which then
   * uses the disk's own keys instead of the storage cluster. At the storage placement it adds nothing
   * while the VM has encryption at host: the storage cluster stores the host's ciphertext as is.
   */
  public LayerFactory layerAt(Placement placement) {
    Objects.requireNonNull(placement, "placement");
    return (disk, below, payer) -> attach(placement, disk, below, payer);
  }

  private BlockDevice attach(Placement placement, VirtualDisk disk, BlockDevice below, CpuAccount payer)
      throws KeyAccessException {
    ManagedDisk managed = disk.managedDisk();
    DiskKeys keys = managed == null ? null : disks.get(managed);
    if (keys == null || placement == Placement.STORAGE && encryptionAtHost(disk.vm())) {
      return below;
    }
    List<KeyChain.Built> built = chain.build(managed, keys, below, payer);
    liveLayers.put(managed.name() + "@" + placement, built);
    return KeyChain.top(built, below);
  }

  /** True when the VM model has encryption at host on. */
  public static boolean encryptionAtHost(VirtualMachine vm) {
    return "true".equals(vm.properties().get(ENCRYPTION_AT_HOST_PROPERTY));
  }

  // ---- what the control plane shows ----

  /** The disk's encryption type, empty when server-side encryption was never set up for it. */
  public Optional<EncryptionType> encryptionType(ManagedDisk disk) {
    return Optional.ofNullable(disks.get(disk)).map(DiskKeys::type);
  }

  /** The disk encryption set the disk uses, if any. */
  public Optional<DiskEncryptionSet> diskEncryptionSetOf(ManagedDisk disk) {
    return Optional.ofNullable(disks.get(disk)).map(DiskKeys::set);
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

  List<ManagedDisk> disksOf(DiskEncryptionSet set) {
    return disks.entrySet().stream().filter(e -> e.getValue().set() == set).map(Map.Entry::getKey).toList();
  }

  KeyChain chain() {
    return chain;
  }

  VaultKeys vaultKeys() {
    return vaultKeys;
  }

  /** The layers built for {@code disk} at the storage placement by its last start (for tests). */
  List<io.diskcrypt.core.crypto.EncryptionLayer> liveLayers(ManagedDisk disk) {
    return liveLayers.getOrDefault(disk.name() + "@" + Placement.STORAGE, List.of()).stream()
        .map(KeyChain.Built::layer).toList();
  }

  /** Evicts the customer-keyed layers live for {@code disk}, wherever they are. */
  void evictCustomerLayers(ManagedDisk disk) {
    liveLayers.forEach((where, built) -> {
      if (where.startsWith(disk.name() + "@")) {
        built.stream().filter(KeyChain.Built::customerKey).forEach(b -> b.layer().evictKey());
      }
    });
  }

  private void checkOwned(DiskEncryptionSet set) {
    synchronized (this) {
      if (sets.get(set.name()) != set) {
        throw new IllegalArgumentException("disk encryption set " + set.name() + " does not belong to this storage cluster");
      }
    }
  }

  private static List<VirtualDisk> managedDisks(VirtualMachine vm) {
    return vm.disks().stream().filter(d -> d.role().managed()).toList();
  }

  @Override
  public String toString() {
    return "ServerSideEncryption[" + cloud.region() + ", " + disks.size() + " disks, " + sets.size() + " disk encryption sets]";
  }
}
