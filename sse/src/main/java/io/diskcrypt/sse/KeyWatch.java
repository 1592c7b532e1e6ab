package io.diskcrypt.sse;

import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.KeyProvider;
import io.diskcrypt.core.keys.WrappedKey;
import io.diskcrypt.core.topology.ManagedDisk;
import io.diskcrypt.core.topology.VmState;
import io.diskcrypt.keyvault.KeyBundle;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the disk platform does on the clock for each disk encryption set: follows new key versions
 * (re-wrapping data keys), and watches the customer's key, stopping the VMs that use it once it has
 * been unusable for the grace period.
 *
 * <p>Time only moves in steps, and this runs after each step: a change made between two steps (a key
 * disabled, a permission removed) happened at the instant of the earlier step, which is when it is
 * dated; an expiry is dated by the key's own expiry time.
 */
final class KeyWatch {
  private final ServerSideEncryption sse;
  private final Map<DiskEncryptionSet, Instant> rotationStarted = new HashMap<>();
  /** Sets whose revocation has stopped their VMs; a start may clear it without the watch's lock. */
  private final Set<DiskEncryptionSet> enforced = ConcurrentHashMap.newKeySet();
  private Instant lastCheck;

  KeyWatch(ServerSideEncryption sse, Instant start) {
    this.sse = sse;
    this.lastCheck = start;
  }

  synchronized void tick(Instant now) {
    for (DiskEncryptionSet set : sse.diskEncryptionSets()) {
      followLatestVersion(set);
      finishRotation(set, now);
      watchKey(set, now);
    }
    lastCheck = now;
  }

  synchronized void beginRotation(DiskEncryptionSet set, String keyUrl) {
    if (!keyUrl.equals(set.activeKeyUrl())) {
      set.beginRotation(keyUrl);
      rotationStarted.put(set, sse.cloud().clock().instant());
    }
  }

  /**
   * A VM using {@code set} has just started, so its key unwrapped now: the key is usable whatever the
   * last tick saw, and a later revocation is a new one with a grace period of its own. Takes no lock of
   * the watch: a start holds its VM's lock, and a tick holds the watch's lock while it stops VMs.
   */
  void keyUsed(DiskEncryptionSet set) {
    set.markUsable();
    enforced.remove(set);
  }

  private void followLatestVersion(DiskEncryptionSet set) {
    if (!set.rotationToLatestKeyVersionEnabled() || set.rotating()) {
      return;
    }
    KeyBundle latest;
    try {
      latest = sse.vaultKeys().latest(set.identity(), set.activeKeyUrl());
    } catch (Exception e) {
      return; // the key watch reports an unreachable key
    }
    if (!latest.id().equals(set.activeKeyUrl())) {
      set.beginRotation(latest.id());
      Instant created = latest.attributes().created();
      rotationStarted.put(set, created.isAfter(lastCheck) ? created : lastCheck);
    }
  }

  private void finishRotation(DiskEncryptionSet set, Instant now) {
    Instant started = rotationStarted.get(set);
    if (started == null || now.isBefore(started.plus(ServerSideEncryption.ROTATION_COMPLETION))) {
      return;
    }
    String active = set.activeKeyUrl();
    KeyProvider provider = sse.vaultKeys().provider(set.identity());
    for (ManagedDisk disk : sse.disksOf(set)) {
      WrappedKey wrapped = disk.wrappedKey(DiskKeys.DATA_KEY_SLOT);
      if (!wrapped.keyId().equals(active)) {
        try {
          disk.putWrappedKey(DiskKeys.DATA_KEY_SLOT, sse.chain().rewrap(wrapped, provider, provider, active));
        } catch (KeyAccessException e) {
          set.rotationFailed("re-wrapping the data key of disk " + disk.name() + " failed: " + e.getMessage());
          return;
        }
      }
    }
    rotationStarted.remove(set);
    set.finishRotation(started.plus(ServerSideEncryption.ROTATION_COMPLETION));
  }

  private void watchKey(DiskEncryptionSet set, Instant now) {
    Optional<KeyProblem> problem = firstProblem(set, now);
    if (problem.isEmpty()) {
      set.markUsable();
      enforced.remove(set);
      return;
    }
    Instant since = problem.get().since().filter(s -> s.isAfter(lastCheck)).orElse(lastCheck);
    set.markRevoked(since, problem.get().describe());
    Instant deadline = set.revokedSince().orElseThrow().plus(ServerSideEncryption.REVOCATION_GRACE);
    if (!now.isBefore(deadline) && enforced.add(set)) {
      enforce(set, problem.get().describe() + " since " + set.revokedSince().orElseThrow()
          + ": the platform stopped the VM after the " + ServerSideEncryption.REVOCATION_GRACE.toMinutes() + "-minute grace period");
    }
  }

  private Optional<KeyProblem> firstProblem(DiskEncryptionSet set, Instant now) {
    Set<String> inUse = new LinkedHashSet<>();
    inUse.add(set.activeKeyUrl());
    for (ManagedDisk disk : sse.disksOf(set)) {
      inUse.add(disk.wrappedKey(DiskKeys.DATA_KEY_SLOT).keyId());
    }
    for (String keyUrl : inUse) {
      Optional<KeyProblem> problem = sse.vaultKeys().problem(set.identity(), keyUrl, now);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private void enforce(DiskEncryptionSet set, String reason) {
    // Stopping a VM closes each disk's path and evicts the keys of every layer built for it.
    for (ManagedDisk disk : sse.disksOf(set)) {
      disk.attachedTo().filter(vm -> vm.state() == VmState.RUNNING).ifPresent(vm -> vm.stop(reason));
    }
  }
}
