package io.diskcrypt.keyvault;

import io.diskcrypt.core.crypto.Randomness;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A simulated attestation service (Microsoft Azure Attestation): it vouches for a trusted execution
 * environment by signing a token of claims about it, with the RSA key the environment holds (its
 * {@code x-ms-runtime} key, to which a released key is wrapped). What the environment really is stays
 * the caller's business: a confidential VM that passed attestation asks for the claims of one; a
 * failed attestation gets no token, or a token whose claims a release policy refuses.
 *
 * <p>The Key Vault service trusts the authorities it hands out ({@link
 * KeyVaultService#attestationAuthority(String)}), as Key Vault trusts Azure Attestation: it checks a
 * token's signature against the key of the authority named by the token's issuer. An authority made
 * with the public constructor is not registered anywhere, so its tokens are refused even when it
 * claims a trusted URL: a forger's.
 *
 * <p>Signatures are real (ECDSA P-256 with SHA-256).
 */
public final class AttestationAuthority {
  private final String url;
  private final KeyPair signing;

  /**
   * A new authority at {@code url}, such as {@code https://sharedweu.weu.attest.azure.net}, with a
   * fresh signing key (drawn, as its signatures' nonces are, from {@link Randomness}). Vaults trust only the ones {@link KeyVaultService#attestationAuthority} makes.
   */
  public AttestationAuthority(String url) {
    if (url == null || !url.startsWith("https://")) {
      throw new IllegalArgumentException("an attestation authority is an https URL, got " + url);
    }
    this.url = url;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), Randomness.source());
      this.signing = g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make P-256 keys", e);
    }
  }

  /** The authority's URL: the issuer ({@code iss}) of its tokens. */
  public String url() {
    return url;
  }

  /**
   * A token, valid from {@code issuedAt} for {@code validity}, saying that the environment holding the
   * private half of {@code runtimeKey} has {@code claims} (names in dot notation, such as {@code
   * x-ms-isolation-tee.x-ms-attestation-type}).
   *
   * @throws IllegalArgumentException when the runtime key is not RSA (a released key is wrapped to it)
   */
  public AttestationToken attest(Map<String, String> claims, PublicKey runtimeKey, Instant issuedAt, Duration validity) {
    if (!(Objects.requireNonNull(runtimeKey, "runtimeKey") instanceof RSAPublicKey)) {
      throw new IllegalArgumentException("the runtime key of an attested environment must be RSA, got "
          + runtimeKey.getAlgorithm());
    }
    AttestationToken unsigned = new AttestationToken(url, claims, runtimeKey, issuedAt, issuedAt.plus(validity),
        new byte[0]);
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(signing.getPrivate(), Randomness.source());
      s.update(unsigned.signedBytes());
      return new AttestationToken(url, claims, runtimeKey, issuedAt, unsigned.expires(), s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA signing failed", e);
    }
  }

  /** Whether this authority signed {@code token}. */
  boolean signed(AttestationToken token) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initVerify(signing.getPublic());
      s.update(token.signedBytes());
      return s.verify(token.signature());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "AttestationAuthority[" + url + "]";
  }
}
