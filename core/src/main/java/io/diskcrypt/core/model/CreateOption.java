package io.diskcrypt.core.model;

/**
 * How a managed disk was made: its {@code creationData.createOption} in Azure's disk API. It decides
 * what the disk inherits: a copy keeps its source's model, marks included; an upload starts afresh.
 */
public enum CreateOption {
  /** {@code Empty}: a new, blank disk. */
  EMPTY("Empty"),
  /** {@code Copy}: a copy of another disk or of a snapshot ({@code sourceResourceId}), model and marks included. */
  COPY("Copy"),
  /**
   * {@code Upload}: a new disk the customer writes the bytes into; a new resource, so it has no history
   * (no "ever had ADE" mark) whatever the bytes came from.
   */
  UPLOAD("Upload");

  private final String wireName;

  CreateOption(String wireName) {
    this.wireName = wireName;
  }

  /** The value as the disk API spells it. */
  public String wireName() {
    return wireName;
  }
}
