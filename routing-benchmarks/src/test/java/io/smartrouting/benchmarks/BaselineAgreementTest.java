package io.smartrouting.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The index-free baselines make the router's decision, so the benchmark ratios compare like with like:
 * {@code streamMaxBaseline} ({@link StreamMaxRouter}) and {@code sortAllCandidates} ({@link LinearScanRouter}).
 */
class BaselineAgreementTest {

  /** A baseline as its route and release. */
  record Baseline(Function<Lead, String> route, Consumer<String> release) {}

  static Stream<Arguments> worlds() {
    Stream.Builder<Arguments> out = Stream.builder();
    long[][] worlds = {{1, 50}, {2, 400}, {3, 2000}, {4, 20}};
    for (String kind : new String[] {"streamMax", "sortAll"}) {
      for (long[] w : worlds) {
        out.add(Arguments.of(kind, w[0], (int) w[1]));
      }
    }
    // A roster on which the weighted step walks best-first by default (bestFirst: auto), against the peer that
    // scores every candidate.
    out.add(Arguments.of("streamMax", 5L, 30_000));
    return out.build();
  }

  private static Baseline baseline(String kind, BenchWorld world) {
    if (kind.equals("streamMax")) {
      StreamMaxRouter r = new StreamMaxRouter(world.reps, world.accounts);
      return new Baseline(r::route, r::release);
    }
    LinearScanRouter r = new LinearScanRouter(world.reps, world.accounts);
    return new Baseline(r::route, r::release);
  }

  @ParameterizedTest(name = "{0}, seed {1}, {2} reps")
  @MethodSource("worlds")
  void picksTheSameRepAsTheRouterOnThousandsOfLeads(String kind, long seed, int reps) {
    BenchWorld world = BenchWorld.generate(seed, reps, 3000);
    Router router = Router.builder().roster(world.reps).accounts(world.accounts).defaultChain().build();
    Baseline baseline = baseline(kind, world);
    Map<String, Integer> byStep = new HashMap<>();
    int i = 0;
    for (Lead lead : world.leads) {
      Decision d = router.route(lead);
      String expected = d.isAssigned() ? d.repId() : LinearScanRouter.QUEUE;
      assertThat(baseline.route().apply(lead)).as("lead %s (%s), decided by %s", lead.id(), d.tier(),
          d.decidedBy()).isEqualTo(expected);
      byStep.merge(d.decidedBy(), 1, Integer::sum);
      // Keep some leads open so that capacity, headroom and round-robin state all come into play.
      if (i++ % 3 != 0) {
        router.release(lead.id());
        baseline.release().accept(lead.id());
      }
    }
    // Every step of the default chain decided some of the leads.
    assertThat(byStep).containsKeys("account-owner", "tier-fast-track", "weighted", "round-robin");
  }
}
