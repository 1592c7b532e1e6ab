package io.diskcrypt.keyvault.provider;

import com.google.crypto.tink.Aead;
import io.diskcrypt.core.crypto.Randomness;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyOperationResult;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.KeyWrapAlgorithm;
import io.diskcrypt.keyvault.VaultObjectId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@link Aead} of {@link VaultKmsClient}: a fresh AES-256-GCM key per message, wrapped by the
 * vault key with RSA-OAEP-256. Ciphertext layout (integers big-endian):
 *
 * <pre>
 * 1 byte   format version, 0x01
 * 2 bytes  n = length of kid; n bytes kid (UTF-8: the exact versioned key URL that wrapped)
 * 2 bytes  m = length of the wrapped AES key; m bytes wrapped AES key
 * 12 bytes GCM nonce
 * rest     AES-256-GCM ciphertext and 16-byte tag of the plaintext
 * </pre>
 *
 * The GCM associated data is the header (everything before the nonce) followed by the caller's
 * associated data; the header is self-delimiting, so the concatenation is unambiguous and a changed
 * kid or wrapped key fails the tag. Decryption refuses a kid of another vault key than the one this
 * Aead was made for.
 */
final class VaultAead implements Aead {
  private static final byte FORMAT = 0x01;
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final KeyWrapAlgorithm WRAP = KeyWrapAlgorithm.RSA_OAEP_256;

  private final KeyVaultService service;
  private final Identity identity;
  private final String keyUrl;
  private final VaultObjectId keyId;

  VaultAead(KeyVaultService service, Identity identity, String keyUrl) {
    this.service = service;
    this.identity = identity;
    this.keyUrl = keyUrl;
    this.keyId = VaultObjectId.parse(keyUrl);
  }

  @Override
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    byte[] aesKey = new byte[32];
    Randomness.source().nextBytes(aesKey);
    try {
      KeyOperationResult wrapped = service.vaultOf(keyUrl).wrapKey(identity, keyUrl, WRAP, aesKey);
      byte[] kid = wrapped.kid().getBytes(StandardCharsets.UTF_8);
      byte[] wrappedKey = wrapped.value();
      byte[] header = ByteBuffer.allocate(1 + 2 + kid.length + 2 + wrappedKey.length)
          .put(FORMAT).putShort((short) kid.length).put(kid).putShort((short) wrappedKey.length).put(wrappedKey)
          .array();
      byte[] nonce = new byte[NONCE];
      Randomness.source().nextBytes(nonce);
      byte[] body = gcm(Cipher.ENCRYPT_MODE, aesKey, nonce, header, associatedData, plaintext);
      return ByteBuffer.allocate(header.length + NONCE + body.length).put(header).put(nonce).put(body).array();
    } finally {
      Arrays.fill(aesKey, (byte) 0);
    }
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    ByteBuffer in = ByteBuffer.wrap(ciphertext);
    try {
      if (in.get() != FORMAT) {
        throw new GeneralSecurityException("unknown ciphertext format for " + keyUrl);
      }
      byte[] kid = new byte[Short.toUnsignedInt(in.getShort())];
      in.get(kid);
      byte[] wrapped = new byte[Short.toUnsignedInt(in.getShort())];
      in.get(wrapped);
      int headerLength = in.position();
      byte[] nonce = new byte[NONCE];
      in.get(nonce);
      byte[] body = new byte[in.remaining()];
      in.get(body);
      String kidUrl = new String(kid, StandardCharsets.UTF_8);
      VaultObjectId used = VaultObjectId.tryParse(kidUrl).orElseThrow(
          () -> new GeneralSecurityException("ciphertext names no vault key version"));
      if (!used.versionless().equals(keyId.versionless()) || !used.isVersioned()) {
        throw new GeneralSecurityException("ciphertext was made with key " + kidUrl + ", not " + keyUrl);
      }
      KeyOperationResult r = service.vaultOf(kidUrl).unwrapKey(identity, kidUrl, WRAP, wrapped);
      byte[] aesKey = r.value();
      r.wipe();
      try {
        return gcm(Cipher.DECRYPT_MODE, aesKey, nonce, Arrays.copyOf(ciphertext, headerLength), associatedData, body);
      } finally {
        Arrays.fill(aesKey, (byte) 0);
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw new GeneralSecurityException("ciphertext for " + keyUrl + " is truncated");
    }
  }

  private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] header, byte[] associatedData, byte[] input)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    c.updateAAD(header);
    if (associatedData != null) {
      c.updateAAD(associatedData);
    }
    return c.doFinal(input);
  }

  @Override
  public String toString() {
    return "VaultAead[" + keyUrl + "]";
  }
}
