package io.diskcrypt.bench;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.SectorCipher;
import io.diskcrypt.core.crypto.TweakUnit;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsParameters;
import java.util.SplittableRandom;

/**
 * One engine's cipher over one buffer of one or more sectors, encrypted and decrypted in place at a
 * moving sector number (so no engine can cache a tweak), as a disk's data path does.
 */
final class XtsFixture {
  /** Sector numbers wrap below this, so that they stay realistic (a 512 GiB disk of 512-byte sectors). */
  private static final long SECTOR_MASK = (1L << 30) - 1;

  private final SectorCipher cipher;
  private final byte[] sector;
  private final int sectorsPerCall;
  private long next;

  XtsFixture(String engine, int keyBits, int sectorSize) {
    this(engine, keyBits, sectorSize, sectorSize);
  }

  /** A fixture whose every call covers {@code callBytes}, a whole number of sectors. */
  XtsFixture(String engine, int keyBits, int sectorSize, int callBytes) {
    XtsParameters parameters = new XtsParameters(keyBits, SectorSize.ofBytes(sectorSize), TweakUnit.BYTES_512);
    SplittableRandom random = new SplittableRandom(42);
    try (SecretKeyMaterial key = SecretKeyMaterial.random(parameters.keyBytes())) {
      cipher = XtsEngines.byName(engine).newCipher(parameters, key);
    }
    sector = new byte[callBytes];
    sectorsPerCall = callBytes / sectorSize;
    random.nextBytes(sector);
  }

  byte[] encrypt() {
    cipher.encrypt(nextSector(), sector, 0, sector.length);
    return sector;
  }

  byte[] decrypt() {
    cipher.decrypt(nextSector(), sector, 0, sector.length);
    return sector;
  }

  private long nextSector() {
    long first = next & SECTOR_MASK;
    next += sectorsPerCall;
    return first;
  }

  void close() {
    cipher.close();
  }
}
