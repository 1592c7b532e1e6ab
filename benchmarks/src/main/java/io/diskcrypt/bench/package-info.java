/**
 * JMH benchmarks of diskcrypt-sim, run from {@code benchmarks/target/benchmarks.jar}.
 *
 * <ul>
 *   <li>{@link io.diskcrypt.bench.XtsEngineBenchmark} and {@link io.diskcrypt.bench.AccpXtsEngineBenchmark}:
 *       the AES-XTS hot path, encrypt and decrypt in place, per engine x sector size x key size.
 *       Add {@code -prof gc} to see the bytes allocated per sector ({@code gc.alloc.rate.norm}).
 *   <li>Whole-stack benchmarks per encryption option (SSE with PMK or CMK, double encryption, ADE,
 *       encryption at host, none), with the CPU ledger's ns per byte per component:
 *       {@link io.diskcrypt.bench.OptionStackBenchmark}.
 * </ul>
 */
package io.diskcrypt.bench;
