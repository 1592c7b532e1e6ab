package io.diskcrypt.ade.bitlocker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every check of the metadata parser refuses a broken field with a message naming it. */
class MalformedMetadataTest {
  private static final MetadataFixture FIXTURE = new MetadataFixture(false);

  private record Edit(String name, Consumer<byte[]> edit) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Arguments edit(String expected, Consumer<byte[]> edit) {
    return Arguments.of(new Edit(expected, edit), expected);
  }

  static Stream<Arguments> areaEdits() {
    return Stream.of(
        edit("FVE metadata block signature", a -> a[0] = 'X'),
        edit("FVE metadata block version is 1", a -> Le.put16(a, 10, 1)),
        edit("FVE metadata block size is 0 bytes", a -> Le.put16(a, 8, 0)),
        edit("FVE metadata block size is 65536 bytes", a -> Le.put16(a, 8, 4096)),
        edit("FVE metadata current state is 0", a -> Le.put16(a, 12, 0)),
        edit("FVE metadata next state is 6", a -> Le.put16(a, 14, 6)),
        edit("FVE metadata encrypted volume size is 4194304", a -> Le.put64(a, 16, 4 << 20)),
        edit("FVE metadata encrypted volume size is 1000", a -> Le.put64(a, 16, 1000)),
        edit("FVE metadata conversion size is 2097152", a -> {
          Le.put16(a, 12, 2);
          Le.put64(a, 16, 1 << 20);
          Le.put32(a, 24, MetadataFixture.SIZE);
        }),
        edit("FVE metadata copy 1 [", a -> Le.put64(a, 40, Le.u64(a, 32) + 512)),
        edit("overlaps relocated first 8192 bytes [0, 8192)", a -> Le.put64(a, 32, 4096)),
        edit("FVE metadata offset 1 is 7", a -> Le.put64(a, 40, 7)),
        edit("FVE metadata offset 2 is 2097152", a -> Le.put64(a, 48, MetadataFixture.SIZE)),
        edit("FVE metadata size is 40", a -> Le.put32(a, 64, 40)),
        edit("FVE metadata size is 70000", a -> Le.put32(a, 64, 70000)),
        edit("FVE metadata header version is 2", a -> Le.put32(a, 68, 2)),
        edit("FVE metadata header size is 0", a -> Le.put32(a, 72, 0)),
        edit("FVE metadata size copy is 1", a -> Le.put32(a, 76, 1)),
        edit("FVE metadata encryption method is 0x8006", a -> Le.put16(a, 100, 0x8006)),
        edit("FVE metadata encryption method is 0x0000", a -> Le.put16(a, 100, 0)),
        edit("datum size 4 at byte 112 is below the 8-byte datum header", a -> Le.put16(a, 112, 4)),
        edit("overruns", a -> Le.put16(a, 112, 0xfff0)),
        edit("no FVEK entry", a -> retype(a, Datums.ENTRY_FVEK, 0x99)),
        edit("no VMK entry", a -> retype(a, Datums.ENTRY_VMK, 0x99)),
        edit("no volume header entry", a -> retype(a, Datums.ENTRY_VOLUME_HEADER, 0x99)),
        edit("volume header entry size is 100", a -> Le.put64(a, at(a, Datums.ENTRY_VOLUME_HEADER) + 16, 100)),
        edit("volume header entry offset is 0", a -> Le.put64(a, at(a, Datums.ENTRY_VOLUME_HEADER) + 8, 0)),
        edit("VMK entry at byte 112: value type 1", a -> Le.put16(a, 112 + 4, 1)),
        edit("FVEK entry: value type 1", a -> Le.put16(a, at(a, Datums.ENTRY_FVEK) + 4, 1)));
  }

