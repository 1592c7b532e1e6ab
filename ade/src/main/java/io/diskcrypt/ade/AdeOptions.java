package io.diskcrypt.ade;

import io.diskcrypt.ade.luks.LuksFormatOptions;
import io.diskcrypt.ade.luks.LuksKdf;
import java.util.Objects;

/**
 * How the simulated guest formats its LUKS volumes: the keyslot KDF and digest costs. The LUKS version,
 * key size and LUKS2 KDF type come from the image, as ADE passes cryptsetup no {@code --type} or {@code
 * --pbkdf}: Argon2i on images with cryptsetup 2.1 to 2.3, Argon2id from 2.4 (see the README).
 *
 * <p>Why lowering the KDF cost is harmless here: ADE's passphrase is 127 random bytes (1016 bits), so
 * the KDF adds nothing an attacker could feel; it only makes every simulated boot slower.
 *
 * @param luks2 LUKS2 keyslot options: an Argon2 KDF whose costs (time, memory, lanes) are used with the
 *     image's Argon2 variant; version, key size and sector size are overridden per image and disk
 * @param luks1 LUKS1 keyslot options (PBKDF2 only)
 * @param fullPassLimitBytes LUKS2 OS volumes up to this size are encrypted in place by a full,
 *     crash-resumable pass over every sector ({@code Luks.encryptInPlace}, as {@code cryptsetup
 *     reencrypt --encrypt} does); larger ones by a pass over the written sectors only, since the
 *     simulated disks are thin and visiting 30 GiB of zeros would take minutes
 */
public record AdeOptions(LuksFormatOptions luks2, LuksFormatOptions luks1, long fullPassLimitBytes) {
  /** The default {@link #fullPassLimitBytes()}: 256 MiB. */
  public static final long DEFAULT_FULL_PASS_LIMIT = 256L << 20;

  /** Checks both are present. */
  public AdeOptions {
    Objects.requireNonNull(luks2, "luks2");
    Objects.requireNonNull(luks1, "luks1");
    if (luks2.kdf().type() == LuksKdf.Type.PBKDF2) {
      throw new IllegalArgumentException("luks2 kdf " + luks2.kdf() + ": give Argon2 costs; ADE passes no"
          + " --pbkdf, so the image's cryptsetup uses argon2i or argon2id");
    }
    if (fullPassLimitBytes < 0) {
      throw new IllegalArgumentException("fullPassLimitBytes must be >= 0, got " + fullPassLimitBytes);
    }
  }

  /** A copy with another {@link #fullPassLimitBytes()} (0: always the thin pass). */
  public AdeOptions withFullPassLimit(long bytes) {
    return new AdeOptions(luks2, luks1, bytes);
  }

  /** The LUKS2 keyslot KDF on an image whose cryptsetup defaults to {@code type}: this options' Argon2 costs. */
  LuksKdf luks2Kdf(LuksKdf.Type type) {
    LuksKdf costs = luks2.kdf();
    return new LuksKdf(type, null, costs.iterations(), costs.memoryKiB(), costs.parallelism());
  }

  /**
   * The default: LUKS2 keyslots with Argon2 (the image picks argon2i or argon2id) at a small cost (time 4,
   * 1 MiB, 1 lane) so that a VM with three volumes formats and boots in well under a second of KDF;
   * LUKS1 with PBKDF2 at the luks package's default 100,000 iterations.
   */
  public static AdeOptions defaults() {
    return new AdeOptions(LuksFormatOptions.builder().kdf(LuksKdf.argon2id(4, 1024, 1)).build(),
        LuksFormatOptions.builder().luks1().build(), DEFAULT_FULL_PASS_LIMIT);
  }

  /** The luks package's defaults, closer to cryptsetup's cost: Argon2id time 4, 64 MiB, 4 lanes (seconds per volume here). */
  public static AdeOptions realisticKdf() {
    return new AdeOptions(LuksFormatOptions.defaults(), LuksFormatOptions.builder().luks1().build(),
        DEFAULT_FULL_PASS_LIMIT);
  }

  /**
   * Cheap KDFs, for tests and demos that start many VMs: Argon2 at cryptsetup's minimum (time 4, 32 KiB,
   * 1 lane), PBKDF2 and the digests at 1000 iterations.
   */
  public static AdeOptions cheapKdf() {
    return new AdeOptions(LuksFormatOptions.builder().kdf(LuksKdf.argon2id(4, 32, 1)).digestIterations(1000).build(),
        LuksFormatOptions.builder().luks1().kdf(LuksKdf.pbkdf2(1000)).digestIterations(1000).build(),
        DEFAULT_FULL_PASS_LIMIT);
  }
}
