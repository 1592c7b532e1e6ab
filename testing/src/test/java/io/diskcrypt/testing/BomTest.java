package io.diskcrypt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM lists every library module of the build, at the build's version. */
class BomTest {
  private static final Path ROOT = Path.of("..");
  /** Modules that are no library: the command line, the benchmarks, the BOM itself. */
  private static final Set<String> NOT_LIBRARIES = Set.of("demo", "benchmarks", "bom");

  @Test
  void bomManagesEveryLibraryModule_atTheParentsVersion() throws IOException {
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("bom").resolve("pom.xml"));
    List<String> libraries = new ArrayList<>();
    for (String module : all(parent, "<module>([^<]+)</module>")) {
      if (!NOT_LIBRARIES.contains(module)) {
        String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
        libraries.add(all(pom.substring(pom.indexOf("</parent>")), "<artifactId>([^<]+)</artifactId>").get(0));
      }
    }

    assertThat(all(parent, "<module>([^<]+)</module>")).contains("bom");
    assertThat(all(bom, "<artifactId>(diskcrypt-[^<]+)</artifactId>\\s*<version>\\$\\{project.version}</version>"))
        .as("the BOM's entries; a new library module belongs in bom/pom.xml").containsExactlyInAnyOrderElementsOf(libraries);
    assertThat(version(bom)).isEqualTo(version(parent.substring(parent.indexOf("<artifactId>diskcrypt-sim</artifactId>"))));
  }

  private static String version(String pom) {
    return all(pom, "<version>([^<]+)</version>").get(0);
  }

  private static List<String> all(String text, String regex) {
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
