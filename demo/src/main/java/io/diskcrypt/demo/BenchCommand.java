package io.diskcrypt.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.diskcrypt.compare.OptionSetup;
import io.diskcrypt.compare.StackWorkload;
import io.diskcrypt.compare.StandardOptions;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.SectorCipher;
import io.diskcrypt.core.crypto.TweakUnit;
import io.diskcrypt.core.crypto.XtsEngine;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsParameters;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code diskcrypt bench}: a short, honest throughput comparison for a person, not JMH: per engine,
 * sector size, key size and direction (and for the JDK's bare AES), a warm-up, then timed rounds of
 * whole-sector calls in place on one thread; the figure is the median round. Then each option's
 * writes and reads through the whole stack. Progress goes to standard error.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure AES-XTS engines and what each encryption option costs each component's",
      "CPU. Engines: MB/s per engine, one thread, at 512- and 4096-byte sectors, beside",
      "the JDK's AES alone (the ceiling of a pure-Java engine on this machine), with",
      "each engine's ratio to that AES call and its time above it in ns per byte.",
      "Options: MB/s of 64 KiB guest writes and reads through the whole stack, and",
      "crypto ns per byte on the VM's vCPU, the host and the storage cluster (reads are",
      "served by the data disk's ReadOnly host cache, as in Azure). Publishable",
      "figures: JMH, java -jar benchmarks/target/benchmarks.jar"
    })
final class BenchCommand implements Callable<Integer> {
  /** One engine measurement, as printed and as the JSON item of {@code engines}. */
  record EngineResult(String engine, boolean isDefault, int keyBits, int sectorSize, String operation, double mbPerSec) {}

  /**
   * The JDK's bare AES over one sector per call ({@code ecb-encrypt} or {@code cbc-decrypt}) with an
   * AES key of {@code aesKeyBits} (one half of an XTS key): the JSON item of {@code jdkAes}.
   */
  record AesResult(String operation, int aesKeyBits, int sectorSize, double mbPerSec) {

    /** The bare AES call that bounds {@code engine}: same direction, sector size and AES key size. */
    boolean bounds(EngineResult engine) {
      String call = engine.operation().equals("encrypt") ? "ecb-encrypt" : "cbc-decrypt";
      return operation.equals(call) && aesKeyBits == engine.keyBits() / 2 && sectorSize == engine.sectorSize();
    }
  }

  /** One encryption option's whole-stack measurement of writes or reads, as the JSON item of {@code options}. */
  record OptionResult(String option, String operation, double mbPerSec, double vmCpuNsPerByte,
      double hostCpuNsPerByte, double storageCpuNsPerByte) {}

  private static final int[] SECTOR_SIZES = {512, 4096};

  @Option(names = "--quick", description = "finish within a minute: AES-256-XTS only, shorter rounds")
  boolean quick;

  @Option(names = "--json", description = "print the results as JSON on standard output")
  boolean json;

  @Override
  public Integer call() throws Exception {
    List<Case> cases = engineCases();
    Progress progress = new Progress(System.err,
        cases.size() + 2 * SECTOR_SIZES.length * jdkAesKeyBits().length + optionCaseCount());
    List<EngineResult> engines = new ArrayList<>();
    for (Case c : cases) {
      progress.step(c.engine().name() + " " + c.keyBits() + "-bit " + c.sectorSize() + " B " + c.operation());
      engines.add(measure(c));
    }
    List<AesResult> jdkAes = measureJdkAes(progress);
    List<OptionResult> options = measureOptions(progress);
    progress.done();
    PrintStream out = System.out;
    out.print(json ? toJson(engines, jdkAes, options) : toTable(engines, jdkAes, options));
    out.flush();
    return 0;
  }

  /**
   * Each option's whole stack (and the unencrypted baseline): 64 KiB guest writes to the data disk of
   * the standard VM, then reads of what was written, each after a warm-up; MB/s over the timed span
   * and the CPU ledger's crypto ns per guest byte per component.
   */
  List<OptionResult> measureOptions(Progress progress) {
    List<OptionResult> results = new ArrayList<>();
    for (OptionSetup option : StandardOptions.withBaseline()) {
      progress.step("option " + option.id() + " write");
      StackWorkload workload = StackWorkload.deploy(option);
      results.add(measure(workload, "write", workload::writeOnce, quick ? 500 : 2000));
      progress.step("option " + option.id() + " read");
      workload.fill();
      results.add(measure(workload, "read", workload::readOnce, quick ? 300 : 1000));
    }
    return results;
  }

