package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceBytes;
import java.util.List;
import java.util.TreeMap;

/** A validated LUKS1 or LUKS2 header in version-neutral form, plus the LUKS2 tree for rewriting. */
final class ParsedHeader {
  /** The mandatory requirement that marks an unfinished in-place encryption (see {@link InPlaceEncryption}). */
  static final String IN_PLACE_REQUIREMENT = "diskcrypt-inplace-encrypt";

  final LuksVersion version;
  final Luks2Header luks2;
  final Luks1Header luks1;
  final List<Layout.Keyslot> keyslots;
  final Layout.Digest digest;
  final Layout.Segment segment;
  final List<String> requirements;
  final long keyslotsSize;

  private ParsedHeader(LuksVersion version, Luks2Header luks2, Luks1Header luks1, List<Layout.Keyslot> keyslots,
      Layout.Digest digest, Layout.Segment segment, List<String> requirements, long keyslotsSize) {
    this.version = version;
    this.luks2 = luks2;
    this.luks1 = luks1;
    this.keyslots = keyslots;
    this.digest = digest;
    this.segment = segment;
    this.requirements = requirements;
    this.keyslotsSize = keyslotsSize;
  }

  /**
   * Reads and validates the header on {@code device}.
   *
   * @throws MalformedHeaderException naming the field that is wrong
   */
  static ParsedHeader read(BlockDevice device) throws MalformedHeaderException {
    if (device.sizeBytes() < 4096) {
      throw new MalformedHeaderException("magic", "device of " + device.sizeBytes() + " bytes is too small for a LUKS header");
    }
    byte[] first = DeviceBytes.read(device, 0, 8);
    if (Luks2Header.hasMagic(first) && first[6] == 0 && first[7] == 1) {
      Luks1Header h = Luks1Header.read(device);
      return new ParsedHeader(LuksVersion.LUKS1, null, h, h.keyslots(), h.digest(), h.segment(), List.of(), 0);
    }
    Luks2Header h = Luks2Header.read(device);
    return fromLuks2(h, h.parsed());
  }

  static ParsedHeader fromLuks2(Luks2Header h, Luks2Json.Parsed p) throws MalformedHeaderException {
    List<Layout.Keyslot> usable = p.keyslots().stream().filter(k -> p.digest().keyslots().contains(k.id())).toList();
    int keyBits = usable.isEmpty() ? 0 : usable.get(0).keyBytes() * 8;
    for (Layout.Keyslot k : usable) {
      if (k.keyBytes() * 8 != keyBits) {
        throw new MalformedHeaderException("keyslots." + k.id() + ".key_size", "differs from the other keyslots'");
      }
    }
    Layout.Segment s = p.segment();
    Layout.Segment segment = new Layout.Segment(s.offset(), s.size(), s.sectorSize(), keyBits);
    return new ParsedHeader(LuksVersion.LUKS2, h, null, usable, p.digest(), segment, p.requirements(), p.keyslotsSize());
  }

  boolean inPlaceInProgress() {
    return requirements.contains(IN_PLACE_REQUIREMENT);
  }

  /**
   * Refuses a data segment that would overwrite the header or keyslots when both share a device.
   *
   * @throws MalformedHeaderException naming the offset field
   */
  void checkAttached() throws MalformedHeaderException {
    long metadataEnd;
    if (version == LuksVersion.LUKS2) {
      metadataEnd = 2 * luks2.hdrSize + keyslotsSize;
    } else {
      metadataEnd = 4096;
      for (Layout.Keyslot k : keyslots) {
        metadataEnd = Math.max(metadataEnd, k.areaOffset() + k.splitBytes());
      }
    }
    if (segment.offset() < metadataEnd) {
      throw new MalformedHeaderException(version == LuksVersion.LUKS1 ? "payloadOffset" : "segments.0.offset",
          "data at byte " + segment.offset() + " would overlap the header and keyslots, which end at byte "
              + metadataEnd + " (is this a detached header?)");
    }
  }

  /**
   * The size of the data area on {@code data}.
   *
   * @throws MalformedHeaderException when the segment lies outside the device
   */
  long dataBytes(BlockDevice data) throws MalformedHeaderException {
    long ss = segment.sectorSize().bytes();
    long available = data.sizeBytes() - segment.offset();
    if (available < ss) {
      throw new MalformedHeaderException(version == LuksVersion.LUKS1 ? "payloadOffset" : "segments.0.offset",
          "data offset " + segment.offset() + " leaves no data area on a device of " + data.sizeBytes() + " bytes");
    }
    if (segment.size() < 0) {
      return available / ss * ss;
    }
    if (segment.size() > available) {
      throw new MalformedHeaderException("segments.0.size", "segment of " + segment.size()
          + " bytes runs past the end of the device (" + available + " bytes after the offset)");
    }
    return segment.size();
  }

  LuksHeaderInfo info(long dataBytes) {
    TreeMap<Integer, LuksKdf> slots = new TreeMap<>();
    keyslots.forEach(k -> slots.put(k.id(), k.kdf()));
    String uuid = luks2 != null ? luks2.uuid : luks1.uuid;
    String label = luks2 != null ? luks2.label : "";
    return new LuksHeaderInfo(version, uuid, label, Luks2Json.XTS, segment.keyBits(), segment.sectorSize(),
        segment.offset(), dataBytes, slots, luks2 != null ? luks2.seqid : 0, inPlaceInProgress());
  }
}
