package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * One collection of a vault, its keys or its secrets: the objects by name, live or soft-deleted, and
 * the look-ups and soft-delete steps the two collections share, so that both refuse in the same words
 * ("key ..." or "secret ...", {@code KeyNotFound} or {@code SecretNotFound}). What differs between
 * them (permissions, bundles, audit names, rotation) stays in {@link KeyVault}. Guarded by the vault's
 * lock.
 *
 * @param <V> the version type
 */
final class VersionedObjects<V> {
  private final String noun;
  private final String notFound;
  private final String vault;
  private final Map<String, VersionedObject<V>> byName = new HashMap<>();

  /** The collection of {@code noun}s ("key", "secret") of the vault named {@code vault}; {@code notFound} is the error code. */
  VersionedObjects(String noun, String notFound, String vault) {
    this.noun = noun;
    this.notFound = notFound;
    this.vault = vault;
  }

  /** Every object, live or deleted. */
  Collection<VersionedObject<V>> all() {
    return byName.values();
  }

  /** The object named {@code name}, live or deleted, or null when there is none. */
  VersionedObject<V> find(String name) {
    return byName.get(name);
  }

  /** The live object {@code ref} names. */
  VersionedObject<V> live(KeyVault.Ref ref) throws NotFoundException {
    VersionedObject<V> o = byName.get(ref.name());
    if (o == null) {
      throw new NotFoundException(notFound, noun + " " + ref.id() + " does not exist in vault '" + vault + "'");
    }
    if (o.isDeleted()) {
      throw new NotFoundException(notFound, noun + " " + ref.id() + " is deleted (recoverable until "
          + o.scheduledPurge + "); recover it first");
    }
    return o;
  }

  /** The version {@code ref} names, or the current one when it names none. */
  V version(KeyVault.Ref ref) throws NotFoundException {
    VersionedObject<V> o = live(ref);
    if (ref.version().isEmpty()) {
      return o.current();
    }
    return o.version(ref.version().get()).orElseThrow(() -> new NotFoundException(notFound,
        noun + " version " + ref.id() + " does not exist"));
  }

  /** The soft-deleted object {@code ref} names. */
  VersionedObject<V> deleted(KeyVault.Ref ref) throws NotFoundException {
    VersionedObject<V> o = byName.get(ref.name());
    if (o == null || !o.isDeleted()) {
      throw new NotFoundException(notFound, "there is no deleted " + noun + " named '" + ref.name()
          + "' in vault '" + vault + "'");
    }
    return o;
  }

  /**
   * The object a new version of {@code name} goes into, made when there is none.
   *
   * @param id the object's id, for the message
   * @throws ConflictException when the name belongs to a deleted object: recover or purge it first
   */
  VersionedObject<V> forNewVersion(String name, String id) throws ConflictException {
    VersionedObject<V> o = byName.get(name);
    if (o != null && o.isDeleted()) {
      throw new ConflictException(noun + " " + id + " is deleted but recoverable; recover or purge it first");
    }
    return byName.computeIfAbsent(name, VersionedObject::new);
  }

  /** Purges {@code o} for good. */
  void purge(VersionedObject<V> o) {
    byName.remove(o.name);
  }

  /** Purges every deleted object whose retention has ended by {@code now}. */
  void purgeExpired(Instant now) {
    byName.values().removeIf(o -> o.isDeleted() && !now.isBefore(o.scheduledPurge));
  }
}
