package io.diskcrypt.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.testing.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every engine over every number of sectors per call from 1 to 40, at both sector sizes, against
 * Python cryptography (OpenSSL): 40 sectors of 512 bytes are 2.5 batches of the default engine, so
 * every way a call can end inside or on a batch boundary is covered, for both tweak units. The calls
 * cycle through four layouts: in place from offset 0, in place from an odd offset, and out of place
 * with either side at offset 0 and the other odd (the default engine has a path for offset 0).
 */
class XtsBatchBoundaryTest {
  private static final int MAX_SECTORS = 40;

  /** Where a call reads and writes: in place or not, and each side's offset. */
  private record Layout(boolean inPlace, int inOffset, int outOffset) {}

  private static final List<Layout> LAYOUTS = List.of(
      new Layout(true, 0, 0), new Layout(true, 13, 13), new Layout(false, 0, 7), new Layout(false, 5, 0));

  static Stream<Arguments> enginesAndKeySizes() {
    List<Arguments> arguments = new ArrayList<>();
    for (XtsEngine engine : XtsEngines.available()) {
      for (int keyBits : new int[] {256, 512}) {
        if (engine.supports(new XtsParameters(keyBits, SectorSize.S512, TweakUnit.BYTES_512))) {
          arguments.add(Arguments.of(engine, keyBits));
        }
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0}, {1}-bit key")
  @MethodSource("enginesAndKeySizes")
  void encryptAndDecrypt_oneToFortySectorsPerCall_matchPythonCryptography(XtsEngine engine, int keyBits)
      throws Exception {
    Path python = XtsReferences.requirePython();
    long seed = Seeds.base() ^ 0xBA7C4L ^ engine.name().hashCode() ^ keyBits;
    SplittableRandom random = Seeds.random(seed);
    List<XtsReferences.Unit> units = new ArrayList<>();
    List<byte[]> actual = new ArrayList<>();
    List<String> where = new ArrayList<>();
    for (SectorSize size : new SectorSize[] {SectorSize.S512, SectorSize.S4096}) {
      for (TweakUnit tweakUnit : TweakUnit.values()) {
        XtsParameters parameters = new XtsParameters(keyBits, size, tweakUnit);
        byte[] key = new byte[keyBits / 8];
        random.nextBytes(key);
        try (SecretKeyMaterial material = SecretKeyMaterial.copyOf(key);
            SectorCipher cipher = engine.newCipher(parameters, material)) {
          for (int sectors = 1; sectors <= MAX_SECTORS; sectors++) {
            Layout layout = LAYOUTS.get(sectors % LAYOUTS.size());
            long first = (1L << 32) - 20 + random.nextLong(40);
            byte[] plaintext = new byte[sectors * size.bytes()];
            random.nextBytes(plaintext);
            String call = String.format("seed %d, %s, %s, %d sectors from %d, %s",
                seed, engine.name(), parameters, sectors, first, layout);
            byte[] ciphertext = run(cipher, true, first, plaintext, layout);
            for (int i = 0; i < sectors; i++) {
              int from = i * size.bytes();
              units.add(new XtsReferences.Unit(key, parameters.tweakOf(first + i),
                  Arrays.copyOfRange(plaintext, from, from + size.bytes())));
              actual.add(Arrays.copyOfRange(ciphertext, from, from + size.bytes()));
              where.add(call + ", sector " + (first + i));
            }
            assertThat(run(cipher, false, first, ciphertext, layout)).as("%s, decrypt", call).isEqualTo(plaintext);
          }
        }
      }
    }
    List<byte[]> expected = XtsReferences.pythonEncrypt(python, units);
    assertThat(expected).hasSameSizeAs(units);
    for (int i = 0; i < units.size(); i++) {
      assertThat(actual.get(i)).as(where.get(i)).isEqualTo(expected.get(i));
    }
  }

  /**
   * One call over {@code input} laid out as {@code layout}, with guard bytes around both ranges that
   * must come back untouched; returns what the call wrote.
   */
  private static byte[] run(SectorCipher cipher, boolean encrypt, long sector, byte[] input, Layout layout) {
    int length = input.length;
    byte[] in = new byte[layout.inOffset() + length + 16];
    Arrays.fill(in, (byte) 0xA5);
    System.arraycopy(input, 0, in, layout.inOffset(), length);
    byte[] out = layout.inPlace() ? in : new byte[layout.outOffset() + length + 16];
    if (!layout.inPlace()) {
      Arrays.fill(out, (byte) 0x5A);
    }
    byte guard = layout.inPlace() ? (byte) 0xA5 : (byte) 0x5A;
    if (encrypt) {
      cipher.encrypt(sector, in, layout.inOffset(), out, layout.outOffset(), length);
    } else {
      cipher.decrypt(sector, in, layout.inOffset(), out, layout.outOffset(), length);
    }
    int end = layout.outOffset() + length;
    for (int i = 0; i < out.length; i++) {
      if (i < layout.outOffset() || i >= end) {
        assertThat(out[i]).as("guard byte %d of the output, %s", i, layout).isEqualTo(guard);
      }
    }
    return Arrays.copyOfRange(out, layout.outOffset(), end);
  }
}
