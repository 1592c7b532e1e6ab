/**
 * JMH benchmarks of diskcrypt-sim, run from {@code benchmarks/target/benchmarks.jar}.
 *
 * <ul>
 *   <li>{@link io.diskcrypt.bench.XtsEngineBenchmark} and {@link io.diskcrypt.bench.AccpXtsEngineBenchmark}:
 *       the AES-XTS hot path, encrypt and decrypt in place, per engine x sector size x key size.
 *       Add {@code -prof gc} to see the bytes allocated per sector ({@code gc.alloc.rate.norm}).
 *   <li>{@link io.diskcrypt.bench.XtsGuestIoBenchmark}: the default engine over 64 KiB calls, as the
 *       options' stacks call it.
 *   <li>{@link io.diskcrypt.bench.JdkAesBenchmark}: the JDK's bare AES (ECB encrypt, CBC decrypt, ECB
 *       decrypt) per sector, the ceiling of any pure-Java engine on the machine.
 *   <li>Whole-stack writes and reads per encryption option (SSE with PMK or CMK, double encryption,
 *       ADE, encryption at host, none), with the CPU ledger's ns per byte per component:
 *       {@link io.diskcrypt.bench.OptionStackBenchmark}.
 *   <li>{@link io.diskcrypt.bench.LedgerBenchmark}: what the CPU ledger adds to one I/O.
 *   <li>{@code io.diskcrypt.core.crypto.JavaXtsStagesBenchmark}: each stage of the default engine
 *       alone (it sits in the engine's package to reach them).
 * </ul>
 * The scripts beside the module ({@code xts-vs-openssl.sh}, {@code threads.sh}, {@code targets.sh},
 * {@code breakdown.sh}) run them against {@code openssl speed}, check the benchmark targets and
 * break the engine's time down by stage.
 */
package io.diskcrypt.bench;
