package io.smartrouting.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** routing-bom lists every published module of the build, at the build's version, and nothing else. */
class BomTest {

  /** Modules that are not published as libraries: the benchmarks, the examples and the BOM itself. */
  private static final Set<String> UNPUBLISHED = Set.of("routing-benchmarks", "routing-examples", "routing-bom");

  private static List<String> all(Pattern p, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theBomListsEveryPublishedModuleAtTheBuildsVersion() throws Exception {
    Path top = Path.of("..").toAbsolutePath().normalize();
    String parent = Files.readString(top.resolve("pom.xml"));
    String bom = Files.readString(top.resolve("routing-bom/pom.xml"));
    String version = all(Pattern.compile("<artifactId>smart-routing-parent</artifactId>\\s*<version>([^<]+)</version>"),
        parent).get(0);

    List<String> published = new ArrayList<>(all(Pattern.compile("<module>([^<]+)</module>"), parent));
    published.removeAll(UNPUBLISHED);
    List<String> listed = all(Pattern.compile("<artifactId>(routing-[^<]+)</artifactId><version>"), bom);

    assertThat(published).hasSizeGreaterThanOrEqualTo(10);
    assertThat(listed).containsExactlyInAnyOrderElementsOf(published);
    assertThat(all(Pattern.compile("<artifactId>routing-[^<]+</artifactId><version>([^<]+)</version>"), bom))
        .containsOnly(version);
    assertThat(all(Pattern.compile("<artifactId>routing-bom</artifactId>\\s*<version>([^<]+)</version>"), bom))
        .containsExactly(version);
    assertThat(bom).doesNotContain("<parent>");
  }
}
