package io.diskcrypt.confidential;

import io.diskcrypt.core.crypto.EncryptionLayer;
import io.diskcrypt.core.crypto.Randomness;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.keys.WrappedKey;
import io.diskcrypt.core.topology.BootHook;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.AttestationToken;
import io.diskcrypt.keyvault.Identity;
import io.diskcrypt.keyvault.KeyBundle;
import io.diskcrypt.keyvault.KeyReleaseAlgorithm;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.keyvault.ReleasedKey;
import io.diskcrypt.keyvault.provider.VaultErrors;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A confidential VM's vTPM at each start: attest, have the OS disk key released to the key it holds,
 * open the guest state, follow a key change of the disk encryption set, then unseal and mount the
 * volumes. At a stop, the guest's volume keys are gone with its memory.
 */
final class Vtpm implements BootHook {
  private final ConfidentialDiskEncryption service;
  private final GuestState state;
  private final KeyPair runtimeKey;
  private final List<EncryptionLayer> mounted = new ArrayList<>();

  Vtpm(ConfidentialDiskEncryption service, GuestState state) {
    this.service = service;
    this.state = state;
    try {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048, Randomness.source());
      this.runtimeKey = rsa.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make RSA keys", e);
    }
  }

  @Override
  public synchronized void boot(VirtualMachine vm) throws GeneralSecurityException {
    AttestationToken token = service.attestation().attest(vm, runtimeKey.getPublic());
    WrappedKey wrapped = state.wrappedGuestStateKey();
    PrivateKey osDiskKey;
    try {
      ReleasedKey released = service.storeOf(wrapped.keyId())
          .release(Identity.CONFIDENTIAL_VM_ORCHESTRATOR, wrapped.keyId(), token, KeyReleaseAlgorithm.RSA_AES_KEY_WRAP_256);
      osDiskKey = released.open(runtimeKey.getPrivate());
    } catch (KeyVaultException e) {
      throw VaultErrors.map(wrapped.keyId(), e);
    }
    try (SecretKeyMaterial guestStateKey = GuestState.unwrap(osDiskKey, wrapped)) {
      Optional<KeyBundle> setKey = service.currentSetKey(state.osDisk());
      if (setKey.isPresent() && !setKey.get().id().equals(wrapped.keyId())) {
        state.rewrap(guestStateKey, setKey.get());
      }
      state.mount(guestStateKey, vm, mounted);
    }
  }

  /** The VM stopped: the volume keys in guest memory are gone. */
  synchronized void forget() {
    mounted.forEach(EncryptionLayer::evictKey);
    mounted.clear();
  }
}
