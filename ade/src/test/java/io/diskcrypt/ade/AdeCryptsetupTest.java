package io.diskcrypt.ade;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.ade.testing.Run;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.media.FileBlockDevice;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.OsType;
import io.diskcrypt.core.testing.ExternalTools;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.SecretBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ADE leaves on the disks is what the real tools open: the disk images and the secret from the
 * vault (the passphrase file, or the .BEK file) unlock with cryptsetup.
 */
class AdeCryptsetupTest {
  private final AdeFixture f = new AdeFixture();
  @TempDir Path dir;

  @Test
  void linuxVolumes_openWithCryptsetup_givenTheVaultPassphrase() throws Exception {
    ExternalTools.require("cryptsetup", "cryptsetup-bin");
    VirtualMachine vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    AdeStatus status = f.ade.enable(vm, f.settings().build());
    SecretBundle secret = f.vault.secrets().get(f.user, status.disk("os").secretUrl().orElseThrow());
    Path keyFile = Files.writeString(dir.resolve("LinuxPassPhraseFileName"), secret.value(), StandardCharsets.US_ASCII);

    VirtualDisk os = vm.osDisk();
    long boot = LinuxGuest.RESERVED_BYTES / 512;
    Path root = copy(os, 0, os.sectorCount() - boot, "root.img");
    Path header = copy(os, os.sectorCount() - boot, boot, "osluksheader");
    Path data = copy(vm.disk("data0"), 0, vm.disk("data0").sectorCount(), "data0.img");

    assertThat(run("cryptsetup", "open", "--test-passphrase", "--key-file", keyFile.toString(), "--header",
        header.toString(), root.toString())).isZero();
    assertThat(run("cryptsetup", "open", "--test-passphrase", "--key-file", keyFile.toString(), data.toString()))
        .isZero();
    assertThat(run("cryptsetup", "isLuks", "--type", "luks2", data.toString())).isZero();
    Path wrong = Files.writeString(dir.resolve("wrong"), secret.value().replace(secret.value().charAt(0),
        secret.value().charAt(0) == 'A' ? 'B' : 'A'), StandardCharsets.US_ASCII);
    Run refused = Run.of("cryptsetup", "open", "--test-passphrase", "--key-file", wrong.toString(), data.toString());
    // exit 2: cryptsetup's "no permission (bad passphrase)", not a missing or unreadable device
    assertThat(refused.exitCode()).as("%s", refused).isEqualTo(2);
    assertThat(refused.output()).contains("No key available with this passphrase");
  }

  /**
   * The key derivation each image family gets, as the real cryptsetup reads it from our data volume:
   * Argon2i for cryptsetup 2.1-2.3 images, Argon2id from 2.4, LUKS1 (PBKDF2) before 2.1.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"Ubuntu 20.04, 2, argon2i", "RHEL 8.6, 2, argon2i", "Ubuntu 22.04, 2, argon2id", "RHEL 9.4, 2, argon2id",
      "CBL-Mariner 2, 2, argon2id", "Ubuntu 18.04, 1, pbkdf2"})
  void keyDerivationPerImage_asCryptsetupLuksDumpReadsIt(String release, int version, String kdf) throws Exception {
    ExternalTools.require("cryptsetup", "cryptsetup-bin");
    VirtualMachine vm = f.vm(new Image("Test:" + release.replace(' ', '-'), OsType.LINUX, release, false));
    vm.start();
    f.ade.enable(vm, f.settings().volumeType(VolumeType.DATA).build());
    Path data = copy(vm.disk("data0"), 0, Sectors.mib(20) / 512, "data0.img");

    Run dump = Run.of("cryptsetup", "luksDump", data.toString());

    assertThat(dump.exitCode()).as("%s", dump).isZero();
    assertThat(dump.output()).containsPattern("(?m)^Version:\\s+" + version + "$");
    if (version == 2) {
      // LUKS2 prints each keyslot's PBKDF; ADE's volume has one keyslot
      assertThat(dump.output()).containsPattern("(?m)^\\s+PBKDF:\\s+" + kdf + "$");
      assertThat(Pattern.compile("(?m)^\\s+PBKDF:").matcher(dump.output()).results().count()).isEqualTo(1);
    } else {
      // LUKS1 keyslots are PBKDF2 by definition: one enabled slot with its iteration count
      assertThat(dump.output()).containsPattern("(?m)^Key Slot 0: ENABLED$").containsPattern("(?m)^\\s+Iterations:");
    }
  }

  @Test
  void windowsVolume_opensWithCryptsetupBitlk_givenTheVaultBek() throws Exception {
    ExternalTools.require("cryptsetup", "cryptsetup-bin");
    VirtualMachine vm = f.vm(Image.WINDOWS_SERVER_2022);
    vm.start();
    AdeStatus status = f.ade.enable(vm, f.settings().volumeType(VolumeType.OS).build());
    SecretBundle secret = f.vault.secrets().get(f.user, status.disk("os").secretUrl().orElseThrow());
    Path bek = Files.write(dir.resolve(secret.tags().get("DiskEncryptionKeyFileName")),
        Base64.getDecoder().decode(secret.value()));
    Path os = copy(vm.osDisk(), 0, vm.osDisk().sectorCount(), "os.img");

    assertThat(run("cryptsetup", "bitlkOpen", "--test-passphrase", "--key-file", bek.toString(), os.toString()))
        .isZero();
  }

  private Path copy(BlockDevice from, long first, long count, String name) throws IOException {
    Path path = dir.resolve(name);
    try (FileBlockDevice file = FileBlockDevice.create(path, count * from.sectorSize().bytes(), from.sectorSize())) {
      byte[] sector = new byte[from.sectorSize().bytes()];
      for (long s = 0; s < count; s++) {
        from.read(first + s, sector);
        file.write(s, sector);
      }
    }
    return path;
  }

  private static int run(String... command) {
    Run r = Run.of(command);
    if (r.exitCode() != 0) {
      System.err.println(String.join(" ", command) + " -> " + r.exitCode() + ": " + r.output());
    }
    return r.exitCode();
  }
}
