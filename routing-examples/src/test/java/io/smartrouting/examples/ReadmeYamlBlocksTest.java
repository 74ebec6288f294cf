package io.smartrouting.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.config.ConfigError;
import io.smartrouting.config.RoutingConfig;
import io.smartrouting.core.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every routing document the README and the sections' full text ({@code docs/}) show is one the configuration module
 * takes: each YAML block with a top-level {@code chain:} (a document, not a fragment of one or Spring's
 * {@code application.yaml}) is loaded from a file, with a rep added when it lists none and the files it names beside
 * it, and must load without an error and build a router. A key renamed, a strategy, an expression or a setting the
 * configuration no longer takes fails here with the block's line.
 */
class ReadmeYamlBlocksTest {

  /** A block: the markdown file, its first line's number and its text. */
  private record Block(String file, int line, String text) {}

  private static List<Block> documents(Path markdown) throws Exception {
    List<String> lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    StringBuilder current = null;
    int start = 0;
    int indent = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (current == null && line.strip().equals("```yaml")) {
        current = new StringBuilder();
        start = i + 2;
        indent = line.indexOf('`');
      } else if (current != null && line.strip().startsWith("```")) {
        String text = current.toString();
        if (text.startsWith("chain:") || text.contains("\nchain:")) {
          blocks.add(new Block(markdown.getFileName().toString(), start, text));
        }
        current = null;
      } else if (current != null) {
        current.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
      }
    }
    return blocks;
  }

  @TempDir
  Path dir;

  @Test
  void everyRoutingDocumentTheReadmeAndDocsShowLoads() throws Exception {
    List<Block> blocks = new ArrayList<>(documents(Path.of("..", "README.md")));
    assertThat(blocks).as("the README's routing documents").hasSizeGreaterThanOrEqualTo(4);
    try (var files = Files.list(Path.of("..", "docs"))) {
      for (Path md : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
        blocks.addAll(documents(md));
      }
    }
    // Files a document may name beside it.
    Files.copy(Path.of("..", "examples", "replay", "closed-deals.csv"), dir.resolve("closed-deals.csv"));
    List<String> problems = new ArrayList<>();
    for (Block b : blocks) {
      String text = b.text();
      if (!text.startsWith("reps:") && !text.contains("\nreps:")) {
        text += "reps:\n  - {id: ana, territories: [US]}\n";
      }
      String where = b.file() + " line " + b.line();
      Path doc = dir.resolve("block-" + b.file() + "-" + b.line() + ".yaml");
      Files.writeString(doc, text);
      List<ConfigError> errors = RoutingConfig.validate(text, doc.toString());
      if (!errors.isEmpty()) {
        problems.add(where + ": " + errors);
        continue;
      }
      try (Router router = RoutingConfig.load(doc).toBuilder().manualTimers().build()) {
        assertThat(router.roster()).as(where).isNotEmpty();
      } catch (RuntimeException e) {
        problems.add(where + ": " + e.getMessage());
      }
    }
    assertThat(problems).isEmpty();
  }
}
