package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.WorkingHours;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of route, contact, release, SLA breach (clock advance + timers), roster update (in half the tries
 * offboarding the reps it leaves out, whose leads then stay with none of them), shift change,
 * manual availability changes, reassign, transfer, offboard and updates of a lead's facts: after every operation each
 * open lead is in exactly one place, every released lead in none, each rep's open-lead count equals the leads placed with it, and nobody is
 * over capacity plus the bounded override (Tier 1 leads may override, as the fast-track does), and a lead of a tier
 * with an SLA that nobody has called has a deadline wherever it is until a breach is reported. After every drain
 * tick, no lead waits in a queue while a rep who may take it (in the roster, available, below its capacity threshold,
 * and not one who held the lead before) has headroom.
 */
class LeadLifecycleProperties {

  private static final String[] IDS = {"r0", "r1", "r2", "r3", "r4", "r5"};
  private static final Map<String, Integer> CAPACITY = Map.of("r0", 1, "r1", 2, "r2", 3, "r3", 1, "r4", 2, "r5", 4);

  private static final double OVERRIDE_SHARE = 0.2;

  /** A Tier 1 step that may go above capacity (bounded by the router), as the fast-track does. */
  private static final io.smartrouting.spi.RoutingStrategy TIER_1_OVERRIDE = ctx -> {
    io.smartrouting.spi.CandidateSet c = ctx.candidatesIgnoringCapacity();
    int best = -1;
    for (int o = c.first(); o >= 0; o = c.next(o)) {
      if (best < 0 || ctx.openLeads(o) < ctx.openLeads(best)) {
        best = o;
      }
    }
    return best < 0 ? io.smartrouting.spi.StrategyResult.pass("nobody")
        : io.smartrouting.spi.StrategyResult.assign(best, "tier 1 override").withFlag(io.smartrouting.api.Flag
            .CAPACITY_OVERRIDE);
  };

  /** Daily caps of the reps that have one, in the runs with caps. */
  private static final Map<String, Integer> DAILY_CAP = Map.of("r1", 2, "r3", 1, "r5", 3);

  /** In the runs with caps and contacts: the contact's rep when it is a candidate, else passes. */
  private static final io.smartrouting.spi.RoutingStrategy SAME_CONTACT = new io.smartrouting.spi.RoutingStrategy() {
    @Override
    public io.smartrouting.spi.StrategyResult apply(io.smartrouting.spi.RoutingContext ctx) {
      int o = ctx.sameContactHolder();
      return o >= 0 && ctx.candidates().contains(o) ? io.smartrouting.spi.StrategyResult.assign(o, "same contact")
          : io.smartrouting.spi.StrategyResult.pass("no contact's rep to take it");
    }

    @Override
    public boolean readsContacts() {
      return true;
    }
  };

  /** Whether this try's reps have daily caps (set per try). */
  private boolean caps;

  private Rep rep(String id) {
    return rep(id, true);
  }

  /** Rep {@code id}; r2 and r4 work 09:00-17:00 in New York when {@code shifts} (else around the clock). */
  private Rep rep(String id, boolean shifts) {
    return rep(id, shifts, "US");
  }

