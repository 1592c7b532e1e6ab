package io.diskcrypt.ade;

import io.diskcrypt.core.topology.VirtualDisk;
import java.util.List;
import java.util.Optional;

/**
 * A validated request: what to encrypt and with what.
 *
 * @param linux the Linux profile, or null on Windows (BitLocker)
 * @param targets the disks to encrypt, OS first
 * @param vault the vault holding the secret
 * @param kekUrl the versioned KEK URL, if any
 * @param kekVault the KEK's vault, if any
 */
record EnablePlan(
    SupportedImages.LinuxProfile linux,
    List<VirtualDisk> targets,
    VaultGateway.VaultFacts vault,
    Optional<String> kekUrl,
    Optional<VaultGateway.VaultFacts> kekVault) {}
