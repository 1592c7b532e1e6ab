package io.diskcrypt.ade;

import io.diskcrypt.core.topology.DiskRole;
import java.util.Optional;

/**
 * What ADE remembers about one encrypted disk: where its secret is and how its volume is laid out. No
 * key material; what only one OS needs (LUKS options) its {@link Guest} keeps.
 *
 * @param disk the VM disk's name
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
    DiskRole role,
    String secretUrl,
    Optional<String> kekUrl,
    KeyEncryptionAlgorithm algorithm,
    String volumeFormat,
    long shiftSectors,
    long volumeSectors) {

  /** This disk with its secret at {@code url}, wrapped by {@code kek} with {@code alg} (rotation). */
  EncryptedDisk withSecret(String url, Optional<String> kek, KeyEncryptionAlgorithm alg) {
    return new EncryptedDisk(disk, role, url, kek, alg, volumeFormat, shiftSectors, volumeSectors);
  }
}
