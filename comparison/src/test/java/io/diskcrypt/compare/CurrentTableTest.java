package io.diskcrypt.compare;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The current edition, derived from audits, equals today's table (a copy of the table in test
 * resources), cell for cell, qualifiers included. The page's SSE column is SSE configured with a
 * customer's key ({@code sse-cmk}); {@code sse-pmk} must match it except where a customer's key is
 * the point (customer control).
 */
class CurrentTableTest {
  private static ComparisonTable current;

  /** The page's rows (its own words) to our columns. */
  private static final Map<String, Column> ROWS = Map.of(
      "Encryption at rest (OS and data disks)", Column.ENCRYPTION_AT_REST,
      "Temp disk encryption", Column.TEMP_DISK,
      "Encryption of caches", Column.CACHES,
      "Data flows encrypted between Compute and Storage", Column.LINK_ENCRYPTED,
      "Customer control of keys", Column.CUSTOMER_KEY_CONTROL,
      "HSM support", Column.HSM_SUPPORT,
      "Does not use your VM's CPU", Column.NO_VM_CPU,
      "Works for custom images", Column.CUSTOM_IMAGES,
      "Enhanced key protection", Column.ENHANCED_KEY_PROTECTION,
      "Defender for Cloud disk encryption status", Column.DEFENDER);
  /** The page's columns, in order, to our rows. */
  private static final List<String> OPTIONS = List.of("sse-cmk", "host", "ade", "cde");

  @BeforeAll
  static void derive() {
    current = Comparison.derive(Edition.CURRENT, StandardOptions.forEdition(Edition.CURRENT), id -> { });
  }

  /** Today's table: the page's row name to its four cells as written. */
  static Map<String, List<String>> todaysTable() throws IOException {
    String doc;
    try (InputStream in = CurrentTableTest.class.getResourceAsStream("/current/disk-encryption-overview-2025.md")) {
      doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : doc.split("\n")) {
      if (!line.startsWith("| ") || line.startsWith("| |")) {
        continue;
      }
      List<String> parts = new ArrayList<>(Arrays.asList(line.split("\\|", -1)));
      rows.put(parts.get(1).trim(), parts.subList(2, parts.size() - 1).stream().map(String::trim).toList());
    }
    assertThat(rows).as("rows parsed from today's table").hasSize(ROWS.size());
    return rows;
  }

  /** A derived cell in the page's words. */
  static String asWritten(Cell cell) {
    String value;
    if (cell.value() instanceof Boolean b) {
      value = b ? "yes" : "no";
      if (!b && cell.evidence().get("refusal") instanceof String refusal && refusal.contains("custom Linux images")) {
        value = "no (custom Linux images)";
      }
    } else if (cell.value() instanceof List<?> stores) {
      value = String.join(" and ", stores.stream().map(id -> switch (String.valueOf(id)) {
        case "keyVaultStandard" -> "Key Vault Standard";
        case "keyVaultPremium" -> "Key Vault Premium";
        case "managedHsm" -> "Managed HSM";
        default -> "unknown store " + id;
      }).toList());
    } else {
      value = String.valueOf(cell.value());
    }
    String bare = value;
    return cell.qualifier().map(q -> bare + ", " + q).orElse(bare);
  }

