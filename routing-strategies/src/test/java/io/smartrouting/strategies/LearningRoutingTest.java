package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Segment;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.core.learning.LearningPolicy;
import io.smartrouting.spi.StrategyConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Outcomes fed back through the router change who gets the next leads. */
class LearningRoutingTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T15:00:00Z"));

  private static final StrategyConfig LEARNING_WEIGHTS = StrategyConfig.of("weight.territory", "0.2",
      "weight.industry", "0.1", "weight.segment", "0.1", "weight.capacity", "0.1", "weight.response", "0.1",
      "weight.performance", "0.4");

  private static Rep rep(String id) {
    return Rep.builder(id).territories("US").capacity(1_000).responseMinutes(10).build();
  }

  private Router router(ConversionModel model, List<Rep> reps) {
    return Router.builder().roster(reps).clock(clock).manualTimers().learning(model)
        .step("weighted", LEARNING_WEIGHTS).build();
  }

  private static Lead lead(String id) {
    return Lead.builder(id).country("US").employees(300).industry("fintech").build();
  }

  @Test
  void wonAndLostAreCreditedOnceToTheRepThatHeldTheLeadEvenAfterRelease() {
    ConversionModel model = new ConversionModel(LearningPolicy.builder().explorationShare(0).build());
    Router router = router(model, List.of(rep("a")));
    router.route(lead("l1"));
    router.route(lead("l2"));
    assertThat(router.release("l1")).isTrue();
    assertThat(router.recordOutcome("l1", Outcome.MEETING)).isTrue();
    assertThat(model.outcomes()).isZero();
    assertThat(router.recordOutcome("l1", Outcome.WON)).isTrue();
    assertThat(router.recordOutcome("l1", Outcome.WON)).isTrue();
    assertThat(router.recordOutcome("l2", Outcome.LOST)).isTrue();
    assertThat(model.outcomes()).isEqualTo(2);
    assertThat(model.estimate("a", Segment.MID_MARKET, "fintech").wins()).isEqualTo(1);
    assertThat(model.estimate("a", Segment.MID_MARKET, "fintech").outcomes()).isEqualTo(2);
    assertThat(router.recordOutcome("never-routed", Outcome.WON)).isFalse();
  }

  @Test
  void aLateOutcomeAfterTheIdempotencyWindowIsStillCreditedWithinTheAttributionWindow() {
    ConversionModel model = new ConversionModel(LearningPolicy.builder().explorationShare(0).build());
    Router router = Router.builder().roster(List.of(rep("a"))).clock(clock).manualTimers().learning(model)
        .idempotency(Duration.ofHours(1), 1000).step("weighted", LEARNING_WEIGHTS).build();
    router.route(lead("late"));
    router.release("late");
    clock.advance(Duration.ofDays(30));
    assertThat(router.recordOutcome("late", Outcome.WON)).isTrue();
    assertThat(model.estimate("a", Segment.MID_MARKET, null).wins()).isEqualTo(1);
  }

  @Test
  void aReassignedLeadIsCreditedToItsNewHolder() {
    ConversionModel model = new ConversionModel(LearningPolicy.builder().explorationShare(0).build());
    List<RoutingEvent> events = new ArrayList<>();
    Router router = Router.builder().roster(List.of(rep("a"), rep("b"))).clock(clock).manualTimers()
        .learning(model).listener(events::add).step("weighted", LEARNING_WEIGHTS).build();
    Decision first = router.route(Lead.builderFrom(lead("moved")).icpScore(95).build());
    assertThat(first.slaDeadline()).as("a Tier 2 lead with a first-contact SLA").isNotNull();
    clock.advance(Duration.ofMinutes(61));
    router.fireDueTimers();
    String holder = router.placement("moved").orElseThrow().repId();
    assertThat(holder).isNotEqualTo(first.repId());
    router.recordOutcome("moved", Outcome.WON);
    assertThat(model.estimate(holder, Segment.MID_MARKET, null).wins()).isEqualTo(1);
    assertThat(model.estimate(first.repId(), Segment.MID_MARKET, null).outcomes()).isZero();
  }

  @Test
  void aProvenRepWinsExploitationLeadsAndExplorationLeadsAreFlagged() {
    ConversionModel model = new ConversionModel();
    for (int i = 0; i < 100; i++) {
      model.record("proven", Segment.MID_MARKET, "fintech", i < 30);
      model.record("average", Segment.MID_MARKET, "fintech", i < 10);
    }
    Router router = router(model, List.of(rep("average"), rep("proven")));
    int exploring = 0;
    for (int i = 0; i < 400; i++) {
      Decision d = router.route(lead("lead-" + i));
      router.release(d.leadId());
      if (model.isExplorationLead(d.leadId())) {
        exploring++;
        assertThat(d.hasFlag(Flag.EXPLORATION)).isTrue();
        assertThat(d.explain()).contains("exploration lead");
      } else {
        assertThat(d.hasFlag(Flag.EXPLORATION)).isFalse();
        assertThat(d.repId()).isEqualTo("proven");
        assertThat(d.explain()).contains("performance");
      }
    }
    assertThat(exploring).isBetween(20, 60);
  }

  @Test
  void aNewRepGetsExplorationLeadsUntilItHasARecord() {
    ConversionModel model = new ConversionModel();
    for (int i = 0; i < 100; i++) {
      model.record("veteran", Segment.MID_MARKET, "fintech", i < 30);
    }
    Router router = router(model, List.of(rep("veteran"), rep("rookie")));
    int rookie = 0;
    for (int i = 0; i < 500; i++) {
      Decision d = router.route(lead("lead-" + i));
      if ("rookie".equals(d.repId())) {
        rookie++;
        // The rookie closes its leads at the team's rate.
        router.recordOutcome(d.leadId(), rookie % 3 == 0 ? Outcome.WON : Outcome.LOST);
      }
      router.release(d.leadId());
    }
    assertThat(rookie).as("leads for the rookie").isGreaterThanOrEqualTo(5);
    assertThat(model.estimate("rookie", Segment.MID_MARKET, null).outcomes()).isEqualTo(rookie);
  }

  @Test
  void routingLearnsWhoConvertsFromItsOwnOutcomes() {
    // Two reps identical on every profile field; "closer" converts 35%, "opener" 8%. Nobody knows that at start.
    ConversionModel model = new ConversionModel();
    Router router = router(model, List.of(rep("opener"), rep("closer")));
    Map<String, Double> truth = Map.of("closer", 0.35, "opener", 0.08);
    SplittableRandom random = new SplittableRandom(7);
    Map<String, Integer> lateShare = new HashMap<>();
    for (int i = 0; i < 3_000; i++) {
      Decision d = router.route(lead("lead-" + i));
      boolean won = random.nextDouble() < truth.get(d.repId());
      router.recordOutcome(d.leadId(), won ? Outcome.WON : Outcome.LOST);
      router.release(d.leadId());
      if (i >= 2_000 && !model.isExplorationLead(d.leadId())) {
        lateShare.merge(d.repId(), 1, Integer::sum);
      }
    }
    // The opener's estimate stays shrunk toward the team (it gets few leads once the closer is known), but below.
    assertThat(model.estimate("closer", Segment.MID_MARKET, null).mean())
        .isGreaterThan(model.estimate("opener", Segment.MID_MARKET, null).mean());
    assertThat(model.estimate("closer", Segment.MID_MARKET, null).lower()).isGreaterThan(0.3);
    assertThat(lateShare.getOrDefault("opener", 0)).isZero();
    assertThat(lateShare.get("closer")).isGreaterThan(800);
  }
}
