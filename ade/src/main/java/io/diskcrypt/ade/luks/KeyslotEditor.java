package io.diskcrypt.ade.luks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceBytes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Adds and removes keyslots on a header, as {@code cryptsetup luksAddKey} / {@code luksKillSlot} do. */
final class KeyslotEditor {
  private KeyslotEditor() {}

  /** Stores {@code volumeKey} under {@code passphrase} in a free keyslot; returns its id. */
  static int add(BlockDevice header, ParsedHeader parsed, byte[] volumeKey, byte[] passphrase, LuksKdf kdf)
      throws LuksException {
    return parsed.version == LuksVersion.LUKS2
        ? addLuks2(header, parsed, volumeKey, passphrase, kdf)
        : addLuks1(header, parsed, volumeKey, passphrase, kdf);
  }

  private static int addLuks2(BlockDevice header, ParsedHeader parsed, byte[] volumeKey, byte[] passphrase,
      LuksKdf kdf) throws LuksException {
    Luks2Header h = parsed.luks2;
    ObjectNode json = h.json.deepCopy();
    ObjectNode slots = json.with("keyslots");
    int id = 0;
    while (slots.has(Integer.toString(id))) {
      id++;
    }
    if (id >= 32) {
      throw new LuksException("all 32 LUKS2 keyslots are in use");
    }
    long size = ((long) volumeKey.length * Luks.STRIPES + 4095) / 4096 * 4096;
    long offset = freeLuks2Area(h, parsed.keyslotsSize, size);
    requireFree(header, parsed, offset, size);
    Layout.Keyslot slot = new Layout.Keyslot(id, volumeKey.length, Luks.STRIPES, "sha256", offset, size,
        LuksCipher.AES_XTS_PLAIN64.spec(), volumeKey.length, kdf, Keyslots.random(32));
    Keyslots.store(header, slot, passphrase, volumeKey);
    slots.set(Integer.toString(id), Luks2Json.keyslotNode(slot));
    digestSlots(json).add(Integer.toString(id));
    h.with(json, h.seqid + 1).write(header);
    return id;
  }

  /**
   * The first gap of {@code size} bytes (4 KiB aligned) between the areas of every keyslot the header
   * lists, inside the keyslots area, as cryptsetup's LUKS2_find_area_gap finds it.
   */
  private static long freeLuks2Area(Luks2Header h, long keyslotsSize, long size) throws LuksException {
    List<long[]> used = new ArrayList<>();
    for (JsonNode slot : h.json.with("keyslots")) {
      JsonNode area = slot.path("area");
      used.add(new long[] {Long.parseLong(area.path("offset").asText()), Long.parseLong(area.path("size").asText())});
    }
    used.sort(Comparator.comparingLong(a -> a[0]));
    long areasEnd = 2 * h.hdrSize + keyslotsSize;
    long candidate = 2 * h.hdrSize;
    for (long[] a : used) {
      if (candidate + size <= a[0]) {
        break;
      }
      candidate = Math.max(candidate, (a[0] + a[1] + 4095) / 4096 * 4096);
    }
    if (candidate + size > areasEnd) {
      throw new LuksException("no room left in the keyslots area [" + 2 * h.hdrSize + ", " + areasEnd
          + ") for another keyslot of " + size + " bytes");
    }
    return candidate;
  }

  private static int addLuks1(BlockDevice header, ParsedHeader parsed, byte[] volumeKey, byte[] passphrase,
      LuksKdf kdf) throws LuksException {
    Luks1Header h = parsed.luks1;
    if (kdf.type() != LuksKdf.Type.PBKDF2) {
      throw new IllegalArgumentException("kdf " + kdf.type().jsonName() + ": LUKS1 allows only pbkdf2");
    }
    int id = 0;
    while (id < Luks1Header.SLOTS && h.active[id] == Luks1Header.ACTIVE) {
      id++;
    }
    if (id == Luks1Header.SLOTS) {
      throw new LuksException("all 8 LUKS1 keyslots are in use");
    }
    // the inactive slot's stored offset was validated with every other keyslot's when the header was
    // read (Luks1Header.checkKeyslotAreas); it is checked once more against what it must not touch
    Layout.Keyslot slot = new Layout.Keyslot(id, volumeKey.length, Luks.STRIPES, h.hashSpec,
        h.materialOffsetSectors[id] * 512, ((long) volumeKey.length * Luks.STRIPES + 511) / 512 * 512,
        h.cipher.spec(), volumeKey.length, new LuksKdf(LuksKdf.Type.PBKDF2, h.hashSpec, kdf.iterations(), 0, 0),
        Keyslots.random(32));
    requireFree(header, parsed, slot.areaOffset(), slot.splitBytes());
    Keyslots.store(header, slot, passphrase, volumeKey);
    h.iterations[id] = kdf.iterations();
    h.salts[id] = slot.salt();
    h.active[id] = Luks1Header.ACTIVE;
    h.stripes[id] = Luks.STRIPES;
    h.write(header);
    return id;
  }

