package io.diskcrypt.bench;

import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JDK's own AES, with no XTS around it: the ceiling of any pure-Java XTS engine on this machine
 * and JDK, measured in the same run as the engines. The default engine encrypts through one {@code
 * AES/ECB} call per sector and decrypts through one {@code AES/CBC} decryption call, so these two
 * calls over a sector, with nothing else, bound its encryption and decryption. Where HotSpot has no
 * multi-block ECB routine for the processor (it has one only for AVX-512), {@code ecbEncrypt} is far
 * below {@code openssl speed -evp aes-256-xts}, and no pure-Java engine can be faster than it.
 * Score: sectors per second; MB/s is score x sectorSize / 10^6.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JdkAesBenchmark {
  /** One AES key, as in one half of an XTS key: 128 or 256. */
  @Param({"256"})
  public int aesKeyBits;

  /** Bytes per call, as per sector. */
  @Param({"512", "4096"})
  public int sectorSize;

  private Cipher ecbEncrypt;
  private Cipher cbcDecrypt;
  private Cipher ecbDecrypt;
  private byte[] in;
  private byte[] out;

  /** Makes both ciphers and the buffers. */
  @Setup
  public void setUp() throws GeneralSecurityException {
    SplittableRandom random = new SplittableRandom(42);
    byte[] key = new byte[aesKeyBits / 8];
    random.nextBytes(key);
    SecretKeySpec spec = new SecretKeySpec(key, "AES");
    ecbEncrypt = Cipher.getInstance("AES/ECB/NoPadding");
    ecbEncrypt.init(Cipher.ENCRYPT_MODE, spec);
    cbcDecrypt = Cipher.getInstance("AES/CBC/NoPadding");
    cbcDecrypt.init(Cipher.DECRYPT_MODE, spec, new IvParameterSpec(new byte[16]));
    ecbDecrypt = Cipher.getInstance("AES/ECB/NoPadding");
    ecbDecrypt.init(Cipher.DECRYPT_MODE, spec);
    in = new byte[sectorSize];
    out = new byte[sectorSize];
    random.nextBytes(in);
  }

  /** One {@code AES/ECB} encryption call over a sector, into another buffer (as the engine does). */
  @Benchmark
  public byte[] ecbEncrypt() throws GeneralSecurityException {
    ecbEncrypt.update(in, 0, sectorSize, out, 0);
    return out;
  }

  /** One {@code AES/CBC} decryption call over a sector, into another buffer (as the engine does). */
  @Benchmark
  public byte[] cbcDecrypt() throws GeneralSecurityException {
    cbcDecrypt.update(in, 0, sectorSize, out, 0);
    return out;
  }

  /**
   * One {@code AES/ECB} decryption call over a sector: HotSpot pipelines it only where the processor
   * has AVX-512 with VAES, which is why the engine decrypts through CBC.
   */
  @Benchmark
  public byte[] ecbDecrypt() throws GeneralSecurityException {
    ecbDecrypt.update(in, 0, sectorSize, out, 0);
    return out;
  }
}
