package io.diskcrypt.ade.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.ade.testing.Run;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.media.FileBlockDevice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Passphrase rotation as ADE does it: add the new keyslot, remove the old; checked with cryptsetup. */
class KeyslotTest {
  private static final byte[] OLD = "old passphrase".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEW = "new passphrase".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  @ParameterizedTest(name = "luks1 {0}")
  @ValueSource(booleans = {false, true})
  void addThenRemove_newPassphraseOpensOldDoesNot(boolean luks1) throws Exception {
    Cryptsetup cs = Cryptsetup.require();
    Path image = dir.resolve("img");
    Path oldKey = dir.resolve("old");
    Path newKey = dir.resolve("new");
    Files.write(oldKey, OLD);
    Files.write(newKey, NEW);
    LuksFormatOptions options = luks1 ? LuksFormatOptions.fastForTests().toBuilder().luks1().build()
        : LuksFormatOptions.fastForTests();
    try (FileBlockDevice d = FileBlockDevice.create(image, 17L << 20, SectorSize.S512);
        LuksVolume v = Luks.format(d, OLD, options)) {
      v.write(Ledger.VCPU, 0, "kept".getBytes(StandardCharsets.US_ASCII));
      int id = v.addKeyslot(NEW, luks1 ? LuksKdf.pbkdf2(1000) : LuksKdf.argon2id(4, 64, 1));
      assertThat(id).isEqualTo(1);
      assertThat(v.header().keyslots()).containsOnlyKeys(0, 1);
      cs.ok("open", "--test-passphrase", "--key-file", oldKey.toString(), image.toString());
      cs.ok("open", "--test-passphrase", "--key-file", newKey.toString(), image.toString());
      v.removeKeyslot(0);
      assertThat(v.header().keyslots()).containsOnlyKeys(1);
      assertThatThrownBy(() -> v.removeKeyslot(1)).isInstanceOf(LuksException.class).hasMessageContaining("last one");
      assertThatThrownBy(() -> v.removeKeyslot(5)).isInstanceOf(IllegalArgumentException.class);
    }
    cs.ok("open", "--test-passphrase", "--key-file", newKey.toString(), image.toString());
    Run removed = cs.run("open", "--test-passphrase", "--key-file", oldKey.toString(), image.toString());
    // exit 2: cryptsetup's "no permission (bad passphrase)", not a missing or unreadable device
    assertThat(removed.exitCode()).as("%s", removed).isEqualTo(2);
    assertThat(removed.output()).contains("No key available with this passphrase");
    try (FileBlockDevice d = FileBlockDevice.open(image, SectorSize.S512)) {
      assertThatThrownBy(() -> Luks.open(d, OLD)).isInstanceOf(WrongPassphraseException.class);
      try (LuksVolume v = Luks.open(d, NEW)) {
        assertThat(v.read(Ledger.VCPU, 0, 4)).isEqualTo("kept".getBytes(StandardCharsets.US_ASCII));
      }
    }
  }
}
