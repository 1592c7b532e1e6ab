package io.diskcrypt.keyvault;

import io.diskcrypt.core.crypto.Randomness;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * One collection of a vault, its keys or its secrets, and the lifecycle both share, written once:
 * versions, reads, attribute updates, soft delete, recover and purge, each refused in the same words
 * ("key ..." or "secret ...", {@code KeyNotFound} or {@code SecretNotFound}). A {@link Kind} says what
 * differs: the permission each step needs, the audit names, the throttling cost and the bundle. What
 * only keys do (create, rotate, cryptography) stays in {@link KeyVault}. Guarded by the vault's lock,
 * which {@link Calls} takes.
 *
 * @param <V> the version type inside the vault
 * @param <B> the bundle type callers see
 */
final class VersionedStore<V extends ObjectVersion, B extends VaultObject, U> implements VaultObjects<B, U> {

  /** A lifecycle step, for the permission it needs. */
  enum Step { GET, LIST, UPDATE, DELETE, RECOVER, PURGE }

  /** Refuses {@code caller} the permission {@code step} needs on {@code objectId}. */
  @FunctionalInterface
  interface Permissions {
    void check(Identity caller, Step step, String objectId) throws ForbiddenException;
  }

  /** A check on a version before its value is handed out. */
  @FunctionalInterface
  interface ReadCheck<V> {
    void check(V version) throws KeyVaultException;
  }

  /**
   * Splits an update: validates the type's own part (key_ops) against the version and returns what
   * commits it, after the common part has been checked and applied.
   */
  @FunctionalInterface
  interface OwnUpdate<V, U> {
    Runnable prepare(V version, U update) throws KeyVaultException;
  }

  /**
   * What differs between keys and secrets.
   *
   * @param collection {@code keys} or {@code secrets}
   * @param noun {@code key} or {@code secret}, for messages
   * @param auditPrefix {@code Key} or {@code Secret}: the audit names are this plus the step
   * @param notFound {@code KeyNotFound} or {@code SecretNotFound}
   * @param permissions the permission check
   * @param cost the throttling cost of reading or updating a version
   * @param readCheck what a read must pass (a secret's value is not handed out while disabled)
   * @param common the part of an update every version takes
   * @param own the type's own part of an update
   */
  record Kind<V, U>(String collection, String noun, String auditPrefix, String notFound, Permissions permissions,
      ToIntFunction<V> cost, ReadCheck<V> readCheck, Function<U, AttributesUpdate> common, OwnUpdate<V, U> own) {}

  private final Calls calls;
  private final VaultKind store;
  private final String vault;
  private final Kind<V, U> kind;
  private final Function<V, B> bundle;
  private final Supplier<String> recoveryLevel;
  private final BooleanSupplier purgeProtection;
  private final Duration retention;
  private final Map<String, VersionedObject<V>> byName = new HashMap<>();

  VersionedStore(Calls calls, VaultKind store, String vault, Kind<V, U> kind, Function<V, B> bundle, Supplier<String> recoveryLevel,
      BooleanSupplier purgeProtection, Duration retention) {
    this.calls = calls;
    this.store = store;
    this.vault = vault;
    this.kind = kind;
    this.bundle = bundle;
    this.recoveryLevel = recoveryLevel;
    this.purgeProtection = purgeProtection;
    this.retention = retention;
  }

  // ---------------------------------------------------------------- the shared lifecycle, one call each

  @Override
  public B get(Identity caller, VaultObjectId id) throws KeyVaultException {
    return calls.run(caller, kind.auditPrefix + "Get", id.url(), () -> costOf(id), c -> {
      kind.permissions.check(caller, Step.GET, c.objectId);
      V v = version(id);
      c.objectId = v.url();
      kind.readCheck.check(v);
      return bundle.apply(v);
    });
  }

  @Override
  public List<VaultItem> list(Identity caller) throws KeyVaultException {
    return calls.run(caller, kind.auditPrefix + "List", collectionUrl(), () -> 1, c -> {
      kind.permissions.check(caller, Step.LIST, c.objectId);
      return byName.values().stream().filter(o -> !o.isDeleted()).sorted(Comparator.comparing(o -> o.name))
          .map(o -> item(o.current())).toList();
    });
  }

