package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.OffboardPolicy;
import io.smartrouting.core.Router;
import io.smartrouting.core.SlaClock;
import io.smartrouting.core.state.InMemoryStateStore;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.RoutingStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The same router on the in-memory store and on Redis decides alike: random sequences of routing (an account's
 * leads among them), updates of a lead's facts, outcomes, releases, first contacts, transfers, reassignments,
 * requeues, claims, offboardings, reps away and back, roster updates that leave a rep out or give one time off, the
 * account changing hands, and timer passes (SLA breaches, drains, recycling, hand-overs, daily caps) with time going
 * by give the same answer from both, step by step, and leave the same placements and the same units at every rep.
 * The in-memory store is the reference; the Redis store is checked against it.
 */
class StoreAgreementProperties extends RedisProperties {

  private static final Instant T0 = Instant.parse("2026-12-01T14:00:00Z");
  private static final String[] REPS = {"us-0", "us-1", "de-0", "de-1"};

  /** The roster without {@code leaving} (null: everyone); de-1 takes at most two leads from the chain a day. */
  private static List<Rep> roster(@org.jspecify.annotations.Nullable String leaving) {
    return roster(leaving, null, null);
  }

  /** {@link #roster(String)}, with rep {@code away} (if not null) on time off from {@code from} for two days. */
  private static List<Rep> roster(@org.jspecify.annotations.Nullable String leaving,
      @org.jspecify.annotations.Nullable String away, @org.jspecify.annotations.Nullable Instant from) {
    List<Rep> reps = new ArrayList<>();
    for (String id : REPS) {
      if (!id.equals(leaving)) {
        Rep.Builder b = Rep.builder(id).territories(id.startsWith("us") ? "US" : "DE").capacity(3)
            .dailyCap(id.equals("de-1") ? 2 : 0).timeZone("UTC");
        if (id.equals(away) && from != null) {
          b.timeOff(io.smartrouting.api.TimeOff.of(from, from.plus(Duration.ofDays(2))));
        }
        reps.add(b.build());
      }
    }
    return reps;
  }

  /** Acme's leads (address at acme.example) go to its owner, us-1, first. */
  private static final io.smartrouting.api.Account ACME = io.smartrouting.api.Account.builder("acme").name("Acme")
      .domains("acme.example").ownerRepId("us-1").build();

  private static Router router(RoutingStateStore store, ManualClock clock) {
    return Router.builder().roster(roster(null)).accounts(List.of(ACME)).stateStore(store).clock(clock)
        .manualTimers().step("account-owner").step("round-robin").capacityThreshold(1.0)
        .sla(Tier.TIER_1, Duration.ofMinutes(30)).slaClock(Tier.TIER_1, SlaClock.WALL_CLOCK)
        .whenRepsLeave(OffboardPolicy.reroute()).whenAccountsMove(true).recycleStalledLeads(Duration.ofHours(2))
        .handOverWhenAway(Duration.ofDays(1)).build();
  }

  /** What an operation answered: a decision's place, a claim, true/false, or the kind of exception it threw. */
  private static String answer(java.util.function.Supplier<Object> op) {
    try {
      Object r = op.get();
      if (r instanceof Decision d) {
        return "decision " + d.repId() + " " + d.queue() + " " + d.tier() + " " + d.slaDeadline();
      }
      if (r instanceof java.util.Optional<?> o) {
        return o.map(x -> x instanceof Decision d ? "claimed " + d.leadId() + " " + d.repId() : "?").orElse("none");
      }
      if (r instanceof List<?> l) {
        List<String> places = new ArrayList<>();
        for (Object x : l) {
          places.add(x instanceof Decision d ? d.leadId() + ">" + d.repId() + "/" + d.queue() : String.valueOf(x));
        }
        java.util.Collections.sort(places);
        return "moved " + places;
      }
      return String.valueOf(r);
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName();
    }
  }

  /** The placements of a store, each as text, in lead order. */
  private static List<String> placements(RoutingStateStore s) {
    List<Placement> all = new ArrayList<>(s.placements());
    all.sort(Comparator.comparing(Placement::leadId));
    List<String> out = new ArrayList<>();
    for (Placement p : all) {
      out.add(p.leadId() + " rep=" + p.repId() + " queue=" + p.queue() + " " + p.tier() + " at=" + p.assignedAt()
          + " due=" + p.slaDeadline() + " contacted=" + p.contactedAt() + " override=" + p.capacityOverride()
          + " before=" + p.earlierHolders());
    }
    return out;
  }

