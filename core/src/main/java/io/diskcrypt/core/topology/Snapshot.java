package io.diskcrypt.core.topology;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.media.Surface;
import io.diskcrypt.core.model.CreationData;
import io.diskcrypt.core.model.DiskEncryption;
import io.diskcrypt.core.model.EncryptionSettingsCollection;
import java.util.Objects;
import java.util.Optional;

/**
 * A full snapshot of a managed disk ({@code Microsoft.Compute/snapshots}, {@code createOption Copy}):
 * a read-only copy of the disk's stored bytes, wrapped keys and model, the "ever had ADE" mark included,
 * as crash-consistent as the disk's storage media (writes still in a ReadWrite host cache are not in
 * it). Made with {@link StorageCluster#snapshot}; disks are made from it with {@link
 * StorageCluster#createDisk(String, Snapshot)}. A snapshot is never attached to a VM.
 */
public final class Snapshot {
  private final ManagedDisk content;
  private final CreationData creationData;

  Snapshot(ManagedDisk content, CreationData creationData) {
    this.content = Objects.requireNonNull(content, "content");
    this.creationData = Objects.requireNonNull(creationData, "creationData");
  }

  /** The snapshot's name, unique among the cluster's disks and snapshots. */
  public String name() {
    return content.name();
  }

  /** {@code creationData}: a copy of the disk it was taken from. */
  public CreationData creationData() {
    return creationData;
  }

  /** The size in bytes, the source disk's. */
  public long sizeBytes() {
    return content.sizeBytes();
  }

  /** The sector size, the source disk's. */
  public SectorSize sectorSize() {
    return content.sectorSize();
  }

  /** The stored bytes as taken, raw (ciphertext wherever the disk held ciphertext); read-only. */
  public Surface surface() {
    return content.media();
  }

  /** The source disk's {@code encryption} when the snapshot was taken. */
  public Optional<DiskEncryption> encryption() {
    return content.encryption();
  }

  /** The source disk's ADE {@code encryptionSettingsCollection} when the snapshot was taken. */
  public Optional<EncryptionSettingsCollection> encryptionSettings() {
    return content.encryptionSettings();
  }

  /** True when the source disk ever had ADE: disks made from this snapshot keep the mark. */
  public boolean everHadGuestEncryption() {
    return content.everHadGuestEncryption();
  }

  ManagedDisk content() {
    return content;
  }

  @Override
  public String toString() {
    return "Snapshot[" + name() + " of " + creationData.sourceResourceId().orElse("?") + ", " + sizeBytes() + " bytes]";
  }
}
