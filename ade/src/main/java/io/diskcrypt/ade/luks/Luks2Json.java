package io.diskcrypt.ade.luks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diskcrypt.core.block.SectorSize;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The LUKS2 JSON metadata: builds it for a new volume and validates what a header holds. 64-bit
 * numbers are JSON strings, as the format requires; every refusal names the JSON path.
 */
final class Luks2Json {
  static final String XTS = "aes-xts-plain64";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Luks2Json() {}

  /** What {@link #parse} found. */
  record Parsed(List<Layout.Keyslot> keyslots, Layout.Digest digest, Layout.Segment segment,
      List<String> requirements, long keyslotsSize) {}

  /** The metadata of a new volume with one keyslot, one digest and one segment. */
  static ObjectNode build(long hdrSize, long keyslotsSize, Layout.Keyslot slot, Layout.Digest digest,
      Layout.Segment segment) {
    ObjectNode root = F.objectNode();
    ObjectNode keyslots = root.putObject("keyslots");
    keyslots.set(Integer.toString(slot.id()), keyslotNode(slot));
    root.putObject("tokens");
    ObjectNode seg = root.putObject("segments").putObject("0");
    seg.put("type", "crypt");
    seg.put("offset", Long.toString(segment.offset()));
    seg.put("size", segment.size() < 0 ? "dynamic" : Long.toString(segment.size()));
    seg.put("iv_tweak", "0");
    seg.put("encryption", XTS);
    seg.put("sector_size", segment.sectorSize().bytes());
    ObjectNode dig = root.putObject("digests").putObject("0");
    dig.put("type", "pbkdf2");
    ArrayNode slots = dig.putArray("keyslots");
    digest.keyslots().forEach(k -> slots.add(Integer.toString(k)));
    dig.putArray("segments").add("0");
    dig.put("hash", digest.hash());
    dig.put("iterations", digest.iterations());
    dig.put("salt", b64(digest.salt()));
    dig.put("digest", b64(digest.value()));
    ObjectNode config = root.putObject("config");
    config.put("json_size", Long.toString(hdrSize - Luks2Header.BINARY_SIZE));
    config.put("keyslots_size", Long.toString(keyslotsSize));
    return root;
  }

  /** One keyslot as JSON. */
  static ObjectNode keyslotNode(Layout.Keyslot slot) {
    ObjectNode ks = F.objectNode();
    ks.put("type", "luks2");
    ks.put("key_size", slot.keyBytes());
    ObjectNode af = ks.putObject("af");
    af.put("type", "luks1");
    af.put("stripes", slot.stripes());
    af.put("hash", slot.afHash());
    ObjectNode area = ks.putObject("area");
    area.put("type", "raw");
    area.put("offset", Long.toString(slot.areaOffset()));
    area.put("size", Long.toString(slot.areaSize()));
    area.put("encryption", XTS);
    area.put("key_size", slot.areaKeyBytes());
    ObjectNode kdf = ks.putObject("kdf");
    kdf.put("type", slot.kdf().type().jsonName());
    if (slot.kdf().type() == LuksKdf.Type.PBKDF2) {
      kdf.put("hash", slot.kdf().hash());
      kdf.put("iterations", slot.kdf().iterations());
    } else {
      kdf.put("time", slot.kdf().iterations());
      kdf.put("memory", slot.kdf().memoryKiB());
      kdf.put("cpus", slot.kdf().parallelism());
    }
    kdf.put("salt", b64(slot.salt()));
    return ks;
  }

