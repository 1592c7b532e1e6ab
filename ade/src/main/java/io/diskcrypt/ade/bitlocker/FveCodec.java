package io.diskcrypt.ade.bitlocker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Writes and reads the BitLocker volume header and FVE metadata (version 2, Windows 7 and later).
 *
 * <p>Volume header (first sector): boot code {@code EB 58 90}, signature {@code -FVE-FS-}, bytes per
 * sector at 0x0B, metadata LCN 0 at 0x38 (a non-zero value means Vista), the BitLocker identifier GUID
 * {@code 4967d63b-2e29-4ad8-8399-f6a339e3d001} at 0xA0, the three metadata offsets at 0xB0, 0x55AA at
 * 0x1FE.
 *
 * <p>FVE metadata area (64 KiB): a 64-byte block header ({@code -FVE-FS-}, u16 block size in 16-byte
 * units, u16 version 2, u16 current and next state 4 = encrypted, u64 encrypted volume size, u32 zero,
 * u32 number of relocated header sectors, the three metadata offsets, u64 offset of the relocated
 * header), a 48-byte metadata header (u32 size, u32 version 1, u32 header size 48, u32 size again,
 * volume GUID, u32 next nonce counter, u16 encryption method, u16 zero, u64 FILETIME creation time),
 * the entries, then right after the block the validation: u16 size 88, u16 version 2, CRC-32 of the
 * block, and an AES-CCM datum (under the VMK) of a key datum (method 0x2005) holding the SHA-256 of the
 * block.
 *
 * <p>Nonces are the creation FILETIME followed by a 32-bit counter, as Windows does.
 */
final class FveCodec {
  static final byte[] BOOT_CODE = {(byte) 0xeb, 0x58, (byte) 0x90};
  static final byte[] SIGNATURE = "-FVE-FS-".getBytes(StandardCharsets.US_ASCII);
  static final UUID BITLOCKER_IDENTIFIER = UUID.fromString("4967d63b-2e29-4ad8-8399-f6a339e3d001");
  /** The identifier of a volume in encrypt-on-write mode (cryptsetup's BITLK_GUID_EOW). */
  static final UUID EOW_IDENTIFIER = UUID.fromString("92a84d3b-dd80-4d0e-9e4e-b1e3284eaed8");
  static final int BLOCK_HEADER = 64;
  static final int METADATA_HEADER = 48;
  static final int VALIDATION = 88;
  private static final int VMK_HEADER = 28;
  private static final int HASH_DATUM = 44;

  private FveCodec() {}

  /**
   * A protector to write: its GUID, protection code, optional stretch salt and name, the key that wraps
   * the VMK, and whether that key is stored beside it in the clear (a clear-key protector).
   */
  record ProtectorSpec(UUID guid, int protection, byte[] salt, String name, byte[] wrappingKey, boolean storeKey) {}

  /** Everything one metadata area is made of. */
  record Spec(UUID volumeGuid, EncryptionMethod method, long createdFiletime, String description,
      Layout layout, FveState currentState, FveState nextState, long encryptedBytes,
      byte[] vmk, byte[] fvek, List<ProtectorSpec> protectors) {}

  /** What the first sector says: the metadata offsets, and whether the volume is in encrypt-on-write mode. */
  record VolumeHeader(long[] metadataOffsets, boolean encryptOnWrite) {}

  // ---------------------------------------------------------------- writing

  /** The first sector of the volume. */
  static byte[] volumeHeader(Layout layout) {
    int ss = layout.sectorSize().bytes();
    byte[] sector = new byte[ss];
    System.arraycopy(BOOT_CODE, 0, sector, 0, 3);
    System.arraycopy(SIGNATURE, 0, sector, 3, 8);
    Le.put16(sector, 0x0b, ss);
    sector[0x0d] = (byte) (ss == 512 ? 8 : 1); // sectors per cluster: 4 KiB clusters
    sector[0x15] = (byte) 0xf8; // media descriptor: fixed disk
    Le.put16(sector, 0x18, 0x3f);
    Le.put16(sector, 0x1a, 0xff);
    Le.put64(sector, 0x28, layout.totalBytes() / ss);
    System.arraycopy(Le.guidBytes(BITLOCKER_IDENTIFIER), 0, sector, 0xa0, 16);
    for (int i = 0; i < 3; i++) {
      Le.put64(sector, 0xb0 + 8 * i, layout.metadataOffset(i));
    }
    sector[0x1fe] = 0x55;
    sector[0x1ff] = (byte) 0xaa;
    return sector;
  }

