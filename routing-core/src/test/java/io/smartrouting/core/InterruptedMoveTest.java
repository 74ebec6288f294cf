package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Tier;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.RepState;
import io.smartrouting.core.state.RoutingStateStore;
import io.smartrouting.core.state.StateUnavailableException;
import io.smartrouting.core.testing.ForwardingStateStore;
import io.smartrouting.core.testing.OpenLeads;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A shared store that fails in the middle of a move (a drain, a claim, a reassignment, a transfer) leaves no unit
 * taken for good: the failure reaches the caller, and {@link Router#reconcile()} asks the store to give back a unit
 * that the lead's placement does not name, whether the placement's write landed or not.
 */
class InterruptedMoveTest {

  private static final Instant START = Instant.parse("2026-11-02T15:00:00Z");

  /** What the store's next placement swap does. */
  /**
   * How the next swap goes: written; lost before writing; written, then the answer lost (before the rest of the move,
   * as a store that moves in steps fails); or the whole move written, then the answer lost (as a one-step store).
   */
  enum Swap { WRITES, FAILS_BEFORE_WRITING, FAILS_AFTER_WRITING, FAILS_AFTER_MOVING }

  /**
   * Units kept per lead, as a shared store keeps them; {@link #reconcile} gives back those at reps the lead's placement
   * does not name (what the Redis store's script does). Fails on cue.
   */
  static final class FlakyStore extends ForwardingStateStore {
    final Map<String, PerLead> reps = new ConcurrentHashMap<>();
    final Set<String> reconciled = ConcurrentHashMap.newKeySet();
    volatile Swap nextSwap = Swap.WRITES;
    /** A rep whose next release fails (after or before giving the unit back, as {@link #releaseWrites} says). */
    volatile @Nullable String failReleaseOf;
    volatile boolean releaseWrites;
    /** What {@link #claimBreach} answers. */
    volatile RoutingStateStore.BreachClaim breachClaim = RoutingStateStore.BreachClaim.FIRST;

    @Override
    public RoutingStateStore.BreachClaim claimBreach(String leadId, java.time.Instant due) {
      return breachClaim;
    }

    @Override
    public RepState rep(String repId) {
      return reps.computeIfAbsent(repId, id -> new PerLead(id, inner.rep(id)));
    }

    @Override
    public boolean movePlacement(Placement expected, Placement next, @Nullable Lead facts) {
      if (nextSwap != Swap.FAILS_AFTER_MOVING) {
        return super.movePlacement(expected, next, facts);
      }
      nextSwap = Swap.WRITES;
      super.movePlacement(expected, next, facts);
      throw new StateUnavailableException("connection lost after the move");
    }

    @Override
    public void saveLead(Lead lead) {
      inner.saveLead(lead);
    }

    @Override
    public @Nullable Lead savedLead(String leadId) {
      return inner.savedLead(leadId);
    }

    @Override
    public boolean replacePlacement(Placement expected, Placement next) {
      Swap swap = nextSwap;
      nextSwap = Swap.WRITES;
      if (swap == Swap.FAILS_BEFORE_WRITING) {
        throw new StateUnavailableException("connection lost before the swap");
      }
      boolean done = super.replacePlacement(expected, next);
      if (swap == Swap.FAILS_AFTER_WRITING) {
        throw new StateUnavailableException("connection lost after the swap");
      }
      return done;
    }

    @Override
    public void reconcile(String leadId) {
      reconciled.add(leadId);
      Placement p = placement(leadId);
      String holder = p == null ? null : p.repId();
      reps.forEach((id, rep) -> {
        if (!id.equals(holder)) {
          rep.leads.remove(leadId);
        }
      });
    }

    /** Each rep's open count as the store keeps it. */
    Map<String, Integer> counts() {
      Map<String, Integer> out = new java.util.TreeMap<>();
      reps.forEach((id, rep) -> out.put(id, rep.leads.size()));
      return out;
    }

    final class PerLead implements RepState {
      final String id;
      final RepState responses;
      final Set<String> leads = ConcurrentHashMap.newKeySet();

      PerLead(String id, RepState responses) {
        this.id = id;
        this.responses = responses;
      }

      @Override
      public String repId() {
        return id;
      }

      @Override
      public int openLeads() {
        return leads.size();
      }

      @Override
      public boolean tryReserve(int limit) {
        throw new AssertionError("the router reserves per lead");
      }

      @Override
      public synchronized boolean tryReserve(int limit, String leadId) {
        if (leads.contains(leadId)) {
          return true;
        }
        if (leads.size() >= limit) {
          return false;
        }
        return leads.add(leadId);
      }

      @Override
      public void forceReserve() {
        throw new AssertionError("the router reserves per lead");
      }

      @Override
      public void forceReserve(String leadId) {
        leads.add(leadId);
      }

      @Override
      public boolean release() {
        throw new AssertionError("the router releases per lead");
      }

      @Override
      public boolean release(String leadId) {
        if (id.equals(failReleaseOf)) {
          failReleaseOf = null;
          if (releaseWrites) {
            leads.remove(leadId);
          }
          throw new StateUnavailableException("connection lost on a release");
        }
        return leads.remove(leadId);
      }

      @Override
      public boolean reservesPerLead() {
        return true;
      }

      @Override
      public void recordResponseMinutes(double minutes) {
        responses.recordResponseMinutes(minutes);
      }

      @Override
      public double meanResponseMinutes(double priorMinutes) {
        return responses.meanResponseMinutes(priorMinutes);
      }
    }
  }

  private final ManualClock clock = new ManualClock(START);
  private final FlakyStore store = new FlakyStore();
  /** What the routers of {@link #builder} published. */
  private final List<RoutingEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A router on {@link #store} over {@code reps}, least loaded first, telling {@link #events}; tests add the rest. */
  private Router.Builder builder(Rep... reps) {
    return Router.builder().roster(List.of(reps)).clock(clock).stateStore(store).strategies(StrategyRegistry.of())
        .manualTimers().step("ll", TestStrategies.LEAST_LOADED).capacityThreshold(1.0).listener(events::add);
  }

  private Router router(Rep... reps) {
    return builder(reps).sla(Tier.TIER_3, Duration.ofHours(1)).build();
  }

  private static Rep rep(String id, int capacity) {
    return Rep.builder(id).territories("US").capacity(capacity).build();
  }

  private static Lead lead(String id) {
    return Lead.builder(id).country("US").email(id.toLowerCase() + "@example.org").build();
  }

  /** After reconcile, every rep counts exactly the leads placed with it. */
  private void assertCountsMatchPlacements(Router router) {
    Map<String, Integer> placed = new java.util.TreeMap<>();
    store.reps.keySet().forEach(id -> placed.put(id, 0));
    for (Placement p : router.openPlacements()) {
      if (p.repId() != null) {
        placed.merge(p.repId(), 1, Integer::sum);
      }
    }
    assertThat(store.counts()).as("open counts against placements").isEqualTo(placed);
  }

  /** Runs {@code move}, which the store fails; then reconciles and checks the counts. */
  private void interrupted(Router router, String leadId, Function<Router, ?> move, String movedFrom,
      @Nullable String expectedHolder) {
    assertThatThrownBy(() -> move.apply(router)).isInstanceOf(StateUnavailableException.class);
    router.reconcile();
    assertThat(store.reconciled).as("the lead reconciled").contains(leadId);
    assertThat(OpenLeads.holders(router)).containsEntry(leadId, expectedHolder != null ? expectedHolder : movedFrom);
    assertCountsMatchPlacements(router);
  }

  @Test
  void aClaimWhoseSwapFailsGivesBackTheClaimantsUnitOnReconcile() {
    Router router = router(rep("ana", 1), rep("bo", 1));
    router.route(lead("A0"));
    router.route(lead("B0"));
    router.route(lead("Q1")); // both full: it waits
    router.release("A0");
    store.nextSwap = Swap.FAILS_BEFORE_WRITING;
    assertThatThrownBy(() -> router.claimNext("ana")).isInstanceOf(StateUnavailableException.class);
    assertThat(store.counts()).as("the unit the claim took is still out").containsEntry("ana", 1);
    router.reconcile();
    assertThat(store.counts()).containsEntry("ana", 0).containsEntry("bo", 1);
    assertThat(OpenLeads.holders(router)).containsEntry("Q1", "queue:unassigned");
    // The claim works once the store answers: ana has room again.
    assertThat(router.claimNext("ana")).map(Decision::repId).contains("ana");
    assertCountsMatchPlacements(router);
  }

  @Test
  void aReassignmentWhoseSwapLandedButFailedGivesBackTheOldHoldersUnit() {
    Router router = router(rep("ana", 2), rep("bo", 2));
    assertThat(router.route(lead("L1")).repId()).as("least loaded, ties in roster order").isEqualTo("ana");
    store.nextSwap = Swap.FAILS_AFTER_WRITING;
    interrupted(router, "L1", r -> r.reassign("L1", "bo", "ana is on leave"), "ana", "bo");
    assertThat(store.counts()).containsEntry("ana", 0).containsEntry("bo", 1);
  }

  /**
   * A move the store made but whose answer was lost: the caller sees the failure, and reconcile finishes the move as
   * it would have been finished: the event published once, the SLA timer on the new holder's deadline, the window
   * answering with the move. A move that did not land publishes nothing.
   */
  @Test
  void aMoveWhoseAnswerWasLostIsFinishedOnReconcileWithItsEventOnce() {
    Router router = router(rep("ana", 2), rep("bo", 2));
    router.route(lead("L1"));
    clock.advance(Duration.ofMinutes(10));
    store.nextSwap = Swap.FAILS_AFTER_WRITING;
    assertThatThrownBy(() -> router.reassign("L1", "bo", "ana is on leave"))
        .isInstanceOf(StateUnavailableException.class);
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.LeadMoved).as("not yet").isEmpty();
    router.reconcile();
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.LeadMoved).singleElement()
        .satisfies(e -> {
          RoutingEvent.LeadMoved m = (RoutingEvent.LeadMoved) e;
          assertThat(m.fromRepId()).isEqualTo("ana");
          assertThat(m.decision().repId()).isEqualTo("bo");
          assertThat(m.move()).isEqualTo(RoutingEvent.Move.REASSIGNED);
        });
    assertThat(router.route(lead("L1")).repId()).as("the window answers with the move").isEqualTo("bo");
    // The timer follows bo's deadline (an hour from the move), not ana's (an hour from the first decision).
    clock.advance(Duration.ofMinutes(55));
    router.fireDueTimers();
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.SlaBreached).as("ana's deadline is gone").isEmpty();
    clock.advance(Duration.ofMinutes(10));
    router.fireDueTimers();
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.SlaBreached).singleElement()
        .satisfies(e -> assertThat(((RoutingEvent.SlaBreached) e).repId()).isEqualTo("bo"));
    router.reconcile();
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.LeadMoved && ((RoutingEvent.LeadMoved) e).move()
        == RoutingEvent.Move.REASSIGNED).as("once").hasSize(1);

    // One that did not land: nothing published, the lead where it was.
    router.route(lead("L2"));
    int before = events.size();
    store.nextSwap = Swap.FAILS_BEFORE_WRITING;
    String holder = OpenLeads.holders(router).get("L2");
    String other = "ana".equals(holder) ? "bo" : "ana";
    assertThatThrownBy(() -> router.reassign("L2", other, "by hand")).isInstanceOf(StateUnavailableException.class);
    router.reconcile();
    assertThat(events.subList(before, events.size())).filteredOn(e -> e instanceof RoutingEvent.LeadMoved).isEmpty();
    assertThat(OpenLeads.holders(router)).containsEntry("L2", holder);
    assertCountsMatchPlacements(router);
  }

  private long count(Class<? extends RoutingEvent> kind) {
    return events.stream().filter(kind::isInstance).count();
  }

  /**
   * An SLA breach whose reassignment the store failed before writing: the timer pass stops, and the next one, once the
   * store answers, moves the lead, reporting the breach once (the same router claims it again; on Redis it was told
   * no until 6 December, so the lead stayed with the rep who missed the deadline).
   */
  @Test
  void aBreachWhoseMoveFailedIsRetriedAndReportedOnce() {
    Router router = router(rep("ana", 2), rep("bo", 2));
    assertThat(router.route(lead("L1")).repId()).isEqualTo("ana");
    clock.advance(Duration.ofMinutes(61));
    store.nextSwap = Swap.FAILS_BEFORE_WRITING;
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).containsEntry("L1", "ana");
    assertThat(count(RoutingEvent.SlaBreached.class)).isEqualTo(1);
    router.reconcile();
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).as("moved by the retry").containsEntry("L1", "bo");
    assertThat(count(RoutingEvent.SlaBreached.class)).as("reported once").isEqualTo(1);
    assertThat(count(RoutingEvent.LeadReassigned.class)).isEqualTo(1);
    assertCountsMatchPlacements(router);
    // bo's own deadline, an hour from the move, is armed and breaches in its turn.
    clock.advance(Duration.ofMinutes(61));
    router.fireDueTimers();
    assertThat(count(RoutingEvent.SlaBreached.class)).isEqualTo(2);
  }

  /**
   * A breach the store says was claimed before (another router claimed and reported it, then lost the timer lease in
   * the outage that failed its move): this router moves the lead and does not report the breach again; the new
   * holder's own deadline is a breach of its own.
   */
  @Test
  void aBreachTakenOverFromARouterThatLostTheLeaseIsMovedWithoutASecondReport() {
    Router router = router(rep("ana", 2), rep("bo", 2));
    router.route(lead("L1"));
    router.route(lead("L2"));
    clock.advance(Duration.ofMinutes(61));
    store.breachClaim = RoutingStateStore.BreachClaim.AGAIN;
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).as("moved").containsEntry("L1", "bo").containsEntry("L2", "ana");
    assertThat(count(RoutingEvent.SlaBreached.class)).as("reported by the router that claimed it").isZero();
    assertThat(count(RoutingEvent.LeadReassigned.class)).isEqualTo(2);
    store.breachClaim = RoutingStateStore.BreachClaim.FIRST;
    clock.advance(Duration.ofMinutes(61));
    router.fireDueTimers();
    assertThat(count(RoutingEvent.SlaBreached.class)).as("later deadlines claimed first").isEqualTo(2);
    assertCountsMatchPlacements(router);
  }

  /**
   * An SLA breach whose reassignment landed but whose answer was lost: reconcile finishes it (the reassignment
   * reported, the new deadline armed) and the next pass does not move the lead again.
   */
  @Test
  void aBreachWhoseMoveLandedUnansweredIsFinishedOnReconcile() {
    Router router = router(rep("ana", 2), rep("bo", 2));
    router.route(lead("L1"));
    clock.advance(Duration.ofMinutes(61));
    store.nextSwap = Swap.FAILS_AFTER_WRITING;
    router.fireDueTimers();
    assertThat(count(RoutingEvent.LeadReassigned.class)).as("not yet").isZero();
    router.reconcile();
    assertThat(count(RoutingEvent.LeadReassigned.class)).isEqualTo(1);
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).containsEntry("L1", "bo");
    assertThat(count(RoutingEvent.SlaBreached.class)).isEqualTo(1);
    assertThat(count(RoutingEvent.LeadReassigned.class)).isEqualTo(1);
    assertCountsMatchPlacements(router);
    clock.advance(Duration.ofMinutes(61));
    router.fireDueTimers();
    assertThat(count(RoutingEvent.SlaBreached.class)).as("bo's deadline in its turn").isEqualTo(2);
  }

  /**
   * An update of a lead's facts that stays with its rep, whose write landed but whose answer was lost: reconcile
   * finishes it (the new tier's earlier deadline armed, {@code LeadUpdated} published once); one that did not land
   * publishes nothing. Reading the placement back is not enough here (it may not change): the facts tell.
   */
  @Test
  void anUpdateWhoseAnswerWasLostIsFinishedOnReconcile() {
    Router router = builder(rep("ana", 2), rep("bo", 2)).sla(Tier.TIER_3, Duration.ofHours(1))
        .sla(Tier.TIER_1, Duration.ofMinutes(5)).build();
    router.route(lead("L1"));
    clock.advance(Duration.ofMinutes(10));
    store.nextSwap = Swap.FAILS_AFTER_MOVING;
    Lead demo = Lead.builderFrom(lead("L1")).source(io.smartrouting.api.LeadSource.DEMO_REQUEST).build();
    assertThatThrownBy(() -> router.update(demo)).isInstanceOf(StateUnavailableException.class);
    assertThat(count(RoutingEvent.LeadUpdated.class)).as("not yet").isZero();
    router.reconcile();
    assertThat(count(RoutingEvent.LeadUpdated.class)).isEqualTo(1);
    clock.advance(Duration.ofMinutes(6));
    router.fireDueTimers();
    assertThat(count(RoutingEvent.SlaBreached.class)).as("the Tier 1 deadline, five minutes after the update")
        .isEqualTo(1);
    router.reconcile();
    assertThat(count(RoutingEvent.LeadUpdated.class)).as("once").isEqualTo(1);

    // One that did not land: the store keeps the old facts, nothing is published.
    router.route(lead("L2"));
    store.nextSwap = Swap.FAILS_BEFORE_WRITING;
    Lead demo2 = Lead.builderFrom(lead("L2")).source(io.smartrouting.api.LeadSource.DEMO_REQUEST).build();
    assertThatThrownBy(() -> router.update(demo2)).isInstanceOf(StateUnavailableException.class);
    router.reconcile();
    assertThat(count(RoutingEvent.LeadUpdated.class)).isEqualTo(1);
    assertThat(router.placement("L2").orElseThrow().tier()).isEqualTo(Tier.TIER_3);
  }

  /**
   * An offboarding the store failed in the middle of: the caller sees the failure, and the timer ticks move every
   * lead the rep still holds once the store answers (until 6 December they stayed with the rep who left, and a
   * roster update that left it out only logged "offboard it again").
   */
  @Test
  void anOffboardingTheStoreFailedInTheMiddleOfIsFinishedByTheTimerTicks() {
    Router router = router(rep("ana", 4), rep("bo", 4));
    for (int i = 1; i <= 4; i++) {
      router.route(lead("L" + i));
    }
    assertThat(OpenLeads.holders(router)).containsEntry("L1", "ana").containsEntry("L3", "ana");
    store.nextSwap = Swap.FAILS_BEFORE_WRITING;
    assertThatThrownBy(() -> router.offboard("ana", OffboardPolicy.reroute()))
        .isInstanceOf(StateUnavailableException.class);
    assertThat(OpenLeads.holders(router)).containsEntry("L1", "ana").containsEntry("L3", "ana");
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).as("moved by the tick").doesNotContainValue("ana")
        .containsEntry("L1", "bo").containsEntry("L3", "bo");
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.LeadMoved).hasSize(2);
    assertCountsMatchPlacements(router);
  }

  /**
   * A realignment the store fails in the middle of: the roster update stands, and the timer tick moves the leads the
   * rep no longer covers once the store answers (until 6 December they stayed with it).
   */
  @Test
  void aRealignmentTheStoreFailedInTheMiddleOfIsFinishedByTheTimerTick() {
    Router router = builder(rep("ana", 4), rep("bo", 4)).whenCoverageChanges(true).build();
    for (int i = 1; i <= 4; i++) {
      router.route(lead("L" + i));
    }
    assertThat(OpenLeads.holders(router)).containsEntry("L1", "ana").containsEntry("L3", "ana");
    clock.advance(Duration.ofMinutes(1));
    store.nextSwap = Swap.FAILS_BEFORE_WRITING;
    router.updateRoster(List.of(Rep.builder("ana").territories("CA").capacity(4).build(), rep("bo", 4)));
    assertThat(OpenLeads.holders(router)).as("the first move failed").containsEntry("L1", "ana");
    router.reconcile();
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).as("moved by the tick").doesNotContainValue("ana");
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.LeadMoved).hasSize(2);
    assertCountsMatchPlacements(router);
  }

  /**
   * Recycling that the store failed in the middle of scans again at the next tick, not a scan period later (a
   * thousandth of the period, from a minute to an hour). (A two-hour period: this store keeps no facts, so the lead's
   * must still be in the idempotency window.)
   */
  @Test
  void recyclingTheStoreFailedInTheMiddleOfScansAgainAtTheNextTick() {
    Router router = builder(rep("ana", 4), rep("bo", 4)).recycleStalledLeads(Duration.ofHours(2)).build();
    assertThat(router.route(lead("L1")).repId()).isEqualTo("ana");
    router.recordContact("L1", clock.instant());
    clock.advance(Duration.ofHours(2).plusMinutes(1));
    store.nextSwap = Swap.FAILS_BEFORE_WRITING;
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).containsEntry("L1", "ana");
    clock.advance(Duration.ofSeconds(1));
    router.reconcile();
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).as("recycled at the next tick: %s", events).containsEntry("L1", "bo");
    assertCountsMatchPlacements(router);
  }

  @Test
  void aTransferWhoseSwapFailedKeepsTheLeadWithItsHolderAndNoUnitElsewhere() {
    Router router = router(rep("ana", 2), rep("bo", 2));
    assertThat(router.route(lead("L1")).repId()).isEqualTo("ana");
    store.nextSwap = Swap.FAILS_BEFORE_WRITING;
    interrupted(router, "L1", r -> r.transfer("L1"), "ana", null);
    assertThat(store.counts()).containsEntry("ana", 1).containsEntry("bo", 0);
  }

  @Test
  void aMoveWhoseOldHoldersReleaseFailedGivesThatUnitBack() {
    Router router = router(rep("ana", 2), rep("bo", 2));
    assertThat(router.route(lead("L1")).repId()).isEqualTo("ana");
    store.failReleaseOf = "ana";
    interrupted(router, "L1", r -> r.reassign("L1", "bo", "by hand"), "ana", "bo");
    assertThat(store.counts()).containsEntry("ana", 0).containsEntry("bo", 1);
  }

  @Test
  void aDrainWhoseSwapFailedIsRetriedWithNothingLeftTaken() {
    Router router = router(rep("ana", 1), rep("bo", 1));
    router.route(lead("A0"));
    router.route(lead("B0"));
    router.route(lead("Q1"));
    router.release("B0");
    store.nextSwap = Swap.FAILS_BEFORE_WRITING;
    assertThatThrownBy(router::drainQueues).isInstanceOf(StateUnavailableException.class);
    router.reconcile();
    assertThat(store.counts()).containsEntry("ana", 1).containsEntry("bo", 0);
    assertThat(router.drainQueues()).as("the next drain places it").isEqualTo(1);
    assertThat(OpenLeads.holders(router)).containsEntry("Q1", "bo");
    assertCountsMatchPlacements(router);
  }

  @Test
  void withoutAFailureNothingIsReconciled() {
    Router router = router(rep("ana", 2), rep("bo", 2));
    router.route(lead("L1"));
    router.reassign("L1", "bo", "by hand");
    router.reconcile();
    assertThat(store.reconciled).isEmpty();
    assertThat(new HashSet<>(store.counts().values())).containsExactlyInAnyOrder(0, 1);
  }
}
