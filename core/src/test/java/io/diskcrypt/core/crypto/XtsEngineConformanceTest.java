package io.diskcrypt.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.testing.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same checks for every available engine: the IEEE 1619 vectors with 512-byte data units,
 * multi-sector calls equal to one call per sector, tamper locality, and every refusal.
 */
class XtsEngineConformanceTest {
  private static final HexFormat HEX = HexFormat.of();

  static List<XtsEngine> engines() {
    return XtsEngines.available();
  }

  static Stream<Arguments> enginesAndVectors() throws Exception {
    List<Arguments> arguments = new ArrayList<>();
    for (XtsEngine engine : engines()) {
      for (XtsKnownAnswerTest.Vector v : XtsKnownAnswerTest.vectors()) {
        if (v.plaintext().length == 512 && engine.supports(parametersOf(v))) {
          arguments.add(Arguments.of(engine, v));
        }
      }
    }
    return arguments.stream();
  }

  private static XtsParameters parametersOf(XtsKnownAnswerTest.Vector v) {
    return new XtsParameters(v.keyBits(), SectorSize.S512, TweakUnit.SECTOR);
  }

  private static XtsParameters supported(XtsEngine engine, SectorSize size) {
    XtsParameters p256 = new XtsParameters(256, size, TweakUnit.BYTES_512);
    return engine.supports(p256) ? p256 : new XtsParameters(512, size, TweakUnit.BYTES_512);
  }

