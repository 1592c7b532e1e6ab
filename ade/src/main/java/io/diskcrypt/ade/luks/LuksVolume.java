package io.diskcrypt.ade.luks;

import io.diskcrypt.ade.internal.SliceDevice;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceBytes;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.crypto.EncryptionLayer;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.TweakUnit;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsParameters;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An unlocked LUKS volume: the header it was opened from and the volume key in memory, as dm-crypt
 * holds it after {@code cryptsetup open}.
 *
 * <p>{@link #dataDevice} is the decrypted data area, {@code aes-xts-plain64} (or, for older volumes,
 * {@code aes-cbc-essiv:sha256} or {@code aes-cbc-plain64}) with the IV counting 512-byte units from
 * the start of the data segment (also with 4096-byte sectors), so that what it writes reads back
 * through the real dm-crypt. A volume in the middle of cryptsetup's online encryption reads its
 * encrypted part decrypted and the rest as plain, as its segments describe, and is read-only.
 *
 * <p><b>Security.</b> The volume key lives in this object until {@link #close()}, which destroys it
 * and evicts the key from every data device handed out; their later I/O fails. {@link #toString()}
 * shows the header, never key bytes.
 */
public final class LuksVolume implements AutoCloseable {
  private final BlockDevice header;
  private final BlockDevice data;
  private final ParsedHeader parsed;
  private LuksHeaderInfo info;
  private final SecretKeyMaterial volumeKey;
  private final Map<CpuAccount, BlockDevice> devices = new IdentityHashMap<>();
  /** Held by {@link #write} for its read-modify-write of partial sectors. */
  private final Object writeLock = new Object();
  private boolean closed;

  LuksVolume(BlockDevice header, BlockDevice data, ParsedHeader parsed, LuksHeaderInfo info,
      SecretKeyMaterial volumeKey) {
    this.header = header;
    this.data = data;
    this.parsed = parsed;
    this.info = info;
    this.volumeKey = volumeKey;
  }

  /** What the header says (no secrets), as of the last change made through this volume. */
  public synchronized LuksHeaderInfo header() {
    return info;
  }

  /**
   * The decrypted data area as a device of the volume's sector size, whose crypto is charged to
   * {@code payer} (the guest's vCPU account under ADE). Calls with the same payer share one device.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized BlockDevice dataDevice(CpuAccount payer) {
    Objects.requireNonNull(payer, "payer");
    checkOpen();
    BlockDevice existing = devices.get(payer);
    if (existing != null) {
      return existing;
    }
    String description = "LUKS volume key of " + info.uuid() + " held by dm-crypt in guest memory";
    Layout.Segment only = parsed.segments.size() == 1 ? parsed.segment : null;
    BlockDevice device;
    if (only != null && only.isCrypt() && only.ivTweak() == 0
        && LuksCipher.AES_XTS_PLAIN64.spec().equals(only.cipher())) {
      SliceDevice slice = new SliceDevice(data, info.dataOffset(), info.sectorSize(),
          info.dataBytes() / info.sectorSize().bytes());
      XtsParameters parameters = new XtsParameters(info.keyBits(), info.sectorSize(), TweakUnit.BYTES_512);
      device = new EncryptionLayer(slice, XtsEngines.defaultEngine().newCipher(parameters, volumeKey), payer,
          description);
    } else {
      byte[] key = volumeKey.copyBytes();
      try {
        device = new SegmentedDevice(data, parsed, info.dataBytes(), key, payer, parsed.reencryptionInProgress(),
            description);
      } finally {
        java.util.Arrays.fill(key, (byte) 0);
      }
    }
    devices.put(payer, device);
    return device;
  }

  /**
   * Reads {@code length} bytes at byte {@code offset} of the decrypted data area (any alignment).
   *
   * @throws IllegalArgumentException naming the range when it does not fit the data area
   */
  public byte[] read(CpuAccount payer, long offset, int length) {
    return DeviceBytes.read(dataDevice(payer), offset, length);
  }

  /**
   * Writes {@code bytes} at byte {@code offset} of the decrypted data area (any alignment: partial
   * sectors are read, merged and rewritten), then flushes. Writes through this method are atomic
   * against each other: two threads writing different bytes of one sector both keep their bytes.
   *
   * @throws IllegalArgumentException naming the range when it does not fit the data area
   * @throws IllegalStateException when an online reencryption of the volume has not finished
   */
  public void write(CpuAccount payer, long offset, byte[] bytes) {
    BlockDevice device = dataDevice(payer);
    // without the lock, two read-modify-writes of one sector each write back the other's old bytes
    synchronized (writeLock) {
      DeviceBytes.write(device, offset, bytes);
      device.flush();
    }
  }

  /**
   * Adds a keyslot that opens the volume with {@code passphrase}, as {@code cryptsetup luksAddKey}
   * (ADE adds the new passphrase this way before it removes the old one).
   *
   * @return the new keyslot's id
   * @throws LuksException when every keyslot is in use or the keyslots area is full
   * @throws IllegalArgumentException for an empty passphrase, or Argon2 on LUKS1
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized int addKeyslot(byte[] passphrase, LuksKdf kdf) throws LuksException {
    checkOpen();
    checkNoReencryption();
    Objects.requireNonNull(kdf, "kdf");
    if (Objects.requireNonNull(passphrase, "passphrase").length == 0) {
      throw new IllegalArgumentException("passphrase must not be empty");
    }
    byte[] key = volumeKey.copyBytes();
    try {
      int id = KeyslotEditor.add(header, ParsedHeader.read(header), key, passphrase, kdf);
      reread();
      return id;
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Wipes keyslot {@code id} (its area is zeroed) and removes it, as {@code cryptsetup luksKillSlot}.
   *
   * @throws LuksException when it is the last keyslot: removing it would lose the data
   * @throws IllegalArgumentException when the keyslot is not active
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized void removeKeyslot(int id) throws LuksException {
    checkOpen();
    checkNoReencryption();
    KeyslotEditor.remove(header, ParsedHeader.read(header), id);
    reread();
  }

  private void reread() throws MalformedHeaderException {
    info = ParsedHeader.read(header).info(info.dataBytes());
  }

  /**
   * A copy of the volume key, as {@code cryptsetup luksDump --dump-volume-key} prints it. The caller
   * owns the copy and should destroy it.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized SecretKeyMaterial volumeKey() {
    checkOpen();
    byte[] copy = volumeKey.copyBytes();
    try {
      return SecretKeyMaterial.copyOf(copy);
    } finally {
      java.util.Arrays.fill(copy, (byte) 0);
    }
  }

  /** True once {@link #close()} ran. */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** Destroys the volume key and evicts it from every data device handed out. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      for (BlockDevice d : devices.values()) {
        if (d instanceof EncryptionLayer layer) {
          layer.evictKey();
        } else {
          ((SegmentedDevice) d).evictKey();
        }
      }
      volumeKey.destroy();
    }
  }

  private void checkNoReencryption() throws LuksException {
    if (parsed.reencryptionInProgress()) {
      throw new LuksException("LUKS volume " + info.uuid() + " is in the middle of an online reencryption: "
          + "finish it with cryptsetup reencrypt before changing keyslots");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("LUKS volume " + info.uuid() + " is closed: its volume key was destroyed");
    }
  }

  @Override
  public String toString() {
    return "LuksVolume[" + info.version() + " " + info.uuid() + ", " + info.cipher() + " " + info.keyBits()
        + "-bit, " + info.sectorSize() + " sectors, data at " + info.dataOffset() + (closed ? ", closed" : "") + "]";
  }
}
