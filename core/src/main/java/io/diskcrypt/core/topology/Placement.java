package io.diskcrypt.core.topology;

import io.diskcrypt.core.cpu.AccountKind;

/**
 * The places in a disk's data path where an option can insert a layer, and whose processor pays for
 * what runs there. Where an option encrypts is the whole difference between the options.
 *
 * <p>Two options at one placement: at {@link #STORAGE} they stack, the first inserted nearest the
 * media; a host placement takes one option only, and a second is refused ({@link Pipeline#insert}),
 * because the host encrypts a byte once where it enters or leaves it. In-guest encryption (ADE) is no
 * placement: the guest mounts its own volume on the virtual disk ({@link VirtualDisk#mountGuestVolume}).
 */
public enum Placement {
  /**
   * On the host, where a managed disk's I/O arrives from the VM, above its cache: what the cache
   * keeps and what leaves for the storage cluster are then the same ciphertext, made once
   * (encryption at host).
   */
  HOST_DISK(AccountKind.HOST, false),
  /** On the host, in front of the temp disk's local media. */
  HOST_TEMP_MEDIA(AccountKind.HOST, false),
  /** On the host, in front of a disk's cache media. */
  HOST_CACHE_MEDIA(AccountKind.HOST, false),
  /** On the host, before bytes leave it for the storage cluster. */
  HOST_EGRESS(AccountKind.HOST, false),
  /** At the storage cluster's front end, in front of its media (server-side encryption). */
  STORAGE(AccountKind.STORAGE_CLUSTER, true);

  private final AccountKind payer;
  private final boolean stacks;

  Placement(AccountKind payer, boolean stacks) {
    this.payer = payer;
    this.stacks = stacks;
  }

  /** Whose processor pays for a layer here. */
  public AccountKind payer() {
    return payer;
  }

  /** True when several options may insert here (they stack in insertion order, the first innermost). */
  public boolean stacks() {
    return stacks;
  }
}
