package io.diskcrypt.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Engine discovery: the default first, the optional engines where their libraries load. */
class XtsEnginesTest {

  @Test
  void available_defaultFirst_isJava() {
    assertThat(XtsEngines.available().get(0)).isSameAs(XtsEngines.defaultEngine());
    assertThat(XtsEngines.defaultEngine().name()).isEqualTo("java");
  }

  @Test
  void available_bouncyCastleOnClasspath_listsBouncyCastle() {
    List<String> names = XtsEngines.available().stream().map(XtsEngine::name).toList();
    assertThat(names).contains("bouncycastle");
  }

  @Test
  void available_accpLoads_listsAccp() {
    XtsReferences.requireAccp();
    List<String> names = XtsEngines.available().stream().map(XtsEngine::name).toList();
    assertThat(names).contains("accp");
    assertThat(XtsEngines.byName("accp").supports(XtsParameters.AES_256_XTS_512)).isTrue();
  }

  @Test
  void byName_unknown_refusesListingTheAvailable() {
    assertThatThrownBy(() -> XtsEngines.byName("rot13"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rot13")
        .hasMessageContaining("java");
  }

  @Test
  void accp_256BitKey_notSupportedAndRefused() {
    XtsReferences.requireAccp();
    XtsEngine accp = XtsEngines.byName("accp");
    XtsParameters parameters = new XtsParameters(256, XtsParameters.AES_256_XTS_512.sectorSize(), TweakUnit.BYTES_512);
    assertThat(accp.supports(parameters)).isFalse();
    try (SecretKeyMaterial key = SecretKeyMaterial.random(32)) {
      assertThatThrownBy(() -> accp.newCipher(parameters, key))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("512-bit");
    }
  }
}
