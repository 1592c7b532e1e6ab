package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceBytes;
import io.diskcrypt.core.block.DeviceUnavailableException;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.cpu.CpuAccount;
import java.util.ArrayList;
import java.util.List;

/**
 * The decrypted data device of a LUKS2 volume made of several segments, as dm-crypt maps it while
 * cryptsetup's online encryption runs: the regular segments one after the other, crypt segments
 * decrypted (the IV of each sector from the segment's {@code iv_tweak}), linear segments passed
 * through as the plaintext they still hold. Also the device of a single segment that the XTS engine
 * layer does not cover (a CBC cipher, a non-zero {@code iv_tweak}).
 *
 * <p>Read-only while a reencryption is in progress: cryptsetup owns the layout until it finishes.
 * {@link #evictKey()} destroys the key; I/O then fails.
 */
final class SegmentedDevice implements BlockDevice {
  /** A regular segment placed at byte {@code start} of this device. */
  private record Piece(long start, long length, Layout.Segment segment) {}

  private final BlockDevice data;
  private final SectorSize sectorSize;
  private final List<Piece> pieces = new ArrayList<>();
  private final long sizeBytes;
  private final LuksCipher.Data cipher;
  private final CpuAccount payer;
  private final boolean readOnly;
  private final String description;
  private boolean evicted;

  /**
   * @param dataBytes the total size, as {@link ParsedHeader#dataBytes} gave it (the dynamic last
   *     segment takes what is left)
   * @param key the volume key, copied into the cipher
   */
  SegmentedDevice(BlockDevice data, ParsedHeader parsed, long dataBytes, byte[] key, CpuAccount payer,
      boolean readOnly, String description) {
    this.data = data;
    this.sectorSize = parsed.dataSectorSize() == 4096 ? SectorSize.S4096 : SectorSize.S512;
    long at = 0;
    for (Layout.Segment s : parsed.segments) {
      long length = s.dynamic() ? dataBytes - at : s.size();
      pieces.add(new Piece(at, length, s));
      at += length;
    }
    this.sizeBytes = at;
    String spec = parsed.segments.stream().filter(Layout.Segment::isCrypt).map(Layout.Segment::cipher).findFirst()
        .orElse(null);
    this.cipher = spec == null ? null : LuksCipher.of(spec).newCipher(key, sectorSize);
    this.payer = payer;
    this.readOnly = readOnly;
    this.description = description;
  }

  @Override
  public SectorSize sectorSize() {
    return sectorSize;
  }

  @Override
  public long sectorCount() {
    return sizeBytes / sectorSize.bytes();
  }

  @Override
  public synchronized void read(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    checkKey();
    transfer(sector, buffer, offset, length, false);
  }

  @Override
  public synchronized void write(long sector, byte[] buffer, int offset, int length) {
    Sectors.checkAccess(this, sector, buffer, offset, length);
    checkKey();
    if (readOnly) {
      throw new IllegalStateException(description + " is read-only: an online reencryption of it has not finished");
    }
    transfer(sector, buffer, offset, length, true);
  }

  private void transfer(long sector, byte[] buffer, int offset, int length, boolean write) {
    long pos = sector * sectorSize.bytes();
    int done = 0;
    for (Piece p : pieces) {
      if (done == length) {
        break;
      }
      long here = pos + done;
      if (here < p.start() || here >= p.start() + p.length()) {
        continue;
      }
      int n = (int) Math.min(length - done, p.start() + p.length() - here);
      long within = here - p.start();
      long physical = p.segment().offset() + within;
      if (write) {
        byte[] out = java.util.Arrays.copyOfRange(buffer, offset + done, offset + done + n);
        if (p.segment().isCrypt()) {
          crypt(true, p.segment().ivTweak() + within / 512, out);
        }
        DeviceBytes.write(data, physical, out);
      } else {
        byte[] in = DeviceBytes.read(data, physical, n);
        if (p.segment().isCrypt()) {
          crypt(false, p.segment().ivTweak() + within / 512, in);
        }
        System.arraycopy(in, 0, buffer, offset + done, n);
      }
      done += n;
    }
  }

  private void crypt(boolean encrypt, long iv, byte[] bytes) {
    long start = System.nanoTime();
    if (encrypt) {
      cipher.encrypt(iv, bytes, 0, bytes.length);
    } else {
      cipher.decrypt(iv, bytes, 0, bytes.length);
    }
    payer.charge(System.nanoTime() - start, bytes.length);
  }

  @Override
  public void flush() {
    data.flush();
  }

  /** Destroys the key; later I/O fails. */
  synchronized void evictKey() {
    if (!evicted) {
      evicted = true;
      if (cipher != null) {
        cipher.close();
      }
    }
  }

  private void checkKey() {
    if (evicted) {
      throw new DeviceUnavailableException("the key is no longer available to this layer: " + description);
    }
  }

  @Override
  public String toString() {
    return "SegmentedDevice[" + pieces.size() + " segments, " + sizeBytes + " bytes, " + description + "]";
  }
}