  @Property(tries = 150)
  void theInMemoryAndTheRedisStoreDecideAlike(
      @ForAll @Size(min = 5, max = 60) List<@IntRange(min = 0, max = 99) Integer> ops, @ForAll long seed)
      throws Exception {
    ManualClock clock = new ManualClock(T0);
    InMemoryStateStore memory = new InMemoryStateStore();
    RedisStateStore redis = server.store(freshTenant("agree")).build();
    Router inMemory = router(memory, clock);
    Router onRedis = router(redis, clock);
    try {
      Random rnd = new Random(seed);
      List<String> open = new ArrayList<>();
      int next = 0;
      for (int step = 0; step < ops.size(); step++) {
        int op = ops.get(step);
        String someLead = open.isEmpty() ? null : open.get(rnd.nextInt(open.size()));
        String someRep = REPS[rnd.nextInt(REPS.length)];
        Function<Router, Object> action;
        String what;
        if (op < 30) {
          String id = "ag-" + next++;
          Lead lead = Lead.builder(id).country(rnd.nextBoolean() ? "US" : "DE")
              .email(rnd.nextInt(4) == 0 ? "p" + id + "@acme.example" : null)
              .source(rnd.nextInt(4) == 0 ? LeadSource.DEMO_REQUEST : LeadSource.TRIAL).build();
          open.add(lead.id());
          action = r -> r.route(lead);
          what = "route " + lead.id() + " " + lead.country();
        } else if (op < 33 && someLead != null) {
          // Its facts change: another country, or a demo request now.
          Lead changed = Lead.builder(someLead).country(rnd.nextBoolean() ? "US" : "DE")
              .source(rnd.nextBoolean() ? LeadSource.DEMO_REQUEST : LeadSource.TRIAL).build();
          action = r -> r.update(changed);
          what = "update " + someLead + " " + changed.country() + " " + changed.source();
        } else if (op < 35 && someLead != null) {
          String id = someLead;
          io.smartrouting.api.Outcome outcome = rnd.nextBoolean() ? io.smartrouting.api.Outcome.MEETING
              : io.smartrouting.api.Outcome.CONTACTED;
          action = r -> r.recordOutcome(id, outcome);
          what = "outcome " + id + " " + outcome;
        } else if (op < 45 && someLead != null) {
          String id = someLead;
          open.remove(id);
          action = r -> r.release(id);
          what = "release " + id;
        } else if (op < 52 && someLead != null) {
          String id = someLead;
          action = r -> r.recordContact(id, clock.instant());
          what = "contact " + id;
        } else if (op < 60 && someLead != null) {
          String id = someLead;
          action = r -> r.transfer(id);
          what = "transfer " + id;
        } else if (op < 66 && someLead != null) {
          String id = someLead;
          action = r -> r.reassign(id, someRep, "property");
          what = "reassign " + id + " to " + someRep;
        } else if (op < 72 && someLead != null) {
          String id = someLead;
          action = r -> r.requeue(id, "returns", "property");
          what = "requeue " + id;
        } else if (op < 80) {
          action = r -> r.claimNext(someRep);
          what = "claim by " + someRep;
        } else if (op < 82) {
          action = r -> r.offboard(someRep, OffboardPolicy.toQueue("handover"));
          what = "offboard " + someRep;
        } else if (op < 85) {
          boolean available = rnd.nextBoolean();
          action = r -> {
            if (available) {
              return r.clearAvailability(someRep);
            }
            r.setAvailable(someRep, false);
            return "set away";
          };
          what = (available ? "back " : "away ") + someRep;
        } else if (op < 86) {
          // Acme changes hands: its open leads go to its new owner (whenAccountsMove).
          io.smartrouting.api.Account moved = io.smartrouting.api.Account.builderFrom(ACME).ownerRepId(someRep).build();
          action = r -> r.updateAccounts(List.of(moved)) > 0 ? "acme to " + someRep : "?";
          what = "acme to " + someRep;
        } else if (op < 87) {
          // A roster update leaving one rep out (its leads are rerouted), giving one two days off from now (its
          // leads not yet contacted are handed over at the next tick), or bringing everyone back.
          int kind = rnd.nextInt(3);
          String leaving = kind == 0 ? someRep : null;
          String away = kind == 1 ? someRep : null;
          Instant from = clock.instant();
          action = r -> {
            r.updateRoster(roster(leaving, away, from));
            return "roster without " + leaving + ", away " + away;
          };
          what = "roster without " + leaving + ", away " + away;
        } else {
          Duration later = rnd.nextInt(5) == 0 ? Duration.ofHours(3 + rnd.nextInt(20))
              : Duration.ofMinutes(1 + rnd.nextInt(45));
          clock.advance(later);
          redis.refresh();
          action = r -> r.fireDueTimers();
          what = "timers after " + later;
        }
        String reference = answer(() -> action.apply(inMemory));
        String shared = answer(() -> action.apply(onRedis));
        assertThat(shared).as("step %d (%s): the Redis store's answer", step, what).isEqualTo(reference);
        assertThat(placements(redis)).as("step %d (%s): the placements", step, what)
            .isEqualTo(placements(memory));
        redis.refresh();
        for (String rep : REPS) {
          assertThat(redis.rep(rep).openLeads()).as("step %d (%s): %s's units", step, what, rep)
              .isEqualTo(memory.rep(rep).openLeads());
        }
        clock.advance(Duration.ofSeconds(1));
      }
    } finally {
      closeAll(List.of(inMemory, onRedis), List.of(redis));
    }
  }
}
