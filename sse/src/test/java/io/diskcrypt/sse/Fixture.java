package io.diskcrypt.sse;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyPermission;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultSpec;
import io.diskcrypt.keyvault.provider.PlatformManagedKeys;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;

/** A region with a purge-protected vault, an RSA key, a DES identity allowed on it, and SSE. */
final class Fixture {
  static final String REGION = "westeurope";
  static final byte[] MARKER = "PLAINTEXT-MARKER-0123456789".getBytes(StandardCharsets.US_ASCII);

  final SimClock clock = new SimClock();
  final Cloud cloud = Cloud.create(REGION, clock);
  final KeyVaultService vaults = new KeyVaultService(clock);
  final Identity admin = Identity.user("admin");
  final Identity desIdentity = Identity.managed("des1-identity");
  final KeyVault vault;
  final KeyBundle key;
  final PlatformManagedKeys platformKeys = new PlatformManagedKeys(REGION);
  final ServerSideEncryption sse;

  Fixture() throws Exception {
    vault = vaults.createVault(VaultSpec.builder("contoso-disks").region(REGION).purgeProtection(true).build(), admin);
    key = vault.createKey(admin, "disk-cmk", KeySpec.rsa(2048));
    vault.setAccessPolicy(desIdentity, KeyPermission.diskEncryptionSet(), Set.of());
    sse = new ServerSideEncryption(cloud, vaults, platformKeys);
  }

  DiskEncryptionSet des(boolean autoRotation) throws KeyAccessException {
    return sse.createDiskEncryptionSet("des1", key.id(), desIdentity, autoRotation);
  }

  /** A VM with an OS disk (ReadWrite cache), a ReadOnly data disk and a temp disk; deallocated. */
  VirtualMachine vm(String name) {
    return cloud.vm(name).dataDisk(Sectors.gib(1024), CachePolicy.READ_ONLY).build();
  }

  static byte[] markedSector(int size) {
    byte[] sector = new byte[size];
    System.arraycopy(MARKER, 0, sector, 100, MARKER.length);
    return sector;
  }

  /** Writes the marker to sector 7 of every disk and flushes. */
  static void writeMarkers(VirtualMachine vm) {
    for (VirtualDisk disk : vm.disks()) {
      disk.guestVolume().write(7, markedSector(disk.sectorSize().bytes()));
      disk.guestVolume().flush();
    }
  }

  /** Seeded random sectors written to {@code sectors} numbers of every managed disk; returns the data by disk. */
  static byte[][] writeRandom(VirtualDisk disk, long seed, long[] sectors) {
    Random random = new Random(seed);
    byte[][] data = new byte[sectors.length][disk.sectorSize().bytes()];
    for (int i = 0; i < sectors.length; i++) {
      random.nextBytes(data[i]);
      disk.guestVolume().write(sectors[i], data[i]);
    }
    disk.guestVolume().flush();
    return data;
  }
}
