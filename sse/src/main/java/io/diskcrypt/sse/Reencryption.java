package io.diskcrypt.sse;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.Sectors;
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
  /** Bytes per read and write of the pass: one I/O per run of held sectors, with a bounded buffer. */
  private static final int RUN_BYTES = 64 * 1024;

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
    int sectorBytes = disk.sectorSize().bytes();
    byte[] run = new byte[RUN_BYTES];
    try {
      long[] held = media.heldSectors();
      if (held.length == 0) {
        return 0;
      }
      fresh = chain.build(disk, to, media, payer);
      BlockDevice from = KeyChain.top(old, media);
      BlockDevice into = KeyChain.top(fresh, media);
      for (Sectors.Run r : Sectors.runs(held, RUN_BYTES / sectorBytes)) {
        int bytes = r.count() * sectorBytes;
        from.read(r.first(), run, 0, bytes);
        into.write(r.first(), run, 0, bytes);
      }
      return held.length;
    } finally {
      Arrays.fill(run, (byte) 0);
      old.forEach(b -> b.layer().evictKey());
      fresh.forEach(b -> b.layer().evictKey());
    }
  }
}
