package io.diskcrypt.ade.luks;

/**
 * Decides where a simulated power loss hits a long-running operation ({@link
 * Luks#encryptInPlace}). The operation numbers every device write it makes, from 0 in each call,
 * and asks the injector before each one; a crash may tear the write, completing only its first
 * sectors, as a real disk losing power mid-request may.
 *
 * <p>API for test harnesses: with it a test cuts the power at any write of an in-place encryption and
 * checks that calling again resumes without losing a byte.
 */
@FunctionalInterface
public interface CrashInjector {

  /**
   * How many of the {@code sectors} of write number {@code writeIndex} complete before the crash, or
   * -1 for no crash. A value {@code >= 0} makes the operation write that many sectors (at most
   * {@code sectors}) and then throw {@link SimulatedCrashException}.
   */
  int sectorsBeforeCrash(long writeIndex, int sectors);

  /** Never crashes. */
  static CrashInjector none() {
    return (index, sectors) -> -1;
  }

  /** Crashes at write {@code writeIndex} after {@code tornSectors} of its sectors reached the disk. */
  static CrashInjector atWrite(long writeIndex, int tornSectors) {
    if (writeIndex < 0 || tornSectors < 0) {
      throw new IllegalArgumentException("writeIndex " + writeIndex + " and tornSectors " + tornSectors
          + " must be >= 0");
    }
    return (index, sectors) -> index == writeIndex ? Math.min(tornSectors, sectors) : -1;
  }
}