  @Override
  public List<VaultItem> listVersions(Identity caller, VaultObjectId id) throws KeyVaultException {
    return calls.run(caller, kind.auditPrefix + "ListVersions", id.url(), () -> 1, c -> {
      kind.permissions.check(caller, Step.LIST, c.objectId);
      return live(id).versions.values().stream().map(this::item).toList();
    });
  }

  @Override
  public B update(Identity caller, VaultObjectId id, U update) throws KeyVaultException {
    Objects.requireNonNull(update, "update");
    return calls.run(caller, kind.auditPrefix + "Update", id.url(), () -> costOf(id), c -> {
      kind.permissions.check(caller, Step.UPDATE, c.objectId);
      V v = version(id);
      c.objectId = v.url();
      Runnable commit = kind.own.prepare(v, update);
      v.apply(kind.common.apply(update), calls.now());
      commit.run();
      return bundle.apply(v);
    });
  }

  @Override
  public DeletedObject<B> delete(Identity caller, VaultObjectId id) throws KeyVaultException {
    return calls.run(caller, kind.auditPrefix + "Delete", id.url(), () -> 1, c -> {
      kind.permissions.check(caller, Step.DELETE, c.objectId);
      VersionedObject<V> o = live(id);
      o.softDelete(calls.now(), retention);
      return deleted(o);
    });
  }

  @Override
  public DeletedObject<B> getDeleted(Identity caller, VaultObjectId id) throws KeyVaultException {
    return calls.run(caller, kind.auditPrefix + "GetDeleted", id.url(), () -> 1, c -> {
      kind.permissions.check(caller, Step.GET, c.objectId);
      VersionedObject<V> o = deletedObject(id);
      kind.readCheck.check(o.current());
      return deleted(o);
    });
  }

  @Override
  public List<DeletedObject<B>> listDeleted(Identity caller) throws KeyVaultException {
    return calls.run(caller, kind.auditPrefix + "ListDeleted", collectionUrl(), () -> 1, c -> {
      kind.permissions.check(caller, Step.LIST, c.objectId);
      return byName.values().stream().filter(VersionedObject::isDeleted).sorted(Comparator.comparing(o -> o.name))
          .map(this::deleted).toList();
    });
  }

  @Override
  public B recover(Identity caller, VaultObjectId id) throws KeyVaultException {
    return calls.run(caller, kind.auditPrefix + "Recover", id.url(), () -> 1, c -> {
      kind.permissions.check(caller, Step.RECOVER, c.objectId);
      VersionedObject<V> o = deletedObject(id);
      o.recover();
      return bundle.apply(o.current());
    });
  }

  @Override
  public void purge(Identity caller, VaultObjectId id) throws KeyVaultException {
    calls.run(caller, kind.auditPrefix + "Purge", id.url(), () -> 1, c -> {
      kind.permissions.check(caller, Step.PURGE, c.objectId);
      VersionedObject<V> o = deletedObject(id);
      if (purgeProtection.getAsBoolean()) {
        throw new ForbiddenException("vault '" + vault + "' has purge protection: deleted " + kind.noun + " "
            + c.objectId + " cannot be purged before its scheduled purge date " + o.scheduledPurge);
      }
      byName.remove(o.name);
      return null;
    });
  }

  // ---------------------------------------------------------------- ids: parsed once, at the edge

  /**
   * The id a caller's name or URL stands for: the one place where strings become ids.
   *
   * @throws BadParameterException when it is neither a valid name nor an id URL of this collection's shape
   */
  @Override
  public VaultObjectId id(String nameOrUrl) throws BadParameterException {
    if (nameOrUrl == null) {
      throw new BadParameterException("the " + kind.noun + " id or name is missing");
    }
    if (nameOrUrl.startsWith("https://")) {
      return VaultObjectId.tryParse(nameOrUrl).orElseThrow(() -> new BadParameterException("not a " + kind.collection
          + " id of shape " + collectionUrl() + "/{name}[/{32 hex version}]: " + nameOrUrl));
    }
    Validation.checkName(nameOrUrl, kind.noun);
    return new VaultObjectId(store, vault, kind.collection, nameOrUrl, Optional.empty());
  }

