package io.diskcrypt.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * The default engine over one 64 KiB guest I/O per call, as ADE's dm-crypt and every encrypting
 * layer of {@link OptionStackBenchmark} call it: 128 or 16 sectors at once, so the per-call costs
 * (argument checks, the JCE calls) are shared by a batch, unlike {@link XtsEngineBenchmark}'s one
 * sector per call. It is the raw engine that a stack's crypto ns per byte compares with. Score:
 * calls per second; MB/s is score x 65536 / 10^6.
 */
public class XtsGuestIoBenchmark extends XtsCipherBenchmark {
  /** Bytes per call: one 64 KiB guest I/O, as {@link OptionStackBenchmark} writes. */
  static final int CALL_BYTES = 64 * 1024;

  /** Both AES keys together: 512 (XTS-AES-256), as the stacks use. */
  @Param({"512"})
  public int keyBits;

  /** Bytes per sector. */
  @Param({"512", "4096"})
  public int sectorSize;

  @Override
  XtsFixture newFixture() {
    return new XtsFixture("java", keyBits, sectorSize, CALL_BYTES);
  }
}
