package io.diskcrypt.ade.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.media.SparseMedia;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crafted headers with valid checksums that ask for unbounded key-derivation work are refused before
 * any is done, naming the keyslot, the value and the ceiling; a raised ceiling lets them through.
 */
@Tag("reliability")
class LuksKdfLimitsTest {
  private static final byte[] PASSPHRASE = "passphrase".getBytes(StandardCharsets.US_ASCII);

  private static SparseMedia crafted(LuksKdf kdf, Consumer<ObjectNode> change) throws Exception {
    SparseMedia disk = new SparseMedia("disk", 17L << 20, SectorSize.S512);
    Luks.format(disk, PASSPHRASE, LuksFormatOptions.fastForTests().toBuilder().kdf(kdf).build()).close();
    for (long offset : HeaderSurgery.BOTH) {
      HeaderSurgery.json(disk, offset, change);
    }
    return disk;
  }

  private static ObjectNode kdf(ObjectNode json) {
    return json.with("keyslots").with("0").with("kdf");
  }

  static Stream<Arguments> unbounded() {
    LuksKdf argon = LuksKdf.argon2id(4, 1024, 1);
    return Stream.of(
        Arguments.of("pbkdf2 iterations 2^31-1", LuksKdf.pbkdf2(1000),
            (Consumer<ObjectNode>) j -> kdf(j).put("iterations", Integer.MAX_VALUE), "pbkdf2 iterations 2147483647"),
        Arguments.of("argon2id time 2^31-1", argon,
            (Consumer<ObjectNode>) j -> kdf(j).put("time", Integer.MAX_VALUE), "argon2id time 2147483647"),
        Arguments.of("argon2id memory 4 GiB", argon,
            (Consumer<ObjectNode>) j -> kdf(j).put("memory", 4 * 1024 * 1024), "argon2id memory 4194304 KiB"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unbounded")
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void keyslotAboveTheCeiling_refusedNamingIt(String name, LuksKdf kdf, Consumer<ObjectNode> change, String said)
      throws Exception {
    SparseMedia disk = crafted(kdf, change);
    assertThat(Luks.inspect(disk, disk).keyslots()).containsOnlyKeys(0);
    assertThatThrownBy(() -> Luks.open(disk, PASSPHRASE)).isInstanceOf(LuksException.class)
        .isNotInstanceOf(WrongPassphraseException.class)
        .hasMessageContaining("keyslot 0: " + said).hasMessageContaining("exceed").hasMessageContaining("--max-kdf-");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void digestAboveTheCeiling_refused() throws Exception {
    SparseMedia disk = crafted(LuksKdf.pbkdf2(1000), j -> j.with("digests").with("0").put("iterations", Integer.MAX_VALUE));
    assertThatThrownBy(() -> Luks.open(disk, PASSPHRASE)).isInstanceOf(LuksException.class)
        .hasMessageContaining("digest iterations 2147483647 exceed the ceiling 10000000");
  }

  @Test
  void raisedCeiling_opensWhatTheLowerOneRefuses() throws Exception {
    SparseMedia disk = crafted(LuksKdf.pbkdf2(20_000), j -> { });
    LuksKdfLimits low = new LuksKdfLimits(10_000, 64, 1 << 20);
    assertThatThrownBy(() -> Luks.open(disk, PASSPHRASE, low)).isInstanceOf(LuksException.class)
        .hasMessageContaining("pbkdf2 iterations 20000 exceed the ceiling 10000");
    Luks.open(disk, PASSPHRASE, new LuksKdfLimits(20_000, 64, 1 << 20)).close();
  }

  @Test
  void anotherKeyslotWithinTheCeiling_stillOpens() throws Exception {
    SparseMedia disk = new SparseMedia("disk", 17L << 20, SectorSize.S512);
    byte[] second = "second".getBytes(StandardCharsets.US_ASCII);
    try (LuksVolume v = Luks.format(disk, PASSPHRASE, LuksFormatOptions.fastForTests())) {
      v.addKeyslot(second, LuksKdf.pbkdf2(1000));
    }
    for (long offset : HeaderSurgery.BOTH) {
      HeaderSurgery.json(disk, offset, j -> kdf(j).put("iterations", Integer.MAX_VALUE));
    }
    Luks.open(disk, second).close();
    assertThatThrownBy(() -> Luks.open(disk, PASSPHRASE)).isInstanceOf(WrongPassphraseException.class)
        .hasMessageContaining("tried keyslots [1]").hasMessageContaining("keyslot 0: pbkdf2 iterations");
  }

  @Test
  void limitsBelowTheFormatsMinimum_refused() {
    assertThatThrownBy(() -> new LuksKdfLimits(999, 64, 1024)).hasMessageContaining("maxIterations 999");
    assertThatThrownBy(() -> new LuksKdfLimits(1000, 3, 1024)).hasMessageContaining("maxArgon2Time 3");
    assertThatThrownBy(() -> new LuksKdfLimits(1000, 4, 31)).hasMessageContaining("maxArgon2MemoryKiB 31");
  }
}
