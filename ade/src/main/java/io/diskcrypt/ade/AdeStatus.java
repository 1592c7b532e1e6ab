package io.diskcrypt.ade;

import java.util.List;
import java.util.Objects;

/**
 * What {@code Get-AzVMDiskEncryptionStatus} shows for a VM, with the detail per disk.
 *
 * @param vm the VM's name
 * @param extension the extension installed, or empty text when ADE was never enabled
 * @param osVolumeEncrypted the OS volume's state
 * @param dataVolumesEncrypted {@link EncryptionState#ENCRYPTED} when every data disk is encrypted
 * @param disks each disk of the VM, OS first, temp last
 */
public record AdeStatus(
    String vm,
    String extension,
    EncryptionState osVolumeEncrypted,
    EncryptionState dataVolumesEncrypted,
    List<DiskEncryptionStatus> disks) {

  /** Checks every part is present; copies the list. */
  public AdeStatus {
    Objects.requireNonNull(vm, "vm");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(osVolumeEncrypted, "osVolumeEncrypted");
    Objects.requireNonNull(dataVolumesEncrypted, "dataVolumesEncrypted");
    disks = List.copyOf(disks);
  }

  /**
   * The status of the disk named {@code name}.
   *
   * @throws IllegalArgumentException when the VM has no such disk
   */
  public DiskEncryptionStatus disk(String name) {
    return disks.stream().filter(d -> d.disk().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("VM " + vm + " has no disk " + name));
  }
}
