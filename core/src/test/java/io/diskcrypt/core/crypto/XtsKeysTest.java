package io.diskcrypt.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.SectorSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fresh keys {@link XtsKeys#random} makes: right length, distinct halves, accepted by the check. */
class XtsKeysTest {

  @ParameterizedTest
  @ValueSource(ints = {256, 512})
  void random_xtsKeySize_passesCheck(int bits) {
    XtsParameters parameters = new XtsParameters(bits, SectorSize.S512, TweakUnit.BYTES_512);
    try (SecretKeyMaterial key = XtsKeys.random(bits / 8)) {
      assertThat(key.length()).isEqualTo(bits / 8);
      XtsKeys.check(parameters, key);
    }
  }

  @Test
  void random_twice_differs() {
    try (SecretKeyMaterial a = XtsKeys.random(64); SecretKeyMaterial b = XtsKeys.random(64)) {
      assertThat(a.equalsInConstantTime(b)).isFalse();
    }
  }

  @Test
  void random_emptyKey_refused() {
    assertThatThrownBy(() -> XtsKeys.random(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }
}
