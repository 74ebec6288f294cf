package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Tier;
import io.smartrouting.core.testing.OpenLeads;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ChainStep#toQueue}: a rule that places leads in a queue, as assignment rules that assign to a queue do; the
 * queue drains (through the rest of the chain) or reps claim from it.
 */
class QueueStepTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));

  private Router.Builder builder(Rep... reps) {
    return Router.builder().roster(List.of(reps)).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
        .sla(Tier.TIER_3, Duration.ofHours(4)).slaClock(Tier.TIER_3, SlaClock.WALL_CLOCK)
        .step(ChainStep.toQueue("healthcare-pool").when("industry = 'healthcare'"))
        .step("ll", TestStrategies.LEAST_LOADED);
  }

  private static Rep rep(String id) {
    return Rep.builder(id).territories("US").capacity(5).build();
  }

  private static Lead lead(String id, String industry) {
    return Lead.builder(id).country("US").industry(industry).build();
  }

  @Test
  void leadsTheRuleMatchesWaitInItsQueueAndOthersGoOnThroughTheChain() {
    Router router = builder(rep("ana"), rep("bob")).build();
    Decision pooled = router.route(lead("H1", "healthcare"));
    assertThat(pooled.repId()).isNull();
    assertThat(pooled.queue()).isEqualTo("healthcare-pool");
    assertThat(pooled.decidedBy()).isEqualTo("queue:healthcare-pool");
    assertThat(pooled.flags()).contains(Flag.QUEUED_BY_RULE).doesNotContain(Flag.FALLBACK_QUEUE);
    assertThat(pooled.slaDeadline()).as("its first-contact deadline runs in the queue too")
        .isEqualTo(clock.instant().plus(Duration.ofHours(4)));
    assertThat(pooled.explain()).contains("QUEUE").contains("placed the lead in queue 'healthcare-pool'")
        .contains("placed in queue 'healthcare-pool' by chain step 'queue:healthcare-pool'");
    assertThat(router.preview(lead("H2", "healthcare")).queue()).as("a preview says so").isEqualTo("healthcare-pool");
    assertThat(router.route(lead("R1", "retail")).repId()).as("others are routed as before").isEqualTo("ana");
    assertThat(router.waitingLeads()).isEqualTo(1);

    assertThat(router.claimNext("bob").orElseThrow().leadId()).as("a rep claims it").isEqualTo("H1");
    router.route(lead("H3", "healthcare"));
    assertThat(router.drainQueues()).as("a drain passes over the rule: the next steps give it a rep").isEqualTo(1);
    assertThat(OpenLeads.holders(router)).containsEntry("H3", "ana");
    assertThat(router.transfer("H3").repId()).as("so does a transfer").isEqualTo("bob");
  }

  @Test
  void withAClaimWindowTheQueueIsAPoolRepsPullFromBeforeItIsPushed() {
    Router router = builder(rep("ana"), rep("bob"))
        .queuePolicy(QueuePolicy.of("healthcare-pool").claimWindow(Duration.ofMinutes(15))).build();
    router.route(lead("H1", "healthcare"));
    router.route(lead("H2", "healthcare"));
    clock.advance(Duration.ofMinutes(5));
    assertThat(router.fireDueTimers()).isZero();
    assertThat(router.claimNext("bob").orElseThrow().leadId()).isEqualTo("H1");
    clock.advance(Duration.ofMinutes(10));
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).containsEntry("H1", "bob").containsEntry("H2", "ana");
  }

  @Test
  void aRuleForSomeTiersLeavesTheOthersToTheChainAndABlankQueueIsRefused() {
    Router router = Router.builder().roster(List.of(rep("ana"))).clock(clock).strategies(StrategyRegistry.of())
        .manualTimers().step(ChainStep.toQueue("nurture").onlyFor(Tier.TIER_3))
        .step("ll", TestStrategies.LEAST_LOADED).build();
    assertThat(router.route(lead("T3", "retail")).queue()).isEqualTo("nurture");
    assertThat(router.route(Lead.builderFrom(lead("T1", "retail")).source(LeadSource.DEMO_REQUEST).build()).repId())
        .isEqualTo("ana");
    assertThat(router.chain()).containsExactly("queue:nurture", "ll");
    // The README's example: referrals wait in 'partners'.
    Router partners = Router.builder().roster(List.of(rep("ana"))).clock(clock).strategies(StrategyRegistry.of())
        .manualTimers().step(ChainStep.toQueue("partners").when("source = 'REFERRAL'"))
        .step("ll", TestStrategies.LEAST_LOADED).build();
    assertThat(partners.route(Lead.builderFrom(lead("P1", "retail")).source(LeadSource.REFERRAL).build()).queue())
        .isEqualTo("partners");
    assertThat(partners.route(lead("W1", "retail")).repId()).isEqualTo("ana");
    assertThat(ChainStep.toQueue("nurture").queue()).isEqualTo("nurture");
    assertThat(ChainStep.of("round-robin").queue()).isNull();
    assertThatThrownBy(() -> ChainStep.toQueue(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("toQueue: queue must not be blank");
  }
}
