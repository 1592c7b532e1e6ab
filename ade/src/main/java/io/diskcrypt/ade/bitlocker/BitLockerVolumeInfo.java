package io.diskcrypt.ade.bitlocker;

import io.diskcrypt.core.block.SectorSize;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the metadata of a BitLocker volume says, without keys: enough for {@code dump} and for a
 * control plane to match a {@code .BEK} file to a volume.
 *
 * @param volumeGuid the volume's GUID
 * @param method the data encryption method
 * @param description the description stored in the metadata (as stored: it may hold any character)
 * @param created the creation time
 * @param sectorSize the sector size (the unit of the IVs and tweaks)
 * @param volumeBytes the size of the whole volume, which is also the size of the data device
 * @param contiguousDataBytes the bytes from the start of the data device up to the first reserved area
 * @param metadataOffsets the byte offsets of the three FVE metadata copies
 * @param relocatedHeaderOffset where the first {@code relocatedHeaderBytes} of the data are kept
 * @param relocatedHeaderBytes how many bytes are kept there
 * @param currentState the conversion state ({@link FveState#ENCRYPTED} once conversion has finished)
 * @param nextState the state a conversion in progress heads for
 * @param encryptedBytes the bytes from the start of the volume that are encrypted; above them the
 *     volume is plaintext (all of it when {@code encryptedBytes == volumeBytes})
 * @param encryptOnWrite whether the volume header marks the volume as encrypt-on-write
 * @param protectors the key protectors (VMK entries)
 */
public record BitLockerVolumeInfo(
    UUID volumeGuid,
    EncryptionMethod method,
    String description,
    Instant created,
    SectorSize sectorSize,
    long volumeBytes,
    long contiguousDataBytes,
    List<Long> metadataOffsets,
    long relocatedHeaderOffset,
    long relocatedHeaderBytes,
    FveState currentState,
    FveState nextState,
    long encryptedBytes,
    boolean encryptOnWrite,
    List<KeyProtector> protectors) {

  /** Copies the lists and checks for nulls. */
  public BitLockerVolumeInfo {
    Objects.requireNonNull(volumeGuid, "volumeGuid");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(sectorSize, "sectorSize");
    Objects.requireNonNull(currentState, "currentState");
    Objects.requireNonNull(nextState, "nextState");
    metadataOffsets = List.copyOf(metadataOffsets);
    protectors = List.copyOf(protectors);
  }

  /** True while a conversion (encryption or decryption) has not finished: part of the volume is plaintext. */
  public boolean converting() {
    return currentState != FveState.ENCRYPTED || encryptedBytes < volumeBytes;
  }

  static BitLockerVolumeInfo of(FveMetadata m, SectorSize sectorSize) {
    return new BitLockerVolumeInfo(m.volumeGuid(), m.method(), m.description(), m.created(), sectorSize,
        m.volumeBytes(), m.contiguousDataBytes(), java.util.Arrays.stream(m.metadataOffsets()).boxed().toList(),
        m.headerOffset(), m.headerBytes(), m.currentState(), m.nextState(), m.encryptedBytes(), m.encryptOnWrite(),
        m.vmks().stream().map(FveMetadata.VmkEntry::protector).toList());
  }
}
