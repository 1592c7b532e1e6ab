package io.diskcrypt.confidential;

import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.crypto.EncryptionLayer;
import io.diskcrypt.core.crypto.Randomness;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsParameters;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.keys.WrappedKey;
import io.diskcrypt.core.topology.ManagedDisk;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.KeyBundle;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The VM guest state of a confidential VM's OS disk, as it is kept beside the disk: the guest state
 * key wrapped by the OS disk key (RSA-OAEP-256 to the key's public half, so only a release of its
 * private half opens it), and the volume keys the vTPM sealed under the guest state key (AES key wrap
 * with padding). No plaintext key is stored.
 */
final class GuestState {
  static final String GUEST_STATE_KEY_SLOT = "cvm-guest-state-key";
  static final String OS_VOLUME_SLOT = "cvm-os-volume-key";
  static final String TEMP_VOLUME_SLOT = "cvm-temp-volume-key";
  private static final String RSA_OAEP_256 = "RSA-OAEP-256";
  private static final String KWP = "A256KWP";

  private final VirtualDisk osDisk;
  private SecretKeyMaterial provisioningVolumeKey;

  private GuestState(VirtualDisk osDisk, SecretKeyMaterial provisioningVolumeKey) {
    this.osDisk = osDisk;
    this.provisioningVolumeKey = provisioningVolumeKey;
  }

  /**
   * Makes the guest state key and the volume keys asked for, seals the volume keys under it, wraps it
   * to {@code osDiskKey} and stores the results on the OS disk.
   */
  static GuestState create(VirtualDisk osDisk, KeyBundle osDiskKey, boolean osVolume, boolean tempVolume) throws KeyAccessException {
    ManagedDisk disk = osDisk.managedDisk();
    try (SecretKeyMaterial guestStateKey = SecretKeyMaterial.random(32)) {
      SecretKeyMaterial volumeKey = null;
      if (osVolume) {
        volumeKey = SecretKeyMaterial.random(parameters(osDisk).keyBytes());
        disk.putWrappedKey(OS_VOLUME_SLOT, seal(guestStateKey, volumeKey, osDisk));
      }
      if (tempVolume) {
        VirtualDisk temp = osDisk.vm().tempDisk().orElseThrow();
        try (SecretKeyMaterial tempKey = SecretKeyMaterial.random(parameters(temp).keyBytes())) {
          disk.putWrappedKey(TEMP_VOLUME_SLOT, seal(guestStateKey, tempKey, temp));
        }
      }
      disk.putWrappedKey(GUEST_STATE_KEY_SLOT, new WrappedKey(osDiskKey.id(), RSA_OAEP_256, rsaWrap(osDiskKey.publicKey(), guestStateKey, osDiskKey.id())));
      return new GuestState(osDisk, volumeKey);
    }
  }

  /** The OS disk. */
  VirtualDisk osDisk() {
    return osDisk;
  }

  /** The guest state key as the OS disk key wraps it; its key id names the OS disk key's version. */
  WrappedKey wrappedGuestStateKey() {
    return osDisk.managedDisk().wrappedKey(GUEST_STATE_KEY_SLOT);
  }

  /** The volume key, once, for the encryption before the first boot; the caller destroys it. */
  synchronized SecretKeyMaterial volumeKeyForProvisioning() {
    SecretKeyMaterial key = provisioningVolumeKey;
    provisioningVolumeKey = null;
    if (key == null) {
      throw new IllegalStateException("the volume key of " + osDisk.describe() + " was already handed out");
    }
    return key;
  }

