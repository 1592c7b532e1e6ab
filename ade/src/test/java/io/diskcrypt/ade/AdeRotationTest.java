package io.diskcrypt.ade;

import static io.diskcrypt.ade.AdeFixture.marked;
import static io.diskcrypt.ade.AdeFixture.writeMarkers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.ade.luks.Luks;
import io.diskcrypt.ade.luks.LuksException;
import io.diskcrypt.core.media.SparseMedia;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.SecretBundle;
import io.diskcrypt.keyvault.VaultObjectId;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ADE's two rotations, measured on the disks: rotating the KEK (a new version, ADE enabled again with its
 * URL) re-wraps the secret and changes no stored sector; rotating the passphrase adds a keyslot and
 * changes only the LUKS headers' keyslot areas.
 */
class AdeRotationTest {
  private final AdeFixture f = new AdeFixture();

  /** Every sector the storage media and the temp-disk media hold, raw, by disk and sector. */
  private static Map<String, byte[]> media(VirtualMachine vm) {
    Map<String, byte[]> raw = new LinkedHashMap<>();
    for (VirtualDisk disk : vm.disks()) {
      disk.flush();
      SparseMedia media = disk.role().managed() ? disk.managedDisk().media() : disk.hostMedia();
      for (long sector : media.heldSectors()) {
        raw.put(disk.name() + "#" + sector, media.readRaw(sector).orElseThrow());
      }
    }
    return raw;
  }

  private static Map<String, Long> changedPerDisk(Map<String, byte[]> before, Map<String, byte[]> after) {
    Map<String, Long> changed = new LinkedHashMap<>();
    for (String key : after.keySet()) {
      if (!before.containsKey(key) || !Arrays.equals(before.get(key), after.get(key))) {
        changed.merge(key.substring(0, key.indexOf('#')), 1L, Long::sum);
      }
    }
    return changed;
  }

  private VirtualMachine encrypted(String kek) throws Exception {
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    f.ade.enable(vm, f.settings().operation(EncryptionOperation.ENABLE_ENCRYPTION_FORMAT_ALL)
        .keyEncryptionKeyUrl(kek).build());
    writeMarkers(vm, 11);
    return vm;
  }

  @Test
  void kekRotation_rewrapsTheSecret_changesNoSector_andTheNewVersionUnlocks() throws Exception {
    String v1 = f.kek("kek", 2048);
    VirtualMachine vm = encrypted(v1);
    String secretV1 = f.ade.status(vm).disk("os").secretUrl().orElseThrow();
    Map<String, byte[]> before = media(vm);

    String v2 = f.vault.rotateKey(f.user, "kek").id();
    AdeStatus after = f.ade.enable(vm, f.settings().operation(EncryptionOperation.ENABLE_ENCRYPTION_FORMAT_ALL)
        .keyEncryptionKeyUrl(v2).build());

    assertThat(before).hasSizeGreaterThan(3);
    assertThat(changedPerDisk(before, media(vm))).as("sectors changed per disk").isEmpty();
    String secretV2 = after.disk("os").secretUrl().orElseThrow();
    assertThat(VaultObjectId.parse(secretV2).name()).isEqualTo(VaultObjectId.parse(secretV1).name());
    assertThat(secretV2).isNotEqualTo(secretV1);
    assertThat(after.disks()).allSatisfy(d -> {
      assertThat(d.secretUrl()).contains(secretV2);
      assertThat(d.keyEncryptionKeyUrl()).contains(v2);
    });
    SecretBundle stored = f.vault.secrets().get(f.user, secretV2);
    assertThat(stored.tags()).containsEntry("DiskEncryptionKeyEncryptionKeyURL", v2)
        .containsEntry("DiskEncryptionKeyFileName", "LinuxPassPhraseFileName");
    assertThat(vm.disk("data0").managedDisk().encryptionSettings().orElseThrow().keyEncryptionKeyUrl()).contains(v2);
    assertThat(vm.disk("data0").managedDisk().encryptionSettings().orElseThrow().secretUrl()).isEqualTo(secretV2);

    // the old version disabled: the next start unwraps with the new one
    f.vault.keys().update(f.user, v1, KeyAttributesUpdate.disable());
    vm.stop();
    vm.start();
    for (VirtualDisk disk : vm.disks()) {
      byte[] back = new byte[512];
      disk.guestVolume().read(11, back);
      assertThat(back).as(disk.name()).isEqualTo(marked(512));
    }
  }

