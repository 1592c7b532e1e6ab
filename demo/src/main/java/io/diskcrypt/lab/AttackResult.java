package io.diskcrypt.lab;

import java.util.Objects;
import java.util.Optional;

/**
 * What one attacker saw or achieved, as observed on the simulated surfaces.
 *
 * @param attacker who
 * @param sawPlaintext for an attacker who reads: whether the plaintext the guest wrote was found
 * @param guestRead for an attacker who tampers: what the guest read afterwards
 * @param detail what was done and observed, in plain sentences (no key bytes)
 */
public record AttackResult(Attacker attacker, Optional<Boolean> sawPlaintext, Optional<GuestRead> guestRead, String detail) {
  /** Checks that a reader reports what it saw and a tamperer what the guest read. */
  public AttackResult {
    Objects.requireNonNull(attacker, "attacker");
    Objects.requireNonNull(sawPlaintext, "sawPlaintext");
    Objects.requireNonNull(guestRead, "guestRead");
    Objects.requireNonNull(detail, "detail");
    if (attacker.reads() != sawPlaintext.isPresent() || attacker.reads() == guestRead.isPresent()) {
      throw new IllegalArgumentException(attacker.id() + (attacker.reads()
          ? " reads: it reports sawPlaintext and no guestRead" : " tampers: it reports guestRead and no sawPlaintext"));
    }
  }

  static AttackResult read(Attacker attacker, boolean sawPlaintext, String detail) {
    return new AttackResult(attacker, Optional.of(sawPlaintext), Optional.empty(), detail);
  }

  static AttackResult tamper(Attacker attacker, GuestRead guestRead, String detail) {
    return new AttackResult(attacker, Optional.empty(), Optional.of(guestRead), detail);
  }
}