  /** Runs {@code io} for a warm-up, then for the timed span with a fresh ledger. */
  private OptionResult measure(StackWorkload workload, String operation, Runnable io, long warmUpMillis) {
    repeatFor(io, warmUpMillis * 1_000_000L);
    workload.reset();
    long start = System.nanoTime();
    repeatFor(io, (quick ? 600 : 3000) * 1_000_000L);
    long elapsed = System.nanoTime() - start;
    return new OptionResult(workload.option(), operation, round(workload.guestBytes() * 1000.0 / elapsed),
        round3(workload.cpuNsPerByte(AccountKind.VM_VCPU)), round3(workload.cpuNsPerByte(AccountKind.HOST)),
        round3(workload.cpuNsPerByte(AccountKind.STORAGE_CLUSTER)));
  }

  private static void repeatFor(Runnable io, long nanos) {
    long deadline = System.nanoTime() + nanos;
    do {
      for (int i = 0; i < 16; i++) {
        io.run();
      }
    } while (System.nanoTime() < deadline);
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /** How many steps {@link #measureOptions} will take, for the progress bar: a write and a read each. */
  int optionCaseCount() {
    return 2 * StandardOptions.withBaseline().size();
  }

  private record Case(XtsEngine engine, boolean isDefault, int keyBits, int sectorSize, String operation) {}

  private List<Case> engineCases() {
    List<Case> cases = new ArrayList<>();
    XtsEngine defaultEngine = XtsEngines.defaultEngine();
    for (XtsEngine engine : XtsEngines.available()) {
      for (int keyBits : quick ? new int[] {512} : new int[] {256, 512}) {
        for (int sectorSize : SECTOR_SIZES) {
          if (engine.supports(parameters(keyBits, sectorSize))) {
            for (String operation : List.of("encrypt", "decrypt")) {
              cases.add(new Case(engine, engine.name().equals(defaultEngine.name()), keyBits, sectorSize, operation));
            }
          }
        }
      }
    }
    return cases;
  }

  private static XtsParameters parameters(int keyBits, int sectorSize) {
    return new XtsParameters(keyBits, SectorSize.ofBytes(sectorSize), TweakUnit.BYTES_512);
  }

  /** One engine, key size, sector size and direction: one sector per call, in place. */
  private EngineResult measure(Case c) {
    int size = c.sectorSize();
    byte[] buffer = new byte[size];
    Arrays.fill(buffer, (byte) 0x3C);
    try (SecretKeyMaterial key = SecretKeyMaterial.random(c.keyBits() / 8);
        SectorCipher cipher = c.engine().newCipher(parameters(c.keyBits(), size), key)) {
      LongConsumer call = c.operation().equals("encrypt")
          ? sector -> cipher.encrypt(sector, buffer, 0, size)
          : sector -> cipher.decrypt(sector, buffer, 0, size);
      return new EngineResult(c.engine().name(), c.isDefault(), c.keyBits(), size, c.operation(), medianMbPerSec(call, size));
    }
  }

  /**
   * The JDK's AES alone, one call per sector as the default engine makes it (ECB to encrypt, CBC to
   * decrypt): the ceiling of any pure-Java engine on this machine and JDK, so that a reader can tell
   * the engine's cost from the platform's.
   */
  private List<AesResult> measureJdkAes(Progress progress) throws GeneralSecurityException {
    List<AesResult> results = new ArrayList<>();
    for (int aesKeyBits : jdkAesKeyBits()) {
      byte[] key = new byte[aesKeyBits / 8];
      new SecureRandom().nextBytes(key);
      SecretKeySpec spec = new SecretKeySpec(key, "AES");
      Arrays.fill(key, (byte) 0);
      for (int size : SECTOR_SIZES) {
        byte[] in = new byte[size];
        byte[] out = new byte[size];
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, spec);
        Cipher cbc = Cipher.getInstance("AES/CBC/NoPadding");
        cbc.init(Cipher.DECRYPT_MODE, spec, new IvParameterSpec(new byte[16]));
        progress.step("JDK AES-" + aesKeyBits + " " + size + " B ECB encrypt");
        results.add(new AesResult("ecb-encrypt", aesKeyBits, size, medianMbPerSec(sector -> update(ecb, in, out), size)));
        progress.step("JDK AES-" + aesKeyBits + " " + size + " B CBC decrypt");
        results.add(new AesResult("cbc-decrypt", aesKeyBits, size, medianMbPerSec(sector -> update(cbc, in, out), size)));
      }
    }
    return results;
  }

