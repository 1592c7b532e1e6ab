package io.diskcrypt.keyvault.provider;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyVaultService;
import io.diskcrypt.keyvault.VaultObjectId;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A Tink {@link KmsClient} over the simulated Key Vault, so that Tink's {@code KmsEnvelopeAead} can
 * use a vault RSA key as its key-encryption key. Key URIs are {@value #PREFIX} followed by a vault key
 * URL ({@code azure-kv-sim://https://contoso.vault.azure.net/keys/kek}); a URL without a version
 * encrypts with the current version, and decryption uses the version recorded in the ciphertext.
 *
 * <p>A vault RSA key cannot itself be an {@link Aead} (it takes a few hundred bytes and no associated
 * data), so the returned {@code Aead} is a hybrid: see {@code VaultAead} for the format. Every call
 * goes through the vault as the client's identity, so disabling, deleting or forbidding the key makes
 * encryption (and, when disabled, decryption) fail with the vault's exception.
 *
 * <p><b>Security.</b> The remote Aead gives confidentiality and integrity against anyone who cannot
 * call unwrapKey. It is public-key encryption underneath: anyone who holds the key's public half
 * (which getKey returns) can make a ciphertext that decrypts, so it does not authenticate the sender,
 * unlike a symmetric cloud KMS key. That is the same guarantee as Azure's own client-side envelope
 * encryption with a Key Vault RSA key.
 *
 * <p><b>Tink is optional</b> in this module: add {@code com.google.crypto.tink:tink} to use this class.
 * Nothing else here refers to Tink, so nothing else needs it. No check can run inside this class
 * without Tink, because it is a Tink {@code KmsClient}. Code that compiles against it has Tink, and a
 * class path that lost Tink fails on first use with a {@code NoClassDefFoundError} naming {@code
 * com/google/crypto/tink/KmsClient}.
 */
public final class VaultKmsClient implements KmsClient {
  /** The key URI prefix. */
  public static final String PREFIX = "azure-kv-sim://";

  private final KeyVaultService service;
  private final Identity identity;
  private final String boundUri;

  /** A client for any key of {@code service}, calling as {@code identity}. */
  public VaultKmsClient(KeyVaultService service, Identity identity) {
    this(service, identity, null);
  }

  /** A client bound to the one key URI {@code keyUri} (prefix plus key URL), or to any when null. */
  public VaultKmsClient(KeyVaultService service, Identity identity, String keyUri) {
    this.service = Objects.requireNonNull(service, "service");
    this.identity = Objects.requireNonNull(identity, "identity");
    if (keyUri != null) {
      keyUrlOf(keyUri);
    }
    this.boundUri = keyUri;
  }

  /** The Tink key URI of vault key URL {@code keyUrl}. */
  public static String keyUri(String keyUrl) {
    return PREFIX + keyUrl;
  }

  @Override
  public boolean doesSupport(String keyUri) {
    if (keyUri == null || !keyUri.startsWith(PREFIX)) {
      return false;
    }
    if (boundUri != null) {
      return boundUri.equals(keyUri);
    }
    return VaultObjectId.tryParse(keyUri.substring(PREFIX.length())).map(VaultObjectId::isKey).orElse(false);
  }

  /**
   * Refused: this client's credential is the {@link Identity} given to its constructor.
   *
   * @throws GeneralSecurityException always
   */
  @Override
  public KmsClient withCredentials(String credentialPath) throws GeneralSecurityException {
    throw new GeneralSecurityException("VaultKmsClient takes an Identity in its constructor, not a credential file: "
        + credentialPath);
  }

  /** This client: its identity is its default credential. */
  @Override
  public KmsClient withDefaultCredentials() {
    return this;
  }

  @Override
  public Aead getAead(String keyUri) throws GeneralSecurityException {
    if (!doesSupport(keyUri)) {
      throw new GeneralSecurityException("this client does not support key URI " + keyUri
          + (boundUri == null ? "" : " (it is bound to " + boundUri + ")"));
    }
    return new VaultAead(service, identity, keyUrlOf(keyUri));
  }

  private static String keyUrlOf(String keyUri) {
    if (keyUri == null || !keyUri.startsWith(PREFIX)) {
      throw new IllegalArgumentException("key URI must start with " + PREFIX + ": " + keyUri);
    }
    VaultObjectId id = VaultObjectId.parse(keyUri.substring(PREFIX.length()));
    if (!id.isKey()) {
      throw new IllegalArgumentException("key URI must name a vault key, not a secret: " + keyUri);
    }
    return id.url();
  }

  @Override
  public String toString() {
    return "VaultKmsClient[" + identity + (boundUri == null ? "" : ", " + boundUri) + "]";
  }
}
