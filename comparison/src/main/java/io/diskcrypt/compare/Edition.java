package io.diskcrypt.compare;

import java.util.List;

/**
 * Which edition of Defender for Cloud's disk-encryption assessment to simulate.
 */
public enum Edition {
  /** As in the mission's 2022 table: only Azure Disk Encryption is detected. */
  E2022("2022", List.of(Column.ENCRYPTION_AT_REST, Column.TEMP_DISK, Column.CACHES, Column.LINK_ENCRYPTED,
      Column.CUSTOMER_KEY_CONTROL, Column.NO_VM_CPU, Column.CUSTOM_IMAGES, Column.DEFENDER, Column.ROTATION_REWRAPS_ONLY)),
  /**
   * Today's page (Microsoft Learn, May 2025): confidential disk encryption, HSM support, enhanced key
   * protection, and Defender for Cloud's four recommendations assessed separately.
   */
  CURRENT("current", List.of(Column.ENCRYPTION_AT_REST, Column.TEMP_DISK, Column.CACHES, Column.LINK_ENCRYPTED,
      Column.CUSTOMER_KEY_CONTROL, Column.HSM_SUPPORT, Column.NO_VM_CPU, Column.CUSTOM_IMAGES, Column.ENHANCED_KEY_PROTECTION,
      Column.DEFENDER, Column.ROTATION_REWRAPS_ONLY));

  private final String id;
  private final List<Column> columns;

  Edition(String id, List<Column> columns) {
    this.id = id;
    this.columns = columns;
  }

  /** The columns of this edition's table, in its order. */
  public List<Column> columns() {
    return columns;
  }

  /** {@code 2022} or {@code current}. */
  public String id() {
    return id;
  }

  /**
   * The edition with id {@code id}.
   *
   * @throws IllegalArgumentException naming the allowed ids
   */
  public static Edition of(String id) {
    for (Edition e : values()) {
      if (e.id.equals(id)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown edition '" + id + "': allowed are 2022 and current");
  }
}
