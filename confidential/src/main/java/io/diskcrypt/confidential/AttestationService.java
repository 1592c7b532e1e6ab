package io.diskcrypt.confidential;

import io.diskcrypt.core.model.SecurityType;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.AttestationAuthority;
import io.diskcrypt.keyvault.AttestationToken;
import io.diskcrypt.keyvault.KeyVaultService;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The region's attestation service (Microsoft Azure Attestation) as a confidential VM meets it at
 * every start: it checks the VM's hardware report and, when the platform is in the state the VM's
 * isolation needs, signs a token of claims ({@code x-ms-attestation-type} {@code sevsnpvm},
 * {@code x-ms-compliance-status} {@code azure-compliant-cvm}) bound to the key the VM's vTPM holds.
 * Key Vault and Managed HSM release an OS disk key only against such a token.
 *
 * <p>The hardware report is simulated: a VM attests unless {@link #failPlatform} said its platform is
 * missing a setting. The tokens are real (signed by the {@link AttestationAuthority} the region's vaults
 * trust), so a release policy judges them as the real service does.
 */
public final class AttestationService {
  /** How long a token is valid: long enough for one start. */
  static final Duration TOKEN_VALIDITY = Duration.ofMinutes(10);

  private final AttestationAuthority authority;
  private final Map<String, String> failures = new ConcurrentHashMap<>();

  /**
   * The attestation service at {@code url} (such as {@code https://sharedweu.weu.attest.azure.net}),
   * whose tokens the vaults of {@code vaults} trust.
   */
  public AttestationService(KeyVaultService vaults, String url) {
    this.authority = Objects.requireNonNull(vaults, "vaults").attestationAuthority(url);
  }

  /** The service's URL: the authority a key release policy names. */
  public String url() {
    return authority.url();
  }

  /**
   * From now on, attesting {@code vm} fails with {@code reason}: the compute platform under it lacks a
   * setting the VM's isolation needs (as when the host runs without SEV-SNP enabled), so the service
   * will not vouch for it.
   */
  public void failPlatform(VirtualMachine vm, String reason) {
    failures.put(vm.name(), Objects.requireNonNull(reason, "reason"));
  }

  /** Undoes {@link #failPlatform}: the VM's platform is healthy again. */
  public void healPlatform(VirtualMachine vm) {
    failures.remove(vm.name());
  }

  /**
   * A token for {@code vm}, whose vTPM holds the private half of {@code runtimeKey}.
   *
   * @throws AttestationFailedException when the VM is not a confidential VM, or its platform failed
   */
  AttestationToken attest(VirtualMachine vm, PublicKey runtimeKey) throws AttestationFailedException {
    if (vm.securityProfile().securityType() != SecurityType.CONFIDENTIAL_VM || !vm.size().confidentialVmSupported()) {
      throw new AttestationFailedException("attestation of VM " + vm.name() + " failed: it is not a confidential VM ("
          + vm.securityProfile().securityType().wireName() + " on " + vm.size().name() + "), so it has no hardware report");
    }
    String failure = failures.get(vm.name());
    if (failure != null) {
      throw new AttestationFailedException("attestation of VM " + vm.name() + " failed at " + url() + ": " + failure
          + "; the OS disk key is not released");
    }
    Map<String, String> claims = new LinkedHashMap<>();
    claims.put("x-ms-attestation-type", "sevsnpvm");
    claims.put("x-ms-compliance-status", "azure-compliant-cvm");
    claims.put("x-ms-azurevm-vmid", vm.name());
    return authority.attest(claims, runtimeKey, vm.cloud().clock().instant(), TOKEN_VALIDITY);
  }

  @Override
  public String toString() {
    return "AttestationService[" + url() + "]";
  }
}
