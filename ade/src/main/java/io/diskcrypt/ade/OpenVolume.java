package io.diskcrypt.ade;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.CpuAccount;

/** An unlocked LUKS or BitLocker volume: its key lives in guest memory until {@link #close()}. */
interface OpenVolume extends AutoCloseable {
  /** The decrypted view, whose crypto is charged to {@code payer}. */
  BlockDevice dataDevice(CpuAccount payer);

  /** Destroys the volume key held in guest memory. */
  @Override
  void close();
}
