package io.diskcrypt.testing;

import io.diskcrypt.core.media.ScanResult;
import io.diskcrypt.core.topology.SurfaceRole;
import io.diskcrypt.core.topology.VmSurface;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on surfaces where data rests or passes (storage media, host caches and temp media, the
 * link), as {@link VmSurface}s. Checks that find nothing need the surface to hold data: a surface
 * that was never written fails them, since finding no plaintext there proves nothing. Narrow the
 * surfaces with {@link #withRoles} when some of a VM's are expected to stay empty.
 */
public final class SurfacesAssert extends AbstractAssert<SurfacesAssert, List<VmSurface>> {
  private final String owner;

  SurfacesAssert(String owner, List<VmSurface> surfaces) {
    super(List.copyOf(surfaces), SurfacesAssert.class);
    this.owner = owner;
  }

  /** Only the surfaces with one of {@code roles}. */
  public SurfacesAssert withRoles(SurfaceRole... roles) {
    List<SurfaceRole> wanted = Arrays.asList(roles);
    return new SurfacesAssert(owner, actual.stream().filter(s -> wanted.contains(s.role())).toList());
  }

  /**
   * No surface holds {@code plaintext}, and each of them holds data.
   *
   * @param plaintext the bytes to look for, such as a marker written through the guest (at least 8
   *     bytes, so that ciphertext does not match it by chance)
   */
  public SurfacesAssert containNo(byte[] plaintext) {
    if (plaintext == null || plaintext.length < 8) {
      throw new IllegalArgumentException("look for at least 8 bytes, or ciphertext may match by chance");
    }
    requireWritten();
    List<String> found = new ArrayList<>();
    for (VmSurface surface : actual) {
      ScanResult scan = surface.surface().scan(plaintext);
      if (!scan.clean()) {
        found.add(describe(surface) + ": " + scan.hits() + " hit(s), first in sector " + scan.firstHit());
      }
    }
    if (!found.isEmpty()) {
      failWithMessage("expected no plaintext <%s> on the surfaces of %s but found it on:%n  %s", preview(plaintext),
          owner, String.join("\n  ", found));
    }
    return this;
  }

  /** No surface holds the UTF-8 bytes of {@code plaintext}, and each of them holds data. */
  public SurfacesAssert containNo(String plaintext) {
    return containNo(plaintext.getBytes(StandardCharsets.UTF_8));
  }

  /** Some surface holds {@code plaintext}: the positive control, for a disk without encryption. */
  public SurfacesAssert contain(byte[] plaintext) {
    requireWritten();
    if (actual.stream().allMatch(s -> s.surface().scan(plaintext).clean())) {
      failWithMessage("expected plaintext <%s> on some surface of %s but it is on none", preview(plaintext), owner);
    }
    return this;
  }

  private void requireWritten() {
    isNotNull();
    if (actual.isEmpty()) {
      failWithMessage("%s has no surface of the roles asked for, so there is nothing to check", owner);
    }
    List<String> empty = actual.stream().filter(s -> s.surface().sectorsHeld() == 0).map(SurfacesAssert::describe)
        .toList();
    if (!empty.isEmpty()) {
      failWithMessage("surfaces of %s never written, so finding nothing on them proves nothing: %s "
          + "(write through the disk first, or narrow with withRoles)", owner, empty);
    }
  }

  private static String describe(VmSurface surface) {
    return surface.role() + " of " + surface.disk() + " (" + surface.surface().name() + ")";
  }

  private static String preview(byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, 32), StandardCharsets.ISO_8859_1);
    return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? text : bytes.length + " bytes";
  }
}
