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
 * @param description the description stored in the metadata
 * @param created the creation time
 * @param sectorSize the sector size (the XTS data unit and tweak unit)
 * @param volumeBytes the size of the whole volume
 * @param dataBytes the size of the data device callers read and write
 * @param metadataOffsets the byte offsets of the three FVE metadata copies
 * @param relocatedHeaderOffset where the first {@code relocatedHeaderBytes} of the data are kept
 * @param relocatedHeaderBytes how many bytes are kept there
 * @param protectors the key protectors (VMK entries)
 */
public record BitLockerVolumeInfo(
    UUID volumeGuid,
    EncryptionMethod method,
    String description,
    Instant created,
    SectorSize sectorSize,
    long volumeBytes,
    long dataBytes,
    List<Long> metadataOffsets,
    long relocatedHeaderOffset,
    long relocatedHeaderBytes,
    List<KeyProtector> protectors) {

  /** Copies the lists and checks for nulls. */
  public BitLockerVolumeInfo {
    Objects.requireNonNull(volumeGuid, "volumeGuid");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(sectorSize, "sectorSize");
    metadataOffsets = List.copyOf(metadataOffsets);
    protectors = List.copyOf(protectors);
  }

  static BitLockerVolumeInfo of(FveMetadata m, SectorSize sectorSize) {
    return new BitLockerVolumeInfo(m.volumeGuid(), m.method(), m.description(), m.created(), sectorSize,
        m.volumeSize(), m.dataBytes(), java.util.Arrays.stream(m.metadataOffsets()).boxed().toList(),
        m.headerOffset(), m.headerBytes(), m.vmks().stream().map(FveMetadata.VmkEntry::protector).toList());
  }
}