  /**
   * Validates the metadata of a header of {@code hdrSize}.
   *
   * @throws MalformedHeaderException naming the JSON path that is missing, mistyped or unsupported
   */
  static Parsed parse(ObjectNode root, long hdrSize) throws MalformedHeaderException {
    ObjectNode config = object(root, "config", "config");
    long jsonSize = u64(config, "json_size", "config.json_size");
    if (jsonSize != hdrSize - Luks2Header.BINARY_SIZE) {
      throw new MalformedHeaderException("config.json_size", "json_size " + jsonSize
          + " does not match hdr_size " + hdrSize + " minus the 4096-byte binary header");
    }
    long keyslotsSize = u64(config, "keyslots_size", "config.keyslots_size");
    if (keyslotsSize % 4096 != 0 || keyslotsSize > (128L << 20)) {
      throw new MalformedHeaderException("config.keyslots_size", "keyslots_size " + keyslotsSize
          + " must be a multiple of 4096 up to 128 MiB");
    }
    List<String> requirements = new ArrayList<>();
    if (config.has("requirements")) {
      JsonNode mandatory = object(config, "requirements", "config.requirements").get("mandatory");
      if (mandatory != null) {
        if (!mandatory.isArray()) {
          throw new MalformedHeaderException("config.requirements.mandatory", "not an array");
        }
        mandatory.forEach(r -> requirements.add(r.asText()));
      }
    }
    object(root, "tokens", "tokens");
    Layout.Segment segment = segment(object(root, "segments", "segments"));
    long areaStart = 2 * hdrSize;
    List<Layout.Keyslot> keyslots = new ArrayList<>();
    ObjectNode slotsNode = object(root, "keyslots", "keyslots");
    for (Iterator<Map.Entry<String, JsonNode>> it = slotsNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      int id = id(e.getKey(), "keyslots", 32);
      String path = "keyslots." + id;
      if (!e.getValue().isObject()) {
        throw new MalformedHeaderException(path, "not an object");
      }
      ObjectNode ks = (ObjectNode) e.getValue();
      if (!"luks2".equals(text(ks, "type", path + ".type"))) {
        continue; // a reencrypt keyslot holds no volume key
      }
      Layout.Keyslot slot = keyslot(id, ks, path);
      long areaEnd = areaStart + keyslotsSize;
      boolean offsetOutside = slot.areaOffset() < areaStart || slot.areaOffset() > areaEnd;
      if (offsetOutside || slot.areaSize() > areaEnd - slot.areaOffset()) {
        throw new MalformedHeaderException(path + (offsetOutside ? ".area.offset" : ".area.size"), "area [" + slot.areaOffset() + ", "
            + (slot.areaOffset() + slot.areaSize()) + ") lies outside the keyslots area [" + areaStart + ", "
            + (areaStart + keyslotsSize) + ")");
      }
      keyslots.add(slot);
    }
    Layout.Digest digest = digest(object(root, "digests", "digests"), keyslots);
    return new Parsed(keyslots, digest, segment, requirements, keyslotsSize);
  }

  private static Layout.Segment segment(ObjectNode segments) throws MalformedHeaderException {
    if (segments.size() != 1 || !segments.has("0")) {
      throw new MalformedHeaderException("segments", segments.size()
          + " segments: exactly one crypt segment \"0\" is supported (is a reencryption in progress?)");
    }
    String p = "segments.0";
    ObjectNode seg = object(segments, "0", p);
    String type = text(seg, "type", p + ".type");
    if (!type.equals("crypt")) {
      throw new MalformedHeaderException(p + ".type", "segment type '" + type + "': only crypt is supported");
    }
    long offset = u64(seg, "offset", p + ".offset");
    String sizeText = text(seg, "size", p + ".size");
    long size = sizeText.equals("dynamic") ? -1 : u64(seg, "size", p + ".size");
    if (u64(seg, "iv_tweak", p + ".iv_tweak") != 0) {
      throw new MalformedHeaderException(p + ".iv_tweak", "only iv_tweak 0 is supported");
    }
    String enc = text(seg, "encryption", p + ".encryption");
    if (!enc.equals(XTS)) {
      throw new MalformedHeaderException(p + ".encryption", "cipher '" + enc + "': only " + XTS + " is supported");
    }
    int ss = integer(seg, "sector_size", p + ".sector_size");
    if (ss != 512 && ss != 4096) {
      throw new MalformedHeaderException(p + ".sector_size", "sector_size " + ss + ": supported are 512 and 4096");
    }
    if (size == 0) {
      throw new MalformedHeaderException(p + ".size", "segment size 0");
    }
    if (offset % ss != 0 || (size >= 0 && size % ss != 0)) {
      throw new MalformedHeaderException(p + ".offset", "offset/size not aligned to sector_size " + ss);
    }
    return new Layout.Segment(offset, size, SectorSize.ofBytes(ss), 0);
  }