  /** One 64 KiB FVE metadata area (all three copies are the same). */
  static byte[] metadataArea(Spec spec) {
    int counter = 1;
    byte[] nonceBase = new byte[12];
    Le.put64(nonceBase, 0, spec.createdFiletime());
    ByteArrayOutputStream entries = new ByteArrayOutputStream();
    for (ProtectorSpec p : spec.protectors()) {
      entries.writeBytes(vmkDatum(spec, p, nonce(nonceBase, counter++)));
    }
    byte[] fvekDatum = keyDatum(spec.method().code(), spec.fvek());
    entries.writeBytes(Datums.datum(Datums.ENTRY_FVEK, Datums.VALUE_AES_CCM,
        AesCcm.seal(spec.vmk(), nonce(nonceBase, counter++), fvekDatum).toPayload()));
    Arrays.fill(fvekDatum, (byte) 0);
    byte[] where = new byte[16];
    Le.put64(where, 0, spec.layout().backupOffset());
    Le.put64(where, 8, Layout.HEADER_REGION);
    entries.writeBytes(Datums.datum(Datums.ENTRY_VOLUME_HEADER, Datums.VALUE_OFFSET_AND_SIZE, where));
    entries.writeBytes(Datums.datum(Datums.ENTRY_DESCRIPTION, Datums.VALUE_STRING, Datums.stringValue(spec.description())));
    int validationCounter = counter++;

    byte[] entryBytes = entries.toByteArray();
    int metadataSize = METADATA_HEADER + entryBytes.length;
    int blockBytes = (BLOCK_HEADER + metadataSize + 15) & ~15;
    if (blockBytes + VALIDATION > Layout.METADATA_AREA) {
      throw new IllegalArgumentException("FVE metadata of " + blockBytes + " bytes does not fit a 64 KiB area");
    }
    byte[] area = new byte[Layout.METADATA_AREA];
    writeBlockHeader(area, spec, blockBytes);
    Le.put32(area, 64, metadataSize);
    Le.put32(area, 68, 1);
    Le.put32(area, 72, METADATA_HEADER);
    Le.put32(area, 76, metadataSize);
    System.arraycopy(Le.guidBytes(spec.volumeGuid()), 0, area, 80, 16);
    Le.put32(area, 96, counter);
    Le.put16(area, 100, spec.method().code());
    Le.put64(area, 104, spec.createdFiletime());
    System.arraycopy(entryBytes, 0, area, BLOCK_HEADER + METADATA_HEADER, entryBytes.length);
    writeValidation(area, blockBytes, spec.vmk(), nonce(nonceBase, validationCounter));
    return area;
  }

  private static void writeBlockHeader(byte[] area, Spec spec, int blockBytes) {
    Layout layout = spec.layout();
    System.arraycopy(SIGNATURE, 0, area, 0, 8);
    Le.put16(area, 8, blockBytes / 16);
    Le.put16(area, 10, 2);
    Le.put16(area, 12, spec.currentState().code());
    Le.put16(area, 14, spec.nextState().code());
    Le.put64(area, 16, spec.encryptedBytes());
    Le.put32(area, 28, Layout.HEADER_REGION / layout.sectorSize().bytes());
    for (int i = 0; i < 3; i++) {
      Le.put64(area, 32 + 8 * i, layout.metadataOffset(i));
    }
    Le.put64(area, 56, layout.backupOffset());
  }

