package io.diskcrypt.ade;

/** The extension's {@code VolumeType} setting: which volumes to encrypt. */
public enum VolumeType {
  /** The OS volume only. */
  OS("OS"),
  /**
   * Data volumes only (Linux; Windows refuses data without OS). On Linux, with {@code
   * EnableEncryptionFormatAll}, the temp disk too.
   */
  DATA("Data"),
  /**
   * OS and data volumes. The temp disk too on Windows; on Linux only with {@code EnableEncryptionFormatAll}
   * (which formats it), as with {@link #DATA}.
   */
  ALL("All");

  private final String wireName;

  VolumeType(String wireName) {
    this.wireName = wireName;
  }

  /** The value as the extension spells it. */
  public String wireName() {
    return wireName;
  }

  /** True when the OS volume is selected. */
  public boolean includesOs() {
    return this != DATA;
  }

  /** True when data volumes are selected. */
  public boolean includesData() {
    return this != OS;
  }

  /**
   * The volume type spelled {@code value}; case sensitive, as the extension is.
   *
   * @throws IllegalArgumentException listing the allowed values
   */
  public static VolumeType fromWireName(String value) {
    for (VolumeType type : values()) {
      if (type.wireName.equals(value)) {
        return type;
      }
    }
    throw new IllegalArgumentException("VolumeType '" + value + "': allowed are OS, Data and All (case sensitive)");
  }
}
