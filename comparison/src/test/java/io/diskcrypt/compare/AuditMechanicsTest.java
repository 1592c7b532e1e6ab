package io.diskcrypt.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.ade.AzureDiskEncryptionExtension;
import io.diskcrypt.ade.EncryptionOperation;
import io.diskcrypt.ade.KeyEncryptionAlgorithm;
import io.diskcrypt.ade.VolumeType;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.crypto.EncryptionLayer;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsParameters;
import io.diskcrypt.core.keys.InMemoryKeyProvider;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.OsType;
import io.diskcrypt.core.model.VmSize;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.LayerFactory;
import io.diskcrypt.core.topology.Placement;
import io.diskcrypt.core.topology.VirtualMachine;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The audit's values follow its evidence: test doubles of options, built from core parts only, that
 * encrypt at chosen placements; changing where they encrypt changes exactly the affected cells.
 */
class AuditMechanicsTest {

  /** An option that puts an encryption layer at each of the given placements. */
  record LayersAt(Set<Placement> placements, VmSize size, boolean customerHeld) implements OptionSetup {
    @Override
    public String id() {
      return "fake-" + placements;
    }

    @Override
    public String label() {
      return "layers at " + placements;
    }

    @Override
    public java.util.List<String> keyChain() {
      return java.util.List.of("test keys in memory");
    }

    @Override
    public VirtualMachine deploy(Lab lab, String vmName, Image image) throws Exception {
      VirtualMachine vm = lab.cloud().vm(vmName).image(image).size(size)
          .osDisk(Sectors.gib(30), CachePolicy.READ_WRITE).dataDisk(Sectors.gib(64), CachePolicy.READ_ONLY).build();
      InMemoryKeyProvider keys = keys(lab);
      String kek = keys.createKey("kek");
      // Like the real options: one data key per disk and place, created once, stored wrapped,
      // unwrapped at every start (so a disabled key-encryption key stops the start).
      java.util.Map<String, io.diskcrypt.core.keys.WrappedKey> wrapped = new java.util.concurrent.ConcurrentHashMap<>();
      LayerFactory layer = (disk, below, payer) -> {
        String slot = disk.describe() + "@" + payer.name();
        if (!wrapped.containsKey(slot)) {
          try (var dek = keys.newDataKey(kek, 64)) {
            wrapped.put(slot, dek.wrapped());
          }
        }
        return keys.unwrapIntoLayer(below, wrapped.get(slot), payer, kek);
      };
      for (Placement p : placements) {
        lab.cloud().pipeline().insert(p, "test layers", layer);
      }
      vm.start();
      return vm;
    }

    private static InMemoryKeyProvider keys(Lab lab) {
      return KEYS.computeIfAbsent(lab, l -> new InMemoryKeyProvider("fake"));
    }

    @Override
    public Optional<CustomerKey> customerKey(Lab lab, VirtualMachine vm) {
      if (!customerHeld) {
        return Optional.empty();
      }
      InMemoryKeyProvider keys = keys(lab);
      return Optional.of(new CustomerKey() {
        @Override
        public String id() {
          return "mem://kek";
        }

        @Override
        public String revocation() {
          return "disable";
        }

        @Override
        public void revoke() {
          keys.disable("mem://kek");
          vm.stop("key disabled");
        }

        @Override
        public void restore() {
          keys.enable("mem://kek");
        }
      });
    }
  }

  private static final java.util.Map<Lab, InMemoryKeyProvider> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

  private static Row audit(Set<Placement> placements, VmSize size, boolean customerHeld) {
    return new OptionAudit(Edition.E2022).audit(new LayersAt(placements, size, customerHeld));
  }

