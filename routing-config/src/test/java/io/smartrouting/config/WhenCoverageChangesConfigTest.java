package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code when_coverage_changes}: a reload that gives a rep other territories routes its uncovered leads again. */
class WhenCoverageChangesConfigTest {

  private static final String CHAIN = "chain:\n  - strategy: round-robin\n";

  private static String doc(String setting, String anaCovers) {
    return setting + "reps:\n  - {id: ana, territories: [" + anaCovers + "]}\n  - {id: bob, territories: [US-NY, US-CA]}\n"
        + CHAIN;
  }

  private static List<String> routeFour(Router router) {
    return java.util.stream.IntStream.range(0, 4).mapToObj(i -> router.route(Lead.builder("L" + i).country("US")
        .region("CA").email("p" + i + "@example.org").build()).repId()).toList();
  }

  @Test
  void aReloadThatMovesARepToAnotherTerritoryRoutesItsLeadsAgainWhenTheDocumentSaysSo() {
    String move = "when_coverage_changes: move_uncovered_leads\n";
    RoutingConfig first = RoutingConfig.parse(doc(move, "US-CA"), "routing.yaml");
    assertThat(first.whenCoverageChanges()).isTrue();
    try (Router router = first.toBuilder().manualTimers().build()) {
      assertThat(routeFour(router)).containsExactly("ana", "bob", "ana", "bob");
      RoutingConfig.parse(doc(move, "US-NY"), "routing.yaml").applyTo(router);
      assertThat(router.openPlacements()).hasSize(4).allSatisfy(p -> assertThat(p.repId()).isEqualTo("bob"));
    }
    try (Router router = RoutingConfig.parse(doc("", "US-CA"), "routing.yaml").toBuilder().manualTimers().build()) {
      routeFour(router);
      RoutingConfig.parse(doc("", "US-NY"), "routing.yaml").applyTo(router);
      assertThat(router.openLeads("ana")).as("the default keeps them with ana").isEqualTo(2);
    }
  }

  @Test
  void anUnknownValueIsAnErrorSayingWhatToWrite() {
    List<String> errors = RoutingConfig.validate(doc("when_coverage_changes: reroute\n", "US"), "routing.yaml")
        .stream().map(Object::toString).toList();
    assertThat(errors).singleElement().asString().contains("routing.yaml:1:").contains("when_coverage_changes")
        .contains("keep (the default").contains("move_uncovered_leads");
    assertThat(RoutingConfig.validate(doc("when_coverage_changes: Move Uncovered Leads\n", "US"), "routing.yaml"))
        .isEmpty();
    assertThat(RoutingConfig.validate(doc("when_coverage_changes: keep\n", "US"), "routing.yaml")).isEmpty();
  }
}
