package io.diskcrypt.ade;

import io.diskcrypt.ade.luks.CrashInjector;
import io.diskcrypt.core.model.OsType;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import java.security.GeneralSecurityException;
import java.util.Collection;

/**
 * What the guest operating system does under ADE: {@link LinuxGuest} (dm-crypt over LUKS) or {@link
 * WindowsGuest} (BitLocker). {@link VmEncryption} keeps what both share (the encrypted disks, the
 * vault, the open volumes, boot and stop); a guest does the part its OS does differently.
 */
interface Guest {

  /** The guest of {@code vm}'s image. */
  static Guest of(VirtualMachine vm, AdeOptions options) {
    return vm.image().os() == OsType.WINDOWS ? new WindowsGuest(vm) : new LinuxGuest(vm, options);
  }

  /**
   * Encrypts the plan's target disks: stores each secret through {@code ade}, then hands each
   * encrypted disk and its unlocked volume to {@link VmEncryption#remember}.
   *
   * @throws GeneralSecurityException when the vault refuses a secret or a key
   */
  void encrypt(EnablePlan plan, AdeSettings settings, CrashInjector crash, VmEncryption ade)
      throws GeneralSecurityException;

  /**
   * Opens the volume of {@code record} on {@code disk} with {@code secret}; a temp disk the host gave
   * afresh (after a deallocation) is formatted again with the same secret.
   *
   * @throws GeneralSecurityException when the volume does not open with the secret
   */
  OpenVolume unlock(VirtualDisk disk, EncryptedDisk record, byte[] secret) throws GeneralSecurityException;

  /**
   * A fresh secret, to rotate the one the volumes open with.
   *
   * @throws AdeRefusedException where this OS has no such rotation (Windows)
   */
  byte[] newSecret();

  /**
   * Makes the open {@code volume} of {@code disk} open with {@code secret} instead of its old secret,
   * changing no data sector.
   *
   * @throws GeneralSecurityException when the volume's metadata refuses the change
   * @throws AdeRefusedException where this OS has no such rotation (Windows)
   */
  void replaceSecret(VirtualDisk disk, OpenVolume volume, byte[] secret) throws GeneralSecurityException;

  /** The secret as ADE on this OS stores it unwrapped in the vault: the passphrase's text, or base64 of the BEK. */
  String encodeSecret(byte[] secret);

  /** The secret's bytes from the vault's value, as {@link #encodeSecret} stored them. */
  byte[] decodeSecret(String stored);

  /**
   * Throws when ADE on this OS refuses to decrypt {@code type}, given the encrypted disks.
   *
   * @throws AdeRefusedException naming the rule
   */
  void checkDisable(VolumeType type, Collection<EncryptedDisk> encrypted);
}
