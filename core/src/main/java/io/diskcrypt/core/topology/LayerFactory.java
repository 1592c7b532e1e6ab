package io.diskcrypt.core.topology;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.CpuAccount;
import java.security.GeneralSecurityException;

/**
 * What an encryption option contributes at one {@link Placement} of one disk: a layer built over the
 * device below when the data path is assembled (when the VM starts), typically an {@link
 * io.diskcrypt.core.crypto.EncryptionLayer} keyed by a data key the option unwraps then. The VM evicts
 * the key of every {@code EncryptionLayer} it finds between the returned device and {@code below}
 * (through {@link io.diskcrypt.core.block.BlockDeviceDecorator#below()}) when that path is torn down:
 * when the VM stops, or when its start fails.
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
   * @throws GeneralSecurityException when the key cannot be had: the VM does not start
   */
  BlockDevice attach(VirtualDisk disk, BlockDevice below, CpuAccount payer) throws GeneralSecurityException;
}
