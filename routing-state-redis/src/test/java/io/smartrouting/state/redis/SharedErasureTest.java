package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.spi.StrategyConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code Router.erase} on Redis: a lead one node routed, erased through another, leaves no kept hash and no contact
 * note, so neither node matches the person's next lead to its rep.
 */
class SharedErasureTest extends RedisServerTest {

  private static final List<Rep> REPS = List.of(Rep.builder("ana").territories("US").capacity(50).build(),
      Rep.builder("bob").territories("US").capacity(50).build());

  private static Router router(RedisStateStore store) {
    return Router.builder().roster(REPS).stateStore(store).manualTimers()
        .step("returning-contact", StrategyConfig.of("withinDays", "30")).step("round-robin").build();
  }

  private static Lead lead(String id, String email) {
    return Lead.builder(id).country("US").email(email).companyName("Roe Consulting").build();
  }

  @Test
  void aLeadErasedOnOneNodeIsForgottenOnEvery() {
    try (RedisStateStore s1 = server.patientStore("erasure").build();
        RedisStateStore s2 = server.patientStore("erasure").build();
        Router r1 = router(s1); Router r2 = router(s2)) {
      // Jane's first lead closed, kept for the look-back; Kim's still open.
      Decision jane = r1.route(lead("J1", "jane@gmail.com"));
      r1.release("J1");
      Decision kim = r1.route(lead("K1", "kim@gmail.com"));
      assertThat(s1.releasedLead("J1")).as("kept for the look-back").isNotNull();
      assertThatThrownBy(() -> s2.eraseLead("K1")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("lead K1 is open");

      assertThat(r2.erase("J1")).isTrue();
      assertThat(r2.erase("K1")).isTrue();

      assertThat(s1.releasedLead("J1")).isNull();
      assertThat(s1.releasedLead("K1")).as("released by the erasure, and its kept hash erased too").isNull();
      assertThat(s1.placement("K1")).isNull();
      assertThat(r2.recordOutcome("J1", Outcome.WON)).isFalse();
      Decision janeBack = r1.route(lead("J2", "jane@gmail.com"));
      assertThat(janeBack.decidedBy()).as("her first lead was with %s", jane.repId()).isEqualTo("round-robin");
      Decision kimBack = r2.route(lead("K2", "kim@gmail.com"));
      assertThat(kimBack.decidedBy()).as("his first lead was with %s", kim.repId()).isEqualTo("round-robin");
      assertThat(r2.erase("J1")).as("erased already").isFalse();
      // The node that routed it still holds its decision in its idempotency window until the window ends (its rep is
      // credited with an outcome reported to it meanwhile); erased there too, it holds nothing.
      assertThat(r1.erase("J1")).isTrue();
      assertThat(r1.recordOutcome("J1", Outcome.WON)).isFalse();
    }
  }
}
