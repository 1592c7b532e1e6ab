package io.diskcrypt.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * AES-XTS through Amazon Corretto Crypto Provider (engine {@code accp}: AWS-LC over JNI, one
 * Cipher.init per sector), 512-bit keys only, one sector per call, in place, one thread. Score:
 * sectors per second. Fails at setup where ACCP does not load (the engine is absent there).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AccpXtsEngineBenchmark {
  /** Not a parameter, so that {@code -p engine=...} meant for the other engines cannot relabel this one. */
  private static final String ENGINE = "accp";

  /** Both AES keys together: 512 (XTS-AES-256); ACCP has no XTS-AES-128. */
  @Param({"512"})
  public int keyBits;

  /** Bytes per sector. */
  @Param({"512", "4096"})
  public int sectorSize;

  private XtsFixture fixture;

  /** Makes the cipher and the sector. */
  @Setup(Level.Trial)
  public void setUp() {
    fixture = new XtsFixture(ENGINE, keyBits, sectorSize);
  }

  /** Closes the cipher. */
  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  /** Encrypts one sector in place. */
  @Benchmark
  public byte[] encrypt() {
    return fixture.encrypt();
  }

  /** Decrypts one sector in place. */
  @Benchmark
  public byte[] decrypt() {
    return fixture.decrypt();
  }
}
