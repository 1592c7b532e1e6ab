package io.diskcrypt.ade;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.VmSize;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultSpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** A small region with a vault enabled for disk encryption and ADE with cheap KDFs. */
final class AdeFixture {
  static final String REGION = "westeurope";
  static final String SUBSCRIPTION = "sub-0001";
  static final VmSize SMALL = VmSize.D4S_V3.withTempDisk("Standard_Test_temp64M", Sectors.mib(64));
  static final byte[] MARKER = "ADE-PLAINTEXT-MARKER-7d1c".getBytes(StandardCharsets.US_ASCII);

  final SimClock clock = new SimClock();
  final Cloud cloud = Cloud.create(REGION, clock);
  final KeyVaultService vaults = new KeyVaultService(clock);
  final Identity user = Identity.user("alice");
  final KeyVault vault;
  /** Thin in-place passes: the full resumable pass is tested on small OS disks ({@link #smallOsVm}). */
  final AzureDiskEncryption ade = new AzureDiskEncryption(cloud, vaults, AdeOptions.cheapKdf().withFullPassLimit(0));
  /** Default full-pass limit: LUKS2 OS volumes this small get the resumable full pass. */
  final AzureDiskEncryption adeFullPass = new AzureDiskEncryption(cloud, vaults, AdeOptions.cheapKdf());
  private int vmCount;

  AdeFixture() {
    vault = vaults.createVault(VaultSpec.builder("adevault").region(REGION).subscription(SUBSCRIPTION)
        .enabledForDiskEncryption(true).build(), user);
  }

  /** A stopped VM with a 64 MiB OS disk, one 64 MiB data disk and a 64 MiB temp disk. */
  VirtualMachine vm(Image image) {
    return vm(image, SectorSize.S512);
  }

  VirtualMachine vm(Image image, SectorSize sectorSize) {
    return cloud.vm("vm" + (++vmCount)).image(image).size(SMALL).sectorSize(sectorSize)
        .osDisk(Sectors.mib(64), CachePolicy.READ_WRITE).dataDisk(Sectors.mib(64), CachePolicy.READ_ONLY).build();
  }

  /** A stopped VM whose OS disk is 20 MiB: a 4 MiB root volume and the 16 MiB /boot partition. */
  VirtualMachine smallOsVm() {
    return cloud.vm("vm" + (++vmCount)).image(Image.UBUNTU_22_04).size(VmSize.D2AS_V5)
        .osDisk(Sectors.mib(20), CachePolicy.READ_WRITE).build();
  }

  /** Settings for the fixture's vault. */
  AdeSettings.Builder settings() {
    return AdeSettings.builder(vault.uri(), user);
  }

  /** A new versioned RSA key in the fixture's vault. */
  String kek(String name, int bits) throws Exception {
    return vault.createKey(user, name, KeySpec.rsa(bits)).id();
  }

  static byte[] marked(int size) {
    byte[] sector = new byte[size];
    System.arraycopy(MARKER, 0, sector, 40, MARKER.length);
    return sector;
  }

  /** Writes a marked sector at {@code sector} of every disk's guest volume and flushes. */
  static void writeMarkers(VirtualMachine vm, long sector) {
    for (VirtualDisk disk : vm.disks()) {
      disk.guestVolume().write(sector, marked(disk.sectorSize().bytes()));
      disk.guestVolume().flush();
    }
  }

  static Map<String, Long> hits(VirtualMachine vm) {
    return vm.surfaces().stream().collect(Collectors.toMap(
        s -> s.role() + " " + s.disk(), s -> s.surface().scan(MARKER).hits()));
  }
}
