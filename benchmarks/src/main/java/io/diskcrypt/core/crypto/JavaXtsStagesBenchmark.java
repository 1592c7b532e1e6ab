package io.diskcrypt.core.crypto;

import io.diskcrypt.core.block.SectorSize;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Where the default engine's time above the JDK's AES goes: each stage of {@link JavaXtsCipher} alone,
 * on one sector in place (AES-256-XTS), beside the whole call. It lives in the engine's package to
 * call the stages, which are package-private. Measured by the median call (JMH sample mode, as
 * {@code targets.sh} does); {@link #timer} is the cost of an empty call, to subtract from each.
 * {@code benchmarks/breakdown.sh} runs it with {@code JdkAesBenchmark} and prints the table.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JavaXtsStagesBenchmark {
  /** Sector numbers wrap below this, as in the engine benchmarks. */
  private static final long SECTOR_MASK = (1L << 30) - 1;

  /** Bytes per sector. */
  @Param({"512", "4096"})
  public int sectorSize;

  private JavaXtsCipher cipher;
  private byte[] sector;
  private long next;

  /** Makes the cipher and the sector. */
  @Setup
  public void setUp() {
    XtsParameters parameters = new XtsParameters(512, SectorSize.ofBytes(sectorSize), TweakUnit.BYTES_512);
    try (SecretKeyMaterial key = SecretKeyMaterial.random(parameters.keyBytes())) {
      cipher = new JavaXtsCipher(parameters, key);
    }
    sector = new byte[sectorSize];
    new SplittableRandom(42).nextBytes(sector);
  }

  /** Closes the cipher. */
  @TearDown
  public void tearDown() {
    cipher.close();
  }

  /** An empty call: what the timer adds to every median below. */
  @Benchmark
  public long timer() {
    return next++;
  }

  /** The whole engine: encrypts one sector in place. */
  @Benchmark
  public byte[] encrypt() {
    cipher.encrypt(next++ & SECTOR_MASK, sector, 0, sectorSize);
    return sector;
  }

  /** The whole engine: decrypts one sector in place. */
  @Benchmark
  public byte[] decrypt() {
    cipher.decrypt(next++ & SECTOR_MASK, sector, 0, sectorSize);
    return sector;
  }

  /** The argument checks every call makes: whole sectors, ranges, a tweak for every sector. */
  @Benchmark
  public XtsParameters checks() {
    XtsKeys.checkRange(sectorSize, sector, 0, sector, 0, sectorSize);
    cipher.parameters().checkSectors(next++ & SECTOR_MASK, 1);
    return cipher.parameters();
  }

  /** The sector's first tweak, E_K2(sector number): one {@code AES/ECB} call over 16 bytes. */
  @Benchmark
  public JavaXtsCipher tweakSeed() throws GeneralSecurityException {
    cipher.firstTweaks(next++ & SECTOR_MASK, 1);
    return cipher;
  }

  /** Every block's tweak from the first one. */
  @Benchmark
  public JavaXtsCipher expand() {
    cipher.expandTweaks(1);
    return cipher;
  }

  /** The first XOR pass: the sector ^ tweaks into the block given to AES. */
  @Benchmark
  public JavaXtsCipher whitenIn() {
    cipher.whitenIn(sectorSize, sector, 0);
    return cipher;
  }

  /** Encryption's last XOR pass: AES's output ^ tweaks into the sector. */
  @Benchmark
  public byte[] whitenOut() {
    cipher.whitenOut(sectorSize, sector, 0);
    return sector;
  }

  /** Decryption only: the copy of the whitened blocks, one block along, for CBC's chaining. */
  @Benchmark
  public JavaXtsCipher keepPrevious() {
    cipher.keepPrevious(sectorSize);
    return cipher;
  }

  /** Decryption's last XOR pass: AES's output ^ tweaks ^ the previous blocks into the sector. */
  @Benchmark
  public byte[] whitenOutUnchained() {
    cipher.whitenOutUnchained(sectorSize, sector, 0);
    return sector;
  }
}
