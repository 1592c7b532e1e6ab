package io.diskcrypt.ade.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceUnavailableException;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.cpu.CpuLedger;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.media.SparseMedia;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The public API's contract: options validation, key lifetime, CPU charging, byte-addressed I/O. */
class LuksApiTest {
  private static final byte[] PASSPHRASE = "api".getBytes(StandardCharsets.US_ASCII);

  private static SparseMedia disk() {
    return new SparseMedia("disk", 17L << 20, SectorSize.S512);
  }

  @Test
  void options_defaults_areLuks2Argon2id512BitAndLuks1Pbkdf2256Bit() {
    LuksFormatOptions d = LuksFormatOptions.defaults();
    assertThat(d.version()).isEqualTo(LuksVersion.LUKS2);
    assertThat(d.keyBits()).isEqualTo(512);
    assertThat(d.kdf().type()).isEqualTo(LuksKdf.Type.ARGON2ID);
    LuksFormatOptions v1 = LuksFormatOptions.builder().luks1().build();
    assertThat(v1.keyBits()).isEqualTo(256);
    assertThat(v1.kdf().type()).isEqualTo(LuksKdf.Type.PBKDF2);
  }

  @Test
  void options_outOfRange_refusedNamingTheOption() {
    assertThatThrownBy(() -> LuksFormatOptions.builder().keyBits(128).build()).hasMessageContaining("keyBits 128");
    assertThatThrownBy(() -> LuksFormatOptions.builder().digestIterations(10).build())
        .hasMessageContaining("digestIterations 10");
    assertThatThrownBy(() -> LuksFormatOptions.builder().luks1().sectorSize(SectorSize.S4096).build())
        .hasMessageContaining("LUKS1 allows only 512");
    assertThatThrownBy(() -> LuksFormatOptions.builder().luks1().kdf(LuksKdf.argon2id(4, 64, 1)).build())
        .hasMessageContaining("LUKS1 allows only pbkdf2");
    assertThatThrownBy(() -> LuksFormatOptions.builder().label("x".repeat(48)).build())
        .hasMessageContaining("label");
    assertThatThrownBy(() -> LuksKdf.pbkdf2(999)).hasMessageContaining("999");
    assertThatThrownBy(() -> LuksKdf.argon2id(3, 64, 1)).hasMessageContaining("time cost 3");
    assertThatThrownBy(() -> LuksKdf.argon2id(4, 16, 1)).hasMessageContaining("memory 16");
    assertThatThrownBy(() -> LuksKdf.argon2id(4, 64, 0)).hasMessageContaining("parallelism 0");
    assertThatThrownBy(() -> new LuksKdf(LuksKdf.Type.PBKDF2, "md5", 1000, 0, 0)).hasMessageContaining("md5");
  }

  @Test
  void format_deviceTooSmallOrSectorTooLarge_refused() {
    assertThatThrownBy(() -> Luks.format(new SparseMedia("s", 1 << 20, SectorSize.S512), PASSPHRASE,
        LuksFormatOptions.fastForTests())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too small");
    assertThatThrownBy(() -> Luks.format(new SparseMedia("4k", 17L << 20, SectorSize.S4096), PASSPHRASE,
        LuksFormatOptions.fastForTests())).hasMessageContaining("choose sectorSize 4096");
    assertThatThrownBy(() -> Luks.format(disk(), new byte[0], LuksFormatOptions.fastForTests()))
        .hasMessageContaining("passphrase");
    SparseMedia d = disk();
    assertThatThrownBy(() -> Luks.formatDetached(d, d, PASSPHRASE, LuksFormatOptions.fastForTests()))
        .hasMessageContaining("own device");
  }

  @Test
  void format_4kNativeDisk_with4096Sectors_works() throws Exception {
    SparseMedia native4k = new SparseMedia("4kn", 17L << 20, SectorSize.S4096);
    LuksFormatOptions o = LuksFormatOptions.fastForTests().toBuilder().sectorSize(SectorSize.S4096).build();
    try (LuksVolume v = Luks.format(native4k, PASSPHRASE, o)) {
      v.write(Ledger.VCPU, 5000, "4Kn".getBytes(StandardCharsets.US_ASCII));
    }
    try (LuksVolume v = Luks.open(native4k, PASSPHRASE)) {
      assertThat(v.read(Ledger.VCPU, 5000, 3)).isEqualTo("4Kn".getBytes(StandardCharsets.US_ASCII));
    }
  }

  @Test
  void close_destroysKeyAndEvictsDataDevices() {
    LuksVolume v = Luks.format(disk(), PASSPHRASE, LuksFormatOptions.fastForTests());
    BlockDevice data = v.dataDevice(Ledger.VCPU);
    v.close();
    assertThat(v.isClosed()).isTrue();
    assertThatThrownBy(() -> data.read(0, new byte[512])).isInstanceOf(DeviceUnavailableException.class);
    assertThatThrownBy(v::volumeKey).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> v.dataDevice(Ledger.VCPU)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toString_showsNoKeyBytes() {
    try (LuksVolume v = Luks.format(disk(), PASSPHRASE, LuksFormatOptions.fastForTests());
        SecretKeyMaterial key = v.volumeKey()) {
      byte[] raw = key.copyBytes();
      String hex = HexFormat.of().formatHex(raw);
      assertThat(v.toString()).doesNotContain(hex.substring(0, 16)).contains(v.header().uuid());
      assertThat(v.dataDevice(Ledger.VCPU).toString()).doesNotContain(hex.substring(0, 16));
    }
  }

  @Test
  void dataDevice_chargesThePayer() {
    CpuAccount vm = new CpuLedger().account("vm", AccountKind.VM_VCPU);
    try (LuksVolume v = Luks.format(disk(), PASSPHRASE, LuksFormatOptions.fastForTests())) {
      v.dataDevice(vm).write(0, new byte[8192]);
      assertThat(vm.usage().cryptoBytes()).isEqualTo(8192);
      assertThat(v.dataDevice(vm)).isSameAs(v.dataDevice(vm));
    }
  }

  @Test
  void format_fixedUuidAndLabel_areInTheHeader() throws Exception {
    UUID id = UUID.fromString("11111111-2222-3333-4444-555555555555");
    SparseMedia d = disk();
    Luks.format(d, PASSPHRASE, LuksFormatOptions.fastForTests().toBuilder().uuid(id).label("osdisk").build()).close();
    LuksHeaderInfo info = Luks.inspect(d, d);
    assertThat(info.uuid()).isEqualTo(id.toString());
    assertThat(info.label()).isEqualTo("osdisk");
    assertThat(info.dataOffset()).isEqualTo(16L << 20);
    assertThat(info.dataBytes()).isEqualTo(1L << 20);
  }

  @Test
  void read_outsideDataArea_refusedNamingTheRange() {
    try (LuksVolume v = Luks.format(disk(), PASSPHRASE, LuksFormatOptions.fastForTests())) {
      assertThatThrownBy(() -> v.read(Ledger.VCPU, (1L << 20) - 2, 4)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not fit");
    }
  }

  @Test
  void afSplitter_mergeOfSplit_givesTheKey() {
    byte[] key = Keyslots.random(64);
    for (String hash : new String[] {"sha1", "sha256", "sha512"}) {
      byte[] split = AfSplitter.split(key, 4000, hash);
      assertThat(split).hasSize(64 * 4000);
      assertThat(AfSplitter.merge(split, 64, 4000, hash)).as(hash).isEqualTo(key);
      split[12345] ^= 1;
      assertThat(AfSplitter.merge(split, 64, 4000, hash)).as("one flipped bit destroys the key").isNotEqualTo(key);
    }
  }
}
