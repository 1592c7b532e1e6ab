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
 * @param lifetimeActions the actions
 * @param expiryTime the {@code exp} of new versions, counted from their creation
 */
public record RotationPolicy(List<LifetimeAction> lifetimeActions, Optional<Duration> expiryTime) {

  /** Copies the list in. */
  public RotationPolicy {
    lifetimeActions = List.copyOf(lifetimeActions);
    Objects.requireNonNull(expiryTime, "expiryTime");
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
