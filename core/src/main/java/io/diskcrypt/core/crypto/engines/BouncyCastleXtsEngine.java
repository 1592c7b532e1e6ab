package io.diskcrypt.core.crypto.engines;

import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.SectorCipher;
import io.diskcrypt.core.crypto.XtsEngine;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsKeys;
import io.diskcrypt.core.crypto.XtsParameters;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Engine {@code "bouncycastle"}: Bouncy Castle's pure-Java {@link AESEngine}, one 16-byte block at a
 * time, with the XTS tweak arithmetic done here: the baseline a user of a pure-Java crypto stack gets
 * without the JDK's AES instructions. Present only where bcprov is on the classpath.
 *
 * <p>Public only because {@link java.util.ServiceLoader} instantiates it (core's module-info
 * {@code provides} it, and META-INF/services lists it for the class path); its package is not
 * exported: reach it through {@link XtsEngines#byName}.
 */
public final class BouncyCastleXtsEngine implements XtsEngine {
  static final String NAME = "bouncycastle";

  /**
   * For ServiceLoader.
   *
   * @throws NoClassDefFoundError where Bouncy Castle is not on the classpath (the engine is then left out)
   */
  public BouncyCastleXtsEngine() {
    new AESEngine().getAlgorithmName();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SectorCipher newCipher(XtsParameters parameters, SecretKeyMaterial key) {
    XtsKeys.check(parameters, key);
    return new Cipher(parameters, key);
  }

  @Override
  public String toString() {
    return "XtsEngine[" + NAME + "]";
  }

  /** XTS over {@link AESEngine#processBlock}; no allocation per sector. */
  private static final class Cipher implements SectorCipher {
    private final XtsParameters parameters;
    private final int sectorBytes;
    private final AESEngine dataEncrypt = new AESEngine();
    private final AESEngine dataDecrypt = new AESEngine();
    private final AESEngine tweakEncrypt = new AESEngine();
    private final byte[] tweak = new byte[16];
    private boolean closed;

    Cipher(XtsParameters parameters, SecretKeyMaterial key) {
      this.parameters = parameters;
      this.sectorBytes = parameters.sectorSize().bytes();
      int half = parameters.keyBytes() / 2;
      byte[] dataKey = key.copyBytes(0, half);
      byte[] tweakKey = key.copyBytes(half, half);
      try {
        dataEncrypt.init(true, new KeyParameter(dataKey));
        dataDecrypt.init(false, new KeyParameter(dataKey));
        tweakEncrypt.init(true, new KeyParameter(tweakKey));
      } finally {
        Arrays.fill(dataKey, (byte) 0);
        Arrays.fill(tweakKey, (byte) 0);
      }
    }

    @Override
    public XtsParameters parameters() {
      return parameters;
    }

    @Override
    public void encrypt(long sector, byte[] in, int inOffset, byte[] out, int outOffset, int length) {
      run(dataEncrypt, sector, in, inOffset, out, outOffset, length);
    }

    @Override
    public void decrypt(long sector, byte[] in, int inOffset, byte[] out, int outOffset, int length) {
      run(dataDecrypt, sector, in, inOffset, out, outOffset, length);
    }

    private void run(AESEngine data, long sector, byte[] in, int inOffset, byte[] out, int outOffset, int length) {
      if (closed) {
        throw new IllegalStateException("the XTS cipher was closed");
      }
      XtsKeys.checkRange(sectorBytes, in, inOffset, out, outOffset, length);
      parameters.checkSectors(sector, length / sectorBytes);
      for (int done = 0; done < length; done += sectorBytes) {
        Xts.tweakBlock(parameters.tweakOf(sector + done / sectorBytes), tweak);
        tweakEncrypt.processBlock(tweak, 0, tweak, 0);
        for (int b = done; b < done + sectorBytes; b += 16) {
          for (int i = 0; i < 16; i++) {
            out[outOffset + b + i] = (byte) (in[inOffset + b + i] ^ tweak[i]);
          }
          data.processBlock(out, outOffset + b, out, outOffset + b);
          for (int i = 0; i < 16; i++) {
            out[outOffset + b + i] ^= tweak[i];
          }
          Xts.timesX(tweak);
        }
      }
    }

    /** Wipes the tweak; Bouncy Castle's expanded key schedules go with the engines (no API wipes them). */
    @Override
    public void close() {
      closed = true;
      Arrays.fill(tweak, (byte) 0);
    }

    @Override
    public String toString() {
      return "BouncyCastleXtsCipher[" + parameters + "]";
    }
  }
}