  /** The AES key sizes of the engines measured: the halves of their XTS keys. */
  private int[] jdkAesKeyBits() {
    return quick ? new int[] {256} : new int[] {128, 256};
  }

  private static void update(Cipher cipher, byte[] in, byte[] out) {
    try {
      cipher.update(in, 0, in.length, out, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES failed on a whole number of blocks", e);
    }
  }

  /** Warm-up, then timed rounds of one-sector calls at moving sector numbers; the median round's MB/s. */
  private double medianMbPerSec(LongConsumer call, int sectorSize) {
    long roundNanos = (quick ? 100 : 250) * 1_000_000L;
    int rounds = quick ? 5 : 9;
    long[] sector = {0};
    warmUp(call, sectorSize, sector);
    double[] mbPerSec = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      long bytes = runFor(roundNanos, call, sectorSize, sector);
      mbPerSec[r] = bytes * 1000.0 / (System.nanoTime() - start);
    }
    Arrays.sort(mbPerSec);
    return round(mbPerSec[rounds / 2]);
  }

  /**
   * Runs 100 ms slices for at least 1.5 s, then until the best of the last five slices is no more than
   * 10% above the best before them (the JIT has settled), at most 2.5 s (quick) or 5 s. Measured here on
   * a busy 2-core VM: the first second runs interpreted at a few MB/s, so a fixed short warm-up lies.
   */
  private void warmUp(LongConsumer call, int sectorSize, long[] sector) {
    long start = System.nanoTime();
    long minimum = 1_500_000_000L;
    long maximum = quick ? 2_500_000_000L : 5_000_000_000L;
    List<Double> rates = new ArrayList<>();
    while (System.nanoTime() - start < maximum) {
      long sliceStart = System.nanoTime();
      long bytes = runFor(100_000_000L, call, sectorSize, sector);
      rates.add(bytes / (double) (System.nanoTime() - sliceStart));
      int n = rates.size();
      if (System.nanoTime() - start >= minimum && n >= 10) {
        double recent = rates.subList(n - 5, n).stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double before = rates.subList(0, n - 5).stream().mapToDouble(Double::doubleValue).max().orElse(0);
        if (recent <= 1.1 * before) {
          return;
        }
      }
    }
  }

  /** Calls {@code call} for {@code nanos} at moving sector numbers (below 2^30, as on a real disk); bytes done. */
  private static long runFor(long nanos, LongConsumer call, int sectorSize, long[] sector) {
    long deadline = System.nanoTime() + nanos;
    long bytes = 0;
    int perCheck = Math.max(1, 64 * 1024 / sectorSize);
    do {
      for (int i = 0; i < perCheck; i++) {
        call.accept(sector[0]++ & ((1L << 30) - 1));
      }
      bytes += (long) perCheck * sectorSize;
    } while (System.nanoTime() < deadline);
    return bytes;
  }

  /**
   * The engine's MB/s over the bare AES call's that bounds it ({@code ratioToJdkAes}), and its time
   * above that call in ns per byte ({@code 1000/engine - 1000/aes}); empty where none was measured.
   */
  static Optional<double[]> againstJdkAes(EngineResult engine, List<AesResult> jdkAes) {
    return jdkAes.stream().filter(a -> a.bounds(engine)).findFirst()
        .map(a -> new double[] {engine.mbPerSec() / a.mbPerSec(), 1000 / engine.mbPerSec() - 1000 / a.mbPerSec()});
  }

