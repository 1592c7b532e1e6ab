package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceBytes;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.crypto.Randomness;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * Keyslot crypto: passphrase -> KDF -> key that decrypts the keyslot area (its cipher, sector
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
    try (LuksCipher.Data cipher = areaCipher(slot, passphrase)) {
      cipher.encrypt(0, area, 0, area.length);
    }
    DeviceBytes.write(header, slot.areaOffset(), area);
  }

  /**
   * The volume key from the first of {@code slots} that {@code passphrase} opens, as cryptsetup tries
   * them, else null. The caller wipes the result.
   */
  static byte[] tryUnlockAny(BlockDevice header, List<Layout.Keyslot> slots, Layout.Digest digest, byte[] passphrase) {
    for (Layout.Keyslot slot : slots) {
      byte[] key = tryUnlock(header, slot, digest, passphrase);
      if (key != null) {
        return key;
      }
    }
    return null;
  }

  /** {@link #tryUnlockAny} over every usable keyslot of {@code parsed}. */
  static byte[] tryUnlockAny(BlockDevice header, ParsedHeader parsed, byte[] passphrase) {
    return tryUnlockAny(header, parsed.keyslots, parsed.digest, passphrase);
  }

  /** The volume key if {@code passphrase} opens the keyslot, else null. The caller wipes the result. */
  private static byte[] tryUnlock(BlockDevice header, Layout.Keyslot slot, Layout.Digest digest, byte[] passphrase) {
    byte[] area = DeviceBytes.read(header, slot.areaOffset(), (int) slot.splitBytes());
    try (LuksCipher.Data cipher = areaCipher(slot, passphrase)) {
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

  private static LuksCipher.Data areaCipher(Layout.Keyslot slot, byte[] passphrase) {
    byte[] derived = Kdfs.derive(slot.kdf(), passphrase, slot.salt(), slot.areaKeyBytes());
    try {
      return LuksCipher.of(slot.areaCipher()).newCipher(derived, SectorSize.S512);
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
  }
}
