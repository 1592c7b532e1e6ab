package io.diskcrypt.sse;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.keys.KeyAccessException;
import io.diskcrypt.core.media.SparseMedia;
import io.diskcrypt.core.topology.ManagedDisk;
import java.util.Arrays;
import java.util.List;

/**
 * Re-encrypts the sectors a disk already holds when a layer is added under it (its first server-side
 * encryption, or double encryption): every sector is read through the old layers and written through
 * the new ones, on the storage cluster's CPU, so no data is lost. Rotation never comes here.
 */
final class Reencryption {
  private final KeyChain chain;
  private final ManagedDisk disk;
  private final CpuAccount payer;
  private final List<KeyChain.Built> old;

  private Reencryption(KeyChain chain, ManagedDisk disk, CpuAccount payer, List<KeyChain.Built> old) {
    this.chain = chain;
    this.disk = disk;
    this.payer = payer;
    this.old = old;
  }

  /** Keys the old layers (before the disk's wrapped keys change). */
  static Reencryption begin(KeyChain chain, ManagedDisk disk, DiskKeys from, CpuAccount payer) throws KeyAccessException {
    List<KeyChain.Built> old = from == null ? List.of() : chain.build(disk, from, disk.media(), payer);
    return new Reencryption(chain, disk, payer, old);
  }

  /** Moves every held sector to the new layers; returns how many sectors were re-encrypted. */
  long finish(DiskKeys to) throws KeyAccessException {
    SparseMedia media = disk.media();
    List<KeyChain.Built> fresh = List.of();
    byte[] sector = new byte[disk.sectorSize().bytes()];
    try {
      long[] held = media.heldSectors();
      if (held.length == 0) {
        return 0;
      }
      fresh = chain.build(disk, to, media, payer);
      BlockDevice from = KeyChain.top(old, media);
      BlockDevice into = KeyChain.top(fresh, media);
      for (long number : held) {
        from.read(number, sector);
        into.write(number, sector);
      }
      return held.length;
    } finally {
      Arrays.fill(sector, (byte) 0);
      old.forEach(b -> b.layer().evictKey());
      fresh.forEach(b -> b.layer().evictKey());
    }
  }
}
