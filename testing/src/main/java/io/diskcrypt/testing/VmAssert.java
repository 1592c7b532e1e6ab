package io.diskcrypt.testing;

import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmState;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on a {@link VirtualMachine}: its state and why it last stopped. */
public final class VmAssert extends AbstractObjectAssert<VmAssert, VirtualMachine> {
  VmAssert(VirtualMachine actual) {
    super(actual, VmAssert.class);
  }

  /** The VM is running. */
  public VmAssert isRunning() {
    return hasState(VmState.RUNNING);
  }

  /** The VM is stopped (still allocated). */
  public VmAssert isStopped() {
    return hasState(VmState.STOPPED);
  }

  /** The VM is in {@code state}. */
  public VmAssert hasState(VmState state) {
    isNotNull();
    if (actual.state() != state) {
      failWithMessage("expected VM %s to be %s but it is %s%s", actual.name(), state, actual.state(), lastStop());
    }
    return this;
  }

  /** The VM's last stop reason contains {@code text} (a key's name, "grace period"). */
  public VmAssert hasStopReasonContaining(String text) {
    isNotNull();
    String reason = actual.lastStopReason();
    if (reason == null || !reason.contains(text)) {
      failWithMessage("expected the last stop reason of VM %s to contain <%s> but it was <%s>", actual.name(), text,
          reason);
    }
    return this;
  }

  private String lastStop() {
    String reason = actual.lastStopReason();
    return reason == null || reason.isEmpty() ? "" : " (last stop: " + reason + ")";
  }
}
