package io.diskcrypt.core.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.media.SparseMedia;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeviceBytesTest {
  private final SparseMedia media = new SparseMedia("m", 8 * 512, SectorSize.S512);

  @Test
  void unalignedWrite_keepsTheOtherBytesOfItsSectors() {
    byte[] ones = new byte[1024];
    Arrays.fill(ones, (byte) 1);
    media.write(0, ones);

    DeviceBytes.write(media, 500, new byte[] {7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21});

    byte[] all = new byte[1024];
    media.read(0, all);
    assertThat(all[499]).isEqualTo((byte) 1);
    assertThat(Arrays.copyOfRange(all, 500, 515)).containsExactly(7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21);
    assertThat(all[515]).isEqualTo((byte) 1);
    assertThat(DeviceBytes.read(media, 510, 4)).containsExactly(17, 18, 19, 20);
  }

  @Test
  void emptyRange_isANoOp() {
    DeviceBytes.write(media, 4096, new byte[0]);
    assertThat(DeviceBytes.read(media, 4096, 0)).isEmpty();
    assertThat(media.sectorsHeld()).isZero();
  }

  @Test
  void rangeBeyondTheDevice_isRefusedNamingIt() {
    assertThatThrownBy(() -> DeviceBytes.write(media, 4000, new byte[100]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4000, 4100)").hasMessageContaining("4096");
    assertThatThrownBy(() -> DeviceBytes.read(media, -1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(media.sectorsHeld()).isZero();
  }

  @Test
  void rangeNearLongMax_isRefusedWithoutOverflowNamingTheRealRange() {
    long offset = Long.MAX_VALUE - 10;
    assertThatThrownBy(() -> DeviceBytes.read(media, offset, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[" + offset + ", " + offset + " + 100)").hasMessageContaining("4096 bytes");
    assertThatThrownBy(() -> DeviceBytes.write(media, offset, new byte[100]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(offset + " + 100");
    assertThatThrownBy(() -> DeviceBytes.read(media, 4097, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4097, 4097)");
    assertThat(media.sectorsHeld()).isZero();
  }
}