  private static void writeValidation(byte[] area, int blockBytes, byte[] vmk, byte[] nonce) {
    CRC32 crc = new CRC32();
    crc.update(area, 0, blockBytes);
    byte[] hashDatum = new byte[HASH_DATUM];
    Le.put16(hashDatum, 0, HASH_DATUM);
    Le.put16(hashDatum, 4, Datums.VALUE_KEY);
    Le.put16(hashDatum, 6, 1);
    Le.put16(hashDatum, 8, Datums.KEY_METHOD_VALIDATION_HASH);
    System.arraycopy(sha256(area, blockBytes), 0, hashDatum, 12, 32);
    byte[] nested = Datums.datum(Datums.ENTRY_PROPERTY, Datums.VALUE_AES_CCM, AesCcm.seal(vmk, nonce, hashDatum).toPayload());
    Le.put16(area, blockBytes, VALIDATION);
    Le.put16(area, blockBytes + 2, 2);
    Le.put32(area, blockBytes + 4, crc.getValue());
    System.arraycopy(nested, 0, area, blockBytes + 8, nested.length);
  }

  private static byte[] vmkDatum(Spec spec, ProtectorSpec p, byte[] nonce) {
    byte[] head = new byte[VMK_HEADER];
    System.arraycopy(Le.guidBytes(p.guid()), 0, head, 0, 16);
    Le.put64(head, 16, spec.createdFiletime());
    Le.put16(head, 26, p.protection());
    ByteArrayOutputStream nested = new ByteArrayOutputStream();
    if (p.name() != null) {
      nested.writeBytes(Datums.datum(Datums.ENTRY_PROPERTY, Datums.VALUE_STRING, Datums.stringValue(p.name())));
    }
    if (p.storeKey()) {
      byte[] clear = keyDatum(Datums.KEY_METHOD_VMK, p.wrappingKey());
      nested.writeBytes(clear);
      Arrays.fill(clear, (byte) 0);
    }
    if (p.salt() != null) {
      byte[] stretch = new byte[20];
      Le.put16(stretch, 0, Datums.KEY_METHOD_STRETCH);
      System.arraycopy(p.salt(), 0, stretch, 4, 16);
      nested.writeBytes(Datums.datum(Datums.ENTRY_PROPERTY, Datums.VALUE_STRETCH_KEY, stretch));
    }
    byte[] vmkKey = keyDatum(Datums.KEY_METHOD_VMK, spec.vmk());
    nested.writeBytes(Datums.datum(Datums.ENTRY_PROPERTY, Datums.VALUE_AES_CCM,
        AesCcm.seal(p.wrappingKey(), nonce, vmkKey).toPayload()));
    Arrays.fill(vmkKey, (byte) 0);
    return Datums.datum(Datums.ENTRY_VMK, Datums.VALUE_VMK, head, nested.toByteArray());
  }

  /** A key datum (value type 1) as it is encrypted: its size field is the plaintext length. */
  private static byte[] keyDatum(int method, byte[] key) {
    byte[] value = Datums.keyValue(method, key);
    try {
      return Datums.datum(Datums.ENTRY_PROPERTY, Datums.VALUE_KEY, value);
    } finally {
      Arrays.fill(value, (byte) 0);
    }
  }

  private static byte[] nonce(byte[] base, int counter) {
    byte[] nonce = base.clone();
    Le.put32(nonce, 8, counter);
    return nonce;
  }

  static byte[] sha256(byte[] data, int length) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(data, 0, length);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  // ---------------------------------------------------------------- reading

