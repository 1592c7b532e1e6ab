package io.diskcrypt.compare;

/**
 * The columns of the comparison, in the mission's order, each with its JSON id and its heading.
 * The first eight are the mission's; the rest are measured extras and the current edition's rows.
 */
public enum Column {
  /** Encryption at rest of the OS and data disks: the storage media. */
  ENCRYPTION_AT_REST("encryptionAtRest", "Encryption at rest (OS and data disks)"),
  /** The temp disk's media on the host. */
  TEMP_DISK("tempDisk", "Temp disk encryption"),
  /** The host cache media. */
  CACHES("caches", "Encryption of caches"),
  /** The compute-to-storage link. */
  LINK_ENCRYPTED("linkEncrypted", "Data flows encrypted between Compute and Storage"),
  /** Revoking the customer's key makes the data unreadable; restoring it makes it readable. */
  CUSTOMER_KEY_CONTROL("customerKeyControl", "Customer control of keys"),
  /** No crypto time on the VM's vCPU account. */
  NO_VM_CPU("noVmCpu", "Does not use your VM's CPU"),
  /** The option deploys on a custom Linux image. */
  CUSTOM_IMAGES("customImages", "Works for custom images"),
  /** What a Defender-like assessor reports from the VM model. */
  DEFENDER("defender", "Microsoft Defender for Cloud disk encryption status"),
  /** Current edition: the key stores whose HSM-protected key the option worked with. */
  HSM_SUPPORT("hsmSupport", "HSM support"),
  /**
   * Current edition: no host or storage component ever held the option's plaintext data key, and its
   * release depended on the VM's attestation.
   */
  ENHANCED_KEY_PROTECTION("enhancedKeyProtection", "Enhanced key protection"),
  /** Extra: a key rotation re-encrypts no data sector. */
  ROTATION_REWRAPS_ONLY("rotationRewrapsOnly", "Key rotation re-encrypts no data (extra)");

  private final String id;
  private final String heading;

  Column(String id, String heading) {
    this.id = id;
    this.heading = heading;
  }

  /** The JSON id. */
  public String id() {
    return id;
  }

  /** The heading, in the mission's words. */
  public String heading() {
    return heading;
  }

  /** True for the mission's eight columns. */
  public boolean mission() {
    return this != ROTATION_REWRAPS_ONLY && this != HSM_SUPPORT && this != ENHANCED_KEY_PROTECTION;
  }
}
