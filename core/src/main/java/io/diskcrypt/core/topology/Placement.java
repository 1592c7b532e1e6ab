package io.diskcrypt.core.topology;

import io.diskcrypt.core.cpu.AccountKind;

/**
 * The places in a data path where an option can insert a layer, and whose processor pays for what
 * runs there. Where an option encrypts is the whole difference between the options.
 */
public enum Placement {
  /** Inside the guest, above the virtual disk (Azure Disk Encryption). */
  GUEST(AccountKind.VM_VCPU),
  /**
   * On the host, where a managed disk's I/O arrives from the VM, above its cache: what the cache
   * keeps and what leaves for the storage cluster are then the same ciphertext, made once
   * (encryption at host).
   */
  HOST_DISK(AccountKind.HOST),
  /** On the host, in front of the temp disk's local media. */
  HOST_TEMP_MEDIA(AccountKind.HOST),
  /** On the host, in front of a disk's cache media. */
  HOST_CACHE_MEDIA(AccountKind.HOST),
  /** On the host, before bytes leave it for the storage cluster. */
  HOST_EGRESS(AccountKind.HOST),
  /** At the storage cluster's front end, in front of its media (server-side encryption). */
  STORAGE(AccountKind.STORAGE_CLUSTER);

  private final AccountKind payer;

  Placement(AccountKind payer) {
    this.payer = payer;
  }

  /** Whose processor pays for a layer here. */
  public AccountKind payer() {
    return payer;
  }
}
