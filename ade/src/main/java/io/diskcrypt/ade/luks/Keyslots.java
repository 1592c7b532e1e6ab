package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceBytes;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.crypto.Randomness;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.SectorCipher;
import io.diskcrypt.core.crypto.TweakUnit;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsParameters;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Keyslot crypto: passphrase -> KDF -> key that decrypts the keyslot area (aes-xts-plain64, sector
 * numbers from 0 at the area start) -> AF-merge -> candidate volume key, accepted when its PBKDF2
 * digest matches. Storing runs the same chain backwards.
 */
final class Keyslots {

  private Keyslots() {}

  /** Random bytes. */
  static byte[] random(int n) {
    byte[] b = new byte[n];
    Randomness.source().nextBytes(b);
    return b;
  }

  /** The digest value of {@code key} under {@code digest}'s parameters. */
  static byte[] digestOf(byte[] key, Layout.Digest digest) {
    return Hashes.pbkdf2(digest.hash(), key, digest.salt(), digest.iterations(), digest.value().length);
  }

  /** Writes the split, encrypted volume key into the keyslot's area on {@code header}. */
  static void store(BlockDevice header, Layout.Keyslot slot, byte[] passphrase, byte[] volumeKey) {
    byte[] split = AfSplitter.split(volumeKey, slot.stripes(), slot.afHash());
    byte[] area = Arrays.copyOf(split, (int) slot.splitBytes());
    Arrays.fill(split, (byte) 0);
    try (SectorCipher cipher = areaCipher(slot, passphrase)) {
      cipher.encrypt(0, area, 0, area.length);
    }
    DeviceBytes.write(header, slot.areaOffset(), area);
  }

  /**
   * The volume key from the first of {@code parsed}'s keyslots that {@code passphrase} opens, as
   * cryptsetup tries them, else null. The caller wipes the result.
   */
  static byte[] tryUnlockAny(BlockDevice header, ParsedHeader parsed, byte[] passphrase) {
    for (Layout.Keyslot slot : parsed.keyslots) {
      byte[] key = tryUnlock(header, slot, parsed.digest, passphrase);
      if (key != null) {
        return key;
      }
    }
    return null;
  }

  /** The volume key if {@code passphrase} opens the keyslot, else null. The caller wipes the result. */
  private static byte[] tryUnlock(BlockDevice header, Layout.Keyslot slot, Layout.Digest digest, byte[] passphrase) {
    byte[] area = DeviceBytes.read(header, slot.areaOffset(), (int) slot.splitBytes());
    try (SectorCipher cipher = areaCipher(slot, passphrase)) {
      cipher.decrypt(0, area, 0, area.length);
    }
    byte[] candidate = AfSplitter.merge(area, slot.keyBytes(), slot.stripes(), slot.afHash());
    Arrays.fill(area, (byte) 0);
    byte[] check = digestOf(candidate, digest);
    if (MessageDigest.isEqual(check, digest.value())) {
      return candidate;
    }
    Arrays.fill(candidate, (byte) 0);
    return null;
  }

  private static SectorCipher areaCipher(Layout.Keyslot slot, byte[] passphrase) {
    byte[] derived = Kdfs.derive(slot.kdf(), passphrase, slot.salt(), slot.areaKeyBytes());
    XtsParameters parameters = new XtsParameters(slot.areaKeyBytes() * 8, SectorSize.S512, TweakUnit.BYTES_512);
    try (SecretKeyMaterial key = SecretKeyMaterial.copyOf(derived)) {
      return XtsEngines.defaultEngine().newCipher(parameters, key);
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
  }
}
