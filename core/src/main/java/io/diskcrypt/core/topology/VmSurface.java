package io.diskcrypt.core.topology;

import io.diskcrypt.core.media.Surface;
import java.util.Objects;

/**
 * One surface of a VM's data path.
 *
 * @param role what the surface is
 * @param disk the name of the VM disk whose bytes it holds
 * @param surface the surface itself
 */
public record VmSurface(SurfaceRole role, String disk, Surface surface) {
  /** Checks all parts are present. */
  public VmSurface {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(disk, "disk");
    Objects.requireNonNull(surface, "surface");
  }
}
