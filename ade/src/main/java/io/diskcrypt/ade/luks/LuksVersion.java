package io.diskcrypt.ade.luks;

/** The LUKS on-disk format version. */
public enum LuksVersion {
  /** LUKS1: one 592-byte binary header, 8 PBKDF2 keyslots; what cryptsetup before 2.1 wrote. */
  LUKS1,
  /** LUKS2: two binary headers with checksums plus JSON metadata; cryptsetup's default since 2.1. */
  LUKS2
}
