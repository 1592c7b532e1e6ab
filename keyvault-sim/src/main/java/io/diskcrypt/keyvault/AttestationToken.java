package io.diskcrypt.keyvault;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An attestation token (an environment assertion): who issued it, what it claims about a trusted
 * execution environment, the RSA key that environment holds, its validity window and the issuer's
 * signature. Made by {@link AttestationAuthority#attest}; the target of {@link KeyVault#release}.
 *
 * @param issuer the authority's URL ({@code iss})
 * @param claims the claims, names in dot notation
 * @param runtimeKey the environment's RSA public key ({@code x-ms-runtime.keys}): a released key is
 *     wrapped to it
 * @param issuedAt start of validity ({@code iat}/{@code nbf})
 * @param expires end of validity ({@code exp})
 * @param signature the issuer's signature over the rest
 */
public record AttestationToken(String issuer, Map<String, String> claims, PublicKey runtimeKey, Instant issuedAt,
    Instant expires, byte[] signature) {

  /** Copies the claims and the signature in. */
  public AttestationToken {
    Objects.requireNonNull(issuer, "issuer");
    claims = Map.copyOf(claims);
    Objects.requireNonNull(runtimeKey, "runtimeKey");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expires, "expires");
    signature = signature.clone();
  }

  /** A copy of the signature. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** Whether {@code now} is inside the token's validity window. */
  public boolean isValidAt(Instant now) {
    return !now.isBefore(issuedAt) && now.isBefore(expires);
  }

  /** The bytes the issuer signs: everything but the signature, in one unambiguous encoding. */
  byte[] signedBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(issuer);
      out.writeInt(claims.size());
      for (Map.Entry<String, String> c : new TreeMap<>(claims).entrySet()) {
        out.writeUTF(c.getKey());
        out.writeUTF(c.getValue());
      }
      byte[] key = runtimeKey.getEncoded();
      out.writeInt(key.length);
      out.write(key);
      out.writeLong(issuedAt.getEpochSecond());
      out.writeInt(issuedAt.getNano());
      out.writeLong(expires.getEpochSecond());
      out.writeInt(expires.getNano());
    } catch (IOException e) {
      throw new IllegalStateException("in-memory stream failed", e);
    }
    return bytes.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AttestationToken t && issuer.equals(t.issuer) && claims.equals(t.claims)
        && runtimeKey.equals(t.runtimeKey) && issuedAt.equals(t.issuedAt) && expires.equals(t.expires)
        && java.util.Arrays.equals(signature, t.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(issuer, claims, issuedAt, expires);
  }

  @Override
  public String toString() {
    return "AttestationToken[" + issuer + ", " + claims + ", valid " + issuedAt + " to " + expires + "]";
  }
}
