package io.smartrouting.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of the README compiles against the released modules, as a user would paste it: each block becomes
 * the body of a method of its own class, beside the names the README leaves to the reader ({@code reps},
 * {@code accounts}, {@code lead}, {@code leadId}, the routers of an experiment, an audit log, the application's
 * OpenTelemetry and meter registry...). A block that names a method, a builder option or a type the API no longer
 * has fails here with the README's line, instead of in a user's editor. (The quickstart is also run, line for line,
 * by {@link ReadmeSnippetTest}.)
 */
class ReadmeCodeBlocksTest {

  /** What the README's blocks use without declaring it: the reader's own objects. */
  private static final String GIVEN = """
        List<Rep> reps = List.of();
        List<Account> accounts = List.of();
        String leadId = "lead-1";
        Lead lead = Lead.builder(leadId).build();
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("readme");
        String slackWebhookUrl = "https://hooks.example.com/x";
        Router controlRouter = null;
        Router learningRouter = null;
        StringBuilder auditLog = new StringBuilder();
        io.opentelemetry.api.OpenTelemetry openTelemetry = io.opentelemetry.api.OpenTelemetry.noop();
        io.micrometer.core.instrument.MeterRegistry meterRegistry = null;
        RoutingConfig config = null;
        java.io.PrintWriter auditFile = new java.io.PrintWriter(java.io.Writer.nullWriter());
        interface AuditSinks { java.util.function.Consumer<String> forTenant(String tenant); }
      """;

  private static final String IMPORTS = """
      import io.smartrouting.api.*;
      import io.smartrouting.spi.*;
      import io.smartrouting.core.*;
      import io.smartrouting.core.experiment.*;
      import io.smartrouting.core.learning.*;
      import io.smartrouting.core.notify.*;
      import io.smartrouting.core.state.*;
      import io.smartrouting.config.*;
      import io.smartrouting.state.redis.*;
      import io.smartrouting.micrometer.*;
      import io.smartrouting.opentelemetry.*;
      import io.smartrouting.spring.*;
      import org.springframework.context.annotation.Bean;
      import org.springframework.context.annotation.Configuration;
      import java.net.URI;
      import java.nio.file.Path;
      import java.time.*;
      import java.util.List;
      """;

  /** A block of the README: its first line's number and its lines. */
  private record Block(int line, List<String> lines) {}

  private static List<Block> javaBlocks(List<String> readme) {
    List<Block> blocks = new ArrayList<>();
    List<String> current = null;
    int start = 0;
    for (int i = 0; i < readme.size(); i++) {
      String line = readme.get(i);
      if (current == null && line.strip().equals("```java")) {
        current = new ArrayList<>();
        start = i + 2;
      } else if (current != null && line.strip().startsWith("```")) {
        blocks.add(new Block(start, current));
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    return blocks;
  }

  /**
   * The block as a class: the reader's objects as its fields (which a block may declare again, as its own), then the
   * block as its method's body ("..." for elided lines skipped).
   */
  private static String asClass(String name, Block block) {
    StringBuilder src = new StringBuilder(IMPORTS);
    src.append("class ").append(name).append(" {\n").append(GIVEN).append("  void run() throws Exception {\n");
    for (String line : block.lines()) {
      src.append(line.strip().equals("...") ? "" : line).append('\n');
    }
    return src.append("  }\n}\n").toString();
  }

  @TempDir
  Path out;

  @Test
  void everyJavaBlockOfTheReadmeCompiles() throws Exception {
    assertThat(compileErrors(Path.of("..", "README.md"), 10)).isEmpty();
  }

  /** The sections' full text ({@code docs/}), which the README links, shows code too. */
  @Test
  void everyJavaBlockOfTheDocsCompiles() throws Exception {
    List<String> errors = new ArrayList<>();
    try (var files = Files.list(Path.of("..", "docs"))) {
      for (Path md : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
        errors.addAll(compileErrors(md, 0));
      }
    }
    assertThat(errors).isEmpty();
  }

  /** Compiles the Java blocks of {@code markdown} (at least {@code atLeast}); its errors, each with its line. */
  private List<String> compileErrors(Path markdown, int atLeast) throws Exception {
    List<Block> blocks = javaBlocks(Files.readAllLines(markdown, StandardCharsets.UTF_8));
    assertThat(blocks).as("the Java blocks of %s", markdown).hasSizeGreaterThanOrEqualTo(atLeast);
    if (blocks.isEmpty()) {
      return List.of();
    }
    List<JavaFileObject> sources = new ArrayList<>();
    for (Block block : blocks) {
      String name = "Block" + block.line();
      String text = asClass(name, block);
      sources.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return text;
        }
      });
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path classes = Files.createTempDirectory(out, "classes");
    boolean compiled = javac.getTask(null, null, diagnostics, List.of("--release", "17", "-proc:none", "-d",
        classes.toString(), "-classpath", System.getProperty("java.class.path")), null, sources).call();
    List<String> errors = new ArrayList<>();
    int header = IMPORTS.split("\n", -1).length - 1 + 2 + GIVEN.split("\n", -1).length - 1;
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        String source = d.getSource() == null ? "0" : d.getSource().getName();
        int blockLine = Integer.parseInt(source.replaceAll("\\D", ""));
        errors.add(markdown.getFileName() + " line " + (blockLine + d.getLineNumber() - header - 1) + ": "
            + d.getMessage(Locale.ROOT));
      }
    }
    if (errors.isEmpty()) {
      assertThat(compiled).as("%s compiled", markdown).isTrue();
    }
    return errors;
  }
}
