package io.diskcrypt.compare;

import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.topology.VirtualMachine;
import java.util.List;
import java.util.Optional;

/**
 * How the comparison deploys one encryption option: the only option-specific part of the audit.
 * Everything else (the workload, the surface scans, the ledger, revocation, Defender) is the same for
 * every row, so the rows differ only by what the options really do.
 */
public interface OptionSetup {

  /** The row id, such as {@code sse-cmk}. */
  String id();

  /** The row label, in the mission's words. */
  String label();

  /**
   * Builds and starts a VM with this option in {@code lab}: OS disk with ReadWrite caching, one data
   * disk with ReadOnly caching, a temp disk, all on top of the platform's always-on server-side
   * encryption where the real platform does that.
   *
   * @throws Exception when the platform refuses the option for this VM (say, a custom image)
   */
  VirtualMachine deploy(Lab lab, String vmName, Image image) throws Exception;

  /** Who holds which key, outermost first, one line each, for people (no key bytes, ever). */
  List<String> keyChain();

  /** The customer's key the option depends on, or empty when the customer holds no key. */
  Optional<CustomerKey> customerKey(Lab lab, VirtualMachine vm);

  /**
   * The same option configured with the customer's key (itself when it has one): what the HSM support
   * experiment deploys, since a platform key lives in no store the customer chooses.
   */
  default OptionSetup customerKeyForm() {
    return this;
  }

  /**
   * What the audit turned on for the temp disk beyond the option's defaults, in words, or empty: a
   * preview feature says so here, and the current edition's cell carries it as its qualifier.
   */
  default Optional<String> tempDiskOptIn() {
    return Optional.empty();
  }

  /**
   * True when the VM keeps its volume key in memory until it restarts, so that a revocation takes
   * effect only at the next start (Azure Disk Encryption).
   */
  default boolean keyHeldInGuestMemory() {
    return false;
  }

  /**
   * Rotates the key-encryption key the option uses (the customer's, else the platform's) and returns
   * how, in words; empty when the option has nothing to rotate.
   *
   * @throws Exception when the rotation fails
   */
  default Optional<String> rotateKeys(Lab lab, VirtualMachine vm) throws Exception {
    return Optional.empty();
  }
}
