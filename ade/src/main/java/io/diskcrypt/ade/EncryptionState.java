package io.diskcrypt.ade;

/** The encryption status values the ADE extension reports for the OS and data volumes. */
public enum EncryptionState {
  /** Every selected volume is encrypted. */
  ENCRYPTED("Encrypted"),
  /** Not (or not entirely) encrypted. */
  NOT_ENCRYPTED("NotEncrypted"),
  /** Encrypted at rest, but the VM is not running so the guest has not unlocked (mounted) it. */
  NOT_MOUNTED("NotMounted");

  private final String wireName;

  EncryptionState(String wireName) {
    this.wireName = wireName;
  }

  /** The value as {@code Get-AzVMDiskEncryptionStatus} prints it. */
  public String wireName() {
    return wireName;
  }
}
