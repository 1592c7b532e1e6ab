package io.diskcrypt.core.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.media.SparseMedia;
import org.junit.jupiter.api.Test;

class SectorsTest {
  private final SparseMedia media = new SparseMedia("m", 8 * 512, SectorSize.S512);

  @Test
  void sectorSize_unsupported_namesValueAndAllowed() {
    assertThatThrownBy(() -> SectorSize.ofBytes(1024))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024").hasMessageContaining("512 and 4096");
    assertThat(SectorSize.ofBytes(4096)).isEqualTo(SectorSize.S4096);
  }

  @Test
  void outOfRangeSector_namesSectorAndRange() {
    assertThatThrownBy(() -> media.read(8, new byte[512]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[8, 9)").hasMessageContaining("[0, 8)");
    assertThatThrownBy(() -> media.write(-1, new byte[512]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> media.write(7, new byte[1024]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[7, 9)");
  }

  @Test
  void partialSector_refusedBeforeAnyWrite() {
    assertThatThrownBy(() -> media.write(0, new byte[700]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("700").hasMessageContaining("512-byte");
    assertThat(media.sectorsHeld()).isZero();
  }

  @Test
  void bufferRange_mustFit() {
    assertThatThrownBy(() -> media.read(0, new byte[512], 1, 512))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
  }

  @Test
  void deviceSize_mustBeWholeSectors() {
    assertThatThrownBy(() -> new SparseMedia("m", 1000, SectorSize.S512))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000");
  }

  @Test
  void unwrittenSectors_readAsZeros() {
    byte[] buffer = new byte[1024];
    java.util.Arrays.fill(buffer, (byte) 7);
    media.read(2, buffer);
    assertThat(buffer).containsOnly(0);
  }

  @Test
  void sizeHelpers_refuseWhatDoesNotFitALong() {
    assertThat(Sectors.gib(1)).isEqualTo(1L << 30);
    assertThat(Sectors.gib(Long.MAX_VALUE >> 30)).isEqualTo((Long.MAX_VALUE >> 30) << 30);
    assertThat(Sectors.mib(3)).isEqualTo(3L << 20);
    assertThatThrownBy(() -> Sectors.gib(1L << 40))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Long.toString(1L << 40)).hasMessageContaining("GiB");
    assertThatThrownBy(() -> Sectors.gib(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sectors.mib(1L << 44)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MiB");
  }
}
