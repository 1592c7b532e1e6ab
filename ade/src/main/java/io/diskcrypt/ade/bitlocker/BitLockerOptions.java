package io.diskcrypt.ade.bitlocker;

import io.diskcrypt.core.block.SectorSize;
import java.time.Instant;
import java.util.Objects;

/**
 * How {@link BitLocker#format} sets up a volume. Start from {@link #defaults()} and change what you need
 * with the {@code with...} methods.
 *
 * @param method XTS_AES_128 or XTS_AES_256
 * @param description the volume description stored in the metadata (Windows writes "HOST C: date");
 *     at most {@value #MAX_DESCRIPTION_CHARS} characters
 * @param sectorSize the sector size the volume is formatted for; null means the device's. When given
 *     it must equal the device's
 * @param recoveryPassword whether to add a 48-digit recovery password protector besides the external key
 * @param fullEncryption true to write encrypted zeros over the whole data area while formatting (every
 *     sector then decrypts to zeros until written); false for "used space only", where sectors never
 *     written read back as noise, as on Windows
 * @param creationTime the creation time stored in the metadata; null means now
 */
public record BitLockerOptions(
    EncryptionMethod method,
    String description,
    SectorSize sectorSize,
    boolean recoveryPassword,
    boolean fullEncryption,
    Instant creationTime) {

  /** The longest description accepted, in UTF-16 code units. */
  public static final int MAX_DESCRIPTION_CHARS = 256;

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException naming a description that is too long
   */
  public BitLockerOptions {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(description, "description");
    if (description.length() > MAX_DESCRIPTION_CHARS) {
      throw new IllegalArgumentException("description is " + description.length()
          + " characters: at most " + MAX_DESCRIPTION_CHARS + " allowed");
    }
  }

  /** XTS-AES-256 (as ADE), description "diskcrypt-sim", the device's sector size, no recovery password, used space only. */
  public static BitLockerOptions defaults() {
    return new BitLockerOptions(EncryptionMethod.XTS_AES_256, "diskcrypt-sim", null, false, false, null);
  }

  /** A copy with another encryption method. */
  public BitLockerOptions withMethod(EncryptionMethod value) {
    return new BitLockerOptions(value, description, sectorSize, recoveryPassword, fullEncryption, creationTime);
  }

  /** A copy with another description. */
  public BitLockerOptions withDescription(String value) {
    return new BitLockerOptions(method, value, sectorSize, recoveryPassword, fullEncryption, creationTime);
  }

  /** A copy with a required sector size. */
  public BitLockerOptions withSectorSize(SectorSize value) {
    return new BitLockerOptions(method, description, value, recoveryPassword, fullEncryption, creationTime);
  }

  /** A copy that does (or does not) add a recovery password protector. */
  public BitLockerOptions withRecoveryPassword(boolean value) {
    return new BitLockerOptions(method, description, sectorSize, value, fullEncryption, creationTime);
  }

  /** A copy that does (or does not) encrypt the whole data area while formatting. */
  public BitLockerOptions withFullEncryption(boolean value) {
    return new BitLockerOptions(method, description, sectorSize, recoveryPassword, value, creationTime);
  }

  /** A copy with a fixed creation time (for reproducible images). */
  public BitLockerOptions withCreationTime(Instant value) {
    return new BitLockerOptions(method, description, sectorSize, recoveryPassword, fullEncryption, value);
  }
}
