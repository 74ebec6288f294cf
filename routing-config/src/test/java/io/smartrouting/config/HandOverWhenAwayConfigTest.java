package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code hand_over_when_away}: a rep's declared time off of at least that long hands its open leads over. */
class HandOverWhenAwayConfigTest {

  private static String doc(String setting) {
    return setting + "reps:\n  - {id: ana, territories: [US], time_off: '2026-11-30 to 2026-12-04: vacation'}\n"
        + "  - {id: bob, territories: [US]}\nchain:\n  - strategy: round-robin\n";
  }

  @Test
  void theDocumentsTimeHandsOverTheLeadsOfARepGoingOnTimeOff() {
    RoutingConfig config = RoutingConfig.parse(doc("hand_over_when_away: 2 days\n"), "routing.yaml");
    assertThat(config.handOverWhenAway()).isEqualTo(Duration.ofDays(2));
    ManualClock clock = new ManualClock(Instant.parse("2026-11-27T15:00:00Z"));
    try (Router router = config.toBuilder().clock(clock).manualTimers().build()) {
      assertThat(router.route(Lead.builder("L1").country("US").build()).repId()).isEqualTo("ana");
      clock.set(Instant.parse("2026-11-30T12:00:00Z"));
      router.fireDueTimers();
      assertThat(router.placement("L1").orElseThrow().repId()).isEqualTo("bob");
    }
    assertThat(RoutingConfig.parse(doc(""), "routing.yaml").handOverWhenAway()).as("off by default").isNull();
    assertThat(RoutingConfig.parse(doc("hand_over_when_away: off\n"), "routing.yaml").handOverWhenAway()).isNull();
  }

  @Test
  void aBadTimeIsAnErrorNamingTheSetting() {
    List<String> errors = RoutingConfig.validate(doc("hand_over_when_away: soon\n"), "routing.yaml").stream()
        .map(Object::toString).toList();
    assertThat(errors).singleElement().asString().contains("routing.yaml:1:").contains("hand_over_when_away");
    assertThat(RoutingConfig.validate(doc("hand_over_when_away: 0\n"), "routing.yaml")).singleElement().asString()
        .contains("hand_over_when_away").contains("positive");
  }
}
