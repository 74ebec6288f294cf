package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code when_accounts_move}: a reload that gives an account to another rep hands over its open leads, if asked. */
class WhenAccountsMoveConfigTest {

  private static final String REPS = "reps:\n  - {id: ana, territories: [US]}\n  - {id: bob, territories: [US]}\n";
  private static final String CHAIN = "chain:\n  - strategy: account-owner\n  - strategy: round-robin\n";

  private static String doc(String setting, String owner) {
    return setting + REPS + "accounts:\n  - {id: acme, name: Acme, domains: [acme.com], owner: " + owner + "}\n"
        + CHAIN;
  }

  private static void routeThree(Router router) {
    for (int i = 0; i < 3; i++) {
      assertThat(router.route(Lead.builder("L" + i).country("US").email("p" + i + "@acme.com").build()).repId())
          .isEqualTo("ana");
    }
  }

  @Test
  void aReloadThatGivesAnAccountToAnotherOwnerMovesItsLeadsWhenTheDocumentSaysSo() {
    String move = "when_accounts_move: move_open_leads\n";
    RoutingConfig first = RoutingConfig.parse(doc(move, "ana"), "routing.yaml");
    assertThat(first.whenAccountsMove()).isTrue();
    try (Router router = first.toBuilder().manualTimers().build()) {
      routeThree(router);
      RoutingConfig.parse(doc(move, "bob"), "routing.yaml").applyTo(router);
      assertThat(router.openPlacements()).hasSize(3).allSatisfy(p -> assertThat(p.repId()).isEqualTo("bob"));
    }
    try (Router router = RoutingConfig.parse(doc("", "ana"), "routing.yaml").toBuilder().manualTimers().build()) {
      routeThree(router);
      RoutingConfig.parse(doc("", "bob"), "routing.yaml").applyTo(router);
      assertThat(router.openPlacements()).as("the default keeps them with ana").hasSize(3)
          .allSatisfy(p -> assertThat(p.repId()).isEqualTo("ana"));
    }
  }

  @Test
  void anUnknownValueIsAnErrorSayingWhatToWrite() {
    List<String> errors = RoutingConfig.validate(doc("when_accounts_move: reroute\n", "ana"), "routing.yaml")
        .stream().map(Object::toString).toList();
    assertThat(errors).singleElement().asString().contains("routing.yaml:1:").contains("when_accounts_move")
        .contains("keep (the default").contains("move_open_leads");
    assertThat(RoutingConfig.validate(doc("when_accounts_move: Move Open Leads\n", "ana"), "routing.yaml")).isEmpty();
    assertThat(RoutingConfig.validate(doc("when_accounts_move: keep\n", "ana"), "routing.yaml")).isEmpty();
  }
}
