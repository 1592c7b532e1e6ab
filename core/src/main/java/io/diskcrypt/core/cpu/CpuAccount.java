package io.diskcrypt.core.cpu;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The account of one component's processor. An encrypting layer charges the time and bytes of its
 * own crypto work to the account of the component it runs on, so that "does not use the VM's CPU" is
 * a measurement. Charging is two uncontended adds: cheap enough for every I/O.
 */
public final class CpuAccount {
  private final String name;
  private final AccountKind kind;
  private final LongAdder nanos = new LongAdder();
  private final LongAdder bytes = new LongAdder();

  CpuAccount(String name, AccountKind kind) {
    this.name = Objects.requireNonNull(name, "name");
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** The account's name, such as {@code "vm1 vCPU"}. */
  public String name() {
    return name;
  }

  /** Whose processor it is. */
  public AccountKind kind() {
    return kind;
  }

  /** Adds crypto work: {@code cryptoNanos} of processor time over {@code cryptoBytes} bytes. */
  public void charge(long cryptoNanos, long cryptoBytes) {
    if (cryptoNanos < 0 || cryptoBytes < 0) {
      throw new IllegalArgumentException(
          "negative charge: " + cryptoNanos + " ns, " + cryptoBytes + " bytes to " + name);
    }
    nanos.add(cryptoNanos);
    bytes.add(cryptoBytes);
  }

  /** The totals so far. */
  public CpuUsage usage() {
    return new CpuUsage(name, kind, nanos.sum(), bytes.sum());
  }

  /** Sets the totals back to zero, for measuring one workload. */
  public void reset() {
    nanos.reset();
    bytes.reset();
  }

  @Override
  public String toString() {
    return "CpuAccount[" + name + ", " + kind + "]";
  }
}
