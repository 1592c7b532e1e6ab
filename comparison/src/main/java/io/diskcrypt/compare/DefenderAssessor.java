package io.diskcrypt.compare;

import io.diskcrypt.ade.AzureDiskEncryptionExtension;
import io.diskcrypt.core.topology.VirtualMachine;

/**
 * A simulated Defender for Cloud disk-encryption assessment. It sees only what Defender sees: the VM
 * model (its security profile and extensions), never the host or the storage cluster. So encryption
 * that happens where the model does not say (server-side encryption) is invisible to it.
 */
final class DefenderAssessor {
  /** What one assessment says. */
  enum Status {
    /** The VM meets the recommendation. */
    HEALTHY,
    /** The VM does not meet it. */
    UNHEALTHY,
    /** The VM is exempt from the recommendation. */
    NOT_APPLICABLE
  }

  private final Edition edition;

  /** An assessor of one edition. */
  DefenderAssessor(Edition edition) {
    this.edition = edition;
  }

  /** Assesses a VM, with or without an exemption. */
  Status assess(VirtualMachine vm, boolean exempt) {
    if (exempt) {
      return Status.NOT_APPLICABLE;
    }
    return detectsEncryption(vm) ? Status.HEALTHY : Status.UNHEALTHY;
  }

  private boolean detectsEncryption(VirtualMachine vm) {
    boolean ade = vm.extension(AzureDiskEncryptionExtension.class).isPresent();
    boolean host = vm.securityProfile().encryptionAtHost();
    return ade || (edition == Edition.CURRENT && host);
  }

  /**
   * The mission's wording for the pair of assessments without and with an exemption: {@code Healthy},
   * or {@code Unhealthy, not applicable if exempt}.
   */
  static String cellText(Status withoutExemption, Status withExemption) {
    if (withoutExemption == Status.HEALTHY) {
      return "Healthy";
    }
    return withoutExemption == Status.UNHEALTHY && withExemption == Status.NOT_APPLICABLE
        ? "Unhealthy, not applicable if exempt"
        : withoutExemption.name().toLowerCase(java.util.Locale.ROOT);
  }
}
