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
 * @param volumeBytes the size of the volume (the device)
 * @param encryptOnWrite whether the volume header marks the volume as encrypt-on-write
 * @param currentState the conversion state
 * @param nextState the state the conversion heads for
 * @param encryptedBytes the bytes from the start of the volume that are encrypted; the rest is plaintext
 * @param convertBytes while {@link FveState#SWITCHING}, the bytes above {@code encryptedBytes} being converted
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
    long volumeBytes,
    boolean encryptOnWrite,
    FveState currentState,
    FveState nextState,
    long encryptedBytes,
    long convertBytes,
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
   * @param salt the stretch-key salt (recovery password, passphrase), or null
   * @param sealed the VMK wrapped by the protector's key, or null when the entry holds none
   * @param clearKey the key that unwraps {@code sealed} when it is stored in the clear (a clear-key protector), or null
   * @param name the name string of the entry, or null
   */
  record VmkEntry(UUID guid, int protection, byte[] salt, AesCcm.Sealed sealed, byte[] clearKey, String name) {
    KeyProtector protector() {
      return new KeyProtector(guid, ProtectorType.ofCode(protection), protection);
    }
  }

  /** The same metadata, read from a volume whose header says encrypt-on-write. */
  FveMetadata withEncryptOnWrite() {
    return new FveMetadata(volumeGuid, method, created, description, volumeBytes, true, currentState, nextState,
        encryptedBytes, convertBytes, metadataOffsets, headerOffset, headerBytes, vmks, fvek, validation, blockSha256);
  }

  /** The reserved areas: the three metadata copies, then the backup of the first sectors. */
  List<Region> reserved() {
    return List.of(
        new Region("FVE metadata copy 0", metadataOffsets[0], Layout.METADATA_AREA),
        new Region("FVE metadata copy 1", metadataOffsets[1], Layout.METADATA_AREA),
        new Region("FVE metadata copy 2", metadataOffsets[2], Layout.METADATA_AREA),
        new Region("backup of the first " + headerBytes + " bytes", headerOffset, headerBytes));
  }

  /** The bytes [0, contiguousDataBytes) are data: everything below the first reserved area. */
  long contiguousDataBytes() {
    long min = volumeBytes;
    for (Region r : reserved()) {
      min = Math.min(min, r.offset());
    }
    return min;
  }

  /** A byte range of the volume with a name, for layout checks and messages. */
  record Region(String name, long offset, long bytes) {
    long end() {
      return offset + bytes;
    }

    boolean overlaps(Region other) {
      return offset < other.end() && other.offset < end();
    }
  }
}
