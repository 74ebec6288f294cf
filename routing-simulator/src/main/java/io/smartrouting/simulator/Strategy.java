package io.smartrouting.simulator;

import io.smartrouting.api.Tier;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.spi.CandidateSet;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyConfig;
import io.smartrouting.spi.StrategyResult;
import java.time.Duration;
import java.util.Map;

/** The routing strategies the simulator compares, each built as a real {@link Router} on the world's roster. */
enum Strategy {
  /** Round-robin among qualified reps for every lead: the baseline. */
  ROUND_ROBIN("round-robin", "round-robin among qualified reps for every tier"),
  /** The SDK's default chain, no learning. */
  DEFAULT_CHAIN("default", "account-owner, tier-fast-track (T1), weighted (T2), round-robin (T3)"),
  /** The default chain with the learning model; weighted scoring with performance for Tiers 2 and 3. */
  LEARNING("learning", "account-owner, tier-fast-track (T1), weighted with learned performance (T2 and T3), "
      + "exploring 10% of leads"),
  /** The learning chain with fair-share pricing: every rep between 50% and 150% of its weighted fair share. */
  FAIR_LEARNING("fair-learning", "learning, with fair-share pricing on the weighted step: every rep kept between "
      + "50% and 150% of its fair share among the leads it qualified for (half-life 2,000 decisions)"),
  /** Knows the world's hidden rates: the upper bound, for regret. */
  ORACLE("oracle", "picks the candidate with the highest true expected conversion (knows the hidden rates)"),
  /**
   * The chain of a routing configuration ({@code --config}): its steps, classification, capacity threshold and
   * queues, on the world's reps; its own roster and accounts are not used, and SLAs are measured, not enforced, as
   * for the others.
   */
  CONFIGURED("config", "the chain of the routing configuration given with --config, on the world's reps");

  /** Weights of the learning variant's weighted step. */
  static final StrategyConfig LEARNING_WEIGHTS = StrategyConfig.of("weight.territory", "0.05",
      "weight.industry", "0.10", "weight.segment", "0.10", "weight.capacity", "0.30", "weight.response", "0.15",
      "weight.performance", "0.30");

  /** The learning weights with fair-share bounds. */
  static final StrategyConfig FAIR_LEARNING_WEIGHTS = StrategyConfig.of("weight.territory", "0.05",
      "weight.industry", "0.10", "weight.segment", "0.10", "weight.capacity", "0.30", "weight.response", "0.15",
      "weight.performance", "0.30", "fairness.min", "0.5", "fairness.max", "1.5", "fairness.halfLife", "2000");

  final String label;
  final String description;

  Strategy(String label, String description) {
    this.label = label;
    this.description = description;
  }

  Router build(World world, ManualClock clock, Map<String, LeadStream.SimLead> byId,
      java.util.function.Consumer<io.smartrouting.strategies.WeightedStrategy> fairStep,
      io.smartrouting.config.@org.jspecify.annotations.Nullable RoutingConfig config) {
    Router.Builder b;
    if (this == CONFIGURED) {
      if (config == null) {
        throw new IllegalStateException("the configured strategy needs a routing configuration");
      }
      // Its chain and rules on the world's reps: accounts name reps the world does not have.
      b = config.toBuilder().accounts(java.util.List.of()).sla(Tier.TIER_3, null);
    } else {
      b = Router.builder();
    }
    b.roster(world.roster()).clock(clock).manualTimers()
        .sla(Tier.TIER_1, null).sla(Tier.TIER_2, null).idempotency(Duration.ofDays(3), 200_000);
    switch (this) {
      case ROUND_ROBIN -> b.step("round-robin");
      case DEFAULT_CHAIN -> b.defaultChain();
      case LEARNING -> b.learning(new ConversionModel())
          .step(ChainStep.of("account-owner"))
          .step(ChainStep.of("tier-fast-track").onlyFor(Tier.TIER_1))
          .step(ChainStep.of("weighted", LEARNING_WEIGHTS).onlyFor(Tier.TIER_2, Tier.TIER_3));
      case FAIR_LEARNING -> {
        io.smartrouting.strategies.WeightedStrategy weighted =
            io.smartrouting.strategies.WeightedStrategy.fromConfig(FAIR_LEARNING_WEIGHTS);
        fairStep.accept(weighted);
        b.learning(new ConversionModel())
            .step(ChainStep.of("account-owner"))
            .step(ChainStep.of("tier-fast-track").onlyFor(Tier.TIER_1))
            .step(ChainStep.of("weighted", weighted).onlyFor(Tier.TIER_2, Tier.TIER_3));
      }
      case ORACLE -> b.step("oracle", new Oracle(world, byId));
      case CONFIGURED -> { }
      default -> throw new AssertionError(this);
    }
    return b.build();
  }

  /** Chooses by the world's truth. Not a strategy anyone could run; the yardstick for regret. */
  static final class Oracle implements RoutingStrategy {
    private final World world;
    private final Map<String, LeadStream.SimLead> byId;

    Oracle(World world, Map<String, LeadStream.SimLead> byId) {
      this.world = world;
      this.byId = byId;
    }

    @Override
    public StrategyResult apply(RoutingContext ctx) {
      LeadStream.SimLead lead = byId.get(ctx.lead().id());
      CandidateSet c = ctx.candidates();
      int best = -1;
      double bestValue = -1;
      for (int o = c.first(); o >= 0; o = c.next(o)) {
        double v = world.expectedConversion(world.byId.get(ctx.rep(o).id()), lead, ctx.loadRatio(o));
        if (v > bestValue) {
          bestValue = v;
          best = o;
        }
      }
      return best < 0 ? StrategyResult.pass("no candidates") : StrategyResult.assign(best, "oracle");
    }
  }
}