  private static Layout.Keyslot keyslot(int id, ObjectNode ks, String p) throws MalformedHeaderException {
    int keySize = integer(ks, "key_size", p + ".key_size");
    if (keySize != 32 && keySize != 64) {
      throw new MalformedHeaderException(p + ".key_size", "key_size " + keySize + ": supported are 32 and 64");
    }
    ObjectNode af = object(ks, "af", p + ".af");
    if (!"luks1".equals(text(af, "type", p + ".af.type"))) {
      throw new MalformedHeaderException(p + ".af.type", "only af type luks1 is supported");
    }
    int stripes = integer(af, "stripes", p + ".af.stripes");
    if (stripes != 4000) {
      throw new MalformedHeaderException(p + ".af.stripes", "stripes " + stripes + ": LUKS requires 4000");
    }
    String afHash = hash(af, p + ".af.hash");
    ObjectNode area = object(ks, "area", p + ".area");
    if (!"raw".equals(text(area, "type", p + ".area.type"))) {
      throw new MalformedHeaderException(p + ".area.type", "only area type raw is supported");
    }
    long offset = u64(area, "offset", p + ".area.offset");
    long size = u64(area, "size", p + ".area.size");
    String enc = text(area, "encryption", p + ".area.encryption");
    if (!enc.equals(XTS)) {
      throw new MalformedHeaderException(p + ".area.encryption", "cipher '" + enc + "': only " + XTS + " is supported");
    }
    int areaKey = integer(area, "key_size", p + ".area.key_size");
    if (areaKey != 32 && areaKey != 64) {
      throw new MalformedHeaderException(p + ".area.key_size", "key_size " + areaKey + ": supported are 32 and 64");
    }
    if (offset % 512 != 0) {
      throw new MalformedHeaderException(p + ".area.offset", "offset " + offset + " is not sector aligned");
    }
    ObjectNode kdfNode = object(ks, "kdf", p + ".kdf");
    String kdfType = text(kdfNode, "type", p + ".kdf.type");
    LuksKdf kdf;
    try {
      LuksKdf.Type type = LuksKdf.Type.ofJsonName(kdfType);
      kdf = type == LuksKdf.Type.PBKDF2
          ? new LuksKdf(type, text(kdfNode, "hash", p + ".kdf.hash"), integer(kdfNode, "iterations", p + ".kdf.iterations"), 0, 0)
          : new LuksKdf(type, null, integer(kdfNode, "time", p + ".kdf.time"),
              integer(kdfNode, "memory", p + ".kdf.memory"), integer(kdfNode, "cpus", p + ".kdf.cpus"));
    } catch (IllegalArgumentException e) {
      throw new MalformedHeaderException(p + ".kdf", e.getMessage());
    }
    byte[] salt = base64(kdfNode, "salt", p + ".kdf.salt");
    Layout.Keyslot slot = new Layout.Keyslot(id, keySize, stripes, afHash, offset, size, areaKey, kdf, salt);
    if (size < slot.splitBytes()) {
      throw new MalformedHeaderException(p + ".area.size", "area size " + size + " is smaller than the "
          + slot.splitBytes() + " bytes the split key needs");
    }
    return slot;
  }

