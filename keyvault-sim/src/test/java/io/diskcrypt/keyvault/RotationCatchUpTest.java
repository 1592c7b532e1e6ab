package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.time.SimClock;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A rotation policy's catch-up over a long clock move (issue 21): cheap, off the vault's lock, and
 * capped in a documented way. A key-pair source that counts (and can stall) the generations shows what
 * the catch-up costs without timing anything.
 */
@Tag("reliability")
class RotationCatchUpTest {
  private static final Duration WEEK = Duration.ofDays(7);

  /** Counts generations; the generation numbered {@code stallAt} waits until released. */
  private static final class CountingSource implements KeyPairSource {
    final AtomicInteger generated = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile int stallAt = -1;

    @Override
    public KeyPair generate(KeySpec spec) {
      if (generated.incrementAndGet() == stallAt) {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return KeyPairSource.JDK.generate(spec);
    }
  }

  private final CountingSource source = new CountingSource();
  private final SimClock clock = new SimClock();
  private final KeyVaultService service = new KeyVaultService(clock, source);
  private final KeyVault vault = TestVaults.vault(service, "catchup-kv");

  @Test
  void aYearOfWeeklyRotation_generatesOneKeyPairNotFiftyTwo_oldVersionsStillWork() throws Exception {
    KeyBundle first = vault.createKey(ADMIN, "kek", KeySpec.rsa(2048));
    vault.setRotationPolicy(ADMIN, "kek", RotationPolicy.rotateAfterCreate(WEEK));
    assertThat(source.generated).hasValue(1);

    clock.advance(Duration.ofDays(365));

    List<VaultItem> versions = vault.keys().listVersions(ADMIN, "kek");
    assertThat(versions).hasSize(53);
    assertThat(source.generated).as("one key pair for the version that is current now").hasValue(2);
    VaultItem middle = versions.get(26);
    assertThat(middle.attributes().created()).isEqualTo(first.attributes().created().plus(WEEK.multipliedBy(26)));
    byte[] wrapped = vault.wrapKey(ADMIN, middle.objectId(), KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]).value();
    assertThat(vault.unwrapKey(ADMIN, middle.objectId(), KeyWrapAlgorithm.RSA_OAEP_256, wrapped).value())
        .isEqualTo(new byte[32]);
    assertThat(source.generated).as("a version made by the catch-up gets its key pair when first used").hasValue(3);
  }

  @Test
  @Timeout(60)
  void catchUpKeyGeneration_runsOffTheVaultLock_otherCallsProceed() throws Exception {
    vault.createKey(ADMIN, "kek", KeySpec.ec(KeyCurve.P_256));
    vault.createKey(ADMIN, "other", KeySpec.ec(KeyCurve.P_256));
    vault.setRotationPolicy(ADMIN, "kek", RotationPolicy.rotateAfterCreate(Duration.ofDays(30)));
    source.stallAt = source.generated.get() + 1;

    CompletableFuture<Void> move = CompletableFuture.runAsync(() -> clock.advance(Duration.ofDays(365)));
    try {
      assertThat(source.entered.await(30, TimeUnit.SECONDS)).as("the catch-up generates a key pair").isTrue();

      // The clock thread is inside a key generation: the vault must still answer.
      CompletableFuture<KeyBundle> read = CompletableFuture.supplyAsync(() -> {
        try {
          return vault.keys().get(ADMIN, "other");
        } catch (KeyVaultException e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(read.get(20, TimeUnit.SECONDS).name()).isEqualTo("other");
    } finally {
      source.release.countDown();
    }
    move.get(20, TimeUnit.SECONDS);
    assertThat(vault.keys().listVersions(ADMIN, "kek")).hasSize(13);
  }

  @Test
  void moveBeyondTheCap_keepsTheLatestRotationsAndAuditsWhatItSkipped() throws Exception {
    Instant t0 = vault.createKey(ADMIN, "kek", KeySpec.ec(KeyCurve.P_256)).attributes().created();
    vault.setRotationPolicy(ADMIN, "kek", RotationPolicy.rotateAfterCreate(WEEK));
    int due = 1428; // weekly rotations in 10,000 days
    int skipped = due - RotationPolicy.MAX_ROTATIONS_PER_CLOCK_MOVE;

    clock.advance(Duration.ofDays(10_000));

    List<VaultItem> versions = vault.keys().listVersions(ADMIN, "kek");
    assertThat(versions).hasSize(1 + RotationPolicy.MAX_ROTATIONS_PER_CLOCK_MOVE);
    assertThat(versions.get(1).attributes().created()).isEqualTo(t0.plus(WEEK.multipliedBy(skipped + 1)));
    assertThat(vault.keys().get(ADMIN, "kek").attributes().created())
        .as("the current version is the one last due, as without the cap").isEqualTo(t0.plus(WEEK.multipliedBy(due)));
    assertThat(vault.auditLog()).filteredOn(e -> e.operation().equals(RotationPolicy.ROTATIONS_SKIPPED))
        .singleElement().satisfies(e -> {
          assertThat(e.caller()).isEqualTo(Identity.KEY_VAULT_SERVICE);
          assertThat(e.objectId()).isEqualTo("https://catchup-kv.vault.azure.net/keys/kek");
          assertThat(e.outcome()).contains("skipped " + skipped + " rotations").contains("at most 1000");
        });

    clock.advance(WEEK);
    assertThat(vault.keys().listVersions(ADMIN, "kek")).as("the policy carries on from there")
        .hasSize(2 + RotationPolicy.MAX_ROTATIONS_PER_CLOCK_MOVE);
  }
}
