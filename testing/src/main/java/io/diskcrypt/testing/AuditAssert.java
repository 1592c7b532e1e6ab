package io.diskcrypt.testing;

import io.diskcrypt.keyvault.AuditEntry;
import io.diskcrypt.keyvault.Identity;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a vault audit log ({@link AuditEntry}s, oldest first). Operations are named as Key
 * Vault logs them: {@code KeyWrap}, {@code KeyUnwrap}, {@code KeyGet}, {@code SecretGet}, ...
 */
public final class AuditAssert extends AbstractAssert<AuditAssert, List<AuditEntry>> {
  AuditAssert(List<AuditEntry> actual) {
    super(List.copyOf(actual), AuditAssert.class);
  }

  /** Some call of {@code operation} by {@code caller} succeeded. */
  public AuditAssert hasSucceeded(String operation, Identity caller) {
    if (actual.stream().noneMatch(e -> matches(e, operation, caller) && e.succeeded())) {
      failWithMessage("expected a successful %s by %s in the vault audit but there is none in:%n%s", operation,
          caller.displayName(), lines());
    }
    return this;
  }

  /** Some call of {@code operation} by {@code caller} failed with {@code outcome} (such as {@code Forbidden}). */
  public AuditAssert hasFailed(String operation, Identity caller, String outcome) {
    if (actual.stream().noneMatch(e -> matches(e, operation, caller) && e.outcome().equals(outcome))) {
      failWithMessage("expected a %s by %s failing with %s in the vault audit but there is none in:%n%s", operation,
          caller.displayName(), outcome, lines());
    }
    return this;
  }

  /** No call of {@code operation} by {@code caller}, in a log that has calls. */
  public AuditAssert hasNo(String operation, Identity caller) {
    if (actual.isEmpty()) {
      failWithMessage("the vault audit is empty, so its lacking %s by %s proves nothing", operation,
          caller.displayName());
    }
    List<AuditEntry> found = actual.stream().filter(e -> matches(e, operation, caller)).toList();
    if (!found.isEmpty()) {
      failWithMessage("expected no %s by %s in the vault audit but found %d, first at %s", operation,
          caller.displayName(), found.size(), found.get(0).time());
    }
    return this;
  }

  private static boolean matches(AuditEntry e, String operation, Identity caller) {
    return e.operation().equals(operation) && e.caller().equals(caller);
  }

  private String lines() {
    if (actual.isEmpty()) {
      return "  (empty)";
    }
    StringBuilder out = new StringBuilder();
    for (AuditEntry e : actual) {
      out.append("  ").append(e.time()).append(' ').append(e.caller().displayName()).append(' ').append(e.operation())
          .append(' ').append(e.outcome()).append('\n');
    }
    return out.toString();
  }
}
