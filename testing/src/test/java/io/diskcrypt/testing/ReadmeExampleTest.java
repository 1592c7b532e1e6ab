package io.diskcrypt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "Use it in your tests" class is, character for character, a test that runs here. */
class ReadmeExampleTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path EXAMPLE =
      Path.of("src", "test", "java", "io", "diskcrypt", "testing", "examples", "CustomerKeyRevocationTest.java");

  @Test
  void readmeJavaBlock_equalsTheExampleTestClass() throws IOException {
    assertThat(block(Files.readString(README), "## Use it in your tests", "```java")).isEqualTo(Files.readString(EXAMPLE));
  }

  @Test
  void readmeXmlBlock_namesThisModulesCoordinates() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    String xml = block(Files.readString(README), "## Use it in your tests", "```xml");

    assertThat(xml).contains("<groupId>io.diskcrypt</groupId>", "<artifactId>diskcrypt-testing</artifactId>",
        "<scope>test</scope>");
    assertThat(pom).contains("<artifactId>diskcrypt-testing</artifactId>");
    String version = pom.substring(pom.indexOf("<version>") + 9, pom.indexOf("</version>"));
    assertThat(xml).contains("<version>" + version + "</version>");
  }

  /** The body of the first fence opened by {@code fence} after {@code heading}. */
  private static String block(String readme, String heading, String fence) {
    int section = readme.indexOf("\n" + heading + "\n");
    assertThat(section).as("README section %s", heading).isNotNegative();
    int start = readme.indexOf("\n" + fence + "\n", section);
    assertThat(start).as("a %s block in %s", fence, heading).isNotNegative();
    start += fence.length() + 2;
    return readme.substring(start, readme.indexOf("\n```\n", start) + 1);
  }
}
