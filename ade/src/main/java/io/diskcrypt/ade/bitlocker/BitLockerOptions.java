package io.diskcrypt.ade.bitlocker;

import io.diskcrypt.core.block.SectorSize;
import java.time.Instant;
import java.util.Objects;

/**
 * How {@link BitLocker#format} sets up a volume. Start from {@link #defaults()} and change what you need
 * with the {@code with...} methods.
 *
 * @param method any of the six methods (AES-CBC with or without Elephant, XTS-AES; 128 or 256 bits)
 * @param description the volume description stored in the metadata (Windows writes "HOST C: date");
 *     at most {@value #MAX_DESCRIPTION_CHARS} characters
 * @param sectorSize the sector size the volume is formatted for; null means the device's. When given
 *     it must equal the device's
 * @param recoveryPassword whether to add a 48-digit recovery password protector besides the external key
 * @param fullEncryption true to write encrypted zeros over the whole data area while formatting (every
 *     sector then decrypts to zeros until written); false for "used space only", where sectors never
 *     written read back as noise, as on Windows
 * @param creationTime the creation time stored in the metadata; null means now
 * @param placement where the metadata copies and the backup of the first sectors go
 * @param encryptedBytes null for a finished conversion; otherwise the volume is left as Windows leaves a
 *     paused encryption ({@code manage-bde -pause}): the bytes from this offset up are plaintext, and the
 *     metadata says "conversion paused, heading for encrypted". A multiple of 64 KiB up to the volume size
 * @param clearKey whether to add a clear-key protector (the VMK stored unprotected, as while protection
 *     is suspended), which opens the volume without any secret
 */
public record BitLockerOptions(
    EncryptionMethod method,
    String description,
    SectorSize sectorSize,
    boolean recoveryPassword,
    boolean fullEncryption,
    Instant creationTime,
    MetadataPlacement placement,
    Long encryptedBytes,
    boolean clearKey) {

  /** The longest description accepted, in UTF-16 code units. */
  public static final int MAX_DESCRIPTION_CHARS = 256;

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException naming a description that is too long or a negative or unaligned
   *     encrypted size
   */
  public BitLockerOptions {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(placement, "placement");
    if (description.length() > MAX_DESCRIPTION_CHARS) {
      throw new IllegalArgumentException("description is " + description.length()
          + " characters: at most " + MAX_DESCRIPTION_CHARS + " allowed");
    }
    if (encryptedBytes != null && (encryptedBytes < 0 || encryptedBytes % Layout.METADATA_AREA != 0)) {
      throw new IllegalArgumentException("encrypted size " + encryptedBytes + " bytes: a multiple of 64 KiB expected");
    }
  }

  /**
   * XTS-AES-256 (as ADE), description "diskcrypt-sim", the device's sector size, no recovery password,
   * used space only, metadata spread as Windows does, conversion finished, no clear key.
   */
  public static BitLockerOptions defaults() {
    return new BitLockerOptions(EncryptionMethod.XTS_AES_256, "diskcrypt-sim", null, false, false, null,
        MetadataPlacement.SPREAD, null, false);
  }

  /** A copy with another encryption method. */
  public BitLockerOptions withMethod(EncryptionMethod value) {
    return new BitLockerOptions(value, description, sectorSize, recoveryPassword, fullEncryption, creationTime,
        placement, encryptedBytes, clearKey);
  }

  /** A copy with another description. */
  public BitLockerOptions withDescription(String value) {
    return new BitLockerOptions(method, value, sectorSize, recoveryPassword, fullEncryption, creationTime,
        placement, encryptedBytes, clearKey);
  }

  /** A copy with a required sector size. */
  public BitLockerOptions withSectorSize(SectorSize value) {
    return new BitLockerOptions(method, description, value, recoveryPassword, fullEncryption, creationTime,
        placement, encryptedBytes, clearKey);
  }

  /** A copy that does (or does not) add a recovery password protector. */
  public BitLockerOptions withRecoveryPassword(boolean value) {
    return new BitLockerOptions(method, description, sectorSize, value, fullEncryption, creationTime,
        placement, encryptedBytes, clearKey);
  }

  /** A copy that does (or does not) encrypt the whole data area while formatting. */
  public BitLockerOptions withFullEncryption(boolean value) {
    return new BitLockerOptions(method, description, sectorSize, recoveryPassword, value, creationTime,
        placement, encryptedBytes, clearKey);
  }

  /** A copy with a fixed creation time (for reproducible images). */
  public BitLockerOptions withCreationTime(Instant value) {
    return new BitLockerOptions(method, description, sectorSize, recoveryPassword, fullEncryption, value,
        placement, encryptedBytes, clearKey);
  }

  /** A copy with another placement of the reserved areas. */
  public BitLockerOptions withPlacement(MetadataPlacement value) {
    return new BitLockerOptions(method, description, sectorSize, recoveryPassword, fullEncryption, creationTime,
        value, encryptedBytes, clearKey);
  }

  /** A copy whose encryption is left paused with {@code value} bytes encrypted (see {@link #encryptedBytes()}). */
  public BitLockerOptions withEncryptionPausedAt(long value) {
    return new BitLockerOptions(method, description, sectorSize, recoveryPassword, fullEncryption, creationTime,
        placement, value, clearKey);
  }

  /** A copy that does (or does not) add a clear-key protector. */
  public BitLockerOptions withClearKey(boolean value) {
    return new BitLockerOptions(method, description, sectorSize, recoveryPassword, fullEncryption, creationTime,
        placement, encryptedBytes, value);
  }
}
