package io.diskcrypt.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * AES-XTS through Amazon Corretto Crypto Provider (engine {@code accp}: AWS-LC over JNI, one
 * Cipher.init per sector), 512-bit keys only (see {@link XtsCipherBenchmark} for what is measured).
 * Fails at setup where ACCP does not load (the engine is absent there).
 */
public class AccpXtsEngineBenchmark extends XtsCipherBenchmark {
  /** Both AES keys together: 512 (XTS-AES-256); ACCP has no XTS-AES-128. */
  @Param({"512"})
  public int keyBits;

  /** Bytes per sector. */
  @Param({"512", "4096"})
  public int sectorSize;

  /** The engine is not a parameter, so that {@code -p engine=...} meant for the others cannot relabel this one. */
  @Override
  XtsFixture newFixture() {
    return new XtsFixture("accp", keyBits, sectorSize);
  }
}
