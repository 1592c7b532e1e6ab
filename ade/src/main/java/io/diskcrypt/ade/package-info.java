/**
 * Azure Disk Encryption (ADE): encryption inside the guest, with its control plane.
 *
 * <p>{@link io.diskcrypt.ade.AzureDiskEncryption} is the entry point: it plays the ADE VM extensions
 * ({@code AzureDiskEncryptionForLinux}, {@code AzureDiskEncryption}) over a simulated
 * {@link io.diskcrypt.core.topology.Cloud} and Key Vault. Linux guests get dm-crypt over real LUKS
 * volumes ({@link io.diskcrypt.ade.luks}), Windows guests BitLocker with an external-key protector
 * ({@link io.diskcrypt.ade.bitlocker}). Settings are {@link io.diskcrypt.ade.AdeSettings}; every
 * refusal of ADE's documented rules is an {@link io.diskcrypt.ade.AdeRefusedException}; what the
 * extension reports is an {@link io.diskcrypt.ade.AdeStatus}; the extension in the VM model is an
 * {@link io.diskcrypt.ade.AzureDiskEncryptionExtension}.
 *
 * <p>The shared ADE logic lives here once: preflight rules, the secret and its tags in the vault
 * (optionally wrapped by a KEK), in-place conversion of written data, the boot hook that fetches the
 * secret and unlocks at every start, and the stop hook that destroys the volume keys. What each OS
 * does differently (volume format, secret encoding, one secret per VM or per volume, which volumes may
 * be decrypted) is behind the package-private {@code Guest} interface, implemented by {@code
 * LinuxGuest} and {@code WindowsGuest}.
 */
package io.diskcrypt.ade;
