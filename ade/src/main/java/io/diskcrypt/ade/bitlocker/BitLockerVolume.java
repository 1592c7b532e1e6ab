package io.diskcrypt.ade.bitlocker;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An unlocked BitLocker volume: its metadata and its FVEK, from which {@link #dataDevice} makes the
 * decrypted view.
 *
 * <p>The data device is the whole volume, as {@code cryptsetup bitlkOpen} maps it: sector {@code s} is
 * the volume's sector {@code s}, decrypted under its own sector number, except that the first sectors
 * (where the BitLocker volume header sits) are served from their encrypted backup, the three FVE
 * metadata areas and that backup read as zeros and refuse writes, and on a volume in conversion the
 * sectors above the encrypted boundary are plaintext. Its crypto is charged to the account given.
 *
 * <p><b>Security.</b> The VMK is wiped as soon as it has unwrapped the FVEK and checked the metadata;
 * the volume keeps only the FVEK. {@link #close()} evicts the key from every data device made and
 * destroys the FVEK; later I/O on them fails with {@code DeviceUnavailableException}.
 */
public final class BitLockerVolume implements AutoCloseable {
  private final BlockDevice device;
  private final BitLockerVolumeInfo info;
  private final List<Segment> segments;
  private final SecretKeyMaterial fvek;
  /** One device per payer, as LuksVolume does: a cipher (key schedule) is made once, not per call. */
  private final Map<CpuAccount, DataDevice> devices = new IdentityHashMap<>();
  private boolean closed;

  BitLockerVolume(BlockDevice device, FveMetadata metadata, SecretKeyMaterial fvek) {
    this.device = device;
    this.info = BitLockerVolumeInfo.of(metadata, device.sectorSize());
    this.segments = Segment.of(metadata, device.sectorSize().bytes());
    this.fvek = fvek;
  }

  /** The volume's metadata (GUID, method, description, protectors, layout, conversion state). */
  public BitLockerVolumeInfo info() {
    return info;
  }

  /**
   * The decrypted data device, its crypto charged to {@code payer} (the VM's vCPU for ADE).
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized BlockDevice dataDevice(CpuAccount payer) {
    Objects.requireNonNull(payer, "payer");
    if (closed) {
      throw new IllegalStateException("BitLocker volume " + info.volumeGuid() + " is closed");
    }
    return devices.computeIfAbsent(payer, p -> new DataDevice(device, segments,
        VolumeCipher.of(info.method(), device.sectorSize(), fvek), p, "BitLocker FVEK of volume " + info.volumeGuid()));
  }

  /** How the data device maps onto the volume, in order (for tests and {@code dump}). */
  List<Segment> segments() {
    return segments;
  }

  /** A copy of the FVEK key data, for tests that compare it with what cryptsetup prints. The caller wipes it. */
  byte[] copyFvek() {
    return fvek.copyBytes();
  }

  /** Evicts the key from every data device made and destroys the FVEK. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      devices.values().forEach(DataDevice::evict);
      fvek.destroy();
    }
  }

  @Override
  public String toString() {
    return "BitLockerVolume[" + info.volumeGuid() + ", " + info.method() + (closed ? ", closed" : "") + "]";
  }
}
