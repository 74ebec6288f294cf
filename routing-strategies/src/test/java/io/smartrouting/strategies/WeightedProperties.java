package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.core.StrategyRegistry;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;
import io.smartrouting.testkit.ContractWorld;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The weighted pick is always a qualified rep with the maximal composite score. */
class WeightedProperties {

  @Property(tries = 60)
  void picksTheMaximalCompositeAmongTheQualifiedReps(@ForAll @IntRange(min = 1, max = 100_000) int seed) {
    ContractWorld world = ContractWorld.generate(seed, 40, 40);
    WeightedStrategy weighted = new WeightedStrategy();
    int[] checked = {0};
    RoutingStrategy checking = (RoutingContext ctx) -> {
      StrategyResult r = weighted.apply(ctx);
      if (ctx.candidates().isEmpty()) {
        assertThat(r.kind()).isEqualTo(StrategyResult.Kind.PASS);
        return r;
      }
      assertThat(r.kind()).isEqualTo(StrategyResult.Kind.ASSIGN);
      assertThat(ctx.candidates().contains(r.ordinal())).as("pick is a qualified candidate").isTrue();
      double[] scratch = new double[WeightedStrategy.FACTORS.size()];
      double winner = weighted.score(ctx, r.ordinal(), scratch);
      for (int o = ctx.candidates().first(); o >= 0; o = ctx.candidates().next(o)) {
        assertThat(weighted.score(ctx, o, scratch)).as("composite of %s", ctx.rep(o).id())
            .isLessThanOrEqualTo(winner);
      }
      // The breakdown keeps what it shows to float precision; the pick itself was made on the exact composite.
      assertThat(r.scores().composite(0)).isEqualTo((double) (float) winner);
      checked[0]++;
      return r;
    };
    Router router = Router.builder().roster(world.reps()).accounts(world.accounts())
        .strategies(StrategyRegistry.of()).step("weighted", checking).build();
    for (Lead lead : world.leads()) {
      Decision d = router.route(lead);
      if (d.isAssigned()) {
        Rep rep = router.roster().stream().filter(x -> x.id().equals(d.repId())).findFirst().orElseThrow();
        assertThat(rep.active()).isTrue();
      }
    }
    assertThat(checked[0]).isPositive();
  }
}