  @Test
  void passphraseRotation_addsAKeyslot_changesOnlyTheHeaders_oldPassphraseNoLongerOpens() throws Exception {
    VirtualMachine vm = encrypted(f.kek("kek", 2048));
    String oldUrl = f.ade.status(vm).disk("data0").secretUrl().orElseThrow();
    byte[] oldPassphrase = passphrase(vm, oldUrl);
    int oldSlot = Luks.inspect(vm.disk("data0"), vm.disk("data0")).keyslots().firstKey();
    Map<String, byte[]> before = media(vm);

    AdeStatus status = f.ade.rotatePassphrase(vm, f.user);

    String newUrl = status.disk("data0").secretUrl().orElseThrow();
    assertThat(newUrl).isNotEqualTo(oldUrl);
    assertThat(Luks.inspect(vm.disk("data0"), vm.disk("data0")).keyslots().keySet())
        .as("a new keyslot, the old one wiped").hasSize(1).doesNotContain(oldSlot);
    Map<String, byte[]> after = media(vm);
    long dataAreaChanged = after.keySet().stream()
        .filter(k -> k.startsWith("data0#") && Long.parseLong(k.substring(6)) >= (16L << 20) / 512)
        .filter(k -> !Arrays.equals(before.get(k), after.get(k))).count();
    assertThat(dataAreaChanged).as("data0 sectors past its 16 MiB LUKS2 header").isZero();
    // at most: the new keyslot's area and the wiped old one (512-bit key x 4000 stripes = 500 sectors
    // each) and both 16 KiB header copies (64 sectors)
    assertThat(changedPerDisk(before, after)).as("only the headers change").containsKeys("data0", "os", "temp")
        .allSatisfy((disk, count) -> assertThat(count).isBetween(500L, 2 * 500L + 64));
    assertThatThrownBy(() -> Luks.open(vm.disk("data0"), oldPassphrase)).isInstanceOf(LuksException.class);
    try (var opened = Luks.open(vm.disk("data0"), passphrase(vm, newUrl))) {
      assertThat(opened.header().keyslots()).hasSize(1);
    }
    vm.stop();
    vm.start();
    byte[] back = new byte[512];
    vm.disk("data0").guestVolume().read(11, back);
    assertThat(back).isEqualTo(marked(512));
  }

  @Test
  void passphraseRotation_onWindows_refusedNamingTheKekRotation() throws Exception {
    VirtualMachine vm = f.vm(Image.WINDOWS_SERVER_2022);
    vm.start();
    f.ade.enable(vm, f.settings().volumeType(VolumeType.OS).build());

    assertThatThrownBy(() -> f.ade.rotatePassphrase(vm, f.user)).isInstanceOf(AdeRefusedException.class)
        .hasMessageContaining("ADE for Linux's").hasMessageContaining("enabling ADE again");
  }

  private byte[] passphrase(VirtualMachine vm, String secretUrl) throws Exception {
    SecretBundle secret = f.vault.secrets().get(f.user, secretUrl);
    String kek = secret.tags().get("DiskEncryptionKeyEncryptionKeyURL");
    byte[] wrapped = Base64.getUrlDecoder().decode(secret.value());
    return new KeyVaultGateway(f.vaults).unwrap(kek, KeyEncryptionAlgorithm.RSA_OAEP, wrapped, f.user);
  }
}
