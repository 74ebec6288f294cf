package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.StrategyRegistry;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.ScoreBreakdown;
import io.smartrouting.spi.StrategyResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The best-first scan of the weighted step picks exactly what the full scan picks: the same three best rows, in the
 * same order, with the same composites and factor scores, on random rosters and leads where ties are common
 * (response times and capacities from short lists), while leads stay open (capacity scores move) and contacts change
 * response times (the order's change log and merges, and remakes from the minutes when the log cannot tell what
 * changed). With its bound made too tight, the property fails.
 */
class BestFirstAgreementProperties {

  private static final String[] INDUSTRIES = {"software", "finance", "retail"};
  private static final double[] MINUTES = {2, 5, 5, 10, 30, 60};

  @Property(tries = 1000)
  void bestFirstPicksWhatTheFullScanPicks(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long seed) {
    WalkWorlds.Outcome o = run(seed, 1e-9);
    assertThat(o.compared()).as("decisions compared").isPositive();
    assertThat(o.disagreements()).as("first disagreement: %s", o.first()).isZero();
  }

  @Test
  void aBoundThatIsTooTightIsCaught() {
    int disagreements = 0;
    for (long seed = 1; seed <= 40 && disagreements == 0; seed++) {
      disagreements += run(seed, -0.02).disagreements();
    }
    assertThat(disagreements).as("a bound 0.02 too tight must change some pick").isPositive();
  }

  static WalkWorlds.Outcome run(long seed, double slack) {
    Random rnd = new Random(seed);
    List<Rep> reps = new ArrayList<>();
    int n = 120 + rnd.nextInt(200);
    for (int i = 0; i < n; i++) {
      Rep.Builder b = WalkWorlds.rep(rnd, i, 2, MINUTES);
      int seg = rnd.nextInt(4);
      if (seg < 3) {
        b.segments(List.of(Segment.values()[seg]));
      }
      if (rnd.nextBoolean()) {
        b.industries(INDUSTRIES[rnd.nextInt(INDUSTRIES.length)]);
      }
      reps.add(b.build());
    }
    // Half the worlds weigh response time heavily, so that a rep misplaced in the order would change the pick.
    WeightedStrategy weights = rnd.nextBoolean() ? new WeightedStrategy()
        : WeightedStrategy.fromConfig(io.smartrouting.spi.StrategyConfig.of("weight.territory", "0.2",
            "weight.industry", "0.1", "weight.segment", "0.1", "weight.capacity", "0.2", "weight.response", "0.4"));
    WeightedStrategy full = weights.withBestFirstFrom(Integer.MAX_VALUE);
    // A small change buffer on some worlds: more changes than it holds between two decisions, so the order is
    // remade from the minutes (not from the log) as well as merged from the log.
    WeightedStrategy bestFirst = weights.withBestFirstFrom(0)
        .withChangeBuffer(rnd.nextBoolean() ? 4096 : 1 + rnd.nextInt(6));
    bestFirst.boundSlack = slack;
    // A short tail on most worlds: changes sorted into the side list a few at a time, so that walks merge it with
    // the order (with the default, a small roster merges its order before the side list is ever sorted).
    bestFirst.sideTail = rnd.nextInt(4) == 0 ? ResponseOrder.Scratch.TAIL : 1 + rnd.nextInt(6);
    int[] counts = new int[2];
    String[] first = {""};
    RoutingStrategy comparing = ctx -> {
      StrategyResult expected = full.apply(ctx);
      StrategyResult actual = bestFirst.apply(ctx);
      if (expected.kind() != StrategyResult.Kind.ASSIGN) {
        return expected;
      }
      counts[0]++;
      String e = rows(expected.scores());
      String a = rows(actual.scores());
      if (actual.kind() != StrategyResult.Kind.ASSIGN || !e.equals(a)) {
        if (counts[1]++ == 0) {
          first[0] = "expected " + e + " but best-first gave " + a;
        }
      }
      return expected;
    };
    ManualClock clock = new ManualClock(Instant.parse("2026-12-01T15:00:00Z"));
    try (Router router = Router.builder().roster(reps).strategies(StrategyRegistry.of()).clock(clock).manualTimers()
        .step("weighted", comparing).build()) {
      List<String> open = new ArrayList<>();
      int leads = 60 + rnd.nextInt(60);
      for (int l = 0; l < leads; l++) {
        Lead.Builder lead = Lead.builder("lead-" + l).icpScore(90);
        WalkWorlds.place(rnd, lead);
        if (rnd.nextInt(3) != 0) {
          lead.industry(INDUSTRIES[rnd.nextInt(INDUSTRIES.length)]);
        }
        if (rnd.nextInt(4) != 0) {
          lead.employees(new int[] {30, 400, 5000}[rnd.nextInt(3)]);
        }
        Decision d = router.route(lead.build());
        if (d.isAssigned()) {
          open.add(d.leadId());
        }
        // Contacts change response times (the change log); releases and open leads move capacity scores.
        if (!open.isEmpty() && rnd.nextInt(3) != 0) {
          WalkWorlds.contactOne(rnd, router, clock, open, 90);
        }
      }
    }
    return new WalkWorlds.Outcome(counts[0], counts[1], first[0]);
  }

  private static String rows(ScoreBreakdown b) {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < b.rows(); r++) {
      sb.append(b.ordinal(r)).append('=').append(b.composite(r)).append('[');
      for (int f = 0; f < WeightedStrategy.FACTORS.size(); f++) {
        sb.append(b.score(r, f)).append(' ');
      }
      sb.append("] ");
    }
    return sb.toString();
  }
}
