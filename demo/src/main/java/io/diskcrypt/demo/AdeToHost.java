package io.diskcrypt.demo;

import io.diskcrypt.ade.AdeOptions;
import io.diskcrypt.ade.AdeSettings;
import io.diskcrypt.ade.AdeStatus;
import io.diskcrypt.ade.AzureDiskEncryption;
import io.diskcrypt.ade.VolumeType;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.core.topology.ManagedDisk;
import io.diskcrypt.core.topology.Snapshot;
import io.diskcrypt.core.topology.StorageCluster;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmState;
import io.diskcrypt.host.EncryptionAtHost;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultSpec;
import io.diskcrypt.keyvault.provider.PlatformManagedKeys;
import io.diskcrypt.sse.ScenarioReport;
import io.diskcrypt.sse.ScenarioStep;
import io.diskcrypt.sse.ServerSideEncryption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code diskcrypt scenario ade-to-host}: the migration ADE's retirement forces, played on a simulated
 * region. Two Linux VMs have ADE on their data disks; app1's holds known data. The retirement date
 * passes: app1 keeps running, app2's restart fails to unlock. ADE is disabled on app1 (its running guest
 * still holds the volume key); encryption at host is refused on app1 and on a VM with a disk made from a
 * snapshot of app1's disk (the "ever had ADE" mark). A disk created by upload, attached to a VM that
 * never had ADE, takes app1's data; encryption at host is accepted there, and every written sector
 * reads back bit-exact. Each step's outcome is what the operation did: ok, or what stopped it, in words.
 */
final class AdeToHost {
  static final String NAME = "ade-to-host";

  private static final String REGION = "westeurope";
  private static final int SECTORS_WRITTEN = 256;
  private static final long SEED = 2028;

  private final SimClock clock = new SimClock();
  private final Cloud cloud = Cloud.create(REGION, clock);
  private final StorageCluster cluster = cloud.storageCluster();
  private final KeyVaultService vaults = new KeyVaultService(clock);
  private final Identity admin = Identity.user("admin");
  private final ServerSideEncryption sse = new ServerSideEncryption(cloud, vaults, new PlatformManagedKeys(REGION));
  private final EncryptionAtHost host = new EncryptionAtHost(sse);
  private final AzureDiskEncryption ade = new AzureDiskEncryption(cloud, vaults, AdeOptions.cheapKdf());
  private final List<ScenarioStep> steps = new ArrayList<>();
  private final Map<Long, byte[]> written = new TreeMap<>();
  private VirtualMachine app1;
  private VirtualMachine app2;
  private VirtualMachine app3;

  /** What the scenario saw, and whether every written sector came back bit-exact on the new disk. */
  record Result(ScenarioReport report, boolean dataIntact) {}

  private AdeToHost() {}

  /** Plays the scenario on a fresh region. */
  static Result run() {
    AdeToHost s = new AdeToHost();
    s.play();
    boolean intact = s.verifiedSectors() == SECTORS_WRITTEN;
    return new Result(new ScenarioReport(NAME, s.steps, OptionalLong.empty()), intact);
  }

