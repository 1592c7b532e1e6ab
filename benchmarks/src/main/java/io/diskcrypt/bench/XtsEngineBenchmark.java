package io.diskcrypt.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * AES-XTS through the pure-Java default ({@code java}) and Bouncy Castle's pure-Java AES ({@code
 * bouncycastle}), both key sizes (see {@link XtsCipherBenchmark} for what is measured). ACCP, which
 * takes 512-bit keys only, is {@link AccpXtsEngineBenchmark}.
 */
public class XtsEngineBenchmark extends XtsCipherBenchmark {
  /** The engine, by its XtsEngines name. */
  @Param({"java", "bouncycastle"})
  public String engine;

  /** Both AES keys together: 256 (XTS-AES-128) or 512 (XTS-AES-256). */
  @Param({"256", "512"})
  public int keyBits;

  /** Bytes per sector. */
  @Param({"512", "4096"})
  public int sectorSize;

  @Override
  XtsFixture newFixture() {
    return new XtsFixture(engine, keyBits, sectorSize);
  }
}
