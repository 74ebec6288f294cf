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
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The same router on the in-memory store and on Redis decides alike: random sequences of routing (an account's
 * leads among them), updates of a lead's facts, outcomes of every kind, releases, first contacts, transfers,
 * reassignments, requeues, claims and claim lists, offboardings by each policy (a cover among them), reps away and
 * back, roster updates that leave a rep out or give one time off, the
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

  /**
   * {@link #roster(String)}, with rep {@code away} (if not null) on time off from {@code from} for two days, a rep of
   * the other country covering.
   */
  private static List<Rep> roster(@org.jspecify.annotations.Nullable String leaving,
      @org.jspecify.annotations.Nullable String away, @org.jspecify.annotations.Nullable Instant from) {
    List<Rep> reps = new ArrayList<>();
    for (String id : REPS) {
      if (!id.equals(leaving)) {
        Rep.Builder b = Rep.builder(id).territories(id.startsWith("us") ? "US" : "DE").capacity(3)
            .dailyCap(id.equals("de-1") ? 2 : 0).timeZone("UTC");
        if (id.equals(away) && from != null) {
          // A rep of the other country covers the desk, as a manager might name one (the chain takes what it has
          // no room for).
          b.timeOff(io.smartrouting.api.TimeOff.of(from, from.plus(Duration.ofDays(2)))
              .coveredBy(id.startsWith("us") ? "de-0" : "us-0"));
        }
        reps.add(b.build());
      }
    }
    return reps;
  }

  /** Acme's leads (address at acme.example) go to its owner, us-1, first. */
  private static final io.smartrouting.api.Account ACME = io.smartrouting.api.Account.builder("acme").name("Acme")
      .domains("acme.example").ownerRepId("us-1").build();

  /**
   * The fewest open leads first, then roster order: a pick that reads nothing but the units, which every node re-reads
   * on its tick (round-robin's shared turns and the weighted step's response times are read as each node last saw
   * them, so two nodes may part from one router there within a tick, by design).
   */
  private static final io.smartrouting.spi.RoutingStrategy LEAST_LOADED = ctx -> {
    int best = -1;
    for (int o = ctx.candidates().first(); o >= 0; o = ctx.candidates().next(o)) {
      if (best < 0 || ctx.openLeads(o) < ctx.openLeads(best)) {
        best = o;
      }
    }
    return best < 0 ? io.smartrouting.spi.StrategyResult.pass("nobody")
        : io.smartrouting.spi.StrategyResult.assign(best, "fewest open leads");
  };

  /**
   * The router of both sides, its last step {@code last}: a built-in strategy's name, or {@code least-loaded} for
   * {@link #LEAST_LOADED}.
   */
  private static Router router(RoutingStateStore store, ManualClock clock, String last) {
    Router.Builder b = Router.builder().roster(roster(null)).accounts(List.of(ACME)).stateStore(store).clock(clock)
        .manualTimers().step("account-owner");
    return (last.equals("least-loaded") ? b.step(last, LEAST_LOADED) : b.step(last)).capacityThreshold(1.0)
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
          + " before=" + p.earlierHolders() + " first=" + p.firstRoutedAt() + " breaches=" + p.slaBreaches());
    }
    return out;
  }

  @Property(tries = 150)
  void theInMemoryAndTheRedisStoreDecideAlike(
      @ForAll @Size(min = 5, max = 60) List<@IntRange(min = 0, max = 99) Integer> ops, @ForAll long seed)
      throws Exception {
    agree(ops, seed, 1, "round-robin");
  }

  /**
   * Two routers on one Redis tenant, each step on either, against one router in memory: availability, a roster update
   * and the account's new owner on both nodes (as their ticks and a reload of the same configuration make them), and
   * after every step each node's tick, the lease holder first, each after its store re-read what the ticks before it
   * did, twice (what a node that does not run the timers moved into a queue drains at the holder's next tick). It found
   * three bugs of several nodes (6 December 2026: {@code TimerLeaseTest.aNodeThatDoesNotRunTheTimersSees...},
   * {@code SharedRoutingTest.aLeadUpdatedOnAnotherNodeMoves...}, {@code SharedRequeueTest.aLeadRequeuedOnAnother...});
   * 3,000 tries then passed. A fixed seed: the same sequences every build.
   */
  /**
   * Found at twenty times the tries: a rep offboarded on the node that does not run the timers, a lead reassigned to
   * it afterwards, and a waiting lead, both wanting its cover's last unit. One router sweeps the offboarded rep before
   * it drains; the lease holder drained first and its sweep came later, on the other node. Since the offboarding is
   * noted in the store, the holder sweeps it too, before its drain.
   */
  @Example
  void aLeadReachingARepOffboardedOnAnotherNodeIsSweptBeforeTheHolderDrains() throws Exception {
    agree(List.of(0, 0, 0, 0, 0, 80, 80, 0, 35, 60), -5457393765235L, 2, "least-loaded");
  }

  @Property(tries = 100, seed = "20261206")
  void twoNodesOnRedisDecideAsOneRouterInMemory(
      @ForAll @Size(min = 5, max = 60) List<@IntRange(min = 0, max = 99) Integer> ops, @ForAll long seed)
      throws Exception {
    agree(ops, seed, 2, "least-loaded");
  }

  /**
   * {@link #twoNodesOnRedisDecideAsOneRouterInMemory} with round-robin as the last step: the nodes take their turns in
   * Redis (a first decision's in its placement script, a move's before its reservation, given back when the rep turns
   * out full) and decide as one router taking every turn, de-1's daily cap included (each node's view reads the counts
   * another node's leads took, so that a rep at its cap earns no share of a turn; until 6 December 2026 a node learned
   * them only when Redis refused it the rep, and two nodes parted here). Offboardings are made on any node (until the
   * evening of 6 December 2026 these properties made them on the lease holder: one made on another node was swept only
   * there, after the holder's drain).
   * On 6 December 2026, 1,500 random tries passed, and 500 with three nodes.
   */
  @Property(tries = 60, seed = "20261207")
  void twoNodesTakingRoundRobinTurnsDecideAsOneRouterInMemory(
      @ForAll @Size(min = 5, max = 60) List<@IntRange(min = 0, max = 99) Integer> ops, @ForAll long seed)
      throws Exception {
    agree(ops, seed, 2, "round-robin");
  }

  /**
   * {@link #twoNodesTakingRoundRobinTurnsDecideAsOneRouterInMemory} with the weighted step last: its load and response
   * speed factors read the units and response times each node's view last read, which every node re-reads before a
   * step here, as its refresh does every 100 ms (between two reads they may differ from one router's, by design).
   * On 6 December 2026, 500 random tries passed.
   */
  @Property(tries = 40, seed = "20261207")
  void twoNodesScoringCandidatesDecideAsOneRouterInMemory(
      @ForAll @Size(min = 5, max = 60) List<@IntRange(min = 0, max = 99) Integer> ops, @ForAll long seed)
      throws Exception {
    agree(ops, seed, 2, "weighted");
  }

  /**
   * Runs {@code ops} on one router in memory and on {@code nodes} routers on Redis, comparing every answer and the
   * placements and units after each step, the router's last step {@code last} ({@link #router}); each step but the
   * ticks, availability and reloads (made on every node) on a node picked at random.
   */
  private void agree(List<Integer> ops, long seed, int nodes, String last)
      throws Exception {
    ManualClock clock = new ManualClock(T0);
    InMemoryStateStore memory = new InMemoryStateStore();
    String tenant = freshTenant("agree");
    List<RedisStateStore> stores = new ArrayList<>();
    List<Router> onRedis = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      stores.add(server.patientStore(tenant).build());
      onRedis.add(router(stores.get(i), clock, last));
    }
    RedisStateStore redis = stores.get(0);
    Router inMemory = router(memory, clock, last);
    try {
      Random rnd = new Random(seed);
      List<String> open = new ArrayList<>();
      int next = 0;
      for (int step = 0; step < ops.size(); step++) {
        int op = ops.get(step);
        String someLead = open.isEmpty() ? null : open.get(rnd.nextInt(open.size()));
        String someRep = REPS[rnd.nextInt(REPS.length)];
        Router picked = onRedis.get(rnd.nextInt(nodes));
        Function<Router, Object> action;
        String what;
        boolean everyNode = false;
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
          io.smartrouting.api.Outcome outcome = io.smartrouting.api.Outcome.values()[rnd.nextInt(
              io.smartrouting.api.Outcome.values().length)];
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
        } else if (op < 78) {
          action = r -> r.claimNext(someRep);
          what = "claim by " + someRep;
        } else if (op < 80) {
          // What a rep's "waiting for you" list shows, in order.
          action = r -> {
            List<String> ids = new ArrayList<>();
            for (Placement p : r.claimable(someRep)) {
              ids.add(p.leadId());
            }
            return "claimable " + ids;
          };
          what = "claimable by " + someRep;
        } else if (op < 82) {
          String cover = REPS[rnd.nextInt(REPS.length)];
          OffboardPolicy policy = List.of(OffboardPolicy.toQueue("handover"), OffboardPolicy.reroute(),
              OffboardPolicy.accountBackupFirst(), OffboardPolicy.toRep(cover)).get(rnd.nextInt(4));
          action = r -> r.offboard(someRep, policy);
          what = "offboard " + someRep + " " + policy;
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
          everyNode = true;
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
          everyNode = true;
        } else {
          Duration later = rnd.nextInt(5) == 0 ? Duration.ofHours(3 + rnd.nextInt(20))
              : Duration.ofMinutes(1 + rnd.nextInt(45));
          clock.advance(later);
          action = r -> r.fireDueTimers();
          what = "timers after " + later;
          everyNode = true;
        }
        for (RedisStateStore st : stores) {
          st.refresh(); // what each store's background refresh has read by now
        }
        String reference = answer(() -> action.apply(inMemory));
        String shared;
        if (!everyNode) {
          shared = answer(() -> action.apply(picked));
        } else if (what.startsWith("timers")) {
          // Only the lease holder fires; it fires what the others routed too. With two nodes it may also fire a timer
          // the other node's move made stale (which then follows the stored deadline): the placements tell.
          int fired = 0;
          for (Router r : onRedis) {
            for (RedisStateStore st : stores) {
              st.refresh();
            }
            fired += r.fireDueTimers();
          }
          shared = nodes == 1 ? String.valueOf(fired) : reference;
        } else {
          List<String> answers = new ArrayList<>();
          for (Router r : onRedis) {
            answers.add(answer(() -> action.apply(r)));
          }
          shared = answers.get(0);
        }
        for (Router r : onRedis) {
          r.syncAvailability(); // as each node's next tick does
        }
        assertThat(shared).as("step %d (%s): the Redis store's answer", step, what).isEqualTo(reference);
        assertThat(placements(redis)).as("step %d (%s): the placements", step, what)
            .isEqualTo(placements(memory));
        redis.refresh();
        for (String rep : REPS) {
          assertThat(redis.rep(rep).openLeads()).as("step %d (%s): %s's units", step, what, rep)
              .isEqualTo(memory.rep(rep).openLeads());
        }
        if (nodes > 1) {
          for (int round = 0; round < 2; round++) {
            for (Router r : onRedis) {
              for (RedisStateStore st : stores) {
                st.refresh();
              }
              r.fireDueTimers();
            }
            inMemory.fireDueTimers();
          }
          assertThat(placements(redis)).as("step %d (%s): the placements after the ticks", step, what)
              .isEqualTo(placements(memory));
        }
        clock.advance(Duration.ofSeconds(1));
      }
    } finally {
      List<AutoCloseable> routers = new ArrayList<>(onRedis);
      routers.add(inMemory);
      closeAll(routers, stores);
    }
  }
}
