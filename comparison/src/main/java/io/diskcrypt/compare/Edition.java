package io.diskcrypt.compare;

/**
 * Which edition of Defender for Cloud's disk-encryption assessment to simulate.
 */
public enum Edition {
  /** As in the mission's 2022 table: only Azure Disk Encryption is detected. */
  E2022("2022"),
  /** The current assessment: encryption at host is detected too. */
  CURRENT("current");

  private final String id;

  Edition(String id) {
    this.id = id;
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