  @Test
  void anExperimentThatFails_saysWhyInWords_withoutAClassName() {
    LayersAt storage = new LayersAt(EnumSet.of(Placement.STORAGE), VmSize.D4S_V3, false);
    Row row = new OptionAudit(Edition.E2022).audit(new OptionSetup() {
      @Override
      public String id() {
        return "fake-failing-rotation";
      }

      @Override
      public String label() {
        return "a rotation the vault refuses";
      }

      @Override
      public java.util.List<String> keyChain() {
        return storage.keyChain();
      }

      @Override
      public VirtualMachine deploy(Lab lab, String vmName, Image image) throws Exception {
        return storage.deploy(lab, vmName, image);
      }

      @Override
      public Optional<CustomerKey> customerKey(Lab lab, VirtualMachine vm) {
        return Optional.empty();
      }

      @Override
      public Optional<String> rotateKeys(Lab lab, VirtualMachine vm) throws Exception {
        throw new KeyAccessException("mem://kek", KeyAccessException.Reason.UNREACHABLE, "the vault cannot be reached");
      }
    });

    Cell rotation = row.cell(Column.ROTATION_REWRAPS_ONLY);
    assertThat(rotation.evidence().get("error")).asString().contains("the vault cannot be reached")
        .doesNotContain("Exception");
    assertThat(EvidenceText.of(Column.ROTATION_REWRAPS_ONLY, rotation))
        .startsWith("The experiment failed: ").doesNotContain("Exception");
  }

  @Test
  void noEncryption_everySurfaceShowsPlaintext() {
    Row row = audit(Set.of(), VmSize.D4S_V3, false);

    for (Column c : new Column[] {Column.ENCRYPTION_AT_REST, Column.TEMP_DISK, Column.CACHES, Column.LINK_ENCRYPTED}) {
      assertThat(row.cell(c).isTrue()).as(c.id()).isFalse();
      assertThat((long) row.cell(c).evidence().get("hits")).as(c.id()).isPositive();
    }
    assertThat(row.cell(Column.NO_VM_CPU).isTrue()).isTrue();
    assertThat(row.cell(Column.CUSTOMER_KEY_CONTROL).isTrue()).isFalse();
    assertThat(row.cell(Column.DEFENDER).value()).isEqualTo("Unhealthy, not applicable if exempt");
  }

  @Test
  void encryptionAtEveryHostPlacement_coversTempCachesAndLink() {
    Row row = audit(EnumSet.of(Placement.HOST_TEMP_MEDIA, Placement.HOST_CACHE_MEDIA, Placement.HOST_EGRESS), VmSize.D4S_V3, false);

    assertThat(row.cell(Column.ENCRYPTION_AT_REST).isTrue()).isTrue();
    assertThat(row.cell(Column.TEMP_DISK).isTrue()).isTrue();
    assertThat(row.cell(Column.CACHES).isTrue()).isTrue();
    assertThat(row.cell(Column.LINK_ENCRYPTED).isTrue()).isTrue();
    assertThat(row.cell(Column.NO_VM_CPU).isTrue()).isTrue();
  }

  @Test
  void turningOffTheCacheLayer_flipsOnlyTheCachesCell() {
    Row all = audit(EnumSet.of(Placement.HOST_TEMP_MEDIA, Placement.HOST_CACHE_MEDIA, Placement.HOST_EGRESS), VmSize.D4S_V3, false);
    Row noCache = audit(EnumSet.of(Placement.HOST_TEMP_MEDIA, Placement.HOST_EGRESS), VmSize.D4S_V3, false);

    for (Column c : Edition.E2022.columns()) {
      if (c == Column.CACHES) {
        assertThat(noCache.cell(c).isTrue()).isFalse();
        assertThat((long) noCache.cell(c).evidence().get("hits")).isPositive();
      } else {
        assertThat(noCache.cell(c).isTrue()).as(c.id()).isEqualTo(all.cell(c).isTrue());
      }
    }
  }

