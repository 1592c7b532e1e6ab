package io.diskcrypt.core.model;

/**
 * A confidential VM's OS disk {@code securityProfile.securityEncryptionType}: what the platform
 * encrypts with the VM's guest state (confidential disk encryption).
 */
public enum SecurityEncryptionType {
  /** Only the VM guest state (the vTPM's state) is encrypted. */
  VM_GUEST_STATE_ONLY("VMGuestStateOnly"),
  /** The OS disk is encrypted together with the VM guest state (confidential OS disk encryption). */
  DISK_WITH_VM_GUEST_STATE("DiskWithVMGuestState"),
  /** No persisted vTPM state at all. */
  NON_PERSISTED_TPM("NonPersistedTPM");

  private final String wireName;

  SecurityEncryptionType(String wireName) {
    this.wireName = wireName;
  }

  /** The value as the disk resource spells it. */
  public String wireName() {
    return wireName;
  }
}
