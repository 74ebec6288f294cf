package io.smartrouting.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module-path consumer: a small named module that {@code requires io.smartrouting.core} compiles against the
 * SDK's modules and routes a lead (the built-in strategies found through {@code provides}/{@code uses}), on this JDK
 * and on a JDK 25 beside it; the same consumer importing {@code io.smartrouting.core.internal} does not compile, and
 * reflection into it is refused at run time.
 */
class ModulePathConsumerTest {

  /** The SDK's modules and what they need at run time, picked from this test's class path. */
  private static final Pattern MODULE_PATH = Pattern.compile(
      ".*(routing-(api|core|strategies)[/\\\\]target[/\\\\]classes|routing-(api|core|strategies)-[^/\\\\]*\\.jar"
          + "|guava-[^/\\\\]*\\.jar|failureaccess-[^/\\\\]*\\.jar|caffeine-[^/\\\\]*\\.jar|slf4j-api-[^/\\\\]*\\.jar"
          + "|jspecify-[^/\\\\]*\\.jar|error_prone_annotations-[^/\\\\]*\\.jar)$");

  private static final String MODULE_INFO = """
      module acme.crm {
        requires io.smartrouting.core;
      }
      """;

  private static final String MAIN = """
      package acme.crm;

      import io.smartrouting.api.Decision;
      import io.smartrouting.api.Lead;
      import io.smartrouting.api.Rep;
      import io.smartrouting.api.Segment;
      import io.smartrouting.core.Router;
      import java.util.List;

      public final class Main {
        public static void main(String[] args) throws Exception {
          List<Rep> reps = List.of(
              Rep.builder("ent").territories("US").segments(Segment.ENTERPRISE).capacity(10).build(),
              Rep.builder("smb").territories("US").segments(Segment.SMB).capacity(10).build());
          try (Router router = Router.builder().roster(reps).defaultChain().build()) {
            Decision d = router.route(Lead.builder("L-1").country("US").employees(5000).build());
            System.out.println("routed " + d.leadId() + " to " + d.repId() + " by " + d.decidedBy()
                + " in module " + Main.class.getModule().getName());
          }
          System.out.println("internal exported: "
              + Router.class.getModule().isExported("io.smartrouting.core.internal"));
          Class<?> internal = Class.forName("io.smartrouting.core.internal.Bits");
          try {
            internal.getMethod("words", int.class).invoke(null, 64);
            System.out.println("internal reflection: allowed");
          } catch (IllegalAccessException e) {
            System.out.println("internal reflection: refused");
          }
        }
      }
      """;

  @TempDir
  Path dir;

  private static String modulePath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (MODULE_PATH.matcher(entry).matches()) {
        entries.add(entry);
      }
    }
    assertThat(entries).as("module path from %s", System.getProperty("java.class.path"))
        .anyMatch(e -> e.contains("routing-core")).anyMatch(e -> e.contains("routing-strategies"))
        .anyMatch(e -> e.contains("routing-api")).anyMatch(e -> e.contains("guava"));
    return String.join(File.pathSeparator, entries);
  }

  private Path write(String module, String main) throws IOException {
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("acme/crm"));
    Files.writeString(src.resolve("module-info.java"), module);
    Files.writeString(src.resolve("acme/crm/Main.java"), main);
    return src;
  }

  private static Result run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s did not finish", command).isTrue();
    return new Result(p.exitValue(), out);
  }

  private record Result(int exit, String output) {}

  private Result compile(Path javaHome, Path src, Path out) throws Exception {
    return run(List.of(javaHome.resolve("bin/javac").toString(), "--release", "17", "-d", out.toString(),
        "--module-path", modulePath(), src.resolve("module-info.java").toString(),
        src.resolve("acme/crm/Main.java").toString()));
  }

  private void consumerCompilesAndRoutesOn(Path javaHome) throws Exception {
    Path src = write(MODULE_INFO, MAIN);
    Path out = dir.resolve("out-" + javaHome.getFileName());
    Result javac = compile(javaHome, src, out);
    assertThat(javac.exit()).as(javac.output()).isZero();

    Result java = run(List.of(javaHome.resolve("bin/java").toString(), "--module-path",
        out + File.pathSeparator + modulePath(), "--module", "acme.crm/acme.crm.Main"));
    assertThat(java.exit()).as(java.output()).isZero();
    assertThat(java.output()).contains("routed L-1 to ent by ").contains("in module acme.crm")
        .contains("internal exported: false").contains("internal reflection: refused");
  }

  @Test
  void aNamedModuleCompilesAndRoutesOnThisJdk() throws Exception {
    consumerCompilesAndRoutesOn(Path.of(System.getProperty("java.home")));
  }

  @Test
  void aNamedModuleCompilesAndRoutesOnJdk25() throws Exception {
    Path jdk25 = jdk25();
    consumerCompilesAndRoutesOn(jdk25);
    Result version = run(List.of(jdk25.resolve("bin/java").toString(), "-version"));
    assertThat(version.output()).contains("\"25");
  }

  @Test
  void theInternalPackagesDoNotCompileFromOutside() throws Exception {
    Path src = write(MODULE_INFO, """
        package acme.crm;

        import io.smartrouting.core.internal.Bits;

        public final class Main {
          public static void main(String[] args) {
            System.out.println(Bits.words(64));
          }
        }
        """);
    Result javac = compile(Path.of(System.getProperty("java.home")), src, dir.resolve("out-internal"));
    assertThat(javac.exit()).isNotZero();
    assertThat(javac.output()).contains("package io.smartrouting.core.internal is not visible")
        .contains("does not export it");
  }

  /**
   * A JDK 25: {@code JAVA25_HOME}, else the Temurin 25 this project's machines carry. Its absence fails the test
   * rather than skipping it (the module path is promised on 17 and 25); set {@code JAVA25_HOME} to point at one.
   */
  private static Path jdk25() {
    String env = System.getenv("JAVA25_HOME");
    List<Path> candidates = new ArrayList<>();
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    File[] jvms = new File("/usr/lib/jvm").listFiles();
    if (jvms != null) {
      for (File f : jvms) {
        if (f.getName().toLowerCase(Locale.ROOT).matches(".*(jdk-?25|25-jdk|-25).*")) {
          candidates.add(f.toPath());
        }
      }
    }
    for (Path p : candidates) {
      if (Files.isExecutable(p.resolve("bin/javac"))) {
        return p;
      }
    }
    throw new AssertionError("no JDK 25 found: set JAVA25_HOME (looked at " + candidates + " and /usr/lib/jvm)");
  }
}
