package io.diskcrypt.core.model;

/** The guest operating system family. */
public enum OsType {
  /** Linux guests (dm-crypt for in-guest encryption). */
  LINUX,
  /** Windows guests (BitLocker for in-guest encryption). */
  WINDOWS
}
