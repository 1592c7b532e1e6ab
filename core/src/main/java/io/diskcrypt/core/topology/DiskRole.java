package io.diskcrypt.core.topology;

/** The part a disk plays for its VM. */
public enum DiskRole {
  /** The OS disk: a managed disk in the storage cluster. */
  OS,
  /** A data disk: a managed disk in the storage cluster. */
  DATA,
  /** The temp (resource) disk: local media on the host, not a managed disk. */
  TEMP;

  /** True for OS and data disks, which live in the storage cluster. */
  public boolean managed() {
    return this != TEMP;
  }
}
