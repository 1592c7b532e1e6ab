package io.diskcrypt.ade.luks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.DeviceBytes;
import java.util.Iterator;
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
    long end = 2 * h.hdrSize;
    for (JsonNode slot : slots) {
      JsonNode area = slot.path("area");
      end = Math.max(end, Long.parseLong(area.path("offset").asText("0")) + Long.parseLong(area.path("size").asText("0")));
    }
    long offset = (end + 4095) / 4096 * 4096;
    long size = ((long) volumeKey.length * Luks.STRIPES + 4095) / 4096 * 4096;
    if (offset + size > 2 * h.hdrSize + parsed.keyslotsSize) {
      throw new LuksException("no room left in the keyslots area for another keyslot");
    }
    Layout.Keyslot slot = new Layout.Keyslot(id, volumeKey.length, Luks.STRIPES, "sha256", offset, size,
        volumeKey.length, kdf, Keyslots.random(32));
    Keyslots.store(header, slot, passphrase, volumeKey);
    slots.set(Integer.toString(id), Luks2Json.keyslotNode(slot));
    digestSlots(json).add(Integer.toString(id));
    h.with(json, h.seqid + 1).write(header);
    return id;
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
    h.iterations[id] = kdf.iterations();
    h.salts[id] = Keyslots.random(32);
    h.active[id] = Luks1Header.ACTIVE;
    h.stripes[id] = Luks.STRIPES;
    int chosen = id;
    Layout.Keyslot slot = h.keyslots().stream().filter(k -> k.id() == chosen).findFirst().orElseThrow();
    Keyslots.store(header, slot, passphrase, volumeKey);
    h.write(header);
    return id;
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
