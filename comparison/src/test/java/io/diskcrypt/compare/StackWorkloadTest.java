package io.diskcrypt.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.cpu.AccountKind;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the benchmarks' workload measures: reads give back what was written, and each option's
 * crypto lands on the component that does it in Azure (real-systems.md). The data disk has ReadOnly
 * host caching, so reads of written data are cache hits and never reach the storage cluster.
 */
class StackWorkloadTest {
  private static final int IOS = 8;

  @ParameterizedTest(name = "{0}: write charges {1}, read charges {2}")
  @CsvSource({
    // option, who pays crypto for writes, who pays for cache-hit reads (V = VM vCPU, H = host, S = storage)
    "none,     -,  -",
    "sse-pmk,  S,  -", // SSE: the storage cluster encrypts; the host cache holds plaintext
    "sse-cmk,  S,  -",
    "double,   S,  -", // both SSE layers are at the storage cluster
    "ade,      VS, V", // the guest encrypts (and decrypts every read); SSE is still on below
    "host,     H,  H", // encryption at host: the cache holds ciphertext, so a cache hit is decrypted there
    "host-pmk, H,  H",
  })
  void writesAndReads_chargeTheComponentsThatEncrypt(String option, String writePayers, String readPayers) {
    StackWorkload workload = StackWorkload.deploy(StandardOptions.byId(option));
    workload.fill();

    workload.reset();
    for (int i = 0; i < IOS; i++) {
      workload.writeOnce();
    }
    assertThat(workload.guestBytes()).isEqualTo((long) IOS * StackWorkload.IO_BYTES);
    assertPayers(workload, writePayers, option + " write");

    workload.reset();
    for (int i = 0; i < IOS; i++) {
      workload.readOnce();
      assertThat(workload.lastRead()).as("%s read %d", option, i).isEqualTo(workload.written());
    }
    assertPayers(workload, readPayers, option + " read");
  }

  private static void assertPayers(StackWorkload workload, String payers, String what) {
    Map<AccountKind, Character> letters =
        new EnumMap<>(Map.of(AccountKind.VM_VCPU, 'V', AccountKind.HOST, 'H', AccountKind.STORAGE_CLUSTER, 'S'));
    for (var entry : letters.entrySet()) {
      long nanos = workload.cryptoNanos(entry.getKey());
      if (payers.indexOf(entry.getValue()) >= 0) {
        assertThat(nanos).as("%s: crypto ns on %s", what, entry.getKey()).isPositive();
      } else {
        assertThat(nanos).as("%s: crypto ns on %s", what, entry.getKey()).isZero();
      }
    }
  }
}