  /**
   * The three metadata offsets from the first sector, checked against the device.
   *
   * @throws BitLockerFormatException naming the header field that is wrong
   */
  static VolumeHeader parseVolumeHeader(byte[] sector, int deviceSectorBytes, long deviceBytes) throws BitLockerFormatException {
    if (sector.length < 512) {
      throw new BitLockerFormatException("volume header is " + sector.length + " bytes: 512 expected");
    }
    if (!Arrays.equals(sector, 3, 11, SIGNATURE, 0, 8)) {
      throw new BitLockerFormatException("volume header signature is '"
          + new String(sector, 3, 8, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?")
          + "': -FVE-FS- expected (not a BitLocker volume, or BitLocker To Go, which is not supported)");
    }
    if (!Arrays.equals(sector, 0, 3, BOOT_CODE, 0, 3)) {
      throw new BitLockerFormatException("volume header boot code is " + hex(sector, 0, 3)
          + ": eb5890 expected (eb5290 is Windows Vista, not supported)");
    }
    int bytesPerSector = Le.u16(sector, 0x0b);
    if (bytesPerSector != deviceSectorBytes) {
      throw new BitLockerFormatException("volume header bytes per sector is " + bytesPerSector
          + ": the device's " + deviceSectorBytes + " expected");
    }
    if (Le.u64(sector, 0x38) != 0) {
      throw new BitLockerFormatException("volume header metadata LCN is " + Le.u64(sector, 0x38)
          + ": 0 expected (non-zero is Windows Vista, not supported)");
    }
    UUID identifier = Le.guid(sector, 0xa0);
    if (!identifier.equals(BITLOCKER_IDENTIFIER) && !identifier.equals(EOW_IDENTIFIER)) {
      throw new BitLockerFormatException("volume header BitLocker identifier is " + identifier + ": "
          + BITLOCKER_IDENTIFIER + " (normal) or " + EOW_IDENTIFIER + " (encrypt-on-write) expected");
    }
    long[] offsets = new long[3];
    for (int i = 0; i < 3; i++) {
      offsets[i] = Le.u64(sector, 0xb0 + 8 * i);
      checkArea("volume header FVE metadata offset " + i, offsets[i], Layout.METADATA_AREA, deviceSectorBytes, deviceBytes);
    }
    return new VolumeHeader(offsets, identifier.equals(EOW_IDENTIFIER));
  }

  private static void checkArea(String field, long offset, long size, int sectorBytes, long deviceBytes)
      throws BitLockerFormatException {
    if (offset <= 0 || offset % sectorBytes != 0 || offset > deviceBytes - size) {
      throw new BitLockerFormatException(field + " is " + offset + ": a multiple of " + sectorBytes
          + " in [" + sectorBytes + ", " + (deviceBytes - size) + "] expected");
    }
  }

  /**
   * Parses one 64 KiB metadata area. Key material stays wrapped; the validation hash is checked by
   * whoever unwraps the VMK.
   *
   * @throws BitLockerFormatException naming the field that is wrong
   */
  static FveMetadata parseArea(byte[] area, int sectorBytes, long deviceBytes) throws BitLockerFormatException {
    if (area.length < BLOCK_HEADER + METADATA_HEADER) {
      throw new BitLockerFormatException("FVE metadata area is " + area.length + " bytes: at least 112 expected");
    }
    if (!Arrays.equals(area, 0, 8, SIGNATURE, 0, 8)) {
      throw new BitLockerFormatException("FVE metadata block signature is " + hex(area, 0, 8) + ": -FVE-FS- expected");
    }
    expect(Le.u16(area, 10), 2, "FVE metadata block version");
    int blockBytes = Le.u16(area, 8) * 16;
    if (blockBytes < BLOCK_HEADER + METADATA_HEADER || blockBytes + VALIDATION > Math.min(area.length, Layout.METADATA_AREA)) {
      throw new BitLockerFormatException("FVE metadata block size is " + blockBytes + " bytes: "
          + (BLOCK_HEADER + METADATA_HEADER) + " to " + (Layout.METADATA_AREA - VALIDATION) + " expected");
    }
    FveState current = state(Le.u16(area, 12), "current");
    FveState next = state(Le.u16(area, 14), "next");
    long encrypted = Le.u64(area, 16);
    if (encrypted < 0 || encrypted > deviceBytes || encrypted % sectorBytes != 0) {
      throw new BitLockerFormatException("FVE metadata encrypted volume size is " + encrypted
          + ": a multiple of " + sectorBytes + " up to the device size " + deviceBytes + " expected");
    }
    long convert = Le.u32(area, 24);
    if (current == FveState.SWITCHING && (convert % sectorBytes != 0 || convert > deviceBytes - encrypted)) {
      throw new BitLockerFormatException("FVE metadata conversion size is " + convert + ": a multiple of "
          + sectorBytes + " that fits above the encrypted " + encrypted + " bytes of the " + deviceBytes + "-byte device expected");
    }
    long[] offsets = new long[3];
    for (int i = 0; i < 3; i++) {
      offsets[i] = Le.u64(area, 32 + 8 * i);
      checkArea("FVE metadata offset " + i, offsets[i], Layout.METADATA_AREA, sectorBytes, deviceBytes);
    }
    checkValidation(area, blockBytes);
    return parseMetadata(area, blockBytes, new Geometry(current, next, encrypted, current == FveState.SWITCHING ? convert : 0,
        offsets, sectorBytes, deviceBytes));
  }

  /** The block header's fields that place things on the volume. */
  private record Geometry(FveState current, FveState next, long encrypted, long convert, long[] offsets,
      int sectorBytes, long deviceBytes) {}

  private static FveState state(int code, String which) throws BitLockerFormatException {
    FveState state = FveState.ofCode(code);
    if (state == null) {
      throw new BitLockerFormatException("FVE metadata " + which + " state is " + code
          + ": 1 (decrypted) to 5 (conversion paused) expected");
    }
    return state;
  }

  private static void checkValidation(byte[] area, int blockBytes) throws BitLockerFormatException {
    int size = Le.u16(area, blockBytes);
    int version = Le.u16(area, blockBytes + 2);
    if (size < VALIDATION || version > 2) {
      throw new BitLockerFormatException("FVE metadata validation size " + size + " / version " + version
          + ": size >= 88 and version <= 2 expected");
    }
    CRC32 crc = new CRC32();
    crc.update(area, 0, blockBytes);
    long stored = Le.u32(area, blockBytes + 4);
    if (crc.getValue() != stored) {
      throw new BitLockerFormatException(String.format(
          "FVE metadata validation CRC-32 is %08x but the block's is %08x (damaged metadata)", stored, crc.getValue()));
    }
    int nested = blockBytes + 8;
    if (Le.u16(area, nested) != 80 || Le.u16(area, nested + 4) != Datums.VALUE_AES_CCM) {
      throw new BitLockerFormatException("FVE metadata validation datum has size " + Le.u16(area, nested)
          + " and value type " + Le.u16(area, nested + 4) + ": 80 and 5 (AES-CCM) expected");
    }
  }

  private static FveMetadata parseMetadata(byte[] area, int blockBytes, Geometry g) throws BitLockerFormatException {
    long size = Le.u32(area, 64);
    if (size < METADATA_HEADER || BLOCK_HEADER + size > blockBytes) {
      throw new BitLockerFormatException("FVE metadata size is " + size + ": " + METADATA_HEADER + " to "
          + (blockBytes - BLOCK_HEADER) + " expected");
    }
    expect(Le.u32(area, 68), 1, "FVE metadata header version");
    expect(Le.u32(area, 72), METADATA_HEADER, "FVE metadata header size");
    expect(Le.u32(area, 76), size, "FVE metadata size copy");
    UUID volumeGuid = Le.guid(area, 80);
    int methodCode = Le.u16(area, 100);
    EncryptionMethod method = EncryptionMethod.ofCode(methodCode);
    if (method == null) {
      throw new BitLockerFormatException(String.format("FVE metadata encryption method is 0x%04x: "
          + "0x8000 to 0x8005 (AES-CBC with or without Elephant diffuser, XTS-AES; 128 or 256 bits) expected", methodCode));
    }
    long created = Le.u64(area, 104);
    int end = (int) (BLOCK_HEADER + size);
    List<FveMetadata.VmkEntry> vmks = new ArrayList<>();
    AesCcm.Sealed fvek = null;
    long headerOffset = -1;
    long headerBytes = -1;
    String description = "";
    for (Datums.Datum d : Datums.list(area, BLOCK_HEADER + METADATA_HEADER, end, "FVE metadata")) {
      switch (d.entryType()) {
        case Datums.ENTRY_VMK -> vmks.add(parseVmk(area, d));
        case Datums.ENTRY_FVEK -> {
          if (fvek == null) {
            fvek = sealedValue(area, d, "FVEK entry");
          }
        }
        case Datums.ENTRY_VOLUME_HEADER -> {
          if (d.valueLength() < 16) {
            throw new BitLockerFormatException("volume header entry is " + d.size() + " bytes: at least 24 expected");
          }
          headerOffset = Le.u64(area, d.valueOffset());
          headerBytes = Le.u64(area, d.valueOffset() + 8);
        }
        case Datums.ENTRY_DESCRIPTION -> description = Datums.string(area, d);
        default -> { } // entries this package does not use (TPM, validation, updates...)
      }
    }
    if (fvek == null) {
      throw new BitLockerFormatException("FVE metadata has no FVEK entry (entry type 0x0003)");
    }
    if (vmks.isEmpty()) {
      throw new BitLockerFormatException("FVE metadata has no VMK entry (entry type 0x0002)");
    }
    checkRelocatedHeader(headerOffset, headerBytes, g.sectorBytes(), g.deviceBytes());
    int v = blockBytes + 8 + Datums.HEADER;
    AesCcm.Sealed validation = AesCcm.Sealed.ofPayload(area, v, 72);
    FveMetadata m = new FveMetadata(volumeGuid, method, Le.instant(created), description, g.deviceBytes(), false,
        g.current(), g.next(), g.encrypted(), g.convert(), g.offsets(), headerOffset, headerBytes, List.copyOf(vmks),
        fvek, validation, sha256(area, blockBytes));
    checkReservedAreas(m);
    return m;
  }

  private static void checkRelocatedHeader(long offset, long bytes, int sectorBytes, long deviceBytes)
      throws BitLockerFormatException {
    if (offset < 0) {
      throw new BitLockerFormatException("FVE metadata has no volume header entry (entry type 0x000f)");
    }
    if (bytes <= 0 || bytes % sectorBytes != 0 || bytes > Layout.METADATA_AREA) {
      throw new BitLockerFormatException("volume header entry size is " + bytes + ": a multiple of "
          + sectorBytes + " up to 65536 expected");
    }
    checkArea("volume header entry offset", offset, bytes, sectorBytes, deviceBytes);
  }

  /**
   * The reserved areas must not overlap one another, nor the first sectors they stand in for: a read
   * of one would otherwise be served from another, and a write through the data device could land in
   * the metadata.
   */
  private static void checkReservedAreas(FveMetadata m) throws BitLockerFormatException {
    List<FveMetadata.Region> areas = new ArrayList<>(m.reserved());
    areas.add(new FveMetadata.Region("relocated first " + m.headerBytes() + " bytes", 0, m.headerBytes()));
    for (int i = 0; i < areas.size(); i++) {
      for (int j = i + 1; j < areas.size(); j++) {
        if (areas.get(i).overlaps(areas.get(j))) {
          FveMetadata.Region a = areas.get(i);
          FveMetadata.Region b = areas.get(j);
          throw new BitLockerFormatException(a.name() + " [" + a.offset() + ", " + a.end() + ") overlaps "
              + b.name() + " [" + b.offset() + ", " + b.end() + ")");
        }
      }
    }
  }

  private static FveMetadata.VmkEntry parseVmk(byte[] area, Datums.Datum d) throws BitLockerFormatException {
    String where = "VMK entry at byte " + d.offset();
    if (d.valueType() != Datums.VALUE_VMK || d.valueLength() < VMK_HEADER) {
      throw new BitLockerFormatException(where + ": value type " + d.valueType() + ", " + d.size()
          + " bytes: value type 8 and at least " + (Datums.HEADER + VMK_HEADER) + " bytes expected");
    }
    UUID guid = Le.guid(area, d.valueOffset());
    int protection = Le.u16(area, d.valueOffset() + 26);
    byte[] salt = null;
    AesCcm.Sealed sealed = null;
    byte[] clearKey = null;
    String name = null;
    for (Datums.Datum n : Datums.list(area, d.valueOffset() + VMK_HEADER, d.end(), where)) {
      if (n.valueType() == Datums.VALUE_STRETCH_KEY) {
        if (n.valueLength() < 20) {
          throw new BitLockerFormatException(where + ": stretch key is " + n.size() + " bytes: at least 28 expected");
        }
        salt = Arrays.copyOfRange(area, n.valueOffset() + 4, n.valueOffset() + 20);
      } else if (n.valueType() == Datums.VALUE_AES_CCM && sealed == null) {
        sealed = sealedValue(area, n, where + " encrypted key");
      } else if (n.valueType() == Datums.VALUE_KEY && clearKey == null && protection == ProtectorType.CLEAR_KEY.code()) {
        if (n.valueLength() != 4 + 32) {
          throw new BitLockerFormatException(where + ": clear key is " + n.size() + " bytes: 44 (a 256-bit key) expected");
        }
        clearKey = Arrays.copyOfRange(area, n.valueOffset() + 4, n.end());
      } else if (n.valueType() == Datums.VALUE_STRING && name == null) {
        name = Datums.string(area, n);
      }
    }
    return new FveMetadata.VmkEntry(guid, protection, salt, sealed, clearKey, name);
  }

  private static AesCcm.Sealed sealedValue(byte[] area, Datums.Datum d, String where) throws BitLockerFormatException {
    if (d.valueType() != Datums.VALUE_AES_CCM || d.valueLength() < AesCcm.NONCE_BYTES + AesCcm.TAG_BYTES + Datums.HEADER) {
      throw new BitLockerFormatException(where + ": value type " + d.valueType() + ", " + d.size()
          + " bytes: value type 5 (AES-CCM) and at least " + (Datums.HEADER * 2 + 28) + " bytes expected");
    }
    return AesCcm.Sealed.ofPayload(area, d.valueOffset(), d.valueLength());
  }

  /**
   * The key inside a decrypted key datum.
   *
   * @throws BitLockerFormatException naming the datum field that is wrong
   */
  static byte[] keyOf(byte[] datum, String what, int expectedBytes) throws BitLockerFormatException {
    if (datum.length < 12 || Le.u16(datum, 0) != datum.length || Le.u16(datum, 4) != Datums.VALUE_KEY) {
      throw new BitLockerFormatException(what + " decrypts to a malformed key datum (size field "
          + (datum.length >= 2 ? Le.u16(datum, 0) : -1) + " of " + datum.length + " bytes, value type "
          + (datum.length >= 6 ? Le.u16(datum, 4) : -1) + "; value type 1 expected)");
    }
    if (datum.length - 12 != expectedBytes) {
      throw new BitLockerFormatException(what + " is " + (datum.length - 12) + " bytes: " + expectedBytes + " expected");
    }
    return Arrays.copyOfRange(datum, 12, datum.length);
  }

  /**
   * Checks the decrypted validation datum against the block's SHA-256.
   *
   * @throws BitLockerFormatException when the hash datum is malformed or differs
   */
  static void checkValidationHash(byte[] datum, byte[] blockSha256) throws BitLockerFormatException {
    if (datum.length != HASH_DATUM || Le.u16(datum, 4) != Datums.VALUE_KEY || Le.u16(datum, 8) != Datums.KEY_METHOD_VALIDATION_HASH) {
      throw new BitLockerFormatException("FVE metadata validation decrypts to a malformed hash datum: "
          + "a 44-byte key datum with method 0x2005 (SHA-256) expected");
    }
    if (!MessageDigest.isEqual(Arrays.copyOfRange(datum, 12, 44), blockSha256)) {
      throw new BitLockerFormatException("FVE metadata validation SHA-256 differs from the metadata block's (altered metadata)");
    }
  }

  private static void expect(long actual, long expected, String field) throws BitLockerFormatException {
    if (actual != expected) {
      throw new BitLockerFormatException(field + " is " + actual + ": " + expected + " expected");
    }
  }

  private static String hex(byte[] b, int off, int len) {
    return java.util.HexFormat.of().formatHex(b, off, off + len);
  }
}