  /**
   * Refuses to write key material at {@code [offset, offset + size)} unless it is a free keyslot area:
   * past the header copies, inside the header device, clear of every other keyslot's area and of
   * every data segment on the same device.
   */
  private static void requireFree(BlockDevice header, ParsedHeader parsed, long offset, long size) throws LuksException {
    long headerEnd = parsed.version == LuksVersion.LUKS2 ? 2 * parsed.luks2.hdrSize : Luks1Header.SIZE;
    String where = "[" + offset + ", " + (offset + size) + ")";
    if (offset < headerEnd || offset + size > header.sizeBytes()) {
      throw new LuksException("refused to write key material at " + where + ": outside the keyslot areas of a "
          + header.sizeBytes() + "-byte header device");
    }
    if (parsed.version == LuksVersion.LUKS1) {
      for (int i = 0; i < Luks1Header.SLOTS; i++) {
        long o = parsed.luks1.materialOffsetSectors[i] * 512;
        if (parsed.luks1.active[i] == Luks1Header.ACTIVE && offset < o + size && o < offset + size) {
          throw new LuksException("refused to write key material at " + where + ": keyslot " + i + " is there");
        }
      }
    } else {
      for (JsonNode slot : parsed.luks2.json.with("keyslots")) {
        long o = Long.parseLong(slot.path("area").path("offset").asText());
        long n = Long.parseLong(slot.path("area").path("size").asText());
        if (offset < o + n && o < offset + size) {
          throw new LuksException("refused to write key material at " + where + ": a keyslot's area [" + o + ", "
              + (o + n) + ") is there");
        }
      }
    }
    for (Layout.Segment s : parsed.allSegments) {
      long end = s.dynamic() ? Long.MAX_VALUE : s.offset() + s.size();
      boolean attached = s.offset() != 0 || parsed.version == LuksVersion.LUKS1 && parsed.luks1.payloadOffsetSectors != 0;
      if (attached && offset < end && s.offset() < offset + size) {
        throw new LuksException("refused to write key material at " + where + ": data segment " + s.id()
            + " starts at byte " + s.offset());
      }
    }
  }

  /** Wipes keyslot {@code id}'s area, then drops it from the header; the last keyslot is never removed. */
  static void remove(BlockDevice header, ParsedHeader parsed, int id) throws LuksException {
    Layout.Keyslot slot = parsed.keyslots.stream().filter(k -> k.id() == id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("keyslot " + id + " is not active: active are "
            + parsed.keyslots.stream().map(Layout.Keyslot::id).toList()));
    if (parsed.keyslots.size() == 1) {
      throw new LuksException("keyslot " + id + " is the last one: removing it would lose the volume key and all data");
    }
    // Wipe the key material first, as cryptsetup luksKillSlot does: a crash before the header is
    // rewritten leaves a slot that no longer opens, never key material the header has forgotten.
    DeviceBytes.write(header, slot.areaOffset(), new byte[(int) slot.splitBytes()]);
    header.flush();
    if (parsed.version == LuksVersion.LUKS2) {
      Luks2Header h = parsed.luks2;
      ObjectNode json = h.json.deepCopy();
      json.with("keyslots").remove(Integer.toString(id));
      ArrayNode slots = digestSlots(json);
      for (int i = slots.size() - 1; i >= 0; i--) {
        if (slots.get(i).asText().equals(Integer.toString(id))) {
          slots.remove(i);
        }
      }
      h.with(json, h.seqid + 1).write(header);
    } else {
      Luks1Header h = parsed.luks1;
      h.active[id] = Luks1Header.INACTIVE;
      h.iterations[id] = 0;
      h.salts[id] = new byte[32];
      h.write(header);
    }
    header.flush();
  }

  private static ArrayNode digestSlots(ObjectNode json) {
    for (Iterator<Map.Entry<String, JsonNode>> it = json.with("digests").fields(); it.hasNext(); ) {
      JsonNode d = it.next().getValue();
      for (JsonNode s : d.path("segments")) {
        if (s.asText().equals("0")) {
          return (ArrayNode) d.get("keyslots");
        }
      }
    }
    throw new IllegalStateException("validated header lost its segment digest");
  }
}
