package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.SectorSize;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * How to format a LUKS volume. The cipher is always {@code aes-xts-plain64}, as ADE's plain
 * {@code cryptsetup luksFormat} gives.
 *
 * @param version LUKS1 or LUKS2
 * @param keyBits volume key size: 512 (AES-256-XTS, LUKS2 default) or 256 (AES-128-XTS, LUKS1 default)
 * @param sectorSize the encryption sector size; LUKS1 allows only 512
 * @param kdf the keyslot key derivation; LUKS1 allows only PBKDF2
 * @param digestIterations PBKDF2-SHA256 iterations of the volume-key digest (at least 1000)
 * @param label the LUKS2 label (at most 47 bytes), empty for none; LUKS1 has no label
 * @param uuid the volume UUID, or empty for a random one
 */
public record LuksFormatOptions(
    LuksVersion version,
    int keyBits,
    SectorSize sectorSize,
    LuksKdf kdf,
    int digestIterations,
    String label,
    Optional<UUID> uuid) {

  /**
   * Validates the combination.
   *
   * @throws IllegalArgumentException naming the option out of range
   */
  public LuksFormatOptions {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(sectorSize, "sectorSize");
    Objects.requireNonNull(kdf, "kdf");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(uuid, "uuid");
    if (keyBits != 256 && keyBits != 512) {
      throw new IllegalArgumentException("keyBits " + keyBits + ": allowed are 256 and 512 (aes-xts-plain64)");
    }
    if (digestIterations < 1000) {
      throw new IllegalArgumentException("digestIterations " + digestIterations + " below cryptsetup's minimum 1000");
    }
    if (label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 47) {
      throw new IllegalArgumentException("label is longer than 47 bytes");
    }
    if (version == LuksVersion.LUKS1) {
      if (sectorSize != SectorSize.S512) {
        throw new IllegalArgumentException("sectorSize " + sectorSize.bytes() + ": LUKS1 allows only 512");
      }
      if (kdf.type() != LuksKdf.Type.PBKDF2) {
        throw new IllegalArgumentException("kdf " + kdf.type().jsonName() + ": LUKS1 allows only pbkdf2");
      }
      if (!label.isEmpty()) {
        throw new IllegalArgumentException("label: LUKS1 has no label field");
      }
    }
  }

  /**
   * What current cryptsetup writes by default (LUKS2, 512-bit key, 512-byte sectors, Argon2id), with
   * costs lowered from cryptsetup's benchmarked ~2 s so a simulation can open many volumes:
   * Argon2id time 4, 64 MiB, 4 lanes; digest 100,000 iterations.
   */
  public static LuksFormatOptions defaults() {
    return builder().build();
  }

  /** LUKS2 as {@link #defaults()} but with PBKDF2 at 1000 iterations: for tests and large simulations. */
  public static LuksFormatOptions fastForTests() {
    return builder().kdf(LuksKdf.pbkdf2(1000)).digestIterations(1000).build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** This value as a builder, to change one field. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.version = version;
    b.keyBits = keyBits;
    b.sectorSize = sectorSize;
    b.kdf = kdf;
    b.digestIterations = digestIterations;
    b.label = label;
    b.uuid = uuid.orElse(null);
    return b;
  }

  /** Builds {@link LuksFormatOptions}; {@link #luks1()} also switches the key size and KDF defaults. */
  public static final class Builder {
    private LuksVersion version = LuksVersion.LUKS2;
    private Integer keyBits;
    private SectorSize sectorSize = SectorSize.S512;
    private LuksKdf kdf;
    private int digestIterations = 100_000;
    private String label = "";
    private UUID uuid;

    private Builder() {}

    /** LUKS1 with its defaults: 256-bit key, PBKDF2 (unless set explicitly). */
    public Builder luks1() {
      return version(LuksVersion.LUKS1);
    }

    /** The format version. */
    public Builder version(LuksVersion value) {
      this.version = Objects.requireNonNull(value, "version");
      return this;
    }

    /** The volume key size in bits: 256 or 512. */
    public Builder keyBits(int value) {
      this.keyBits = value;
      return this;
    }

    /** The encryption sector size. */
    public Builder sectorSize(SectorSize value) {
      this.sectorSize = Objects.requireNonNull(value, "sectorSize");
      return this;
    }

    /** The keyslot KDF. */
    public Builder kdf(LuksKdf value) {
      this.kdf = Objects.requireNonNull(value, "kdf");
      return this;
    }

    /** The volume-key digest iterations. */
    public Builder digestIterations(int value) {
      this.digestIterations = value;
      return this;
    }

    /** The LUKS2 label. */
    public Builder label(String value) {
      this.label = Objects.requireNonNull(value, "label");
      return this;
    }

    /** A fixed UUID instead of a random one. */
    public Builder uuid(UUID value) {
      this.uuid = value;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException naming the option out of range
     */
    public LuksFormatOptions build() {
      boolean v1 = version == LuksVersion.LUKS1;
      int bits = keyBits != null ? keyBits : (v1 ? 256 : 512);
      LuksKdf k = kdf != null ? kdf : (v1 ? LuksKdf.pbkdf2(100_000) : LuksKdf.argon2id(4, 65536, 4));
      return new LuksFormatOptions(version, bits, sectorSize, k, digestIterations, label, Optional.ofNullable(uuid));
    }
  }
}
