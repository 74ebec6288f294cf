package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link Router#update}: an open lead read anew when its facts change (a demo request after a content download,
 * enrichment after the decision): its tier, deadline and, when its holder no longer covers it, its rep.
 */
class LeadUpdateTest {

  private static final Instant START = Instant.parse("2026-11-25T15:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();

  private Router router(Rep... reps) {
    return TestStrategies.leastLoaded(List.of(reps), clock).listener(events::add).build();
  }

  private static Rep.Builder rep(String id) {
    return Rep.builder(id).territories("US").capacity(10);
  }

  private static Lead.Builder lead() {
    return Lead.builder("L").country("US").email("jo@example.org");
  }

  private <E extends RoutingEvent> E last(Class<E> kind) {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (kind.isInstance(events.get(i))) {
        return kind.cast(events.get(i));
      }
    }
    throw new AssertionError("no " + kind.getSimpleName() + " in " + events);
  }

  @Test
  void aLeadWaitingForTheNextShiftThatAsksForADemoIsDueInTierOnesMinutesOfThatShift() {
    // Wednesday 25 November 2026, 18:00 in New York: its only rep's shift is over.
    clock.set(Instant.parse("2026-11-25T23:00:00Z"));
    Router router = router(rep("ny").timeZone("America/New_York").workingHours(io.smartrouting.api.WorkingHours
        .weekdays(java.time.LocalTime.of(9, 0), java.time.LocalTime.of(17, 0))).build());
    Decision first = router.route(lead().icpScore(90).build());
    assertThat(first.queue()).isEqualTo(AfterHoursPolicy.DEFAULT_QUEUE);
    assertThat(first.tier()).isEqualTo(Tier.TIER_2);
    assertThat(first.slaDeadline()).as("Tier 2's hour in Thursday's shift").isEqualTo(Instant.parse(
        "2026-11-26T15:00:00Z"));
    Decision updated = router.update(lead().source(LeadSource.DEMO_REQUEST).build());
    assertThat(updated.queue()).isEqualTo(AfterHoursPolicy.DEFAULT_QUEUE);
    assertThat(updated.tier()).isEqualTo(Tier.TIER_1);
    assertThat(updated.slaDeadline()).as("Tier 1's five minutes, as if it had been queued a demo request")
        .isEqualTo(Instant.parse("2026-11-26T14:05:00Z"));
    assertThat(router.placement("L").orElseThrow().slaDeadline()).isEqualTo(updated.slaDeadline());
  }

