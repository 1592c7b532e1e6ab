package io.diskcrypt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code explain}, {@code attack} and {@code scenario} as a class uses them: repeatable with --seed. */
class LabCommandsTest {
  @AutoClose private final Console console = new Console();

  private String run(String... args) {
    assertThat(console.run(new byte[0], args)).as(String.join(" ", args) + ": " + console.err).isZero();
    return console.out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void explainWithASeed_printsTheSameTextTwice() {
    String first = run("explain", "--seed", "1", "sse-pmk");
    assertThat(run("explain", "--seed", "1", "sse-pmk")).isEqualTo(first);
    assertThat(run("explain", "--seed", "2", "sse-pmk")).isNotEqualTo(first);
  }

  @Test
  void explainCde_walksTheOsDisk_encryptedInTheGuestAfterAttestation_andNoGuestStateKeyAtStorage() {
    String text = run("explain", "cde");
    assertThat(text).contains("Confidential disk encryption (OS disk only) (cde)").contains("sector 2048 of os (os disk")
        .contains(">>> ENCRYPTED in the guest, by its full-disk encryption (confidential disk encryption: the key was released after attestation)")
        .contains("sealed to the vTPM of VM cde").contains("paid by: the VM's vCPU (512 bytes of crypto in this write)")
        .doesNotContain("'cvm-");
  }

  @Test
  void explain_walksThePathInOrder_andMarksTheOneEncryptingHop() {
    String text = run("explain", "sse-pmk");
    List<String> hops = text.lines().filter(l -> l.matches(" ?\\d\\. .*")).toList();
    assertThat(hops).extracting(l -> l.substring(4, 48).trim()).containsExactly(
        "guest: the workload writes", "virtual disk: what the VM sends to the host", "host cache media",
        "compute-storage link", "storage media", "guest: reads the sector back");
    assertThat(hops).extracting(l -> l.endsWith("CIPHERTEXT"))
        .containsExactly(false, false, false, false, true, false);
    assertThat(text.lines().filter(l -> l.contains(">>> ENCRYPTED"))).containsExactly(
        "    >>> ENCRYPTED at the storage cluster's front end (server-side encryption)");
    assertThat(text).contains("paid by: storage cluster (512 bytes of crypto in this write)")
        .contains("data key 'sse-dek' wrapped by platform://");
  }

  @Test
  void explainAde_explainsTheLuksOffsetAndTheSecondLayer() {
    String text = run("explain", "ade");
    assertThat(text).contains("The sector moved from 2048 to 34816").contains("(the LUKS data offset)")
        .contains("ENCRYPTED in the guest").contains("key: LUKS volume key of")
        .contains("the storage cluster encrypts again beneath the guest's encryption");
  }

  @Test
  void explainDouble_showsTwoPassesAtTheStorageCluster() {
    String text = run("explain", "double");
    assertThat(text).contains("encrypted this sector 2 times").contains("2 passes over the 512-byte sector")
        .contains("'sse-infrastructure-dek'");
  }

  @Test
  void explainText_isWhatTheGuestWrites() {
    String text = run("explain", "none", "--disk", "temp", "--text", "Hello, class!");
    assertThat(text).contains("|Hello, class!...|").contains("host temp-disk media")
        .doesNotContain("ENCRYPTED").doesNotContain("CIPHERTEXT");
  }

  @Test
  void explainText_longerThanASector_isRefused() {
    assertThat(console.run(new byte[0], "explain", "none", "--text", "x".repeat(513))).isEqualTo(2);
    assertThat(console.err.toString(StandardCharsets.UTF_8)).contains("--text is 513 bytes: at most one sector, 512 bytes");
  }

  @Test
  void attackJson_listsEveryAttacker_andRepeatsWithASeed() throws Exception {
    String json = run("attack", "sse-cmk", "--json", "--seed", "3");
    assertThat(run("attack", "sse-cmk", "--json", "--seed", "3")).isEqualTo(json);
    JsonNode root = new ObjectMapper().readTree(json);
    assertThat(root.get("option").asText()).isEqualTo("sse-cmk");
    List<String> attackers = new ArrayList<>();
    root.get("attacks").forEach(a -> {
      attackers.add(a.get("attacker").asText());
      assertThat(a.has("sawPlaintext")).isNotEqualTo(a.has("guestRead"));
      assertThat(a.get("detail").asText()).isNotBlank();
    });
    assertThat(attackers).containsExactly("steal-media", "read-cache", "sniff-link", "read-temp", "flip-bit",
        "swap-sectors", "replay-sector", "stolen-media-revoked-key");
    assertThat(root.get("attacks").get(0).get("sawPlaintext").asBoolean()).isFalse();
    assertThat(root.get("attacks").get(4).get("guestRead").asText()).isEqualTo("garbled-block");
  }

  @Test
  void attackText_saysWhatEachAttackerSaw() {
    String text = run("attack", "sse-pmk");
    assertThat(text).contains("steal-media               saw ciphertext only")
        .contains("read-cache                SAW PLAINTEXT")
        .contains("replay-sector             guest read: stale")
        .doesNotContain("stolen-media-revoked-key");
  }

  @Test
  void scenarioWithASeed_printsTheSameTimelineTwice() {
    String first = run("scenario", "cmk-rotation", "--seed", "1");
    assertThat(run("scenario", "cmk-rotation", "--seed", "1")).isEqualTo(first);
  }
}
