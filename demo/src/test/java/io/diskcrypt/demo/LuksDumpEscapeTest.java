package io.diskcrypt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.ade.luks.LuksHeaderInfo;
import io.diskcrypt.ade.luks.LuksSegmentInfo;
import io.diskcrypt.ade.luks.LuksVersion;
import io.diskcrypt.core.block.SectorSize;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code luks dump} prints what a crafted header says without letting it forge lines: every string
 * field read from the image (label, UUID, cipher, requirements, segment type, cipher and flags, the
 * reason a keyslot is not usable) has its control and line-breaking characters escaped.
 */
@Tag("reliability")
class LuksDumpEscapeTest {

  @Test
  void print_fieldsWithControlCharacters_neverForgeALine() {
    String forge = "x\nKeyslots:\n  7: pbkdf2\u2028\u001b[2J";
    TreeMap<Integer, String> other = new TreeMap<>();
    other.put(3, "kdf '" + forge + "' unknown");
    LuksSegmentInfo segment = new LuksSegmentInfo(0, "crypt" + forge, 16384, 1 << 20, false,
        "aes-xts-plain64" + forge, 512, 0, List.of("backup" + forge));
    LuksHeaderInfo info = new LuksHeaderInfo(LuksVersion.LUKS2, "uuid" + forge, "label" + forge,
        "aes-xts-plain64" + forge, 512, SectorSize.S512, 16384, 1 << 20, new TreeMap<>(), other,
        List.of(segment, segment), List.of("online-reencrypt" + forge), 1, false);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LuksCommand.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), info);
    String dump = bytes.toString(StandardCharsets.UTF_8);

    assertThat(dump).doesNotContain("\u001b").doesNotContain("\u2028");
    assertThat(dump.lines().filter(l -> l.startsWith("Keyslots:"))).hasSize(1);
    assertThat(dump.lines().filter(l -> l.startsWith("  7:"))).isEmpty();
    assertThat(dump).contains("Label:          labelx\\u000aKeyslots:\\u000a  7: pbkdf2\\u2028\\u001b[2J");
  }
}
