package io.diskcrypt.core.cpu;

/** Whose processor pays for a piece of work. */
public enum AccountKind {
  /** The VM's virtual CPUs: what the customer's workload runs on. */
  VM_VCPU,
  /** The physical host that runs the VM (its own cores or offload hardware). */
  HOST,
  /** The storage cluster's front end. */
  STORAGE_CLUSTER
}
