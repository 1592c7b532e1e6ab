package io.diskcrypt.keyvault;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The secure key release policy of an exportable key: the key is released only to a target whose
 * attestation token was issued by one of the policy's authorities and whose claims meet that
 * authority's conditions. The grammar is Key Vault's (version 1.0.0): the policy is an {@code anyOf}
 * over authorities; each authority has an {@code allOf} or {@code anyOf} of conditions; a condition is
 * a claim that {@code equals} a value (claim names use dot notation, a missing claim does not match)
 * or a nested {@code allOf}/{@code anyOf}.
 *
 * <p>An immutable policy can never be changed again, as in the real service.
 *
 * @param anyOf the authorities, at least one
 * @param immutable whether the policy may never be changed
 */
public record KeyReleasePolicy(List<Authority> anyOf, boolean immutable) {

  /** The policy of the confidential VM samples: compliant SEV-SNP or TDX confidential VMs. */
  private static final Condition CONFIDENTIAL_VM = Condition.allOf(
      Condition.claim("x-ms-compliance-status", "azure-compliant-cvm"),
      Condition.anyOf(Condition.claim("x-ms-attestation-type", "sevsnpvm"),
          Condition.claim("x-ms-attestation-type", "tdxvm")));

  /** Checks there is at least one authority. */
  public KeyReleasePolicy {
    anyOf = List.copyOf(anyOf);
    if (anyOf.isEmpty()) {
      throw new IllegalArgumentException("a key release policy needs at least one authority");
    }
  }

  /**
   * The release policy Azure's confidential VM deployment uses for an OS disk key: a token from the
   * attestation service at {@code authority} saying the VM is an Azure-compliant confidential VM on
   * AMD SEV-SNP or Intel TDX ({@code x-ms-compliance-status} = {@code azure-compliant-cvm}, {@code
   * x-ms-attestation-type} = {@code sevsnpvm} or {@code tdxvm}). Mutable.
   */
  public static KeyReleasePolicy confidentialVm(String authority) {
    return new KeyReleasePolicy(List.of(new Authority(authority, CONFIDENTIAL_VM)), false);
  }

  /** A mutable policy with one authority and its condition. */
  public static KeyReleasePolicy of(String authority, Condition condition) {
    return new KeyReleasePolicy(List.of(new Authority(authority, condition)), false);
  }

  /** The same policy, marked immutable. */
  public KeyReleasePolicy asImmutable() {
    return new KeyReleasePolicy(anyOf, true);
  }

  /**
   * Why {@code token} does not satisfy this policy, or empty when it does: the authorities' conditions
   * are tried for the token's issuer only.
   */
  Optional<String> refusal(AttestationToken token) {
    List<Authority> mine = anyOf.stream().filter(a -> sameAuthority(a.authority(), token.issuer())).toList();
    if (mine.isEmpty()) {
      return Optional.of("the token's issuer " + token.issuer() + " is not an authority of the release policy "
          + anyOf.stream().map(Authority::authority).toList());
    }
    for (Authority a : mine) {
      if (a.condition().test(token.claims())) {
        return Optional.empty();
      }
    }
    return Optional.of("the claims of the token from " + token.issuer() + " do not meet the release policy: "
        + mine.get(0).condition().explain(token.claims()));
  }

  private static boolean sameAuthority(String a, String b) {
    return strip(a).equalsIgnoreCase(strip(b));
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * One authority and what its tokens must claim.
   *
   * @param authority the attestation service's URL, matched against the token's issuer ({@code iss})
   * @param condition an {@code allOf} or {@code anyOf} condition
   */
  public record Authority(String authority, Condition condition) {
    /** Checks the parts; the top condition must be allOf or anyOf, as in the grammar. */
    public Authority {
      Objects.requireNonNull(authority, "authority");
      Objects.requireNonNull(condition, "condition");
      if (condition instanceof Condition.Claim) {
        throw new IllegalArgumentException("an authority's condition must be allOf or anyOf, not a single claim");
      }
    }
  }

  /** A condition on the claims of an attestation token. */
  public sealed interface Condition {

    /** Claim {@code name} (dot notation) equals {@code value}. */
    static Condition claim(String name, String value) {
      return new Claim(name, value);
    }

    /** Every one of {@code conditions}. */
    static Condition allOf(Condition... conditions) {
      return new Combination(true, List.of(conditions));
    }

    /** At least one of {@code conditions}. */
    static Condition anyOf(Condition... conditions) {
      return new Combination(false, List.of(conditions));
    }

    /** Whether {@code claims} meet this condition. */
    boolean test(Map<String, String> claims);

    /** What in {@code claims} fails this condition, for a refusal message. */
    String explain(Map<String, String> claims);

    /**
     * A claim that must equal a value; a missing claim does not match.
     *
     * @param name the claim, such as {@code x-ms-attestation-type}
     * @param value the value it must equal
     */
    record Claim(String name, String value) implements Condition {
      /** Checks the parts are present. */
      public Claim {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
      }

      @Override
      public boolean test(Map<String, String> claims) {
        return value.equals(claims.get(name));
      }

      @Override
      public String explain(Map<String, String> claims) {
        return claims.containsKey(name)
            ? "claim " + name + " is '" + claims.get(name) + "', the policy wants '" + value + "'"
            : "claim " + name + " is missing, the policy wants '" + value + "'";
      }
    }

    /**
     * {@code allOf} (every condition) or {@code anyOf} (at least one).
     *
     * @param all true for allOf, false for anyOf
     * @param conditions at least one
     */
    record Combination(boolean all, List<Condition> conditions) implements Condition {
      /** Checks there is at least one. */
      public Combination {
        if (conditions.isEmpty()) {
          throw new IllegalArgumentException((all ? "allOf" : "anyOf") + " needs at least one condition");
        }
        conditions = List.copyOf(conditions);
      }

      @Override
      public boolean test(Map<String, String> claims) {
        return all ? conditions.stream().allMatch(c -> c.test(claims)) : conditions.stream().anyMatch(c -> c.test(claims));
      }

      @Override
      public String explain(Map<String, String> claims) {
        List<String> failed = conditions.stream().filter(c -> !c.test(claims)).map(c -> c.explain(claims)).toList();
        return all ? failed.get(0) : "none of: " + String.join("; ", failed);
      }
    }
  }
}
