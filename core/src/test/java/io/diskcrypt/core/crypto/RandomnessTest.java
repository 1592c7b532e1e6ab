package io.diskcrypt.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RandomnessTest {
  private static byte[] draw() {
    byte[] b = new byte[32];
    Randomness.source().nextBytes(b);
    return b;
  }

  @Test
  void theSameSeedGivesTheSameKeysAndIds() {
    byte[] first = Randomness.repeatable(1, () -> SecretKeyMaterial.random(64).copyBytes());
    byte[] second = Randomness.repeatable(1, () -> SecretKeyMaterial.random(64).copyBytes());
    assertThat(first).isEqualTo(second);
    assertThat(Randomness.repeatable(1, Randomness::uuid)).isEqualTo(Randomness.repeatable(1, Randomness::uuid));
  }

  @Test
  void otherSeedsAndNoSeedDiffer() {
    byte[] one = Randomness.repeatable(1, RandomnessTest::draw);
    assertThat(Randomness.repeatable(2, RandomnessTest::draw)).isNotEqualTo(one);
    assertThat(draw()).isNotEqualTo(one);
    assertThat(Randomness.source()).isNotSameAs(Randomness.repeatable(1, Randomness::source));
  }

  @Test
  void nestedCallsRestoreTheOuterSource() {
    byte[][] seen = Randomness.repeatable(7, () -> {
      byte[] before = draw();
      Randomness.repeatable(8, RandomnessTest::draw);
      return new byte[][] {before, draw()};
    });
    byte[][] alone = Randomness.repeatable(7, () -> new byte[][] {draw(), draw()});
    assertThat(seen[0]).isEqualTo(alone[0]);
    assertThat(seen[1]).isEqualTo(alone[1]);
  }

  @Test
  void scopesOfOneSeededSource_drawOnWhereTheLastStopped_andRestoreTheSourceBefore() {
    java.security.SecureRandom stream = Randomness.seeded(3);
    byte[] first;
    byte[] second;
    try (Randomness.Scope scope = Randomness.use(stream)) {
      first = draw();
    }
    assertThat(Randomness.source()).isNotSameAs(stream);
    try (Randomness.Scope scope = Randomness.use(stream)) {
      second = draw();
    }
    byte[][] together = Randomness.repeatable(3, () -> new byte[][] {draw(), draw()});
    assertThat(first).isEqualTo(together[0]);
    assertThat(second).isEqualTo(together[1]);
    Randomness.repeatable(4, () -> {
      java.security.SecureRandom outer = Randomness.source();
      try (Randomness.Scope inner = Randomness.use(Randomness.seeded(5))) {
        assertThat(Randomness.source()).isNotSameAs(outer);
      }
      assertThat(Randomness.source()).isSameAs(outer);
      return null;
    });
  }

  @Test
  void uuidsAreVersion4() {
    UUID id = Randomness.uuid();
    assertThat(id.version()).isEqualTo(4);
    assertThat(id.variant()).isEqualTo(2);
  }
}
