package io.diskcrypt.compare;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.VmSize;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.host.EncryptionAtHost;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.sse.DiskEncryptionSet;
import io.diskcrypt.sse.ServerSideEncryption;
import java.util.List;
import java.util.Optional;

/**
 * The options of the comparison, as the real platform offers them: the mission's four rows
 * ({@code sse-pmk}, {@code sse-cmk}, {@code ade}, {@code host} with a customer key) and the extra rows
 * ({@code double}, {@code host-pmk}, and in the current edition {@code sse-pmk-v5}).
 */
public final class StandardOptions {
  private StandardOptions() {}

  /** Every option, the mission's four first. */
  public static List<OptionSetup> all() {
    return List.of(
        new Sse(Kind.PLATFORM), new Sse(Kind.CUSTOMER), AdeOption.linux(), new Host(Kind.CUSTOMER),
        new Sse(Kind.DOUBLE), new Host(Kind.PLATFORM));
  }

  /**
   * The rows of {@code edition}'s table: for 2022 {@link #all()}; for the current edition the page's
   * four options ({@code sse-pmk}, {@code sse-cmk}, {@code host}, {@code ade}, {@code cde}) and the
   * extra rows ({@code double}, {@code host-pmk}, and {@code sse-pmk-v5}: SSE with a platform key on a
   * v5 size with a temp disk, whose temp disk the platform encrypts at rest).
   */
  public static List<OptionSetup> forEdition(Edition edition) {
    if (edition == Edition.E2022) {
      return all();
    }
    return List.of(new Sse(Kind.PLATFORM), new Sse(Kind.CUSTOMER), new Host(Kind.CUSTOMER), AdeOption.linux(), new CdeOption(),
        new Sse(Kind.DOUBLE), new Host(Kind.PLATFORM), new SsePlatformKeyV5());
  }

  /** The options a benchmark compares: no encryption at all first, as the baseline, then every option. */
  public static List<OptionSetup> withBaseline() {
    List<OptionSetup> options = new java.util.ArrayList<>();
    options.add(new Unencrypted());
    options.addAll(all());
    return List.copyOf(options);
  }

