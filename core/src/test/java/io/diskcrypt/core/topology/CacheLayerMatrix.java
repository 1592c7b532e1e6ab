package io.diskcrypt.core.topology;

import io.diskcrypt.core.keys.InMemoryKeyProvider;
import io.diskcrypt.core.keys.WrappedKey;
import io.diskcrypt.core.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The matrix the reliability tests run over: every cache policy, with no encryption layer, a storage
 * layer or a host layer above the cache; a region whose one option is that layer, and a seed per case.
 */
final class CacheLayerMatrix {
  private CacheLayerMatrix() {}

  /** Every cache policy with each layer (null: none), for {@code @MethodSource}. */
  static List<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (CachePolicy cache : CachePolicy.values()) {
      for (Placement layer : new Placement[] {null, Placement.STORAGE, Placement.HOST_DISK}) {
        all.add(Arguments.of(cache, layer));
      }
    }
    return all;
  }

  /** The case's seed: the run's base seed, distinct per case. */
  static long seed(CachePolicy cache, Placement layer) {
    return Seeds.base() ^ (cache.ordinal() * 7L + (layer == null ? 0 : layer.ordinal() + 1));
  }

  /** {@link #cloud(Placement, InMemoryKeyProvider, String)} with keys of its own. */
  static Cloud cloud(Placement layer) {
    InMemoryKeyProvider keys = new InMemoryKeyProvider("test");
    return cloud(layer, keys, keys.createKey("kek"));
  }

  /**
   * A region whose one option encrypts every managed disk at {@code layer} (none when null), each
   * disk with its own data key wrapped by {@code kek}, unwrapped again when the disk comes back
   * (another start, another VM).
   */
  static Cloud cloud(Placement layer, InMemoryKeyProvider keys, String kek) {
    Cloud cloud = Cloud.create("test");
    if (layer != null) {
      Map<String, WrappedKey> wrapped = new ConcurrentHashMap<>();
      cloud.pipeline().insert(layer, "test encryption", (d, below, payer) -> {
        String disk = d.managedDisk().name();
        if (!wrapped.containsKey(disk)) {
          try (var dek = keys.newDataKey(kek, 64)) {
            wrapped.put(disk, dek.wrapped());
          }
        }
        return keys.unwrapIntoLayer(below, wrapped.get(disk), payer, "test key");
      });
    }
    return cloud;
  }
}