  /** As {@link #rep(String, boolean)}, covering {@code territory}. */
  private Rep rep(String id, boolean shifts, String territory) {
    Rep.Builder b = Rep.builder(id).territories(territory).capacity(CAPACITY.get(id)).managerId(id.equals("r0") ? null
        : "r0").dailyCap(caps ? DAILY_CAP.getOrDefault(id, 0) : 0);
    if (id.equals("r2") || (id.equals("r4") && shifts)) {
      b.timeZone("America/New_York").workingHours(WorkingHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0)));
    }
    return b.build();
  }

  private static int admitLimit(int capacity) {
    return (int) Math.min(capacity, Math.ceil(capacity * 0.9 - 1e-9));
  }

  private static String placeOf(@org.jspecify.annotations.Nullable String repId,
      @org.jspecify.annotations.Nullable String queue) {
    return repId != null ? repId : "queue " + queue;
  }

  private static int overrideLimit(int capacity) {
    return capacity + (int) Math.ceil(capacity * OVERRIDE_SHARE - 1e-9);
  }

  @Property(tries = 300)
  void everyLeadIsInExactlyOnePlaceAndCapacityIsNeverExceeded(
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 149) Integer> ops, @ForAll long seed,
      @ForAll boolean withCapsAndContacts, @ForAll boolean leaversMove, @ForAll boolean realign) {
    // Half the tries give three reps a daily cap and put a step that reads contacts first, over leads of five people.
    caps = withCapsAndContacts;
    Random rnd = new Random(seed);
    // Half of those put the contact step first. A preview of several moves sees the contact notes as they are before
    // them (where two moved leads share a person, the moves note the first anew before the second): the previews of
    // several moves are checked against the moves without it; a transfer's and an account handover's always.
    boolean contacts = caps && rnd.nextBoolean();
    ManualClock clock = new ManualClock(Instant.parse("2026-11-25T13:00:00Z"));
    List<Rep> roster = new ArrayList<>();
    for (String id : IDS) {
      roster.add(rep(id));
    }
    // Every lead is of the account 'acme' (its people are eligible whatever else): its owner and team change as the
    // ops go, and half the tries hand its open leads to its new people on every such update.
    boolean accountsMove = rnd.nextBoolean();
    Router.Builder builder = Router.builder().roster(roster).clock(clock).strategies(StrategyRegistry.of())
        .manualTimers().managerFallback(true).maxOverride(OVERRIDE_SHARE).accounts(List.of(acme(IDS[0], null)))
        .whenAccountsMove(accountsMove).whenCoverageChanges(realign)
        .handOverWhenAway(realign ? null : Duration.ofDays(1));
    // Half the tries recycle leads contacted two hours ago without progress (some report a meeting: they stay).
    boolean recycle = rnd.nextBoolean();
    builder.recycleStalledLeads(recycle ? Duration.ofHours(2) : null);
    // By open lead, the rep that reported progress on it while holding it: recycling never takes it from that rep.
    Map<String, String> progressedWith = new java.util.concurrent.ConcurrentHashMap<>();
    List<String> recycledDespiteProgress = new ArrayList<>();
    if (leaversMove) {
      // Half the tries offboard a rep a roster update leaves out: none of its leads may stay with it.
      builder.whenRepsLeave(rnd.nextBoolean() ? OffboardPolicy.reroute() : OffboardPolicy.toQueue("handover"));
    }
    if (contacts) {
      builder.step("contact", SAME_CONTACT);
    }
    // Leads the chain gave each rep, per day in the rep's zone (each decision once, whichever events carry it): what a
    // daily cap bounds. Person's reassignments, offboarding hand-offs and the manager fallback are not the chain's.
    Map<String, Integer> chainLeadsPerRepDay = new HashMap<>();
    Set<String> counted = new java.util.HashSet<>();
    List<String> overCap = new ArrayList<>();
    // acme's people now: the chain hands them its leads past their caps (a cap bounds the chain, not the account); so
    // it does to a colleague one of them is away for, named to cover the time off, who stands in for them meanwhile.
    Set<String> acmePeople = new java.util.HashSet<>(Set.of(IDS[0]));
    java.util.concurrent.atomic.AtomicReference<List<Rep>> rosterNow = new java.util.concurrent.atomic.AtomicReference<>(
        roster);
    java.util.function.Consumer<Decision> count = d -> {
      if (d.repId() != null && Set.of("contact", "override", "ll").contains(d.decidedBy())
          && !("acme".equals(d.accountId()) && (acmePeople.contains(d.repId())
              || coversFor(rosterNow.get(), acmePeople, d.repId(), d.decidedAt())))
          && !d.hasFlag(io.smartrouting.api.Flag.MANAGER_FALLBACK)
          && counted.add(d.leadId() + "@" + d.decidedAt() + ">" + d.repId())) {
        java.time.ZoneId zone = rep(d.repId()).timeZone();
        int n = chainLeadsPerRepDay.merge(d.repId() + " on " + java.time.LocalDate.ofInstant(d.decidedAt(), zone), 1,
            Integer::sum);
        int cap = caps ? DAILY_CAP.getOrDefault(d.repId(), 0) : 0;
        if (cap > 0 && n > cap) {
          overCap.add(d.repId() + " took " + n + " leads from the chain in one day, cap " + cap);
        }
      }
    };
    // The leads someone called: a move gives a lead a new placement, which does not carry the contact.
    Set<String> called = java.util.concurrent.ConcurrentHashMap.newKeySet();
    builder.listener(e -> {
      if (e instanceof io.smartrouting.api.RoutingEvent.ContactRecorded c) {
        called.add(c.leadId());
      }
      if (e instanceof io.smartrouting.api.RoutingEvent.LeadAssigned a) {
        count.accept(a.decision());
      } else if (e instanceof io.smartrouting.api.RoutingEvent.LeadReassigned r) {
        count.accept(r.decision());
      } else if (e instanceof io.smartrouting.api.RoutingEvent.LeadMoved m) {
        count.accept(m.decision());
      }
      if (e instanceof io.smartrouting.api.RoutingEvent.LeadMoved m
          && m.move() == io.smartrouting.api.RoutingEvent.Move.RECYCLED && m.fromRepId() != null
          && m.fromRepId().equals(progressedWith.get(m.leadId()))) {
        recycledDespiteProgress.add(m.leadId() + " from " + m.fromRepId());
      }
      if (e instanceof io.smartrouting.api.RoutingEvent.LeadMoved m) {
        progressedWith.remove(m.leadId());
      } else if (e instanceof io.smartrouting.api.RoutingEvent.LeadReassigned r) {
        progressedWith.remove(r.decision().leadId());
      }
    });
    Router router = builder
        .step(ChainStep.of("override", TIER_1_OVERRIDE).onlyFor(io.smartrouting.api.Tier.TIER_1))
        .step("ll", TestStrategies.LEAST_LOADED)
        .escalation(EscalationPolicy.defaults().maxReassignments(rnd.nextInt(3))).build();
    Set<String> open = new LinkedHashSet<>();
    Set<String> released = new LinkedHashSet<>();
    Map<String, Set<String>> heldBy = new HashMap<>();
    Map<String, Lead> routed = new HashMap<>();
    boolean[] shifts = {true};
    int next = 0;
    for (int op : ops) {
      boolean ticked = false;
      if (op < 40) {
        String id = "lead-" + next++;
        Lead.Builder lead = Lead.builder(id).country("US").email("person" + rnd.nextInt(5) + "@mail.example");
        if (op % 3 == 0) {
          lead.source(LeadSource.DEMO_REQUEST);
        } else if (op % 3 == 1) {
          lead.icpScore(85);
        }
        Lead built = lead.build();
        Decision d = router.route(built);
        assertThat(d.repId() == null).isNotEqualTo(d.queue() == null);
        open.add(id);
        routed.put(id, built);
      } else if (op < 55 && !open.isEmpty()) {
        String id = io.smartrouting.core.testing.OpenLeads.pick(open, rnd);
        Placement p = router.placement(id).orElseThrow();
        if (p.repId() != null) {
          router.recordContact(id, clock.instant());
          if (recycle && rnd.nextInt(3) == 0) {
            router.recordOutcome(id, io.smartrouting.api.Outcome.MEETING);
            progressedWith.put(id, p.repId());
          }
        }
      } else if (op < 70 && !open.isEmpty()) {
        String id = io.smartrouting.core.testing.OpenLeads.pick(open, rnd);
        assertThat(router.release(id)).isTrue();
        progressedWith.remove(id);
        open.remove(id);
        released.add(id);
      } else if (op < 85) {
        clock.advance(Duration.ofMinutes(1 + rnd.nextInt(90)));
        router.fireDueTimers();
        ticked = true;
      } else if (op < 92) {
        // Who covers each open lead just before the update: a US rep, or one of acme's people.
        Set<String> coveredBefore = new java.util.HashSet<>();
        for (Placement p : router.openPlacements()) {
          if (p.repId() != null && (acmePeople.contains(p.repId()) || router.roster().stream()
              .anyMatch(r -> r.id().equals(p.repId()) && r.territories().contains("US")))) {
            coveredBefore.add(p.leadId() + ">" + p.repId());
          }
        }
        List<Rep> next2 = new ArrayList<>();
        for (String id : IDS) {
          if (rnd.nextInt(4) != 0) {
            // Half the tries realign territories as they go: a rep moved to Canada no longer covers these US leads
            // (unless it is one of acme's people), and its open ones move when the try says so.
            Rep r = realign && rnd.nextInt(3) == 0 ? rep(id, shifts[0], "CA") : rep(id, shifts[0]);
            if (!realign && rnd.nextInt(4) == 0) {
              // The other half of the tries sends reps on three days' time off from now: the next timer tick hands
              // their open leads not yet in contact over, to a colleague named to cover it for half of them, who
              // also stands in for the rep as acme's person meanwhile.
              io.smartrouting.api.TimeOff off = io.smartrouting.api.TimeOff.of(clock.instant(),
                  clock.instant().plus(Duration.ofDays(3)));
              String cover = IDS[rnd.nextInt(IDS.length)];
              r = Rep.builderFrom(r).timeOff(rnd.nextBoolean() && !cover.equals(id) ? off.coveredBy(cover) : off)
                  .build();
            }
            next2.add(r);
          }
        }
        rosterNow.set(next2); // before the update: the moves it makes are decided on the new roster
        // What the update will do with open leads, said before it: exactly the moves it then makes.
        Map<String, String> said = new HashMap<>();
        router.previewRosterUpdate(next2).forEach(d -> said.put(d.leadId(), placeOf(d.repId(), d.queue())));
        Map<String, String> placedBefore = new HashMap<>();
        router.openPlacements().forEach(p -> placedBefore.put(p.leadId(), placeOf(p.repId(), p.queue())));
        router.updateRoster(next2);
        Map<String, String> madeByUpdate = new HashMap<>();
        router.openPlacements().stream()
            .filter(p -> !placeOf(p.repId(), p.queue()).equals(placedBefore.get(p.leadId())))
            .forEach(p -> madeByUpdate.put(p.leadId(), placeOf(p.repId(), p.queue())));
        if (!contacts) {
          assertThat(madeByUpdate).as("the roster update's moves against its preview").isEqualTo(said);
        }
        if (leaversMove) {
          Set<String> onRoster = new java.util.HashSet<>();
          next2.forEach(r -> onRoster.add(r.id()));
          for (Placement p : router.openPlacements()) {
            assertThat(p.repId() == null || onRoster.contains(p.repId()))
                .as("lead %s stays with %s, who left the roster", p.leadId(), p.repId()).isTrue();
          }
        }
        if (realign) {
          for (Placement p : router.openPlacements()) {
            Rep holder = p.repId() == null ? null
                : next2.stream().filter(r -> r.id().equals(p.repId())).findFirst().orElse(null);
            // Facts older than the idempotency window (24 hours) of a lead without a timer are no longer known: it
            // stays, with a warning.
            boolean factsKnown = Duration.between(p.assignedAt(), clock.instant()).toHours() < 20;
            if (holder != null && !holder.territories().contains("US") && !acmePeople.contains(holder.id())
                && p.contactedAt() == null && coveredBefore.contains(p.leadId() + ">" + holder.id()) && factsKnown) {
              throw new AssertionError("lead " + p.leadId() + " stays with " + holder.id() + ", who covered it before"
                  + " the update and now covers " + holder.territories());
            }
          }
        }
      } else if (op >= 105 && op < 110 && !open.isEmpty()) {
        // A person puts the lead in a queue (its rep gives it back): it never goes back to that rep.
        String id = io.smartrouting.core.testing.OpenLeads.pick(open, rnd);
        Placement before = router.placement(id).orElseThrow();
        String queue = rnd.nextBoolean() ? "returns" : "handover";
        if (queue.equals(before.queue())) {
          org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.requeue(id, queue, "property test"))
              .isInstanceOf(IllegalArgumentException.class);
          assertThat(router.placement(id)).contains(before);
        } else {
          Decision d = router.requeue(id, queue, "property test");
          assertThat(d.queue()).isEqualTo(queue);
          Placement after = router.placement(id).orElseThrow();
          assertThat(after.queue()).isEqualTo(queue);
          if (before.repId() != null) {
            assertThat(after.earlierHolders()).contains(before.repId());
          }
        }
      } else if (op >= 100 && op < 110 && !open.isEmpty()) {
        String id = io.smartrouting.core.testing.OpenLeads.pick(open, rnd);
        String to = IDS[rnd.nextInt(IDS.length)];
        Placement before = router.placement(id).orElseThrow();
        try {
          Decision d = router.reassign(id, to, "property test");
          assertThat(d.repId()).isEqualTo(to);
        } catch (IllegalArgumentException | IllegalStateException refused) {
          // Not in the roster, already the holder, or full: nothing changed.
          assertThat(router.placement(id)).contains(before);
        }
      } else if (op >= 110 && op < 120 && !open.isEmpty()) {
        String id = io.smartrouting.core.testing.OpenLeads.pick(open, rnd);
        String holder = router.placement(id).orElseThrow().repId();
        Decision d;
        Decision said = null;
        try {
          said = router.previewTransfer(id);
          assertThat(router.placement(id).orElseThrow().repId()).as("a preview moves nothing").isEqualTo(holder);
        } catch (IllegalStateException forgotten) {
          assertThat(forgotten).hasMessageContaining("no longer known");
        }
        try {
          d = router.transfer(id);
          if (said != null) {
            assertThat(d.repId() + "/" + d.queue()).as("a transfer against its preview")
                .isEqualTo(said.repId() + "/" + said.queue());
          }
        } catch (IllegalStateException forgotten) {
          // Past the idempotency window a lead without an SLA timer or queue entry has no facts left in the router.
          assertThat(forgotten).hasMessageContaining("transfer(lead)");
          assertThat(said).as("the preview did not know the facts either").isNull();
          d = router.transfer(routed.get(id));
        }
        if (holder != null && d.repId() != null) {
          assertThat(d.repId()).as("a transfer leaves the holder").isNotEqualTo(holder);
        }
      } else if (op >= 120 && op < 127) {
        String id = IDS[rnd.nextInt(IDS.length)];
        int held = router.openLeads(id);
        // A colleague on the roster covers the desk in a third of the tries (the chain takes what it has no room for).
        List<String> covers = router.roster().stream().map(Rep::id).filter(r -> !r.equals(id)).toList();
        int kind = rnd.nextInt(4);
        OffboardPolicy policy = kind == 2 && !covers.isEmpty()
            ? OffboardPolicy.toRep(covers.get(rnd.nextInt(covers.size())))
            : kind == 3 ? OffboardPolicy.accountBackupFirst()
            : kind == 1 ? OffboardPolicy.reroute() : OffboardPolicy.toQueue("handover");
        boolean known = held > 0 || router.roster().stream().anyMatch(r -> r.id().equals(id));
        if (!known) {
          // Neither on the roster nor holding a lead: refused as a mistyped id, nothing changes.
          org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.offboard(id, policy))
              .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no rep with id '" + id + "'");
          org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.previewOffboard(id, policy))
              .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no rep with id '" + id + "'");
          continue;
        }
        // What the offboarding will do, said before it: the same leads, each to the same rep or queue.
        List<String> said = router.previewOffboard(id, policy).stream()
            .map(d -> d.leadId() + " -> " + (d.repId() != null ? d.repId() : "queue " + d.queue())).toList();
        assertThat(router.openLeads(id)).as("a preview moves nothing").isEqualTo(held);
        List<String> made = router.offboard(id, policy).stream()
            .map(d -> d.leadId() + " -> " + (d.repId() != null ? d.repId() : "queue " + d.queue())).toList();
        if (!contacts || made.size() <= 1) {
          assertThat(made).as("offboarding %s by %s against its preview", id, policy).isEqualTo(said);
        }
        assertThat(router.openLeads(id)).as("offboarded %s holds nothing (held %d)", id, held).isZero();
      } else if (op >= 140 && !open.isEmpty()) {
        // The lead's facts change (a demo request, a new ICP score, or neither): every rep still covers it (and a
        // holder off the roster keeps its leads), so it stays where it is, with its new tier, and the invariants hold
        // through its re-armed timer and queue entry.
        String id = io.smartrouting.core.testing.OpenLeads.pick(open, rnd);
        Placement before = router.placement(id).orElseThrow();
        Lead.Builder changed = Lead.builder(id).country("US").email(routed.get(id).email());
        int kind = rnd.nextInt(3);
        if (kind == 0) {
          changed.source(LeadSource.DEMO_REQUEST);
        } else if (kind == 1) {
          changed.icpScore(85);
        }
        Lead now = changed.build();
        Decision d = router.update(now);
        routed.put(id, now);
        Placement after = router.placement(id).orElseThrow();
        boolean holderOnRoster = before.repId() != null
            && router.roster().stream().anyMatch(r -> r.id().equals(before.repId()));
        assertThat(after.repId()).as("an update keeps the lead with %s (on the roster: %s; %s)", before.repId(),
            holderOnRoster, d.explain()).isEqualTo(before.repId());
        assertThat(after.queue()).isEqualTo(before.queue());
        assertThat(after.tier()).isEqualTo(d.tier());
        if (before.slaDeadline() != null) {
          assertThat(after.slaDeadline()).as("a running deadline is kept, or moves earlier")
              .isNotNull().isBeforeOrEqualTo(before.slaDeadline());
        }
      } else if (op >= 127) {
        shifts[0] = !shifts[0];
        List<Rep> next2 = new ArrayList<>();
        for (Rep r : router.roster()) {
          next2.add(rep(r.id(), shifts[0]));
        }
        rosterNow.set(next2);
        router.updateRoster(next2);
      } else if (op >= 100) {
        continue;
      } else if (op >= 96) {
        // The account moves: a new owner, and a team member or none; its leads with reps outside its people move to
        // them (all at once, or by the explicit call) where they have room.
        io.smartrouting.api.Account moved = acme(IDS[rnd.nextInt(IDS.length)],
            rnd.nextBoolean() ? IDS[rnd.nextInt(IDS.length)] : null);
        acmePeople.clear();
        acmePeople.add(moved.ownerRepId());
        acmePeople.addAll(moved.teamRepIds());
        // What the update will hand over, said before it: exactly the moves it then makes.
        Map<String, String> said = new java.util.HashMap<>();
        router.previewAccountHandover(List.of(moved)).forEach(d -> said.put(d.leadId(), d.repId()));
        Map<String, String> before = new java.util.HashMap<>();
        router.openPlacements().forEach(p -> before.put(p.leadId(), String.valueOf(p.repId())));
        router.updateAccounts(List.of(moved));
        if (accountsMove) {
          Map<String, String> made = new java.util.HashMap<>();
          router.openPlacements().stream().filter(p -> !String.valueOf(p.repId()).equals(before.get(p.leadId())))
              .forEach(p -> made.put(p.leadId(), p.repId()));
          assertThat(made).as("the account update's moves against its preview").isEqualTo(said);
        }
        if (!accountsMove && rnd.nextBoolean()) {
          router.moveAccountLeads("acme");
        }
      } else {
        String id = IDS[rnd.nextInt(IDS.length)];
        if (router.roster().stream().anyMatch(r -> r.id().equals(id))) {
          if (rnd.nextBoolean()) {
            router.setAvailable(id, rnd.nextBoolean());
          } else {
            router.clearAvailability(id);
          }
        }
      }
      for (Placement p : router.openPlacements()) {
        if (p.repId() != null) {
          heldBy.computeIfAbsent(p.leadId(), k -> new java.util.HashSet<>()).add(p.repId());
        }
      }
      checkInvariants(router, open, released, called);
      assertThat(overCap).as("daily caps").isEmpty();
      assertThat(recycledDespiteProgress).as("recycled from the rep that reported progress").isEmpty();
      if (ticked) {
        checkNothingWaitsForAFreeRep(router, heldBy, acmePeople);
      }
    }
  }

  /** True if {@code repId} covers the time off at {@code at} of one of {@code people} on {@code roster}. */
  private static boolean coversFor(List<Rep> roster, Set<String> people, String repId, Instant at) {
    return roster.stream().anyMatch(r -> people.contains(r.id()) && r.timeOff().stream()
        .anyMatch(t -> t.covers(at) && repId.equals(t.coverRepId())));
  }

  /** The account every lead of the property belongs to (by its e-mail domain), with this owner and team member. */
  private static io.smartrouting.api.Account acme(String owner, @org.jspecify.annotations.Nullable String team) {
    return io.smartrouting.api.Account.builder("acme").name("Acme").domains("mail.example").ownerRepId(owner)
        .teamRepIds(team == null || team.equals(owner) ? List.of() : List.of(team)).build();
  }

  /** After a drain tick: a queued lead has no rep that may take it with headroom (except reps that held it). */
  private static void checkNothingWaitsForAFreeRep(Router router, Map<String, Set<String>> heldBy,
      Set<String> acmePeople) {
    for (Placement p : router.openPlacements()) {
      if (p.queue() == null) {
        continue;
      }
      for (Rep r : router.roster()) {
        if (!r.territories().contains("US") && !acmePeople.contains(r.id())) {
          continue;
        }
        boolean free = router.isAvailable(r.id()) && router.openLeads(r.id()) < admitLimit(r.capacity())
            && (r.dailyCap() == 0 || router.leadsTakenToday(r.id()) < r.dailyCap());
        if (free && !heldBy.getOrDefault(p.leadId(), Set.of()).contains(r.id())) {
          throw new AssertionError("lead " + p.leadId() + " waits in queue " + p.queue() + " while " + r.id()
              + " is available with " + router.openLeads(r.id()) + " of " + r.capacity() + " open");
        }
      }
    }
  }

  private static void checkInvariants(Router router, Set<String> open, Set<String> released, Set<String> called) {
    Map<String, Integer> placedWith = new HashMap<>();
    Map<String, Integer> waitingIn = new java.util.TreeMap<>();
    int placements = 0;
    for (Placement p : router.openPlacements()) {
      placements++;
      assertThat(open).as("only open leads have a placement").contains(p.leadId());
      if (p.repId() != null) {
        placedWith.merge(p.repId(), 1, Integer::sum);
      } else {
        waitingIn.merge(p.queue(), 1, Integer::sum);
      }
    }
    assertThat(placements).as("every open lead in exactly one place").isEqualTo(open.size());
    for (Placement p : router.openPlacements()) {
      // Nobody is told of a lead nobody called unless it has a deadline: one of a tier with an SLA (by default Tier 1
      // and 2) waits without one only once a breach was reported, or when the router no longer knows its facts.
      if (p.tier() != io.smartrouting.api.Tier.TIER_3 && !called.contains(p.leadId()) && p.slaBreaches() == 0
          && router.leadFacts(p.leadId()).isPresent()) {
        assertThat(p.slaDeadline()).as("a deadline for %s", p).isNotNull();
      }
    }
    // What claims and the metrics read: the in-memory store's index of the queued leads.
    assertThat(router.metrics().queueDepth()).as("queue depths from the index of queued leads").isEqualTo(waitingIn);
    for (String id : open) {
      assertThat(router.placement(id)).as("open lead %s has a place", id).isPresent();
    }
    for (String id : released) {
      assertThat(router.placement(id)).as("released lead %s has none", id).isEmpty();
    }
    for (Rep r : router.roster()) {
      assertThat(router.leadsTakenToday(r.id())).as("%s within its daily cap", r.id())
          .isLessThanOrEqualTo(r.dailyCap());
      // What the decisions read between ticks: the router's own changes keep its view of the reps exact.
      assertThat(router.viewedOpenLeads(r.id())).as("%s's open leads as the router's decisions see them", r.id())
          .isEqualTo(router.openLeads(r.id()));
    }
    for (String id : IDS) {
      int count = placedWith.getOrDefault(id, 0);
      List<Placement> own = router.openPlacements(id);
      assertThat(own).as("%s's own list holds its placements", id).hasSize(count)
          .allMatch(p -> id.equals(p.repId()))
          .isSortedAccordingTo(java.util.Comparator.comparing(Placement::assignedAt)
              .thenComparing(Placement::leadId));
      assertThat(router.openLeads(id)).as("open-lead count of %s matches its placements", id).isEqualTo(count);
      assertThat(count).as("%s within capacity %d plus the bounded override", id, CAPACITY.get(id))
          .isLessThanOrEqualTo(overrideLimit(CAPACITY.get(id)));
    }
  }

}
