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
 * AES-XTS, one sector per call, in place, one thread: the pure-Java default ({@code java}) and Bouncy
 * Castle's pure-Java AES ({@code bouncycastle}), both key sizes. Score: sectors per second; MB/s is
 * score x sectorSize / 10^6. ACCP, which takes 512-bit keys only, is {@link AccpXtsEngineBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class XtsEngineBenchmark {
  /** The engine, by its XtsEngines name. */
  @Param({"java", "bouncycastle"})
  public String engine;

  /** Both AES keys together: 256 (XTS-AES-128) or 512 (XTS-AES-256). */
  @Param({"256", "512"})
  public int keyBits;

  /** Bytes per sector. */
  @Param({"512", "4096"})
  public int sectorSize;

  private XtsFixture fixture;

  /** Makes the cipher and the sector. */
  @Setup(Level.Trial)
  public void setUp() {
    fixture = new XtsFixture(engine, keyBits, sectorSize);
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
