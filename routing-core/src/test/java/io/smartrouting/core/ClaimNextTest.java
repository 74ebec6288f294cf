package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.OpenLeads;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link Router#claimNext}: a rep asking for work takes the first waiting lead it may take, in the drain's order, by
 * the decision's hard criteria, never one it held, within its capacity.
 */
class ClaimNextTest {

  private static final Instant START = Instant.parse("2026-11-02T15:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();

  private Router.Builder builder(Rep... reps) {
    return Router.builder().roster(List.of(reps)).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
        .step("ll", TestStrategies.LEAST_LOADED).listener(events::add).capacityThreshold(1.0)
        .sla(Tier.TIER_1, Duration.ofMinutes(5)).slaClock(Tier.TIER_1, SlaClock.WALL_CLOCK);
  }

  private static Rep rep(String id, String territory, int capacity) {
    return Rep.builder(id).territories(territory).capacity(capacity).build();
  }

  private static Lead lead(String id, String country) {
    return Lead.builder(id).country(country).email(id.toLowerCase() + "@example.org").build();
  }

  private static Lead demo(String id, String country) {
    return Lead.builderFrom(lead(id, country)).source(LeadSource.DEMO_REQUEST).build();
  }

  private List<RoutingEvent.LeadMoved> claims() {
    return OpenLeads.moves(events, RoutingEvent.Move.CLAIMED);
  }


  /**
   * A claim reads the head of the claim order first and the rest only when it walks past it: a rep whose one lead
   * waits behind a hundred it does not cover still gets it, and what it may claim is listed whole, however the lists
   * are cut.
   */
  @Test
  void aLeadBehindTheHeadOfTheClaimOrderIsStillClaimed() {
    Router router = builder(rep("ana", "US", 1), rep("dirk", "DE", 2)).build();
    router.route(lead("A0", "US"));
    router.route(lead("D0", "DE"));
    router.route(lead("D1", "DE"));
    for (int i = 0; i < 100; i++) {
      clock.advance(Duration.ofSeconds(10));
      router.route(lead(String.format("U%03d", i), "US"));
    }
    clock.advance(Duration.ofSeconds(10));
    router.route(lead("G1", "DE"));
    assertThat(router.claimable("dirk")).extracting(Placement::leadId).containsExactly("G1");
    assertThat(router.claimable("dirk", 1)).extracting(Placement::leadId).containsExactly("G1");
    assertThat(router.claimable("ana", 70)).hasSize(70).extracting(Placement::leadId)
        .startsWith("U000", "U001").endsWith("U069");
    router.release("D0");
    assertThat(router.claimNext("dirk")).map(Decision::leadId).as("the 101st waiting lead").contains("G1");
  }

  @Test
  void aRepTakesTheHighestTierFirstThenTheOldestItCovers() {
    // Ana (US) and Dirk (DE) hold one lead each, at capacity: later leads wait in the fallback queue.
    Router router = builder(rep("ana", "US", 1), rep("dirk", "DE", 1)).build();
    router.route(lead("A0", "US"));
    router.route(lead("D0", "DE"));
    router.route(lead("U1", "US"));
    clock.advance(Duration.ofMinutes(1));
    router.route(lead("G1", "DE"));
    clock.advance(Duration.ofMinutes(1));
    router.route(demo("U2", "US"));
    clock.advance(Duration.ofMinutes(1));
    router.route(lead("U3", "US"));
    assertThat(OpenLeads.holders(router)).containsEntry("U1", "queue:unassigned").containsEntry("U2",
        "queue:unassigned");

    assertThat(router.claimNext("ana")).as("ana is full").isEmpty();
    assertThat(router.claimable("ana")).as("what she may claim once she has room, in that order")
        .extracting(Placement::leadId).containsExactly("U2", "U1", "U3");
    assertThat(router.claimable("dirk")).extracting(Placement::leadId).containsExactly("G1");
    router.release("A0");
    Decision first = router.claimNext("ana").orElseThrow();
    assertThat(first.leadId()).as("Tier 1 first, though younger").isEqualTo("U2");
    assertThat(first.repId()).isEqualTo("ana");
    assertThat(first.hasFlag(Flag.CLAIMED)).isTrue();
    assertThat(first.decidedBy()).isEqualTo("claimed");
    assertThat(first.explain()).contains("claimed by ana from queue 'unassigned' after waiting 1 min");
    assertThat(first.slaDeadline()).as("a new first-contact deadline with its new rep")
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(router.armedTimers()).isEqualTo(1);
    Placement p = router.placement("U2").orElseThrow();
    assertThat(p.repId()).isEqualTo("ana");
    assertThat(p.queue()).isNull();

    router.release("U2");
    assertThat(router.claimNext("ana").orElseThrow().leadId()).as("then the oldest it covers, not G1 (DE)")
        .isEqualTo("U1");
    router.release("D0");
    assertThat(router.claimNext("dirk").orElseThrow().leadId()).isEqualTo("G1");
    assertThat(router.claimNext("dirk")).as("nothing left that dirk covers").isEmpty();
    assertThat(claims()).extracting(m -> m.leadId() + ":" + m.fromQueue() + ">" + m.decision().repId())
        .containsExactly("U2:unassigned>ana", "U1:unassigned>ana", "G1:unassigned>dirk");
    assertThat(router.openLeads("ana")).isEqualTo(1);
    assertThat(router.openLeads("dirk")).isEqualTo(1);
    assertThat(OpenLeads.holders(router)).containsEntry("U3", "queue:unassigned");
  }

  @Test
  void aRepNeverClaimsALeadItHeldAndTheQueueCanBeNamed() {
    Router router = builder(rep("ana", "US", 5), rep("bob", "US", 5)).fallbackQueue("overflow")
        .queuePolicy(QueuePolicy.of("overflow")).build();
    router.route(lead("L1", "US")); // ana
    router.updateRoster(List.of(rep("ana", "US", 5), rep("bob", "US", 5), rep("cy", "DE", 5)));
    // Transferred away from ana while bob is away: nobody else covers it, so it waits.
    router.setAvailable("bob", false);
    Decision queued = router.transfer("L1");
    assertThat(queued.queue()).isEqualTo("overflow");
    router.setAvailable("bob", true);

    assertThat(router.claimNext("ana")).as("ana held it").isEmpty();
    assertThat(router.claimNext("cy")).as("cy does not cover the US").isEmpty();
    assertThat(router.claimNext("bob", "unassigned")).as("another queue").isEmpty();
    assertThat(router.claimNext("bob", "overflow").orElseThrow().leadId()).isEqualTo("L1");
    assertThat(claims()).singleElement().satisfies(m -> {
      assertThat(m.fromRepId()).isNull();
      assertThat(m.fromQueue()).isEqualTo("overflow");
    });
    // A transfer now may not send it back to ana, the claim kept her among its earlier holders.
    assertThat(router.placement("L1").orElseThrow().earlierHolders()).contains("ana");
  }

  @Test
  void aQueuesRelaxationsApplyForTheTimeTheLeadHasWaited() {
    Rep smb = Rep.builder("sam").territories("US").segments(Segment.SMB).capacity(5).build();
    Router router = builder(smb).queuePolicy(QueuePolicy.of("unassigned")
        .relaxAfter(Duration.ofMinutes(15), QueuePolicy.Relaxation.ANY_SEGMENT)).build();
    router.route(Lead.builderFrom(lead("E1", "US")).employees(5000).build());
    assertThat(OpenLeads.holders(router)).containsEntry("E1", "queue:unassigned");
    clock.advance(Duration.ofMinutes(14));
    assertThat(router.claimNext("sam")).as("an enterprise lead, not sam's segment yet").isEmpty();
    clock.advance(Duration.ofMinutes(2));
    Decision d = router.claimNext("sam").orElseThrow();
    assertThat(d.explain()).contains("after waiting 16 min (relaxed: [ANY_SEGMENT])");
  }

  @Test
  void aQueueWithAClaimWindowKeepsItsLeadsForClaimsThenDrainsThem() {
    Router router = builder(rep("ana", "US", 1), rep("bob", "US", 1))
        .queuePolicy(QueuePolicy.of("unassigned").claimWindow(Duration.ofMinutes(10))).build();
    router.route(lead("A0", "US"));
    router.route(lead("B0", "US"));
    router.route(lead("P1", "US"));
    router.route(lead("P2", "US"));
    router.release("A0");
    router.release("B0");
    clock.advance(Duration.ofMinutes(9));
    assertThat(router.drainQueues()).as("within the window the drain pushes nothing").isZero();
    assertThat(router.claimNext("bob").orElseThrow().leadId()).isEqualTo("P1");
    clock.advance(Duration.ofMinutes(1));
    assertThat(router.drainQueues()).as("nobody claimed P2 in 10 minutes: pushed to ana, who has room").isEqualTo(1);
    Placement p2 = router.placement("P2").orElseThrow();
    assertThat(p2.repId()).isEqualTo("ana");
    assertThat(OpenLeads.moves(events).get(1).reason())
        .isEqualTo("drained from queue 'unassigned' after waiting 10 min (nobody claimed it within 10 min)");
    assertThatThrownBy(() -> QueuePolicy.of("q").claimWindow(Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queuePolicy.claimWindow must be >= 0");
  }

  @Test
  void onlyTheRepsAQueueNamesMayClaimItsLeadsWhileTheDrainIsNotBound() {
    Rep partnerManager = Rep.builder("pam").territories("US").team("partners").capacity(5).build();
    Router router = builder(rep("ana", "US", 5), partnerManager)
        .queuePolicy(QueuePolicy.of("unassigned").claimedBy("team = 'partners'").claimWindow(Duration.ofMinutes(30)))
        .build();
    router.setAvailable("ana", false);
    router.setAvailable("pam", false);
    router.route(lead("P1", "US"));
    router.setAvailable("ana", true);
    router.setAvailable("pam", true);
    assertThat(router.claimable("ana")).as("not a member").isEmpty();
    assertThat(router.claimNext("ana")).isEmpty();
    assertThat(router.claimable("pam")).extracting(Placement::leadId).containsExactly("P1");
    assertThat(router.claimNext("pam").orElseThrow().leadId()).isEqualTo("P1");
    router.setAvailable("ana", false);
    router.setAvailable("pam", false);
    router.route(lead("P2", "US"));
    router.setAvailable("ana", true);
    clock.advance(Duration.ofMinutes(30));
    assertThat(router.drainQueues()).as("the drain pushes to any rep").isEqualTo(1);
    assertThat(router.placement("P2").orElseThrow().repId()).isEqualTo("ana");
    assertThat(QueuePolicy.of("unassigned").claimedBy("team = 'partners'").toString())
        .isEqualTo("QueuePolicy[unassigned, [], claimed by team = 'partners']");
  }

  @Test
  void badInputIsRefusedByName() {
    Router router = builder(rep("ana", "US", 1)).build();
    assertThatThrownBy(() -> router.claimNext("zed")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no rep with id 'zed'");
    assertThatThrownBy(() -> router.claimable("zed")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("claimable: no rep with id 'zed'");
    assertThatThrownBy(() -> router.claimNext("ana", " ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queue must not be blank");
    assertThatThrownBy(() -> router.claimNext(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("repId");
    assertThat(router.claimNext("ana")).as("nothing waits").isEqualTo(Optional.empty());
  }

  /**
   * Two reps clicking "next lead" again and again while the timer thread drains and a third thread releases: every
   * lead keeps one place, every count stays within capacity, and each claimed lead was claimed once.
   */
  @Test
  void claimsRacingDrainsAndReleasesKeepOnePlaceEachWithinCapacity() throws Exception {
    int claimed = 0;
    for (int round = 0; round < 5; round++) {
      events.clear();
      Router router = builder(rep("ana", "US", 20), rep("bob", "US", 20)).build();
      int n = 200;
      for (int i = 0; i < n; i++) {
        router.route(lead("L" + i, "US"));
      }
      java.util.Set<String> released = java.util.concurrent.ConcurrentHashMap.newKeySet();
      List<Throwable> errors = io.smartrouting.core.testing.Concurrently.race(() -> {
        for (int i = 0; i < n; i += 3) {
          released.add("L" + i);
          router.release("L" + i);
          java.util.concurrent.locks.LockSupport.parkNanos(100_000); // a release now and then, as reps close leads
        }
      }, () -> router.claimNext("ana"), () -> router.claimNext("bob"), () -> {
        router.drainQueues();
        Thread.sleep(1); // a timer's pace, so that the clicks meet it rather than always lose to it
      });
      assertThat(errors).isEmpty();
      OpenLeads.assertOnePlaceEach(router, n, released, Map.of("ana", 20, "bob", 20));
      assertThat(claims()).extracting(RoutingEvent.LeadMoved::leadId).doesNotHaveDuplicates();
      claimed += claims().size();
    }
    // Over the rounds, not in each: on a loaded machine the drain may take every freed slot of one round.
    assertThat(claimed).as("the races claimed leads").isPositive();
  }
}