  private static SecretKeyMaterial randomKey(XtsParameters parameters, SplittableRandom random) {
    byte[] bytes = new byte[parameters.keyBytes()];
    random.nextBytes(bytes);
    return SecretKeyMaterial.copyOf(bytes);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("enginesAndVectors")
  void encryptDecrypt_ieee1619Vector_matches(XtsEngine engine, XtsKnownAnswerTest.Vector v) {
    try (SecretKeyMaterial key = SecretKeyMaterial.copyOf(v.key());
        SectorCipher cipher = engine.newCipher(parametersOf(v), key)) {
      byte[] buffer = v.plaintext().clone();
      cipher.encrypt(v.unitNumber(), buffer, 0, buffer.length);
      assertThat(HEX.formatHex(buffer)).isEqualTo(HEX.formatHex(v.ciphertext()));
      cipher.decrypt(v.unitNumber(), buffer, 0, buffer.length);
      assertThat(HEX.formatHex(buffer)).isEqualTo(HEX.formatHex(v.plaintext()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void encrypt_manySectorsInOneCall_equalsOneCallPerSector(XtsEngine engine) {
    long seed = Seeds.base() + 1;
    SplittableRandom random = Seeds.random(seed);
    for (SectorSize size : SectorSize.values()) {
      XtsParameters parameters = supported(engine, size);
      int sectors = 3 * JavaXtsCipher.BATCH_BYTES / size.bytes() + 3; // more than three batches
      byte[] plaintext = new byte[sectors * size.bytes()];
      random.nextBytes(plaintext);
      long first = (1L << 32) - 5;
      try (SecretKeyMaterial key = randomKey(parameters, random);
          SectorCipher whole = engine.newCipher(parameters, key);
          SectorCipher single = engine.newCipher(parameters, key)) {
        byte[] together = plaintext.clone();
        whole.encrypt(first, together, 0, together.length);
        byte[] oneByOne = plaintext.clone();
        for (int s = 0; s < sectors; s++) {
          single.encrypt(first + s, oneByOne, s * size.bytes(), size.bytes());
        }
        assertThat(together).as("seed %d, %s", seed, parameters).isEqualTo(oneByOne);
        for (int s = sectors - 1; s >= 0; s--) { // decrypt backwards: no state may leak between calls
          whole.decrypt(first + s, together, s * size.bytes(), size.bytes());
        }
        assertThat(together).as("seed %d, %s", seed, parameters).isEqualTo(plaintext);
        single.decrypt(first, oneByOne, 0, oneByOne.length);
        assertThat(oneByOne).as("seed %d, %s", seed, parameters).isEqualTo(plaintext);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void encrypt_sameSectorTwice_sameCiphertext(XtsEngine engine) {
    XtsParameters parameters = supported(engine, SectorSize.S512);
    byte[] plaintext = new byte[512];
    Arrays.fill(plaintext, (byte) 0x5A);
    try (SecretKeyMaterial key = randomKey(parameters, Seeds.random(Seeds.base()));
        SectorCipher cipher = engine.newCipher(parameters, key)) {
      byte[] first = new byte[512];
      byte[] second = new byte[512];
      cipher.encrypt(7, plaintext, 0, first, 0, 512);
      cipher.encrypt(7, plaintext, 0, second, 0, 512);
      assertThat(second).isEqualTo(first).isNotEqualTo(plaintext);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void decrypt_oneCiphertextBitFlipped_garblesExactlyThatBlock(XtsEngine engine) {
    long seed = Seeds.base() + 2;
    SplittableRandom random = Seeds.random(seed);
    for (SectorSize size : SectorSize.values()) {
      XtsParameters parameters = supported(engine, size);
      try (SecretKeyMaterial key = randomKey(parameters, random);
          SectorCipher cipher = engine.newCipher(parameters, key)) {
        for (int trial = 0; trial < 20; trial++) {
          byte[] plaintext = new byte[2 * size.bytes()];
          random.nextBytes(plaintext);
          long sector = random.nextLong(1L << 40);
          byte[] buffer = plaintext.clone();
          cipher.encrypt(sector, buffer, 0, buffer.length);
          int bit = random.nextInt(buffer.length * 8);
          buffer[bit / 8] ^= (byte) (1 << (bit % 8));
          cipher.decrypt(sector, buffer, 0, buffer.length);
          int block = bit / 8 / 16;
          for (int b = 0; b < buffer.length / 16; b++) {
            byte[] got = Arrays.copyOfRange(buffer, 16 * b, 16 * b + 16);
            byte[] was = Arrays.copyOfRange(plaintext, 16 * b, 16 * b + 16);
            if (b == block) {
              assertThat(got).as("seed %d, %s, bit %d: the flipped block", seed, parameters, bit).isNotEqualTo(was);
            } else {
              assertThat(got).as("seed %d, %s, bit %d: block %d", seed, parameters, bit, b).isEqualTo(was);
            }
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void newCipher_equalKeyHalves_refusedWithoutKeyBytes(XtsEngine engine) {
    XtsParameters parameters = supported(engine, SectorSize.S512);
    byte[] half = new byte[parameters.keyBytes() / 2];
    for (int i = 0; i < half.length; i++) {
      half[i] = (byte) (0xA0 + i);
    }
    byte[] bytes = new byte[parameters.keyBytes()];
    System.arraycopy(half, 0, bytes, 0, half.length);
    System.arraycopy(half, 0, bytes, half.length, half.length);
    try (SecretKeyMaterial key = SecretKeyMaterial.copyOf(bytes)) {
      assertThatThrownBy(() -> engine.newCipher(parameters, key))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("key1 == key2")
          .satisfies(e -> assertThat(e.getMessage().toLowerCase())
              .doesNotContain(HEX.formatHex(half))
              .doesNotContain(HEX.formatHex(half, 0, 4)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void newCipher_wrongKeySize_refusedNamingSizes(XtsEngine engine) {
    XtsParameters parameters = supported(engine, SectorSize.S512);
    try (SecretKeyMaterial key = SecretKeyMaterial.random(parameters.keyBytes() - 1)) {
      assertThatThrownBy(() -> engine.newCipher(parameters, key))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(((parameters.keyBytes() - 1) * 8) + " bits")
          .hasMessageContaining(parameters.keyBits() + " bits");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void encryptDecrypt_partialSectorOrBadRange_refusedBeforeTouchingData(XtsEngine engine) {
    XtsParameters parameters = supported(engine, SectorSize.S512);
    try (SecretKeyMaterial key = SecretKeyMaterial.random(parameters.keyBytes());
        SectorCipher cipher = engine.newCipher(parameters, key)) {
      byte[] buffer = new byte[1024];
      Arrays.fill(buffer, (byte) 1);
      byte[] untouched = buffer.clone();
      assertThatThrownBy(() -> cipher.encrypt(0, buffer, 0, 500))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("500").hasMessageContaining("512-byte");
      assertThatThrownBy(() -> cipher.decrypt(0, buffer, 0, 0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 0");
      assertThatThrownBy(() -> cipher.encrypt(0, buffer, 600, 512))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[600, 1112)").hasMessageContaining("1024 bytes");
      assertThatThrownBy(() -> cipher.decrypt(0, buffer, -16, 512))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[-16, 496)");
      assertThatThrownBy(() -> cipher.encrypt(0, buffer, 0, new byte[512], 16, 512))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output range [16, 528)");
      assertThat(buffer).isEqualTo(untouched);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void encryptDecrypt_closedCipher_refused(XtsEngine engine) {
    XtsParameters parameters = supported(engine, SectorSize.S512);
    byte[] buffer = new byte[512];
    try (SecretKeyMaterial key = SecretKeyMaterial.random(parameters.keyBytes())) {
      SectorCipher cipher = engine.newCipher(parameters, key);
      cipher.close();
      assertThatThrownBy(() -> cipher.encrypt(0, buffer, 0, 512))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
      assertThatThrownBy(() -> cipher.decrypt(0, buffer, 0, 512))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void newCipher_destroyedKey_refused(XtsEngine engine) {
    XtsParameters parameters = supported(engine, SectorSize.S512);
    SecretKeyMaterial key = SecretKeyMaterial.random(parameters.keyBytes());
    key.destroy();
    assertThatThrownBy(() -> engine.newCipher(parameters, key))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
  }
}
