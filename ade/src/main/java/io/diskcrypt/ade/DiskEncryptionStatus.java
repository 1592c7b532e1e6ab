package io.diskcrypt.ade;

import io.diskcrypt.core.topology.DiskRole;
import java.util.Objects;
import java.util.Optional;

/**
 * One disk as ADE reports it: no key material, only where the keys live.
 *
 * @param disk the VM disk's name ({@code os}, {@code data0}, {@code temp})
 * @param role its role
 * @param state encrypted, not encrypted, or encrypted but not mounted
 * @param volumeFormat such as {@code LUKS2 aes-xts-plain64 512-bit, detached header} or
 *     {@code BitLocker XTS-AES-256}; empty when not encrypted
 * @param secretUrl the versioned URL of the Key Vault secret (passphrase or BEK); empty when not
 *     encrypted
 * @param keyEncryptionKeyUrl the versioned KEK URL, when the secret is wrapped
 */
public record DiskEncryptionStatus(
    String disk,
    DiskRole role,
    EncryptionState state,
    Optional<String> volumeFormat,
    Optional<String> secretUrl,
    Optional<String> keyEncryptionKeyUrl) {

  /** Checks every part is present. */
  public DiskEncryptionStatus {
    Objects.requireNonNull(disk, "disk");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(volumeFormat, "volumeFormat");
    Objects.requireNonNull(secretUrl, "secretUrl");
    Objects.requireNonNull(keyEncryptionKeyUrl, "keyEncryptionKeyUrl");
  }
}
