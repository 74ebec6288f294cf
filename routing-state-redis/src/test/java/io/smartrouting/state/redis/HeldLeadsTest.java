package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.OffboardPolicy;
import io.smartrouting.core.Router;
import io.smartrouting.core.state.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rep's open leads on Redis are read from the units it holds, not from every open lead: offboarding one rep, a rep's
 * own list on another node, and the reps a roster update leaves out cost their leads, whatever else is open.
 */
class HeldLeadsTest extends RedisServerTest {

  private static final Instant T0 = Instant.parse("2026-12-01T15:00:00Z");
  private static final int REPS = 20;
  private static final int EACH = 50;

  private static List<Rep> roster(int n) {
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      reps.add(Rep.builder("rep-" + i).territories("US").capacity(200).build());
    }
    return reps;
  }

  private static Router router(RedisStateStore store, ManualClock clock, List<Rep> reps) {
    return Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers().step("round-robin").build();
  }

  /** Routes {@code n} leads a second apart; returns their decisions. */
  private static List<Decision> routeMany(Router router, ManualClock clock, int n) {
    List<Decision> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(router.route(Lead.builder("held-" + i).country("US").build()));
      clock.advance(Duration.ofSeconds(1));
    }
    return out;
  }

  @Test
  void offboardingOneRepReadsItsLeadsNotEveryOpenLead() {
    ManualClock clock = new ManualClock(T0);
    try (RedisStateStore store = quietStore("held-offboard"); Router router = router(store, clock, roster(REPS))) {
      routeMany(router, clock, REPS * EACH);
      List<Placement> held = router.openPlacements("rep-3");
      assertThat(held).hasSize(EACH);
      long before = store.leadHashesRead.sum();
      List<Decision> moved = router.offboard("rep-3", OffboardPolicy.reroute());
      long read = store.leadHashesRead.sum() - before;
      assertThat(moved).hasSize(EACH).allMatch(d -> d.repId() != null && !d.repId().equals("rep-3"));
      assertThat(router.openPlacements("rep-3")).isEmpty();
      // Its 50 leads' hashes, for their placements and then, in one read, their routing facts; every one of the 1,000
      // open leads before the reps' own sets were read.
      assertThat(read).as("lead hashes read to offboard one rep of %d", REPS).isLessThanOrEqualTo(2L * EACH);
      SharedRoutingTest.assertConsistent(store, roster(REPS), router.openPlacements().stream()
          .map(Placement::leadId).toList());
    }
  }

  @Test
  void aRepsOwnListOnAnotherNodeHoldsWhatEitherNodeGaveItOldestFirst() {
    ManualClock clock = new ManualClock(T0);
    List<Rep> reps = roster(3);
    try (RedisStateStore a = quietStore("held-list"); RedisStateStore b = quietStore("held-list");
        Router one = router(a, clock, reps); Router two = router(b, clock, reps)) {
      List<Decision> decided = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        Router node = i % 2 == 0 ? one : two;
        decided.add(node.route(Lead.builder("list-" + i).country("US").build()));
        clock.advance(Duration.ofSeconds(1));
      }
      one.release(decided.get(0).leadId());
      String rep = decided.get(1).repId();
      two.reassign(decided.get(2).leadId(), rep, "asked for it");
      List<String> expected = new ArrayList<>();
      for (Placement p : one.openPlacements()) {
        if (rep.equals(p.repId())) {
          expected.add(p.leadId());
        }
      }
      List<Placement> own = two.openPlacements(rep);
      assertThat(own).extracting(Placement::leadId).containsExactlyInAnyOrderElementsOf(expected)
          .contains(decided.get(2).leadId()).doesNotContain(decided.get(0).leadId());
      assertThat(own).isSortedAccordingTo(Comparator.comparing(Placement::assignedAt)
          .thenComparing(Placement::leadId));
      assertThat(one.openPlacements("nobody")).isEmpty();
      assertThatThrownBy(() -> one.openPlacements((String) null)).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("repId");
    }
  }

  @Test
  void theRepsARosterUpdateLeavesOutAreFoundFromTheirOwnLeads() {
    ManualClock clock = new ManualClock(T0);
    List<Rep> reps = roster(REPS);
    try (RedisStateStore store = quietStore("held-leavers");
        Router router = Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers()
            .step("round-robin").whenRepsLeave(OffboardPolicy.reroute()).build()) {
      routeMany(router, clock, REPS * EACH);
      long before = store.leadHashesRead.sum();
      router.updateRoster(reps.subList(0, REPS - 1));
      long read = store.leadHashesRead.sum() - before;
      String gone = reps.get(REPS - 1).id();
      assertThat(router.openPlacements(gone)).as("the leaver's leads moved").isEmpty();
      assertThat(router.openPlacements()).hasSize(REPS * EACH);
      // Its own leads: to see that it holds some, to move them, and their facts; every open lead twice before.
      assertThat(read).as("lead hashes read for the leaver").isLessThanOrEqualTo(3L * EACH);
    }
  }
}
