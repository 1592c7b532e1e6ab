package io.diskcrypt.sse;

import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.media.SparseMedia;
import io.diskcrypt.core.model.EncryptionType;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.Cloud;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyPermission;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.KeyVault;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultSpec;
import io.diskcrypt.keyvault.provider.PlatformManagedKeys;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

/**
 * The customer-key scenarios of {@code diskcrypt scenario}, played on a fresh simulated region: what
 * happens, minute by minute, when a customer's key is revoked and restored, or rotated. Each step
 * records the simulated time, the action and what came of it.
 */
public final class CmkScenarios {
  /** The scenario names, as the command line takes them. */
  public static final List<String> NAMES = List.of("cmk-revocation", "cmk-rotation");

  private static final String REGION = "westeurope";
  private static final int SECTORS_WRITTEN = 64;
  private static final long SEED = 2026;

  private final SimClock clock = new SimClock();
  private final Cloud cloud = Cloud.create(REGION, clock);
  private final KeyVaultService vaults = new KeyVaultService(clock);
  private final Identity admin = Identity.user("admin");
  private final Identity desIdentity = Identity.managed("des1-identity");
  private final ServerSideEncryption sse = new ServerSideEncryption(cloud, vaults, new PlatformManagedKeys(REGION));
  private final Timeline timeline = new Timeline(clock);
  private KeyVault vault;
  private KeyBundle key;
  private DiskEncryptionSet des;
  private VirtualMachine vm;
  private byte[][] written;

  private CmkScenarios() {}

  /**
   * Runs the scenario named {@code name}.
   *
   * @throws IllegalArgumentException listing the names when there is no such scenario
   */
  public static ScenarioReport run(String name) {
    return switch (String.valueOf(name)) {
      case "cmk-revocation" -> revocation();
      case "cmk-rotation" -> rotation();
      default -> throw new IllegalArgumentException("no scenario '" + name + "': choose one of " + NAMES);
    };
  }

  /**
   * A customer key is disabled while a VM runs: within the grace period I/O still works; after it the
   * platform stops the VM, I/O fails naming the key, a start is refused; the key is enabled again,
   * the VM starts and every sector reads back bit-exact.
   */
  public static ScenarioReport revocation() {
    CmkScenarios s = new CmkScenarios();
    s.setUp(false);
    Timeline t = s.timeline;
    t.step("disable key version " + s.key.id(), () -> {
      s.vault.keys().update(s.admin, s.key.id(), KeyAttributesUpdate.disable());
      return "the vault now refuses wrap and unwrap with this version";
    });
    s.clock.advance(Duration.ofMinutes(30));
    t.step("read data0 30 minutes later", () -> s.readAll()
        + "; grace period: the storage cluster still holds the data key; des1 revoked since "
        + s.des.revokedSince().map(Object::toString).orElse("-"));
    s.clock.advance(Duration.ofMinutes(30));
    t.step("platform checks vm1 60 minutes after the key was disabled",
        () -> "vm1 is " + s.vm.state() + ": " + s.vm.lastStopReason());
    t.step("read data0", s::readAll);
    t.step("start vm1", () -> {
      s.vm.start();
      return "vm1 is " + s.vm.state();
    });
    s.clock.advance(Duration.ofMinutes(15));
    t.step("enable key version " + s.key.id() + " again", () -> {
      s.vault.keys().update(s.admin, s.key.id(), KeyAttributesUpdate.enable());
      return "key usable again";
    });
    t.step("start vm1", () -> {
      s.vm.start();
      return "vm1 is " + s.vm.state();
    });
    t.step("verify every sector written before the revocation", s::verify);
    return new ScenarioReport("cmk-revocation", t.steps(), OptionalLong.empty());
  }

  /**
   * A new version of the customer key appears while a VM runs, and the disk encryption set follows it
   * automatically: the old version stays in {@code previousKeys} while data keys are re-wrapped, the
   * re-wrap completes within the hour, the storage media do not change, the VM is not rebooted.
   */
  public static ScenarioReport rotation() {
    CmkScenarios s = new CmkScenarios();
    s.setUp(true);
    Timeline t = s.timeline;
    String[] digest = {s.mediaDigest()};
    long reencryptedBefore = s.sse.dataSectorsReencrypted();
    KeyBundle[] next = new KeyBundle[1];
    t.step("rotate key disk-cmk in the vault", () -> {
      next[0] = s.vault.rotateKey(s.admin, "disk-cmk");
      return "new version " + next[0].id() + "; the old version stays enabled";
    });
    s.clock.advance(Duration.ofMinutes(10));
    t.step("inspect des1", s::describeSet);
    t.step("read data0 during the rotation", s::readAll);
    s.clock.advance(Duration.ofMinutes(50));
    t.step("inspect des1 an hour after the new version", s::describeSet);
    t.step("compare the storage media with before the rotation", () -> {
      String now = s.mediaDigest();
      if (!now.equals(digest[0])) {
        throw new IllegalStateException("storage media changed: sha-256 " + digest[0] + " -> " + now);
      }
      return "sha-256 of every stored sector unchanged (" + now.substring(0, 16) + "...); "
          + (s.sse.dataSectorsReencrypted() - reencryptedBefore) + " data sectors re-encrypted";
    });
    t.step("check vm1", () -> "vm1 is " + s.vm.state() + ": not rebooted by the rotation");
    t.step("disable the old version " + s.key.id(), () -> {
      s.vault.keys().update(s.admin, s.key.id(), KeyAttributesUpdate.disable());
      return "no disk is wrapped under it any more";
    });
    s.clock.advance(Duration.ofHours(2));
    t.step("check vm1 two hours later", () -> "vm1 is " + s.vm.state());
    t.step("deallocate and start vm1", () -> {
      s.vm.deallocate();
      s.vm.start();
      return "vm1 is " + s.vm.state() + ", data keys unwrapped with " + next[0].id();
    });
    t.step("verify every sector written before the rotation", s::verify);
    return new ScenarioReport("cmk-rotation", t.steps(),
        OptionalLong.of(s.sse.dataSectorsReencrypted() - reencryptedBefore));
  }

