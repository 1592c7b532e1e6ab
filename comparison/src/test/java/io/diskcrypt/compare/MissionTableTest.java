package io.diskcrypt.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The table derived from audits equals the mission document's table (a copy of
 * shared/mission/managed-disk-encryption-overview.md in test resources), cell for cell.
 */
class MissionTableTest {
  private static ComparisonTable derived2022;

  @BeforeAll
  static void derive() {
    derived2022 = Comparison.derive(Edition.E2022, StandardOptions.all(), id -> { });
  }

  /** The mission's rows: label to the eight cells as written (check, cross, or text). */
  static Map<String, List<String>> missionTable() throws IOException {
    String doc;
    try (InputStream in = MissionTableTest.class.getResourceAsStream("/mission/managed-disk-encryption-overview.md")) {
      doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : doc.split("\n")) {
      if (!line.startsWith("| **")) {
        continue;
      }
      List<String> parts = new ArrayList<>(Arrays.asList(line.split("\\|", -1)));
      String label = parts.get(1).trim().replace("**", "");
      List<String> cells = parts.subList(2, parts.size() - 1).stream().map(String::trim).map(MissionTableTest::normalise).toList();
      rows.put(label, cells);
    }
    assertThat(rows).as("rows parsed from the mission's table").hasSize(4);
    return rows;
  }

  private static String normalise(String cell) {
    if (cell.equals("&#x2705;")) {
      return "true";
    }
    if (cell.startsWith("&#10060;")) {
      return "false";
    }
    return cell;
  }

  private static String derivedValue(Row row, Column column) {
    return String.valueOf(row.cell(column).value());
  }

  @Test
  void derivedTable_equalsTheMissionTable_cellForCell() throws IOException {
    Map<String, List<String>> mission = missionTable();
    List<Column> missionColumns = Arrays.stream(Column.values()).filter(Column::mission).toList();

    for (var entry : mission.entrySet()) {
      Row row = derived2022.rows().stream().filter(r -> r.label().equals(entry.getKey())).findFirst().orElseThrow(
          () -> new AssertionError("no derived row labelled " + entry.getKey()));
      List<String> derived = missionColumns.stream().map(c -> derivedValue(row, c)).toList();
      assertThat(derived).as("row %s (evidence %s)", entry.getKey(), row.cells()).isEqualTo(entry.getValue());
    }
  }

  @Test
  void missionRowsComeFirst_inTheIssueOrder_thenTheExtraRows() {
    assertThat(derived2022.rows()).extracting(Row::option)
        .containsExactly("sse-pmk", "sse-cmk", "ade", "host", "double", "host-pmk");
  }

  @Test
  void everyScanCell_carriesScannedAndHits() {
    for (Row row : derived2022.rows()) {
      for (Column c : List.of(Column.ENCRYPTION_AT_REST, Column.TEMP_DISK, Column.CACHES, Column.LINK_ENCRYPTED)) {
        assertThat(row.cell(c).evidence()).as("%s %s", row.option(), c.id()).containsKeys("scanned", "hits");
        assertThat((long) row.cell(c).evidence().get("scanned")).as("%s %s", row.option(), c.id()).isPositive();
      }
    }
  }

  @Test
  void extraRows_doubleEncryptionAndPlatformOnlyHost() {
    Row hostPmk = derived2022.row("host-pmk");
    assertThat(hostPmk.cell(Column.CUSTOMER_KEY_CONTROL).isTrue()).isFalse();
    assertThat(hostPmk.cell(Column.TEMP_DISK).isTrue()).isTrue();
    Row dbl = derived2022.row("double");
    assertThat(dbl.cell(Column.ENCRYPTION_AT_REST).isTrue()).isTrue();
    assertThat(dbl.cell(Column.CACHES).isTrue()).isFalse();
    assertThat(dbl.cell(Column.CUSTOMER_KEY_CONTROL).isTrue()).isTrue();
  }

  @Test
  void currentEdition_detectsEncryptionAtHost() {
    ComparisonTable current = Comparison.derive(Edition.CURRENT, List.of(StandardOptions.byId("host"), StandardOptions.byId("sse-pmk")), id -> { });
    assertThat(current.row("host").cell(Column.DEFENDER).value()).isEqualTo("Healthy");
    assertThat(current.row("sse-pmk").cell(Column.DEFENDER).value()).isEqualTo("Unhealthy");
  }

