package io.diskcrypt.lab;

/** The attackers of {@code diskcrypt attack}, in the order they take their turn. */
public enum Attacker {
  /** Takes the storage cluster's media and reads it. */
  STEAL_MEDIA("steal-media", "steals the storage media and reads it", true),
  /** Reads the host's cache media. */
  READ_CACHE("read-cache", "reads the host cache media", true),
  /** Taps the compute-storage link. */
  SNIFF_LINK("sniff-link", "sniffs the compute-storage link", true),
  /** Reads the host's temp-disk media. */
  READ_TEMP("read-temp", "reads the host's temp-disk media", true),
  /** Flips one bit of a stored ciphertext sector, then the guest reads it. */
  FLIP_BIT("flip-bit", "flips one bit of a stored sector", false),
  /** Swaps two stored sectors, then the guest reads them. */
  SWAP_SECTORS("swap-sectors", "swaps two stored sectors", false),
  /** Puts back an old version of a stored sector, then the guest reads it. */
  REPLAY_SECTOR("replay-sector", "puts back an old version of a stored sector", false),
  /** Steals the media and holds the customer's key after the customer revoked it. */
  STOLEN_MEDIA_REVOKED_KEY("stolen-media-revoked-key", "steals the media and holds the customer's revoked key", true);

  private final String id;
  private final String action;
  private final boolean reads;

  Attacker(String id, String action, boolean reads) {
    this.id = id;
    this.action = action;
    this.reads = reads;
  }

  /** The id in the command's output, such as {@code flip-bit}. */
  public String id() {
    return id;
  }

  /** What the attacker does, in words. */
  public String action() {
    return action;
  }

  /** True for attackers who read (they report whether they saw plaintext), false for those who tamper. */
  public boolean reads() {
    return reads;
  }
}