  private static int at(byte[] area, int entryType) {
    try {
      return MetadataFixture.datumOffset(area, entryType);
    } catch (BitLockerFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void retype(byte[] area, int from, int to) {
    Le.put16(area, at(area, from) + 2, to);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("areaEdits")
  void parseArea_brokenField_isRefusedNamingIt(Edit edit, String expected) {
    byte[] area = FIXTURE.area(0);
    edit.edit().accept(area);
    MetadataFixture.recrc(area);

    assertThatThrownBy(() -> FveCodec.parseArea(area, 512, MetadataFixture.SIZE))
        .isInstanceOf(BitLockerFormatException.class).hasMessageContaining(expected);
  }

  @Test
  void parseArea_editWithoutNewCrc_isRefusedByTheCrc() {
    byte[] area = FIXTURE.area(0);
    area[200] ^= 1;

    assertThatThrownBy(() -> FveCodec.parseArea(area, 512, MetadataFixture.SIZE))
        .isInstanceOf(BitLockerFormatException.class).hasMessageContaining("validation CRC-32");
  }

  @Test
  void parseArea_validationSizeTooSmall_isRefused() {
    byte[] area = FIXTURE.area(0);
    Le.put16(area, MetadataFixture.blockBytes(area), 8);

    assertThatThrownBy(() -> FveCodec.parseArea(area, 512, MetadataFixture.SIZE))
        .isInstanceOf(BitLockerFormatException.class).hasMessageContaining("validation size 8");
  }

  static Stream<Arguments> headerEdits() {
    return Stream.of(
        edit("volume header signature is 'NTFS    '", s -> System.arraycopy("NTFS    ".getBytes(), 0, s, 3, 8)),
        edit("volume header boot code is eb5290", s -> s[1] = 0x52),
        edit("volume header bytes per sector is 4096", s -> Le.put16(s, 11, 4096)),
        edit("volume header metadata LCN is 5", s -> Le.put64(s, 0x38, 5)),
        edit("volume header BitLocker identifier", s -> s[0xa0] ^= 1),
        edit("volume header FVE metadata offset 0 is 0", s -> Le.put64(s, 0xb0, 0)),
        edit("volume header FVE metadata offset 2 is 2031617", s -> Le.put64(s, 0xc0, MetadataFixture.SIZE - 65535)));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("headerEdits")
  void parseVolumeHeader_brokenField_isRefusedNamingIt(Edit edit, String expected) {
    byte[] sector = new byte[512];
    FIXTURE.media.read(0, sector);
    edit.edit().accept(sector);

    assertThatThrownBy(() -> FveCodec.parseVolumeHeader(sector, 512, MetadataFixture.SIZE))
        .isInstanceOf(BitLockerFormatException.class).hasMessageContaining(expected);
  }

  @Test
  void readInfo_firstCopyDamaged_readsTheSecondCopy() throws Exception {
    MetadataFixture fixture = new MetadataFixture(false);
    byte[] area = fixture.area(0);
    area[0] = 0;
    fixture.writeArea(0, area);

    assertThat(BitLocker.readInfo(fixture.media)).isEqualTo(fixture.result.info());
    BitLocker.open(fixture.media, fixture.result.bek()).close();
  }

  @Test
  void readInfo_allCopiesDamaged_isRefusedNamingTheFirstCopysField() {
    MetadataFixture fixture = new MetadataFixture(false);
    for (int copy = 0; copy < 3; copy++) {
      byte[] area = fixture.area(copy);
      Le.put16(area, 100, 0x8007);
      fixture.writeArea(copy, MetadataFixture.recrc(area));
    }

    assertThatThrownBy(() -> BitLocker.readInfo(fixture.media)).isInstanceOf(BitLockerFormatException.class)
        .hasMessageContaining("copy 0").hasMessageContaining("encryption method is 0x8007");
  }

  @Test
  void open_metadataAlteredWithValidCrc_isRefusedByTheValidationHash() {
    MetadataFixture fixture = new MetadataFixture(false);
    for (int copy = 0; copy < 3; copy++) {
      byte[] area = fixture.area(copy);
      int description = at(area, Datums.ENTRY_DESCRIPTION);
      area[description + 8] = 'X'; // a changed description: only the VMK-keyed SHA-256 notices
      fixture.writeArea(copy, MetadataFixture.recrc(area));
    }

    assertThatThrownBy(() -> BitLocker.open(fixture.media, fixture.result.bek()))
        .isInstanceOf(BitLockerFormatException.class).hasMessageContaining("validation SHA-256");
  }

  @Test
  void open_fvekCiphertextAlteredWithValidCrc_isRefusedByTheValidationHash() {
    MetadataFixture fixture = new MetadataFixture(false);
    byte[] area = fixture.area(0);
    area[at(area, Datums.ENTRY_FVEK) + 8 + 28] ^= 1;
    // The FVEK is inside the hashed block: the VMK-keyed SHA-256 refuses the change before the FVEK is unwrapped.
    for (int copy = 0; copy < 3; copy++) {
      fixture.writeArea(copy, MetadataFixture.recrc(area.clone()));
    }

    assertThatThrownBy(() -> BitLocker.open(fixture.media, fixture.result.bek()))
        .isInstanceOf(BitLockerFormatException.class).hasMessageContaining("validation SHA-256");
  }
}
