package io.diskcrypt.keyvault;

import java.util.EnumSet;
import java.util.Set;

/** A key permission of a vault access policy, with its wire name. */
public enum KeyPermission {
  /** Read a key's metadata and public part. */
  GET("get"),
  /** List keys and versions. */
  LIST("list"),
  /** Change attributes, key_ops and tags. */
  UPDATE("update"),
  /** Create a key (or a new version by create). */
  CREATE("create"),
  /** Import a key. */
  IMPORT("import"),
  /** Soft-delete a key. */
  DELETE("delete"),
  /** Recover a soft-deleted key. */
  RECOVER("recover"),
  /** Back up a key (not simulated beyond the permission). */
  BACKUP("backup"),
  /** Restore a key (not simulated beyond the permission). */
  RESTORE("restore"),
  /** Decrypt. */
  DECRYPT("decrypt"),
  /** Encrypt. */
  ENCRYPT("encrypt"),
  /** Unwrap a key. */
  UNWRAP_KEY("unwrapKey"),
  /** Wrap a key. */
  WRAP_KEY("wrapKey"),
  /** Verify. */
  VERIFY("verify"),
  /** Sign. */
  SIGN("sign"),
  /** Purge a soft-deleted key. */
  PURGE("purge"),
  /** Release an exportable key to an attested environment (secure key release, confidential VMs). */
  RELEASE("release"),
  /** Rotate a key now. */
  ROTATE("rotate"),
  /** Read a rotation policy. */
  GET_ROTATION_POLICY("getrotationpolicy"),
  /** Set a rotation policy. */
  SET_ROTATION_POLICY("setrotationpolicy");

  private final String wireName;

  KeyPermission(String wireName) {
    this.wireName = wireName;
  }

  /** The name in an access policy, such as {@code unwrapKey}. */
  public String wireName() {
    return wireName;
  }

  /** The permission a step of the lifecycle keys share with secrets needs. */
  static KeyPermission of(VersionedStore.Step step) {
    return switch (step) {
      case GET -> GET;
      case LIST -> LIST;
      case UPDATE -> UPDATE;
      case DELETE -> DELETE;
      case RECOVER -> RECOVER;
      case PURGE -> PURGE;
    };
  }

  /** Every key permission. */
  public static Set<KeyPermission> all() {
    return EnumSet.allOf(KeyPermission.class);
  }

  /** What the Confidential VM Orchestrator needs to release a confidential VM's disk key: get, release. */
  public static Set<KeyPermission> confidentialVmOrchestrator() {
    return EnumSet.of(GET, RELEASE);
  }

  /** What a disk encryption set needs: get, wrapKey, unwrapKey. */
  public static Set<KeyPermission> diskEncryptionSet() {
    return EnumSet.of(GET, WRAP_KEY, UNWRAP_KEY);
  }
}