  /**
   * The option with id {@code id}.
   *
   * @throws IllegalArgumentException listing the ids when there is none
   */
  public static OptionSetup byId(String id) {
    List<OptionSetup> known = new java.util.ArrayList<>(withBaseline());
    known.add(new CdeOption());
    known.add(new SsePlatformKeyV5());
    return known.stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "unknown option '" + id + "': options are " + known.stream().map(OptionSetup::id).toList()));
  }

  /** The VM every row uses: OS disk with ReadWrite caching, a data disk with ReadOnly caching, a temp disk. */
  static VirtualMachine standardVm(Lab lab, String name, Image image) {
    return standardVm(lab, name, image, VmSize.D4S_V3);
  }

  /** The standard VM on size {@code size}. */
  static VirtualMachine standardVm(Lab lab, String name, Image image, VmSize size) {
    return lab.cloud().vm(name).image(image).subscription(Lab.SUBSCRIPTION).size(size)
        .osDisk(Sectors.gib(30), CachePolicy.READ_WRITE)
        .dataDisk(Sectors.gib(128), CachePolicy.READ_ONLY)
        .build();
  }

  enum Kind { PLATFORM, CUSTOMER, DOUBLE }

  /** Disables and re-enables the current version of the customer's key in the vault. */
  static CustomerKey vaultKey(Lab lab) {
    return vaultKey(lab, lab.customerKey().id(), "the customer disables the key in the vault");
  }

  /** Disables and re-enables key {@code keyId} in the lab's vault; {@code revocation} says how, in words. */
  static CustomerKey vaultKey(Lab lab, String keyId, String revocation) {
    return new CustomerKey() {
      @Override
      public String id() {
        return keyId;
      }

      @Override
      public String revocation() {
        return revocation;
      }

      @Override
      public void revoke() throws KeyVaultException {
        lab.vault().keys().update(lab.customer(), keyId, KeyAttributesUpdate.disable());
      }

      @Override
      public void restore() throws KeyVaultException {
        lab.vault().keys().update(lab.customer(), keyId, KeyAttributesUpdate.enable());
      }
    };
  }

  static DiskEncryptionSet diskEncryptionSet(Lab lab, String vmName) throws KeyAccessException {
    String name = "des-" + vmName;
    return lab.sse().createDiskEncryptionSet(name, lab.customerKey().id(), lab.diskEncryptionSetIdentity(name + "-identity"), true);
  }

  static Optional<String> rotate(Lab lab, Kind kind) throws KeyVaultException {
    if (kind == Kind.PLATFORM) {
      lab.platformKeys().rotate(ServerSideEncryption.PLATFORM_KEY_NAME);
      return Optional.of("the platform rotates its key " + ServerSideEncryption.PLATFORM_KEY_NAME);
    }
    lab.vault().rotateKey(lab.customer(), Lab.CUSTOMER_KEY);
    return Optional.of("the customer rotates the key; the disk encryption set follows the latest version");
  }

  /** Server-side encryption: platform key, customer key, or both (double encryption). */
  record Sse(Kind kind) implements OptionSetup {
    @Override
    public String id() {
      return switch (kind) {
        case PLATFORM -> "sse-pmk";
        case CUSTOMER -> "sse-cmk";
        case DOUBLE -> "double";
      };
    }

    @Override
    public String label() {
      return switch (kind) {
        case PLATFORM -> "Encryption at rest with platform-managed key (SSE+PMK)";
        case CUSTOMER -> "Encryption at rest with customer-managed key (SSE+CMK)";
        case DOUBLE -> "Double encryption at rest (PMK and CMK)";
      };
    }

    @Override
    public List<String> keyChain() {
      String dek = "a random AES-256-XTS data key per disk, used by the storage cluster in front of its media";
      return switch (kind) {
        case PLATFORM -> List.of(dek, "wrapped by a platform-managed key: the customer can neither see nor revoke it");
        case CUSTOMER -> List.of(dek,
            "wrapped by the customer's RSA key in their Key Vault, reached through the disk encryption set's managed identity",
            "the customer revokes it by disabling or deleting the key, or removing the identity's access");
        case DOUBLE -> List.of("two independent data keys per disk, two layers at the storage cluster",
            "the inner one wrapped by a platform-managed key, the outer by the customer's key through a disk encryption set");
      };
    }

    @Override
    public VirtualMachine deploy(Lab lab, String vmName, Image image) throws KeyAccessException {
      VirtualMachine vm = standardVm(lab, vmName, image);
      switch (kind) {
        case PLATFORM -> lab.sse().enablePlatformKey(vm);
        case CUSTOMER -> lab.sse().enableCustomerKey(vm, diskEncryptionSet(lab, vmName));
        case DOUBLE -> lab.sse().enableDoubleEncryption(vm, diskEncryptionSet(lab, vmName));
      }
      return started(vm);
    }

    @Override
    public Optional<CustomerKey> customerKey(Lab lab, VirtualMachine vm) {
      return kind == Kind.PLATFORM ? Optional.empty() : Optional.of(vaultKey(lab));
    }

    @Override
    public OptionSetup customerKeyForm() {
      return kind == Kind.PLATFORM ? new Sse(Kind.CUSTOMER) : this;
    }

    @Override
    public Optional<String> rotateKeys(Lab lab, VirtualMachine vm) throws KeyVaultException {
      return rotate(lab, kind == Kind.PLATFORM ? Kind.PLATFORM : Kind.CUSTOMER);
    }
  }

  /**
   * SSE with a platform key on {@code Standard_D4ds_v5}, a v5 size with a temp disk: the platform
   * encrypts that temp disk at rest whatever the option ({@link VmSize#encryptsTempDiskAtRest()}), so
   * its temp disk cell differs from {@code sse-pmk}'s, which keeps {@code Standard_D4s_v3}.
   */
  record SsePlatformKeyV5() implements OptionSetup {
    /** The size of this row's VM. */
    static final VmSize SIZE = VmSize.D4DS_V5;
    private static final Sse SSE = new Sse(Kind.PLATFORM);

    @Override
    public String id() {
      return "sse-pmk-v5";
    }

    @Override
    public String label() {
      return "SSE+PMK on a v5 size with a temp disk (" + SIZE.name() + ")";
    }

    @Override
    public List<String> keyChain() {
      List<String> chain = new java.util.ArrayList<>(SSE.keyChain());
      chain.add("the temp disk: encrypted at rest by the host's local drive under a platform key, as on every v5 and later size");
      return List.copyOf(chain);
    }

    @Override
    public VirtualMachine deploy(Lab lab, String vmName, Image image) throws KeyAccessException {
      VirtualMachine vm = standardVm(lab, vmName, image, SIZE);
      lab.sse().enablePlatformKey(vm);
      return started(vm);
    }

    @Override
    public Optional<CustomerKey> customerKey(Lab lab, VirtualMachine vm) {
      return Optional.empty();
    }

    @Override
    public OptionSetup customerKeyForm() {
      return SSE.customerKeyForm();
    }

    @Override
    public Optional<String> rotateKeys(Lab lab, VirtualMachine vm) throws KeyVaultException {
      return rotate(lab, Kind.PLATFORM);
    }
  }

  /** Encryption at host, over disks with a customer key (the mission's row) or platform keys only. */
  record Host(Kind kind) implements OptionSetup {
    @Override
    public String id() {
      return kind == Kind.CUSTOMER ? "host" : "host-pmk";
    }

    @Override
    public String label() {
      return kind == Kind.CUSTOMER ? "Encryption at Host" : "Encryption at Host, platform keys only";
    }

    @Override
    public List<String> keyChain() {
      return List.of(
          "the host encrypts each disk's cache and its traffic with the disk's data key; storage keeps that ciphertext as is",
          kind == Kind.CUSTOMER
              ? "the disks' data keys are wrapped by the customer's key through a disk encryption set"
              : "the disks' data keys are wrapped by a platform-managed key",
          "the temp disk has its own data key, always wrapped by a platform-managed key");
    }

    @Override
    public VirtualMachine deploy(Lab lab, String vmName, Image image) throws KeyAccessException {
      VirtualMachine vm = standardVm(lab, vmName, image);
      lab.cloud().registerFeature(vm.subscription(), EncryptionAtHost.FEATURE);
      if (kind == Kind.CUSTOMER) {
        lab.sse().enableCustomerKey(vm, diskEncryptionSet(lab, vmName));
      } else {
        lab.sse().enablePlatformKey(vm);
      }
      lab.encryptionAtHost().enable(vm);
      return started(vm);
    }

    @Override
    public Optional<CustomerKey> customerKey(Lab lab, VirtualMachine vm) {
      return kind == Kind.CUSTOMER ? Optional.of(vaultKey(lab)) : Optional.empty();
    }

    @Override
    public OptionSetup customerKeyForm() {
      return kind == Kind.PLATFORM ? new Host(Kind.CUSTOMER) : this;
    }

    @Override
    public Optional<String> rotateKeys(Lab lab, VirtualMachine vm) throws KeyVaultException {
      return rotate(lab, kind);
    }
  }

  /**
   * No encryption anywhere: not what the platform offers (SSE is always on), only the baseline that
   * shows what the simulation itself costs.
   */
  record Unencrypted() implements OptionSetup {
    @Override
    public String id() {
      return "none";
    }

    @Override
    public String label() {
      return "No encryption (baseline, not offered by the platform)";
    }

    @Override
    public List<String> keyChain() {
      return List.of("no keys: every surface holds plaintext");
    }

    @Override
    public VirtualMachine deploy(Lab lab, String vmName, Image image) {
      return started(standardVm(lab, vmName, image));
    }

    @Override
    public Optional<CustomerKey> customerKey(Lab lab, VirtualMachine vm) {
      return Optional.empty();
    }
  }

  static VirtualMachine started(VirtualMachine vm) {
    try {
      vm.start();
    } catch (io.diskcrypt.core.topology.VmStartException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return vm;
  }
}
