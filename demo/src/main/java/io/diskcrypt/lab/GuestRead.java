package io.diskcrypt.lab;

/**
 * What the guest read after an attacker tampered with the media, compared with what it wrote there.
 * XTS encrypts each 16-byte block of a sector under the sector's position, so the damage shows per
 * block.
 */
public enum GuestRead {
  /** Exactly one 16-byte block differs from what was written; the read raised no error. */
  GARBLED_BLOCK("garbled-block"),
  /** More than one block differs; the read raised no error. */
  GARBLED_SECTOR("garbled-sector"),
  /** An older version of the sector, bit-exact; the read raised no error. */
  STALE("stale"),
  /** The read (or the start before it) failed. */
  ERROR("error"),
  /** Exactly what was written. */
  INTACT("intact");

  private final String id;

  GuestRead(String id) {
    this.id = id;
  }

  /** The id in the command's output, such as {@code garbled-block}. */
  public String id() {
    return id;
  }
}
