package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Tier;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link Router#adopt}: leads already open outside the router (go-live, a restart on the in-memory store) are taken up
 * where they stand, with their reps' loads, deadlines, queues and outcomes, and nothing routed.
 */
class AdoptTest {

  private static final Instant START = Instant.parse("2026-11-02T15:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();

  private Router router(Rep... reps) {
    return TestStrategies.leastLoadedTier1InFiveMinutes(List.of(reps), clock, events::add).build();
  }

  private static Rep rep(String id, int capacity) {
    return Rep.builder(id).territories("US").capacity(capacity).build();
  }

  private static Lead lead(String id) {
    return Lead.builder(id).country("US").email(id.toLowerCase() + "@example.org").build();
  }

  private static Lead demo(String id) {
    return Lead.builderFrom(lead(id)).source(LeadSource.DEMO_REQUEST).build();
  }

  @Test
  void aRestartOnTheInMemoryStoreCarriesTheAvailabilityOverridesOverWhenTheApplicationSavesThem() {
    Router before = router(rep("ana", 5), rep("ben", 5));
    before.setAvailable("ana", false);
    before.setAvailable("ben", true);
    before.clearAvailability("ben");
    Map<String, Boolean> saved = before.availabilityOverrides();
    assertThat(saved).containsExactly(Map.entry("ana", false));
    assertThatThrownBy(() -> saved.put("ben", true)).isInstanceOf(UnsupportedOperationException.class);
    before.close();

    Router after = router(rep("ana", 5), rep("ben", 5)); // the process restarted: the in-memory store is empty
    assertThat(after.availabilityOverrides()).isEmpty();
    saved.forEach(after::setAvailable);

    assertThat(after.availabilityOverrides()).isEqualTo(saved);
    for (int i = 0; i < 3; i++) {
      assertThat(after.route(lead("R" + i)).repId()).as("ana is still away").isEqualTo("ben");
    }
  }

  @Test
  void theLeadsARepAlreadyHoldsCountTowardsItsCapacityFromTheFirstDecision() {
    Router router = router(rep("ana", 2), rep("ben", 2));
    Decision d = router.adopt(ExistingLead.heldBy(lead("C1"), "ana", START.minus(Duration.ofDays(3))));
    assertThat(d.repId()).isEqualTo("ana");
    assertThat(d.decidedBy()).isEqualTo("adopted");
    assertThat(d.decidedAt()).isEqualTo(START.minus(Duration.ofDays(3)));
    assertThat(d.hasFlag(Flag.CAPACITY_OVERRIDE)).isFalse();
    assertThat(d.explain()).contains("adopted as it stands, not routed: held by ana since 2026-10-30T15:00:00Z");
    router.adopt(ExistingLead.heldBy(lead("C2"), "ana", START.minus(Duration.ofDays(2))));
    // Ana is full: a third lead of hers is taken up all the same, flagged, and the new leads go to Ben.
    Decision third = router.adopt(ExistingLead.heldBy(lead("C3"), "ana", START.minus(Duration.ofDays(1))));
    assertThat(third.hasFlag(Flag.CAPACITY_OVERRIDE)).isTrue();
    assertThat(third.explain()).contains("ana was at or above its capacity of 2");
    assertThat(router.openLeads("ana")).isEqualTo(3);
    assertThat(router.placement("C3").orElseThrow().capacityOverride()).isTrue();
    assertThat(router.route(lead("N1")).repId()).isEqualTo("ben");
    assertThat(router.route(lead("N2")).repId()).isEqualTo("ben");
    assertThat(router.route(lead("N3")).queue()).as("nobody has room").isNotNull();
    // Releasing an adopted lead frees its unit as any other.
    assertThat(router.release("C1")).isTrue();
    assertThat(router.openLeads("ana")).isEqualTo(2);
  }

  @Test
  void adoptingIsIdempotentAndLeavesAnOpenLeadWhereItIs() {
    Router router = router(rep("ana", 5), rep("ben", 5));
    router.adopt(ExistingLead.heldBy(lead("C1"), "ana", START));
    Decision again = router.adopt(ExistingLead.heldBy(lead("C1"), "ben", START));
    assertThat(again.repId()).as("left where it is").isEqualTo("ana");
    assertThat(again.decidedBy()).isEqualTo("existing-placement");
    assertThat(router.openLeads("ana")).isEqualTo(1);
    assertThat(router.openLeads("ben")).isZero();
    // A lead this router routed is left where it is too.
    String routed = router.route(lead("R1")).repId();
    router.adopt(ExistingLead.waitingIn(lead("R1"), "unassigned", START));
    assertThat(router.placement("R1").orElseThrow().repId()).isEqualTo(routed);
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.LeadAssigned).hasSize(2);
  }

