package io.diskcrypt.ade;

import io.diskcrypt.core.topology.DiskRole;
import io.diskcrypt.core.topology.VirtualDisk;
import java.util.Optional;

/**
 * What ADE remembers about one encrypted disk: where its secret is and how its volume is laid out. No
 * key material; what only one OS needs (LUKS options) its {@link Guest} keeps.
 *
 * @param disk the VM disk's name
 * @param managedDisk the managed disk that holds the volume (empty for the temp disk): a disk detached
 *     and attached again under the same name is this volume again, another disk under that name is not
 * @param role its role
 * @param secretUrl the versioned secret URL
 * @param kekUrl the versioned KEK URL when the secret is wrapped
 * @param algorithm the KEK's wrap algorithm
 * @param volumeFormat a description for status output
 * @param shiftSectors raw sector = volume sector + shift
 * @param volumeSectors the volume's data area in sectors
 */
record EncryptedDisk(
    String disk,
    Optional<String> managedDisk,
    DiskRole role,
    String secretUrl,
    Optional<String> kekUrl,
    KeyEncryptionAlgorithm algorithm,
    String volumeFormat,
    long shiftSectors,
    long volumeSectors) {

  /** This disk with its secret at {@code url}, wrapped by {@code kek} with {@code alg} (rotation). */
  EncryptedDisk withSecret(String url, Optional<String> kek, KeyEncryptionAlgorithm alg) {
    return new EncryptedDisk(disk, managedDisk, role, url, kek, alg, volumeFormat, shiftSectors, volumeSectors);
  }

  /** The name of the managed disk behind {@code disk}, empty for the temp disk. */
  static Optional<String> managedDiskOf(VirtualDisk disk) {
    return disk.role().managed() ? Optional.of(disk.managedDisk().name()) : Optional.empty();
  }

  /** True when {@code disk} holds this volume: the same name and the same managed disk. */
  boolean isOn(VirtualDisk disk) {
    return disk.name().equals(this.disk) && managedDiskOf(disk).equals(managedDisk);
  }
}
