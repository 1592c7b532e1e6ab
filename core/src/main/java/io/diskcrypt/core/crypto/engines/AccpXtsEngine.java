package io.diskcrypt.core.crypto.engines;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.SectorCipher;
import io.diskcrypt.core.crypto.XtsEngine;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsKeys;
import io.diskcrypt.core.crypto.XtsParameters;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;

/**
 * Engine {@code "accp"}: Amazon Corretto Crypto Provider's {@code AES/XTS/NoPadding} (AWS-LC over
 * JNI), XTS-AES-256 (512-bit keys) only. Present only where ACCP is on the classpath and its native
 * library loads (linux-x86_64 here); elsewhere {@link XtsEngines#available()} simply lacks it.
 *
 * <p>ACCP takes the tweak through {@code Cipher.init} (so one init per sector, which allocates), and
 * refuses to encrypt twice in a row with the same key and tweak; a disk rewrites sectors all the
 * time, so the cipher re-inits for decryption in between when the sector repeats.
 *
 * <p>Public only because {@link java.util.ServiceLoader} instantiates it (core's module-info
 * {@code provides} it, and META-INF/services lists it for the class path); its package is not
 * exported: reach it through {@link XtsEngines#byName}.
 */
public final class AccpXtsEngine implements XtsEngine {
  static final String NAME = "accp";

  /**
   * For ServiceLoader.
   *
   * @throws IllegalStateException where ACCP's native library does not load (the engine is then left out)
   */
  public AccpXtsEngine() {
    Throwable error = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
    if (error != null) {
      throw new IllegalStateException("ACCP's native library did not load", error);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean supports(XtsParameters parameters) {
    return parameters.keyBits() == 512;
  }

  @Override
  public SectorCipher newCipher(XtsParameters parameters, SecretKeyMaterial key) {
    if (!supports(parameters)) {
      throw new IllegalArgumentException(
          "engine accp supports only 512-bit XTS keys (XTS-AES-256), not " + parameters.keyBits() + "-bit");
    }
    XtsKeys.check(parameters, key);
    return new AccpCipher(parameters, key);
  }

  @Override
  public String toString() {
    return "XtsEngine[" + NAME + "]";
  }

  /** One ACCP cipher, re-initialised with each sector's tweak. */
  private static final class AccpCipher implements SectorCipher {
    private final XtsParameters parameters;
    private final int sectorBytes;
    private final WipeableKey key;
    private final Cipher cipher;
    private final byte[] tweak = new byte[16];
    private long lastEncrypted = -1;
    private boolean encryptedAny;
    private boolean closed;

    AccpCipher(XtsParameters parameters, SecretKeyMaterial material) {
      this.parameters = parameters;
      this.sectorBytes = parameters.sectorSize().bytes();
      this.key = new WipeableKey(material.copyBytes());
      try {
        this.cipher = Cipher.getInstance("AES/XTS/NoPadding", AmazonCorrettoCryptoProvider.INSTANCE);
      } catch (GeneralSecurityException e) {
        key.wipe();
        throw new IllegalStateException("ACCP has no AES/XTS/NoPadding", e);
      }
    }

    @Override
    public XtsParameters parameters() {
      return parameters;
    }

    @Override
    public void encrypt(long sector, byte[] in, int inOffset, byte[] out, int outOffset, int length) {
      run(Cipher.ENCRYPT_MODE, sector, in, inOffset, out, outOffset, length);
    }

    @Override
    public void decrypt(long sector, byte[] in, int inOffset, byte[] out, int outOffset, int length) {
      run(Cipher.DECRYPT_MODE, sector, in, inOffset, out, outOffset, length);
    }

    private void run(int mode, long sector, byte[] in, int inOffset, byte[] out, int outOffset, int length) {
      if (closed) {
        throw new IllegalStateException("the XTS cipher was closed");
      }
      XtsKeys.checkRange(sectorBytes, in, inOffset, out, outOffset, length);
      parameters.checkSectors(sector, length / sectorBytes);
      try {
        for (int done = 0; done < length; done += sectorBytes) {
          long unit = parameters.tweakOf(sector + done / sectorBytes);
          if (mode == Cipher.ENCRYPT_MODE && encryptedAny && unit == lastEncrypted) {
            // ACCP refuses a second encryption under the same key and tweak: reset its state first.
            Xts.tweakBlock(~unit, tweak);
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(tweak));
          }
          Xts.tweakBlock(unit, tweak);
          cipher.init(mode, key, new IvParameterSpec(tweak));
          cipher.doFinal(in, inOffset + done, sectorBytes, out, outOffset + done);
          if (mode == Cipher.ENCRYPT_MODE) {
            encryptedAny = true;
            lastEncrypted = unit;
          }
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("ACCP AES/XTS failed on a whole sector", e);
      }
    }

    /** Wipes this cipher's copy of the key; ACCP keeps a copy inside its cipher, which goes with it. */
    @Override
    public void close() {
      closed = true;
      key.wipe();
      Arrays.fill(tweak, (byte) 0);
    }

    @Override
    public String toString() {
      return "AccpXtsCipher[" + parameters + "]";
    }
  }

  /** A raw AES-XTS key whose bytes this engine can wipe (a SecretKeySpec cannot be wiped). */
  private static final class WipeableKey implements SecretKey {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    WipeableKey(byte[] owned) {
      this.bytes = owned;
    }

    @Override
    public String getAlgorithm() {
      return "AES";
    }

    @Override
    public String getFormat() {
      return "RAW";
    }

    @Override
    public byte[] getEncoded() {
      return bytes.clone();
    }

    void wipe() {
      Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String toString() {
      return "WipeableKey[" + bytes.length + " bytes]";
    }
  }
}
