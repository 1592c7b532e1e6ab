package io.diskcrypt.ade.bitlocker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceUnavailableException;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.cpu.CpuLedger;
import io.diskcrypt.core.media.SparseMedia;
import io.diskcrypt.core.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BitLockerTest {
  private static final long SIZE = 2L << 20;
  private final CpuAccount vcpu = new CpuLedger().account("vm1 vCPU", AccountKind.VM_VCPU);

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(EncryptionMethod.XTS_AES_128, SectorSize.S512, Seeds.base()),
        Arguments.of(EncryptionMethod.XTS_AES_256, SectorSize.S512, Seeds.base() + 1),
        Arguments.of(EncryptionMethod.XTS_AES_128, SectorSize.S4096, Seeds.base() + 2),
        Arguments.of(EncryptionMethod.XTS_AES_256, SectorSize.S4096, Seeds.base() + 3));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void open_withFormatsBek_readsBackWhatWasWritten(EncryptionMethod method, SectorSize sectorSize, long seed) throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, sectorSize);
    BitLockerFormatResult result = BitLocker.format(media, BitLockerOptions.defaults().withMethod(method));
    byte[] data = new byte[64 * 1024];
    SplittableRandom random = Seeds.random(seed);
    random.nextBytes(data);
    long sector;
    try (BitLockerVolume volume = BitLocker.open(media, result.bek())) {
      BlockDevice device = volume.dataDevice(vcpu);
      sector = random.nextLong(volume.info().contiguousDataBytes() / sectorSize.bytes() - data.length / sectorSize.bytes());
      device.write(0, data);
      device.write(sector, data);
    }
    BekFile reparsed = BekFile.parse(result.bek().toBytes());
    try (BitLockerVolume volume = BitLocker.open(media, reparsed)) {
      BlockDevice device = volume.dataDevice(vcpu);
      byte[] back = new byte[data.length];
      device.read(0, back);
      assertThat(back).as("seed %d, sector 0", seed).isEqualTo(data);
      device.read(sector, back);
      assertThat(back).as("seed %d, sector %d", seed, sector).isEqualTo(data);
    }
  }

  @Test
  void format_defaultPlacement_spreadsTheCopiesAsWindowsDoes() throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLockerVolumeInfo info = BitLocker.format(media, BitLockerOptions.defaults()).info();

    // 2 MiB = 32 areas of 64 KiB: copies at areas 32/3, 32*4/9 and 32*5/9 (10, 14, 17), backup after copy 0
    assertThat(info.metadataOffsets()).containsExactly(10 * 65536L, 14 * 65536L, 17 * 65536L);
    assertThat(info.relocatedHeaderOffset()).isEqualTo(11 * 65536L);
    assertThat(info.relocatedHeaderBytes()).isEqualTo(8192);
    assertThat(info.volumeBytes()).isEqualTo(SIZE);
    assertThat(info.contiguousDataBytes()).isEqualTo(10 * 65536L);
    byte[] header = new byte[512];
    media.read(0, header);
    assertThat(new String(header, 3, 8, StandardCharsets.US_ASCII)).isEqualTo("-FVE-FS-");
  }

  @Test
  void format_endPlacement_keepsTheReservedAreasInTheTail() throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLockerVolumeInfo info = BitLocker.format(media, BitLockerOptions.defaults().withPlacement(MetadataPlacement.END)).info();

    assertThat(info.metadataOffsets()).containsExactly(SIZE - 3 * 65536, SIZE - 2 * 65536, SIZE - 65536);
    assertThat(info.relocatedHeaderOffset()).isEqualTo(SIZE - BitLocker.RESERVED_BYTES);
    assertThat(info.contiguousDataBytes()).isEqualTo(SIZE - BitLocker.RESERVED_BYTES);
  }

  @ParameterizedTest
  @MethodSource("allMethods")
  void dataDevice_wholeVolume_readsBackEverywhereButTheReservedAreasWhichReadAsZeros(EncryptionMethod method) throws Exception {
    long seed = Seeds.base();
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLockerFormatResult result = BitLocker.format(media, BitLockerOptions.defaults().withMethod(method));
    byte[] data = new byte[(int) SIZE];
    Seeds.random(seed).nextBytes(data);
    try (BitLockerVolume volume = BitLocker.open(media, result.bek())) {
      BlockDevice device = volume.dataDevice(vcpu);
      assertThat(device.sizeBytes()).isEqualTo(SIZE);
      for (Segment s : volume.segments()) {
        if (s.kind() == Segment.Kind.ZERO) {
          Arrays.fill(data, (int) (s.first() * 512), (int) (s.end() * 512), (byte) 0);
        } else {
          device.write(s.first(), data, (int) (s.first() * 512), (int) (s.count() * 512));
        }
      }
    }
    try (BitLockerVolume volume = BitLocker.open(media, result.bek())) {
      byte[] back = new byte[(int) SIZE];
      volume.dataDevice(vcpu).read(0, back);
      assertThat(Arrays.equals(back, data)).as("seed %d, %s: whole volume read back", seed, method).isTrue();
      assertThat(volume.segments()).filteredOn(s -> s.kind() == Segment.Kind.ZERO).hasSize(4);
    }
  }

  static Stream<EncryptionMethod> allMethods() {
    return Stream.of(EncryptionMethod.values());
  }

  @Test
  void pausedEncryption_readsPlaintextStoredAboveTheBoundaryAndDecryptsBelowIt() throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLockerFormatResult result = BitLocker.format(media, BitLockerOptions.defaults()
        .withMethod(EncryptionMethod.AES_128_CBC).withEncryptionPausedAt(SIZE / 4));
    byte[] plain = filled(4096, (byte) 'P');
    long above = SIZE / 4 / 512 + 8; // above the boundary and below metadata copy 0 (at about a third)
    media.write(above, plain); // what Windows had not converted yet: plaintext on the disk
    byte[] secret = filled(4096, (byte) 'S');

    try (BitLockerVolume volume = BitLocker.open(media, result.bek())) {
      BlockDevice device = volume.dataDevice(vcpu);
      byte[] back = new byte[4096];
      device.read(above, back);
      assertThat(back).as("read as stored").isEqualTo(plain);
      device.write(16, secret);
      device.write(above + 8, secret);
      device.read(16, back);
      assertThat(back).isEqualTo(secret);
    }
    byte[] raw = new byte[4096];
    media.read(16, raw);
    assertThat(raw).as("below the boundary, ciphertext").isNotEqualTo(secret);
    media.read(above + 8, raw);
    assertThat(raw).as("above it, written as plaintext, as dislocker writes").isEqualTo(secret);
    assertThat(result.info().currentState()).isEqualTo(FveState.SWITCH_PAUSED);
    assertThat(result.info().nextState()).isEqualTo(FveState.ENCRYPTED);
    assertThat(result.info().converting()).isTrue();
  }

  @Test
  void encryptOnWriteVolume_isListedButOpeningIsRefusedWithTheReason() throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLockerFormatResult result = BitLocker.format(media, BitLockerOptions.defaults());
    byte[] header = new byte[512];
    media.read(0, header);
    System.arraycopy(Le.guidBytes(FveCodec.EOW_IDENTIFIER), 0, header, 0xa0, 16);
    media.write(0, header);

    assertThat(BitLocker.readInfo(media).encryptOnWrite()).isTrue();
    assertThatThrownBy(() -> BitLocker.open(media, result.bek())).isInstanceOf(BitLockerFormatException.class)
        .hasMessageContaining("encrypt-on-write").hasMessageContaining("conversion log");
  }

  @Test
  void openWithClearKey_volumeWithoutOne_isRefusedAndWithOneOpens() throws Exception {
    SparseMedia plain = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLocker.format(plain, BitLockerOptions.defaults());
    SparseMedia suspended = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLockerFormatResult result = BitLocker.format(suspended, BitLockerOptions.defaults().withClearKey(true));

    assertThatThrownBy(() -> BitLocker.openWithClearKey(plain)).isInstanceOf(BitLockerKeyException.class)
        .hasMessageContaining("has no clear-key protector");
    try (BitLockerVolume volume = BitLocker.openWithClearKey(suspended)) {
      assertThat(volume.info().protectors()).extracting(KeyProtector::type)
          .containsExactly(ProtectorType.EXTERNAL_KEY, ProtectorType.CLEAR_KEY);
    }
    BitLocker.open(suspended, result.bek()).close();
  }

  @Test
  void formatWithPassphrase_opensWithItAndRefusesAnotherOrATooShortOne() throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S512);
    char[] passphrase = "correct horse battery staple \u00e9\u00e8".toCharArray();
    BitLockerFormatResult result = BitLocker.formatWithPassphrase(media, BitLockerOptions.defaults(), passphrase, vcpu);

    assertThat(result.info().protectors()).extracting(KeyProtector::type)
        .containsExactly(ProtectorType.EXTERNAL_KEY, ProtectorType.PASSPHRASE);
    BitLocker.openWithPassphrase(media, passphrase).close();
    assertThatThrownBy(() -> BitLocker.openWithPassphrase(media, "correct horse battery staple".toCharArray()))
        .isInstanceOf(BitLockerKeyException.class).hasMessageContaining("the passphrase does not unlock");
    assertThatThrownBy(() -> BitLocker.formatWithPassphrase(new SparseMedia("d", SIZE, SectorSize.S512),
        BitLockerOptions.defaults(), "short".toCharArray(), vcpu))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passphrase is 5 characters");
    SparseMedia none = new SparseMedia("none", SIZE, SectorSize.S512);
    BitLocker.format(none, BitLockerOptions.defaults());
    assertThatThrownBy(() -> BitLocker.openWithPassphrase(none, passphrase))
        .isInstanceOf(BitLockerKeyException.class).hasMessageContaining("has no passphrase protector");
  }

  @Test
  void protectorType_everyCodeWindowsWrites_hasItsName() {
    assertThat(ProtectorType.ofCode(0x0000)).isEqualTo(ProtectorType.CLEAR_KEY);
    assertThat(ProtectorType.ofCode(0x0100)).isEqualTo(ProtectorType.TPM);
    assertThat(ProtectorType.ofCode(0x0200)).isEqualTo(ProtectorType.EXTERNAL_KEY);
    assertThat(ProtectorType.ofCode(0x0500)).isEqualTo(ProtectorType.TPM_AND_PIN);
    assertThat(ProtectorType.ofCode(0x0800)).isEqualTo(ProtectorType.RECOVERY_PASSWORD);
    assertThat(ProtectorType.ofCode(0x1000)).isEqualTo(ProtectorType.SMART_CARD);
    assertThat(ProtectorType.ofCode(0x2000)).isEqualTo(ProtectorType.PASSPHRASE);
    assertThat(ProtectorType.ofCode(0x0300)).isEqualTo(ProtectorType.UNKNOWN);
  }

  @Test
  void write_intoAMetadataArea_isRefusedNamingItAndWritesNothing() throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLockerFormatResult result = BitLocker.format(media, BitLockerOptions.defaults());
    long copy1 = result.info().metadataOffsets().get(1) / 512;
    try (BitLockerVolume volume = BitLocker.open(media, result.bek())) {
      BlockDevice device = volume.dataDevice(vcpu);
      byte[] before = new byte[2048];
      media.read(copy1 - 2, before);

      assertThatThrownBy(() -> device.write(copy1 - 2, filled(2048, (byte) 1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FVE metadata copy 1");

      byte[] after = new byte[2048];
      media.read(copy1 - 2, after);
      assertThat(after).as("the sectors before the area are untouched too").isEqualTo(before);
    }
    BitLocker.open(media, result.bek()).close();
  }

  @Test
  void write_firstSector_landsEncryptedAtTheBackupLocationNotInTheHeader() throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLockerFormatResult result = BitLocker.format(media, BitLockerOptions.defaults());
    byte[] secret = new byte[512];
    Arrays.fill(secret, (byte) 'S');
    try (BitLockerVolume volume = BitLocker.open(media, result.bek())) {
      volume.dataDevice(vcpu).write(0, secret);
    }
    byte[] header = new byte[512];
    media.read(0, header);
    assertThat(new String(header, 3, 8, StandardCharsets.US_ASCII)).isEqualTo("-FVE-FS-");
    assertThat(media.holds(result.info().relocatedHeaderOffset() / 512)).isTrue();
    assertThat(media.scan(new byte[] {'S', 'S', 'S', 'S', 'S', 'S', 'S', 'S'}).clean()).isTrue();
  }

  @Test
  void format_info_carriesGuidMethodDescriptionTimeAndProtectors() throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S4096);
    Instant created = Instant.parse("2024-05-01T10:15:30.1234567Z");
    BitLockerFormatResult result = BitLocker.format(media, BitLockerOptions.defaults()
        .withMethod(EncryptionMethod.XTS_AES_128).withDescription("VM1 C: 5/1/2024").withCreationTime(created));

    BitLockerVolumeInfo read = BitLocker.readInfo(media);

    assertThat(read).isEqualTo(result.info());
    assertThat(read.method()).isEqualTo(EncryptionMethod.XTS_AES_128);
    assertThat(read.description()).isEqualTo("VM1 C: 5/1/2024");
    assertThat(read.created()).isEqualTo(created);
    assertThat(read.sectorSize()).isEqualTo(SectorSize.S4096);
    assertThat(read.protectors()).containsExactly(
        new KeyProtector(result.bek().guid(), ProtectorType.EXTERNAL_KEY, 0x0200));
  }

  @Test
  void dataDevice_io_isChargedToThePayer() throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLockerFormatResult result = BitLocker.format(media, BitLockerOptions.defaults());
    try (BitLockerVolume volume = BitLocker.open(media, result.bek())) {
      volume.dataDevice(vcpu).write(100, new byte[8192]);
    }
    assertThat(vcpu.usage().cryptoBytes()).isEqualTo(8192);
  }

  @Test
  void close_evictsTheKeyFromDataDevices() throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLockerFormatResult result = BitLocker.format(media, BitLockerOptions.defaults());
    BitLockerVolume volume = BitLocker.open(media, result.bek());
    BlockDevice device = volume.dataDevice(vcpu);

    volume.close();

    assertThatThrownBy(() -> device.read(0, new byte[512])).isInstanceOf(DeviceUnavailableException.class)
        .hasMessageContaining(result.info().volumeGuid().toString());
    assertThatThrownBy(() -> volume.dataDevice(vcpu)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void format_fullEncryption_unwrittenSectorsReadAsZeros() throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLockerFormatResult result = BitLocker.format(media, BitLockerOptions.defaults().withFullEncryption(true));
    try (BitLockerVolume volume = BitLocker.open(media, result.bek())) {
      BlockDevice device = volume.dataDevice(vcpu);
      byte[] all = new byte[(int) device.sizeBytes()];
      device.read(0, all);
      assertThat(all).isEqualTo(new byte[all.length]);
    }
  }

  @Test
  void open_bekOfAnotherVolume_isRefusedNamingTheGuids() throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLockerFormatResult result = BitLocker.format(media, BitLockerOptions.defaults());
    BekFile other = BitLocker.format(new SparseMedia("other", SIZE, SectorSize.S512), BitLockerOptions.defaults()).bek();

    assertThatThrownBy(() -> BitLocker.open(media, other)).isInstanceOf(BitLockerKeyException.class)
        .hasMessageContaining(other.guid().toString())
        .hasMessageContaining(result.info().volumeGuid().toString());
  }

  @Test
  void open_bekWithTheRightGuidButAnotherKey_isRefusedAsWrongKey() throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLockerFormatResult result = BitLocker.format(media, BitLockerOptions.defaults());
    BekFile forged = BekFile.generate(result.bek().guid(), Instant.now());

    assertThatThrownBy(() -> BitLocker.open(media, forged)).isInstanceOf(BitLockerKeyException.class)
        .hasMessageContaining("AES-CCM tag mismatch");
  }

  @Test
  void openWithRecoveryPassword_rightAndWrongPassword_opensOrRefuses() throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLockerFormatResult result = BitLocker.format(media, BitLockerOptions.defaults().withRecoveryPassword(true));
    String password = result.recoveryPassword().orElseThrow().value();
    try (BitLockerVolume volume = BitLocker.open(media, result.bek())) {
      volume.dataDevice(vcpu).write(5, filled(512, (byte) 7));
    }
    try (BitLockerVolume volume = BitLocker.openWithRecoveryPassword(media, password)) {
      byte[] back = new byte[512];
      volume.dataDevice(vcpu).read(5, back);
      assertThat(back).isEqualTo(filled(512, (byte) 7));
    }
    String wrong = (password.startsWith("000000") ? "000011" : "000000") + password.substring(6);
    assertThatThrownBy(() -> BitLocker.openWithRecoveryPassword(media, wrong)).isInstanceOf(BitLockerKeyException.class)
        .hasMessageContaining("does not unlock");
  }

  @Test
  void openWithRecoveryPassword_volumeWithoutOne_isRefused() throws Exception {
    SparseMedia media = new SparseMedia("disk", SIZE, SectorSize.S512);
    BitLocker.format(media, BitLockerOptions.defaults());

    assertThatThrownBy(() -> BitLocker.openWithRecoveryPassword(media, "000000-000000-000000-000000-000000-000000-000000-000000"))
        .isInstanceOf(BitLockerKeyException.class).hasMessageContaining("has no recovery password protector");
  }

  @Test
  void recoveryPasswordParse_malformedText_isRefusedNamingTheGroup() {
    assertThatThrownBy(() -> RecoveryPassword.parse("123")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 dash-separated groups");
    assertThatThrownBy(() -> RecoveryPassword.parse("000000-000000-00000a-000000-000000-000000-000000-000000"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group 3 is not 6 digits");
    assertThatThrownBy(() -> RecoveryPassword.parse("000000-000000-000000-000001-000000-000000-000000-000000"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group 4 is not a multiple of 11");
    assertThatThrownBy(() -> RecoveryPassword.parse("000000-000000-000000-000000-720896-000000-000000-000000"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group 5");
  }

  @Test
  void recoveryPassword_generated_hasEightGroupsOfMultiplesOf11AndHidesItsDigits() {
    RecoveryPassword password = RecoveryPassword.generate();
    assertThat(password.value()).matches("(\\d{6}-){7}\\d{6}");
    assertThat(RecoveryPassword.parse(password.value()).value()).isEqualTo(password.value());
    assertThat(password.toString()).doesNotContain(password.value().substring(0, 6));
  }

  @Test
  void format_badSizesAndOptions_areRefusedNamingTheValue() {
    assertThatThrownBy(() -> BitLockerOptions.defaults().withEncryptionPausedAt(1000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted size 1000 bytes");
    assertThatThrownBy(() -> BitLocker.format(new SparseMedia("d", SIZE, SectorSize.S512),
        BitLockerOptions.defaults().withEncryptionPausedAt(2 * SIZE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the volume");
    assertThatThrownBy(() -> BitLocker.format(new SparseMedia("d", 512 * 1024, SectorSize.S512), BitLockerOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("524288 bytes");
    assertThatThrownBy(() -> BitLocker.format(new SparseMedia("d", SIZE + 4096, SectorSize.S4096), BitLockerOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 64 KiB");
    assertThatThrownBy(() -> BitLocker.format(new SparseMedia("d", SIZE, SectorSize.S512),
        BitLockerOptions.defaults().withSectorSize(SectorSize.S4096)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4096 B").hasMessageContaining("512 B");
    assertThatThrownBy(() -> BitLockerOptions.defaults().withDescription("x".repeat(257)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("257 characters");
  }

  @Test
  void readInfo_unformattedDevice_isRefusedNamingTheSignature() {
    SparseMedia media = new SparseMedia("blank", SIZE, SectorSize.S512);

    assertThatThrownBy(() -> BitLocker.readInfo(media)).isInstanceOf(BitLockerFormatException.class)
        .hasMessageContaining("volume header signature");
  }

  @Test
  void bekFile_toString_showsTheGuidButNoKey() {
    BekFile bek = BekFile.generate(java.util.UUID.randomUUID(), Instant.now());
    String hex = java.util.HexFormat.of().formatHex(bek.copyKey());

    assertThat(bek.toString()).contains(bek.guid().toString()).doesNotContain(hex.substring(0, 16));
    assertThat(bek.fileName()).isEqualTo(bek.guid().toString().toUpperCase(java.util.Locale.ROOT) + ".BEK");
  }

  private static byte[] filled(int n, byte value) {
    byte[] out = new byte[n];
    Arrays.fill(out, value);
    return out;
  }

  @Test
  void formatWithExternalKey_givenBek_opensTwoVolumesWithTheSameKey() throws Exception {
    BekFile vaultBek = BekFile.generate(java.util.UUID.randomUUID(), Instant.now());
    SparseMedia os = new SparseMedia("os", SIZE, SectorSize.S512);
    SparseMedia data = new SparseMedia("data", SIZE, SectorSize.S4096);

    BitLockerFormatResult first = BitLocker.formatWithExternalKey(os, BitLockerOptions.defaults(), vaultBek, vcpu);
    BitLocker.formatWithExternalKey(data, BitLockerOptions.defaults(), vaultBek, vcpu);
    first.bek().destroy();

    assertThat(first.info().protectors().get(0).guid()).isEqualTo(vaultBek.guid());
    BitLocker.open(os, vaultBek).close();
    BitLocker.open(data, vaultBek).close();
  }
}