  @Test
  void anAdoptedLeadIsAnsweredCreditedAndToldAsARoutedOne() {
    Router router = router(rep("ana", 5));
    Decision d = router.adopt(ExistingLead.heldBy(demo("C1"), "ana", START.minus(Duration.ofMinutes(1))));
    assertThat(router.route(demo("C1"))).as("route answers from the idempotency window").isSameAs(d);
    assertThat(events).singleElement().isInstanceOfSatisfying(RoutingEvent.LeadAssigned.class,
        e -> assertThat(e.decision()).isSameAs(d));
    assertThat(router.recordOutcome("C1", Outcome.WON)).isTrue();
    assertThat(router.leadFacts("C1")).hasValueSatisfying(l -> assertThat(l.source())
        .isEqualTo(LeadSource.DEMO_REQUEST));
  }

  @Test
  void aDeadlineThatPassedBeforeTheAdoptionIsBreachedAtTheNextTickAndAContactedLeadRunsNone() {
    Router router = router(rep("ana", 5), rep("ben", 5));
    // Given to Ana ten minutes ago, Tier 1 (five minutes): overdue.
    Decision late = router.adopt(ExistingLead.heldBy(demo("C1"), "ana", START.minus(Duration.ofMinutes(10))));
    assertThat(late.slaDeadline()).isEqualTo(START.minus(Duration.ofMinutes(5)));
    // Contacted: the deadline it had is kept on the placement, and no timer runs.
    router.adopt(ExistingLead.heldBy(demo("C2"), "ana", START.minus(Duration.ofMinutes(10)))
        .contactedAt(START.minus(Duration.ofMinutes(2))));
    assertThat(router.placement("C2").orElseThrow().contactedAt()).isEqualTo(START.minus(Duration.ofMinutes(2)));
    // A backlog taken up without a deadline.
    Decision backlog = router.adopt(ExistingLead.heldBy(demo("C3"), "ana", START.minus(Duration.ofDays(30)))
        .withoutDeadline());
    assertThat(backlog.slaDeadline()).isNull();
    assertThat(router.armedTimers()).isEqualTo(1);
    assertThat(router.fireDueTimers()).isEqualTo(1);
    assertThat(router.placement("C1").orElseThrow().repId()).as("reassigned on its breach").isEqualTo("ben");
    assertThat(router.placement("C2").orElseThrow().repId()).isEqualTo("ana");
    assertThat(router.placement("C3").orElseThrow().repId()).isEqualTo("ana");
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.SlaBreached).singleElement()
        .satisfies(e -> assertThat(((RoutingEvent.SlaBreached) e).leadId()).isEqualTo("C1"));
  }

  @Test
  void aWaitingLeadKeepsItsPlaceInLine() {
    Router router = router(rep("ana", 1));
    router.setAvailable("ana", false);
    Decision fresh = router.route(lead("NEW"));
    assertThat(fresh.queue()).isEqualTo("unassigned");
    Decision old = router.adopt(ExistingLead.waitingIn(lead("OLD"), "unassigned", START.minus(Duration.ofHours(2))));
    assertThat(old.queue()).isEqualTo("unassigned");
    assertThat(router.waitingLeads()).isEqualTo(2);
    router.setAvailable("ana", true);
    assertThat(router.drainQueues()).isEqualTo(1);
    assertThat(router.placement("OLD").orElseThrow().repId()).as("waited longer, drains first").isEqualTo("ana");
    assertThat(router.placement("NEW").orElseThrow().queue()).isEqualTo("unassigned");
  }

  /**
   * A lead adopted with its SLA history: a move never goes back to a rep that held it before, the escalation limit
   * counts the deadlines it missed before, and its first routing stays; without the history it would go back to the
   * earlier holder and be reassigned again.
   */
  @Test
  void aLeadsSlaHistoryHoldsAcrossTheAdoption() {
    Router router = TestStrategies.leastLoaded(List.of(rep("ana", 5), rep("ben", 5), rep("cy", 5)), clock)
        .listener(events::add).sla(Tier.TIER_1, Duration.ofMinutes(5)).slaClock(Tier.TIER_1, SlaClock.WALL_CLOCK)
        .escalation(EscalationPolicy.defaults().maxReassignments(2)).build();
    Instant first = START.minus(Duration.ofMinutes(30));
    Instant since = START.minus(Duration.ofMinutes(10));
    // D1 was ana's, missed one deadline, and is ben's now: its next breach goes to cy, never back to ana.
    Decision d = router.adopt(ExistingLead.heldBy(demo("D1"), "ben", since).withHistory(first, 1, List.of("ana")));
    assertThat(d.explain()).contains("first routed 2026-11-02T14:30:00Z; 1 first-contact deadline(s) missed before;"
        + " held before by [ana]");
    // D2 missed two already: the limit is reached, so its breach escalates.
    router.adopt(ExistingLead.heldBy(demo("D2"), "ben", since).withHistory(first, 2, List.of("ana", "cy")));
    // Cy holds two leads already (contacted): by load alone D1 and D2 would go to ana.
    router.adopt(ExistingLead.heldBy(lead("C1"), "cy", since).contactedAt(since));
    router.adopt(ExistingLead.heldBy(lead("C2"), "cy", since).contactedAt(since));
    router.fireDueTimers();
    assertThat(router.placement("D1").orElseThrow().repId()).as("not back to ana").isEqualTo("cy");
    assertThat(router.placement("D1").orElseThrow().slaBreaches()).isEqualTo(2);
    assertThat(router.placement("D1").orElseThrow().firstRoutedAt()).isEqualTo(first);
    assertThat(router.placement("D1").orElseThrow().earlierHolders()).containsExactly("ana", "ben");
    assertThat(router.placement("D2").orElseThrow().queue()).as("escalated, not reassigned")
        .isEqualTo(EscalationPolicy.DEFAULT_QUEUE);
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.SlaBreached b && b.leadId().equals("D2"))
        .singleElement().extracting(e -> ((RoutingEvent.SlaBreached) e).breach()).isEqualTo(3);

    assertThat(ExistingLead.heldBy(lead("X"), "ana", START).withHistory(first, 0, List.of("a", "b", "a"))
        .earlierHolders()).as("each once, where it last held the lead").containsExactly("b", "a");
    assertThatThrownBy(() -> ExistingLead.heldBy(lead("X"), "ana", first).withHistory(START, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstRoutedAt 2026-11-02T15:00:00Z of lead"
            + " X is after since");
    assertThatThrownBy(() -> ExistingLead.heldBy(lead("X"), "ana", START).withHistory(first, -1, List.of()))
        .hasMessageContaining("missedDeadlines must be 0 or more but was -1");
    assertThatThrownBy(() -> ExistingLead.heldBy(lead("X"), "ana", START).withHistory(first, 0, List.of(" ")))
        .hasMessageContaining("blank rep id");
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndTakesNothing() {
    Router router = router(rep("ana", 5));
    assertThatThrownBy(() -> router.adopt(ExistingLead.heldBy(lead("C1"), "zoe", START)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lead C1 is held by 'zoe', who is not on roster version");
    assertThat(router.placement("C1")).isEmpty();
    assertThatThrownBy(() -> router.adopt(ExistingLead.heldBy(lead("C1"), "ana", START.plus(Duration.ofHours(1)))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("since 2026-11-02T16:00:00Z of lead C1");
    assertThatThrownBy(() -> router.adopt(ExistingLead.heldBy(lead("C1"), "ana", START)
        .contactedAt(START.plus(Duration.ofHours(1))))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contactedAt 2026-11-02T16:00:00Z of lead C1 is after now");
    assertThat(router.openLeads("ana")).as("nothing taken").isZero();
    assertThat(router.placement("C1")).isEmpty();
    assertThatThrownBy(() -> new ExistingLead(lead("C1"), "ana", "unassigned", START, null, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one of repId and queue")
        .hasMessageContaining("both were");
    assertThatThrownBy(() -> new ExistingLead(lead("C1"), null, null, START, null, true))
        .hasMessageContaining("neither was");
    assertThatThrownBy(() -> ExistingLead.heldBy(lead("C1"), " ", START)).hasMessageContaining("repId must not be"
        + " blank");
    assertThatThrownBy(() -> ExistingLead.waitingIn(lead("C1"), "q", START).contactedAt(START))
        .hasMessageContaining("contactedAt: lead C1 waits in queue 'q'");
    assertThatThrownBy(() -> ExistingLead.heldBy(lead("C1"), "ana", null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("since");
    assertThatThrownBy(() -> router.adopt(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("existing");
    assertThatThrownBy(() -> router.adopt(ExistingLead.heldBy(Lead.builder(" ").build(), "ana", START)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
  }
}
