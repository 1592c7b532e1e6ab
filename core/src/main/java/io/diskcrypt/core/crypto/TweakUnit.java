package io.diskcrypt.core.crypto;

/**
 * What the XTS tweak counts. dm-crypt {@code plain64} under LUKS2 counts 512-byte units even with
 * 4096-byte sectors (sector {@code n} of 4 KiB has tweak {@code 8n}); BitLocker, and dm-crypt with
 * {@code iv_large_sectors}, counts the volume's own sectors.
 */
public enum TweakUnit {
  /** The tweak is the offset in 512-byte units (LUKS2, dm-crypt default). */
  BYTES_512,
  /** The tweak is the sector number in the device's own sector size (BitLocker). */
  SECTOR
}
