package io.diskcrypt.core.cpu;

/** Whose processor pays for a piece of work. */
public enum AccountKind {
  /** The VM's virtual CPUs: what the customer's workload runs on. */
  VM_VCPU,
  /** The physical host that runs the VM (its own cores or offload hardware). */
  HOST,
  /** The storage cluster's front end. */
  STORAGE_CLUSTER,
  /**
   * A platform service of the region that is neither the VM's host nor the storage cluster: the
   * service that encrypts a confidential VM's OS disk before its first boot.
   */
  PLATFORM_SERVICE
}
