package io.diskcrypt.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.media.ScanResult;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.core.topology.ResourceJson;
import io.diskcrypt.core.topology.SurfaceRole;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmSurface;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyPermission;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultSpec;
import io.diskcrypt.keyvault.provider.PlatformManagedKeys;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README's "Embedding it in a test" example, kept compiling and true. */
class ReadmeEmbeddingTest {
  @Test
  void readmeExample_perDiskKeys_surfacesAndModel() throws Exception {
    byte[] marker = Fixture.MARKER;
    byte[] sector = Fixture.markedSector(512);
    SimClock clock = new SimClock();
    // --- README snippet starts
    Cloud cloud = Cloud.create("westeurope", clock);
    KeyVaultService vaults = new KeyVaultService(clock);
    ServerSideEncryption sse = new ServerSideEncryption(cloud, vaults, new PlatformManagedKeys("westeurope"));
    // (setup the README leaves out: a vault, a key, an identity allowed on it)
    Identity admin = Identity.user("admin");
    Identity desIdentity = Identity.managed("des-a-identity");
    KeyVault vault = vaults.createVault(VaultSpec.builder("contoso-kv").region("westeurope").purgeProtection(true).build(), admin);
    String keyUrlA = vault.createKey(admin, "key-a", KeySpec.rsa(2048)).id();
    vault.setAccessPolicy(desIdentity, KeyPermission.diskEncryptionSet(), Set.of());
    DiskEncryptionSet setA = sse.createDiskEncryptionSet("des-a", keyUrlA, desIdentity, true);

    VirtualMachine vm = cloud.vm("vm1").dataDisk(Sectors.gib(1024), CachePolicy.READ_ONLY)
        .dataDisk(Sectors.gib(64), CachePolicy.NONE).build();
    sse.enablePlatformKey(vm);
    sse.enableCustomerKey(vm.disk("data1").managedDisk(), setA);
    vm.start();
    vm.disk("data0").guestVolume().write(0, sector);
    vm.disk("data0").flush();

    Map<String, Long> hits = new HashMap<>();
    for (VmSurface s : vm.surfaces()) {
      ScanResult scan = s.surface().scan(marker);
      hits.put(s.role() + " " + s.disk(), scan.hits());
    }
    String model = ResourceJson.vm(vm);
    // --- README snippet ends

    assertThat(hits).containsEntry(SurfaceRole.STORAGE_MEDIA + " data0", 0L)
        .containsEntry(SurfaceRole.CACHE_MEDIA + " data0", 1L).containsEntry(SurfaceRole.LINK + " data0", 1L);
    assertThat(model).contains("\"diskEncryptionSet\": {\n").contains(setA.id()).contains("\"encryptionAtHost\": false");
    assertThat(cloud.ledger().usage()).isNotEmpty();
  }
}
