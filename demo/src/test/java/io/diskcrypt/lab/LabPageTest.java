package io.diskcrypt.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.compare.Column;
import io.diskcrypt.compare.ComparisonTable;
import io.diskcrypt.compare.Edition;
import io.diskcrypt.compare.HtmlReport;
import io.diskcrypt.compare.OptionSetup;
import io.diskcrypt.compare.Row;
import io.diskcrypt.compare.StandardOptions;
import io.diskcrypt.sse.CmkScenarios;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lab page and the report as files, without a browser: self-contained, every cell present. */
class LabPageTest {
  private static ComparisonTable table;
  private static String page;

  @BeforeAll
  static void render() {
    List<Row> rows = StandardOptions.all().stream().map(o -> Observed.audit(o.id())).toList();
    Map<String, List<AttackResult>> attacks = new LinkedHashMap<>();
    for (OptionSetup option : StandardOptions.all()) {
      attacks.put(option.id(), Observed.attacks(option.id()));
    }
    table = new ComparisonTable(Edition.E2022, Edition.E2022.columns(), rows);
    page = LabPage.render(table, attacks, List.of(CmkScenarios.revocation(), CmkScenarios.rotation()));
  }

  @Test
  void pagesLoadNothingFromOutside() {
    for (String html : List.of(page, HtmlReport.render(table))) {
      assertThat(html).contains("<meta name=\"viewport\"")
          .doesNotContain("<link").doesNotContain(" src=").doesNotContain("url(").doesNotContain("@import")
          .doesNotContain("href=\"http").doesNotContain("title=\"");
    }
  }

  @Test
  void everyDerivedCellCanBeRevealed_andTheTimelinesSayNoExceptionNames() {
    for (Row row : table.rows()) {
      for (Column column : table.columns()) {
        assertThat(page).contains("id=\"cell-" + row.option() + "-" + column.id() + "\"");
      }
    }
    assertThat(page).contains("<caption id=\"predict-caption\">").contains("<th scope=\"row\">")
        .contains("cmk-revocation").contains("cmk-rotation").doesNotContain("Exception</span>")
        .contains(">I/O failed</span>").contains(">start refused: key is disabled</span>");
  }
}
