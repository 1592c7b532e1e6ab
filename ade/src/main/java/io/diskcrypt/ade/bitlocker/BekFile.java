package io.diskcrypt.ade.bitlocker;

import io.diskcrypt.core.crypto.SecretKeyMaterial;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import javax.security.auth.Destroyable;

/**
 * A BitLocker external key (startup key) and its {@code .BEK} file: the 256-bit key that decrypts the
 * VMK entry whose GUID the file carries. This is the secret ADE keeps in Key Vault.
 *
 * <p>File layout ({@link #toBytes()}, {@link #parse}): a 48-byte header (u32 size of the whole file,
 * u32 version 1, u32 header size 48, u32 size again, the GUID of the VMK entry, u32 next nonce counter,
 * u16 encryption, u16 zero, u64 FILETIME) followed by one datum of entry type 0x0006 (startup key) and
 * value type 0x0009 (external key): the same GUID, a FILETIME, and nested datums "ExternalKey" (string)
 * and the key (value type 0x0001, method 0x2002). {@code cryptsetup} takes the whole file as
 * {@code --key-file}, {@code dislocker} as {@code -f}.
 *
 * <p><b>Security.</b> {@link #toString()} shows the GUID only. {@link #destroy()} wipes the key.
 */
public final class BekFile implements Destroyable, AutoCloseable {
  static final int KEY_BYTES = 32;
  private static final int HEADER_BYTES = 48;
  private static final int EXTERNAL_KEY_HEADER = 24;

  private final UUID guid;
  private final SecretKeyMaterial key;
  private final Instant created;

  private BekFile(UUID guid, SecretKeyMaterial key, Instant created) {
    this.guid = guid;
    this.key = key;
    this.created = created;
  }

  /** A fresh random external key for the protector {@code guid}. */
  static BekFile generate(UUID guid, Instant created) {
    return new BekFile(guid, SecretKeyMaterial.random(KEY_BYTES), created);
  }

