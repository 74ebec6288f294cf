package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.fixtures.BrokenProvider;
import io.smartrouting.core.fixtures.FirstCandidateProvider;
import io.smartrouting.spi.RoutingStrategyProvider;
import io.smartrouting.spi.StrategyConfig;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrategyRegistryTest {

  @TempDir
  Path tmp;

  /** Writes a jar that registers providers only through META-INF/services, as a third-party jar does. */
  private ClassLoader jarWithProviders(Class<?>... providers) throws Exception {
    Path jar = tmp.resolve("strategies.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("META-INF/services/" + RoutingStrategyProvider.class.getName()));
      StringBuilder sb = new StringBuilder("# test providers\n");
      for (Class<?> p : providers) {
        sb.append(p.getName()).append('\n');
      }
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
  }

  @Test
  void discoversAStrategyRegisteredOnlyThroughMetaInfServicesAndRunsItInAChain() throws Exception {
    StrategyRegistry registry = StrategyRegistry.load(jarWithProviders(FirstCandidateProvider.class));
    assertThat(registry.names()).contains("first-candidate");

    Router router = Router.builder()
        .roster(List.of(Rep.builder("a").territories("*").build(), Rep.builder("b").territories("*").build()))
        .strategies(registry)
        .step("first-candidate", StrategyConfig.of("label", "took the first one"))
        .build();
    Decision d = router.route(Lead.builder("l1").country("US").build());
    assertThat(d.repId()).isEqualTo("a");
    assertThat(d.decidedBy()).isEqualTo("first-candidate");
    assertThat(d.explain()).contains("took the first one");
  }

  @Test
  void aBrokenProviderIsReportedAndDoesNotHideTheOthers() throws Exception {
    StrategyRegistry registry = StrategyRegistry.load(
        jarWithProviders(BrokenProvider.class, FirstCandidateProvider.class));
    assertThat(registry.names()).containsExactly("first-candidate");
    assertThat(registry.problems()).hasSize(1);
    assertThat(registry.problems().get(0)).contains(BrokenProvider.class.getName());
  }

  @Test
  void anUnknownNameFailsAtBuildTimeListingTheKnownNamesAndTheClasspathHint() throws Exception {
    StrategyRegistry registry = StrategyRegistry.load(jarWithProviders(FirstCandidateProvider.class));
    Router.Builder builder = Router.builder().roster(List.of()).strategies(registry).step("wieghted");
    assertThatThrownBy(builder::build)
        .isInstanceOf(UnknownStrategyException.class)
        .hasMessageContaining("Unknown strategy 'wieghted'; known: [first-candidate]")
        .hasMessageContaining("META-INF/services/io.smartrouting.spi.RoutingStrategyProvider");
    // The usual slip with hyphenated names (round-robin, account-owner) gets the name it meant.
    assertThatThrownBy(() -> Router.builder().roster(List.of()).strategies(registry).step("First_Candidate").build())
        .isInstanceOf(UnknownStrategyException.class)
        .hasMessageStartingWith("Unknown strategy 'First_Candidate'; did you mean 'first-candidate'?; known: [");
    // And a typo within two edits.
    assertThatThrownBy(() -> Router.builder().roster(List.of()).strategies(registry).step("first-candiate").build())
        .isInstanceOf(UnknownStrategyException.class)
        .hasMessageStartingWith("Unknown strategy 'first-candiate'; did you mean 'first-candidate'?; known: [");
  }

  @Test
  void aStrategyRejectingItsConfigFailsAtBuildTimeNamingStrategyAndKey() {
    StrategyRegistry registry = StrategyRegistry.of(new FirstCandidateProvider());
    Router.Builder builder = Router.builder().roster(List.of()).strategies(registry)
        .step("first-candidate", StrategyConfig.of("lable", "typo"));
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strategy 'first-candidate' rejected its config")
        .hasMessageContaining("lable");
  }

  @Test
  void duplicateProviderNamesAreRejectedWhenGivenExplicitly() {
    assertThatThrownBy(() -> StrategyRegistry.of(new FirstCandidateProvider(), new FirstCandidateProvider()))
        .hasMessageContaining("'first-candidate' is provided by both");
  }
}
