package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.core.Router;
import io.smartrouting.spi.StrategyConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedConfigTest {

  @Test
  void defaultsMatchTheDecisionMatrix() {
    WeightedStrategy w = WeightedStrategy.fromConfig(StrategyConfig.empty());
    assertThat(w.weight("territory")).isEqualTo(0.30);
    assertThat(w.weight("industry")).isEqualTo(0.20);
    assertThat(w.weight("segment")).isEqualTo(0.25);
    assertThat(w.weight("capacity")).isEqualTo(0.15);
    assertThat(w.weight("response")).isEqualTo(0.10);
    assertThat(w.weight("performance")).isEqualTo(0.0);
  }

  @Test
  void weightsThatDoNotSumToOneAreRejectedWithEveryWeightAndTheSum() {
    assertThatThrownBy(() -> WeightedStrategy.fromConfig(StrategyConfig.of("weight.territory", "0.5")))
        .hasMessageContaining("weights must sum to 1.0 but were {territory=0.5, industry=0.2")
        .hasMessageContaining("(sum 1.200000)");
    // Two weights written to sum to 1: the others kept their defaults, and the message says so and what to do.
    assertThatThrownBy(() -> WeightedStrategy.fromConfig(StrategyConfig.of("weight.territory", "0.5",
        "weight.industry", "0.5")))
        .hasMessageContaining("the factors not given keep their default weights {segment=0.25, capacity=0.15,"
            + " response=0.1}, and the weights given already sum to 1.0: give them 0 to leave them out");
    assertThatThrownBy(() -> WeightedStrategy.fromConfig(StrategyConfig.of("weight.territory", "0.5",
        "weight.industry", "0.5", "weight.segment", "0", "weight.capacity", "0", "weight.response", "0.1")))
        .hasMessageContaining("(sum 1.100000)").hasMessageNotContaining("not given");
  }

  @Test
  void negativeNanAndUnknownWeightsAreRejected() {
    assertThatThrownBy(() -> WeightedStrategy.fromConfig(StrategyConfig.of("weight.industry", "-0.1")))
        .hasMessageContaining("weight 'industry' must be >= 0 but was -0.1");
    assertThatThrownBy(() -> WeightedStrategy.fromConfig(StrategyConfig.of("weight.industry", "NaN")))
        .hasMessageContaining("config 'weight.industry' must be a finite number");
    assertThatThrownBy(() -> WeightedStrategy.fromConfig(StrategyConfig.of("weight.teritory", "0.3")))
        .hasMessageContaining("unknown config keys [weight.teritory] (did you mean 'weight.territory' for"
            + " 'weight.teritory'?); known: [bestFirst, ");
    // "weights" for "weight", and a key far from any: suggested where close, listed either way.
    assertThatThrownBy(() -> WeightedStrategy.fromConfig(StrategyConfig.of("weights.industry", "0.3", "speed",
        "1"))).hasMessageContaining("unknown config keys [speed, weights.industry] (did you mean 'weight.industry'"
            + " for 'weights.industry'?); known: [");
  }

  /**
   * Weights as revenue operations say them, "territory 30%": with the sign they are read as shares; without it, the
   * sum of 100 is told as percentages (until 7 December 2026 only "must be a number but was '30%'").
   */
  @Test
  void weightsMayBeWrittenAsPercentages() {
    WeightedStrategy w = WeightedStrategy.fromConfig(StrategyConfig.of("weight.territory", "30%",
        "weight.industry", " 20 %", "weight.segment", "25%", "weight.capacity", "0.15", "weight.response", "10%"));
    assertThat(w.weight("territory")).isEqualTo(0.30);
    assertThat(w.weight("industry")).isEqualTo(0.20);
    assertThat(w.weight("capacity")).isEqualTo(0.15);
    assertThat(w.weight("response")).isEqualTo(0.10);
    assertThatThrownBy(() -> WeightedStrategy.fromConfig(StrategyConfig.of("weight.territory", "30",
        "weight.industry", "20", "weight.segment", "25", "weight.capacity", "15", "weight.response", "10")))
        .hasMessageContaining("(sum 100.000000); written as percentages? Write each as a share (0.30) or with its"
            + " sign (30%)");
    assertThatThrownBy(() -> WeightedStrategy.fromConfig(StrategyConfig.of("weight.territory", "thirty%")))
        .hasMessage("config 'weight.territory' must be a number (0.3) or a percentage (30%) but was 'thirty%'");
    assertThatThrownBy(() -> WeightedStrategy.fromConfig(StrategyConfig.of("weight.territory", "-30%")))
        .hasMessageContaining("weight 'territory' must be >= 0 but was -0.3");
  }

  @Test
  void aValidRebalanceIncludingPerformanceIsAccepted() {
    WeightedStrategy w = WeightedStrategy.fromConfig(StrategyConfig.of("weight.territory", "0.25",
        "weight.response", "0.05", "weight.performance", "0.10"));
    assertThat(w.weight("performance")).isEqualTo(0.10);
  }

  @Test
  void badWeightsFailWhenTheRouterIsBuiltNotWhenItRoutes() {
    Router.Builder b = Router.builder().roster(List.of())
        .step("weighted", StrategyConfig.of("weight.capacity", "0.9"));
    assertThatThrownBy(b::build).hasMessageContaining("strategy 'weighted' rejected its config")
        .hasMessageContaining("weights must sum to 1.0");
  }

  @Test
  void bestFirstIsAutomaticByDefaultOnOrOffWhenAskedAndAClearErrorOtherwise() {
    int large = WeightedStrategy.AUTO_BEST_FIRST_ROSTER;
    for (WeightedStrategy auto : List.of(new WeightedStrategy(), WeightedStrategy.fromConfig(StrategyConfig.of()),
        WeightedStrategy.fromConfig(StrategyConfig.of("bestFirst", "Auto")))) {
      assertThat(auto.bestFirstEnabled(large - 1)).as("a roster under the threshold is scanned in full").isFalse();
      assertThat(auto.bestFirstEnabled(large)).isTrue();
    }
    WeightedStrategy always = WeightedStrategy.fromConfig(StrategyConfig.of("bestFirst", "true"));
    assertThat(always.bestFirstEnabled(100)).isTrue();
    WeightedStrategy never = WeightedStrategy.fromConfig(StrategyConfig.of("bestFirst", "FALSE"));
    assertThat(never.bestFirstEnabled(large * 4)).isFalse();
    assertThatThrownBy(() -> WeightedStrategy.fromConfig(StrategyConfig.of("bestFirst", "maybe")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bestFirst'")
        .hasMessageContaining("auto, true or false").hasMessageContaining("'maybe'");
    // Same decisions either way (the agreement property checks this thoroughly; here through the registry).
    List<io.smartrouting.api.Rep> reps = List.of(
        io.smartrouting.api.Rep.builder("fast").territories("US").responseMinutes(2).build(),
        io.smartrouting.api.Rep.builder("slow").territories("US").responseMinutes(90).build());
    io.smartrouting.api.Lead lead = io.smartrouting.api.Lead.builder("L").country("US").icpScore(90).build();
    for (String on : List.of("true", "false", "auto")) {
      try (Router router = Router.builder().roster(reps)
          .step("weighted", StrategyConfig.of("bestFirst", on)).build()) {
        assertThat(router.route(lead).repId()).as("bestFirst %s", on).isEqualTo("fast");
      }
    }
  }

  @Test
  void theDefaultChainIsDiscoveredThroughServiceLoader() {
    Router router = Router.builder().roster(List.of()).defaultChain().build();
    assertThat(router.chain()).containsExactly("account-owner", "tier-fast-track", "weighted", "round-robin");
  }

  @Test
  void weighingPerformanceWithoutALearningModelIsRefusedNotScoredAlike() {
    io.smartrouting.core.ChainStep learned = io.smartrouting.core.ChainStep.of("weighted", StrategyConfig.of(
        "weight.territory", "0.3", "weight.industry", "0.2", "weight.segment", "0.2", "weight.capacity", "0.1",
        "weight.response", "0.1", "weight.performance", "0.1"));
    List<io.smartrouting.api.Rep> reps = List.of(io.smartrouting.api.Rep.builder("a").territories("US").build());
    assertThatThrownBy(() -> Router.builder().roster(reps).step(learned).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 'weighted' weighs performance (weight.performance=0.1) but the router has no learning"
            + " model, so the factor would score every rep alike: call learning(model) or leave the weight out");
    try (Router withModel = Router.builder().roster(reps).step(learned)
        .learning(new io.smartrouting.core.learning.ConversionModel()).build()) {
      assertThat(withModel.chain()).containsExactly("weighted");
    }
    // A reload that brings the weight to a router without a model is refused too; the router keeps its chain.
    try (Router plain = Router.builder().roster(reps).step("round-robin").build()) {
      assertThatThrownBy(() -> plain.reconfigure(Router.builder().roster(reps).step(learned)))
          .hasMessageContaining("no learning model");
      assertThat(plain.chain()).containsExactly("round-robin");
    }
  }
}