  /** Opens the guest state key that the released OS disk key unwraps. */
  static SecretKeyMaterial unwrap(PrivateKey osDiskKey, WrappedKey wrapped) throws KeyAccessException {
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.UNWRAP_MODE, osDiskKey, oaep256());
      Key key = rsa.unwrap(wrapped.ciphertext(), "AES", Cipher.SECRET_KEY);
      byte[] bytes = key.getEncoded();
      try {
        return SecretKeyMaterial.copyOf(bytes);
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new KeyAccessException(wrapped.keyId(), KeyAccessException.Reason.REJECTED,
          "the released OS disk key does not open the VM guest state", e);
    }
  }

  /** Wraps the guest state key again under {@code newKey}: a key change of the set, at a start. */
  void rewrap(SecretKeyMaterial guestStateKey, KeyBundle newKey) throws KeyAccessException {
    osDisk.managedDisk().putWrappedKey(GUEST_STATE_KEY_SLOT,
        new WrappedKey(newKey.id(), RSA_OAEP_256, rsaWrap(newKey.publicKey(), guestStateKey, newKey.id())));
  }

  /**
   * Unseals the volume keys and mounts each volume in the guest, its crypto on the VM's vCPU; adds
   * the layers to {@code mounted}.
   */
  void mount(SecretKeyMaterial guestStateKey, VirtualMachine vm, List<EncryptionLayer> mounted) throws KeyAccessException {
    ManagedDisk disk = osDisk.managedDisk();
    if (disk.wrappedKeys().containsKey(OS_VOLUME_SLOT)) {
      mountOne(guestStateKey, disk.wrappedKey(OS_VOLUME_SLOT), osDisk, vm, mounted);
    }
    if (disk.wrappedKeys().containsKey(TEMP_VOLUME_SLOT)) {
      mountOne(guestStateKey, disk.wrappedKey(TEMP_VOLUME_SLOT), vm.tempDisk().orElseThrow(), vm, mounted);
    }
  }

  private static void mountOne(SecretKeyMaterial guestStateKey, WrappedKey sealed, VirtualDisk target, VirtualMachine vm,
      List<EncryptionLayer> mounted) throws KeyAccessException {
    try (SecretKeyMaterial volumeKey = unseal(guestStateKey, sealed)) {
      EncryptionLayer layer = volume(target, volumeKey, vm.account(), "the " + target.name()
          + " volume key, sealed to the vTPM of VM " + vm.name() + " and unsealed in the guest after attestation");
      target.mountGuestVolume(layer);
      mounted.add(layer);
    }
  }

  /** An AES-XTS layer over {@code disk} with {@code key}, its crypto charged to {@code payer}. */
  static EncryptionLayer volume(VirtualDisk disk, SecretKeyMaterial key, CpuAccount payer, String description) {
    return new EncryptionLayer(disk, XtsEngines.defaultEngine().newCipher(parameters(disk), key), payer, description);
  }

  private static XtsParameters parameters(VirtualDisk disk) {
    return disk.sectorSize().bytes() == 4096 ? XtsParameters.AES_256_XTS_4096 : XtsParameters.AES_256_XTS_512;
  }

  private static WrappedKey seal(SecretKeyMaterial guestStateKey, SecretKeyMaterial volumeKey, VirtualDisk target) {
    byte[] kek = guestStateKey.copyBytes();
    byte[] plain = volumeKey.copyBytes();
    try {
      Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
      kwp.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"));
      return new WrappedKey("vTPM of VM " + target.vm().name(), KWP, kwp.doFinal(plain));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot wrap with AES/KWP", e);
    } finally {
      Arrays.fill(kek, (byte) 0);
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static SecretKeyMaterial unseal(SecretKeyMaterial guestStateKey, WrappedKey sealed) throws KeyAccessException {
    byte[] kek = guestStateKey.copyBytes();
    byte[] plain = null;
    try {
      Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
      kwp.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"));
      plain = kwp.doFinal(sealed.ciphertext());
      return SecretKeyMaterial.copyOf(plain);
    } catch (GeneralSecurityException e) {
      throw new KeyAccessException(sealed.keyId(), KeyAccessException.Reason.REJECTED, "the sealed volume key does not unseal", e);
    } finally {
      Arrays.fill(kek, (byte) 0);
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  private static byte[] rsaWrap(java.security.PublicKey publicKey, SecretKeyMaterial key, String keyId) throws KeyAccessException {
    byte[] bytes = key.copyBytes();
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.WRAP_MODE, publicKey, oaep256(), Randomness.source());
      return rsa.wrap(new SecretKeySpec(bytes, "AES"));
    } catch (GeneralSecurityException e) {
      throw new KeyAccessException(keyId, KeyAccessException.Reason.REJECTED, "the OS disk key cannot wrap the guest state key", e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static OAEPParameterSpec oaep256() {
    return new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
  }
}