  /**
   * {@code {"engines":[...], "jdkAes":[...], "options":[...]}}, the field names of issue 9 (and {@code
   * jdkAes}); each engine item also has {@code ratioToJdkAes} and {@code nsPerByteAboveJdkAes} (issue
   * 13), null where the bare AES call was not measured.
   */
  static String toJson(List<EngineResult> engines, List<AesResult> jdkAes, List<OptionResult> options) throws Exception {
    List<Map<String, Object>> engineItems = new ArrayList<>();
    for (EngineResult e : engines) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("engine", e.engine());
      item.put("default", e.isDefault());
      item.put("keyBits", e.keyBits());
      item.put("sectorSize", e.sectorSize());
      item.put("operation", e.operation());
      item.put("mbPerSec", e.mbPerSec());
      Optional<double[]> against = againstJdkAes(e, jdkAes);
      item.put("ratioToJdkAes", against.map(r -> round3(r[0])).orElse(null));
      item.put("nsPerByteAboveJdkAes", against.map(r -> round3(r[1])).orElse(null));
      engineItems.add(item);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("engines", engineItems);
    root.put("jdkAes", jdkAes);
    root.put("options", options);
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
  }

  static String toTable(List<EngineResult> engines, List<AesResult> jdkAes, List<OptionResult> options) {
    StringBuilder table = new StringBuilder("AES-XTS engines, one thread, in place, median of timed rounds (MB/s),"
        + " and against the JDK's bare AES call below (x AES; ns/B above it):\n");
    table.append(String.format(Locale.ROOT, "%-14s %-8s %8s %8s %-8s %10s %7s %11s%n",
        "engine", "default", "key bits", "sector", "op", "MB/s", "x AES", "ns/B above"));
    for (EngineResult e : engines) {
      Optional<double[]> against = againstJdkAes(e, jdkAes);
      table.append(String.format(Locale.ROOT, "%-14s %-8s %8d %8d %-8s %10.1f %7s %11s%n",
          e.engine(), e.isDefault() ? "yes" : "", e.keyBits(), e.sectorSize(), e.operation(), e.mbPerSec(),
          against.map(r -> String.format(Locale.ROOT, "%.2f", r[0])).orElse("-"),
          against.map(r -> String.format(Locale.ROOT, "%.3f", r[1])).orElse("-")));
    }
    if (!jdkAes.isEmpty()) {
      table.append(String.format(Locale.ROOT, "%nThe JDK's AES alone, one call per sector (the ceiling of a pure-Java engine here):%n"));
      table.append(String.format(Locale.ROOT, "%8s %8s %-12s %10s%n", "AES bits", "sector", "op", "MB/s"));
      for (AesResult a : jdkAes) {
        table.append(String.format(Locale.ROOT, "%8d %8d %-12s %10.1f%n", a.aesKeyBits(), a.sectorSize(), a.operation(),
            a.mbPerSec()));
      }
    }
    if (!options.isEmpty()) {
      table.append(String.format(Locale.ROOT,
          "%nOptions, 64 KiB guest I/Os through the whole stack (crypto ns per guest byte; reads hit the host cache):%n"));
      table.append(String.format(Locale.ROOT, "%-12s %-6s %10s %12s %12s %12s%n",
          "option", "op", "MB/s", "vCPU ns/B", "host ns/B", "storage ns/B"));
      for (OptionResult o : options) {
        table.append(String.format(Locale.ROOT, "%-12s %-6s %10.1f %12.3f %12.3f %12.3f%n", o.option(), o.operation(),
            o.mbPerSec(), o.vmCpuNsPerByte(), o.hostCpuNsPerByte(), o.storageCpuNsPerByte()));
      }
    }
    table.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
        .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append('\n');
    return table.toString();
  }

  /** A one-line progress bar on standard error, redrawn in place. */
  static final class Progress {
    private final PrintStream err;
    private final int total;
    private int done;

    Progress(PrintStream err, int total) {
      this.err = err;
      this.total = Math.max(1, total);
    }

    /** Announces the next step. */
    void step(String what) {
      int width = 30;
      int filled = width * done / total;
      err.printf(Locale.ROOT, "\r[%s%s] %2d/%d %-40s", "#".repeat(filled), ".".repeat(width - filled), done + 1, total, what);
      err.flush();
      done++;
    }

    /** Clears the bar. */
    void done() {
      err.print("\r" + " ".repeat(90) + "\r");
      err.flush();
    }
  }
}
