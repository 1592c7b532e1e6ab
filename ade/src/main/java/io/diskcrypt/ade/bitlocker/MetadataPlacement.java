package io.diskcrypt.ade.bitlocker;

/**
 * Where {@link BitLocker#format} puts the three 64 KiB FVE metadata copies and the 8 KiB backup of the
 * volume's first sectors. Readers take every offset from the metadata, so both open anywhere; what
 * differs is where the data device has holes (the reserved areas read as zeros and refuse writes).
 */
public enum MetadataPlacement {
  /**
   * As Windows does: the copies at about 1/3, 4/9 and 5/9 of the volume (64 KiB aligned), the backup
   * of the first sectors right after the first copy.
   */
  SPREAD,
  /**
   * All reserved areas in the last {@link BitLocker#RESERVED_BYTES} bytes, so that the data device is
   * one contiguous run of data before them (what a guest that converts a disk in place without moving
   * its clusters needs).
   */
  END
}
