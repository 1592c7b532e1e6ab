package io.diskcrypt.core.topology;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.keys.KeyAccessException;

/**
 * What an option contributes at one {@link Placement} of every disk's data path, inserted through
 * {@link Pipeline#insert}: a layer built over the device below when the VM starts (which is when the
 * real platform unwraps keys), typically an {@link io.diskcrypt.core.crypto.EncryptionLayer} keyed by
 * a data key the option unwraps then. The factory decides from the typed model ({@link
 * VirtualDisk#managedDisk()}, {@link VirtualMachine#securityProfile()}) whether this disk gets a layer.
 *
 * <p>The disk records every {@code EncryptionLayer} between the returned device and {@code below}
 * ({@link VirtualDisk#pathLayers()}) and evicts their keys when the path is torn down: when the VM
 * stops, or when its start fails.
 */
@FunctionalInterface
public interface LayerFactory {

  /**
   * Builds the layer.
   *
   * @param disk the disk whose path is being assembled
   * @param below the device the layer sits on
   * @param payer the account of the component at this placement; the layer charges its crypto there
   * @return the layer, or {@code below} itself when the option adds nothing for this disk
   * @throws KeyAccessException when the key cannot be had: the VM does not start
   */
  BlockDevice attach(VirtualDisk disk, BlockDevice below, CpuAccount payer) throws KeyAccessException;
}
