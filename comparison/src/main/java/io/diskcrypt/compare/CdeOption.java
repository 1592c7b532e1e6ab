package io.diskcrypt.compare;

import io.diskcrypt.confidential.ConfidentialDiskEncryptionSet;
import io.diskcrypt.confidential.ConfidentialDiskSettings;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.SecurityType;
import io.diskcrypt.core.model.VmSize;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyVaultException;
import java.util.List;
import java.util.Optional;

/**
 * Confidential disk encryption as the comparison deploys it: a confidential VM with its OS disk only
 * (the option covers no data disk) and a temp disk, the OS disk encrypted with its guest state under
 * the customer's key through a {@code ConfidentialVmEncryptedWithCustomerKey} disk encryption set,
 * and the temp disk encryption preview turned on.
 */
final class CdeOption implements OptionSetup {
  /** A confidential size with a temp disk, as the DCadsv5 sizes have. */
  static final VmSize SIZE = VmSize.DC2AS_V5.withTempDisk("Standard_DC2ads_v5", Sectors.gib(75));
  static final String KEY_NAME = "cvm-os-disk-key";

  @Override
  public String id() {
    return "cde";
  }

  @Override
  public String label() {
    return "Confidential disk encryption (OS disk only)";
  }

  @Override
  public List<String> keyChain() {
    return List.of(
        "the guest's full-disk encryption: an AES-256-XTS volume key, on the VM's vCPU",
        "the volume key is sealed to the VM's vTPM: wrapped by the key of the VM guest state",
        "the guest state's key is wrapped by the customer's exportable RSA-HSM key (ConfidentialVmEncryptedWithCustomerKey set)",
        "at every start the VM attests; only then does the key's store release it to the vTPM",
        "before the first boot, a platform service encrypted the OS disk with the volume key, on its own processor",
        "beneath it, the platform's always-on server-side encryption with a platform-managed key");
  }

  @Override
  public VirtualMachine deploy(Lab lab, String vmName, Image image) throws Exception {
    VirtualMachine vm = lab.cloud().vm(vmName).image(image).subscription(Lab.SUBSCRIPTION).size(SIZE)
        .securityType(SecurityType.CONFIDENTIAL_VM).osDisk(Sectors.gib(30), CachePolicy.READ_WRITE).build();
    lab.sse().enablePlatformKey(vm);
    lab.grantConfidentialVmOrchestrator();
    ConfidentialDiskEncryptionSet set = lab.confidential().createDiskEncryptionSet("des-" + vmName, key(lab).id());
    lab.confidential().enable(vm.osDisk(), ConfidentialDiskSettings.customerKey(set).withTempDiskEncryption());
    return StandardOptions.started(vm);
  }

  private static KeyBundle key(Lab lab) throws KeyVaultException {
    try {
      return lab.vault().keys().get(lab.customer(), KEY_NAME);
    } catch (KeyVaultException missing) {
      return lab.vault().createKey(lab.customer(), KEY_NAME, lab.hsmKeySpec());
    }
  }

  @Override
  public Optional<CustomerKey> customerKey(Lab lab, VirtualMachine vm) {
    return Optional.of(StandardOptions.vaultKey(lab, set(lab, vm).keyId(),
        "the customer disables the key of the confidential disk encryption set"));
  }

  private static ConfidentialDiskEncryptionSet set(Lab lab, VirtualMachine vm) {
    return lab.confidential().current(new ConfidentialDiskEncryptionSet("des-" + vm.name(), Lab.REGION, "unknown"));
  }

  @Override
  public boolean keyHeldInGuestMemory() {
    return true;
  }

  @Override
  public Optional<String> tempDiskOptIn() {
    return Optional.of("the audit turned on temp disk encryption, a preview: the guest encrypts the temp disk with a key sealed to the vTPM");
  }

  /** No automatic rotation: the customer makes a new key version and changes the set by hand, the VM stopped. */
  @Override
  public Optional<String> rotateKeys(Lab lab, VirtualMachine vm) throws Exception {
    vm.stop();
    KeyBundle next = lab.vault().rotateKey(lab.customer(), KEY_NAME);
    lab.confidential().changeKey(set(lab, vm), next.id());
    vm.start();
    return Optional.of("no automatic rotation: the customer made a new key version and changed the set by hand while the VM"
        + " was stopped; the VM re-wrapped its guest state at the next start");
  }

  @Override
  public String toString() {
    return "CdeOption[" + id() + "]";
  }
}
