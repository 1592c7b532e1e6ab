package io.diskcrypt.ade.luks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The LUKS2 JSON metadata: builds it for a new volume and validates what a header holds. 64-bit
 * numbers are JSON strings, as the format requires; every refusal names the JSON path.
 */
final class Luks2Json {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Luks2Json() {}

  /** The mandatory requirements of a header in the middle of cryptsetup's online reencryption. */
  static final List<String> REENCRYPT_REQUIREMENTS = List.of("online-reencrypt", "online-reencrypt-v2",
      "online-reencrypt-v3");

  /**
   * What {@link #parse} found.
   *
   * @param keyslots the {@code luks2} keyslots this implementation can open, by id
   * @param unusable the other keyslots, by id, with the reason they cannot be opened here
   * @param keyslotDigest the digest each {@code luks2} keyslot is bound to
   * @param digests the digests by id
   * @param segments every segment, by id: the regular ones first, then the backups
   */
  record Parsed(SortedMap<Integer, Layout.Keyslot> keyslots, SortedMap<Integer, String> unusable,
      Map<Integer, Integer> keyslotDigest, SortedMap<Integer, Layout.Digest> digests, List<Layout.Segment> segments,
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
    seg.put("size", segment.sizeText());
    seg.put("iv_tweak", "0");
    seg.put("encryption", segment.cipher());
    seg.put("sector_size", segment.sectorSize());
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
    area.put("encryption", slot.areaCipher());
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
   * Validates the metadata of a header of {@code hdrSize} by cryptsetup's rules (its
   * {@code LUKS2_hdr_validate}): every section present and typed; numbered ids; every keyslot and
   * segment that a digest or token names exists; every crypt segment has a digest and every
   * {@code luks2} keyslot exactly one; regular segments numbered from 0 without gaps, backups after
   * them, only the last one dynamic, none overlapping; keyslot areas inside the keyslots area and not
   * overlapping; the keyslots area before the first crypt segment; a reencrypt keyslot exactly when a
   * reencryption requirement says so. What is well-formed but not supported here (an unknown kdf or
   * cipher, a reencrypt keyslot) is kept, for listing, and refused only when opening needs it.
   *
   * @throws MalformedHeaderException naming the JSON path that is missing, mistyped or inconsistent
   */
  static Parsed parse(ObjectNode root, long hdrSize) throws MalformedHeaderException {
    ObjectNode config = object(root, "config", "config");
    ObjectNode tokens = object(root, "tokens", "tokens");
    ObjectNode digestsNode = object(root, "digests", "digests");
    ObjectNode segmentsNode = object(root, "segments", "segments");
    ObjectNode keyslotsNode = object(root, "keyslots", "keyslots");

    for (Map.Entry<String, JsonNode> e : entries(tokens)) {
      String p = "tokens." + id(e.getKey(), "tokens", Integer.MAX_VALUE);
      ObjectNode t = asObject(e.getValue(), p);
      text(t, "type", p + ".type");
      references(t, "keyslots", p + ".keyslots", keyslotsNode);
    }

    SortedMap<Integer, Layout.Digest> digests = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : entries(digestsNode)) {
      int id = id(e.getKey(), "digests", Integer.MAX_VALUE);
      digests.put(id, digest(asObject(e.getValue(), "digests." + id), "digests." + id, keyslotsNode, segmentsNode));
    }

    List<Layout.Segment> segments = segments(segmentsNode, digests);

