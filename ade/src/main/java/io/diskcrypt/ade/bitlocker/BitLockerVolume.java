package io.diskcrypt.ade.bitlocker;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.crypto.EncryptionLayer;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.SectorCipher;
import io.diskcrypt.core.crypto.TweakUnit;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsParameters;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An unlocked BitLocker volume: its metadata and its FVEK, from which {@link #dataDevice} makes the
 * decrypted view.
 *
 * <p>The data device is an {@link EncryptionLayer} over the whole volume (XTS-AES, tweak = sector number
 * in the volume's sector size) under a layer that serves the first 8 KiB from their backup location,
 * cut at the first reserved area (see {@link Layout}). Its crypto is charged to the account given.
 *
 * <p><b>Security.</b> The VMK is wiped as soon as it has unwrapped the FVEK and checked the metadata;
 * the volume keeps only the FVEK. {@link #close()} evicts the key from every data device made and
 * destroys the FVEK; later I/O on them fails with {@code DeviceUnavailableException}.
 */
public final class BitLockerVolume implements AutoCloseable {
  private final BlockDevice device;
  private final FveMetadata metadata;
  private final BitLockerVolumeInfo info;
  private final SecretKeyMaterial fvek;
  /** One device per payer, as LuksVolume does: a cipher (key schedule) is made once, not per call. */
  private final Map<CpuAccount, DataDevice> devices = new IdentityHashMap<>();
  private boolean closed;

  BitLockerVolume(BlockDevice device, FveMetadata metadata, SecretKeyMaterial fvek) {
    this.device = device;
    this.metadata = metadata;
    this.info = BitLockerVolumeInfo.of(metadata, device.sectorSize());
    this.fvek = fvek;
  }

  /** The volume's metadata (GUID, method, description, protectors, layout). */
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
    return devices.computeIfAbsent(payer, this::newDataDevice).view();
  }

  /** The decrypting layer (whose key {@link #close()} evicts) and the data device made over it. */
  private record DataDevice(EncryptionLayer layer, BlockDevice view) {}

  private DataDevice newDataDevice(CpuAccount payer) {
    XtsParameters parameters = new XtsParameters(info.method().keyBytes() * 8, device.sectorSize(), TweakUnit.SECTOR);
    SectorCipher cipher = XtsEngines.defaultEngine().newCipher(parameters, fvek);
    EncryptionLayer layer = new EncryptionLayer(device, cipher, payer, "BitLocker FVEK of volume " + info.volumeGuid());
    int ss = device.sectorSize().bytes();
    return new DataDevice(layer,
        new RelocatingDevice(layer, metadata.dataBytes() / ss, metadata.headerBytes() / ss, metadata.headerOffset() / ss));
  }

  /** A copy of the FVEK, for tests that compare it with what cryptsetup prints. The caller wipes it. */
  byte[] copyFvek() {
    return fvek.copyBytes();
  }

  /** Evicts the key from every data device made and destroys the FVEK. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      devices.values().forEach(d -> d.layer().evictKey());
      fvek.destroy();
    }
  }

  @Override
  public String toString() {
    return "BitLockerVolume[" + info.volumeGuid() + ", " + info.method() + (closed ? ", closed" : "") + "]";
  }
}
