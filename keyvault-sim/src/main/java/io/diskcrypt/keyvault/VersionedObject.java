package io.diskcrypt.keyvault;

import java.time.Duration;
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

  /** Soft-deletes the object with all its versions: the service purges it {@code retention} after {@code now}. */
  void softDelete(Instant now, Duration retention) {
    deletedAt = now;
    scheduledPurge = now.plus(retention);
  }

  /** Undoes {@link #softDelete}: the object is live again, with all its versions and attributes. */
  void recover() {
    deletedAt = null;
    scheduledPurge = null;
  }
}
