package io.diskcrypt.sse;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.crypto.EncryptionLayer;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyProvider;
import io.diskcrypt.core.keys.WrappedKey;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.core.topology.ManagedDisk;
import io.diskcrypt.keyvault.VaultObjectId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a disk's wrapped data keys into cipher layers, and makes and re-wraps those keys. Each data
 * key is a random 512-bit AES-256-XTS key; only its wrapped form is stored with the disk. Customer
 * keys are checked against the disk platform's rules before use.
 *
 * <p><b>Security.</b> Unwrapped data keys live only inside this class's methods and the ciphers of
 * the layers; they are destroyed in {@code finally} blocks.
 */
final class KeyChain {
  /** 512 bits: AES-256-XTS. */
  static final int DATA_KEY_BYTES = 64;

  private final KeyProvider platformKeys;
  private final String platformKeyId;
  private final VaultKeys vaultKeys;
  private final SimClock clock;

  KeyChain(KeyProvider platformKeys, String platformKeyId, VaultKeys vaultKeys, SimClock clock) {
    this.platformKeys = platformKeys;
    this.platformKeyId = platformKeyId;
    this.vaultKeys = vaultKeys;
    this.clock = clock;
  }

  /** One built layer, and whether its key hangs on a customer's key. */
  record Built(EncryptionLayer layer, boolean customerKey) {}

  /**
   * Builds the disk's layers over {@code below}, infrastructure layer innermost.
   *
   * @throws KeyAccessException naming the key when a data key cannot be unwrapped or the customer's
   *     key breaks the platform's rules
   */
  List<Built> build(ManagedDisk disk, DiskKeys keys, BlockDevice below, CpuAccount payer) throws KeyAccessException {
    List<Built> built = new ArrayList<>();
    try {
      BlockDevice top = below;
      if (keys.infrastructureLayer()) {
        EncryptionLayer infra = layer(top, disk, DiskKeys.INFRASTRUCTURE_KEY_SLOT, platformKeys, payer,
            "platform-managed key " + platformKeyId + " (infrastructure layer of disk " + disk.name() + ")");
        built.add(new Built(infra, false));
        top = infra;
      }
      WrappedKey wrapped = slot(disk, DiskKeys.DATA_KEY_SLOT);
      if (keys.type().usesCustomerKey()) {
        checkCustomerKey(keys.set(), wrapped.keyId());
      }
      built.add(new Built(layer(top, disk, DiskKeys.DATA_KEY_SLOT, provider(keys), payer, describe(disk, keys)),
          keys.type().usesCustomerKey()));
      return built;
    } catch (KeyAccessException | RuntimeException e) {
      built.forEach(b -> b.layer().evictKey());
      throw e;
    }
  }

  /** The top of a built stack, or {@code below} when nothing was built. */
  static BlockDevice top(List<Built> built, BlockDevice below) {
    return built.isEmpty() ? below : built.get(built.size() - 1).layer();
  }

  /** The disk's layer key in words: who holds the key that wraps it. */
  String describe(ManagedDisk disk, DiskKeys keys) {
    if (!keys.type().usesCustomerKey()) {
      return "platform-managed key " + platformKeyId + " (disk " + disk.name() + ")";
    }
    return "customer-managed key " + versionless(keys.set().activeKeyUrl()) + " through disk encryption set "
        + keys.set().name() + " (disk " + disk.name() + ")";
  }

  static String versionless(String keyUrl) {
    return VaultObjectId.tryParse(keyUrl).map(id -> id.versionless().url()).orElse(keyUrl);
  }

  /**
   * Throws when the platform may not use the customer's key {@code keyUrl} now.
   *
   * @throws KeyAccessException naming the key and what is wrong with it
   */
  void checkCustomerKey(DiskEncryptionSet set, String keyUrl) throws KeyAccessException {
    Optional<KeyProblem> problem = vaultKeys.problem(set.identity(), keyUrl, clock.instant());
    if (problem.isPresent()) {
      throw problem.get().toException();
    }
  }

  /**
   * Stores the data keys {@code to} needs, reusing the data keys of {@code from} (re-wrapped) where
   * the layer stays, and fresh random keys where a layer is new.
   */
  void provision(ManagedDisk disk, DiskKeys from, DiskKeys to) throws KeyAccessException {
    String kek = kekOf(to);
    WrappedKey old = from == null ? null : disk.wrappedKey(DiskKeys.DATA_KEY_SLOT);
    if (old == null) {
      try (var fresh = provider(to).newDataKey(kek, DATA_KEY_BYTES)) {
        disk.putWrappedKey(DiskKeys.DATA_KEY_SLOT, fresh.wrapped());
      }
    } else {
      disk.putWrappedKey(DiskKeys.DATA_KEY_SLOT, rewrap(old, provider(from), provider(to), kek));
    }
    if (to.infrastructureLayer() && (from == null || !from.infrastructureLayer())) {
      try (var fresh = platformKeys.newDataKey(platformKeyId, DATA_KEY_BYTES)) {
        disk.putWrappedKey(DiskKeys.INFRASTRUCTURE_KEY_SLOT, fresh.wrapped());
      }
    }
  }

  /**
   * Unwraps a data key under the key that wrapped it and wraps it under {@code kek}: the data key,
   * and so every sector, stays the same.
   */
  WrappedKey rewrap(WrappedKey wrapped, KeyProvider from, KeyProvider to, String kek) throws KeyAccessException {
    try (SecretKeyMaterial dek = from.unwrap(wrapped)) {
      return to.wrap(kek, dek);
    }
  }

  /** The provider that wraps the disk's data key for {@code keys}. */
  KeyProvider provider(DiskKeys keys) {
    return keys.type().usesCustomerKey() ? vaultKeys.provider(keys.set().identity()) : platformKeys;
  }

  private String kekOf(DiskKeys keys) {
    return keys.type().usesCustomerKey() ? keys.set().activeKeyUrl() : platformKeyId;
  }

  private static WrappedKey slot(ManagedDisk disk, String slot) {
    WrappedKey wrapped = disk.wrappedKey(slot);
    if (wrapped == null) {
      throw new IllegalStateException("disk " + disk.name() + " has no wrapped key in slot " + slot);
    }
    return wrapped;
  }

  private static EncryptionLayer layer(BlockDevice below, ManagedDisk disk, String slot, KeyProvider provider,
      CpuAccount payer, String description) throws KeyAccessException {
    return provider.unwrapIntoLayer(below, slot(disk, slot), payer, description);
  }
}