  @Test
  void vmWithoutTempDisk_hasNoTempDiskEvidence() {
    Row row = audit(EnumSet.of(Placement.HOST_TEMP_MEDIA, Placement.HOST_CACHE_MEDIA, Placement.HOST_EGRESS), VmSize.D2AS_V5, false);

    assertThat(row.cell(Column.TEMP_DISK).isTrue()).isFalse();
    assertThat(row.cell(Column.TEMP_DISK).evidence()).containsEntry("scanned", 0L).containsEntry("note", "no such surface on this VM");
  }

  @Test
  void storageOnly_encryptsAtRestOnly_andChargesNoVmCpu() {
    Row row = audit(EnumSet.of(Placement.STORAGE), VmSize.D4S_V3, true);

    assertThat(row.cell(Column.ENCRYPTION_AT_REST).isTrue()).isTrue();
    assertThat(row.cell(Column.TEMP_DISK).isTrue()).isFalse();
    assertThat(row.cell(Column.CACHES).isTrue()).isFalse();
    assertThat(row.cell(Column.LINK_ENCRYPTED).isTrue()).isFalse();
    assertThat(row.cell(Column.NO_VM_CPU).isTrue()).isTrue();
    assertThat(row.cell(Column.CUSTOMER_KEY_CONTROL).isTrue()).as(row.cell(Column.CUSTOMER_KEY_CONTROL).evidence().toString()).isTrue();
    assertThat(row.cell(Column.CUSTOMER_KEY_CONTROL).evidence()).containsEntry("readAfterRestore", "bit-exact");
  }

  @Test
  void guestPlacement_isPaidByTheVm() {
    // A layer in the guest is what in-guest encryption is; here it is mounted by hand.
    Row row = new OptionAudit(Edition.E2022).audit(new OptionSetup() {
      @Override
      public String id() {
        return "guest";
      }

      @Override
      public String label() {
        return "guest layer";
      }

      @Override
      public java.util.List<String> keyChain() {
        return java.util.List.of("a random key in guest memory");
      }

      @Override
      public VirtualMachine deploy(Lab lab, String vmName, Image image) throws Exception {
        VirtualMachine vm = lab.cloud().vm(vmName).dataDisk(Sectors.gib(8), CachePolicy.READ_ONLY).build();
        vm.start();
        for (var disk : vm.disks()) {
          try (SecretKeyMaterial key = SecretKeyMaterial.random(64)) {
            disk.mountGuestVolume(new EncryptionLayer(disk,
                XtsEngines.defaultEngine().newCipher(XtsParameters.AES_256_XTS_512, key), vm.account(), "guest"));
          }
        }
        vm.addExtension(new AzureDiskEncryptionExtension(OsType.LINUX, EncryptionOperation.ENABLE_ENCRYPTION,
            "https://kv.vault.azure.net/", Optional.empty(), KeyEncryptionAlgorithm.RSA_OAEP, VolumeType.ALL));
        return vm;
      }

      @Override
      public Optional<CustomerKey> customerKey(Lab lab, VirtualMachine vm) {
        return Optional.empty();
      }
    });

    assertThat(row.cell(Column.NO_VM_CPU).isTrue()).isFalse();
    assertThat(row.cell(Column.LINK_ENCRYPTED).isTrue()).isTrue();
    assertThat(row.cell(Column.DEFENDER).value()).isEqualTo("Healthy");
  }

  @Test
  void defenderEditions_differOnlyForEncryptionAtHost() {
    VirtualMachine vm = io.diskcrypt.core.topology.Cloud.create("t").vm("v").build();
    vm.setSecurityProfile(vm.securityProfile().withEncryptionAtHost(true));

    assertThat(new DefenderAssessor(Edition.E2022).assess(vm, false)).isEqualTo(DefenderAssessor.Status.UNHEALTHY);
    assertThat(new DefenderAssessor(Edition.CURRENT).assess(vm, false)).isEqualTo(DefenderAssessor.Status.HEALTHY);
    assertThat(new DefenderAssessor(Edition.CURRENT).assess(vm, true)).isEqualTo(DefenderAssessor.Status.NOT_APPLICABLE);
  }
}
