package io.diskcrypt.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.testing.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every available engine against independent XTS implementations over thousands of seeded random
 * sectors: ACCP (AWS-LC) for 512-bit keys, Python cryptography (OpenSSL) for 256- and 512-bit keys.
 * Each group of calls shares one cipher, which also decrypts what it encrypted.
 */
class XtsDifferentialTest {
  private static final int GROUPS = 60;
  private static final int CALLS_PER_GROUP = 40;

  static Stream<XtsEngine> enginesFor512() {
    return XtsEngines.available().stream().filter(e -> e.supports(XtsParameters.AES_256_XTS_512));
  }

  static Stream<Arguments> enginesAndKeySizes() {
    List<Arguments> arguments = new ArrayList<>();
    for (XtsEngine engine : XtsEngines.available()) {
      for (int keyBits : new int[] {256, 512}) {
        if (engine.supports(new XtsParameters(keyBits, XtsParameters.AES_256_XTS_512.sectorSize(),
            TweakUnit.BYTES_512))) {
          arguments.add(Arguments.of(engine, keyBits));
        }
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("enginesFor512")
  void encryptAndDecrypt_randomSectors_matchAccp(XtsEngine engine) throws Exception {
    XtsReferences.requireAccp();
    long seed = Seeds.base() ^ engine.name().hashCode();
    int sectors = 0;
    for (XtsWorkload.Group group : XtsWorkload.groups(Seeds.random(seed), 512, GROUPS, CALLS_PER_GROUP)) {
      try (SecretKeyMaterial key = SecretKeyMaterial.copyOf(group.key());
          SectorCipher cipher = engine.newCipher(group.parameters(), key)) {
        for (XtsWorkload.Call call : group.calls()) {
          byte[] ciphertext = XtsWorkload.encrypt(cipher, call);
          int bytes = group.parameters().sectorSize().bytes();
          for (int i = 0; i < call.plaintext().length / bytes; i++, sectors++) {
            byte[] expected = XtsReferences.accpEncrypt(XtsWorkload.unit(group, call, i));
            assertThat(Arrays.copyOfRange(ciphertext, i * bytes, (i + 1) * bytes))
                .as("seed %d, %s, %s, sector %d", seed, engine.name(), group.parameters(), call.sector() + i)
                .isEqualTo(expected);
          }
          assertThat(XtsWorkload.decrypt(cipher, call, ciphertext))
              .as("seed %d, %s, %s, decrypt sector %d", seed, engine.name(), group.parameters(), call.sector())
              .isEqualTo(call.plaintext());
        }
      }
    }
    assertThat(sectors).isGreaterThan(2000);
  }

  @ParameterizedTest(name = "{0}, {1}-bit key")
  @MethodSource("enginesAndKeySizes")
  void encryptAndDecrypt_randomSectors_matchPythonCryptography(XtsEngine engine, int keyBits) throws Exception {
    Path python = XtsReferences.requirePython();
    long seed = Seeds.base() ^ engine.name().hashCode() ^ keyBits;
    List<XtsWorkload.Group> groups = XtsWorkload.groups(Seeds.random(seed), keyBits, GROUPS, CALLS_PER_GROUP);
    List<XtsReferences.Unit> units = new ArrayList<>();
    List<byte[]> actual = new ArrayList<>();
    List<String> where = new ArrayList<>();
    for (XtsWorkload.Group group : groups) {
      int bytes = group.parameters().sectorSize().bytes();
      try (SecretKeyMaterial key = SecretKeyMaterial.copyOf(group.key());
          SectorCipher cipher = engine.newCipher(group.parameters(), key)) {
        for (XtsWorkload.Call call : group.calls()) {
          byte[] ciphertext = XtsWorkload.encrypt(cipher, call);
          for (int i = 0; i < call.plaintext().length / bytes; i++) {
            units.add(XtsWorkload.unit(group, call, i));
            actual.add(Arrays.copyOfRange(ciphertext, i * bytes, (i + 1) * bytes));
            where.add(group.parameters() + ", sector " + (call.sector() + i));
          }
          assertThat(XtsWorkload.decrypt(cipher, call, ciphertext))
              .as("seed %d, %s, %s, decrypt sector %d", seed, engine.name(), group.parameters(), call.sector())
              .isEqualTo(call.plaintext());
        }
      }
    }
    List<byte[]> expected = XtsReferences.pythonEncrypt(python, units);
    for (int i = 0; i < units.size(); i++) {
      assertThat(actual.get(i)).as("seed %d, %s, %s", seed, engine.name(), where.get(i)).isEqualTo(expected.get(i));
    }
    assertThat(units.size()).isGreaterThan(2000);
  }
}
