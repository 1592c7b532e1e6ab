package io.diskcrypt.ade.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diskcrypt.core.block.DeviceBytes;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.media.SparseMedia;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * cryptsetup's LUKS2 metadata rules (lib/luks2/luks2_json_metadata.c, luks2_disk_metadata.c), one
 * crafted header per rule, checksums valid: what cryptsetup refuses is refused naming the JSON path;
 * what it accepts but we cannot open is listed by {@link Luks#inspect} and refused by {@link Luks#open}
 * with the reason.
 */
@Tag("reliability")
class Luks2ValidationTest {
  private static final byte[] PASSPHRASE = "passphrase".getBytes(StandardCharsets.US_ASCII);

  /** A LUKS2 volume with keyslots 0 and 1 (areas at 32768 and 290816). */
  private static SparseMedia twoKeyslots() throws Exception {
    SparseMedia disk = new SparseMedia("disk", 17L << 20, SectorSize.S512);
    try (LuksVolume v = Luks.format(disk, PASSPHRASE, LuksFormatOptions.fastForTests())) {
      v.addKeyslot("second".getBytes(StandardCharsets.US_ASCII), LuksKdf.pbkdf2(1000));
    }
    return disk;
  }

  private static void edit(SparseMedia disk, Consumer<ObjectNode> change) throws Exception {
    for (long offset : HeaderSurgery.BOTH) {
      HeaderSurgery.json(disk, offset, change);
    }
  }

  private static ObjectNode obj(ObjectNode root, String... path) {
    ObjectNode n = root;
    for (String p : path) {
      n = n.with(p);
    }
    return n;
  }

  private static ObjectNode extraSegment(ObjectNode json, String id, String type, String offset, String size) {
    ObjectNode s = obj(json, "segments", id);
    s.put("type", type);
    s.put("offset", offset);
    s.put("size", size);
    return s;
  }

  static Stream<Arguments> refusedRules() {
    return Stream.of(
        rule("digest names a keyslot that does not exist", "digests.0.keyslots",
            j -> ((ArrayNode) obj(j, "digests", "0").get("keyslots")).add("7")),
        rule("digest names a segment that does not exist", "digests.0.segments",
            j -> ((ArrayNode) obj(j, "digests", "0").get("segments")).add("3")),
        rule("token names a keyslot that does not exist", "tokens.0.keyslots", j -> {
          ObjectNode t = obj(j, "tokens", "0");
          t.put("type", "luks2-keyring");
          t.putArray("keyslots").add("5");
        }),
        rule("token without type", "tokens.0.type", j -> obj(j, "tokens", "0").putArray("keyslots")),
        rule("keyslot bound to no digest", "keyslots.1",
            j -> ((ArrayNode) obj(j, "digests", "0").get("keyslots")).remove(1)),
        rule("keyslot bound to two digests", "keyslots.0", j -> {
          ObjectNode copy = obj(j, "digests", "0").deepCopy();
          copy.putArray("keyslots").add("0");
          copy.putArray("segments");
          obj(j, "digests").set("1", copy);
        }),
        rule("overlapping keyslot areas", "keyslots.1.area.offset",
            j -> obj(j, "keyslots", "1", "area").put("offset", "36864")),
        rule("keyslot area past the keyslots area", "keyslots.1.area.size",
            j -> obj(j, "keyslots", "1", "area").put("size", "33554432")),
        rule("keyslot area of size 0", "keyslots.1.area.size", j -> obj(j, "keyslots", "1", "area").put("size", "0")),
        rule("segment flags not an array", "segments.0.flags", j -> obj(j, "segments", "0").put("flags", "backup-final")),
        rule("segment flag not a string", "segments.0.flags", j -> obj(j, "segments", "0").putArray("flags").add(7)),
        rule("only backup segments", "segments", j -> obj(j, "segments", "0").putArray("flags").add("backup-final")),
        rule("regular segment after a backup", "segments.2.flags", j -> {
          obj(j, "segments", "0").put("size", "1048576").putArray("flags").add("backup-previous");
          extraSegment(j, "1", "linear", "17825792", "1048576");
          extraSegment(j, "2", "linear", "18874368", "1048576");
          obj(j, "segments", "0").remove("flags");
          obj(j, "segments", "1").putArray("flags").add("backup-moved-segment");
        }),
        rule("gap in segment ids", "segments", j -> {
          obj(j, "segments", "0").put("size", "1048576");
          extraSegment(j, "2", "linear", "17825792", "1048576");
        }),
        rule("dynamic segment before the last", "segments.0.size",
            j -> extraSegment(j, "1", "linear", "33554432", "1048576")),
        rule("overlapping regular segments", "segments.1.offset", j -> {
          obj(j, "segments", "0").put("size", "1048576");
          extraSegment(j, "1", "linear", "17301504", "1048576");
        }),
        rule("crypt segment without a digest", "segments.1", j -> {
          obj(j, "segments", "0").put("size", "1048576");
          ObjectNode s = extraSegment(j, "1", "crypt", "17825792", "dynamic");
          s.put("iv_tweak", "0");
          s.put("encryption", "aes-xts-plain64");
          s.put("sector_size", 512);
        }),
        rule("segment offset not on 512 bytes", "segments.0.offset", j -> obj(j, "segments", "0").put("offset", "16777217")),
        rule("segment size not on the sector size", "segments.0.size", j -> {
          obj(j, "segments", "0").put("sector_size", 4096);
          obj(j, "segments", "0").put("size", "1536");
        }),
        rule("segment size above 2^64-1", "segments.0.size",
            j -> obj(j, "segments", "0").put("size", "18446744073709551616")),
        rule("keyslots area running into the data", "config.keyslots_size",
            j -> obj(j, "config").put("keyslots_size", "16777216")),
        rule("reencrypt keyslot without the requirement", "config.requirements.mandatory", j -> {
          ObjectNode r = obj(j, "keyslots", "2");
          r.put("type", "reencrypt");
          r.put("key_size", 1);
          r.put("mode", "encrypt");
          ObjectNode area = r.putObject("area");
          area.put("type", "none");
          area.put("offset", "548864");
          area.put("size", "4096");
        }),
        rule("reencrypt requirement without the keyslot", "keyslots",
            j -> obj(j, "config", "requirements").putArray("mandatory").add("online-reencrypt-v2")),
        rule("pbkdf2 kdf with an argon2 field", "keyslots.0.kdf.memory", j -> obj(j, "keyslots", "0", "kdf").put("memory", 1024)),
        rule("config flags not strings", "config.flags", j -> obj(j, "config").putArray("flags").add(1)));
  }

  private static Arguments rule(String name, String field, Consumer<ObjectNode> change) {
    return Arguments.of(name, field, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedRules")
  void craftedHeader_cryptsetupRule_refusedNamingThePath(String name, String field, Consumer<ObjectNode> change)
      throws Exception {
    SparseMedia disk = twoKeyslots();
    edit(disk, change);
    assertThatThrownBy(() -> Luks.inspect(disk, disk)).as(name)
        .isInstanceOfSatisfying(MalformedHeaderException.class, e -> assertThat(e.field()).isEqualTo(field));
    assertThatThrownBy(() -> Luks.open(disk, PASSPHRASE)).as(name).isInstanceOf(MalformedHeaderException.class);
  }

  @Test
  void unchangedTwoKeyslotHeader_isAccepted() throws Exception {
    SparseMedia disk = twoKeyslots();
    edit(disk, j -> { });
    assertThat(Luks.inspect(disk, disk).keyslots()).containsOnlyKeys(0, 1);
  }

  /** The JSON area as cryptsetup's validate_json_area checks it. */
  static Stream<Arguments> jsonAreas() {
    return Stream.of(
        Arguments.of("a non-zero byte after the text", (Consumer<byte[]>) area -> area[area.length - 5] = 'x'),
        Arguments.of("a space before the '{'", (Consumer<byte[]>) area -> shift(area, ' ')),
        Arguments.of("a newline after the '}'", (Consumer<byte[]>) area -> area[indexOfNul(area)] = '\n'));
  }

  private static void shift(byte[] area, char first) {
    System.arraycopy(area, 0, area, 1, area.length - 1);
    area[0] = (byte) first;
    area[area.length - 1] = 0;
  }

  private static int indexOfNul(byte[] area) {
    for (int i = 0; i < area.length; i++) {
      if (area[i] == 0) {
        return i;
      }
    }
    throw new AssertionError("no NUL");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonAreas")
  void jsonArea_withBytesCryptsetupForbids_refused(String name, Consumer<byte[]> change) throws Exception {
    SparseMedia disk = twoKeyslots();
    for (long offset : HeaderSurgery.BOTH) {
      byte[] area = DeviceBytes.read(disk, offset + Luks2Header.BINARY_SIZE, (int) Luks.LUKS2_HDR_SIZE - 4096);
      change.accept(area);
      HeaderSurgery.jsonText(disk, offset, area);
    }
    assertThatThrownBy(() -> Luks.inspect(disk, disk)).as(name)
        .isInstanceOfSatisfying(MalformedHeaderException.class, e -> assertThat(e.field()).isEqualTo("json"));
  }

  @Test
  void unknownKdf_listedByInspect_openRefusesNamingIt() throws Exception {
    SparseMedia disk = twoKeyslots();
    edit(disk, j -> {
      ObjectNode kdf = obj(j, "keyslots", "0", "kdf");
      kdf.removeAll();
      kdf.put("type", "argon2");
      kdf.put("salt", "c2FsdA==");
    });
    LuksHeaderInfo info = Luks.inspect(disk, disk);
    assertThat(info.keyslots()).containsOnlyKeys(1);
    assertThat(info.otherKeyslots()).containsOnlyKeys(0);
    assertThat(info.otherKeyslots().get(0)).contains("kdf 'argon2' is not supported");
    assertThatThrownBy(() -> Luks.open(disk, PASSPHRASE)).isInstanceOf(WrongPassphraseException.class)
        .hasMessageContaining("tried keyslots [1]").hasMessageContaining("keyslot 0: kdf 'argon2' is not supported");
    Luks.open(disk, "second".getBytes(StandardCharsets.US_ASCII)).close();
  }

  @Test
  void onlyKeyslotWithUnknownKdf_openSaysNoneCanBeTried() throws Exception {
    SparseMedia disk = new SparseMedia("disk", 17L << 20, SectorSize.S512);
    Luks.format(disk, PASSPHRASE, LuksFormatOptions.fastForTests()).close();
    edit(disk, j -> obj(j, "keyslots", "0", "kdf").put("type", "scrypt"));
    assertThat(Luks.inspect(disk, disk).otherKeyslots()).containsOnlyKeys(0);
    assertThatThrownBy(() -> Luks.open(disk, PASSPHRASE)).isInstanceOf(LuksException.class)
        .hasMessageContaining("can be tried").hasMessageContaining("kdf 'scrypt' is not supported");
  }

  static Stream<Arguments> unreadable() {
    return Stream.of(
        Arguments.of("segments.0.encryption", "twofish", (Consumer<ObjectNode>) j -> obj(j, "segments", "0")
            .put("encryption", "twofish-xts-plain64")),
        Arguments.of("segments.0.encryption", "does not fit aes-cbc-essiv", (Consumer<ObjectNode>) j -> obj(j, "segments", "0")
            .put("encryption", "aes-cbc-essiv:sha256")),
        Arguments.of("segments.0.sector_size", "1024", (Consumer<ObjectNode>) j -> obj(j, "segments", "0")
            .put("sector_size", 1024)),
        Arguments.of("config.requirements.mandatory", "opal", (Consumer<ObjectNode>) j -> obj(j, "config", "requirements")
            .putArray("mandatory").add("opal")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("unreadable")
  void wellFormedButUnreadable_listedByInspect_refusedByOpenWithTheReason(String field, String reason,
      Consumer<ObjectNode> change) throws Exception {
    SparseMedia disk = twoKeyslots();
    edit(disk, change);
    assertThat(Luks.inspect(disk, disk).keyslots()).containsOnlyKeys(0, 1);
    assertThatThrownBy(() -> Luks.open(disk, PASSPHRASE))
        .isInstanceOfSatisfying(MalformedHeaderException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(reason);
  }

  @Test
  void segmentOfTheLargestSize_listed_openRefusesItForTheDevice() throws Exception {
    SparseMedia disk = twoKeyslots();
    String largest = Long.toUnsignedString(-512L); // 2^64 - 512, the largest size on 512-byte sectors
    edit(disk, j -> obj(j, "segments", "0").put("size", largest));
    LuksHeaderInfo info = Luks.inspect(disk, disk);
    assertThat(Long.toUnsignedString(info.segments().get(0).size())).isEqualTo(largest);
    assertThat(info.dataBytes()).isZero();
    assertThatThrownBy(() -> Luks.open(disk, PASSPHRASE))
        .isInstanceOfSatisfying(MalformedHeaderException.class, e -> assertThat(e.field()).isEqualTo("segments.0.size"))
        .hasMessageContaining("runs past the end of the device");
  }

  @Test
  void headerLeavingNoDataArea_listed_openRefused() throws Exception {
    SparseMedia formatted = twoKeyslots();
    SparseMedia exact = new SparseMedia("exactly the metadata", Luks.LUKS2_METADATA_BYTES, SectorSize.S512);
    exact.write(0, DeviceBytes.read(formatted, 0, 1 << 20));
    LuksHeaderInfo info = Luks.inspect(exact, exact);
    assertThat(info.dataBytes()).isZero();
    assertThat(info.dataOffset()).isEqualTo(Luks.LUKS2_METADATA_BYTES);
    assertThatThrownBy(() -> Luks.open(exact, PASSPHRASE)).isInstanceOf(MalformedHeaderException.class)
        .hasMessageContaining("leaves no data area");
  }

  @Test
  void severalSegments_listedInOrder_withBackupsAndFlags() throws Exception {
    SparseMedia disk = twoKeyslots();
    edit(disk, j -> {
      obj(j, "segments", "0").put("size", "524288");
      extraSegment(j, "1", "linear", "17301504", "dynamic");
      extraSegment(j, "2", "linear", "0", "1048576").putArray("flags").add("backup-previous");
    });
    LuksHeaderInfo info = Luks.inspect(disk, disk);
    assertThat(info.segments()).extracting(LuksSegmentInfo::type).containsExactly("crypt", "linear", "linear");
    assertThat(info.segments().get(2).backup()).isTrue();
    assertThat(info.dataBytes()).isEqualTo(1L << 20);
    byte[] before = DeviceBytes.read(disk, 17301504, 4096);
    try (LuksVolume v = Luks.open(disk, PASSPHRASE)) {
      byte[] plain = v.read(Ledger.VCPU, 524288, 4096);
      assertThat(plain).as("the linear segment reads as it lies on the device").isEqualTo(before);
    }
  }

  @Test
  void detachedLuks2Header_nonZeroIvTweak_readsThroughTheTweak() throws Exception {
    SparseMedia header = new SparseMedia("hdr", 16L << 20, SectorSize.S512);
    SparseMedia data = new SparseMedia("data", 2L << 20, SectorSize.S512);
    byte[] written = new byte[8192];
    Arrays.fill(written, (byte) 0x3c);
    try (LuksVolume v = Luks.formatDetached(header, data, PASSPHRASE, LuksFormatOptions.fastForTests())) {
      v.write(Ledger.VCPU, 1 << 20, written);
    }
    // the same ciphertext, described as a segment that starts 1 MiB (2048 IV units) into the device;
    // the keyslots area shrinks to end before it, as cryptsetup requires
    edit(header, j -> {
      obj(j, "segments", "0").put("offset", "1048576").put("iv_tweak", "2048");
      obj(j, "config").put("keyslots_size", "262144");
    });
    try (LuksVolume v = Luks.openDetached(header, data, PASSPHRASE)) {
      assertThat(v.read(Ledger.VCPU, 0, written.length)).isEqualTo(written);
    }
  }
}
