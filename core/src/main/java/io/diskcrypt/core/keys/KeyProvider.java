package io.diskcrypt.core.keys;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.crypto.EncryptionLayer;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.SectorCipher;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsParameters;

/**
 * Envelope encryption as every option uses it: a key-encryption key (KEK), named by an id and held by
 * someone (the platform, a customer's vault), wraps random data keys; only wrapped data keys are
 * stored. The implementations stand in for platform-managed keys, customer-managed keys in a vault,
 * and test doubles.
 *
 * <p>Key ids are strings as the provider shapes them. An id without a version means the current
 * version; a {@link WrappedKey} always records the exact version that wrapped it, and unwrapping uses
 * that version.
 *
 * <p><b>Security.</b> Implementations never put key bytes in messages, logs or {@code toString}.
 */
public interface KeyProvider {

  /** Who holds the key-encryption keys, in words: {@code "platform-managed key"}, a vault's name. */
  String holder();

  /**
   * Wraps {@code dataKey} under the key-encryption key {@code kekId}.
   *
   * @throws KeyAccessException (its reason says why) when the KEK cannot be used to wrap
   */
  WrappedKey wrap(String kekId, SecretKeyMaterial dataKey) throws KeyAccessException;

  /**
   * Unwraps a data key. The caller owns the result and destroys it when done.
   *
   * @throws KeyAccessException (its reason says why) when the KEK cannot be used, or the wrapped
   *     bytes do not unwrap under it
   */
  SecretKeyMaterial unwrap(WrappedKey wrapped) throws KeyAccessException;

  /**
   * A fresh random data key of {@code lengthBytes}, wrapped under {@code kekId}.
   *
   * @throws KeyAccessException when the KEK cannot be used to wrap
   */
  default DataKey newDataKey(String kekId, int lengthBytes) throws KeyAccessException {
    SecretKeyMaterial key = SecretKeyMaterial.random(lengthBytes);
    try {
      return new DataKey(key, wrap(kekId, key));
    } catch (KeyAccessException | RuntimeException e) {
      key.destroy();
      throw e;
    }
  }

  /**
   * An AES-256-XTS layer over {@code below} (dm-crypt plain64 tweak, the device's sector size, the
   * default engine) keyed by the data key unwrapped from {@code wrapped}: what an option builds when a
   * VM starts. It is a platform layer: sectors never written read as zeros. The unwrapped key is
   * destroyed as soon as the cipher holds it.
   *
   * @param payer the account of the component that runs the layer
   * @param keyDescription who holds the key, for messages (never key bytes)
   * @throws KeyAccessException when the key-encryption key cannot unwrap it
   */
  default EncryptionLayer unwrapIntoLayer(BlockDevice below, WrappedKey wrapped, CpuAccount payer, String keyDescription)
      throws KeyAccessException {
    XtsParameters parameters = XtsParameters.AES_256_XTS_512.withSectorSize(below.sectorSize());
    try (SecretKeyMaterial dataKey = unwrap(wrapped)) {
      SectorCipher cipher = XtsEngines.defaultEngine().newCipher(parameters, dataKey);
      try {
        return new EncryptionLayer(below, cipher, payer, keyDescription, true);
      } catch (RuntimeException e) {
        cipher.close(); // the layer never took it: its key copies would stay in memory
        throw e;
      }
    }
  }
}
