package io.smartrouting.examples;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.QueuePolicy;
import io.smartrouting.core.Router;
import io.smartrouting.core.state.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A pool reps pull from: Tier 3 leads wait in queue {@code pool} (a chain step that places leads in a queue), reps
 * click "next lead" ({@code claimNext}), and a lead nobody claims within 10 minutes is pushed to a rep with room by
 * the rest of the chain. Tier 1 and 2 leads are pushed at once. Runs on a manual clock (drains when called, as a
 * timer tick would); prints what happens.
 */
public final class PullQueueExample {
  private PullQueueExample() {}

  /** Routes five leads, lets two reps claim, moves the clock past the claim window and prints each step. */
  public static void main(String[] args) {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-07T15:00:00Z"));
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(10).build(),
        Rep.builder("ben").territories("US").capacity(10).build());
    try (Router router = Router.builder().roster(reps).clock(clock).manualTimers()
        .step(ChainStep.toQueue("pool").onlyFor(Tier.TIER_3))
        .step("round-robin")
        .queuePolicy(QueuePolicy.of("pool").claimWindow(Duration.ofMinutes(10)))
        .build()) {
      for (int i = 1; i <= 4; i++) {
        print(router.route(Lead.builder("web-" + i).country("US").build()));
        clock.advance(Duration.ofMinutes(1));
      }
      Decision demo = router.route(Lead.builder("demo-1").country("US").source(LeadSource.DEMO_REQUEST).build());
      print(demo);
      router.recordContact(demo.leadId(), clock.instant()); // called at once: its 5-minute SLA is met
      System.out.println("ben may claim " + router.claimable("ben").stream().map(Placement::leadId).toList());
      System.out.println("ben clicks next lead: " + router.claimNext("ben").map(Decision::leadId).orElse("none"));
      System.out.println("ana clicks next lead: " + router.claimNext("ana").map(Decision::leadId).orElse("none"));
      clock.advance(Duration.ofMinutes(5));
      System.out.println("pushed at 15:09: " + router.drainQueues());
      clock.advance(Duration.ofMinutes(5));
      System.out.println("pushed at 15:14: " + router.drainQueues());
      for (Placement p : router.openPlacements().stream()
          .sorted(java.util.Comparator.comparing(Placement::leadId)).toList()) {
        System.out.println(p.leadId() + " -> " + (p.repId() != null ? p.repId() : "queue " + p.queue()));
      }
    }
  }

  private static void print(Decision d) {
    System.out.println(d.leadId() + " (tier " + d.tier().number() + ") -> "
        + (d.repId() != null ? d.repId() : "queue " + d.queue()) + " by " + d.decidedBy());
  }
}
