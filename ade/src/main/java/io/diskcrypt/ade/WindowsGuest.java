package io.diskcrypt.ade;

import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.topology.Image;
import io.diskcrypt.core.topology.VirtualDisk;
import java.security.GeneralSecurityException;

/** What the Windows guest does under ADE: BitLocker with an external-key (.BEK) protector. */
final class WindowsGuest {
  /** A freshly encrypted volume and its BEK file (the caller wipes it). */
  record Formatted(OpenVolume volume, byte[] bekFile, String guid, long volumeSectors, String description) {}

  private WindowsGuest() {}

  static Formatted encrypt(VirtualDisk disk, Image image, CpuAccount payer) throws GeneralSecurityException {
    throw new AdeRefusedException("BitLocker is not available yet");
  }

  static OpenVolume reformatTemp(VirtualDisk disk, byte[] bekFile, Image image, CpuAccount payer)
      throws GeneralSecurityException {
    throw new GeneralSecurityException("BitLocker is not available yet");
  }

  static OpenVolume unlock(VirtualDisk disk, byte[] bekFile) throws GeneralSecurityException {
    throw new GeneralSecurityException("BitLocker is not available yet");
  }
}