  @Test
  void everyCellEqualsTodaysTable() throws IOException {
    Map<String, List<String>> table = todaysTable();
    List<String> mismatches = new ArrayList<>();
    int compared = 0;
    for (Map.Entry<String, List<String>> row : table.entrySet()) {
      Column column = ROWS.get(row.getKey());
      assertThat(column).as("a column for the page's row '%s'", row.getKey()).isNotNull();
      for (int i = 0; i < OPTIONS.size(); i++) {
        String derived = asWritten(current.row(OPTIONS.get(i)).cell(column));
        compared++;
        if (!derived.equals(row.getValue().get(i))) {
          mismatches.add(OPTIONS.get(i) + " / " + row.getKey() + ": page says '" + row.getValue().get(i) + "', derived '" + derived
              + "' from " + current.row(OPTIONS.get(i)).cell(column).evidence());
        }
      }
    }
    assertThat(compared).isEqualTo(40);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void ssePlatformKey_matchesTheSseColumn_exceptCustomerControl() throws IOException {
    Map<String, List<String>> table = todaysTable();
    for (Map.Entry<String, List<String>> row : table.entrySet()) {
      Column column = ROWS.get(row.getKey());
      String derived = asWritten(current.row("sse-pmk").cell(column));
      assertThat(derived).as(row.getKey()).isEqualTo(column == Column.CUSTOMER_KEY_CONTROL ? "no" : row.getValue().get(0));
    }
  }

  @Test
  void theCellsFollowTheirEvidence() {
    Cell hostTemp = current.row("host").cell(Column.TEMP_DISK);
    assertThat(hostTemp.evidence().get("tempDiskKeys").toString()).startsWith("[platform-managed key");
    assertThat(current.row("host-pmk").cell(Column.TEMP_DISK).qualifier()).as("no qualifier when the disks use platform keys too").isEmpty();
    assertThat(current.row("cde").cell(Column.TEMP_DISK).evidence().get("preview").toString()).contains("preview");
    assertThat(current.row("sse-cmk").cell(Column.TEMP_DISK).evidence().get("size").toString()).contains("Standard_D4s_v3 (series v3)");
    Cell cdeProtection = current.row("cde").cell(Column.ENHANCED_KEY_PROTECTION);
    assertThat(cdeProtection.evidence().get("releaseRequiredAttestation")).isEqualTo(true);
    assertThat(cdeProtection.evidence().get("heldTheDataKey").toString()).contains("VM").contains("platform service")
        .doesNotContain("host").doesNotContain("storage cluster");
    assertThat(current.row("ade").cell(Column.ENHANCED_KEY_PROTECTION).evidence().get("releaseRequiredAttestation")).isEqualTo(false);
    assertThat(current.row("ade").cell(Column.HSM_SUPPORT).evidence().get("managedHsm").toString()).startsWith("refused");
    assertThat(current.row("sse-pmk").cell(Column.HSM_SUPPORT).evidence().get("keyVaultStandard").toString())
        .startsWith("refused").contains("is standard");
    assertThat(current.row("sse-pmk").cell(Column.HSM_SUPPORT).evidence()).containsKey("customerKeyForm");
    assertThat(current.row("cde").cell(Column.CUSTOMER_KEY_CONTROL).evidence().get("configuredWith")).isEqualTo("DES");
  }

  @Test
  void v5Row_theTempDiskIsEncryptedByThePlatform_theSseRowsKeepAV3Size() {
    Cell v5Temp = current.row("sse-pmk-v5").cell(Column.TEMP_DISK);
    assertThat(asWritten(v5Temp)).isEqualTo("yes");
    assertThat(v5Temp.evidence().get("size").toString()).contains("Standard_D4ds_v5 (series v5)");
    assertThat(v5Temp.evidence().get("tempDiskKeys").toString()).contains("platform-managed key").contains("local drive");
    assertThat(v5Temp.evidence().get("hits")).isEqualTo(0L);
    for (String sse : List.of("sse-pmk", "sse-cmk", "double")) {
      Cell temp = current.row(sse).cell(Column.TEMP_DISK);
      assertThat(asWritten(temp)).as(sse).isEqualTo("no");
      assertThat(temp.evidence().get("size").toString()).as(sse).contains("Standard_D4s_v3 (series v3)");
    }
    for (Column column : ROWS.values()) {
      if (column != Column.TEMP_DISK) {
        assertThat(asWritten(current.row("sse-pmk-v5").cell(column))).as(column.name())
            .isEqualTo(asWritten(current.row("sse-pmk").cell(column)));
      }
    }
    assertThat(StandardOptions.forEdition(Edition.E2022)).extracting(OptionSetup::id).doesNotContain("sse-pmk-v5");
    assertThat(TableRenderer.json(current)).contains("\"option\" : \"sse-pmk-v5\"");
  }

  @Test
  void renderings_carryTheNewColumnsAndQualifiers() {
    String json = TableRenderer.json(current);
    assertThat(json).contains("\"edition\" : \"current\"").contains("\"hsmSupport\"").contains("\"enhancedKeyProtection\"")
        .contains("\"qualifier\" : \"only supported with platform-managed key\"").contains("\"keyVaultPremium\", \"managedHsm\"")
        .contains("\"option\" : \"cde\"").contains("\"value\" : \"Not applicable\"");
    assertThat(TableRenderer.markdown(current)).contains("| **Confidential disk encryption (OS disk only)** |")
        .contains("Key Vault Premium and Managed HSM").contains("\u2705, in preview");
    ComparisonTable e2022 = Comparison.derive(Edition.E2022, List.of(StandardOptions.byId("sse-pmk")), id -> { });
    String both = HtmlReport.render(List.of(e2022, current));
    assertThat(both).contains("Edition 2022: the mission's table").contains("Current edition")
        .contains("id=\"ev-2022-sse-pmk-defender\"").contains("id=\"ev-current-sse-pmk-defender\"")
        .contains("id=\"ev-current-cde-hsmSupport\"").doesNotContain("id=\"ev-sse-pmk-defender\"");
    assertThat(TableRenderer.text(current)).contains("P,M").contains("n/a")
        .contains("Encryption at Host, Temp disk encryption: only supported with platform-managed key");
  }
}
