package io.diskcrypt.core.topology;

/** The power state of a VM, as the real platform distinguishes them. */
public enum VmState {
  /** Running: its disks serve I/O. */
  RUNNING,
  /**
   * Stopping (also on the way to deallocation): its disks take no new I/O, the I/O in flight
   * completes, then the caches are flushed.
   */
  STOPPING,
  /** Stopped but still allocated on its host: temp disk and caches are kept. */
  STOPPED,
  /** Deallocated: released from the host; temp disk and caches are gone. */
  DEALLOCATED
}
