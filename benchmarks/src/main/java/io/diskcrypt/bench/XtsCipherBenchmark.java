package io.diskcrypt.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every engine benchmark measures: one sector per call, encrypted or decrypted in place, one
 * thread; score in sectors per second (MB/s is score x sectorSize / 10^6). Subclasses choose the
 * engines and sizes with their JMH parameters.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class XtsCipherBenchmark {
  private XtsFixture fixture;

  /** The cipher and sector of this trial, from the subclass's parameters. */
  abstract XtsFixture newFixture();

  /** Makes the cipher and the sector. */
  @Setup(Level.Trial)
  public void setUp() {
    fixture = newFixture();
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
