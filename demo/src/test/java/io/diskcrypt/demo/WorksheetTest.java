package io.diskcrypt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The worksheet's answer key (docs/lab.md) quotes the tool: each quote must be in the worksheet and
 * in what the command prints, so the key cannot drift from the tool.
 */
class WorksheetTest {
  @AutoClose private final Console console = new Console();

  private static String words(String text) {
    return text.replaceAll("\\s+", " ");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
    "explain sse-pmk --seed 1 | >>> ENCRYPTED at the storage cluster's front end (server-side encryption)",
    "explain sse-pmk --seed 1 | paid by: storage cluster (512 bytes of crypto in this write)",
    "explain host --seed 1 | The same ciphertext as in the cache: the host encrypted once, above its cache.",
    "explain host --seed 1 | The storage cluster keeps the ciphertext it received as it is.",
    "explain host --disk temp --seed 1 | the VM's temp-disk data key, wrapped by platform-managed key platform://",
    "explain ade --seed 1 | The sector moved from 2048 to 34816: the guest's encrypted volume starts 32768 sectors (16 MiB) into the disk, behind its header (the LUKS data offset).",
    "explain ade --seed 1 | Two layers: the storage cluster encrypts again beneath the guest's encryption, so the storage media's ciphertext differs from the link's.",
    "explain double --seed 1 | 1,024 bytes (2 passes over the 512-byte sector)",
    "explain double --seed 1 | Double encryption: the storage cluster encrypted this sector 2 times, with independent data keys.",
    "attack sse-pmk --seed 1 | steal-media saw ciphertext only",
    "attack sse-pmk --seed 1 | guest read: garbled-block",
    "attack sse-pmk --seed 1 | 1 of its 32 16-byte blocks differs from what it wrote; in that block",
    "attack sse-pmk --seed 1 | the rest of the sector is intact: XTS garbles the one block that holds the bit and detects nothing",
    "attack sse-pmk --seed 1 | neither sector's data: XTS binds each sector to its position (the tweak), so a moved sector decrypts to garbage",
    "attack sse-pmk --seed 1 | version 1, bit-exact: XTS has no freshness, an old ciphertext is still a valid one",
    "attack none --seed 1 | the change is exactly the bit the attacker chose",
    "attack none --seed 1 | holds sector 4098's data, readable but misplaced",
    "attack sse-cmk --seed 1 | stolen-media-revoked-key saw ciphertext only",
    "attack sse-cmk --seed 1 | customer-managed key is disabled",
    "scenario cmk-revocation --seed 1 | read 64 sectors; grace period",
    "scenario cmk-revocation --seed 1 | I/O failed",
    "scenario cmk-revocation --seed 1 | start refused: key is disabled",
    "scenario cmk-revocation --seed 1 | 64 of 64 sectors bit-exact",
    "scenario cmk-rotation --seed 1 | data sectors re-encrypted: 0",
    "scenario cmk-rotation --seed 1 | vm1 is RUNNING: not rebooted by the rotation",
  })
  void theAnswerKeyQuotesTheTool(String command, String quote) throws IOException {
    String worksheet = words(Files.readString(Path.of("..", "docs", "lab.md"), StandardCharsets.UTF_8));
    assertThat(worksheet).as("docs/lab.md quotes it").contains(quote);
    assertThat(console.run(new byte[0], command.split(" "))).as(command).isZero();
    assertThat(words(console.out.toString(StandardCharsets.UTF_8))).as(command + " prints it").contains(quote);
  }
}
