package io.diskcrypt.core.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All the CPU accounts of a simulated region: one per VM's vCPUs, one per host, one per storage
 * cluster. Accounts are created on first use and live as long as the ledger.
 */
public final class CpuLedger {
  private final Map<String, CpuAccount> accounts = new ConcurrentHashMap<>();

  /** An empty ledger: a region makes one ({@code Cloud.ledger()}); a test of one component may make its own. */
  public CpuLedger() {}

  /**
   * The account named {@code name}, created with {@code kind} on first use.
   *
   * @throws IllegalArgumentException when an account of that name exists with another kind
   */
  public CpuAccount account(String name, AccountKind kind) {
    CpuAccount account = accounts.computeIfAbsent(name, n -> new CpuAccount(n, kind));
    if (account.kind() != kind) {
      throw new IllegalArgumentException(
          "account " + name + " is a " + account.kind() + " account, not " + kind);
    }
    return account;
  }

  /** Snapshots of every account, sorted by name. */
  public List<CpuUsage> usage() {
    List<CpuUsage> all = new ArrayList<>();
    accounts.values().forEach(a -> all.add(a.usage()));
    all.sort((a, b) -> a.account().compareTo(b.account()));
    return all;
  }

  /** The sum over all accounts of one kind. */
  public CpuUsage total(AccountKind kind) {
    long nanos = 0;
    long bytes = 0;
    for (CpuAccount account : accounts.values()) {
      if (account.kind() == kind) {
        CpuUsage usage = account.usage();
        nanos += usage.cryptoNanos();
        bytes += usage.cryptoBytes();
      }
    }
    return new CpuUsage("all " + kind, kind, nanos, bytes);
  }

  /** Sets every account back to zero. */
  public void reset() {
    accounts.values().forEach(CpuAccount::reset);
  }
}
