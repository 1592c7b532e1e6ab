package io.diskcrypt.ade.bitlocker;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link BitLocker#format} made: the volume's metadata, the external key (the secret ADE puts in
 * Key Vault) and, if asked for, the recovery password.
 *
 * @param info the volume's metadata
 * @param bek the external key protector's {@code .BEK} file; the caller owns it and should destroy it
 * @param recoveryPassword the recovery password, when {@link BitLockerOptions#recoveryPassword()} was set
 */
public record BitLockerFormatResult(BitLockerVolumeInfo info, BekFile bek, Optional<RecoveryPassword> recoveryPassword) {
  /** Checks for nulls. */
  public BitLockerFormatResult {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(bek, "bek");
    Objects.requireNonNull(recoveryPassword, "recoveryPassword");
  }
}
