package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.core.Router;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.spi.StrategyConfig;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The weighted strategy with fair-share pricing keeps every rep within its bounds: whatever outcomes teach the
 * learning model (so whatever the performance scores say), no rep's count of leads leaves [min, max] times its fair
 * share by more than one lead, after every decision.
 */
class FairShareProperties {

  record Outcome(int rep, boolean won) {}

  @Provide
  Arbitrary<List<Outcome>> outcomes() {
    return Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.of(true, false))
        .as(Outcome::new).list().ofMinSize(0).ofMaxSize(400);
  }

  private static WeightedStrategy fairLearner(double min, double max) {
    return WeightedStrategy.fromConfig(StrategyConfig.of("weight.territory", "0", "weight.industry", "0",
        "weight.segment", "0", "weight.capacity", "0", "weight.response", "0", "weight.performance", "1",
        "fairness.min", Double.toString(min), "fairness.max", Double.toString(max), "fairness.halfLife", "1e9"));
  }

  @Property(tries = 60)
  void noRepLeavesItsBoundsByMoreThanOneLead(@ForAll("outcomes") List<Outcome> outcomes,
      @ForAll @IntRange(min = 2, max = 8) int reps, @ForAll @IntRange(min = 1, max = 3) int heavy) {
    List<Rep> roster = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      // Weights differ, so fair shares differ.
      roster.add(Rep.builder("r" + i).territories("*").capacity(1000).weight(i < heavy ? 2 : 1).build());
    }
    ConversionModel model = new ConversionModel();
    WeightedStrategy strategy = fairLearner(0.5, 1.5);
    try (Router router = Router.builder().roster(roster).learning(model).manualTimers()
        .step("fair", strategy).build()) {
      for (int i = 0; i < 300; i++) {
        if (i < outcomes.size()) {
          Outcome o = outcomes.get(i);
          model.record("r" + (o.rep() % reps), Segment.SMB, null, o.won());
        }
        Decision d = router.route(Lead.builder("L-" + i).country("US").employees(20).build());
        assertThat(d.repId()).isNotNull();
        router.release(d.leadId());
        for (Rep r : roster) {
          double[] c = strategy.fairShare().counts(r.id());
          // (The counts decay, by a hair with this half-life: a rep exactly one lead over its maximum share can
          // read a few 1e-10 above the bound, so the tolerance is 1e-6 of a lead, far below one lead.)
          assertThat(c[0]).as("%s after %d leads: %s of fair %s", r.id(), i + 1, c[0], c[1])
              .isBetween(0.5 * c[1] - 1 - 1e-6, 1.5 * c[1] + 1 + 1e-6);
        }
      }
    }
  }

  /**
   * Found at ten times the tries: a rep the model likes, whose share is still under one lead (seven reps, three of
   * them heavy), took three of the first nine leads on a share of 0.9 while a share under one lead exempted it.
   */
  @Example
  void aRepWithAShareUnderOneLeadTakesOneLeadAndWaits() {
    List<Outcome> outcomes = List.of(new Outcome(0, false), new Outcome(1, false), new Outcome(2, false),
        new Outcome(6, true), new Outcome(6, true), new Outcome(6, true));
    noRepLeavesItsBoundsByMoreThanOneLead(outcomes, 7, 3);
  }

  @Example
  void theTraceSaysWhyAndAPreviewChangesNothing() {
    List<Rep> roster = List.of(Rep.builder("a").territories("*").capacity(100).build(),
        Rep.builder("b").territories("*").capacity(100).build());
    ConversionModel model = new ConversionModel();
    for (int i = 0; i < 50; i++) {
      model.record("a", Segment.SMB, null, true);
      model.record("b", Segment.SMB, null, false);
    }
    WeightedStrategy strategy = fairLearner(0.5, 1.5);
    try (Router router = Router.builder().roster(roster).learning(model).manualTimers().step("fair", strategy)
        .build()) {
      int toB = 0;
      for (int i = 0; i < 40; i++) {
        router.preview(Lead.builder("P-" + i).country("US").employees(20).build());
        Decision d = router.route(Lead.builder("L-" + i).country("US").employees(20).build());
        toB += "b".equals(d.repId()) ? 1 : 0;
        router.release(d.leadId());
      }
      // a converts, b never does: b still gets at least half its fair share (20 of 40 leads).
      assertThat(toB).isBetween(9, 11);
      assertThat(strategy.fairShare().counts("a")[0] + strategy.fairShare().counts("b")[0])
          .as("previews recorded nothing").isCloseTo(40, org.assertj.core.data.Offset.offset(1e-6));
      Decision next = router.route(Lead.builder("L-x").country("US").employees(20).build());
      assertThat(next.explain()).containsAnyOf("of share: price", "furthest below its fair share");
    }
  }

  @Example
  void pricesPrintWithThreeDecimals() {
    assertThat(FairShare.thousandths(0.0156)).isEqualTo("0.016");
    assertThat(FairShare.thousandths(-0.5)).isEqualTo("-0.500");
    assertThat(FairShare.thousandths(1.25)).isEqualTo("1.250");
    assertThat(FairShare.thousandths(-0.0004)).isEqualTo("0.000");
  }

  @Example
  void badFairnessSettingsAreNamed() {
    assertThatThrownBy(() -> fairLearner(1.5, 2)).hasMessageContaining("fairness.min");
    assertThatThrownBy(() -> fairLearner(0.5, 0.9)).hasMessageContaining("fairness.max");
    assertThatThrownBy(() -> WeightedStrategy.fromConfig(StrategyConfig.of("fairness.min", "0.5",
        "fairness.halfLife", "0"))).hasMessageContaining("fairness.halfLife");
  }
}
