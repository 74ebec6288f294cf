package io.smartrouting.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Tier;
import io.smartrouting.core.OffboardPolicy;
import io.smartrouting.core.Router;
import io.smartrouting.core.state.PlaceResult;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.QueueDepth;
import io.smartrouting.core.state.RoutingStateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RoutingStateStore} must keep for a router to place each lead in exactly one place and
 * never above a rep's capacity. Extend it and implement {@link #createStore()}:
 *
 * <pre>{@code
 * class MyStoreContractTest extends RoutingStateStoreContract {
 *   protected RoutingStateStore createStore() { return new MyStore(freshNamespace()); }
 * }
 * }</pre>
 *
 * <p>Each test takes a new, empty store (for a shared store: a tenant or key space of its own), and closes it after
 * when it is {@link AutoCloseable}. Checked: a placement is read back as written (times to the millisecond), placed
 * once, released once with its rep's unit; reservations stop at the limit, also from many threads at once;
 * {@link RoutingStateStore#placeAndReserve} is all or nothing; {@link RoutingStateStore#replacePlacement} is a
 * compare-and-set and {@link RoutingStateStore#movePlacement} gives the old holder's unit back and keeps every field of
 * the moved placement (its earlier holders, first routing and missed deadlines among them); a rep's placements
 * ({@link RoutingStateStore#placementsHeldBy}), the waiting leads in claim order
 * ({@link RoutingStateStore#queuedLeadIds}) and the queue depths agree with {@link RoutingStateStore#placements()};
 * a first contact is marked once; a store that shares availability shares manual overrides and offboardings; a store
 * that shares outcomes counts each lead's once, fades them as one model would, and keeps released leads when asked;
 * and a router on the store keeps every lead in one place through routing, releases,
 * drains and an offboarding. As the router does, a placement naming a rep is written only while that rep holds a unit
 * for the lead (taken before, or with the placement).
 */
public abstract class RoutingStateStoreContract {

  /**
   * A new, empty store. Called once per test.
   *
   * @return a store holding nothing
   */
  protected abstract RoutingStateStore createStore();

  private final List<RoutingStateStore> made = new ArrayList<>();

  /** Whole milliseconds, as shared stores keep times. */
  private static final Instant T0 = Instant.parse("2026-11-02T15:00:00Z");

  private RoutingStateStore store() {
    RoutingStateStore s = createStore();
    made.add(s);
    return s;
  }

  @AfterEach
  void closeStores() throws Exception {
    for (RoutingStateStore s : made) {
      if (s instanceof AutoCloseable c) {
        c.close();
      }
    }
    made.clear();
  }

  private static Placement withRep(String leadId, String repId, Tier tier, Instant at) {
    return new Placement(leadId, repId, null, tier, at, at.plusSeconds(300), false, null);
  }

  private static Placement inQueue(String leadId, String queue, Tier tier, Instant at) {
    return new Placement(leadId, null, queue, tier, at, null, false, null);
  }

  /** Takes {@code repId}'s unit for the lead (no limit to speak of), then places it: as the router does. */
  private static void placeHeld(RoutingStateStore s, Placement p) {
    assertThat(s.rep(p.repId()).tryReserve(1_000, p.leadId())).as("unit for %s", p.leadId()).isTrue();
    assertThat(s.placeIfAbsent(p)).as("%s placed", p.leadId()).isNull();
  }

  /**
   * A placement, with a rep or in a queue, reads back whole, one by one, all at once and by ids.
   */
  @Test
  public void aPlacementIsReadBackAsWritten() {
    RoutingStateStore s = store();
    Placement held = new Placement("read-1", "ana", null, Tier.TIER_1, T0, T0.plusSeconds(300), true, null);
    placeHeld(s, held);
    Placement queued = inQueue("read-2", "unassigned", Tier.TIER_3, T0.plusSeconds(1));
    assertThat(s.placeIfAbsent(queued)).isNull();
    assertThat(s.placement("read-1")).as("the placement with a rep").isEqualTo(held);
    assertThat(s.placement("read-2")).as("the placement in a queue").isEqualTo(queued);
    assertThat(s.placement("read-3")).as("a lead never placed").isNull();
    assertThat(s.placements()).containsExactlyInAnyOrder(held, queued);
    assertThat(s.placementsOf(List.of("read-1", "read-2", "read-3"))).as("the open ones of those asked for")
        .containsOnlyKeys("read-1", "read-2");
  }

  /**
   * A store that keeps contact notes reads them, for a preview of several moves, as the moves previewed so far would
   * leave them: a moved lead at the rep the preview gives it, one moved to a queue passed over (the one before it
   * answers, or, with a look-back, the contact's lead closed last), a queued lead given a rep found; and writes nothing.
   * (A store without notes answers nothing either way.)
   */
  @Test
  public void contactNotesAreReadAsThePreviewedMovesWouldLeaveThem() {
    RoutingStateStore s = store();
    if (!s.indexesContacts()) {
      return;
    }
    long key = 0x5eed_c0de_1234L;
    boolean closed = s.remembersClosedContacts();
    if (closed) {
      s.keepReleasedLeads(java.time.Duration.ofDays(30));
      // With its routing facts, as a router that remembers closed leads places them.
      s.noteContact(key, "cn-z");
      assertThat(s.rep("zed").tryReserve(1_000, "cn-z")).isTrue();
      assertThat(s.placeIfAbsent(withRep("cn-z", "zed", Tier.TIER_3, T0.minusSeconds(60)),
          Lead.builder("cn-z").country("US").build())).isNull();
      assertThat(s.releasePlacement("cn-z", T0.minusSeconds(30))).isNotNull();
    }
    s.noteContact(key, "cn-a");
    placeHeld(s, withRep("cn-a", "ana", Tier.TIER_3, T0));
    s.noteContact(key, "cn-b");
    placeHeld(s, withRep("cn-b", "ben", Tier.TIER_3, T0.plusSeconds(1)));
    s.noteContact(key, "cn-c");
    assertThat(s.placeIfAbsent(inQueue("cn-c", "unassigned", Tier.TIER_3, T0.plusSeconds(2)))).isNull();
    long[] keys = {key};
    Instant[] open = {null};
    assertThat(s.repsOfContactsAfter(keys, open, "other", Map.of())).as("no moves").containsExactly("ben");
    assertThat(s.repsOfContactsAfter(keys, open, "other", Map.of("cn-b", "cy"))).as("the latest moved")
        .containsExactly("cy");
    assertThat(s.repsOfContactsAfter(keys, open, "other", Map.of("cn-b", ""))).as("the latest moved to a queue")
        .containsExactly("ana");
    assertThat(s.repsOfContactsAfter(keys, open, "other", Map.of("cn-c", "dee"))).as("the queued one given a rep")
        .containsExactly("dee");
    assertThat(s.repsOfContactsAfter(keys, open, "cn-c", Map.of("cn-c", "dee"))).as("the lead being routed")
        .containsExactly((String) null);
    assertThat(s.repsOfContactsAfter(keys, open, "other", Map.of("cn-a", "", "cn-b", ""))).as("all moved away")
        .containsExactly((String) null);
    if (closed) {
      assertThat(s.repsOfContactsAfter(keys, new Instant[] {T0.minus(java.time.Duration.ofDays(1))}, "other",
          Map.of("cn-a", "", "cn-b", ""))).as("the lead closed last, once no open one has a rep").containsExactly("zed");
    }
    assertThat(s.repsOfContacts(keys, open, "other")).as("the store unchanged").containsExactly("ben");
    assertThat(s.placement("cn-b").repId()).isEqualTo("ben");
  }

  /**
   * A lead already placed keeps its placement: a second one is refused and the first returned.
   */
  @Test
  public void aLeadIsPlacedOnce() {
    RoutingStateStore s = store();
    Placement first = inQueue("once-1", "unassigned", Tier.TIER_2, T0);
    assertThat(s.placeIfAbsent(first)).isNull();
    Placement second = inQueue("once-1", "escalations", Tier.TIER_1, T0.plusSeconds(5));
    assertThat(s.placeIfAbsent(second)).as("the placement already there").isEqualTo(first);
    assertThat(s.placement("once-1")).as("unchanged").isEqualTo(first);
    assertThat(s.placements()).hasSize(1);
  }

  /**
   * A release takes the placement away and gives its rep the unit back, once: a second release changes nothing.
   */
  @Test
  public void aReleaseRemovesThePlacementAndGivesBackItsUnitOnce() {
    RoutingStateStore s = store();
    Placement p = withRep("rel-1", "ana", Tier.TIER_3, T0);
    placeHeld(s, p);
    assertThat(s.rep("ana").openLeads()).isEqualTo(1);
    assertThat(s.releasePlacement("rel-1")).isEqualTo(p);
    assertThat(s.placement("rel-1")).isNull();
    assertThat(s.rep("ana").openLeads()).as("the unit given back").isZero();
    assertThat(s.releasePlacement("rel-1")).as("a second release").isNull();
    assertThat(s.rep("ana").openLeads()).as("never below zero").isZero();
    assertThat(s.placements()).isEmpty();
  }

  /**
   * A rep's reservations stop at the limit asked for, and a release makes room again.
   */
  @Test
  public void reservationsStopAtTheLimit() {
    RoutingStateStore s = store();
    int taken = 0;
    for (int i = 0; i < 5; i++) {
      taken += s.rep("ana").tryReserve(3, "lim-" + i) ? 1 : 0;
    }
    assertThat(taken).isEqualTo(3);
    assertThat(s.rep("ana").openLeads()).isEqualTo(3);
    assertThat(s.rep("ana").release("lim-0")).isTrue();
    assertThat(s.rep("ana").openLeads()).isEqualTo(2);
    assertThat(s.rep("ana").tryReserve(3, "lim-5")).as("room again").isTrue();
    assertThat(s.rep("ben").openLeads()).as("another rep's units are its own").isZero();
  }

  /**
   * Reservations for one rep from eight threads at once never take more than the limit.
   *
   * @throws Exception if a thread fails or is interrupted
   */
  @Test
  public void reservationsFromManyThreadsAtOnceNeverExceedTheLimit() throws Exception {
    RoutingStateStore s = store();
    int threads = 8;
    int limit = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          start.await();
          int mine = 0;
          for (int i = 0; i < 20; i++) {
            mine += s.rep("ana").tryReserve(limit, "race-" + thread + "-" + i) ? 1 : 0;
          }
          return mine;
        }));
      }
      start.countDown();
      int taken = 0;
      for (Future<Integer> f : results) {
        taken += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(taken).as("units taken by %d threads with limit %d", threads, limit).isEqualTo(limit);
      assertThat(s.rep("ana").openLeads()).isEqualTo(limit);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Placing with a reservation takes both or neither: a full rep gets no placement, a placed lead no second unit.
   */
  @Test
  public void placeAndReserveIsAllOrNothing() {
    RoutingStateStore s = store();
    Placement first = withRep("par-1", "ana", Tier.TIER_2, T0);
    assertThat(s.placeAndReserve(first, null, 1).status()).isEqualTo(PlaceResult.Status.PLACED);
    assertThat(s.rep("ana").openLeads()).isEqualTo(1);
    assertThat(s.placeAndReserve(withRep("par-2", "ana", Tier.TIER_2, T0), null, 1).status())
        .as("ana is full").isEqualTo(PlaceResult.Status.FULL);
    assertThat(s.placement("par-2")).as("nothing placed when full").isNull();
    PlaceResult again = s.placeAndReserve(withRep("par-1", "ben", Tier.TIER_2, T0), null, 1);
    assertThat(again.status()).isEqualTo(PlaceResult.Status.ALREADY_PLACED);
    assertThat(again.existing()).isEqualTo(first);
    assertThat(s.rep("ben").openLeads()).as("no unit kept for a lead placed already").isZero();
    assertThat(s.rep("ana").openLeads()).isEqualTo(1);
  }

  /**
   * A placement is replaced only while it is the one expected.
   */
  @Test
  public void replacePlacementIsACompareAndSet() {
    RoutingStateStore s = store();
    Placement p = withRep("cas-1", "ana", Tier.TIER_3, T0);
    placeHeld(s, p);
    Placement progressed = p.withProgressedAt(T0.plusSeconds(60));
    assertThat(s.replacePlacement(p, progressed)).isTrue();
    assertThat(s.placement("cas-1")).isEqualTo(progressed);
    assertThat(s.replacePlacement(p, p.withContactedAt(T0.plusSeconds(90)))).as("a stale expectation").isFalse();
    assertThat(s.placement("cas-1")).as("unchanged").isEqualTo(progressed);
  }

  /**
   * A move keeps the placement whole (its history too) and gives the old holder its unit back, also to a queue.
   */
  @Test
  public void aMoveGivesTheOldHolderItsUnitBack() {
    RoutingStateStore s = store();
    Placement atAna = withRep("mv-1", "ana", Tier.TIER_2, T0);
    placeHeld(s, atAna);
    assertThat(s.rep("ben").tryReserve(5, "mv-1")).isTrue();
    // Moved after a missed deadline: the lead's first routing and its missed deadlines go with it.
    Placement atBen = new Placement("mv-1", "ben", null, Tier.TIER_2, T0.plusSeconds(60), T0.plusSeconds(360), false,
        null, null, List.of("ana"), T0, 1);
    assertThat(s.movePlacement(atAna, atBen, null)).isTrue();
    assertThat(s.placement("mv-1")).as("kept whole, its history included").isEqualTo(atBen);
    assertThat(s.rep("ana").openLeads()).as("ana's unit given back").isZero();
    assertThat(s.rep("ben").openLeads()).isEqualTo(1);
    Placement toQueue = new Placement("mv-1", null, "returns", Tier.TIER_2, T0.plusSeconds(120), null, false, null,
        null, List.of("ana"));
    assertThat(s.movePlacement(atAna, toQueue, null)).as("a stale move").isFalse();
    Placement withoutHistory = new Placement("mv-1", "ben", null, Tier.TIER_2, T0.plusSeconds(60),
        T0.plusSeconds(360), false, null, null, List.of("ana"));
    assertThat(s.movePlacement(withoutHistory, toQueue, null)).as("expecting it without its missed deadline").isFalse();
    assertThat(s.placement("mv-1")).isEqualTo(atBen);
    assertThat(s.rep("ben").openLeads()).isEqualTo(1);
  }

  /**
   * The placements held by some reps are exactly those that name them.
   */
  @Test
  public void aRepsPlacementsAreThoseThatNameIt() {
    RoutingStateStore s = store();
    for (int i = 0; i < 6; i++) {
      placeHeld(s, withRep("held-" + i, i % 3 == 0 ? "ana" : "ben", Tier.TIER_3, T0.plusSeconds(i)));
    }
    assertThat(s.placeIfAbsent(inQueue("held-q", "unassigned", Tier.TIER_3, T0))).isNull();
    Map<String, List<Placement>> byRep = new HashMap<>();
    for (Placement p : s.placements()) {
      if (p.repId() != null) {
        byRep.computeIfAbsent(p.repId(), k -> new ArrayList<>()).add(p);
      }
    }
    assertThat(s.placementsHeldBy(List.of("ana"))).containsExactlyInAnyOrderElementsOf(byRep.get("ana"));
    assertThat(s.placementsHeldBy(List.of("ana", "ben"))).hasSize(6);
    assertThat(s.placementsHeldBy(List.of("cy"))).isEmpty();
    assertThat(s.placementsHeldBy(List.of())).isEmpty();
    s.releasePlacement("held-0");
    assertThat(s.placementsHeldBy(List.of("ana"))).extracting(Placement::leadId).containsExactly("held-3");
  }

  /**
   * Queued leads are listed in claim order (tier, then time waiting, then id), per queue and in pages, and counted.
   */
  @Test
  public void waitingLeadsAreListedInClaimOrderAndCounted() {
    RoutingStateStore s = store();
    // Highest tier first, then the longest waiting, then by lead id.
    s.placeIfAbsent(inQueue("w-c", "unassigned", Tier.TIER_3, T0));
    s.placeIfAbsent(inQueue("w-a", "unassigned", Tier.TIER_1, T0.plusSeconds(30)));
    s.placeIfAbsent(inQueue("w-b", "partners", Tier.TIER_3, T0));
    s.placeIfAbsent(inQueue("w-d", "unassigned", Tier.TIER_2, T0.plusSeconds(10)));
    placeHeld(s, withRep("w-held", "ana", Tier.TIER_1, T0));
    assertThat(s.queuedLeadIds(null)).containsExactly("w-a", "w-d", "w-b", "w-c");
    assertThat(s.queuedLeadIds("unassigned")).containsExactly("w-a", "w-d", "w-c");
    assertThat(s.queuedLeadIds(null, 2)).containsExactly("w-a", "w-d");
    assertThat(s.queuedLeadIds("partners", 5)).containsExactly("w-b");
    assertThat(s.queuedPlacements()).extracting(Placement::leadId)
        .containsExactlyInAnyOrder("w-a", "w-b", "w-c", "w-d");
    assertThat(s.queueDepths()).isEqualTo(Map.of("unassigned", new QueueDepth(3, T0),
        "partners", new QueueDepth(1, T0)));
    s.releasePlacement("w-c");
    assertThat(s.queuedLeadIds("unassigned")).containsExactly("w-a", "w-d");
    assertThat(s.queueDepths()).containsEntry("unassigned", new QueueDepth(2, T0.plusSeconds(10)));
  }

  /**
   * A lead's first contact is marked once; a later one does not move it.
   */
  @Test
  public void aFirstContactIsMarkedOnce() {
    RoutingStateStore s = store();
    Placement p = withRep("ct-1", "ana", Tier.TIER_1, T0);
    placeHeld(s, p);
    assertThat(s.markContacted("ct-1", T0.plusSeconds(60))).as("the placement before").isEqualTo(p);
    assertThat(s.placement("ct-1").contactedAt()).isEqualTo(T0.plusSeconds(60));
    s.markContacted("ct-1", T0.plusSeconds(120));
    assertThat(s.placement("ct-1").contactedAt()).as("the first contact stays").isEqualTo(T0.plusSeconds(60));
    assertThat(s.markContacted("ct-none", T0)).as("a lead not open").isNull();
  }

  /**
   * A store that shares availability between routers shares offboardings too: one noted is read back with its policy
   * until its sweep ends, so that every router sweeps it (a store for one router keeps none, and reads none back).
   */
  @Test
  public void anOffboardingNotedIsReadBackUntilItsSweepEnds() {
    RoutingStateStore s = store();
    Instant until = T0.plusSeconds(10);
    s.noteOffboarding("ana", io.smartrouting.core.OffboardPolicy.toRep("ben"), until);
    s.noteOffboarding("cy", io.smartrouting.core.OffboardPolicy.toQueue("handover"), until);
    if (!s.sharesAvailability()) {
      assertThat(s.offboardings(T0)).as("a store for one router").isEmpty();
      return;
    }
    assertThat(s.offboardings(T0)).containsExactlyInAnyOrder(
        new RoutingStateStore.Offboarding("ana", io.smartrouting.core.OffboardPolicy.toRep("ben"), until),
        new RoutingStateStore.Offboarding("cy", io.smartrouting.core.OffboardPolicy.toQueue("handover"), until));
    assertThat(s.offboardings(until)).as("once the sweep ends").isEmpty();
  }

  /**
   * A store that shares availability keeps every rep's manual override as last set, for every router to read, and
   * forgets a cleared one (a store for one router keeps none).
   */
  @Test
  public void availabilityOverridesAreReadBackAsLastSet() {
    RoutingStateStore s = store();
    s.setAvailabilityOverride("ana", false);
    s.setAvailabilityOverride("ben", false);
    s.setAvailabilityOverride("ben", true);
    s.setAvailabilityOverride("cy", true);
    s.setAvailabilityOverride("cy", null);
    if (!s.sharesAvailability()) {
      assertThat(s.availabilityOverrides()).as("a store for one router").isEmpty();
      return;
    }
    assertThat(s.availabilityOverrides()).as("the last override of each rep, cy's cleared")
        .isEqualTo(Map.of("ana", false, "ben", true));
    s.setAvailabilityOverride("ana", null);
    assertThat(s.availabilityOverrides()).as("ana's cleared too").isEqualTo(Map.of("ben", true));
  }

  /**
   * A store that shares outcomes counts each lead's closed outcome once, however many times (and routers) report it,
   * and, when it {@link RoutingStateStore#fadesOutcomes() fades them}, halves as one
   * {@link io.smartrouting.core.learning.ConversionModel} fed the same outcomes in the same order would: its
   * {@link RoutingStateStore#outcomeCounts()} are that model's counts, at every step of a seeded stream that crosses
   * several halvings of two segments.
   */
  @Test
  public void closedOutcomesAreCountedOnceAndFadeAsOneModelWould() {
    RoutingStateStore s = store();
    if (!s.sharesOutcomes()) {
      assertThat(s.outcomeCounts()).as("a store for one router").isEmpty();
      return;
    }
    long halfLife = s.fadesOutcomes() ? 10 : 0;
    io.smartrouting.core.learning.ConversionModel model = new io.smartrouting.core.learning.ConversionModel(
        io.smartrouting.core.learning.LearningPolicy.builder().halfLifeOutcomes(halfLife).build());
    java.util.Random rnd = new java.util.Random(23);
    String[] reps = {"ana", "ben", "cy"};
    String[] industries = {null, "healthcare", "retail"};
    io.smartrouting.api.Segment[] segments = {io.smartrouting.api.Segment.SMB, io.smartrouting.api.Segment.ENTERPRISE};
    java.time.Duration window = java.time.Duration.ofHours(1);
    for (int i = 0; i < 90; i++) {
      String rep = reps[rnd.nextInt(reps.length)];
      io.smartrouting.api.Segment segment = segments[rnd.nextInt(segments.length)];
      String industry = industries[rnd.nextInt(industries.length)];
      boolean won = rnd.nextInt(3) == 0;
      assertThat(s.recordOutcome("won-" + i, rep, segment, industry, won, halfLife, window))
          .as("outcome %s counted", i).isTrue();
      model.record(rep, segment, industry, won);
      if (i % 5 == 0) {
        assertThat(s.recordOutcome("won-" + i, rep, segment, industry, !won, halfLife, window))
            .as("outcome %s reported again", i).isFalse();
      }
      assertThat(s.outcomeCounts()).as("after outcome %s", i)
          .containsExactlyInAnyOrderElementsOf(model.counts());
    }
  }

  /**
   * A store that shares outcomes and is asked to keep released leads keeps a released lead's last placement and
   * routing facts, so that a router that did not route it can credit an outcome reported for it.
   */
  @Test
  public void aReleasedLeadIsKeptWithItsFactsWhenAsked() {
    RoutingStateStore s = store();
    s.keepReleasedLeads(java.time.Duration.ofHours(1));
    Placement p = withRep("kept-1", "ana", Tier.TIER_2, T0);
    Lead facts = Lead.builder("kept-1").country("US").industry("healthcare").employees(40).build();
    assertThat(s.rep("ana").tryReserve(1_000, "kept-1")).isTrue();
    assertThat(s.placeIfAbsent(p, facts)).isNull();
    boolean savesFacts = s.savedLead("kept-1") != null;
    assertThat(s.releasePlacement("kept-1")).isEqualTo(p);
    io.smartrouting.core.state.ReleasedLead kept = s.releasedLead("kept-1");
    if (!s.sharesOutcomes()) {
      assertThat(kept).as("a store for one router keeps none").isNull();
      return;
    }
    assertThat(kept).as("the released lead").isNotNull();
    assertThat(kept.placement()).as("its last placement").isEqualTo(p);
    if (savesFacts) {
      assertThat(kept.facts()).as("the facts it kept with the placement").isNotNull();
      assertThat(kept.facts().industry()).as("its industry").isEqualTo("healthcare");
      assertThat(kept.facts().country()).as("its country").isEqualTo("US");
    }
    assertThat(s.releasedLead("kept-2")).as("a lead never placed").isNull();
  }

  /**
   * A store that shares tallies (an experiment's counts on many nodes) adds every delta of a call, reads the sums
   * back, and adds a call with a once key at most once (a retried webhook told to two nodes counts once); a store that
   * does not refuses both calls rather than count nothing silently.
   */
  @Test
  public void sharedTalliesAddUpAndACallWithAOnceKeyCountsOnce() {
    RoutingStateStore s = store();
    java.time.Duration keep = java.time.Duration.ofMinutes(5);
    if (!s.sharesTallies()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.addTallies("t", null, keep, Map.of("a", 1.0)))
          .isInstanceOf(UnsupportedOperationException.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.tallies("t"))
          .isInstanceOf(UnsupportedOperationException.class);
      return;
    }
    assertThat(s.tallies("contract")).as("nothing added yet").isEmpty();
    assertThat(s.addTallies("contract", null, keep, Map.of("leads|a", 1.0, "minutes|a", 2.5))).isTrue();
    assertThat(s.addTallies("contract", null, keep, Map.of("leads|a", 1.0, "leads|b", 1.0))).isTrue();
    assertThat(s.addTallies("contract", "won:l1", keep, Map.of("won|a", 1.0))).as("first with its key").isTrue();
    assertThat(s.addTallies("contract", "won:l1", keep, Map.of("won|a", 1.0))).as("again: not added").isFalse();
    assertThat(s.addTallies("contract", "won:l2", keep, Map.of("won|b", 1.0, "minutes|a", 0.25))).isTrue();
    assertThat(s.tallies("contract")).isEqualTo(
        Map.of("leads|a", 2.0, "leads|b", 1.0, "minutes|a", 2.75, "won|a", 1.0, "won|b", 1.0));
    assertThat(s.tallies("other")).as("tallies of another name").isEmpty();
  }

  /**
   * A router on the store keeps every lead in exactly one place and every rep within its capacity through routes and
   * releases.
   */
  @Test
  public void aRouterOnTheStoreKeepsEveryLeadInOnePlaceWithinCapacity() {
    RoutingStateStore s = store();
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(4).build(),
        Rep.builder("ben").territories("US").capacity(4).build(),
        Rep.builder("cy").territories("US").capacity(4).build());
    io.smartrouting.core.ManualClock clock = new io.smartrouting.core.ManualClock(T0);
    Set<String> open = new HashSet<>();
    try (Router router = Router.builder().roster(reps).stateStore(s).clock(clock).manualTimers()
        .strategies(io.smartrouting.core.StrategyRegistry.of()).step("first", FIRST_CANDIDATE).capacityThreshold(1.0)
        .build()) {
      for (int i = 0; i < 20; i++) {
        Decision d = router.route(Lead.builder("rt-" + i).country("US").build());
        assertThat(d.repId() == null).as("with a rep or in a queue").isNotEqualTo(d.queue() == null);
        open.add(d.leadId());
        clock.advance(java.time.Duration.ofSeconds(1));
      }
      checkOnePlace(s, reps, open);
      for (int i = 0; i < 20; i += 3) {
        if (router.release("rt-" + i)) {
          open.remove("rt-" + i);
        }
      }
      router.drainQueues();
      checkOnePlace(s, reps, open);
      router.offboard("ben", OffboardPolicy.toQueue("handover"));
      checkOnePlace(s, reps, open);
      assertThat(s.placementsHeldBy(List.of("ben"))).as("ben offboarded").isEmpty();
    }
  }

  /** Assigns the first candidate (the reps with room, as the router filters them), or passes. */
  private static final io.smartrouting.spi.RoutingStrategy FIRST_CANDIDATE = ctx -> {
    int o = ctx.candidates().first();
    return o < 0 ? io.smartrouting.spi.StrategyResult.pass("nobody has room")
        : io.smartrouting.spi.StrategyResult.assign(o, "the first with room");
  };

  /** Every open lead in exactly one place, and each rep's units are its placements, within its capacity. */
  private static void checkOnePlace(RoutingStateStore s, List<Rep> reps, Set<String> open) {
    Map<String, Integer> byRep = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (Placement p : s.placements()) {
      assertThat(seen.add(p.leadId())).as("%s placed once", p.leadId()).isTrue();
      if (p.repId() != null) {
        byRep.merge(p.repId(), 1, Integer::sum);
      }
    }
    assertThat(seen).as("the open leads").isEqualTo(open);
    for (Rep r : reps) {
      int held = byRep.getOrDefault(r.id(), 0);
      assertThat(s.rep(r.id()).openLeads()).as("%s's units", r.id()).isEqualTo(held);
      assertThat(held).as("%s within capacity", r.id()).isLessThanOrEqualTo(r.capacity());
      assertThat(s.placementsHeldBy(List.of(r.id()))).hasSize(held);
    }
    List<String> order = new ArrayList<>();
    s.placements().stream().filter(p -> p.queue() != null).sorted(Comparator.comparing(Placement::tier)
        .thenComparing(Placement::assignedAt).thenComparing(Placement::leadId)).forEach(p -> order.add(p.leadId()));
    assertThat(s.queuedLeadIds(null)).as("the claim order").isEqualTo(order);
  }
}
