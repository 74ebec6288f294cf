package io.smartrouting.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's quickstart is the compiled Quickstart class, line for line. */
class ReadmeSnippetTest {

  @Test
  void readmeQuickstartMatchesTheCompiledExample() throws Exception {
    List<String> source = Files.readAllLines(
        Path.of("src/main/java/io/smartrouting/examples/Quickstart.java"));
    List<String> snippet = new ArrayList<>();
    boolean inside = false;
    for (String line : source) {
      if (line.contains("README-QUICKSTART-END")) {
        inside = false;
      }
      if (inside) {
        snippet.add(line.length() >= 4 ? line.substring(4) : line.strip());
      }
      if (line.contains("README-QUICKSTART-BEGIN")) {
        inside = true;
      }
    }
    assertThat(snippet).hasSizeGreaterThan(10);
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme).contains(String.join("\n", snippet));
  }
}
