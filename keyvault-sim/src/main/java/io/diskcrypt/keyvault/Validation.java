package io.diskcrypt.keyvault;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The service's rules for names, key specs, key_ops, tags, nbf/exp windows and rotation policies. */
final class Validation {
  private static final Pattern OBJECT_NAME = Pattern.compile("^[a-zA-Z0-9-]{1,127}$");
  private static final int MAX_TAGS = 15;
  private static final Set<Integer> RSA_SIZES = Set.of(2048, 3072, 4096);
  private static final Duration MIN_EXPIRY_TIME = Duration.ofDays(28);
  private static final Duration MIN_TRIGGER = Duration.ofDays(7);

  private Validation() {}


  static void checkName(String name, String what) throws BadParameterException {
    if (name == null || !OBJECT_NAME.matcher(name).matches()) {
      throw new BadParameterException(what + " name '" + name + "' must be 1-127 letters, digits or dashes");
    }
  }

  /**
   * Checks a key spec against the store: a Managed HSM takes HSM-protected types only, a Key Vault
   * takes them only in the premium SKU; an exportable key is HSM-protected and has a release policy.
   */
  static int checkSpec(KeySpec s, int size, String id, VaultSpec store) throws BadParameterException {
    if (store.kind() == VaultKind.MANAGED_HSM && !s.kty().isHsm()) {
      throw new BadParameterException("key type " + s.kty().wireName() + " for " + id + " is refused: Managed HSM '"
          + store.name() + "' holds HSM-protected keys only; use " + (s.kty().isRsa() ? "RSA-HSM" : "EC-HSM"));
    }
    if (s.kty().isHsm() && store.sku() != VaultSpec.Sku.PREMIUM) {
      throw new BadParameterException("key type " + s.kty().wireName() + " for " + id + " needs a premium vault;"
          + " vault '" + store.name() + "' is " + store.sku().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (s.exportable() && !s.kty().isHsm()) {
      throw new BadParameterException("key " + id + " cannot be exportable as kty " + s.kty().wireName()
          + ": secure key release releases HSM-protected keys only (RSA-HSM, EC-HSM)");
    }
    if (s.exportable() && s.releasePolicy().isEmpty()) {
      throw new BadParameterException("exportable key " + id + " needs a release policy: one is required for the"
          + " first version of an exportable key");
    }
    if (s.kty().isRsa() && !RSA_SIZES.contains(size)) {
      throw new BadParameterException("RSA key size " + size + " for " + id + " is not supported; allowed: 2048, 3072, 4096");
    }
    if (!s.kty().isRsa() && s.curve().isEmpty()) {
      throw new BadParameterException("EC key " + id + " needs a curve; allowed: P-256, P-384");
    }
    checkKeyOps(s.kty(), s.keyOps(), id);
    checkTags(s.tags(), id);
    checkWindow(s.notBefore(), s.expires(), id);
    return size;
  }

  static Set<KeyOperation> allowedOps(KeyType kty) {
    return kty.isRsa() ? EnumSet.allOf(KeyOperation.class) : EnumSet.of(KeyOperation.SIGN, KeyOperation.VERIFY);
  }

  static Set<KeyOperation> checkKeyOps(KeyType kty, Set<KeyOperation> ops, String id) throws BadParameterException {
    Set<KeyOperation> allowed = allowedOps(kty);
    if (!allowed.containsAll(ops)) {
      throw new BadParameterException("key_ops " + wire(ops) + " for " + id + " are not valid for kty "
          + kty.wireName() + "; allowed: " + wire(allowed));
    }
    return ops.isEmpty() ? allowed : EnumSet.copyOf(ops);
  }

  static List<String> wire(Set<KeyOperation> ops) {
    return ops.stream().sorted().map(KeyOperation::wireName).toList();
  }

  static void checkTags(Map<String, String> tags, String id) throws BadParameterException {
    if (tags.size() > MAX_TAGS) {
      throw new BadParameterException(id + " has " + tags.size() + " tags; the limit is " + MAX_TAGS);
    }
  }

  static void checkWindow(Optional<Instant> nbf, Optional<Instant> exp, String id) throws BadParameterException {
    if (nbf.isPresent() && exp.isPresent() && !nbf.get().isBefore(exp.get())) {
      throw new BadParameterException("nbf " + nbf.get() + " of " + id + " must be before exp " + exp.get());
    }
  }

  static void checkPolicy(RotationPolicy p, String id) throws BadParameterException {
    if (p.expiryTime().isPresent() && p.expiryTime().get().compareTo(MIN_EXPIRY_TIME) < 0) {
      throw new BadParameterException("rotation policy expiryTime " + p.expiryTime().get() + " for " + id
          + " is too short; the minimum is 28 days");
    }
    long rotates = p.lifetimeActions().stream().filter(x -> x.type() == RotationPolicy.LifetimeAction.Type.ROTATE).count();
    if (rotates > 1) {
      throw new BadParameterException("rotation policy for " + id + " has " + rotates + " Rotate actions; at most 1");
    }
    for (RotationPolicy.LifetimeAction action : p.lifetimeActions()) {
      Duration t = action.trigger();
      if (t.compareTo(MIN_TRIGGER) < 0) {
        throw new BadParameterException("rotation policy trigger " + t + " for " + id + " is under the minimum of 7 days");
      }
      if (action.timeBeforeExpiry().isPresent() && p.expiryTime().isEmpty()) {
        throw new BadParameterException("rotation policy for " + id + " uses timeBeforeExpiry without an expiryTime");
      }
      if (action.type() == RotationPolicy.LifetimeAction.Type.NOTIFY && action.timeAfterCreate().isPresent()) {
        throw new BadParameterException("rotation policy for " + id + ": Notify takes only timeBeforeExpiry");
      }
      if (p.expiryTime().isPresent() && t.compareTo(p.expiryTime().get().minus(MIN_TRIGGER)) > 0) {
        throw new BadParameterException("rotation policy trigger " + t + " for " + id
            + " must be at most expiryTime minus 7 days (" + p.expiryTime().get().minus(MIN_TRIGGER) + ")");
      }
    }
  }
}