  @Test
  void aContentLeadThatAsksForADemoStaysWithItsRepAndIsDueWithinTierOnesSla() {
    Router router = router(rep("a").build(), rep("b").build());
    Decision first = router.route(lead().source(LeadSource.CONTENT).build());
    assertThat(first.repId()).isEqualTo("a");
    assertThat(first.tier()).isEqualTo(Tier.TIER_3);
    assertThat(first.slaDeadline()).isNull();
    assertThat(router.armedTimers()).isZero();

    clock.advance(Duration.ofMinutes(10));
    Decision said = router.previewUpdate(lead().source(LeadSource.DEMO_REQUEST).build());
    assertThat(router.placement("L").orElseThrow().tier()).as("a preview changes nothing").isEqualTo(Tier.TIER_3);
    Decision updated = router.update(lead().source(LeadSource.DEMO_REQUEST).build());
    assertThat(said.explain()).as("the preview, as the update").isEqualTo(updated.explain());
    assertThat(said.slaDeadline()).isEqualTo(updated.slaDeadline());
    assertThat(updated.repId()).isEqualTo("a");
    assertThat(updated.tier()).isEqualTo(Tier.TIER_1);
    assertThat(updated.slaDeadline()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(updated.explain()).contains("its facts changed (tier 3 -> 1); it stays with a, who still covers it;"
        + " first contact now due 2026-11-25T15:15:00Z");
    RoutingEvent.LeadUpdated e = last(RoutingEvent.LeadUpdated.class);
    assertThat(e.fromTier()).isEqualTo(Tier.TIER_3);
    assertThat(e.decision()).isSameAs(updated);
    Placement p = router.placement("L").orElseThrow();
    assertThat(p.tier()).isEqualTo(Tier.TIER_1);
    assertThat(p.repId()).isEqualTo("a");
    assertThat(router.route(lead().build()).tier()).as("a repeat answers with the lead as it is now")
        .isEqualTo(Tier.TIER_1);
    assertThat(router.openLeads("a")).as("nothing reserved twice").isEqualTo(1);

    clock.advance(Duration.ofMinutes(5).plusMillis(1));
    assertThat(router.fireDueTimers()).isEqualTo(1);
    RoutingEvent.SlaBreached breach = last(RoutingEvent.SlaBreached.class);
    assertThat(breach.tier()).isEqualTo(Tier.TIER_1);
    assertThat(last(RoutingEvent.LeadReassigned.class).toRepId()).isEqualTo("b");
  }

  @Test
  void aLeadEnrichedOutOfItsRepsSegmentMovesToARepWhoCoversItAndMovesOnWithItsNewFacts() {
    Router router = router(rep("smb").segments(Segment.SMB).build(),
        rep("ent-1").segments(Segment.ENTERPRISE).build(), rep("smb-2").segments(Segment.SMB).build());
    assertThat(router.route(lead().employees(40).build()).repId()).isEqualTo("smb");

    Decision said = router.previewUpdate(lead().employees(5000).build());
    assertThat(said.repId()).as("who would take it").isEqualTo("ent-1");
    assertThat(router.openLeads("smb")).as("a preview moves nothing").isEqualTo(1);
    Decision moved = router.update(lead().employees(5000).build());
    assertThat(moved.repId()).isEqualTo("ent-1");
    assertThat(moved.segment()).isEqualTo(Segment.ENTERPRISE);
    RoutingEvent.LeadMoved m = last(RoutingEvent.LeadMoved.class);
    assertThat(m.move()).isEqualTo(RoutingEvent.Move.UPDATED);
    assertThat(m.fromRepId()).isEqualTo("smb");
    assertThat(m.reason()).isEqualTo("its facts changed (tier 3, SMB -> ENTERPRISE) and smb no longer covers it");
    assertThat(router.openLeads("smb")).isZero();
    assertThat(router.openLeads("ent-1")).isEqualTo(1);

    // Later moves read the new facts: a transfer finds no other enterprise rep, so the lead waits, and no drain hands
    // it to the SMB rep who had room all along.
    assertThat(router.transfer("L").queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
    assertThat(router.drainQueues()).isZero();
    assertThat(router.placement("L").orElseThrow().queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
  }

  @Test
  void aRepInContactKeepsTheLeadWhateverChanged() {
    Router router = router(rep("smb").segments(Segment.SMB).build(), rep("ent").segments(Segment.ENTERPRISE).build());
    router.route(lead().employees(40).build());
    clock.advance(Duration.ofMinutes(3));
    assertThat(router.recordContact("L", clock.instant())).isTrue();

    Decision d = router.update(lead().employees(5000).source(LeadSource.DEMO_REQUEST).build());
    assertThat(d.repId()).isEqualTo("smb");
    assertThat(d.tier()).isEqualTo(Tier.TIER_1);
    assertThat(d.slaDeadline()).as("contacted already: no deadline").isNull();
    assertThat(router.armedTimers()).isZero();
    assertThat(router.placement("L").orElseThrow().contactedAt()).isEqualTo(START.plus(Duration.ofMinutes(3)));
    assertThat(d.explain()).contains("it stays with smb, who is in contact already");
  }

  @Test
  void aHolderChosenOutsideTheLeadsCriteriaKeepsIt() {
    // A person gave the SMB lead to the enterprise rep (their call); enrichment then says it is SMB after all, or
    // enterprise: neither undoes the person's choice, since coverage was not why the lead is there.
    Router router = router(rep("smb").segments(Segment.SMB).build(), rep("ent").segments(Segment.ENTERPRISE).build());
    router.route(lead().employees(40).build());
    router.reassign("L", "ent", "the customer asked for the enterprise team");
    Decision d = router.update(lead().employees(60).source(LeadSource.DEMO_REQUEST).build());
    assertThat(d.repId()).isEqualTo("ent");
    assertThat(d.explain()).contains("it stays with ent, who was given it outside the lead's criteria before this"
        + " change");
    assertThat(router.openLeads("smb")).isZero();
  }

  @Test
  void aLeadEscalatedToItsManagerGetsNoNewDeadlineUnlessItsTierRises() {
    Router router = router(rep("a").managerId("boss").build(), rep("b").managerId("boss").build(),
        Rep.builder("boss").territories("DE").build());
    router.route(lead().icpScore(85).build());
    for (int i = 0; i < 2; i++) {
      clock.advance(Duration.ofMinutes(61));
      router.fireDueTimers();
    }
    assertThat(router.placement("L").orElseThrow().repId()).as("escalated after one reassignment").isEqualTo("boss");
    assertThat(router.armedTimers()).isZero();

    Decision same = router.update(lead().icpScore(90).industry("retail").build());
    assertThat(same.repId()).as("the manager was given it outside its territory: it keeps it").isEqualTo("boss");
    assertThat(same.slaDeadline()).as("the escalation ended its deadlines").isNull();
    assertThat(router.armedTimers()).isZero();
    Decision hotter = router.update(lead().source(LeadSource.DEMO_REQUEST).build());
    assertThat(hotter.tier()).isEqualTo(Tier.TIER_1);
    assertThat(hotter.slaDeadline()).as("a tier that rises asks again").isNotNull();
  }

  @Test
  void aRunningDeadlineNeverMovesLater() {
    Router router = router(rep("a").build(), rep("b").build());
    Decision first = router.route(lead().source(LeadSource.DEMO_REQUEST).build());
    assertThat(first.slaDeadline()).isEqualTo(START.plus(Duration.ofMinutes(5)));

    clock.advance(Duration.ofMinutes(2));
    Decision d = router.update(lead().source(LeadSource.CONTENT).build());
    assertThat(d.tier()).isEqualTo(Tier.TIER_3);
    assertThat(d.slaDeadline()).isEqualTo(first.slaDeadline());
    clock.advance(Duration.ofMinutes(3).plusMillis(1));
    assertThat(router.fireDueTimers()).as("the deadline promised still falls due").isEqualTo(1);
  }

  @Test
  void aQueuedLeadWhoseTierRoseDrainsFirst() {
    Router router = router(rep("a").capacity(1).build());
    router.route(Lead.builder("held").country("US").build());
    clock.advance(Duration.ofMinutes(1));
    assertThat(router.route(Lead.builder("older").country("US").build()).queue()).isNotNull();
    clock.advance(Duration.ofMinutes(1));
    assertThat(router.route(lead().build()).queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);

    Decision d = router.update(lead().source(LeadSource.DEMO_REQUEST).build());
    assertThat(d.queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
    assertThat(d.tier()).isEqualTo(Tier.TIER_1);
    assertThat(d.explain()).contains("it stays in queue 'unassigned'");

    router.release("held");
    assertThat(router.drainQueues()).isEqualTo(1);
    assertThat(router.placement("L").orElseThrow().repId()).as("Tier 1 drains first").isEqualTo("a");
    assertThat(router.placement("older").orElseThrow().queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
  }

  @Test
  void anUpdateThatChangesNothingRoutingCarriesIsSavedButNotTold() {
    Router router = router(rep("a").industries("retail").build(), rep("b").build(),
        rep("c").industries("retail").build());
    assertThat(router.route(lead().employees(40).build()).repId()).isEqualTo("a");
    int before = events.size();
    Decision d = router.update(lead().employees(45).industry("retail").build());
    assertThat(d.repId()).isEqualTo("a");
    assertThat(events).as("same tier, segment, account and deadline: nothing to tell").hasSize(before);
    // Saved all the same: a transfer reads the new facts and prefers the other retail specialist (with the old ones,
    // no industry, the least loaded in roster order: b).
    assertThat(router.transfer("L").repId()).isEqualTo("c");
  }

  @Test
  void anUpdateThatChangesNothingRoutingCarriesIsNotToldPastTheIdempotencyWindowEither() {
    Router router = TestStrategies.leastLoaded(List.of(rep("a").build()), clock).listener(events::add)
        .idempotency(Duration.ofHours(1), 1000).build();
    router.route(lead().employees(40).build());
    clock.advance(Duration.ofHours(2)); // the lead's decision has left the window
    int before = events.size();
    router.update(lead().employees(45).title("Buyer").build());
    assertThat(events).as("same tier, segment, account and deadline, a day later too").hasSize(before);
    router.update(lead().employees(4_000).build());
    assertThat(last(RoutingEvent.LeadUpdated.class).decision().segment()).as("a change still told")
        .isEqualTo(io.smartrouting.api.Segment.ENTERPRISE);
  }

  @Test
  void anAssignmentSinkLearnsTheNewDueDateAndTheNewOwner() {
    List<io.smartrouting.core.notify.AssignmentSink.Assignment> owners = new CopyOnWriteArrayList<>();
    io.smartrouting.core.notify.AssignmentSink sink = owners::add;
    Router router = Router.builder().roster(List.of(rep("smb").segments(Segment.SMB).build(),
            rep("ent").segments(Segment.ENTERPRISE).build())).clock(clock).strategies(StrategyRegistry.of())
        .manualTimers().step("ll", TestStrategies.LEAST_LOADED).listener(sink.asListener()).build();
    router.route(lead().employees(40).build());
    clock.advance(Duration.ofMinutes(1));
    router.update(lead().employees(40).source(LeadSource.DEMO_REQUEST).build());
    router.update(lead().employees(4000).source(LeadSource.DEMO_REQUEST).build());
    assertThat(owners).extracting(a -> a.kind() + ":" + a.repId() + ":" + a.tier() + ":" + a.slaDeadline())
        .containsExactly("ASSIGNED:smb:TIER_3:null", "UPDATED:smb:TIER_1:2026-11-25T15:06:00Z",
            "REASSIGNED:ent:TIER_1:2026-11-25T15:06:00Z");
  }

  /**
   * Updates on one thread while another records contacts and releases, and a third fires timers and drains: every lead
   * stays in exactly one place, each rep's open count equals its placements, nothing exceeds capacity, and an update
   * fails only for a lead released before it.
   */
  @Test
  void updatesRacingContactsReleasesAndTimersLoseNoLead() throws Exception {
    List<Rep> reps = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      reps.add(rep("smb-" + i).segments(Segment.SMB).capacity(150).build());
      reps.add(rep("ent-" + i).segments(Segment.ENTERPRISE).capacity(150).build());
    }
    for (int round = 0; round < 5; round++) {
      Router router = Router.builder().roster(reps).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
          .step("ll", TestStrategies.LEAST_LOADED).build();
      int n = 300;
      for (int i = 0; i < n; i++) {
        router.route(Lead.builder("L" + i).country("US").employees(40).build());
      }
      java.util.Set<String> released = java.util.concurrent.ConcurrentHashMap.newKeySet();
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
      io.smartrouting.core.testing.Concurrently.run(3, t -> {
        try {
          if (t == 0) {
            try {
            for (int i = 0; i < n; i++) {
              Lead.Builder b = Lead.builder("L" + i).country("US");
              b = i % 2 == 0 ? b.employees(4000) : b.employees(40).source(LeadSource.DEMO_REQUEST);
              try {
                router.update(b.build());
              } catch (IllegalArgumentException notOpen) {
                assertThat(released).as(notOpen.getMessage()).contains("L" + i);
              }
            }
            } finally {
              done.set(true);
            }
          } else if (t == 1) {
            for (int i = n - 1; i >= 0; i--) {
              router.recordContact("L" + i, clock.instant());
              if (i % 3 == 0) {
                released.add("L" + i);
                assertThat(router.release("L" + i)).isTrue();
              }
            }
          } else {
            while (!done.get()) {
              router.fireDueTimers();
              router.drainQueues();
            }
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      assertThat(errors).isEmpty();
      java.util.Map<String, Integer> capacity = new java.util.HashMap<>();
      reps.forEach(r -> capacity.put(r.id(), r.capacity()));
      io.smartrouting.core.testing.OpenLeads.assertOnePlaceEach(router, n, released, capacity);
    }
  }

  @Test
  void onlyAnOpenLeadCanBeUpdated() {
    Router router = router(rep("a").build());
    assertThatThrownBy(() -> router.update(lead().build())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("update: lead L is not open (never routed, or released)");
    router.route(lead().build());
    router.release("L");
    assertThatThrownBy(() -> router.update(lead().build())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> router.update(null)).hasMessage("lead must not be null");
    assertThat(events).noneMatch(e -> e instanceof RoutingEvent.LeadUpdated);
  }
}