  private static Layout.Digest digest(ObjectNode digests, List<Layout.Keyslot> keyslots)
      throws MalformedHeaderException {
    for (Iterator<Map.Entry<String, JsonNode>> it = digests.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = "digests." + id(e.getKey(), "digests", 32);
      if (!e.getValue().isObject()) {
        throw new MalformedHeaderException(p, "not an object");
      }
      ObjectNode d = (ObjectNode) e.getValue();
      if (!"pbkdf2".equals(text(d, "type", p + ".type"))) {
        throw new MalformedHeaderException(p + ".type", "only digest type pbkdf2 is supported");
      }
      List<String> segs = strings(d, "segments", p + ".segments");
      if (!segs.contains("0")) {
        continue;
      }
      List<Integer> slots = new ArrayList<>();
      for (String s : strings(d, "keyslots", p + ".keyslots")) {
        slots.add(id(s, p + ".keyslots", 32));
      }
      String hash = hash(d, p + ".hash");
      int iterations = integer(d, "iterations", p + ".iterations");
      if (iterations < 1) {
        throw new MalformedHeaderException(p + ".iterations", "iterations " + iterations + " must be positive");
      }
      byte[] salt = base64(d, "salt", p + ".salt");
      byte[] value = base64(d, "digest", p + ".digest");
      if (value.length == 0 || value.length > Hashes.digest(hash).getDigestSize()) {
        throw new MalformedHeaderException(p + ".digest", "digest of " + value.length + " bytes does not fit " + hash);
      }
      return new Layout.Digest(hash, iterations, salt, value, slots);
    }
    throw new MalformedHeaderException("digests", "no digest covers segment 0");
  }

  static ObjectNode object(ObjectNode parent, String name, String path) throws MalformedHeaderException {
    JsonNode n = parent.get(name);
    if (n == null) {
      throw new MalformedHeaderException(path, "missing");
    }
    if (!n.isObject()) {
      throw new MalformedHeaderException(path, "not a JSON object");
    }
    return (ObjectNode) n;
  }

  static String text(ObjectNode parent, String name, String path) throws MalformedHeaderException {
    JsonNode n = parent.get(name);
    if (n == null) {
      throw new MalformedHeaderException(path, "missing");
    }
    if (!n.isTextual()) {
      throw new MalformedHeaderException(path, "not a JSON string");
    }
    return n.textValue();
  }

  static long u64(ObjectNode parent, String name, String path) throws MalformedHeaderException {
    String t = text(parent, name, path);
    if (t.isEmpty() || t.length() > 19 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new MalformedHeaderException(path, "'" + t + "' is not a decimal 64-bit number string below 2^63");
    }
    return Long.parseLong(t);
  }

  static int integer(ObjectNode parent, String name, String path) throws MalformedHeaderException {
    JsonNode n = parent.get(name);
    if (n == null) {
      throw new MalformedHeaderException(path, "missing");
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new MalformedHeaderException(path, "not a JSON integer in the 32-bit range");
    }
    return n.intValue();
  }

  private static String hash(ObjectNode parent, String path) throws MalformedHeaderException {
    String h = text(parent, "hash", path);
    try {
      Hashes.check(h);
    } catch (IllegalArgumentException e) {
      throw new MalformedHeaderException(path, e.getMessage());
    }
    return h;
  }

  private static byte[] base64(ObjectNode parent, String name, String path) throws MalformedHeaderException {
    try {
      byte[] b = Base64.getDecoder().decode(text(parent, name, path));
      if (b.length == 0) {
        throw new MalformedHeaderException(path, "empty");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw new MalformedHeaderException(path, "not base64: " + e.getMessage());
    }
  }

  private static List<String> strings(ObjectNode parent, String name, String path) throws MalformedHeaderException {
    JsonNode n = parent.get(name);
    if (n == null || !n.isArray()) {
      throw new MalformedHeaderException(path, n == null ? "missing" : "not a JSON array");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw new MalformedHeaderException(path, "holds a non-string element");
      }
      out.add(e.textValue());
    }
    return out;
  }

  private static int id(String key, String path, int limit) throws MalformedHeaderException {
    if (key.isEmpty() || key.length() > 2 || !key.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new MalformedHeaderException(path, "id '" + key + "' is not a number below " + limit);
    }
    int id = Integer.parseInt(key);
    if (id >= limit) {
      throw new MalformedHeaderException(path, "id " + id + " is not below " + limit);
    }
    return id;
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
