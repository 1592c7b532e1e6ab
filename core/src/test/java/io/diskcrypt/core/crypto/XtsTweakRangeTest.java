package io.diskcrypt.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.SectorSize;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plain64 tweak is a 64-bit count: with 4096-byte sectors counted in 512-byte units, sector
 * {@code 2^61} would have tweak {@code 2^64}, which wraps to sector 0's. Every engine refuses it.
 */
class XtsTweakRangeTest {
  private static final XtsParameters LUKS_4K = new XtsParameters(512, SectorSize.S4096, TweakUnit.BYTES_512);

  static Iterable<XtsEngine> engines() {
    return XtsEngines.available().stream().filter(e -> e.supports(LUKS_4K)).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void sectorWhoseTweakWouldWrap_isRefused_andTheLastOneStillWorks(XtsEngine engine) {
    assertThat(LUKS_4K.lastSector()).isEqualTo((1L << 61) - 1);
    byte[] sector = new byte[4096];
    try (SecretKeyMaterial key = XtsKeys.random(LUKS_4K.keyBytes()); SectorCipher cipher = engine.newCipher(LUKS_4K, key)) {
      assertThatThrownBy(() -> cipher.encrypt(1L << 61, sector, 0, 4096))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(Long.toString(1L << 61)).hasMessageContaining(Long.toString((1L << 61) - 1));
      assertThatThrownBy(() -> cipher.encrypt((1L << 61) - 1, new byte[8192], 0, 8192))
          .as("a call whose last sector is past the range").isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> cipher.decrypt(-1, sector, 0, 4096)).isInstanceOf(IllegalArgumentException.class);

      byte[] last = new byte[4096];
      byte[] first = new byte[4096];
      cipher.encrypt((1L << 61) - 1, last, 0, 4096);
      cipher.encrypt(0, first, 0, 4096);
      assertThat(Arrays.equals(last, first)).isFalse();
    }
    assertThat(new XtsParameters(512, SectorSize.S4096, TweakUnit.SECTOR).lastSector()).isEqualTo(Long.MAX_VALUE);
    assertThat(XtsParameters.AES_256_XTS_512.lastSector()).isEqualTo(Long.MAX_VALUE);
  }
}
