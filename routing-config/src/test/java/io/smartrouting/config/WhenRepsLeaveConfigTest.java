package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import io.smartrouting.core.state.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code when_reps_leave}: a reload that deletes a rep's row moves its open leads as the document says. */
class WhenRepsLeaveConfigTest {

  private static final String BOTH = "reps:\n  - {id: ana, territories: [US]}\n  - {id: bob, territories: [US]}\n";
  private static final String ANA = "reps:\n  - {id: ana, territories: [US]}\n";
  private static final String CHAIN = "chain:\n  - strategy: round-robin\n";

  private static List<Placement> routeFour(Router router) {
    for (int i = 0; i < 4; i++) {
      router.route(Lead.builder("L" + i).country("US").build());
    }
    return List.copyOf(router.openPlacements());
  }

  @Test
  void aReloadThatDeletesARepMovesItsLeadsAsTheDocumentSays() {
    RoutingConfig first = RoutingConfig.parse("when_reps_leave: reroute\n" + BOTH + CHAIN, "routing.yaml");
    try (Router router = first.toBuilder().manualTimers().build()) {
      assertThat(routeFour(router)).extracting(Placement::repId).contains("bob");
      RoutingConfig reload = RoutingConfig.parse("when_reps_leave: reroute\n" + ANA + CHAIN, "routing.yaml");
      // Before it is applied: bob's two leads would go to ana; nothing moves, and the document is not applied.
      long generation = router.configGeneration();
      assertThat(reload.previewOn(router)).hasSize(2).allSatisfy(d -> {
        assertThat(d.repId()).isEqualTo("ana");
        assertThat(d.explain()).contains("offboarded from bob");
      });
      assertThat(router.openPlacements()).filteredOn(p -> "bob".equals(p.repId())).hasSize(2);
      assertThat(router.configGeneration()).isEqualTo(generation);
      assertThat(RoutingConfig.parse("when_reps_leave: reroute\n" + BOTH + CHAIN, "routing.yaml").previewOn(router))
          .as("the same document moves nothing").isEmpty();
      reload.applyTo(router);
      assertThat(router.openPlacements()).hasSize(4).allSatisfy(p -> assertThat(p.repId()).isEqualTo("ana"));
    }
    try (Router router = RoutingConfig.parse(BOTH + CHAIN, "routing.yaml").toBuilder().manualTimers().build()) {
      routeFour(router);
      assertThat(RoutingConfig.parse(ANA + CHAIN, "routing.yaml").previewOn(router))
          .as("without when_reps_leave the leaver keeps its leads: nothing to move").isEmpty();
    }
    RoutingConfig queueing = RoutingConfig.parse("when_reps_leave: 'queue: handover'\n" + BOTH + CHAIN,
        "routing.yaml");
    try (Router router = queueing.toBuilder().manualTimers().build()) {
      routeFour(router);
      RoutingConfig.parse("when_reps_leave: 'queue: handover'\n" + ANA + CHAIN, "routing.yaml").applyTo(router);
      assertThat(router.openPlacements()).filteredOn(p -> "handover".equals(p.queue())).hasSize(2);
    }
    try (Router router = RoutingConfig.parse(BOTH + CHAIN, "routing.yaml").toBuilder().manualTimers().build()) {
      routeFour(router);
      RoutingConfig.parse(ANA + CHAIN, "routing.yaml").applyTo(router);
      assertThat(router.openPlacements()).as("the default keeps them").filteredOn(p -> "bob".equals(p.repId()))
          .hasSize(2);
    }
  }

  @Test
  void anUnknownValueIsAnErrorSayingWhatToWrite() {
    List<String> errors = RoutingConfig.validate("when_reps_leave: offboard\n" + BOTH + CHAIN, "routing.yaml")
        .stream().map(Object::toString).toList();
    assertThat(errors).singleElement().asString().contains("routing.yaml:1:").contains("when_reps_leave")
        .contains("keep (the default").contains("queue:<name>");
    for (String bad : List.of("'queuex: handover'", "'queue:'", "'reroute: now'", "{queue: ''}", "{queues: x}")) {
      assertThat(RoutingConfig.validate("when_reps_leave: " + bad + "\n" + BOTH + CHAIN, "routing.yaml"))
          .as(bad).isNotEmpty().allSatisfy(e -> assertThat(e.toString()).contains("when_reps_leave"));
    }
    assertThat(RoutingConfig.validate("when_reps_leave: Account Backup First\n" + BOTH + CHAIN, "routing.yaml"))
        .isEmpty();
    assertThat(RoutingConfig.validate("when_reps_leave: {queue: handover}\n" + BOTH + CHAIN, "routing.yaml"))
        .as("a map, for YAML that would not take 'queue: handover' unquoted").isEmpty();
  }
}
