package io.diskcrypt.testing;

import io.diskcrypt.ade.AdeOptions;
import io.diskcrypt.ade.AzureDiskEncryption;
import io.diskcrypt.core.crypto.Randomness;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.core.topology.ManagedDisk;
import io.diskcrypt.core.topology.Placement;
import io.diskcrypt.core.topology.Snapshot;
import io.diskcrypt.core.topology.StorageCluster;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmBuilder;
import io.diskcrypt.host.EncryptionAtHost;
import io.diskcrypt.keyvault.AuditEntry;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyPermission;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultSpec;
import io.diskcrypt.keyvault.provider.PlatformManagedKeys;
import io.diskcrypt.keyvault.server.KeyVaultServer;
import io.diskcrypt.sse.DiskEncryptionSet;
import io.diskcrypt.sse.ServerSideEncryption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One simulated region with every option wired, for a test: a clock, the compute and storage of
 * {@link Cloud}, a Key Vault service with one purge-protected vault enabled for disk encryption, the
 * platform's keys, server-side encryption, encryption at host (its subscription feature registered)
 * and Azure Disk Encryption (with a cheap passphrase derivation unless {@link Builder#adeOptions}),
 * and the {@link Faults} a test injects. Everything is in {@link Cloud#DEFAULT_SUBSCRIPTION}, where
 * VMs are built by default.
 *
 * <pre>{@code
 * SimulatedRegion region = SimulatedRegion.create();
 * CustomerKey key = region.customerKey("orders");
 * VirtualMachine vm = region.vm("vm1").dataDisk(Sectors.gib(64), CachePolicy.READ_ONLY).build();
 * region.useCustomerKey(vm.disk("data0"), key);
 * vm.start();
 * key.disable();
 * region.advance(Duration.ofHours(1));   // the platform stops the VM
 * }</pre>
 *
 * <p><b>Repeatable.</b> Under {@link DiskcryptExtension}, everything the simulation draws on the test's
 * thread (data keys, key versions and secret names, LUKS and BitLocker keys, salts and GUIDs, RSA padding)
 * comes from the region's {@link Builder#seed seed}, so one scenario gives the same bytes and ids on
 * every run; {@link #seededRandomness()} does the same outside the extension. A seeded source is
 * predictable by design: for tests only. The library's default, outside a region's scope, is the JDK's
 * {@link SecureRandom}.
 *
 * <p>Regions share nothing, so tests may make them in parallel. Thread-safe as far as its parts are.
 * A region that served its vault over HTTPS ({@link #vaultServer()}) holds a port until {@link #close()}.
 */
public final class SimulatedRegion implements AutoCloseable {
  /** The region's name unless {@link Builder#region(String)} says otherwise. */
  public static final String DEFAULT_REGION = "westeurope";
  /** The name of the vault every region has. */
  public static final String VAULT_NAME = "test-vault";
  /** The seed unless {@link Builder#seed(long)} says otherwise. */
  public static final long DEFAULT_SEED = 15L;

  private final Cloud cloud;
  private final KeyVaultService vaults;
  private final Identity admin = Identity.user("admin");
  private final KeyVault vault;
  private final ServerSideEncryption sse;
  private final EncryptionAtHost encryptionAtHost;
  private final AzureDiskEncryption ade;
  private final Faults faults;
  /** The region's stream of random draws: seeded, or the JDK's SecureRandom after {@link Builder#randomKeys()}. */
  private final SecureRandom randomness;
  private ServedVault served;
  private boolean closed;

  private SimulatedRegion(Builder builder) {
    randomness = builder.repeatableKeys ? Randomness.seeded(builder.seed) : new SecureRandom();
    try (Randomness.Scope seeded = Randomness.use(randomness)) {
      SimClock clock = new SimClock();
      cloud = Cloud.create(builder.region, clock);
      faults = new Faults(clock, builder.seed);
      // First at the storage placement, so nearest the media: a storage fault hits what the options wrote.
      cloud.pipeline().insert(Placement.STORAGE, "fault injection", (disk, below, payer) -> faults.mediaLayer(disk, below));
      vaults = builder.repeatableKeys
          ? KeyVaultService.withRepeatableKeys(clock, builder.seed)
          : new KeyVaultService(clock);
      vaults.setFaultHook(faults.vaultHook());
      vault = vaults.createVault(VaultSpec.builder(VAULT_NAME).region(builder.region).purgeProtection(true)
          .enabledForDiskEncryption(true).build(), admin);
      sse = new ServerSideEncryption(cloud, vaults, new PlatformManagedKeys(builder.region));
      encryptionAtHost = new EncryptionAtHost(sse);
      cloud.registerFeature(Cloud.DEFAULT_SUBSCRIPTION, EncryptionAtHost.FEATURE);
      ade = new AzureDiskEncryption(cloud, vaults, builder.adeOptions);
    }
  }

  /**
   * Makes this thread draw from the region's seed until the scope is closed: every data key, key
   * version, secret name, LUKS and BitLocker key, salt, GUID and RSA padding the simulation makes, so
   * that the scenario gives the same bytes and ids on every run. {@link DiskcryptExtension} opens it
   * around each test and lifecycle method that has the region; outside the extension, or for a region
   * a test builds itself, run the scenario inside {@code try (Randomness.Scope seeded =
   * region.seededRandomness()) { ... }}. Each scope draws on where the last one stopped. After {@link
   * Builder#randomKeys()} the draws are the JDK's SecureRandom's, and differ on every run.
   *
   * <p>Draws made on other threads (a test's own worker threads) are not covered.
   */
  public Randomness.Scope seededRandomness() {
    return Randomness.use(randomness);
  }

  /** A region with every default. */
  public static SimulatedRegion create() {
    return builder().build();
  }

  /** A builder for a region with other settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** The compute and storage side: VMs, disks, the CPU ledger. */
  public Cloud cloud() {
    return cloud;
  }

  /** Simulated time, shared by every part of the region. */
  public SimClock clock() {
    return cloud.clock();
  }

  /** Moves simulated time on; the platform acts on what came due (revocation stops, rotations). */
  public void advance(Duration duration) {
    cloud.clock().advance(duration);
  }

  /** The Key Vault service (every vault's audit log, throttling). */
  public KeyVaultService vaults() {
    return vaults;
  }

  /** The region's vault: purge protection on, enabled for disk encryption, access policies. */
  public KeyVault vault() {
    return vault;
  }

  /** The user who created the vault and may do anything in it. */
  public Identity admin() {
    return admin;
  }

  /** Server-side encryption of the storage cluster (platform keys, customer keys, double encryption). */
  public ServerSideEncryption sse() {
    return sse;
  }

  /** Encryption at host. */
  public EncryptionAtHost encryptionAtHost() {
    return encryptionAtHost;
  }

  /** Azure Disk Encryption, with secrets in {@link #vault()} or any other vault of the region. */
  public AzureDiskEncryption ade() {
    return ade;
  }

  /** The faults this test injects: vault outages, 429s and latency, disk I/O errors, host crashes, bit flips. */
  public Faults faults() {
    return faults;
  }

  /** Starts describing a VM (defaults of {@link VmBuilder}: Ubuntu 22.04 from the marketplace). */
  public VmBuilder vm(String name) {
    return cloud.vm(name);
  }

  /**
   * The region's vault served over HTTPS with the Key Vault REST API, for an application under test
   * that uses the Azure SDK: started on the first call (a free port of 127.0.0.1, a fresh self-signed
   * certificate), the same server on every later call, and closed by {@link #close()}. The SDK then
   * works on the very vault the simulated platform uses: a key it disables is a revocation.
   *
   * @throws IllegalStateException when the region is closed
   * @throws UncheckedIOException when no port can be bound
   */
  public synchronized ServedVault vaultServer() {
    if (closed) {
      throw new IllegalStateException("region " + cloud.region() + " is closed; its vault is no longer served");
    }
    if (served == null) {
      try {
        served = new ServedVault(KeyVaultServer.builder(vault).identity(admin).randomness(randomness).start(), admin);
      } catch (IOException e) {
        throw new UncheckedIOException("could not serve vault " + VAULT_NAME + " over HTTPS: " + e.getMessage(), e);
      }
    }
    return served;
  }

  /**
   * Stops serving the vault over HTTPS, if {@link #vaultServer()} started it, and frees its port;
   * {@link DiskcryptExtension} calls it after the test. The simulation itself stays usable. Idempotent.
   */
  @Override
  public synchronized void close() {
    closed = true;
    if (served != null) {
      served.close();
      served = null;
    }
  }

  /**
   * A customer-managed key: an RSA 2048 key {@code name} in the region's vault, a managed identity
   * {@code name-identity} allowed get, wrapKey and unwrapKey on it, and a disk encryption set
   * {@code name-des} that uses it.
   *
   * @throws IllegalStateException when the vault or the disk platform refuses (a name used twice)
   */
  public CustomerKey customerKey(String name) {
    try {
      return wrap(name, vault.createKey(admin, name, KeySpec.rsa(2048)));
    } catch (KeyVaultException e) {
      throw new IllegalStateException("customer key " + name + " could not be made: " + e.getMessage(), e);
    }
  }

  /**
   * A customer-managed key over a key that already is in the region's vault (made by the application
   * under test through {@link #vaultServer()}, say): its current version, a managed identity {@code
   * name-identity} allowed get, wrapKey and unwrapKey on it, and a disk encryption set {@code name-des}.
   *
   * @throws IllegalStateException when the vault has no such key, or the disk platform refuses it
   */
  public CustomerKey existingCustomerKey(String name) {
    try {
      return wrap(name, vault.keys().get(admin, name));
    } catch (KeyVaultException e) {
      throw new IllegalStateException("key " + name + " of vault " + VAULT_NAME + " cannot be used: " + e.getMessage(), e);
    }
  }

  private CustomerKey wrap(String name, KeyBundle key) {
    Identity identity = Identity.managed(name + "-identity");
    try {
      vault.setAccessPolicy(identity, KeyPermission.diskEncryptionSet(), Set.of());
      DiskEncryptionSet set = sse.createDiskEncryptionSet(name + "-des", key.id(), identity, false);
      return new CustomerKey(name, key.id(), identity, set, vault, admin);
    } catch (KeyAccessException e) {
      throw new IllegalStateException("customer key " + name + " could not be made: " + e.getMessage(), e);
    }
  }

  /**
   * Encrypts one disk with {@code key} (server-side encryption with a customer-managed key); the other
   * disks keep theirs. Azure allows it while the VM is deallocated or the disk detached.
   *
   * @throws IllegalStateException when the VM is not deallocated, or the key is not usable now
   */
  public void useCustomerKey(VirtualDisk disk, CustomerKey key) {
    Objects.requireNonNull(disk, "disk");
    Objects.requireNonNull(key, "key");
    if (disk.managedDisk() == null) {
      throw new IllegalArgumentException("disk " + disk.name() + " is not a managed disk (a temp disk?)");
    }
    try {
      sse.enableCustomerKey(disk.managedDisk(), key.diskEncryptionSet());
    } catch (KeyAccessException e) {
      throw new IllegalStateException("disk " + disk.name() + " cannot use customer key " + key.name() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * A full snapshot of {@code disk} named {@code name}, as a backup job takes it ({@link
   * StorageCluster#snapshot}): crash-consistent (writes a ReadWrite host cache has not written back
   * are not in it), with the disk's encryption and wrapped keys.
   *
   * @throws IllegalArgumentException when the disk is not a managed disk or the name is taken
   */
  public Snapshot snapshot(VirtualDisk disk, String name) {
    Objects.requireNonNull(disk, "disk");
    if (disk.managedDisk() == null) {
      throw new IllegalArgumentException("disk " + disk.describe() + " is not a managed disk (a temp disk?)");
    }
    return cloud.storageCluster().snapshot(disk.managedDisk(), name);
  }

  /**
   * What a restore job does: a new managed disk {@code vmName-diskName} made from {@code snapshot},
   * attached to {@code vm} as data disk {@code diskName} with no host cache (hot when the VM runs). It
   * keeps the snapshot's encryption, so the disk comes into service only while that key is usable.
   *
   * @throws IllegalStateException when the VM runs and the disk's key cannot be had now (the new disk
   *     stays detached)
   * @throws IllegalArgumentException when a name is taken
   */
  public VirtualDisk restore(Snapshot snapshot, VirtualMachine vm, String diskName) {
    ManagedDisk disk = cloud.storageCluster().createDisk(vm.name() + "-" + diskName, snapshot);
    try {
      return vm.attachDataDisk(diskName, disk, CachePolicy.NONE);
    } catch (KeyAccessException e) {
      throw new IllegalStateException("restored disk " + disk.name() + " cannot be attached to running VM " + vm.name()
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * What happened, for a failed test: the simulated time, each VM's state and last stop reason, and
   * every vault's audit log. Never key bytes.
   */
  public String timeline() {
    StringBuilder out = new StringBuilder("simulated time: ").append(cloud.clock().instant()).append('\n');
    out.append("VMs:\n");
    for (VirtualMachine vm : cloud.vms()) {
      out.append("  ").append(vm.name()).append(": ").append(vm.state());
      String reason = vm.lastStopReason();
      if (reason != null && !reason.isEmpty()) {
        out.append(", last stop: ").append(reason);
      }
      out.append('\n');
    }
    out.append("vault audit:\n");
    for (AuditEntry e : vaults.auditLog()) {
      out.append("  ").append(e.time()).append(' ').append(e.vault()).append(' ').append(e.caller().displayName())
          .append(' ').append(e.operation()).append(' ').append(e.objectId()).append(' ').append(e.httpStatus())
          .append(' ').append(e.outcome()).append('\n');
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "SimulatedRegion[" + cloud.region() + ", " + cloud.clock().instant() + "]";
  }

  /** Settings of a region; every setter returns the builder. */
  public static final class Builder {
    private String region = DEFAULT_REGION;
    private AdeOptions adeOptions = AdeOptions.cheapKdf();
    private long seed = DEFAULT_SEED;
    private boolean repeatableKeys = true;

    private Builder() {}

    /** The region's name, such as {@code eastus}. */
    public Builder region(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("region name must not be blank");
      }
      region = name;
      return this;
    }

    /**
     * ADE's formatting options. The kit's default is {@link AdeOptions#cheapKdf()} (PBKDF2 at its
     * minimum, milliseconds per enable); pass {@link AdeOptions#defaults()} or {@link
     * AdeOptions#realisticKdf()} for the real cost of the passphrase derivation.
     */
    public Builder adeOptions(AdeOptions options) {
      adeOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * The seed of every random choice the kit makes: the vault's RSA and EC key pairs (real keys, the
     * n-th of a size the same for one seed, generated once per JVM and then reused, so a customer key
     * costs microseconds instead of seconds), everything else the simulation draws within {@link
     * SimulatedRegion#seededRandomness()} (data keys, ids, salts, nonces; the served vault's request
     * ids) and the bits {@link Faults#flipBits} flips.
     */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /**
     * Fresh randomness from the JDK's SecureRandom instead of the seed: new key pairs (each RSA key
     * costs seconds), data keys, ids, salts and nonces that differ on every run. Only {@link
     * Faults#flipBits} stays seeded.
     */
    public Builder randomKeys() {
      repeatableKeys = false;
      return this;
    }

    /** Builds the region. */
    public SimulatedRegion build() {
      return new SimulatedRegion(this);
    }
  }
}
