package io.diskcrypt.ade.bitlocker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BekFileTest {
  private final BekFile bek = BekFile.generate(UUID.fromString("12345678-9abc-def0-1234-56789abcdef0"),
      Instant.parse("2025-01-02T03:04:05Z"));

  @Test
  void parse_toBytes_roundTripsGuidKeyAndTime() throws Exception {
    BekFile back = BekFile.parse(bek.toBytes());

    assertThat(back.guid()).isEqualTo(bek.guid());
    assertThat(back.created()).isEqualTo(bek.created());
    assertThat(back.copyKey()).isEqualTo(bek.copyKey());
  }

  @Test
  void toBytes_layout_isTheBekFileFormat() {
    byte[] file = bek.toBytes();

    assertThat(Le.u32(file, 0)).isEqualTo(file.length);
    assertThat(Le.u32(file, 4)).isEqualTo(1);
    assertThat(Le.u32(file, 8)).isEqualTo(48);
    // GUIDs are stored with their first three fields little-endian.
    assertThat(Arrays.copyOfRange(file, 16, 24)).containsExactly(0x78, 0x56, 0x34, 0x12, 0xbc, 0x9a, 0xf0, 0xde);
    assertThat(Le.u16(file, 48 + 2)).as("entry type: startup key").isEqualTo(0x0006);
    assertThat(Le.u16(file, 48 + 4)).as("value type: external key").isEqualTo(0x0009);
  }

  @Test
  void parse_brokenFields_areRefusedNamingThem() {
    assertRefused(Arrays.copyOf(bek.toBytes(), 40), "BEK file is 40 bytes");
    assertRefused(with(f -> Le.put32(f, 0, 7)), "BEK header size field is 7");
    assertRefused(with(f -> Le.put32(f, 4, 2)), "BEK header version is 2");
    assertRefused(with(f -> Le.put32(f, 8, 40)), "BEK header header-size is 40");
    assertRefused(with(f -> Le.put16(f, 48 + 2, 0x0002)), "no startup key entry");
    assertRefused(with(f -> f[48 + 8] ^= 1), "differs from the header GUID");
    assertRefused(with(f -> Le.put16(f, 48, 3)), "below the 8-byte datum header");
  }

  @Test
  void destroy_wipesTheKey() {
    BekFile copy = BekFile.generate(UUID.randomUUID(), Instant.now());
    copy.destroy();

    assertThat(copy.isDestroyed()).isTrue();
    assertThatThrownBy(copy::toBytes).isInstanceOf(IllegalStateException.class);
    assertThat(copy.toString()).contains("destroyed");
  }

  private byte[] with(java.util.function.Consumer<byte[]> edit) {
    byte[] file = bek.toBytes();
    edit.accept(file);
    return file;
  }

  private static void assertRefused(byte[] file, String expected) {
    assertThatThrownBy(() -> BekFile.parse(file)).isInstanceOf(BitLockerFormatException.class).hasMessageContaining(expected);
  }
}
