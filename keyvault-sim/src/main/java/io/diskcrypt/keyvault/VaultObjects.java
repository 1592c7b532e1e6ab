package io.diskcrypt.keyvault;

import java.util.List;

/**
 * One collection of a vault, its keys ({@link KeyVault#keys()}) or its secrets ({@link
 * KeyVault#secrets()}), and the lifecycle both share: versions, attributes, update, soft delete,
 * recover and purge. What only keys do (create, rotate, wrap, ...) is on {@link KeyVault}.
 *
 * <p>Every call takes the calling {@link Identity} and a {@link VaultObjectId}; an id without a version
 * means the current version. Each has a {@code String} overload taking a name or an id URL, which
 * {@link #id(String)} parses once before the typed call. Refusals: {@link ForbiddenException} without
 * the permission the step needs (keys: {@code get}, {@code list}, {@code update}, {@code delete},
 * {@code recover}, {@code purge}; secrets the same, but {@code set} to update), {@link
 * NotFoundException} for a missing or deleted object, {@link BadParameterException} for an id of
 * another vault or collection, {@link ThrottledException} when the vault's budget is spent.
 *
 * @param <B> the bundle callers see: {@link KeyBundle} or {@link SecretBundle}
 * @param <U> the update type: {@link KeyAttributesUpdate} or {@link AttributesUpdate}
 */
public sealed interface VaultObjects<B extends VaultObject, U> permits VersionedStore {

  /**
   * The id {@code nameOrUrl} stands for: a name of this collection (versionless), or a key or secret
   * id URL (checked against this vault when used).
   *
   * @throws BadParameterException when it is neither
   */
  VaultObjectId id(String nameOrUrl) throws BadParameterException;

  /**
   * Reads a version (the current one when the id has none). A key works when disabled and outside
   * nbf/exp; a secret's value is refused with {@link SecretDisabledException} while it is disabled.
   */
  B get(Identity caller, VaultObjectId id) throws KeyVaultException;

  /** As {@link #get(Identity, VaultObjectId)}, by name or id URL. */
  default B get(Identity caller, String nameOrUrl) throws KeyVaultException {
    return get(caller, id(nameOrUrl));
  }

  /** The current version of every object that is not deleted, by name, without key material or value. */
  List<VaultItem> list(Identity caller) throws KeyVaultException;

  /** Every version of {@code id}, oldest first, without key material or value. */
  List<VaultItem> listVersions(Identity caller, VaultObjectId id) throws KeyVaultException;

  /** As {@link #listVersions(Identity, VaultObjectId)}, by name or id URL. */
  default List<VaultItem> listVersions(Identity caller, String nameOrUrl) throws KeyVaultException {
    return listVersions(caller, id(nameOrUrl));
  }

  /**
   * Updates one version's attributes (the current version when the id has none): enabled, nbf, exp,
   * tags, and for keys key_ops. Nothing changes when the update is refused.
   *
   * @throws BadParameterException for more than 15 tags, nbf not before exp, or key_ops the type lacks
   */
  B update(Identity caller, VaultObjectId id, U update) throws KeyVaultException;

  /** As {@link #update(Identity, VaultObjectId, Object)}, by name or id URL. */
  default B update(Identity caller, String nameOrUrl, U update) throws KeyVaultException {
    return update(caller, id(nameOrUrl), update);
  }

  /**
   * Soft-deletes the object with all its versions: recoverable until the vault's retention ends, then
   * purged by the service. Its name stays taken until then ({@link ConflictException} on reuse).
   */
  DeletedObject<B> delete(Identity caller, VaultObjectId id) throws KeyVaultException;

  /** As {@link #delete(Identity, VaultObjectId)}, by name or id URL. */
  default DeletedObject<B> delete(Identity caller, String nameOrUrl) throws KeyVaultException {
    return delete(caller, id(nameOrUrl));
  }

  /** Reads a soft-deleted object (needs {@code get}; a disabled secret's value is refused as by get). */
  DeletedObject<B> getDeleted(Identity caller, VaultObjectId id) throws KeyVaultException;

  /** As {@link #getDeleted(Identity, VaultObjectId)}, by name or id URL. */
  default DeletedObject<B> getDeleted(Identity caller, String nameOrUrl) throws KeyVaultException {
    return getDeleted(caller, id(nameOrUrl));
  }

  /** Every soft-deleted object, by name (needs {@code list}). */
  List<DeletedObject<B>> listDeleted(Identity caller) throws KeyVaultException;

  /** Recovers a soft-deleted object with all its versions and attributes. */
  B recover(Identity caller, VaultObjectId id) throws KeyVaultException;

  /** As {@link #recover(Identity, VaultObjectId)}, by name or id URL. */
  default B recover(Identity caller, String nameOrUrl) throws KeyVaultException {
    return recover(caller, id(nameOrUrl));
  }

  /**
   * Purges a soft-deleted object for good.
   *
   * @throws ForbiddenException also when the vault has purge protection (the object is then purged
   *     only when retention ends), naming the scheduled purge date
   */
  void purge(Identity caller, VaultObjectId id) throws KeyVaultException;

  /** As {@link #purge(Identity, VaultObjectId)}, by name or id URL. */
  default void purge(Identity caller, String nameOrUrl) throws KeyVaultException {
    purge(caller, id(nameOrUrl));
  }
}
