package io.diskcrypt.keyvault;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A key's rotation policy: lifetime actions (rotate or notify, after a time since the version was
 * created or before it expires) and the expiry given to new versions. The simulated clock drives it:
 * when the clock passes a due time the vault rotates (as {@link Identity#KEY_VAULT_SERVICE}) or
 * publishes {@link VaultEvent.Type#KEY_NEAR_EXPIRY}.
 *
 * <p>The vault checks the service's rules when the policy is set: {@code expiryTime} at least 28 days;
 * each trigger at least 7 days, and at most {@code expiryTime} minus 7 days when there is one; a
 * {@code timeBeforeExpiry} trigger needs an {@code expiryTime}; Notify only before expiry; at most one
 * Rotate action.
 *
 * <p><b>Catching up.</b> A clock move may span many due rotations (a year of weekly rotation is 52):
 * each is made at its own due time, as if the clock had crept through them. The versions a catch-up
 * makes get their key material when first used (the current one right after the catch-up, outside the
 * vault's lock), so a long move costs one key generation per key, not one per rotation. One move makes
 * at most {@link #MAX_ROTATIONS_PER_CLOCK_MOVE} versions of a key: when more were due, the earliest are
 * skipped, the latest are made at their due times (so the current version and the next due time are
 * exactly as without the cap), and the audit log says so in one entry by {@link
 * Identity#KEY_VAULT_SERVICE}, operation {@value #ROTATIONS_SKIPPED}, whose outcome names how many were
 * skipped and from when to when.
 *
 * @param lifetimeActions the actions
 * @param expiryTime the {@code exp} of new versions, counted from their creation
 */
public record RotationPolicy(List<LifetimeAction> lifetimeActions, Optional<Duration> expiryTime) {

  /** The most versions of one key that one clock move makes; see "Catching up" above. */
  public static final int MAX_ROTATIONS_PER_CLOCK_MOVE = 1000;

  /** The audit operation that records the rotations a capped catch-up skipped. */
  public static final String ROTATIONS_SKIPPED = "KeyRotationsSkipped";

  /** Copies the list in. */
  public RotationPolicy {
    lifetimeActions = List.copyOf(lifetimeActions);
    Objects.requireNonNull(expiryTime, "expiryTime");
  }

  /**
   * The time between two rotations once the policy has made a version: the Rotate action's {@code
   * timeAfterCreate}, or {@code expiryTime} minus its {@code timeBeforeExpiry}; empty without a Rotate
   * action (or without an expiryTime for timeBeforeExpiry, which the vault refuses anyway).
   */
  Optional<Duration> rotationPeriod() {
    return lifetimeActions.stream().filter(a -> a.type() == LifetimeAction.Type.ROTATE).findFirst()
        .flatMap(a -> a.timeAfterCreate().isPresent() ? a.timeAfterCreate()
            : expiryTime.map(exp -> exp.minus(a.timeBeforeExpiry().orElseThrow())));
  }

  /** A policy that rotates {@code after} creation, with no expiry for new versions. */
  public static RotationPolicy rotateAfterCreate(Duration after) {
    return new RotationPolicy(List.of(LifetimeAction.rotateAfterCreate(after)), Optional.empty());
  }

  /** The same policy giving new versions {@code exp = created + expiry}. */
  public RotationPolicy withExpiryTime(Duration expiry) {
    return new RotationPolicy(lifetimeActions, Optional.of(expiry));
  }

  /** The same policy with one more action. */
  public RotationPolicy with(LifetimeAction action) {
    List<LifetimeAction> more = new java.util.ArrayList<>(lifetimeActions);
    more.add(action);
    return new RotationPolicy(more, expiryTime);
  }

  /**
   * One lifetime action: exactly one of the two triggers is present.
   *
   * @param type rotate or notify
   * @param timeAfterCreate fire this long after the current version was created
   * @param timeBeforeExpiry fire this long before the current version expires
   */
  public record LifetimeAction(Type type, Optional<Duration> timeAfterCreate, Optional<Duration> timeBeforeExpiry) {

    /** What the action does. */
    public enum Type {
      /** Make a new key version. */
      ROTATE,
      /** Publish {@link VaultEvent.Type#KEY_NEAR_EXPIRY}. */
      NOTIFY
    }

    /** Checks exactly one trigger is present. */
    public LifetimeAction {
      Objects.requireNonNull(type, "type");
      if (timeAfterCreate.isPresent() == timeBeforeExpiry.isPresent()) {
        throw new IllegalArgumentException("a lifetime action needs exactly one of timeAfterCreate and timeBeforeExpiry");
      }
    }

    /** Rotate {@code after} the current version was created. */
    public static LifetimeAction rotateAfterCreate(Duration after) {
      return new LifetimeAction(Type.ROTATE, Optional.of(after), Optional.empty());
    }

    /** Rotate {@code before} the current version expires. */
    public static LifetimeAction rotateBeforeExpiry(Duration before) {
      return new LifetimeAction(Type.ROTATE, Optional.empty(), Optional.of(before));
    }

    /** Notify {@code before} the current version expires. */
    public static LifetimeAction notifyBeforeExpiry(Duration before) {
      return new LifetimeAction(Type.NOTIFY, Optional.empty(), Optional.of(before));
    }

    /** The trigger as a duration, whichever it is. */
    Duration trigger() {
      return timeAfterCreate.orElseGet(timeBeforeExpiry::orElseThrow);
    }
  }
}
