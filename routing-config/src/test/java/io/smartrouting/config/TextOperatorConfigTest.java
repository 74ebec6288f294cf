package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import java.util.List;
import org.junit.jupiter.api.Test;

/** STARTS WITH, ENDS WITH and NOT CONTAINS in a configuration's conditions and rep filters, as RevOps write them. */
class TextOperatorConfigTest {

  private static final String DOC = "reps:\n"
      + "  - {id: ana, team: edu-west, territories: ['*']}\n"
      + "  - {id: bob, team: smb, territories: ['*']}\n"
      + "chain:\n"
      + "  - strategy: round-robin\n"
      + "    label: education\n"
      + "    when: \"email_domain ENDS WITH ['.edu', '.ac.uk'] AND title NOT CONTAINS ['student', 'intern']\"\n"
      + "    reps: \"team STARTS WITH 'EDU'\"\n"
      + "  - {strategy: round-robin, label: everyone, reps: \"team NOT STARTS WITH 'edu'\"}\n";

  @Test
  void anEducationStepTakesUniversitiesButNotTheirStudents() {
    RoutingConfig c = RoutingConfig.parse(DOC, "routing.yaml");
    try (Router router = c.toBuilder().manualTimers().build()) {
      Lead professor = Lead.builder("p").email("kim@cs.ox.ac.uk").title("Professor").build();
      Lead student = Lead.builder("s").email("lee@mit.edu").title("PhD Student").build();
      Lead shop = Lead.builder("c").email("jo@shop.com").title("Owner").build();
      assertThat(router.route(professor).decidedBy()).isEqualTo("education");
      assertThat(router.route(professor).repId()).isEqualTo("ana");
      assertThat(router.route(student).repId()).as("a student is not the university's buyer").isEqualTo("bob");
      assertThat(router.route(shop).repId()).isEqualTo("bob");
    }
  }

  @Test
  void aMisspeltOperatorIsAnErrorAtItsLineAndColumn() {
    List<String> errors = RoutingConfig.validate(DOC.replace("ENDS WITH [", "ENDS ["), "routing.yaml").stream()
        .map(Object::toString).toList();
    assertThat(errors).singleElement().asString().contains("routing.yaml:7:")
        .contains("chain[0].when: expected WITH after ENDS (ENDS WITH 'x')");
  }
}
