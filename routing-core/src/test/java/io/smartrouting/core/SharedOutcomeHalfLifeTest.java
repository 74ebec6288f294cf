package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.core.learning.LearningPolicy;
import io.smartrouting.core.testing.ForwardingStateStore;
import io.smartrouting.core.testing.TestStrategies;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A learning policy's half-life reaches a state store that shares outcomes, and a store that shares them without
 * fading them is refused when the router is built, instead of its counts silently never halving.
 */
class SharedOutcomeHalfLifeTest {

  /** Shares outcomes; fades them or not; remembers the half-life of each outcome it was given. */
  private static final class SharingStore extends ForwardingStateStore {
    final boolean fades;
    final List<Long> halfLives = new ArrayList<>();

    SharingStore(boolean fades) {
      this.fades = fades;
    }

    @Override
    public boolean sharesOutcomes() {
      return true;
    }

    @Override
    public boolean fadesOutcomes() {
      return fades;
    }

    @Override
    public boolean recordOutcome(String leadId, String repId, Segment segment, @Nullable String industry,
        boolean won, long halfLifeOutcomes, java.time.Duration creditWindow) {
      halfLives.add(halfLifeOutcomes);
      return true;
    }
  }

  private static Router.Builder router(SharingStore store, LearningPolicy policy) {
    return Router.builder().roster(List.of(Rep.builder("a").territories("US").capacity(10).build()))
        .strategies(StrategyRegistry.of()).step("ll", TestStrategies.LEAST_LOADED).manualTimers()
        .stateStore(store).learning(new ConversionModel(policy));
  }

  @Test
  void theHalfLifeGoesWithEachOutcomeToAStoreThatFadesThem() {
    SharingStore store = new SharingStore(true);
    try (Router r = router(store, LearningPolicy.builder().halfLifeOutcomes(40).build()).build()) {
      Decision d = r.route(Lead.builder("l1").country("US").build());
      assertThat(r.recordOutcome(d.leadId(), Outcome.WON)).isTrue();
    }
    assertThat(store.halfLives).containsExactly(40L);
    SharingStore never = new SharingStore(false);
    try (Router r = router(never, LearningPolicy.defaults()).build()) {
      Decision d = r.route(Lead.builder("l1").country("US").build());
      r.recordOutcome(d.leadId(), Outcome.LOST);
    }
    assertThat(never.halfLives).as("no half-life: any sharing store will do").containsExactly(0L);
  }

  @Test
  void aHalfLifeOnAStoreThatCannotFadeSharedCountsIsRefused() {
    assertThatThrownBy(() -> router(new SharingStore(false), LearningPolicy.builder().halfLifeOutcomes(40).build())
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("learning policy halfLifeOutcomes is 40, but the state store SharingStore shares outcomes"
            + " without fading them: its counts would never halve; use a store that fades outcomes or set"
            + " halfLifeOutcomes to 0");
  }
}
