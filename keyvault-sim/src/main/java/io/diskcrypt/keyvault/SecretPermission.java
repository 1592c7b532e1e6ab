package io.diskcrypt.keyvault;

import java.util.EnumSet;
import java.util.Set;

/** A secret permission of a vault access policy, with its wire name. */
public enum SecretPermission {
  /** Read a secret's value. */
  GET("get"),
  /** List secrets and versions. */
  LIST("list"),
  /** Set a secret (a new version) and update its attributes. */
  SET("set"),
  /** Soft-delete a secret. */
  DELETE("delete"),
  /** Recover a soft-deleted secret. */
  RECOVER("recover"),
  /** Back up a secret (not simulated beyond the permission). */
  BACKUP("backup"),
  /** Restore a secret (not simulated beyond the permission). */
  RESTORE("restore"),
  /** Purge a soft-deleted secret. */
  PURGE("purge");

  private final String wireName;

  SecretPermission(String wireName) {
    this.wireName = wireName;
  }

  /** The name in an access policy, such as {@code get}. */
  public String wireName() {
    return wireName;
  }

  /** The permission a step of the lifecycle secrets share with keys needs (updating is {@code set}). */
  static SecretPermission of(VersionedStore.Step step) {
    return switch (step) {
      case GET -> GET;
      case LIST -> LIST;
      case UPDATE -> SET;
      case DELETE -> DELETE;
      case RECOVER -> RECOVER;
      case PURGE -> PURGE;
    };
  }

  /** Every secret permission. */
  public static Set<SecretPermission> all() {
    return EnumSet.allOf(SecretPermission.class);
  }
}