    List<String> requirements = new ArrayList<>();
    long jsonSize = u64(config, "json_size", "config.json_size");
    if (jsonSize != hdrSize - Luks2Header.BINARY_SIZE) {
      throw new MalformedHeaderException("config.json_size", "json_size " + Long.toUnsignedString(jsonSize)
          + " does not match hdr_size " + hdrSize + " minus the 4096-byte binary header");
    }
    long keyslotsSize = u64(config, "keyslots_size", "config.keyslots_size");
    if (keyslotsSize % 4096 != 0 || Long.compareUnsigned(keyslotsSize, 128L << 20) > 0) {
      throw new MalformedHeaderException("config.keyslots_size", "keyslots_size " + Long.toUnsignedString(keyslotsSize)
          + " must be a multiple of 4096 up to 128 MiB");
    }
    long areasStart = 2 * hdrSize;
    long areasEnd = areasStart + keyslotsSize;
    long firstCrypt = segments.stream().filter(Layout.Segment::isCrypt).mapToLong(Layout.Segment::offset)
        .reduce(Long.MAX_VALUE, (a, b) -> Long.compareUnsigned(a, b) <= 0 ? a : b);
    if (firstCrypt != 0 && firstCrypt != Long.MAX_VALUE && Long.compareUnsigned(firstCrypt, areasEnd) < 0) {
      throw new MalformedHeaderException("config.keyslots_size", "keyslots area [" + areasStart + ", " + areasEnd
          + ") runs into the data segment at byte " + Long.toUnsignedString(firstCrypt));
    }
    if (config.has("flags")) {
      strings(config, "flags", "config.flags");
    }
    if (config.has("requirements")) {
      ObjectNode reqs = object(config, "requirements", "config.requirements");
      if (reqs.has("mandatory")) {
        requirements.addAll(strings(reqs, "mandatory", "config.requirements.mandatory"));
      }
    }

