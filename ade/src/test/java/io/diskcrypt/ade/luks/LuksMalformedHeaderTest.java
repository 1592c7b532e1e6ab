package io.diskcrypt.ade.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceBytes;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.media.SparseMedia;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Damaged and unsupported headers are refused naming the field; a damaged first copy falls back to the second. */
class LuksMalformedHeaderTest {
  private static final byte[] PASSPHRASE = "passphrase".getBytes(StandardCharsets.US_ASCII);

  private static SparseMedia formatted() {
    SparseMedia disk = new SparseMedia("disk", 17L << 20, SectorSize.S512);
    Luks.format(disk, PASSPHRASE, LuksFormatOptions.fastForTests()).close();
    return disk;
  }

  /** A change to one copy, applied to both so that neither is usable. */
  interface Damage {
    void apply(BlockDevice device, long offset) throws Exception;
  }

  static Stream<Arguments> damages() {
    return Stream.of(
        Arguments.of("magic", (Damage) (d, o) -> HeaderSurgery.binary(d, o, b -> b.put(1, (byte) 'X'), true)),
        Arguments.of("version", (Damage) (d, o) -> HeaderSurgery.binary(d, o, b -> b.putShort(6, (short) 3), true)),
        Arguments.of("hdr_size", (Damage) (d, o) -> HeaderSurgery.binary(d, o, b -> b.putLong(8, 12345), true)),
        Arguments.of("hdr_offset", (Damage) (d, o) -> HeaderSurgery.binary(d, o, b -> b.putLong(256, o + 512), true)),
        Arguments.of("checksum_alg", (Damage) (d, o) -> HeaderSurgery.binary(d, o,
            b -> b.put(72, "md5\0\0\0".getBytes(StandardCharsets.US_ASCII)), true)),
        Arguments.of("csum", (Damage) (d, o) -> HeaderSurgery.binary(d, o, b -> b.put(30, (byte) 1), false)),
        Arguments.of("json", (Damage) (d, o) -> HeaderSurgery.jsonText(d, o,
            "{\"keyslots\": {".getBytes(StandardCharsets.US_ASCII))),
        Arguments.of("json", (Damage) (d, o) -> HeaderSurgery.jsonText(d, o,
            "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.US_ASCII))),
        Arguments.of("keyslots", (Damage) (d, o) -> HeaderSurgery.json(d, o, j -> j.remove("keyslots"))),
        Arguments.of("config.json_size", (Damage) (d, o) -> HeaderSurgery.json(d, o,
            j -> ((ObjectNode) j.get("config")).put("json_size", "4096"))),
        Arguments.of("keyslots.0.kdf.iterations", (Damage) (d, o) -> HeaderSurgery.json(d, o,
            j -> slot(j).with("kdf").put("iterations", "1000"))),
        Arguments.of("keyslots.0.kdf", (Damage) (d, o) -> HeaderSurgery.json(d, o,
            j -> slot(j).with("kdf").put("iterations", 10))),
        Arguments.of("segments.0.sector_size", (Damage) (d, o) -> HeaderSurgery.json(d, o,
            j -> j.with("segments").with("0").put("sector_size", 1000))),
        Arguments.of("keyslots.0.af.stripes", (Damage) (d, o) -> HeaderSurgery.json(d, o,
            j -> slot(j).with("af").put("stripes", 3999))),
        Arguments.of("keyslots.0.area.offset", (Damage) (d, o) -> HeaderSurgery.json(d, o,
            j -> slot(j).with("area").put("offset", "4096"))),
        Arguments.of("keyslots.0.area.size", (Damage) (d, o) -> HeaderSurgery.json(d, o,
            j -> slot(j).with("area").put("size", "4096"))),
        Arguments.of("keyslots.0.key_size", (Damage) (d, o) -> HeaderSurgery.json(d, o,
            j -> slot(j).put("key_size", 48))),
        Arguments.of("keyslots.0.kdf.salt", (Damage) (d, o) -> HeaderSurgery.json(d, o,
            j -> slot(j).with("kdf").put("salt", "***"))),
        Arguments.of("segments.0.offset", (Damage) (d, o) -> HeaderSurgery.json(d, o,
            j -> j.with("segments").with("0").put("offset", "-1"))),
        Arguments.of("config.keyslots_size", (Damage) (d, o) -> HeaderSurgery.json(d, o,
            j -> j.with("config").put("keyslots_size", "9223372036854775807"))),
        Arguments.of("keyslots.0.area.size", (Damage) (d, o) -> HeaderSurgery.json(d, o,
            j -> slot(j).with("area").put("size", "9223372036854775807"))),
        Arguments.of("digests.0.digest", (Damage) (d, o) -> HeaderSurgery.json(d, o,
            j -> j.with("digests").with("0").put("digest", ""))));
  }

  private static ObjectNode slot(ObjectNode json) {
    return json.with("keyslots").with("0");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void open_bothCopiesDamaged_refusedNamingTheField(String field, Damage damage) throws Exception {
    SparseMedia disk = formatted();
    for (long offset : HeaderSurgery.BOTH) {
      damage.apply(disk, offset);
    }
    assertThatThrownBy(() -> Luks.open(disk, PASSPHRASE))
        .isInstanceOfSatisfying(MalformedHeaderException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageStartingWith(field + ": ");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void open_firstCopyDamaged_usesTheSecondCopy(String field, Damage damage) throws Exception {
    SparseMedia disk = formatted();
    byte[] written = new byte[4096];
    try (LuksVolume v = Luks.open(disk, PASSPHRASE)) {
      java.util.Arrays.fill(written, (byte) 0x5a);
      v.dataDevice(Ledger.VCPU).write(0, written);
    }
    damage.apply(disk, 0);
    try (LuksVolume v = Luks.open(disk, PASSPHRASE)) {
      byte[] read = new byte[4096];
      v.dataDevice(Ledger.VCPU).read(0, read);
      assertThat(read).as("data read after falling back to the second header copy").isEqualTo(written);
    }
  }

  @Test
  void read_secondCopyNewer_takesTheHigherSeqid() throws Exception {
    SparseMedia disk = formatted();
    HeaderSurgery.json(disk, Luks.LUKS2_HDR_SIZE, j -> { });
    HeaderSurgery.binary(disk, Luks.LUKS2_HDR_SIZE, b -> b.putLong(16, 7), true);
    assertThat(Luks.inspect(disk, disk).seqid()).isEqualTo(7);
  }

  @Test
  void open_attachedSegmentOverlappingTheHeader_refused() throws Exception {
    SparseMedia disk = formatted();
    for (long offset : HeaderSurgery.BOTH) {
      HeaderSurgery.json(disk, offset, j -> j.with("segments").with("0").put("offset", "0"));
    }
    assertThatThrownBy(() -> Luks.open(disk, PASSPHRASE))
        .isInstanceOfSatisfying(MalformedHeaderException.class, e -> assertThat(e.field()).isEqualTo("segments.0.offset"))
        .hasMessageContaining("overlap");
  }

  @Test
  void open_wrongPassphrase_throwsWrongPassphrase() {
    SparseMedia disk = formatted();
    assertThatThrownBy(() -> Luks.open(disk, "wrong".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(WrongPassphraseException.class)
        .hasMessageContaining("no keyslot").hasMessageContaining("[0]");
  }

  @Test
  void open_blankDevice_refusedNamingMagic() {
    SparseMedia disk = new SparseMedia("blank", 1 << 20, SectorSize.S512);
    assertThatThrownBy(() -> Luks.open(disk, PASSPHRASE))
        .isInstanceOfSatisfying(MalformedHeaderException.class, e -> assertThat(e.field()).isEqualTo("magic"));
  }

  static Stream<Arguments> luks1Damages() {
    return Stream.of(
        Arguments.of("version", (Consumer<ByteBuffer>) b -> b.putShort(6, (short) 9)),
        Arguments.of("cipherName", (Consumer<ByteBuffer>) b -> b.put(8, "twofish".getBytes(StandardCharsets.US_ASCII))),
        Arguments.of("cipherMode", (Consumer<ByteBuffer>) b -> b.put(40, "cbc-plain\0\0\0".getBytes(StandardCharsets.US_ASCII))),
        Arguments.of("hashSpec", (Consumer<ByteBuffer>) b -> b.put(72, "md5\0\0\0\0".getBytes(StandardCharsets.US_ASCII))),
        Arguments.of("keyBytes", (Consumer<ByteBuffer>) b -> b.putInt(108, 17)),
        Arguments.of("keyblock[0].active", (Consumer<ByteBuffer>) b -> b.putInt(208, 1)),
        Arguments.of("keyblock[0].stripes", (Consumer<ByteBuffer>) b -> b.putInt(208 + 44, 2)),
        Arguments.of("keyblock[0].keyMaterialOffset", (Consumer<ByteBuffer>) b -> b.putInt(208 + 40, 1)),
        Arguments.of("payloadOffset", (Consumer<ByteBuffer>) b -> b.putInt(104, 1 << 30)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("luks1Damages")
  void openLuks1_damagedField_refusedNamingIt(String field, Consumer<ByteBuffer> damage) {
    SparseMedia disk = new SparseMedia("disk", 3L << 20, SectorSize.S512);
    Luks.format(disk, PASSPHRASE, LuksFormatOptions.fastForTests().toBuilder().luks1().build()).close();
    byte[] first = DeviceBytes.read(disk, 0, 4096);
    damage.accept(ByteBuffer.wrap(first));
    DeviceBytes.write(disk, 0, first);
    assertThatThrownBy(() -> Luks.open(disk, PASSPHRASE))
        .isInstanceOfSatisfying(MalformedHeaderException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void open_luks1WrongPassphrase_throwsWrongPassphrase() {
    SparseMedia disk = new SparseMedia("disk", 3L << 20, SectorSize.S512);
    Luks.format(disk, PASSPHRASE, LuksFormatOptions.fastForTests().toBuilder().luks1().build()).close();
    assertThatThrownBy(() -> Luks.open(disk, "nope".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(WrongPassphraseException.class);
  }
}
