package io.diskcrypt.ade.bitlocker;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.media.SparseMedia;
import java.util.zip.CRC32;

/** A formatted volume and its first metadata area, for tests that break the metadata. */
final class MetadataFixture {
  static final long SIZE = 2L << 20;

  final SparseMedia media;
  final BitLockerFormatResult result;
  final long[] offsets;

  MetadataFixture(boolean recovery) {
    media = new SparseMedia("disk", SIZE, SectorSize.S512);
    result = BitLocker.format(media, BitLockerOptions.defaults().withRecoveryPassword(recovery));
    offsets = result.info().metadataOffsets().stream().mapToLong(Long::longValue).toArray();
  }

  /** A copy of metadata area {@code copy}. */
  byte[] area(int copy) {
    byte[] area = new byte[Layout.METADATA_AREA];
    media.read(offsets[copy] / 512, area);
    return area;
  }

  /** Writes {@code area} over metadata copy {@code copy}. */
  void writeArea(int copy, byte[] area) {
    media.write(offsets[copy] / 512, area);
  }

  static int blockBytes(byte[] area) {
    return Le.u16(area, 8) * 16;
  }

  /** Recomputes the validation CRC-32 after an edit, so that the edit reaches the checks behind it. */
  static byte[] recrc(byte[] area) {
    int block = blockBytes(area);
    if (block > 0 && block + 8 <= area.length) {
      CRC32 crc = new CRC32();
      crc.update(area, 0, block);
      Le.put32(area, block + 4, crc.getValue());
    }
    return area;
  }

  /** The offset of the first datum with {@code entryType} in a well-formed area. */
  static int datumOffset(byte[] area, int entryType) throws BitLockerFormatException {
    int end = 64 + (int) Le.u32(area, 64);
    for (Datums.Datum d : Datums.list(area, 112, end, "test")) {
      if (d.entryType() == entryType) {
        return d.offset();
      }
    }
    throw new IllegalArgumentException("no datum of entry type " + entryType);
  }
}
