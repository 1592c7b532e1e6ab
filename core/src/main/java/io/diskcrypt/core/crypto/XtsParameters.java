package io.diskcrypt.core.crypto;

import io.diskcrypt.core.block.SectorSize;
import java.util.Objects;

/**
 * The shape of an AES-XTS sector cipher, apart from its key: key size, sector size and tweak unit.
 *
 * @param keyBits 256 (XTS-AES-128) or 512 (XTS-AES-256): both halves together
 * @param sectorSize the data unit
 * @param tweakUnit what the tweak counts
 */
public record XtsParameters(int keyBits, SectorSize sectorSize, TweakUnit tweakUnit) {

  /** AES-256-XTS, 512-byte sectors: dm-crypt aes-xts-plain64 as LUKS2 writes it by default. */
  public static final XtsParameters AES_256_XTS_512 =
      new XtsParameters(512, SectorSize.S512, TweakUnit.BYTES_512);

  /** AES-256-XTS, 4096-byte sectors, tweak in 512-byte units: LUKS2 with a 4 KiB sector size. */
  public static final XtsParameters AES_256_XTS_4096 =
      new XtsParameters(512, SectorSize.S4096, TweakUnit.BYTES_512);

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException naming a key size other than 256 or 512 bits
   */
  public XtsParameters {
    if (keyBits != 256 && keyBits != 512) {
      throw new IllegalArgumentException(
          "unsupported XTS key size " + keyBits + " bits: allowed are 256 (XTS-AES-128) and 512 (XTS-AES-256)");
    }
    Objects.requireNonNull(sectorSize, "sectorSize");
    Objects.requireNonNull(tweakUnit, "tweakUnit");
  }

  /** The key length in bytes: 32 or 64. */
  public int keyBytes() {
    return keyBits / 8;
  }

  /**
   * The tweak (data unit sequence number) of a sector, as the unsigned 64-bit number dm-crypt's
   * {@code plain64} and BitLocker put in the low half of the tweak block: with a 512-byte tweak unit
   * and 4096-byte sectors, a tweak of {@code 2^63} or more is a negative {@code long}.
   */
  public long tweakOf(long sector) {
    return tweakUnit == TweakUnit.SECTOR ? sector : sector * (sectorSize.bytes() / 512);
  }

  /**
   * The highest sector whose tweak fits the 64 bits of {@code plain64}: {@code Long.MAX_VALUE} when
   * the tweak counts sectors, {@code (2^64 - 1) / 8 = 2^61 - 1} for 4096-byte sectors counted in
   * 512-byte units. Past it the tweak would wrap and repeat sector 0's.
   */
  public long lastSector() {
    int unitsPerSector = tweakUnit == TweakUnit.SECTOR ? 1 : sectorSize.bytes() / 512;
    return unitsPerSector == 1 ? Long.MAX_VALUE : Long.divideUnsigned(-1L, unitsPerSector);
  }

  /**
   * Checks that the {@code count} sectors from {@code first} all have a tweak of their own.
   *
   * @throws IllegalArgumentException naming the sectors and the range the tweak allows
   */
  public void checkSectors(long first, long count) {
    if (first < 0 || count < 0 || first > lastSector() || count - 1 > lastSector() - first) {
      throw new IllegalArgumentException("sectors from " + first + " (" + count + " of them) are out of range for "
          + this + ": the tweak is a 64-bit count of " + (tweakUnit == TweakUnit.SECTOR ? "sectors" : "512-byte units")
          + ", so sector numbers go from 0 to " + lastSector());
    }
  }

  /** The same parameters with another sector size. */
  public XtsParameters withSectorSize(SectorSize size) {
    return new XtsParameters(keyBits, size, tweakUnit);
  }

  @Override
  public String toString() {
    return "XTS-AES-" + (keyBits / 2) + ", " + sectorSize + " sectors, tweak unit " + tweakUnit;
  }
}
