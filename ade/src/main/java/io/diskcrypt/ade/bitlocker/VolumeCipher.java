package io.diskcrypt.ade.bitlocker;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.SectorCipher;
import io.diskcrypt.core.crypto.TweakUnit;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsParameters;

/**
 * The sector cipher of a BitLocker volume, for each {@link EncryptionMethod}: whole sectors in place,
 * each under its own physical sector number (the volume's sector size). Not thread-safe; {@link
 * #close()} wipes the keys it holds.
 */
interface VolumeCipher extends AutoCloseable {

  /** Encrypts {@code length / sectorSize} sectors in place, the first being physical sector {@code sector}. */
  void encrypt(long sector, byte[] buffer, int offset, int length);

  /** Decrypts {@code length / sectorSize} sectors in place, the first being physical sector {@code sector}. */
  void decrypt(long sector, byte[] buffer, int offset, int length);

  @Override
  void close();

  /**
   * The cipher of {@code method} under the FVEK entry's key data ({@link EncryptionMethod#keyBytes()}
   * bytes), which the cipher copies.
   */
  static VolumeCipher of(EncryptionMethod method, SectorSize sectorSize, SecretKeyMaterial fvek) {
    if (method.xts()) {
      SectorCipher xts = XtsEngines.defaultEngine().newCipher(
          new XtsParameters(method.keyBytes() * 8, sectorSize, TweakUnit.SECTOR), fvek);
      return new VolumeCipher() {
        @Override
        public void encrypt(long sector, byte[] buffer, int offset, int length) {
          xts.encrypt(sector, buffer, offset, length);
        }

        @Override
        public void decrypt(long sector, byte[] buffer, int offset, int length) {
          xts.decrypt(sector, buffer, offset, length);
        }

        @Override
        public void close() {
          xts.close();
        }
      };
    }
    return new CbcCipher(method, sectorSize, fvek);
  }
}
