package io.diskcrypt.core.topology;

import java.security.GeneralSecurityException;

/**
 * Work the guest does each time the VM starts, after its disks are connected: in-guest encryption
 * fetches its secret and unlocks its volumes here. A failure fails the start.
 */
@FunctionalInterface
public interface BootHook {
  /**
   * Runs at boot.
   *
   * @throws GeneralSecurityException when a key or secret cannot be had: the VM does not start
   */
  void boot(VirtualMachine vm) throws GeneralSecurityException;
}