  @Test
  void renderings_carryEveryRowAndTheEvidence() {
    assertThat(TableRenderer.json(derived2022)).contains("\"edition\" : \"2022\"").contains("\"encryptionAtRest\"")
        .contains("\"scanned\"").contains("\"vmCpu\"");
    assertThat(TableRenderer.markdown(derived2022)).contains("| **Encryption at Host** |");
    String html = HtmlReport.render(derived2022);
    // Self-contained: nothing to fetch (the SVG namespace URI is a name, not a request); the one
    // script is inline.
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("<script>")
        .doesNotContain("<script src", "src=", "<link", "@import", "url(");
  }

  /**
   * Every cell of the 2022 edition, extras included, as the text table prints it. The mission's columns
   * are pinned above; this pins the extras too. Issue 18 changed one cell: ADE's rotation cell was "-"
   * (not measured) and is now measured: a new KEK version with ADE enabled again re-wraps the secret and
   * changes no stored sector.
   */
  @Test
  void textTable2022_everyCell() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("sse-pmk", "✅ ❌ ❌ ❌ ❌ ✅ ✅ UNH ✅");
    expected.put("sse-cmk", "✅ ❌ ❌ ❌ ✅ ✅ ✅ UNH ✅");
    expected.put("ade", "✅ ✅ ✅ ✅ ✅ ❌ ❌ ok ✅");
    expected.put("host", "✅ ✅ ✅ ✅ ✅ ✅ ✅ UNH ✅");
    expected.put("double", "✅ ❌ ❌ ❌ ✅ ✅ ✅ UNH ✅");
    expected.put("host-pmk", "✅ ✅ ✅ ✅ ❌ ✅ ✅ UNH ✅");

    Map<String, List<String>> text = textMarks(derived2022);
    expected.forEach((option, marks) ->
        assertThat(String.join(" ", text.get(option))).as(option).isEqualTo(marks));
    assertThat(derived2022.row("ade").cell(Column.ROTATION_REWRAPS_ONLY).evidence())
        .containsEntry("storageSectorsChanged", 0L).containsEntry("readsBackAfterRotation", true);
  }

  /** The text table and the JSON say the same of every cell, in both editions ("-" is null). */
  @Test
  void textAndJson_agreeOnEveryCell_inBothEditions() throws IOException {
    for (ComparisonTable table : List.of(derived2022,
        Comparison.derive(Edition.CURRENT, StandardOptions.all(), id -> { }))) {
      Map<String, List<String>> text = textMarks(table);
      JsonNode json = new ObjectMapper().readTree(TableRenderer.json(table));
      for (JsonNode row : json.get("rows")) {
        String option = row.get("option").asText();
        List<String> marks = text.get(option);
        for (int i = 0; i < table.columns().size(); i++) {
          JsonNode value = row.get("cells").get(table.columns().get(i).id()).get("value");
          assertThat(textOf(value)).as("%s %s %s", table.edition().id(), option, table.columns().get(i).id())
              .isEqualTo(marks.get(i));
        }
      }
    }
  }

  private static String textOf(JsonNode value) {
    if (value.isNull()) {
      return "-";
    }
    if (value.isBoolean()) {
      return value.asBoolean() ? "✅" : "❌";
    }
    if (value.isArray()) {
      // The current edition's HSM support: the stores that worked, one letter each in the text.
      List<String> letters = new ArrayList<>();
      value.forEach(store -> letters.add(Map.of("keyVaultStandard", "S", "keyVaultPremium", "P", "managedHsm", "M").get(store.asText())));
      return letters.isEmpty() ? "❌" : String.join(",", letters);
    }
    return value.asText().equals("Healthy") ? "ok" : value.asText().startsWith("Unhealthy") ? "UNH"
        : value.asText().equals("Not applicable") ? "n/a" : value.asText();
  }

  /** The marks of each row of the text rendering, by option id. */
  private static Map<String, List<String>> textMarks(ComparisonTable table) {
    Map<String, List<String>> marks = new LinkedHashMap<>();
    List<String> lines = Arrays.asList(TableRenderer.text(table).split("\n"));
    for (Row row : table.rows()) {
      String line = lines.stream().filter(l -> l.startsWith(row.label() + " ")).findFirst().orElseThrow();
      marks.put(row.option(), Arrays.asList(line.substring(row.label().length()).trim().split("\\s+")));
    }
    return marks;
  }
}
