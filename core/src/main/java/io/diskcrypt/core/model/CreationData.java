package io.diskcrypt.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A managed disk's or snapshot's {@code creationData}: how it was made and from what.
 *
 * @param createOption {@code createOption}
 * @param sourceResourceId {@code sourceResourceId}: the disk or snapshot a {@link CreateOption#COPY}
 *     was made from (its name in the simulated storage cluster), empty otherwise
 */
public record CreationData(CreateOption createOption, Optional<String> sourceResourceId) {
  /** A blank disk. */
  public static final CreationData EMPTY = new CreationData(CreateOption.EMPTY, Optional.empty());
  /** A disk created for upload. */
  public static final CreationData UPLOAD = new CreationData(CreateOption.UPLOAD, Optional.empty());

  /** Checks that a copy, and only a copy, names its source. */
  public CreationData {
    Objects.requireNonNull(createOption, "createOption");
    Objects.requireNonNull(sourceResourceId, "sourceResourceId");
    if ((createOption == CreateOption.COPY) != sourceResourceId.isPresent()) {
      throw new IllegalArgumentException("createOption " + createOption.wireName()
          + (createOption == CreateOption.COPY ? " needs" : " takes no") + " sourceResourceId");
    }
  }

  /** A copy of {@code source}. */
  public static CreationData copyOf(String source) {
    return new CreationData(CreateOption.COPY, Optional.of(source));
  }
}
