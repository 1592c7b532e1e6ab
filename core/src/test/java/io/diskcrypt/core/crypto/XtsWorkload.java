package io.diskcrypt.core.crypto;

import io.diskcrypt.core.block.SectorSize;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random XTS work for differential tests: groups of calls that share one key and cipher (so
 * state kept between calls is exercised), over both sector sizes and both tweak units, with sector
 * numbers small, around 2^32 and far above it, and calls of one to many sectors (beyond one batch).
 */
final class XtsWorkload {
  /** Calls made with one key and one cipher. */
  record Group(XtsParameters parameters, byte[] key, List<Call> calls) {}

  /** One call: {@code plaintext} covers whole sectors from {@code sector}. */
  record Call(long sector, byte[] plaintext, boolean inPlace, int offset) {}

  private XtsWorkload() {}

  static List<Group> groups(SplittableRandom random, int keyBits, int groupCount, int callsPerGroup) {
    List<Group> groups = new ArrayList<>();
    for (int g = 0; g < groupCount; g++) {
      SectorSize size = random.nextBoolean() ? SectorSize.S512 : SectorSize.S4096;
      TweakUnit unit = random.nextBoolean() ? TweakUnit.BYTES_512 : TweakUnit.SECTOR;
      byte[] key = new byte[keyBits / 8];
      random.nextBytes(key);
      List<Call> calls = new ArrayList<>();
      for (int c = 0; c < callsPerGroup; c++) {
        int sectors = random.nextInt(10) == 0 ? 1 + random.nextInt(20) : 1;
        byte[] plaintext = new byte[sectors * size.bytes()];
        random.nextBytes(plaintext);
        calls.add(new Call(sectorNumber(random), plaintext, random.nextBoolean(), random.nextInt(48)));
      }
      groups.add(new Group(new XtsParameters(keyBits, size, unit), key, calls));
    }
    return groups;
  }

  private static long sectorNumber(SplittableRandom random) {
    switch (random.nextInt(4)) {
      case 0:
        return random.nextLong(100_000);
      case 1:
        return (1L << 32) + random.nextLong(-100, 100);
      case 2:
        return random.nextLong(1L << 32, 1L << 48);
      default:
        return random.nextLong(1L << 48, Long.MAX_VALUE / 8 - 64);
    }
  }

  /** Encrypts {@code call} with {@code cipher}, in place or into another buffer at an offset. */
  static byte[] encrypt(SectorCipher cipher, Call call) {
    return run(cipher, call, call.plaintext(), true);
  }

  /**
   * Decrypts {@code ciphertext} of {@code call} the way {@link #encrypt} encrypted it: in place at the
   * call's offset, or into another buffer at another offset.
   */
  static byte[] decrypt(SectorCipher cipher, Call call, byte[] ciphertext) {
    return run(cipher, call, ciphertext, false);
  }

  private static byte[] run(SectorCipher cipher, Call call, byte[] input, boolean encrypt) {
    int length = input.length;
    byte[] buffer = new byte[call.offset() + length + 16];
    System.arraycopy(input, 0, buffer, call.offset(), length);
    byte[] out = call.inPlace() ? buffer : new byte[48 - call.offset() + length + 16];
    int outOffset = call.inPlace() ? call.offset() : 48 - call.offset();
    if (encrypt) {
      cipher.encrypt(call.sector(), buffer, call.offset(), out, outOffset, length);
    } else {
      cipher.decrypt(call.sector(), buffer, call.offset(), out, outOffset, length);
    }
    return java.util.Arrays.copyOfRange(out, outOffset, outOffset + length);
  }

  /** The data unit of sector {@code index} of {@code call}, for a reference implementation. */
  static XtsReferences.Unit unit(Group group, Call call, int index) {
    int bytes = group.parameters().sectorSize().bytes();
    byte[] plaintext = java.util.Arrays.copyOfRange(call.plaintext(), index * bytes, (index + 1) * bytes);
    return new XtsReferences.Unit(group.key(), group.parameters().tweakOf(call.sector() + index), plaintext);
  }
}
