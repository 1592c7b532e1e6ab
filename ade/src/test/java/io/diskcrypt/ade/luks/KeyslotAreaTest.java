package io.diskcrypt.ade.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diskcrypt.core.block.DeviceBytes;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.media.SparseMedia;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keyslot areas of crafted headers: LUKS1 keyslots are validated active or not, as cryptsetup does, and
 * adding a key never writes outside a free keyslot area (the data-loss bug: key material written over
 * the payload through an inactive slot's stored offset).
 */
@Tag("reliability")
class KeyslotAreaTest {
  private static final byte[] PASSPHRASE = "passphrase".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEW = "new passphrase".getBytes(StandardCharsets.US_ASCII);
  /** LUKS1 keyslot i's fields in the 592-byte header. */
  private static final int KEYBLOCK = 208;
  private static final int KEY_OFFSET = 40;
  private static final int STRIPES = 44;

  /** A LUKS1 volume, 256-bit key: payload at sector 4096, keyslot i at 8 + 256 i, 250 sectors each. */
  private static SparseMedia luks1() {
    SparseMedia disk = new SparseMedia("disk", 3L << 20, SectorSize.S512);
    Luks.format(disk, PASSPHRASE, LuksFormatOptions.fastForTests().toBuilder().luks1().keyBits(256).build()).close();
    return disk;
  }

  private static void editLuks1(SparseMedia disk, Consumer<ByteBuffer> change) {
    byte[] first = DeviceBytes.read(disk, 0, 4096);
    change.accept(ByteBuffer.wrap(first));
    DeviceBytes.write(disk, 0, first);
  }

  static Stream<Arguments> invalidInactiveKeyslots() {
    return Stream.of(
        Arguments.of("over the payload", 1, (Consumer<ByteBuffer>) b -> b.putInt(KEYBLOCK + 48 + KEY_OFFSET, 3847)),
        Arguments.of("over the header", 5, (Consumer<ByteBuffer>) b -> b.putInt(KEYBLOCK + 5 * 48 + KEY_OFFSET, 1)),
        Arguments.of("over keyslot 0", 0, (Consumer<ByteBuffer>) b -> b.putInt(KEYBLOCK + 2 * 48 + KEY_OFFSET, 100)),
        Arguments.of("beyond any device", 7, (Consumer<ByteBuffer>) b -> b.putInt(KEYBLOCK + 7 * 48 + KEY_OFFSET, -2)),
        Arguments.of("stripes 0", 3, (Consumer<ByteBuffer>) b -> b.putInt(KEYBLOCK + 3 * 48 + STRIPES, 0)));
  }

  @ParameterizedTest(name = "inactive keyslot {0}")
  @MethodSource("invalidInactiveKeyslots")
  void luks1_invalidInactiveKeyslot_refusedAsCryptsetupDoes(String name, int slot, Consumer<ByteBuffer> change) {
    SparseMedia disk = luks1();
    editLuks1(disk, change);
    assertThatThrownBy(() -> Luks.inspect(disk, disk)).isInstanceOf(MalformedHeaderException.class)
        .hasMessageContaining("LUKS keyslot " + slot + " is invalid");
  }

  @Test
  void luks1_detachedHeader_inactiveKeyslotPastTheHeaderDevice_refused() {
    SparseMedia header = new SparseMedia("hdr", 2L << 20, SectorSize.S512);
    SparseMedia data = new SparseMedia("data", 1L << 20, SectorSize.S512);
    Luks.formatDetached(header, data, PASSPHRASE, LuksFormatOptions.fastForTests().toBuilder().luks1().keyBits(256).build()).close();
    editLuks1(header, b -> b.putInt(KEYBLOCK + 6 * 48 + KEY_OFFSET, 4000));
    assertThatThrownBy(() -> Luks.inspect(header, data)).isInstanceOf(MalformedHeaderException.class)
        .hasMessageContaining("LUKS keyslot 6 is invalid").hasMessageContaining("header device");
  }

  @Test
  void luks1_addKeyslot_inactiveSlotCraftedOverThePayload_refusedAndPayloadUntouched() throws Exception {
    SparseMedia disk = luks1();
    byte[] plain = new byte[4096];
    Arrays.fill(plain, (byte) 0x77);
    try (LuksVolume v = Luks.open(disk, PASSPHRASE)) {
      v.write(Ledger.VCPU, 0, plain);
      // the header: inactive slot 1 at sector 3847, 250 sectors reaching into the payload
      editLuks1(disk, b -> b.putInt(KEYBLOCK + 48 + KEY_OFFSET, 3847));
      byte[] before = DeviceBytes.read(disk, 2L << 20, 1 << 20);
      assertThatThrownBy(() -> v.addKeyslot(NEW, LuksKdf.pbkdf2(1000)))
          .isInstanceOf(MalformedHeaderException.class).hasMessageContaining("LUKS keyslot 1 is invalid");
      assertThat(DeviceBytes.read(disk, 2L << 20, 1 << 20)).as("payload after the refused addKeyslot").isEqualTo(before);
    }
    editLuks1(disk, b -> b.putInt(KEYBLOCK + 48 + KEY_OFFSET, 8 + 256));
    try (LuksVolume v = Luks.open(disk, PASSPHRASE)) {
      assertThat(v.read(Ledger.VCPU, 0, plain.length)).isEqualTo(plain);
    }
  }

  @Test
  void luks1_addKeyslot_usesTheValidatedSlotAndOpens() throws Exception {
    SparseMedia disk = luks1();
    try (LuksVolume v = Luks.open(disk, PASSPHRASE)) {
      assertThat(v.addKeyslot(NEW, LuksKdf.pbkdf2(1000))).isEqualTo(1);
    }
    Luks.open(disk, NEW).close();
    Luks.open(disk, PASSPHRASE).close();
  }

  @Test
  void luks2_addKeyslot_takesTheFirstGapBetweenAreas() throws Exception {
    SparseMedia disk = new SparseMedia("disk", 17L << 20, SectorSize.S512);
    Luks.format(disk, PASSPHRASE, LuksFormatOptions.fastForTests()).close();
    // keyslot 0's area moved up, leaving a gap at the start of the keyslots area
    byte[] material = DeviceBytes.read(disk, 32768, 258048);
    DeviceBytes.write(disk, 1 << 20, material);
    for (long offset : HeaderSurgery.BOTH) {
      HeaderSurgery.json(disk, offset, j -> j.with("keyslots").with("0").with("area").put("offset", "1048576"));
    }
    try (LuksVolume v = Luks.open(disk, PASSPHRASE)) {
      assertThat(v.addKeyslot(NEW, LuksKdf.pbkdf2(1000))).isEqualTo(1);
    }
    ObjectNode json = Luks2Header.read(disk).json;
    assertThat(json.at("/keyslots/1/area/offset").asText()).isEqualTo("32768");
    Luks.open(disk, NEW).close();
    Luks.open(disk, PASSPHRASE).close();
  }

  @Test
  void luks2_addKeyslot_noFreeArea_refusedAndNothingWritten() throws Exception {
    SparseMedia disk = new SparseMedia("disk", 17L << 20, SectorSize.S512);
    Luks.format(disk, PASSPHRASE, LuksFormatOptions.fastForTests()).close();
    // a keyslots area just large enough for keyslot 0
    for (long offset : HeaderSurgery.BOTH) {
      HeaderSurgery.json(disk, offset, j -> j.with("config").put("keyslots_size", "258048"));
    }
    byte[] before = DeviceBytes.read(disk, 0, 1 << 20);
    try (LuksVolume v = Luks.open(disk, PASSPHRASE)) {
      assertThatThrownBy(() -> v.addKeyslot(NEW, LuksKdf.pbkdf2(1000))).isInstanceOf(LuksException.class)
          .hasMessageContaining("no room left in the keyslots area");
    }
    assertThat(DeviceBytes.read(disk, 0, 1 << 20)).isEqualTo(before);
  }
}
