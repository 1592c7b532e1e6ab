package io.diskcrypt.compare;

import io.diskcrypt.ade.AzureDiskEncryptionExtension;
import io.diskcrypt.core.model.OsType;
import io.diskcrypt.core.model.SecurityType;
import io.diskcrypt.core.topology.VirtualMachine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Defender for Cloud today: four recommendations, each assessed on its own from what Defender sees,
 * the VM model and the guest's state (an encrypted volume open in the guest), never the host or the
 * storage cluster. Sources: `../shared/reference/real-systems.md` §0 and §9 (Azure Policy
 * fc4d8e41, Defender's 0961003e, Guest Configuration 3dc5edcd and ca88aadc).
 *
 * <p>The table's cell is what they say together: {@code Not applicable} when none applies to the VM,
 * {@code Healthy} when one that applies finds the option it detects, else {@code Unhealthy}. The two
 * Guest Configuration recommendations exclude confidential VMs by their definition; that the other two
 * do not assess a confidential VM either is inferred from the page's "Not applicable".
 */
final class DefenderToday {
  static final String NOT_APPLICABLE = "Not applicable";

  private DefenderToday() {}

  /** Each recommendation's verdict on {@code vm}, by its name. */
  static Map<String, String> assess(VirtualMachine vm) {
    boolean confidential = vm.securityProfile().securityType() == SecurityType.CONFIDENTIAL_VM;
    boolean host = vm.securityProfile().encryptionAtHost();
    boolean ade = vm.extension(AzureDiskEncryptionExtension.class).isPresent() && vm.osDisk().guestVolumeMounted();
    boolean windows = vm.image().os() == OsType.WINDOWS;
    Map<String, String> verdicts = new LinkedHashMap<>();
    verdicts.put("Virtual machines and virtual machine scale sets should have encryption at host enabled",
        confidential ? NOT_APPLICABLE : verdict(host));
    verdicts.put("Virtual machines should encrypt temp disks, caches, and data flows between Compute and Storage resources",
        confidential ? NOT_APPLICABLE : verdict(ade));
    verdicts.put("Windows virtual machines should enable Azure Disk Encryption or EncryptionAtHost",
        confidential || !windows ? NOT_APPLICABLE : verdict(ade || host));
    verdicts.put("Linux virtual machines should enable Azure Disk Encryption or EncryptionAtHost",
        confidential || windows ? NOT_APPLICABLE : verdict(ade || host));
    return verdicts;
  }

  /** The cell: Not applicable, Healthy or Unhealthy. */
  static String cell(Map<String, String> verdicts) {
    if (verdicts.values().stream().allMatch(NOT_APPLICABLE::equals)) {
      return NOT_APPLICABLE;
    }
    return verdicts.containsValue("Healthy") ? "Healthy" : "Unhealthy";
  }

  private static String verdict(boolean healthy) {
    return healthy ? "Healthy" : "Unhealthy";
  }
}
