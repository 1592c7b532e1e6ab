package io.diskcrypt.keyvault;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The Event Grid events of one vault: published under the vault's lock, delivered to listeners after
 * the call that published them, outside that lock (a listener may call the vault again).
 */
final class Events {
  private final List<VaultEvent> all = new ArrayList<>();
  private final List<VaultEvent> undelivered = new ArrayList<>();
  private final List<Consumer<VaultEvent>> listeners = new CopyOnWriteArrayList<>();

  synchronized void publish(VaultEvent.Type type, VaultObjectId id, Instant at) {
    VaultEvent e = new VaultEvent(at, type, id.url());
    all.add(e);
    undelivered.add(e);
  }

  synchronized List<VaultEvent> all() {
    return List.copyOf(all);
  }

  void onEvent(Consumer<VaultEvent> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Hands the events published since the last delivery to every listener. */
  void deliver() {
    List<VaultEvent> batch;
    synchronized (this) {
      if (undelivered.isEmpty()) {
        return;
      }
      batch = List.copyOf(undelivered);
      undelivered.clear();
    }
    for (VaultEvent e : batch) {
      listeners.forEach(l -> l.accept(e));
    }
  }
}
