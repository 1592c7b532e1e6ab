package io.diskcrypt.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.compare.Cell;
import io.diskcrypt.compare.Column;
import io.diskcrypt.compare.ComparisonTable;
import io.diskcrypt.compare.Edition;
import io.diskcrypt.compare.EvidenceText;
import io.diskcrypt.compare.HtmlReport;
import io.diskcrypt.compare.OptionSetup;
import io.diskcrypt.compare.Row;
import io.diskcrypt.compare.StandardOptions;
import io.diskcrypt.core.testing.ExternalTools;
import io.diskcrypt.sse.CmkScenarios;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The lab page and the HTML report in a real browser: Debian's chromium, headless, driven through
 * Debian's chromedriver (nothing is downloaded). The pages are built from real audits and attacks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTest {
  @TempDir static Path profile;
  private ComparisonTable table;
  private Path lab;
  private Path report;
  private ChromeDriver browser;

  @BeforeAll
  void buildPagesAndStartTheBrowser() throws IOException {
    Path chromium = ExternalTools.require("chromium", "chromium");
    Path chromedriver = ExternalTools.require("chromedriver", "chromium-driver");
    List<Row> rows = new ArrayList<>();
    Map<String, List<AttackResult>> attacks = new LinkedHashMap<>();
    for (OptionSetup option : StandardOptions.all()) {
      rows.add(Observed.audit(option.id()));
      attacks.put(option.id(), Observed.attacks(option.id()));
    }
    table = new ComparisonTable(Edition.E2022, Edition.E2022.columns(), rows);
    Path pages = Files.createDirectories(Path.of("target", "browser"));
    lab = pages.resolve("lab.html").toAbsolutePath();
    report = pages.resolve("report.html").toAbsolutePath();
    Files.writeString(lab, LabPage.render(table, attacks, List.of(CmkScenarios.revocation(), CmkScenarios.rotation())), StandardCharsets.UTF_8);
    Files.writeString(report, HtmlReport.render(table), StandardCharsets.UTF_8);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    // As root in a container, chromium needs --no-sandbox; the rest keep it off the network and quiet.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,1000");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  void quit() {
    if (browser != null) {
      browser.quit();
    }
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private void open(Path page, int width) {
    browser.manage().window().setSize(new Dimension(width, 900));
    browser.get(page.toUri().toString());
  }

  private String visibleMark(Column column, Cell cell) {
    String words = HtmlReport.words(column, cell);
    if (words.startsWith("yes")) {
      return "\u2713" + words.substring(3);
    }
    if (words.equals("no") || words.startsWith("no ")) {
      return "\u2717" + words.substring(2);
    }
    return words.equals("not measured") ? "-" : words;
  }

  @Test
  void labPage_revealsEveryDerivedCell_withItsEvidence() {
    open(lab, 1400);
    assertThat(browser.findElement(By.id("revealed-count")).getText()).isEqualTo("0 of 54 revealed");
    browser.findElement(By.id("reveal-all")).click();
    for (Row row : table.rows()) {
      for (Column column : table.columns()) {
        WebElement cell = browser.findElement(By.id("cell-" + row.option() + "-" + column.id()));
        assertThat(cell.getText()).as(row.option() + " " + column.id()).isEqualTo(visibleMark(column, row.cell(column)));
      }
    }
    Row cmk = table.row("sse-cmk");
    browser.findElement(By.id("cell-sse-cmk-" + Column.CUSTOMER_KEY_CONTROL.id())).click();
    assertThat(browser.findElement(By.id("evidence-text")).getText())
        .isEqualTo(EvidenceText.of(Column.CUSTOMER_KEY_CONTROL, cmk.cell(Column.CUSTOMER_KEY_CONTROL)))
        .contains("grace period");
    assertThat(browser.findElement(By.id("revealed-count")).getText()).isEqualTo("54 of 54 revealed");
  }

  @Test
  void labPage_aKeyboardUserRevealsACell() {
    open(lab, 1400);
    WebElement focused = browser.switchTo().activeElement();
    for (int i = 0; i < 60 && !"reveal".equals(focused.getAttribute("class")); i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      focused = browser.switchTo().activeElement();
    }
    assertThat(focused.getAttribute("class")).as("Tab reaches a cell").isEqualTo("reveal");
    assertThat(focused.getText()).isEqualTo("?");
    String id = focused.getAttribute("id");
    new Actions(browser).sendKeys(Keys.ENTER).perform();

    WebElement cell = browser.findElement(By.id(id));
    Row row = table.rows().get(0);
    Column column = table.columns().get(0);
    assertThat(id).isEqualTo("cell-" + row.option() + "-" + column.id());
    assertThat(cell.getText()).isEqualTo(visibleMark(column, row.cell(column)));
    assertThat(browser.findElement(By.id("evidence-text")).getText()).isEqualTo(EvidenceText.of(column, row.cell(column)));
    assertThat(browser.findElement(By.id("revealed-count")).getText()).isEqualTo("1 of 54 revealed");
  }

  @Test
  void labPage_showsPathsAttacksTimelinesAndGlossary() {
    open(lab, 1400);
    List<WebElement> paths = browser.findElements(By.cssSelector("figure.path"));
    assertThat(paths).hasSize(table.rows().size());
    // sse-pmk: the cache media holds plaintext, the storage media ciphertext, as the audit found.
    assertThat(paths.get(0).findElements(By.cssSelector("li.hop.plain")).stream().map(WebElement::getText))
        .anyMatch(t -> t.startsWith("host cache media"));
    assertThat(paths.get(0).findElements(By.cssSelector("li.hop.cipher")).stream().map(WebElement::getText))
        .anyMatch(t -> t.startsWith("storage media"));
    WebElement attacks = browser.findElements(By.cssSelector("details.attack")).get(0);
    attacks.findElement(By.tagName("summary")).click();
    assertThat(attacks.getText()).contains("replay-sector").contains("guest read: stale").contains("XTS has no freshness");
    assertThat(browser.findElement(By.id("timelines")).getText()).contains("cmk-revocation").contains("cmk-rotation");
    assertThat(browser.findElement(By.id("glossary")).getText()).contains("XTS tweak").contains("Disk encryption set").contains("Grace period");
  }

  @Test
  void everyButtonAndRegionHasAnAccessibleName_andTablesHaveCaptionsAndHeaders() {
    for (Path page : List.of(lab, report)) {
      open(page, 1400);
      for (WebElement button : browser.findElements(By.tagName("button"))) {
        assertThat(button.getAccessibleName()).as(page + " button " + button.getAttribute("id")).isNotBlank();
      }
      for (WebElement region : browser.findElements(By.cssSelector("[role=region]"))) {
        assertThat(region.getAccessibleName()).isNotBlank();
      }
      for (WebElement t : browser.findElements(By.tagName("table"))) {
        assertThat(t.findElements(By.tagName("caption"))).as(page + " table caption").hasSize(1);
        assertThat(t.findElements(By.cssSelector("th[scope=row]"))).as(page + " row headers").isNotEmpty();
      }
    }
  }

  @Test
  void report_showsEvidenceOnFocusAndClick_andAScalableChart() {
    open(report, 1400);
    new Actions(browser).sendKeys(Keys.TAB).perform();
    WebElement focused = browser.switchTo().activeElement();
    for (int i = 0; i < 10 && !"cell".equals(focused.getAttribute("class")); i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      focused = browser.switchTo().activeElement();
    }
    Row first = table.rows().get(0);
    assertThat(browser.findElement(By.id("evidence-text")).getText())
        .isEqualTo(EvidenceText.of(Column.ENCRYPTION_AT_REST, first.cell(Column.ENCRYPTION_AT_REST)));
    Row ade = table.row("ade");
    browser.findElement(By.cssSelector("button[data-evidence='ev-ade-" + Column.NO_VM_CPU.id() + "']")).click();
    assertThat(browser.findElement(By.id("evidence-text")).getText()).isEqualTo(EvidenceText.of(Column.NO_VM_CPU, ade.cell(Column.NO_VM_CPU)));

    WebElement chart = browser.findElement(By.tagName("svg"));
    assertThat(chart.getAccessibleName()).contains("Crypto CPU per byte");
    assertThat(chart.findElement(By.tagName("desc")).getAttribute("textContent")).contains("ns/B");
    int wide = chart.getRect().getWidth();
    open(report, 400);
    assertThat(browser.findElement(By.tagName("svg")).getRect().getWidth()).isLessThan(wide).isLessThanOrEqualTo(400);
  }

  @ParameterizedTest
  @CsvSource({"lab, 400", "lab, 1400", "report, 400", "report, 1400"})
  void nothingOverflows(String name, int width) {
    open(name.equals("lab") ? lab : report, width);
    js("document.querySelectorAll('details').forEach(function(d){d.open=true});"
        + "var all=document.getElementById('reveal-all'); if (all) all.click();");
    @SuppressWarnings("unchecked")
    List<String> outside = (List<String>) js("var w=document.documentElement.clientWidth, out=[];"
        + "document.querySelectorAll('body *').forEach(function(e){if(e.closest('.scroll'))return;"
        + "var r=e.getBoundingClientRect(); if(r.width>0 && (r.right>w+1 || r.left<-1)) out.push(e.tagName+'#'+e.id+'.'+e.className+' '+Math.round(r.right));});"
        + "if(document.documentElement.scrollWidth>w) out.push('document '+document.documentElement.scrollWidth+' > '+w); return out;");
    assertThat(outside).as(name + " at " + width + " px").isEmpty();
  }

  @Test
  void nothingIsRequestedFromTheNetwork_andTheScreenshotIsTaken() throws IOException {
    browser.manage().logs().get(LogType.PERFORMANCE); // drop what earlier tests left
    open(lab, 900);
    open(report, 900);
    List<String> requested = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
      String message = entry.getMessage();
      if (message.contains("\"Network.requestWillBeSent\"")) {
        int at = message.indexOf("\"url\":\"") + 7;
        requested.add(message.substring(at, message.indexOf('"', at)));
      }
    }
    assertThat(requested).as("requests").isNotEmpty().allMatch(url -> url.startsWith("file:") || url.startsWith("data:"));

    // The README's picture: the predict-the-table mode with a few cells revealed.
    open(lab, 1000);
    browser.manage().window().setSize(new Dimension(1000, 760));
    for (int i = 0; i < 12; i++) {
      browser.findElement(By.id("reveal-next")).click();
    }
    js("document.getElementById('predict-h').scrollIntoView()");
    Path shot = Path.of("target", "browser", "lab.png");
    Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }
}
