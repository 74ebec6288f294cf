package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The corpus of broken configurations in {@code src/test/resources/broken}: each file must fail to load with exactly
 * the errors in its {@code .expected} file (one {@link ConfigError} per line: file:line:column: path: message (was
 * value)), all of them, in document order. A failing case writes what it got to {@code target/broken-actual}.
 */
class BrokenConfigTest {

  private static final Path DIR = Path.of("src", "test", "resources", "broken");

  @TestFactory
  Stream<DynamicTest> everyBrokenConfigurationFailsWithExactlyItsExpectedErrors() throws IOException {
    List<Path> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      files.filter(p -> !p.toString().endsWith(".expected")).sorted().forEach(docs::add);
    }
    assertThat(docs).as("the corpus has at least 40 broken configurations").hasSizeGreaterThanOrEqualTo(40);
    return docs.stream().map(doc -> DynamicTest.dynamicTest(doc.getFileName().toString(), () -> check(doc)));
  }

  private static void check(Path doc) throws IOException {
    String name = doc.getFileName().toString();
    String content = Files.readString(doc, StandardCharsets.UTF_8);
    String actual;
    try {
      RoutingConfig.parse(content, name);
      actual = "(loaded without errors)\n";
    } catch (ConfigException e) {
      StringBuilder sb = new StringBuilder();
      for (ConfigError error : e.errors()) {
        sb.append(error).append('\n');
      }
      actual = sb.toString();
    }
    Path expectedFile = doc.resolveSibling(name + ".expected");
    if (!Files.exists(expectedFile) || !Files.readString(expectedFile, StandardCharsets.UTF_8).equals(actual)) {
      Path out = Path.of("target", "broken-actual", name + ".expected");
      Files.createDirectories(out.getParent());
      Files.writeString(out, actual, StandardCharsets.UTF_8);
      if (!Files.exists(expectedFile)) {
        fail("no " + expectedFile + "; got:\n" + actual);
      }
    }
    assertThat(actual).as(name).isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8));
  }

  @Test
  void theExceptionMessageShowsEachErrorsLineWithACaret() {
    String doc = "version: 1\nreps:\n  - {id: ana, territories: [US]}\nchain:\n  - strategy: round-robin\n"
        + "    when: \"employees >= 'many'\"\n";
    try {
      RoutingConfig.parse(doc, "r.yaml");
      fail("should not load");
    } catch (ConfigException e) {
      assertThat(e.getMessage()).isEqualTo("1 error in the routing configuration\n"
          + "  r.yaml:6:25: chain[0].when: 'employees' is a number, so compare it with a number, not many (column 14"
          + " of the expression) (was 'employees >= 'many'')\n"
          + "          when: \"employees >= 'many'\"\n"
          + "                              ^");
    }
  }
}
