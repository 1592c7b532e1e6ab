package io.diskcrypt.ade.luks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceBytes;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.crypto.SecretKeyMaterial;
import io.diskcrypt.core.crypto.SectorCipher;
import io.diskcrypt.core.crypto.TweakUnit;
import io.diskcrypt.core.crypto.XtsEngines;
import io.diskcrypt.core.crypto.XtsParameters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Encrypts a device that holds plaintext, in place, behind a detached LUKS2 header, resumable after
 * a crash at any write. See {@link Luks#encryptInPlace} for the contract; this class is the
 * mechanism:
 *
 * <ol>
 *   <li>The header is written (second copy first, so a blank first copy proves no data was touched)
 *       with the mandatory requirement {@value ParsedHeader#IN_PLACE_REQUIREMENT}, which makes
 *       cryptsetup and {@link Luks#open} refuse the half-done volume, and a token recording {@code
 *       encrypted}: every byte below it is ciphertext, every byte from it on plaintext.
 *   <li>Per hotzone at {@code encrypted}: a checksum journal (SHA-256 of each device sector's
 *       plaintext, as cryptsetup's "checksum" resilience keeps) is written to the end of the
 *       keyslots area and flushed; the hotzone is encrypted and written; then the token advances.
 *   <li>On resume, a valid journal at {@code encrypted} tells, sector by sector, whether the write
 *       had reached it: a sector whose bytes hash to the journal is still plaintext, one whose
 *       decryption does is ciphertext (XTS blocks decrypt independently, so even a torn 4 KiB sector
 *       is sorted out per device sector); anything else is corruption and stops the run.
 *   <li>At the end the journal is wiped and the header rewritten without requirement and token:
 *       a plain LUKS2 volume.
 * </ol>
 */
final class InPlaceEncryption {
  static final String TOKEN_TYPE = ParsedHeader.IN_PLACE_REQUIREMENT;
  static final int DEFAULT_HOTZONE = 1 << 20;
  private static final byte[] JOURNAL_MAGIC = "DCSUMJ01".getBytes(StandardCharsets.US_ASCII);
  private static final int JOURNAL_HEADER = 4096;

  private final BlockDevice header;
  private final BlockDevice data;
  private final CpuAccount payer;
  private final int hotzone;
  /** Hashes every journal sector and the journal itself; one per run, as a run is one thread. */
  private final MessageDigest sha256;

  InPlaceEncryption(BlockDevice header, BlockDevice data, CpuAccount payer, int hotzone) {
    this.header = header;
    this.data = data;
    this.payer = payer;
    this.hotzone = hotzone;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** Starts or resumes; returns the volume key (caller wipes) once the whole data area is ciphertext. */
  byte[] run(byte[] passphrase, LuksFormatOptions options) throws LuksException {
    Luks2Header h;
    byte[] key;
    ParsedHeader parsed = readExisting();
    if (parsed != null && !parsed.inPlaceInProgress()) {
      // Finished, perhaps by a run that crashed while writing the last header: make both copies
      // current and hand back the key. Nothing is encrypted twice.
      key = unlock(parsed, passphrase);
      repairSecondCopy(parsed.luks2);
      return key;
    }
    if (parsed == null) {
      key = Luks.freshVolumeKey(options);
      Luks2Header fresh = Luks.luks2Header(header, data, false, passphrase, options, key);
      ObjectNode json = fresh.json;
      json.with("config").putObject("requirements").putArray("mandatory").add(ParsedHeader.IN_PLACE_REQUIREMENT);
      ObjectNode token = json.with("tokens").putObject("0");
      token.put("type", TOKEN_TYPE);
      token.putArray("keyslots");
      token.put("encrypted", "0");
      token.put("hotzone", Long.toString(hotzone));
      token.put("journal_offset", Long.toString(journalOffset()));
      fresh.writeSecondaryFirst(header);
      h = fresh;
      parsed = parse(h);
    } else {
      key = unlock(parsed, passphrase);
      h = parsed.luks2;
    }
    try {
      encryptRest(h, parsed, key);
      return key;
    } catch (RuntimeException | LuksException e) {
      Arrays.fill(key, (byte) 0);
      throw e;
    }
  }

  private long journalOffset() {
    return Luks.LUKS2_METADATA_BYTES - JOURNAL_HEADER - (long) hotzone / data.sectorSize().bytes() * 32;
  }

  /** The in-progress header, null for a device never started, or a refusal. */
  private ParsedHeader readExisting() throws LuksException {
    try {
      ParsedHeader parsed = ParsedHeader.read(header);
      if (parsed.version != LuksVersion.LUKS2 || parsed.segment.offset() != 0) {
        throw new LuksException("the header device already holds a " + parsed.version
            + " volume that is not a detached LUKS2 header: nothing to encrypt in place");
      }
      return parsed;
    } catch (MalformedHeaderException e) {
      byte[] first = DeviceBytes.read(header, 0, Luks2Header.BINARY_SIZE);
      for (byte b : first) {
        if (b != 0) {
          throw e; // the first copy was written, so data may have been touched: never start over
        }
      }
      return null;
    }
  }

  private void repairSecondCopy(Luks2Header newest) {
    try {
      Luks2Header second = Luks2Header.readCopy(header, newest.hdrSize, Luks2Header.MAGIC_2);
      if (second.seqid == newest.seqid) {
        return;
      }
    } catch (MalformedHeaderException damaged) {
      // rewritten below
    }
    newest.with(newest.json, newest.seqid + 1).write(header);
  }

  private static ParsedHeader parse(Luks2Header h) throws MalformedHeaderException {
    return ParsedHeader.fromLuks2(h, h.parsed());
  }

  private byte[] unlock(ParsedHeader parsed, byte[] passphrase) throws LuksException {
    byte[] key = Keyslots.tryUnlockAny(header, parsed, passphrase);
    if (key == null) {
      throw new WrongPassphraseException("no keyslot of the half-encrypted volume " + parsed.luks2.uuid
          + " opens with this passphrase");
    }
    return key;
  }

  private void encryptRest(Luks2Header h, ParsedHeader parsed, byte[] key) throws LuksException {
    ObjectNode token = token(h.json);
    long encrypted = Luks2Json.u64(token, "encrypted", "tokens.0.encrypted");
    int zone = (int) Luks2Json.u64(token, "hotzone", "tokens.0.hotzone");
    long journalAt = Luks2Json.u64(token, "journal_offset", "tokens.0.journal_offset");
    int ss = parsed.segment.sectorSize();
    long size = parsed.dataBytes(data);
    if (zone != hotzone || journalAt != journalOffset() || encrypted % ss != 0 || encrypted > size) {
      throw new MalformedHeaderException("tokens.0", "in-place state (encrypted " + encrypted + ", hotzone " + zone
          + ", journal at " + journalAt + ") does not fit this data device of " + size + " bytes");
    }
    XtsParameters parameters = new XtsParameters(key.length * 8, SectorSize.ofBytes(ss), TweakUnit.BYTES_512);
    try (SecretKeyMaterial material = SecretKeyMaterial.copyOf(key);
        SectorCipher cipher = XtsEngines.defaultEngine().newCipher(parameters, material)) {
      long journaled = journalOffsetIfValid();
      if (journaled == encrypted && encrypted < size) {
        int n = (int) Math.min(zone, size - encrypted);
        recoverHotzone(cipher, encrypted, n);
        encrypted += n;
        h = advance(h, encrypted);
      }
      while (encrypted < size) {
        int n = (int) Math.min(zone, size - encrypted);
        byte[] buffer = DeviceBytes.read(data, encrypted, n);
        writeJournal(encrypted, buffer);
        encrypt(cipher, encrypted, buffer);
        DeviceBytes.write(data, encrypted, buffer);
        data.flush();
        encrypted += n;
        h = advance(h, encrypted);
      }
    }
    DeviceBytes.write(header, journalOffset(), new byte[JOURNAL_HEADER]);
    header.flush();
    ObjectNode json = h.json.deepCopy();
    json.with("config").remove("requirements");
    json.with("tokens").remove("0");
    h.with(json, h.seqid + 1).write(header);
  }

  private static ObjectNode token(ObjectNode json) throws MalformedHeaderException {
    JsonNode t = json.path("tokens").path("0");
    if (!t.isObject() || !TOKEN_TYPE.equals(t.path("type").asText())) {
      throw new MalformedHeaderException("tokens.0", "no " + TOKEN_TYPE + " token records the progress");
    }
    return (ObjectNode) t;
  }

  private Luks2Header advance(Luks2Header h, long encrypted) {
    ObjectNode json = h.json.deepCopy();
    ((ObjectNode) json.with("tokens").get("0")).put("encrypted", Long.toString(encrypted));
    Luks2Header next = h.with(json, h.seqid + 1);
    next.write(header);
    return next;
  }

  private void encrypt(SectorCipher cipher, long offset, byte[] buffer) {
    int ss = cipher.parameters().sectorSize().bytes();
    long start = System.nanoTime();
    cipher.encrypt(offset / ss, buffer, 0, buffer.length);
    payer.charge(System.nanoTime() - start, buffer.length);
  }

  private void writeJournal(long offset, byte[] plaintext) {
    int unit = data.sectorSize().bytes();
    int sectors = plaintext.length / unit;
    // Sized for a whole hotzone: a short last hotzone then zeroes the sums a longer one left behind.
    byte[] sums = new byte[hotzone / unit * 32];
    for (int i = 0; i < sectors; i++) {
      sha256.update(plaintext, i * unit, unit);
      try {
        sha256.digest(sums, i * 32, 32);
      } catch (DigestException e) {
        throw new IllegalStateException("SHA-256 did not fit its 32 bytes", e);
      }
    }
    DeviceBytes.write(header, journalOffset() + JOURNAL_HEADER, sums);
    ByteBuffer head = ByteBuffer.allocate(JOURNAL_HEADER);
    head.put(0, JOURNAL_MAGIC);
    head.putLong(8, offset);
    head.putInt(16, plaintext.length);
    head.putInt(20, unit);
    head.put(24, journalSum(head.array(), sums, sectors * 32));
    DeviceBytes.write(header, journalOffset(), head.array());
    header.flush();
  }

  /** The data offset of a valid journal, or -1. */
  private long journalOffsetIfValid() {
    ByteBuffer head = ByteBuffer.wrap(DeviceBytes.read(header, journalOffset(), JOURNAL_HEADER));
    byte[] magic = new byte[8];
    head.get(0, magic);
    int length = head.getInt(16);
    int unit = head.getInt(20);
    if (!Arrays.equals(magic, JOURNAL_MAGIC) || unit != data.sectorSize().bytes() || length <= 0
        || length > hotzone || length % unit != 0) {
      return -1;
    }
    byte[] sums = DeviceBytes.read(header, journalOffset() + JOURNAL_HEADER, length / unit * 32);
    byte[] stored = new byte[32];
    head.get(24, stored);
    return MessageDigest.isEqual(stored, journalSum(head.array(), sums, sums.length)) ? head.getLong(8) : -1;
  }

  /** Finishes a hotzone the crash interrupted: each device sector is sorted by its journal checksum. */
  private void recoverHotzone(SectorCipher cipher, long offset, int length) throws LuksException {
    int unit = data.sectorSize().bytes();
    byte[] sums = DeviceBytes.read(header, journalOffset() + JOURNAL_HEADER, length / unit * 32);
    byte[] raw = DeviceBytes.read(data, offset, length);
    byte[] decrypted = raw.clone();
    int ss = cipher.parameters().sectorSize().bytes();
    long start = System.nanoTime();
    cipher.decrypt(offset / ss, decrypted, 0, decrypted.length);
    payer.charge(System.nanoTime() - start, decrypted.length);
    byte[] plain = new byte[length];
    for (int i = 0; i < length / unit; i++) {
      if (hashesTo(raw, i * unit, unit, sums, i * 32)) {
        System.arraycopy(raw, i * unit, plain, i * unit, unit);
      } else if (hashesTo(decrypted, i * unit, unit, sums, i * 32)) {
        System.arraycopy(decrypted, i * unit, plain, i * unit, unit);
      } else {
        throw new LuksException("in-place encryption cannot resume: data byte " + (offset + (long) i * unit)
            + " matches neither its journalled plaintext nor its encryption (changed outside the encryption?)");
      }
    }
    Arrays.fill(decrypted, (byte) 0);
    encrypt(cipher, offset, plain);
    DeviceBytes.write(data, offset, plain);
    data.flush();
  }

  /** The checksum of the journal: its header's first 24 bytes, then the first {@code length} bytes of sums. */
  private byte[] journalSum(byte[] head, byte[] sums, int length) {
    sha256.update(head, 0, 24);
    sha256.update(sums, 0, length);
    return sha256.digest();
  }

  /**
   * True when {@code length} bytes of {@code b} at {@code offset} hash to the journal sum at {@code at}.
   * Compared in place rather than in constant time: these are checksums of sector contents that
   * already lie on the header device, not secrets.
   */
  private boolean hashesTo(byte[] b, int offset, int length, byte[] sums, int at) {
    sha256.update(b, offset, length);
    return Arrays.equals(sha256.digest(), 0, 32, sums, at, at + 32);
  }
}
