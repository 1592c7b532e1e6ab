package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceBytes;
import io.diskcrypt.core.block.SectorSize;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** A validated LUKS1 or LUKS2 header in version-neutral form, plus the LUKS2 tree for rewriting. */
final class ParsedHeader {
  /** The mandatory requirement that marks an unfinished in-place encryption (see {@link InPlaceEncryption}). */
  static final String IN_PLACE_REQUIREMENT = "diskcrypt-inplace-encrypt";

  final LuksVersion version;
  final Luks2Header luks2;
  final Luks1Header luks1;
  /** The keyslots that can open the data: bound to {@link #digest}, with a supported kdf and cipher. */
  final List<Layout.Keyslot> keyslots;
  /** Every other keyslot, with the reason it cannot open the data here. */
  final SortedMap<Integer, String> unusable;
  /** The digest of the data's key, or null when no digest covers a crypt segment. */
  final Layout.Digest digest;
  /** The regular segments in order: together, the decrypted data device. */
  final List<Layout.Segment> segments;
  /** Every segment, backups included, for listing. */
  final List<Layout.Segment> allSegments;
  /** The first regular segment. */
  final Layout.Segment segment;
  final List<String> requirements;
  final long keyslotsSize;
  /** The volume key size in bits, 0 when no keyslot tells it. */
  final int keyBits;

