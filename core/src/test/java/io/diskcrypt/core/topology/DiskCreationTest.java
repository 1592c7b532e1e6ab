package io.diskcrypt.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.model.CreateOption;
import io.diskcrypt.core.model.CreationData;
import io.diskcrypt.core.model.EncryptionSettingsCollection;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Disks made as Azure's disk API makes them: empty, a copy of a disk, a snapshot and a disk made from
 * it, a disk created for upload. The "ever had ADE" mark and the ADE settings travel with copies and
 * snapshots, never with an upload.
 */
class DiskCreationTest {
  private final Cloud cloud = Cloud.create("test");
  private final StorageCluster cluster = cloud.storageCluster();

  private ManagedDisk markedDiskWithData() {
    ManagedDisk disk = cluster.createDisk("source", Sectors.mib(4), SectorSize.S512);
    byte[] sector = new byte[512];
    sector[7] = 42;
    disk.media().write(3, sector);
    disk.markEverHadGuestEncryption();
    disk.setEncryptionSettings(new EncryptionSettingsCollection(false,
        "https://v.vault.azure.net/secrets/s/0123456789abcdef0123456789abcdef", "/vaults/v", Optional.empty(),
        Optional.empty()));
    return disk;
  }

  @Test
  void emptyDisk_createOptionEmpty_noMark() {
    ManagedDisk disk = cluster.createDisk("d", Sectors.mib(1), SectorSize.S512);

    assertThat(disk.creationData()).isEqualTo(CreationData.EMPTY);
    assertThat(disk.everHadGuestEncryption()).isFalse();
    assertThat(ResourceJson.disk(disk)).contains("\"createOption\": \"Empty\"");
  }

  @Test
  void snapshot_andADiskMadeFromIt_keepBytesSettingsAndTheMark() {
    ManagedDisk source = markedDiskWithData();

    Snapshot snapshot = cluster.snapshot(source, "source-snap");
    ManagedDisk restored = cluster.createDisk("restored", snapshot);

    assertThat(snapshot.creationData()).isEqualTo(CreationData.copyOf("source"));
    assertThat(snapshot.everHadGuestEncryption()).isTrue();
    assertThat(snapshot.encryptionSettings()).isEqualTo(source.encryptionSettings());
    assertThat(snapshot.surface().readRaw(3)).hasValueSatisfying(b -> assertThat(b[7]).isEqualTo((byte) 42));
    assertThat(restored.creationData()).isEqualTo(CreationData.copyOf("source-snap"));
    assertThat(restored.everHadGuestEncryption()).isTrue();
    assertThat(restored.encryptionSettings()).isEqualTo(source.encryptionSettings());
    assertThat(restored.media().readRaw(3)).hasValueSatisfying(b -> assertThat(b[7]).isEqualTo((byte) 42));
    assertThat(ResourceJson.disk(restored)).contains("\"createOption\": \"Copy\"")
        .contains("\"sourceResourceId\": \"source-snap\"");
    assertThat(cluster.snapshots()).containsExactly(snapshot);
    assertThat(cluster.disks()).doesNotContain(snapshot.content());
  }

  @Test
  void snapshot_isAPointInTime_laterWritesToTheDiskAreNotInIt() {
    ManagedDisk source = markedDiskWithData();
    Snapshot snapshot = cluster.snapshot(source, "before");

    source.media().write(9, new byte[512]);

    assertThat(snapshot.surface().sectorsHeld()).isEqualTo(1);
    assertThat(cluster.createDisk("from-before", snapshot).media().holds(9)).isFalse();
  }

  @Test
  void copyOfADisk_createOptionCopy_keepsTheMark() {
    ManagedDisk copy = cluster.copyDisk(markedDiskWithData(), "copy");

    assertThat(copy.creationData().createOption()).isEqualTo(CreateOption.COPY);
    assertThat(copy.creationData().sourceResourceId()).contains("source");
    assertThat(copy.everHadGuestEncryption()).isTrue();
  }

  @Test
  void uploadDisk_hasNoMarkNoSettingsNoKeys() {
    markedDiskWithData();

    ManagedDisk upload = cluster.createUploadDisk("uploaded", Sectors.mib(4), SectorSize.S512);

    assertThat(upload.creationData()).isEqualTo(CreationData.UPLOAD);
    assertThat(upload.everHadGuestEncryption()).isFalse();
    assertThat(upload.encryptionSettings()).isEmpty();
    assertThat(upload.wrappedKeys()).isEmpty();
    assertThat(upload.media().sectorsHeld()).isZero();
    assertThat(ResourceJson.disk(upload)).contains("\"createOption\": \"Upload\"").doesNotContain("sourceResourceId");
  }

  @Test
  void names_sharedByDisksAndSnapshots_refusedWhenTaken_foreignResourcesRefused() {
    ManagedDisk source = markedDiskWithData();
    cluster.snapshot(source, "snap");

    assertThatThrownBy(() -> cluster.snapshot(source, "source")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a disk or snapshot named source already exists");
    assertThatThrownBy(() -> cluster.createUploadDisk("snap", Sectors.mib(1), SectorSize.S512))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("named snap already exists");
    StorageCluster other = Cloud.create("other").storageCluster();
    Snapshot foreign = other.snapshot(other.createDisk("y", Sectors.mib(1), SectorSize.S512), "z");
    assertThatThrownBy(() -> cluster.createDisk("w", foreign)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("snapshot z is not in storage cluster");
    assertThatThrownBy(() -> other.snapshot(source, "v")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("disk source is not in storage cluster");
  }

  @Test
  void creationData_copyNeedsItsSource_othersTakeNone() {
    assertThatThrownBy(() -> new CreationData(CreateOption.COPY, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Copy needs sourceResourceId");
    assertThatThrownBy(() -> new CreationData(CreateOption.UPLOAD, Optional.of("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Upload takes no sourceResourceId");
  }
}
