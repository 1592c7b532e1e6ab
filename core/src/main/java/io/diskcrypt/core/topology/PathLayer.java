package io.diskcrypt.core.topology;

import io.diskcrypt.core.crypto.EncryptionLayer;
import java.util.Objects;

/**
 * An encryption layer the current start built into a disk's path.
 *
 * @param placement where it sits
 * @param option the option that inserted it
 * @param layer the layer itself (its key is evicted when the path is torn down)
 */
public record PathLayer(Placement placement, String option, EncryptionLayer layer) {
  /** Checks every part is present. */
  public PathLayer {
    Objects.requireNonNull(placement, "placement");
    Objects.requireNonNull(option, "option");
    Objects.requireNonNull(layer, "layer");
  }
}
