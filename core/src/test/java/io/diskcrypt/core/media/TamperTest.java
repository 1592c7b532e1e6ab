package io.diskcrypt.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.SectorSize;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TamperTest {
  private final SparseMedia media = new SparseMedia("disk: storage media", 64 * 512, SectorSize.S512);

  private byte[] filled(int value) {
    byte[] sector = new byte[512];
    Arrays.fill(sector, (byte) value);
    return sector;
  }

  @Test
  void flipBitChangesExactlyThatBit() {
    media.write(3, filled(0x0f));
    Tamper.flipBit(media, 3, 8 * 100 + 7);
    byte[] raw = media.readRaw(3).orElseThrow();
    byte[] expected = filled(0x0f);
    expected[100] = (byte) 0x8f;
    assertThat(raw).isEqualTo(expected);
  }

  @Test
  void swapExchangesTwoSectors() {
    media.write(1, filled(1));
    media.write(2, filled(2));
    Tamper.swap(media, 1, 2);
    assertThat(media.readRaw(1)).contains(filled(2));
    assertThat(media.readRaw(2)).contains(filled(1));
  }

  @Test
  void overwritePutsBackOldBytes() {
    media.write(5, filled(1));
    byte[] old = media.readRaw(5).orElseThrow();
    media.write(5, filled(2));
    Tamper.overwrite(media, 5, old);
    assertThat(media.readRaw(5)).contains(filled(1));
  }

  @Test
  void refusesWhatItCannotDo() {
    assertThatThrownBy(() -> Tamper.flipBit(media, 9, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sector 9").hasMessageContaining("holds nothing");
    media.write(9, filled(0));
    assertThatThrownBy(() -> Tamper.flipBit(media, 9, 512 * 8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bit 4096");
    assertThatThrownBy(() -> Tamper.overwrite(media, 9, new byte[511])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("512 bytes, got 511");
    assertThat(media.readRaw(9)).contains(filled(0));
  }

  @Test
  void refusesASurfaceInFlight() {
    Surface link = new Surface() {
      @Override public String name() { return "vm/data0: compute-storage link"; }
      @Override public SurfaceKind kind() { return SurfaceKind.IN_FLIGHT; }
      @Override public SectorSize sectorSize() { return SectorSize.S512; }
      @Override public long sectorsHeld() { return 0; }
      @Override public long[] heldSectors() { return new long[0]; }
      @Override public Optional<byte[]> readRaw(long sector) { return Optional.empty(); }
      @Override public ScanResult scan(byte[] needle) { return new ScanResult(name(), kind(), 0, 0, -1); }
    };
    assertThatThrownBy(() -> Tamper.overwrite(link, 0, new byte[512])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute-storage link cannot be written").hasMessageContaining("IN_FLIGHT");
  }
}