  private void play() {
    step("create vault contoso-ade (enabledForDiskEncryption) with RSA-3072 key ade-kek; register "
        + EncryptionAtHost.FEATURE, () -> {
          KeyVault vault = vaults.createVault(VaultSpec.builder("contoso-ade").region(REGION)
              .subscription(Cloud.DEFAULT_SUBSCRIPTION).enabledForDiskEncryption(true).build(), admin);
          vault.createKey(admin, "ade-kek", KeySpec.rsa(3072));
          cloud.registerFeature(Cloud.DEFAULT_SUBSCRIPTION, EncryptionAtHost.FEATURE);
          return "vault " + vault.uri();
        });
    step("create Linux VMs app1 and app2 (Ubuntu 22.04) and enable ADE on their data disks (VolumeType Data,"
        + " KEK ade-kek)", () -> {
          app1 = adeVm("app1");
          app2 = adeVm("app2");
          return "app1 data volumes " + ade.status(app1).dataVolumesEncrypted() + ", app2 data volumes "
              + ade.status(app2).dataVolumesEncrypted() + "; "
              + ade.status(app1).disk("data0").volumeFormat().orElse("");
        });
    step("write " + SECTORS_WRITTEN + " known sectors to app1's data0 through dm-crypt", () -> {
      VirtualDisk data = app1.disk("data0");
      Random random = new Random(SEED);
      long volumeSectors = data.guestVolume().sectorCount();
      while (written.size() < SECTORS_WRITTEN) {
        byte[] bytes = new byte[data.sectorSize().bytes()];
        random.nextBytes(bytes);
        long sector = Math.floorMod(random.nextLong(), volumeSectors);
        data.guestVolume().write(sector, bytes);
        written.put(sector, bytes);
      }
      data.guestVolume().flush();
      return "data0 holds " + data.managedDisk().media().sectorsHeld() + " sectors on the storage media, "
          + "all LUKS ciphertext";
    });
    clock.advance(Duration.between(clock.instant(), AzureDiskEncryption.RETIREMENT).plusDays(1));
    step("read app1's data0 after 15 September 2028, ADE's retirement", () -> {
      return "app1 is " + app1.state() + ": a running VM keeps running; " + verifiedSectors(app1.disk("data0")
          .guestVolume()) + " of " + SECTORS_WRITTEN + " sectors read back";
    });
    step("restart app2", () -> {
      app2.stop();
      app2.start();
      return "app2 is " + app2.state();
    });
    step("disable ADE on app1's data volumes (the running guest decrypts in place)", () -> {
      AdeStatus status = ade.disable(app1, VolumeType.DATA);
      return "data volumes " + status.dataVolumesEncrypted() + "; data0 ever had ADE: "
          + app1.disk("data0").managedDisk().everHadGuestEncryption();
    });
    step("deallocate app1 and enable encryption at host on it", () -> {
      app1.deallocate();
      host.enable(app1);
      return "app1 encryptionAtHost " + app1.securityProfile().encryptionAtHost();
    });
    step("snapshot app1's data0, create a disk from the snapshot, attach it to a new VM probe and enable"
        + " encryption at host there", () -> {
          Snapshot snapshot = cluster.snapshot(app1.disk("data0").managedDisk(), "app1-data0-snapshot");
          ManagedDisk copy = cluster.createDisk("app1-data0-copy", snapshot);
          VirtualMachine probe = cloud.vm("probe").image(Image.UBUNTU_22_04).build();
          probe.attachDataDisk("data0", copy, CachePolicy.READ_ONLY);
          host.enable(probe);
          return "probe encryptionAtHost " + probe.securityProfile().encryptionAtHost();
        });
    step("create disk app3-data0 by upload and attach it to a new VM app3 that never had ADE", () -> {
      ManagedDisk upload = cluster.createUploadDisk("app3-data0", app1.disk("data0").sizeBytes(), SectorSize.S512);
      app3 = cloud.vm("app3").image(Image.UBUNTU_22_04).build();
      app3.attachDataDisk("data0", upload, CachePolicy.READ_ONLY);
      sse.enablePlatformKey(app3);
      return "createOption " + upload.creationData().createOption().wireName() + ", ever had ADE: "
          + upload.everHadGuestEncryption() + "; app3 ever had ADE: " + app3.everHadGuestEncryption();
    });
    step("copy app1's data0 into app3-data0, sector by sector (the upload)", () -> {
      app1.start();
      app3.start();
      VirtualDisk from = app1.disk("data0");
      VirtualDisk to = app3.disk("data0");
      byte[] sector = new byte[from.sectorSize().bytes()];
      byte[] zero = new byte[sector.length];
      long copied = 0;
      for (long s = 0; s < from.sectorCount(); s++) {
        from.guestVolume().read(s, sector);
        if (!Arrays.equals(sector, zero)) {
          to.guestVolume().write(s, sector);
          copied++;
        }
      }
      to.guestVolume().flush();
      app3.deallocate();
      return copied + " non-zero sectors of " + from.sectorCount() + " copied; app3 deallocated";
    });
    step("enable encryption at host on app3", () -> {
      host.enable(app3);
      return "app3 encryptionAtHost " + app3.securityProfile().encryptionAtHost();
    });
    step("start app3 and compare every written sector with what app1 wrote", () -> {
      app3.start();
      return verifiedSectors() + " of " + SECTORS_WRITTEN + " sectors bit-exact on app3-data0";
    });
  }

  private VirtualMachine adeVm(String name) throws Exception {
    VirtualMachine vm = cloud.vm(name).image(Image.UBUNTU_22_04).dataDisk(Sectors.mib(64), CachePolicy.READ_ONLY)
        .build();
    sse.enablePlatformKey(vm);
    vm.start();
    ade.enable(vm, AdeSettings.builder("https://contoso-ade.vault.azure.net/", admin).volumeType(VolumeType.DATA)
        .keyEncryptionKeyUrl(vaults.vault("contoso-ade").orElseThrow().keys().get(admin, "ade-kek").id()).build());
    return vm;
  }

  /** How many written sectors app3's data0 returns bit-exact (0 when app3 does not run). */
  private long verifiedSectors() {
    if (app3 == null || app3.state() != VmState.RUNNING) {
      return 0;
    }
    return verifiedSectors(app3.disk("data0").guestVolume());
  }

  private long verifiedSectors(BlockDevice device) {
    byte[] back = new byte[device.sectorSize().bytes()];
    long exact = 0;
    for (Map.Entry<Long, byte[]> e : written.entrySet()) {
      device.read(e.getKey(), back);
      exact += Arrays.equals(back, e.getValue()) ? 1 : 0;
    }
    return exact;
  }

  /** Records a step at the simulated time it ran; what stops it, if anything, is its outcome. */
  private void step(String action, Callable<String> work) {
    steps.add(ScenarioStep.run(clock, action, work));
  }
}
