package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A named key or secret: its versions in creation order (the last is current), and its soft-delete
 * state. Guarded by the vault's lock.
 *
 * @param <V> the version type
 */
final class VersionedObject<V> {
  final String name;
  final Map<String, V> versions = new LinkedHashMap<>();
  private String current;
  Instant deletedAt;
  Instant scheduledPurge;
  RotationPolicy rotationPolicy;

  VersionedObject(String name) {
    this.name = name;
  }

  void add(String version, V v) {
    versions.put(version, v);
    current = version;
  }

  V current() {
    return versions.get(current);
  }

  Optional<V> version(String version) {
    return Optional.ofNullable(versions.get(version));
  }

  boolean isDeleted() {
    return deletedAt != null;
  }
}