  private ParsedHeader(LuksVersion version, Luks2Header luks2, Luks1Header luks1, List<Layout.Keyslot> keyslots,
      SortedMap<Integer, String> unusable, Layout.Digest digest, List<Layout.Segment> allSegments,
      List<String> requirements, long keyslotsSize, int keyBits) {
    this.version = version;
    this.luks2 = luks2;
    this.luks1 = luks1;
    this.keyslots = List.copyOf(keyslots);
    this.unusable = Collections.unmodifiableSortedMap(new TreeMap<>(unusable));
    this.digest = digest;
    this.allSegments = List.copyOf(allSegments);
    this.segments = allSegments.stream().filter(s -> !s.isBackup()).toList();
    this.segment = segments.get(0);
    this.requirements = List.copyOf(requirements);
    this.keyslotsSize = keyslotsSize;
    this.keyBits = keyBits;
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
      return new ParsedHeader(LuksVersion.LUKS1, null, h, h.keyslots(), new TreeMap<>(), h.digest(),
          List.of(h.segment()), List.of(), 0, h.keyBytes * 8);
    }
    Luks2Header h = Luks2Header.read(device);
    return fromLuks2(h, h.parsed());
  }

  /**
   * The version-neutral form of a validated LUKS2 header. The data's digest is the one that covers the
   * regular crypt segments (or, while an encryption has not started, the final backup segment); only
   * keyslots bound to it can open the data.
   */
  static ParsedHeader fromLuks2(Luks2Header h, Luks2Json.Parsed p) throws MalformedHeaderException {
    List<Layout.Segment> regular = p.segments().stream().filter(s -> !s.isBackup()).toList();
    List<Layout.Segment> crypt = regular.stream().filter(Layout.Segment::isCrypt).toList();
    if (crypt.isEmpty()) {
      crypt = p.segments().stream().filter(s -> s.isCrypt() && s.flags().contains("backup-final")).toList();
    }
    Integer digestId = null;
    for (Layout.Segment s : crypt) {
      Integer d = p.digests().entrySet().stream().filter(e -> e.getValue().segments().contains(s.id()))
          .map(java.util.Map.Entry::getKey).findFirst().orElseThrow();
      if (digestId != null && !digestId.equals(d)) {
        throw new MalformedHeaderException("segments." + s.id(), "crypt segments under different keys (digests "
            + digestId + " and " + d + "): a reencryption to a new key is not supported");
      }
      digestId = d;
    }
    Layout.Digest digest = digestId == null ? null : p.digests().get(digestId);
    List<Layout.Keyslot> usable = new ArrayList<>();
    SortedMap<Integer, String> unusable = new TreeMap<>(p.unusable());
    for (Layout.Keyslot k : p.keyslots().values()) {
      if (digestId != null && digestId.equals(p.keyslotDigest().get(k.id()))) {
        usable.add(k);
      } else {
        unusable.put(k.id(), "bound to digest " + p.keyslotDigest().get(k.id())
            + ", not to the data's (an unbound key)");
      }
    }
    int keyBits = usable.isEmpty() ? 0 : usable.get(0).keyBytes() * 8;
    for (Layout.Keyslot k : usable) {
      if (k.keyBytes() * 8 != keyBits) {
        throw new MalformedHeaderException("keyslots." + k.id() + ".key_size", "differs from the other keyslots'");
      }
    }
    return new ParsedHeader(LuksVersion.LUKS2, h, null, usable, unusable, digest, p.segments(), p.requirements(),
        p.keyslotsSize(), keyBits);
  }

  boolean inPlaceInProgress() {
    return requirements.contains(IN_PLACE_REQUIREMENT);
  }

  /** True while cryptsetup's online reencryption (here: encryption) of the volume has not finished. */
  boolean reencryptionInProgress() {
    return requirements.stream().anyMatch(Luks2Json.REENCRYPT_REQUIREMENTS::contains);
  }

  /**
   * Why the data cannot be read through this header, or null when it can: a segment type, cipher,
   * key size or sector size this implementation does not support, or an unknown requirement.
   */
  String unreadable() {
    List<String> unknown = requirements.stream().filter(r -> !r.equals(IN_PLACE_REQUIREMENT)
        && !Luks2Json.REENCRYPT_REQUIREMENTS.contains(r)).toList();
    if (!unknown.isEmpty()) {
      return "config.requirements.mandatory: unsupported requirements " + unknown;
    }
    if (digest == null) {
      return "digests: no digest covers a crypt segment";
    }
    int sectorSize = dataSectorSize();
    for (Layout.Segment s : segments) {
      String p = (version == LuksVersion.LUKS1 ? "" : "segments." + s.id() + ".");
      if (!s.isCrypt() && !s.type().equals(Layout.Segment.LINEAR)) {
        return p + "type: segment type '" + s.type() + "' is not supported (crypt and linear are)";
      }
      if (s.isCrypt()) {
        LuksCipher cipher = LuksCipher.of(s.cipher());
        if (cipher == null) {
          return p + "encryption: cipher '" + s.cipher() + "' is not supported (" + String.join(", ",
              LuksCipher.names()) + " are)";
        }
        if (keyBits != 0 && cipher.keySizeRefusal(keyBits / 8) != null) {
          return p + "encryption: " + cipher.keySizeRefusal(keyBits / 8);
        }
        if (s.sectorSize() != 512 && s.sectorSize() != 4096) {
          return p + "sector_size: sector_size " + s.sectorSize() + " is not supported (512 and 4096 are)";
        }
        if (s.ivTweak() % (s.sectorSize() / 512) != 0) {
          return p + "iv_tweak: iv_tweak " + s.ivTweak() + " is not on a sector of " + s.sectorSize() + " bytes";
        }
      }
      if (!s.dynamic() && s.size() % sectorSize != 0) {
        return p + "size: segment of " + s.sizeText() + " bytes is not whole " + sectorSize + "-byte sectors";
      }
    }
    return null;
  }

  /** The sector size of the decrypted device: the crypt segments'. */
  int dataSectorSize() {
    return segments.stream().filter(Layout.Segment::isCrypt).mapToInt(Layout.Segment::sectorSize).max()
        .orElse(allSegments.stream().filter(Layout.Segment::isCrypt).mapToInt(Layout.Segment::sectorSize).max()
            .orElse(512));
  }

  /** The cipher of the data, for display: the crypt segments'. */
  String dataCipher() {
    return allSegments.stream().filter(Layout.Segment::isCrypt).map(Layout.Segment::cipher).findFirst().orElse("none");
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
    for (Layout.Segment s : segments) {
      if (Long.compareUnsigned(s.offset(), metadataEnd) < 0) {
        throw new MalformedHeaderException(version == LuksVersion.LUKS1 ? "payloadOffset" : "segments." + s.id() + ".offset",
            "data at byte " + s.offset() + " would overlap the header and keyslots, which end at byte "
                + metadataEnd + " (is this a detached header?)");
      }
    }
  }

  /**
   * The size of the decrypted data area on {@code data}: the regular segments one after the other.
   *
   * @throws MalformedHeaderException when a segment lies outside the device, or the data area is empty
   */
  long dataBytes(BlockDevice data) throws MalformedHeaderException {
    long total = 0;
    for (Layout.Segment s : segments) {
      String field = version == LuksVersion.LUKS1 ? "payloadOffset" : "segments." + s.id();
      long available = Long.compareUnsigned(s.offset(), data.sizeBytes()) >= 0 ? 0 : data.sizeBytes() - s.offset();
      if (s.dynamic()) {
        long ss = dataSectorSize();
        if (available < ss) {
          throw new MalformedHeaderException(field + (version == LuksVersion.LUKS1 ? "" : ".offset"), "data offset "
              + Long.toUnsignedString(s.offset()) + " leaves no data area on a device of " + data.sizeBytes() + " bytes");
        }
        total += available / ss * ss;
      } else {
        if (Long.compareUnsigned(s.size(), available) > 0) {
          throw new MalformedHeaderException(field + ".size", "segment of " + s.sizeText() + " bytes at byte "
              + Long.toUnsignedString(s.offset()) + " runs past the end of the device (" + available
              + " bytes after the offset)");
        }
        total += s.size();
      }
    }
    return total;
  }

  /** {@link #dataBytes}, or 0 when the segments do not fit the device: for listing a header. */
  long dataBytesOrZero(BlockDevice data) {
    try {
      return dataBytes(data);
    } catch (MalformedHeaderException e) {
      return 0;
    }
  }

  LuksHeaderInfo info(long dataBytes) {
    TreeMap<Integer, LuksKdf> slots = new TreeMap<>();
    keyslots.forEach(k -> slots.put(k.id(), k.kdf()));
    String uuid = luks2 != null ? luks2.uuid : luks1.uuid;
    String label = luks2 != null ? luks2.label : "";
    List<LuksSegmentInfo> listed = allSegments.stream().map(s -> new LuksSegmentInfo(s.id(), s.type(), s.offset(),
        s.size(), s.dynamic(), s.cipher() == null ? "" : s.cipher(), s.sectorSize(), s.ivTweak(), s.flags()))
        .toList();
    return new LuksHeaderInfo(version, uuid, label, dataCipher(), keyBits, sectorSizeOrDefault(),
        segment.offset(), dataBytes, slots, unusable, listed, requirements, luks2 != null ? luks2.seqid : 0,
        inPlaceInProgress() || reencryptionInProgress());
  }

  private SectorSize sectorSizeOrDefault() {
    int ss = dataSectorSize();
    return ss == 4096 ? SectorSize.S4096 : SectorSize.S512;
  }
}
