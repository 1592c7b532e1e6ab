package io.diskcrypt.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.compare.Cell;
import io.diskcrypt.compare.Column;
import io.diskcrypt.compare.Row;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each attacker's findings against the audit's evidence for the same option, measured on another
 * simulated VM: a reader sees plaintext exactly where the audit found the surface unencrypted, and a
 * tamperer's result follows from whether the audit found ciphertext at rest.
 */
class AttacksTest {
  static List<String> options() {
    return Observed.options();
  }

  private static AttackResult result(String option, Attacker attacker) {
    return Observed.attacks(option).stream().filter(r -> r.attacker() == attacker).findFirst()
        .orElseThrow(() -> new AssertionError(option + ": no " + attacker.id()));
  }

  private static void readerMatchesAudit(String option, Attacker attacker, Column column) {
    Cell cell = Observed.audit(option).cell(column);
    assertThat(result(option, attacker).sawPlaintext())
        .as("%s %s against the audit's %s evidence %s", option, attacker.id(), column.id(), cell.evidence())
        .contains(!cell.isTrue());
  }

  private static boolean encryptedAtRest(String option) {
    return Observed.audit(option).cell(Column.ENCRYPTION_AT_REST).isTrue();
  }

  @ParameterizedTest
  @MethodSource("options")
  void stealMedia_seesPlaintextWhereTheAuditFoundNoEncryptionAtRest(String option) {
    readerMatchesAudit(option, Attacker.STEAL_MEDIA, Column.ENCRYPTION_AT_REST);
  }

  @ParameterizedTest
  @MethodSource("options")
  void readCache_seesPlaintextWhereTheAuditFoundTheCachesUnencrypted(String option) {
    readerMatchesAudit(option, Attacker.READ_CACHE, Column.CACHES);
  }

  @ParameterizedTest
  @MethodSource("options")
  void sniffLink_seesPlaintextWhereTheAuditFoundTheLinkUnencrypted(String option) {
    readerMatchesAudit(option, Attacker.SNIFF_LINK, Column.LINK_ENCRYPTED);
  }

  @ParameterizedTest
  @MethodSource("options")
  void readTemp_seesPlaintextWhereTheAuditFoundTheTempDiskUnencrypted(String option) {
    readerMatchesAudit(option, Attacker.READ_TEMP, Column.TEMP_DISK);
  }

  @ParameterizedTest
  @MethodSource("options")
  void flipBit_garblesOneBlockUnderEncryption_andExactlyTheBitWithout(String option) {
    AttackResult flip = result(option, Attacker.FLIP_BIT);
    assertThat(flip.guestRead()).as(flip.detail()).contains(GuestRead.GARBLED_BLOCK);
    assertThat(flip.detail()).contains(encryptedAtRest(option) ? "of 128 bits differ" : "exactly the bit the attacker chose");
  }

  @ParameterizedTest
  @MethodSource("options")
  void swapSectors_givesGarbageUnderEncryption_andMisplacedDataWithout(String option) {
    AttackResult swap = result(option, Attacker.SWAP_SECTORS);
    assertThat(swap.guestRead()).as(swap.detail()).contains(GuestRead.GARBLED_SECTOR);
    assertThat(swap.detail()).contains(encryptedAtRest(option) ? "neither sector's data" : "readable but misplaced");
  }

  @ParameterizedTest
  @MethodSource("options")
  void replaySector_readsStaleEverywhere_XtsHasNoFreshness(String option) {
    AttackResult replay = result(option, Attacker.REPLAY_SECTOR);
    assertThat(replay.guestRead()).as(replay.detail()).contains(GuestRead.STALE);
  }

  @ParameterizedTest
  @MethodSource("options")
  void stolenMediaWithRevokedKey_onlyWhereTheAuditFoundCustomerControl_andSeesNoPlaintext(String option) {
    Row row = Observed.audit(option);
    Optional<AttackResult> thief = Observed.attacks(option).stream()
        .filter(r -> r.attacker() == Attacker.STOLEN_MEDIA_REVOKED_KEY).findFirst();
    assertThat(thief.isPresent()).as(option).isEqualTo(row.cell(Column.CUSTOMER_KEY_CONTROL).isTrue());
    thief.ifPresent(r -> {
      assertThat(r.sawPlaintext()).as(r.detail()).contains(false);
      assertThat(r.detail()).contains("cannot be opened");
    });
  }

  @Test
  void classify_namesWhatTheGuestRead() {
    byte[] written = Attacks.plaintext(512, 7, 2);
    byte[] old = Attacks.plaintext(512, 7, 1);
    byte[] oneBlock = written.clone();
    oneBlock[40] ^= 1;
    byte[] twoBlocks = oneBlock.clone();
    twoBlocks[500] ^= 1;
    assertThat(Attacks.classify(written, written.clone(), List.of(old))).isEqualTo(GuestRead.INTACT);
    assertThat(Attacks.classify(written, old.clone(), List.of(old))).isEqualTo(GuestRead.STALE);
    assertThat(Attacks.classify(written, oneBlock, List.of(old))).isEqualTo(GuestRead.GARBLED_BLOCK);
    assertThat(Attacks.classify(written, twoBlocks, List.of(old))).isEqualTo(GuestRead.GARBLED_SECTOR);
  }

  @Test
  void aResultReportsWhatItsAttackerCanKnow() {
    assertThatThrownBy(() -> new AttackResult(Attacker.FLIP_BIT, Optional.of(true), Optional.empty(), "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flip-bit tampers");
    assertThatThrownBy(() -> new AttackResult(Attacker.STEAL_MEDIA, Optional.empty(), Optional.of(GuestRead.STALE), "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steal-media reads");
  }
}