  /** An independent copy (destroying one leaves the other usable). */
  BekFile copy() {
    byte[] bytes = key.copyBytes();
    try {
      return new BekFile(guid, SecretKeyMaterial.copyOf(bytes), created);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The GUID of the VMK entry (key protector) this key opens. */
  public UUID guid() {
    return guid;
  }

  /** The creation time stored in the file. */
  public Instant created() {
    return created;
  }

  /** The file name Windows gives a startup key: the GUID in upper case plus {@code .BEK}. */
  public String fileName() {
    return guid.toString().toUpperCase(Locale.ROOT) + ".BEK";
  }

  /** A copy of the 256-bit key; the caller owns it and should wipe it. */
  byte[] copyKey() {
    return key.copyBytes();
  }

  /** The bytes of the {@code .BEK} file (they contain the key: treat them as a secret). */
  public byte[] toBytes() {
    byte[] keyBytes = key.copyBytes();
    byte[] keyValue = Datums.keyValue(Datums.KEY_METHOD_EXTERNAL, keyBytes);
    byte[] keyDatum = Datums.datum(Datums.ENTRY_PROPERTY, Datums.VALUE_KEY, keyValue);
    try {
      byte[] entry = Datums.datum(Datums.ENTRY_STARTUP_KEY, Datums.VALUE_EXTERNAL_KEY,
          Le.guidBytes(guid), filetimeBytes(),
          Datums.datum(Datums.ENTRY_PROPERTY, Datums.VALUE_STRING, Datums.stringValue("ExternalKey")),
          keyDatum);
      byte[] out = new byte[HEADER_BYTES + entry.length];
      Le.put32(out, 0, out.length);
      Le.put32(out, 4, 1);
      Le.put32(out, 8, HEADER_BYTES);
      Le.put32(out, 12, out.length);
      System.arraycopy(Le.guidBytes(guid), 0, out, 16, 16);
      Le.put32(out, 32, 1);
      Le.put64(out, 40, Le.filetime(created));
      System.arraycopy(entry, 0, out, HEADER_BYTES, entry.length);
      Arrays.fill(entry, (byte) 0);
      return out;
    } finally {
      Arrays.fill(keyBytes, (byte) 0);
      Arrays.fill(keyValue, (byte) 0);
      Arrays.fill(keyDatum, (byte) 0);
    }
  }

  private byte[] filetimeBytes() {
    byte[] out = new byte[8];
    Le.put64(out, 0, Le.filetime(created));
    return out;
  }

  /**
   * Reads a {@code .BEK} file.
   *
   * @throws BitLockerFormatException naming the header field or entry that is wrong
   */
  public static BekFile parse(byte[] file) throws BitLockerFormatException {
    Objects.requireNonNull(file, "file");
    if (file.length < HEADER_BYTES + Datums.HEADER) {
      throw new BitLockerFormatException("BEK file is " + file.length + " bytes: at least "
          + (HEADER_BYTES + Datums.HEADER) + " expected (48-byte header and one entry)");
    }
    check(Le.u32(file, 0) == file.length, "BEK header size field", Le.u32(file, 0), "the file length " + file.length);
    check(Le.u32(file, 4) == 1, "BEK header version", Le.u32(file, 4), "1");
    check(Le.u32(file, 8) == HEADER_BYTES, "BEK header header-size", Le.u32(file, 8), "48");
    UUID guid = Le.guid(file, 16);
    Instant created = Le.instant(Le.u64(file, 40));
    List<Datums.Datum> entries = Datums.list(file, HEADER_BYTES, file.length, "BEK file");
    for (Datums.Datum d : entries) {
      if (d.entryType() == Datums.ENTRY_STARTUP_KEY && d.valueType() == Datums.VALUE_EXTERNAL_KEY) {
        return new BekFile(guid, readKey(file, d, guid), created);
      }
    }
    throw new BitLockerFormatException("BEK file: no startup key entry (entry type 0x0006, value type 0x0009)");
  }

  private static SecretKeyMaterial readKey(byte[] file, Datums.Datum entry, UUID guid) throws BitLockerFormatException {
    if (entry.valueLength() < EXTERNAL_KEY_HEADER) {
      throw new BitLockerFormatException("BEK external key entry is " + entry.size() + " bytes: at least "
          + (Datums.HEADER + EXTERNAL_KEY_HEADER) + " expected");
    }
    UUID inner = Le.guid(file, entry.valueOffset());
    if (!inner.equals(guid)) {
      throw new BitLockerFormatException("BEK external key GUID " + inner + " differs from the header GUID " + guid);
    }
    for (Datums.Datum d : Datums.list(file, entry.valueOffset() + EXTERNAL_KEY_HEADER, entry.end(), "BEK external key")) {
      if (d.valueType() == Datums.VALUE_KEY) {
        if (d.valueLength() != 4 + KEY_BYTES) {
          throw new BitLockerFormatException("BEK key is " + Math.max(0, d.valueLength() - 4)
              + " bytes: a 32-byte (256-bit) external key expected");
        }
        byte[] key = Arrays.copyOfRange(file, d.valueOffset() + 4, d.end());
        try {
          return SecretKeyMaterial.copyOf(key);
        } finally {
          Arrays.fill(key, (byte) 0);
        }
      }
    }
    throw new BitLockerFormatException("BEK external key entry holds no key datum (value type 0x0001)");
  }

  private static void check(boolean ok, String field, long value, String expected) throws BitLockerFormatException {
    if (!ok) {
      throw new BitLockerFormatException(field + " is " + value + ": " + expected + " expected");
    }
  }

  @Override
  public void destroy() {
    key.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return key.isDestroyed();
  }

  /** Same as {@link #destroy()}. */
  @Override
  public void close() {
    destroy();
  }

  @Override
  public String toString() {
    return "BekFile[" + guid + (key.isDestroyed() ? ", destroyed" : "") + "]";
  }
}
