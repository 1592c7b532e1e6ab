package io.diskcrypt.core.cpu;

/**
 * A snapshot of one account.
 *
 * @param account the account's name
 * @param kind whose processor it is
 * @param cryptoNanos nanoseconds of crypto work charged
 * @param cryptoBytes bytes of crypto work charged
 */
public record CpuUsage(String account, AccountKind kind, long cryptoNanos, long cryptoBytes) {
  /** Nanoseconds per byte, or 0 when no bytes were charged. */
  public double nanosPerByte() {
    return cryptoBytes == 0 ? 0 : (double) cryptoNanos / cryptoBytes;
  }
}