    SortedMap<Integer, Layout.Keyslot> keyslots = new TreeMap<>();
    SortedMap<Integer, String> unusable = new TreeMap<>();
    Map<Integer, Integer> keyslotDigest = new HashMap<>();
    List<long[]> areas = new ArrayList<>();
    int reencryptSlots = 0;
    for (Map.Entry<String, JsonNode> e : entries(keyslotsNode)) {
      int id = id(e.getKey(), "keyslots", 32);
      String p = "keyslots." + id;
      ObjectNode ks = asObject(e.getValue(), p);
      String type = text(ks, "type", p + ".type");
      int keySize = integer(ks, "key_size", p + ".key_size");
      if (keySize < 0) {
        throw new MalformedHeaderException(p + ".key_size", "key_size " + keySize + " is negative");
      }
      ObjectNode area = object(ks, "area", p + ".area");
      long offset = u64(area, "offset", p + ".area.offset");
      long size = u64(area, "size", p + ".area.size");
      checkArea(p, offset, size, areasStart, areasEnd, areas);
      areas.add(new long[] {offset, size, id});
      switch (type) {
        case "luks2" -> {
          List<Integer> bound = new ArrayList<>();
          digests.forEach((d, digest) -> {
            if (digest.keyslots().contains(id)) {
              bound.add(d);
            }
          });
          if (bound.size() != 1) {
            throw new MalformedHeaderException(p, "bound to " + bound.size() + " digests " + bound
                + ": a luks2 keyslot needs exactly one");
          }
          keyslotDigest.put(id, bound.get(0));
          String why = luks2Keyslot(id, ks, p, keySize, offset, size, keyslots);
          if (why != null) {
            unusable.put(id, why);
          }
        }
        case "reencrypt" -> {
          reencryptSlots++;
          unusable.put(id, "reencrypt keyslot (mode " + ks.path("mode").asText("?") + ", direction "
              + ks.path("direction").asText("?") + ", resilience " + area.path("type").asText("?")
              + "): holds the progress of a reencryption, no key");
        }
        default -> unusable.put(id, "keyslot type '" + type + "' is not supported");
      }
    }
    boolean reencryptRequired = requirements.stream().anyMatch(REENCRYPT_REQUIREMENTS::contains);
    if (reencryptSlots > 1) {
      throw new MalformedHeaderException("keyslots", reencryptSlots + " reencrypt keyslots: at most one is allowed");
    }
    if (reencryptSlots == 1 && !reencryptRequired) {
      throw new MalformedHeaderException("config.requirements.mandatory",
          "a reencrypt keyslot without an online-reencrypt requirement");
    }
    if (reencryptSlots == 0 && reencryptRequired) {
      throw new MalformedHeaderException("keyslots", "an online-reencrypt requirement without a reencrypt keyslot");
    }
    return new Parsed(keyslots, unusable, keyslotDigest, digests, segments, requirements, keyslotsSize);
  }

  /** Refuses an area outside the keyslots area or overlapping an earlier one. */
  private static void checkArea(String p, long offset, long size, long areasStart, long areasEnd, List<long[]> areas)
      throws MalformedHeaderException {
    if (Long.compareUnsigned(offset, areasStart) < 0 || Long.compareUnsigned(offset, areasEnd) > 0) {
      throw new MalformedHeaderException(p + ".area.offset", "area at byte " + Long.toUnsignedString(offset)
          + " lies outside the keyslots area [" + areasStart + ", " + areasEnd + ")");
    }
    if (size == 0 || Long.compareUnsigned(size, areasEnd - offset) > 0) {
      throw new MalformedHeaderException(p + ".area.size", "area [" + offset + ", +" + Long.toUnsignedString(size)
          + ") is empty or runs past the keyslots area [" + areasStart + ", " + areasEnd + ")");
    }
    for (long[] other : areas) {
      if (offset < other[0] + other[1] && other[0] < offset + size) {
        throw new MalformedHeaderException(p + ".area.offset", "area [" + offset + ", " + (offset + size)
            + ") overlaps keyslot " + other[2] + "'s area [" + other[0] + ", " + (other[0] + other[1]) + ")");
      }
    }
  }

  /**
   * Parses a {@code luks2} keyslot into {@code out}, or returns why it cannot be opened here.
   *
   * @throws MalformedHeaderException for what cryptsetup also refuses, or values out of range
   */
  private static String luks2Keyslot(int id, ObjectNode ks, String p, int keySize, long offset, long size,
      SortedMap<Integer, Layout.Keyslot> out) throws MalformedHeaderException {
    if (keySize != 16 && keySize != 24 && keySize != 32 && keySize != 64) {
      throw new MalformedHeaderException(p + ".key_size", "key_size " + keySize + ": supported are 16, 24, 32 and 64");
    }
    ObjectNode af = object(ks, "af", p + ".af");
    String afType = text(af, "type", p + ".af.type");
    int stripes = integer(af, "stripes", p + ".af.stripes");
    String afHash = text(af, "hash", p + ".af.hash");
    ObjectNode area = object(ks, "area", p + ".area");
    String areaType = text(area, "type", p + ".area.type");
    String enc = text(area, "encryption", p + ".area.encryption");
    int areaKey = integer(area, "key_size", p + ".area.key_size");
    ObjectNode kdfNode = object(ks, "kdf", p + ".kdf");
    String kdfType = text(kdfNode, "type", p + ".kdf.type");
    LuksKdf kdf = null;
    switch (kdfType) {
      case "pbkdf2" -> {
        fields(kdfNode, p + ".kdf", "type", "hash", "iterations", "salt");
        kdf = kdf(p, () -> new LuksKdf(LuksKdf.Type.PBKDF2, text(kdfNode, "hash", p + ".kdf.hash"),
            integer(kdfNode, "iterations", p + ".kdf.iterations"), 0, 0));
      }
      case "argon2i", "argon2id" -> {
        fields(kdfNode, p + ".kdf", "type", "time", "memory", "cpus", "salt");
        kdf = kdf(p, () -> new LuksKdf(LuksKdf.Type.ofJsonName(kdfType), null, integer(kdfNode, "time", p + ".kdf.time"),
            integer(kdfNode, "memory", p + ".kdf.memory"), integer(kdfNode, "cpus", p + ".kdf.cpus")));
      }
      default -> {
        return "kdf '" + kdfType + "' is not supported (pbkdf2, argon2i and argon2id are)";
      }
    }
    byte[] salt = base64(kdfNode, "salt", p + ".kdf.salt");
    if (!afType.equals("luks1")) {
      return "af type '" + afType + "' is not supported (luks1 is)";
    }
    if (stripes != 4000) {
      throw new MalformedHeaderException(p + ".af.stripes", "stripes " + stripes + ": LUKS requires 4000");
    }
    try {
      Hashes.check(afHash);
    } catch (IllegalArgumentException e) {
      return "af hash: " + e.getMessage();
    }
    if (!areaType.equals("raw")) {
      return "area type '" + areaType + "' is not supported (raw is)";
    }
    LuksCipher cipher = LuksCipher.of(enc);
    if (cipher == null) {
      return "area cipher '" + enc + "' is not supported (" + String.join(", ", LuksCipher.names()) + " are)";
    }
    if (cipher.keySizeRefusal(areaKey) != null) {
      throw new MalformedHeaderException(p + ".area.key_size", cipher.keySizeRefusal(areaKey));
    }
    if (offset % 512 != 0) {
      throw new MalformedHeaderException(p + ".area.offset", "offset " + offset + " is not sector aligned");
    }
    Layout.Keyslot slot = new Layout.Keyslot(id, keySize, stripes, afHash, offset, size, enc, areaKey, kdf, salt);
    if (size < slot.splitBytes()) {
      throw new MalformedHeaderException(p + ".area.size", "area size " + size + " is smaller than the "
          + slot.splitBytes() + " bytes the split key needs");
    }
    out.put(id, slot);
    return null;
  }

  private interface KdfParse {
    LuksKdf parse() throws MalformedHeaderException;
  }

  private static LuksKdf kdf(String p, KdfParse parse) throws MalformedHeaderException {
    try {
      return parse.parse();
    } catch (IllegalArgumentException e) {
      throw new MalformedHeaderException(p + ".kdf", e.getMessage());
    }
  }

  /** Refuses an object with other fields than {@code names}, as cryptsetup's kdf validation does. */
  private static void fields(ObjectNode node, String path, String... names) throws MalformedHeaderException {
    List<String> allowed = List.of(names);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new MalformedHeaderException(path + "." + name, "unexpected field: this kdf has only " + allowed);
      }
    }
  }

  /** The segments in id order, regular ones first, checked by cryptsetup's rules. */
  private static List<Layout.Segment> segments(ObjectNode segmentsNode, SortedMap<Integer, Layout.Digest> digests)
      throws MalformedHeaderException {
    if (segmentsNode.isEmpty()) {
      throw new MalformedHeaderException("segments", "no segment");
    }
    SortedMap<Integer, Layout.Segment> byId = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : entries(segmentsNode)) {
      int id = id(e.getKey(), "segments", Integer.MAX_VALUE);
      byId.put(id, segment(id, asObject(e.getValue(), "segments." + id), digests));
    }
    int firstBackup = -1;
    for (Layout.Segment s : byId.values()) {
      if (s.isBackup()) {
        firstBackup = firstBackup < 0 ? s.id() : firstBackup;
      } else if (firstBackup >= 0) {
        throw new MalformedHeaderException("segments." + s.id() + ".flags", "regular segment " + s.id()
            + " follows backup segment " + firstBackup);
      }
    }
    if (firstBackup == 0) {
      throw new MalformedHeaderException("segments", "no regular segment, only backups");
    }
    int expected = 0;
    for (int id : byId.keySet()) {
      if (id != expected++) {
        throw new MalformedHeaderException("segments", "segment ids have a gap before " + id);
      }
    }
    List<Layout.Segment> regular = byId.values().stream().filter(s -> !s.isBackup()).toList();
    for (int i = 0; i < regular.size(); i++) {
      Layout.Segment a = regular.get(i);
      if (a.dynamic() && i != regular.size() - 1) {
        throw new MalformedHeaderException("segments." + a.id() + ".size", "only the last regular segment may be dynamic");
      }
      for (int j = 0; j < i; j++) {
        Layout.Segment b = regular.get(j);
        if (overlaps(a, b) || overlaps(b, a)) {
          throw new MalformedHeaderException("segments." + a.id() + ".offset", "segment " + a.id()
              + " overlaps segment " + b.id() + " on the device");
        }
      }
    }
    return List.copyOf(byId.values());
  }

  /** True when {@code a} starts inside {@code b}. */
  private static boolean overlaps(Layout.Segment a, Layout.Segment b) {
    return Long.compareUnsigned(a.offset(), b.offset()) >= 0
        && (b.dynamic() || Long.compareUnsigned(a.offset() - b.offset(), b.size()) < 0);
  }

  private static Layout.Segment segment(int id, ObjectNode seg, SortedMap<Integer, Layout.Digest> digests)
      throws MalformedHeaderException {
    String p = "segments." + id;
    String type = text(seg, "type", p + ".type");
    long offset = u64(seg, "offset", p + ".offset");
    boolean dynamic = text(seg, "size", p + ".size").equals("dynamic");
    long size = dynamic ? 0 : u64(seg, "size", p + ".size");
    if (!dynamic && size == 0) {
      throw new MalformedHeaderException(p + ".size", "segment size 0");
    }
    if (offset % 512 != 0) {
      throw new MalformedHeaderException(p + ".offset", "offset " + Long.toUnsignedString(offset)
          + " is not a multiple of 512");
    }
    if (size % 512 != 0) {
      throw new MalformedHeaderException(p + ".size", "size " + Long.toUnsignedString(size) + " is not a multiple of 512");
    }
    List<String> flags = seg.has("flags") ? strings(seg, "flags", p + ".flags") : List.of();
    if (!type.equals(Layout.Segment.CRYPT)) {
      return new Layout.Segment(id, type, offset, size, dynamic, null, 512, 0, flags);
    }
    long ivTweak = u64(seg, "iv_tweak", p + ".iv_tweak");
    String enc = text(seg, "encryption", p + ".encryption");
    int ss = integer(seg, "sector_size", p + ".sector_size");
    if (ss < 512 || ss > 4096 || Integer.bitCount(ss) != 1) {
      throw new MalformedHeaderException(p + ".sector_size", "sector_size " + ss
          + " is not a power of two from 512 to 4096");
    }
    if (size % ss != 0) {
      throw new MalformedHeaderException(p + ".size", "size " + Long.toUnsignedString(size)
          + " is not a multiple of sector_size " + ss);
    }
    if (seg.has("integrity")) {
      object(seg, "integrity", p + ".integrity");
    }
    if (digests.values().stream().noneMatch(d -> d.segments().contains(id))) {
      throw new MalformedHeaderException(p, "crypt segment " + id + " has no digest");
    }
    return new Layout.Segment(id, type, offset, size, dynamic, enc, ss, ivTweak, flags);
  }

  private static Layout.Digest digest(ObjectNode d, String p, ObjectNode keyslots, ObjectNode segments)
      throws MalformedHeaderException {
    String type = text(d, "type", p + ".type");
    List<Integer> slots = references(d, "keyslots", p + ".keyslots", keyslots);
    List<Integer> segs = references(d, "segments", p + ".segments", segments);
    if (!"pbkdf2".equals(type)) {
      throw new MalformedHeaderException(p + ".type", "digest type '" + type + "': only pbkdf2 is supported");
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
    return new Layout.Digest(hash, iterations, salt, value, slots, segs);
  }

  /** The ids in the string array {@code name}, each of which must name a member of {@code section}. */
  private static List<Integer> references(ObjectNode parent, String name, String path, ObjectNode section)
      throws MalformedHeaderException {
    List<Integer> ids = new ArrayList<>();
    for (String s : strings(parent, name, path)) {
      if (!section.has(s)) {
        throw new MalformedHeaderException(path, "refers to " + name.replaceAll("s$", "") + " '" + s
            + "', which does not exist");
      }
      ids.add(id(s, path, Integer.MAX_VALUE));
    }
    return ids;
  }

  private static List<Map.Entry<String, JsonNode>> entries(ObjectNode node) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    node.fields().forEachRemaining(out::add);
    return out;
  }

  private static ObjectNode asObject(JsonNode node, String path) throws MalformedHeaderException {
    if (!node.isObject()) {
      throw new MalformedHeaderException(path, "not a JSON object");
    }
    return (ObjectNode) node;
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
    if (t.isEmpty() || t.length() > 20 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new MalformedHeaderException(path, "'" + t + "' is not a decimal 64-bit number string");
    }
    try {
      return Long.parseUnsignedLong(t);
    } catch (NumberFormatException e) {
      throw new MalformedHeaderException(path, "'" + t + "' exceeds 2^64-1");
    }
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
    if (key.isEmpty() || key.length() > 9 || !key.chars().allMatch(c -> c >= '0' && c <= '9')) {
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
