package io.diskcrypt.core.topology;

import io.diskcrypt.core.cpu.CpuAccount;
import java.util.Objects;

/** A physical host that runs VMs: its local media hold temp disks and caches; it has its own CPU account. */
public final class Host {
  private final String name;
  private final CpuAccount account;

  Host(String name, CpuAccount account) {
    this.name = Objects.requireNonNull(name, "name");
    this.account = Objects.requireNonNull(account, "account");
  }

  /** The host's name. */
  public String name() {
    return name;
  }

  /** The account the host charges its own crypto work to. */
  public CpuAccount account() {
    return account;
  }

  @Override
  public String toString() {
    return "Host[" + name + "]";
  }
}