  /** The versionless id of {@code name}, for calls that create. */
  VaultObjectId idOfName(String name) throws BadParameterException {
    Validation.checkName(name, kind.noun);
    return new VaultObjectId(store, vault, kind.collection, name, Optional.empty());
  }

  // ---------------------------------------------------------------- look-ups, under the lock

  /** The live object {@code id} names. */
  VersionedObject<V> live(VaultObjectId id) throws KeyVaultException {
    VersionedObject<V> o = byName.get(own(id).name());
    if (o == null) {
      throw new NotFoundException(kind.notFound, kind.noun + " " + id + " does not exist in vault '"
          + vault + "'");
    }
    if (o.isDeleted()) {
      throw new NotFoundException(kind.notFound, kind.noun + " " + id + " is deleted (recoverable until "
          + o.scheduledPurge + "); recover it first");
    }
    return o;
  }

  /** The version {@code id} names, or the current one when it names none. */
  V version(VaultObjectId id) throws KeyVaultException {
    VersionedObject<V> o = live(id);
    if (id.version().isEmpty()) {
      return o.current();
    }
    return o.version(id.version().get()).orElseThrow(() -> new NotFoundException(kind.notFound,
        kind.noun + " version " + id + " does not exist"));
  }

  /** The version {@code id} names (or the current one), or empty; never refuses. */
  Optional<V> peek(VaultObjectId id) {
    VersionedObject<V> o = byName.get(id.name());
    if (o == null || !isOwn(id)) {
      return Optional.empty();
    }
    return id.version().isEmpty() ? Optional.of(o.current()) : o.version(id.version().get());
  }

  /** Every object that is not deleted. */
  List<VersionedObject<V>> liveObjects() {
    return byName.values().stream().filter(o -> !o.isDeleted()).toList();
  }

  /**
   * Adds a version to {@code name}, made by {@code make} from its new id.
   *
   * @throws ConflictException when the name belongs to a deleted object: recover or purge it first
   */
  V addVersion(String name, VersionMaker<V> make) throws KeyVaultException {
    VersionedObject<V> o = byName.get(name);
    VaultObjectId id = idOfName(name);
    if (o != null && o.isDeleted()) {
      throw new ConflictException(kind.noun + " " + id + " is deleted but recoverable; recover or purge it first");
    }
    String version = newVersion();
    V v = make.make(id.withVersion(version));
    byName.computeIfAbsent(name, VersionedObject::new).add(version, v);
    return v;
  }

  /** Makes a version from its id. */
  @FunctionalInterface
  interface VersionMaker<V> {
    V make(VaultObjectId id) throws KeyVaultException;
  }

  /** Purges every deleted object whose retention has ended by {@code now}. */
  void purgeExpired(Instant now) {
    byName.values().removeIf(o -> o.isDeleted() && !now.isBefore(o.scheduledPurge));
  }

  private VersionedObject<V> deletedObject(VaultObjectId id) throws KeyVaultException {
    VersionedObject<V> o = byName.get(own(id).name());
    if (o == null || !o.isDeleted()) {
      throw new NotFoundException(kind.notFound, "there is no deleted " + kind.noun + " named '" + id.name()
          + "' in vault '" + vault + "'");
    }
    return o;
  }

  private VaultObjectId own(VaultObjectId id) throws BadParameterException {
    if (!isOwn(id)) {
      throw new BadParameterException(id + " is not a " + kind.collection + " id of " + store.displayName()
          + " '" + vault + "'");
    }
    return id;
  }

  private boolean isOwn(VaultObjectId id) {
    return id.kind() == store && id.vault().equals(vault) && id.collection().equals(kind.collection);
  }

  private VaultItem item(V v) {
    return new VaultItem(v.id, v.attributes(recoveryLevel.get()), v.tags, v.contentType());
  }

  private DeletedObject<B> deleted(VersionedObject<V> o) {
    return new DeletedObject<>(store.baseUri(vault) + "deleted" + kind.collection + "/" + o.name,
        bundle.apply(o.current()), o.deletedAt, o.scheduledPurge);
  }

  private int costOf(VaultObjectId id) {
    return peek(id).map(kind.cost::applyAsInt).orElse(1);
  }

  private String collectionUrl() {
    return store.baseUri(vault) + kind.collection;
  }

  private static String newVersion() {
    byte[] b = new byte[16];
    Randomness.source().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
