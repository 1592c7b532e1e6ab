package io.diskcrypt.compare;

import io.diskcrypt.ade.AdeSettings;
import io.diskcrypt.ade.EncryptionOperation;
import io.diskcrypt.ade.VolumeType;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.KeyAttributesUpdate;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyVaultException;
import java.util.List;
import java.util.Optional;

/**
 * Azure Disk Encryption as the comparison deploys it: in the guest, VolumeType All with
 * EnableEncryptionFormatAll (on Linux that is what encrypts the temp disk too), the passphrase secret
 * wrapped by a customer's key-encryption key, which is the key the customer controls.
 */
final class AdeOption implements OptionSetup {
  static final String KEK_NAME = "ade-kek";

  static AdeOption linux() {
    return new AdeOption();
  }

  @Override
  public String id() {
    return "ade";
  }

  @Override
  public String label() {
    return "Azure Disk Encryption";
  }

  @Override
  public List<String> keyChain() {
    return List.of(
        "dm-crypt in the guest: each volume's AES-256-XTS volume key sits in a LUKS2 keyslot opened by a passphrase",
        "the passphrase (base64 of 127 random bytes) is a Key Vault secret in the customer's vault",
        "the secret is wrapped by the customer's RSA key-encryption key (RSA-OAEP)",
        "while the VM runs, the volume keys are in guest memory: a revoked key shows at the next start",
        "beneath it, the platform's always-on server-side encryption with a platform-managed key");
  }

  @Override
  public VirtualMachine deploy(Lab lab, String vmName, Image image) throws Exception {
    VirtualMachine vm = StandardOptions.standardVm(lab, vmName, image);
    lab.sse().enablePlatformKey(vm);
    vm.start();
    lab.ade().enable(vm, settings(lab, kek(lab).id()));
    return vm;
  }

  private static AdeSettings settings(Lab lab, String kekUrl) {
    return AdeSettings.builder(lab.vault().uri(), lab.customer())
        .operation(EncryptionOperation.ENABLE_ENCRYPTION_FORMAT_ALL)
        .volumeType(VolumeType.ALL)
        .keyEncryptionKeyUrl(kekUrl)
        .build();
  }

  /**
   * ADE's KEK rotation as Microsoft documents it: a new version of the key, then ADE enabled again with
   * the new version's URL. The extension re-wraps the passphrase and stores it as a new version of its
   * secret; the volumes are not touched.
   */
  @Override
  public Optional<String> rotateKeys(Lab lab, VirtualMachine vm) throws Exception {
    KeyBundle next = lab.vault().rotateKey(lab.customer(), KEK_NAME);
    lab.ade().enable(vm, settings(lab, next.id()));
    return Optional.of("the customer rotates the key-encryption key and enables ADE again with its new version;"
        + " the passphrase secret is re-wrapped as a new version");
  }

  private static KeyBundle kek(Lab lab) throws KeyVaultException {
    try {
      return lab.vault().keys().get(lab.customer(), KEK_NAME);
    } catch (KeyVaultException missing) {
      return lab.vault().createKey(lab.customer(), KEK_NAME, lab.keySpec());
    }
  }

  @Override
  public Optional<CustomerKey> customerKey(Lab lab, VirtualMachine vm) {
    String kekId;
    try {
      kekId = kek(lab).id();
    } catch (KeyVaultException e) {
      throw new IllegalStateException("the ADE key-encryption key is gone: " + e.getMessage(), e);
    }
    return Optional.of(new CustomerKey() {
      @Override
      public String id() {
        return kekId;
      }

      @Override
      public String configuredWith() {
        return "KEK";
      }

      @Override
      public String revocation() {
        return "the customer disables the key-encryption key in the vault";
      }

      @Override
      public void revoke() throws KeyVaultException {
        lab.vault().keys().update(lab.customer(), kekId, KeyAttributesUpdate.disable());
      }

      @Override
      public void restore() throws KeyVaultException {
        lab.vault().keys().update(lab.customer(), kekId, KeyAttributesUpdate.enable());
      }
    });
  }

  @Override
  public boolean keyHeldInGuestMemory() {
    return true;
  }

  @Override
  public String toString() {
    return "AdeOption[" + id() + "]";
  }
}
