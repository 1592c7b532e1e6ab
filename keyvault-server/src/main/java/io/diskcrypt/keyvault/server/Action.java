package io.diskcrypt.keyvault.server;

/**
 * What a route does, named two ways for the 403 answer: the Azure RBAC data action, and the
 * access-policy permission (which is also the operation's name in the service's messages).
 */
enum Action {
  KEY_GET("Microsoft.KeyVault/vaults/keys/read", "keys", "get"),
  KEY_LIST("Microsoft.KeyVault/vaults/keys/read", "keys", "list"),
  KEY_CREATE("Microsoft.KeyVault/vaults/keys/create/action", "keys", "create"),
  KEY_IMPORT("Microsoft.KeyVault/vaults/keys/import/action", "keys", "import"),
  KEY_UPDATE("Microsoft.KeyVault/vaults/keys/update/action", "keys", "update"),
  KEY_DELETE("Microsoft.KeyVault/vaults/keys/delete", "keys", "delete"),
  KEY_GET_DELETED("Microsoft.KeyVault/vaults/deletedKeys/read", "keys", "get"),
  KEY_LIST_DELETED("Microsoft.KeyVault/vaults/deletedKeys/read", "keys", "list"),
  KEY_RECOVER("Microsoft.KeyVault/vaults/keys/recover/action", "keys", "recover"),
  KEY_PURGE("Microsoft.KeyVault/vaults/keys/purge/action", "keys", "purge"),
  KEY_ROTATE("Microsoft.KeyVault/vaults/keys/rotate/action", "keys", "rotate"),
  KEY_GET_ROTATION_POLICY("Microsoft.KeyVault/vaults/keyrotationpolicies/read", "keys", "getrotationpolicy"),
  KEY_SET_ROTATION_POLICY("Microsoft.KeyVault/vaults/keyrotationpolicies/write", "keys", "setrotationpolicy"),
  KEY_ENCRYPT("Microsoft.KeyVault/vaults/keys/encrypt/action", "keys", "encrypt"),
  KEY_DECRYPT("Microsoft.KeyVault/vaults/keys/decrypt/action", "keys", "decrypt"),
  KEY_WRAP("Microsoft.KeyVault/vaults/keys/wrap/action", "keys", "wrapKey"),
  KEY_UNWRAP("Microsoft.KeyVault/vaults/keys/unwrap/action", "keys", "unwrapKey"),
  KEY_SIGN("Microsoft.KeyVault/vaults/keys/sign/action", "keys", "sign"),
  KEY_VERIFY("Microsoft.KeyVault/vaults/keys/verify/action", "keys", "verify"),
  SECRET_GET("Microsoft.KeyVault/vaults/secrets/getSecret/action", "secrets", "get"),
  SECRET_LIST("Microsoft.KeyVault/vaults/secrets/readMetadata/action", "secrets", "list"),
  SECRET_SET("Microsoft.KeyVault/vaults/secrets/setSecret/action", "secrets", "set"),
  SECRET_UPDATE("Microsoft.KeyVault/vaults/secrets/update/action", "secrets", "set"),
  SECRET_DELETE("Microsoft.KeyVault/vaults/secrets/delete", "secrets", "delete"),
  SECRET_GET_DELETED("Microsoft.KeyVault/vaults/deletedSecrets/read", "secrets", "get"),
  SECRET_LIST_DELETED("Microsoft.KeyVault/vaults/deletedSecrets/read", "secrets", "list"),
  SECRET_RECOVER("Microsoft.KeyVault/vaults/secrets/recover/action", "secrets", "recover"),
  SECRET_PURGE("Microsoft.KeyVault/vaults/secrets/purge/action", "secrets", "purge");

  final String dataAction;
  final String collection;
  final String permission;

  Action(String dataAction, String collection, String permission) {
    this.dataAction = dataAction;
    this.collection = collection;
    this.permission = permission;
  }

  boolean onKeys() {
    return collection.equals("keys");
  }
}