  private void setUp(boolean autoRotation) {
    timeline.step("create vault contoso-disks (purge protection) and RSA-2048 key disk-cmk", () -> {
      vault = vaults.createVault(VaultSpec.builder("contoso-disks").region(REGION).purgeProtection(true).build(), admin);
      key = vault.createKey(admin, "disk-cmk", KeySpec.rsa(2048));
      vault.setAccessPolicy(desIdentity, KeyPermission.diskEncryptionSet(), Set.of());
      return key.id() + "; identity des1-identity may get, wrapKey, unwrapKey";
    });
    timeline.step("create disk encryption set des1" + (autoRotation ? " with automatic key rotation" : ""), () -> {
      des = sse.createDiskEncryptionSet("des1", key.id(), desIdentity, autoRotation);
      return "activeKey " + des.activeKeyUrl();
    });
    timeline.step("create vm1 and use des1 for its disks", () -> {
      vm = cloud.vm("vm1").dataDisk(Sectors.gib(128), CachePolicy.READ_ONLY).build();
      sse.enableCustomerKey(vm, des);
      return "encryption.type " + EncryptionType.CUSTOMER_KEY.wireName() + " on vm1-os and vm1-data0";
    });
    timeline.step("start vm1 and write " + SECTORS_WRITTEN + " sectors to data0", () -> {
      vm.start();
      written = new byte[SECTORS_WRITTEN][];
      Random random = new Random(SEED);
      VirtualDisk data = vm.disk("data0");
      for (int i = 0; i < SECTORS_WRITTEN; i++) {
        written[i] = new byte[data.sectorSize().bytes()];
        random.nextBytes(written[i]);
        data.write(i * 1000L, written[i]);
      }
      data.flush();
      return "vm1 is " + vm.state() + "; data0 holds " + data.managedDisk().media().sectorsHeld()
          + " ciphertext sectors on the storage media";
    });
  }

  private String readAll() {
    VirtualDisk data = vm.disk("data0");
    byte[] sector = new byte[data.sectorSize().bytes()];
    for (int i = 0; i < SECTORS_WRITTEN; i++) {
      data.read(i * 1000L, sector);
    }
    return "read " + SECTORS_WRITTEN + " sectors";
  }

  private String verify() {
    VirtualDisk data = vm.disk("data0");
    byte[] sector = new byte[data.sectorSize().bytes()];
    int exact = 0;
    for (int i = 0; i < SECTORS_WRITTEN; i++) {
      data.read(i * 1000L, sector);
      exact += Arrays.equals(sector, written[i]) ? 1 : 0;
    }
    if (exact != SECTORS_WRITTEN) {
      throw new IllegalStateException("only " + exact + " of " + SECTORS_WRITTEN + " sectors read back bit-exact");
    }
    return exact + " of " + SECTORS_WRITTEN + " sectors bit-exact";
  }

  private String describeSet() {
    long onActive = sse.disksOf(des).stream()
        .filter(d -> d.wrappedKey(DiskKeys.DATA_KEY_SLOT).keyId().equals(des.activeKeyUrl())).count();
    return "activeKey " + des.activeKeyUrl() + "; previousKeys " + des.previousKeys()
        + "; lastKeyRotationTimestamp " + des.lastKeyRotationTimestamp().map(Object::toString).orElse("-")
        + "; " + onActive + " of " + sse.disksOf(des).size() + " data keys wrapped under the active version";
  }

  private String mediaDigest() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (VirtualDisk disk : vm.disks()) {
        if (disk.managedDisk() == null) {
          continue;
        }
        SparseMedia media = disk.managedDisk().media();
        for (long sector : media.heldSectors()) {
          sha.update(ByteBuffer.allocate(8).putLong(sector).array());
          sha.update(media.readRaw(sector).orElseThrow());
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
