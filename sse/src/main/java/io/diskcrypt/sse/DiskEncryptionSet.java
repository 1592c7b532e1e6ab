package io.diskcrypt.sse;

import io.diskcrypt.keyvault.Identity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A disk encryption set: the resource through which the storage cluster uses a customer's key. It
 * names the active key by a fully versioned URL, the identity the storage cluster acts as when it
 * wraps and unwraps data keys, and whether it follows new key versions on its own. During a rotation
 * {@link #previousKeys()} lists the versions some disks are still wrapped under.
 *
 * <p>Created and changed only by this package ({@link ServerSideEncryption} and its key watch, which
 * applies rotations); this object is the read-only view the
 * control plane shows (its fields are those of the real resource).
 */
public final class DiskEncryptionSet {
  private final String name;
  private final String region;
  private final Identity identity;
  private final String sourceVault;
  private String activeKeyUrl;
  private boolean rotationToLatestKeyVersionEnabled;
  private final List<String> previousKeys = new ArrayList<>();
  private Instant lastKeyRotationTimestamp;
  private String autoKeyRotationError;
  private Instant revokedSince;
  private String keyProblem;

  DiskEncryptionSet(String name, String region, Identity identity, String sourceVault, String activeKeyUrl,
      boolean rotationToLatestKeyVersionEnabled) {
    this.name = Objects.requireNonNull(name, "name");
    this.region = Objects.requireNonNull(region, "region");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.sourceVault = Objects.requireNonNull(sourceVault, "sourceVault");
    this.activeKeyUrl = Objects.requireNonNull(activeKeyUrl, "activeKeyUrl");
    this.rotationToLatestKeyVersionEnabled = rotationToLatestKeyVersionEnabled;
  }

  /** The set's name. */
  public String name() {
    return name;
  }

  /** The resource id, as disks refer to it in {@code encryption.diskEncryptionSetId}. */
  public String id() {
    return "/providers/Microsoft.Compute/locations/" + region + "/diskEncryptionSets/" + name;
  }

  /** The region; the key's vault and the disks must be in it. */
  public String region() {
    return region;
  }

  /** The managed identity the storage cluster uses to reach the key. */
  public Identity identity() {
    return identity;
  }

  /** {@code activeKey.sourceVault}: the vault holding the key. */
  public String sourceVault() {
    return sourceVault;
  }

  /** {@code activeKey.keyUrl}: the fully versioned key URL. */
  public synchronized String activeKeyUrl() {
    return activeKeyUrl;
  }

  /** {@code rotationToLatestKeyVersionEnabled}: follow new key versions automatically. */
  public synchronized boolean rotationToLatestKeyVersionEnabled() {
    return rotationToLatestKeyVersionEnabled;
  }

  /** {@code previousKeys}: versions still wrapping some disk's data key while a rotation is in flight. */
  public synchronized List<String> previousKeys() {
    return List.copyOf(previousKeys);
  }

  /** {@code lastKeyRotationTimestamp}: when the last rotation finished re-wrapping, if one did. */
  public synchronized Optional<Instant> lastKeyRotationTimestamp() {
    return Optional.ofNullable(lastKeyRotationTimestamp);
  }

  /** {@code autoKeyRotationError}: why the last rotation could not finish, if it could not. */
  public synchronized Optional<String> autoKeyRotationError() {
    return Optional.ofNullable(autoKeyRotationError);
  }

  /**
   * Since when the platform has found a key of this set unusable (disabled, deleted, expired,
   * forbidden): the active key, or an earlier version some disk's data key is still wrapped under.
   */
  public synchronized Optional<Instant> revokedSince() {
    return Optional.ofNullable(revokedSince);
  }

  /** What is wrong with the key, in words, while it is unusable. */
  public synchronized Optional<String> keyProblem() {
    return Optional.ofNullable(keyProblem);
  }

  synchronized void setRotationToLatestKeyVersionEnabled(boolean on) {
    rotationToLatestKeyVersionEnabled = on;
  }

  synchronized void beginRotation(String newKeyUrl) {
    if (!previousKeys.contains(activeKeyUrl)) {
      previousKeys.add(activeKeyUrl);
    }
    activeKeyUrl = newKeyUrl;
  }

  synchronized boolean rotating() {
    return !previousKeys.isEmpty();
  }

  synchronized void finishRotation(Instant at) {
    previousKeys.clear();
    lastKeyRotationTimestamp = at;
    autoKeyRotationError = null;
  }

  synchronized void rotationFailed(String why) {
    autoKeyRotationError = why;
  }

  synchronized void markRevoked(Instant since, String problem) {
    if (revokedSince == null) {
      revokedSince = since;
    }
    keyProblem = problem;
  }

  synchronized void markUsable() {
    revokedSince = null;
    keyProblem = null;
  }

  @Override
  public synchronized String toString() {
    return "DiskEncryptionSet[" + name + ", " + activeKeyUrl + ", identity " + identity.displayName()
        + (rotationToLatestKeyVersionEnabled ? ", auto-rotation" : "") + "]";
  }
}
