package io.diskcrypt.ade.bitlocker;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * FVE metadata as read from one of the three copies: everything but the keys in the clear.
 *
 * @param volumeGuid the volume's GUID
 * @param method the data encryption method
 * @param created the creation time
 * @param description the volume description, empty when absent
 * @param volumeSize the encrypted volume size in bytes
 * @param metadataOffsets the offsets of the three metadata copies
 * @param headerOffset where the first sectors of the volume are kept, encrypted
 * @param headerBytes how many bytes are kept there
 * @param vmks the VMK entries, in order
 * @param fvek the FVEK wrapped by the VMK
 * @param validation the SHA-256 of the metadata block wrapped by the VMK
 * @param blockSha256 the SHA-256 of the metadata block as read
 */
record FveMetadata(
    UUID volumeGuid,
    EncryptionMethod method,
    Instant created,
    String description,
    long volumeSize,
    long[] metadataOffsets,
    long headerOffset,
    long headerBytes,
    List<VmkEntry> vmks,
    AesCcm.Sealed fvek,
    AesCcm.Sealed validation,
    byte[] blockSha256) {

  /**
   * One VMK entry.
   *
   * @param guid the protector's GUID
   * @param protection the protection code
   * @param salt the stretch-key salt (recovery password), or null
   * @param sealed the VMK wrapped by the protector's key, or null when the entry holds none
   * @param name the name string of the entry, or null
   */
  record VmkEntry(UUID guid, int protection, byte[] salt, AesCcm.Sealed sealed, String name) {
    KeyProtector protector() {
      return new KeyProtector(guid, ProtectorType.ofCode(protection), protection);
    }
  }

  /** The bytes [0, dataBytes) callers see as the volume: everything below the first reserved area. */
  long dataBytes() {
    return dataBytes(headerOffset, metadataOffsets);
  }

  /** The lowest of {@code headerOffset} and {@code metadataOffsets}: where the first reserved area starts. */
  static long dataBytes(long headerOffset, long[] metadataOffsets) {
    long min = headerOffset;
    for (long offset : metadataOffsets) {
      min = Math.min(min, offset);
    }
    return min;
  }
}
