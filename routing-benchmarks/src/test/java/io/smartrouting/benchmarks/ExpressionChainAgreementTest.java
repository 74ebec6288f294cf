package io.smartrouting.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's two chains are the same chain: on 3,000 leads they decide alike, step by step. */
class ExpressionChainAgreementTest {

  @Test
  void theExpressionChainAndTheJavaChainDecideAlike() {
    BenchWorld world = BenchWorld.generate(17, 1000, 3000);
    Map<String, Integer> byStep = new HashMap<>();
    java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-12-02T15:00:00Z"),
        java.time.ZoneOffset.UTC);
    try (Router expr = ExpressionChains.router(world, ExpressionChains.expressions(), clock);
        Router java = ExpressionChains.router(world, ExpressionChains.java(), clock)) {
      for (Lead lead : world.leads) {
        Decision a = expr.route(lead);
        Decision b = java.route(lead);
        assertThat(a.repId()).as("lead %s\n%s\n%s", lead.id(), a.explain(), b.explain()).isEqualTo(b.repId());
        assertThat(a.decidedBy()).isEqualTo(b.decidedBy());
        assertThat(a.explain()).isEqualTo(b.explain());
        byStep.merge(a.decidedBy(), 1, Integer::sum);
        expr.release(a.leadId());
        java.release(b.leadId());
      }
    }
    // Every step decides a share of the leads, so every condition is exercised both ways.
    assertThat(byStep).containsKeys("account-owner", "tier-fast-track", "weighted", "round-robin");
  }
}
