package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Tier;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.RepState;
import io.smartrouting.core.state.RoutingStateStore.BreachClaim;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisStateStoreTest {

  private static RedisServer server;
  private static final Instant T0 = Instant.parse("2026-11-25T15:00:00Z");

  @BeforeAll
  static void start() throws Exception {
    server = RedisServer.start();
    System.out.println("redis-server " + server.version() + " on port " + server.port);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void reservationIsAtomicBoundedIdempotentPerLeadAndNeverBelowZero() {
    try (RedisStateStore store = server.patientStore("t-res").build()) {
      RepState ana = store.rep("ana");
      assertThat(ana.tryReserve(2, "l1")).isTrue();
      assertThat(ana.tryReserve(2, "l1")).as("same lead again takes nothing").isTrue();
      assertThat(ana.openLeads()).isEqualTo(1);
      assertThat(ana.tryReserve(2, "l2")).isTrue();
      assertThat(ana.tryReserve(2, "l3")).as("at the limit").isFalse();
      ana.forceReserve("l3");
      assertThat(ana.openLeads()).isEqualTo(3);
      assertThat(ana.release("l1")).isTrue();
      assertThat(ana.release("l1")).as("twice").isFalse();
      assertThat(ana.release("never")).isFalse();
      assertThat(ana.release("l2")).isTrue();
      assertThat(ana.release("l3")).isTrue();
      assertThat(ana.openLeads()).isZero();
      assertThatThrownBy(() -> ana.tryReserve(1)).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  /**
   * One router took a unit for a lead by force, above the rep's capacity (a Tier 1 override, reserved before its
   * placement), and has not placed it yet; another router, whose view of the rep is older, places the same lead with
   * the same rep within capacity. Sharing that unit would leave the rep above capacity under a placement that claims no
   * override (found by {@code SharedCapacityProperties}: 8 open against capacity plus overrides 7).
   */
  @Test
  void aPlacementWithinCapacityDoesNotShareALeadsUnitTakenByForceAboveIt() {
    try (RedisStateStore a = server.patientStore("t-forced").build();
        RedisStateStore b = server.patientStore("t-forced").build()) {
      RepState ana = a.rep("ana");
      assertThat(ana.tryReserve(2, "l1")).isTrue();
      assertThat(ana.tryReserve(2, "l2")).isTrue();
      assertThat(ana.tryReserve(3, "raced")).as("an override unit, the third of capacity 2").isTrue();
      Placement within = new Placement("raced", "ana", null, Tier.TIER_3, T0, null, false, null);
      assertThat(b.placeAndReserve(within, null, 2).status()).as("the unit is above the limit this placement keeps")
          .isEqualTo(io.smartrouting.core.state.PlaceResult.Status.FULL);
      assertThat(b.placement("raced")).isNull();
      Placement forced = new Placement("raced", "ana", null, Tier.TIER_1, T0, null, true, null);
      assertThat(b.placeAndReserve(forced, null, 3).status()).as("an override placement shares it")
          .isEqualTo(io.smartrouting.core.state.PlaceResult.Status.PLACED);
      b.refresh();
      assertThat(b.rep("ana").openLeads()).isEqualTo(3);
      // At the limit, the lead's own unit is within it and is shared.
      assertThat(a.rep("ben").tryReserve(1, "mine")).isTrue();
      Placement atLimit = new Placement("mine", "ben", null, Tier.TIER_3, T0, null, false, null);
      assertThat(b.placeAndReserve(atLimit, null, 1).status()).isEqualTo(io.smartrouting.core.state.PlaceResult.Status.PLACED);
      b.refresh();
      assertThat(b.rep("ben").openLeads()).isEqualTo(1);
    }
  }

  @Test
  void placementsAreCreatedComparedAndSwappedAndRemovedAtomically() {
    try (RedisStateStore store = server.patientStore("t-place").build()) {
      Placement p = new Placement("lead-1", "ana", null, Tier.TIER_1, T0, T0.plusSeconds(300), false, null);
      assertThat(store.placeIfAbsent(p)).isNull();
      assertThat(store.placeIfAbsent(new Placement("lead-1", null, "q", Tier.TIER_3, T0, null, false, null)))
          .isEqualTo(p);
      assertThat(store.placement("lead-1")).isEqualTo(p);
      Placement next = new Placement("lead-1", "ben", null, Tier.TIER_1, T0.plusSeconds(301), T0.plusSeconds(601),
          false, null);
      Placement stale = new Placement("lead-1", "zed", null, Tier.TIER_1, T0, T0.plusSeconds(300), false, null);
      assertThat(store.replacePlacement(stale, next)).isFalse();
      assertThat(store.rep("ben").tryReserve(5, "lead-1")).as("a mover reserves at the new holder first").isTrue();
      assertThat(store.replacePlacement(p, next)).isTrue();
      assertThat(store.replacePlacement(p, next)).as("the old value no longer matches").isFalse();
      Placement before = store.markContacted("lead-1", T0.plusSeconds(400));
      assertThat(before).isEqualTo(next);
      assertThat(store.markContacted("lead-1", T0.plusSeconds(500)).contactedAt()).isEqualTo(T0.plusSeconds(400));
      assertThat(store.placements()).extracting(Placement::leadId).containsExactly("lead-1");
      assertThat(store.removePlacement("lead-1").repId()).isEqualTo("ben");
      assertThat(store.removePlacement("lead-1")).isNull();
      assertThat(store.markContacted("lead-1", T0)).isNull();
      assertThat(store.placements()).isEmpty();
    }
  }

  /**
   * The index the timer-lease holder reads instead of every open lead: placements with a deadline or in a queue,
   * entered when written (placed or moved), out when released, removed or moved to a plain placement.
   */
  @Test
  void theTimedIndexHoldsExactlyTheOpenLeadsWithADeadlineOrInAQueueWrittenSinceACursor() {
    try (RedisStateStore store = server.patientStore("t-timed").build()) {
      long start = store.timedCursor();
      assertThat(start).isZero();
      assertThat(store.placeIfAbsent(new Placement("sla", "ana", null, Tier.TIER_1, T0, T0.plusSeconds(300), false,
          null))).isNull();
      assertThat(store.placeIfAbsent(new Placement("plain", "ana", null, Tier.TIER_3, T0, null, false, null))).isNull();
      Placement queued = new Placement("queued", null, "q", Tier.TIER_3, T0, null, false, null);
      assertThat(store.placeIfAbsent(queued)).isNull();
      var first = store.timedPlacementsSince(start);
      assertThat(first.placements()).extracting(Placement::leadId).containsExactly("sla", "queued");
      assertThat(first.more()).isFalse();
      assertThat(store.timedPlacementsSince(first.cursor()).placements()).as("nothing new").isEmpty();
      assertThat(first.cursor()).isEqualTo(store.timedCursor());

      // Moved: the queued lead to a rep without a deadline leaves the index; the plain one to a queue enters it.
      assertThat(store.rep("ben").tryReserve(5, "queued")).isTrue();
      assertThat(store.replacePlacement(queued, new Placement("queued", "ben", null, Tier.TIER_3, T0.plusSeconds(5),
          null, false, null))).isTrue();
      Placement plain = store.placement("plain");
      assertThat(store.replacePlacement(plain, new Placement("plain", null, "q", Tier.TIER_3, T0.plusSeconds(6), null,
          false, null))).isTrue();
      var moved = store.timedPlacementsSince(first.cursor());
      assertThat(moved.placements()).extracting(Placement::leadId).containsExactly("plain");
      assertThat(store.timedPlacementsSince(0).placements()).extracting(Placement::leadId)
          .containsExactlyInAnyOrder("sla", "plain");

      assertThat(store.releasePlacement("sla")).isNotNull();
      assertThat(store.removePlacement("plain")).isNotNull();
      assertThat(store.timedPlacementsSince(0).placements()).isEmpty();
      assertThat(server.command("ZCARD sr:{t-timed}:timed")).as("nothing left in Redis").isEqualTo(":0");
      // An entry whose lead is gone (released by a node of a version without the index) is read past and dropped.
      server.command("ZADD sr:{t-timed}:timed " + (store.timedCursor() + 1) + " ghost");
      assertThat(store.timedPlacementsSince(0).placements()).isEmpty();
      assertThat(server.command("ZCARD sr:{t-timed}:timed")).isEqualTo(":0");
    }
  }

  @Test
  void placementsAndPackedFactsComeBackExactly() {
    try (RedisStateStore store = server.patientStore("t-packed").build()) {
      // Colons, commas, digits first, non-ASCII and empty values: the packing is by byte length, not by separator.
      Lead lead = Lead.builder("lé:ad,1").country("DE").industry("12:34").title("VP: Sales — Ünïcode, 1:2")
          .companyName("Müller & Söhne:GmbH").employees(40).icpScore(0).attribute("campaign", "q4:ü, 2")
          .attribute("f.country", "looks like a fact").attribute("a.nested", "").build();
      Instant deadline = T0.plusSeconds(300);
      Placement p = new Placement(lead.id(), "rëp:1", null, Tier.TIER_2, T0, deadline, true, null);
      assertThat(store.placeAndReserve(p, lead, 5).status()).isEqualTo(io.smartrouting.core.state.PlaceResult.Status.PLACED);
      assertThat(store.placement(lead.id())).isEqualTo(p);
      Lead saved = store.savedLead(lead.id());
      assertThat(saved.title()).isEqualTo("VP: Sales — Ünïcode, 1:2");
      assertThat(saved.companyName()).isEqualTo("Müller & Söhne:GmbH");
      assertThat(saved.industry()).isEqualTo("12:34");
      assertThat(saved.icpScore().getAsInt()).isZero();
      assertThat(saved.country()).as("an attribute named like a fact is not the fact").isEqualTo("DE");
      assertThat(saved.attributes()).as("custom attributes, for conditions and strategies on any node")
          .containsExactlyInAnyOrderEntriesOf(lead.attributes());
      assertThat(store.rep("rëp:1").openLeads()).isEqualTo(1);
      // Already placed: answered with the stored placement, nothing taken.
      assertThat(store.placeAndReserve(p, lead, 5).existing()).isEqualTo(p);
      assertThat(store.releasePlacement(lead.id())).isEqualTo(p);
      assertThat(store.releasePlacement(lead.id())).isNull();
      store.refresh();
      assertThat(store.rep("rëp:1").openLeads()).isZero();
      Placement queued = new Placement("q-1", null, "inbox", Tier.TIER_3, T0, null, false, T0.plusSeconds(9));
      assertThat(store.placeIfAbsent(queued, null)).isNull();
      assertThat(store.placeIfAbsent(queued, null)).isEqualTo(queued);
      assertThat(store.releasePlacement("q-1")).isEqualTo(queued);
    }
  }

  @Test
  void routingFactsAreSavedWithoutContactDetails() {
    try (RedisStateStore store = server.patientStore("t-facts").build()) {
      Lead lead = Lead.builder("lead-9").email("jane@acme.com").contactName("Jane Roe").country("US").region("CA")
          .postalCode("94105-1234").industry("fintech").employees(2500).source(LeadSource.DEMO_REQUEST).icpScore(88).companyName("Acme")
          .build();
      store.saveLead(lead);
      assertThat(store.savedLead("lead-9")).as("nothing saved for a lead that is not open").isNull();
      store.placeIfAbsent(new Placement("lead-9", null, "q", Tier.TIER_1, T0, null, false, null));
      store.saveLead(lead);
      Lead saved = store.savedLead("lead-9");
      assertThat(saved.country()).isEqualTo("US");
      assertThat(saved.region()).isEqualTo("CA");
      assertThat(saved.postalCode()).as("a postal territory must match the lead on another node").isEqualTo("941051234");
      assertThat(saved.industry()).isEqualTo("fintech");
      assertThat(saved.employees().getAsInt()).isEqualTo(2500);
      assertThat(saved.source()).isEqualTo(LeadSource.DEMO_REQUEST);
      assertThat(saved.email()).isNull();
      assertThat(saved.contactName()).isNull();
      assertThat(server.command("HGETALL sr:{t-facts}:lead:lead-9")).doesNotContain("jane");
    }
  }

  @Test
  void aNodesViewFollowsAnotherNodesChangesThroughTheNotesAndAFullReadRepairsThem() {
    java.time.Duration never = java.time.Duration.ofHours(1);
    try (RedisStateStore a = server.patientStore("t-notes").refreshInterval(never).build();
        RedisStateStore b = server.patientStore("t-notes").refreshInterval(never).build();
        RedisStateStore c = server.patientStore("t-notes").refreshInterval(never).build()) {
      b.rep("r1");
      c.rep("r1");
      Placement p = new Placement("n-1", "r1", null, Tier.TIER_2, T0, null, false, null);
      assertThat(a.placeAndReserve(p, null, 5).status()).isEqualTo(io.smartrouting.core.state.PlaceResult.Status.PLACED);
      b.refreshFromNotes();
      assertThat(b.rep("r1").openLeads()).isEqualTo(1);
      a.rep("r1").recordResponseMinutes(6.0);
      b.refreshFromNotes();
      assertThat(b.rep("r1").meanResponseMinutes(0))
          .isEqualTo(io.smartrouting.core.state.RepState.meanWithPrior(0, 1, 6.0));
      assertThat(a.releasePlacement("n-1")).isEqualTo(p);
      b.refreshFromNotes();
      assertThat(b.rep("r1").openLeads()).isZero();
      // Notes lost (or written before they existed): a full read restores them for every node.
      assertThat(a.placeAndReserve(new Placement("n-2", "r1", null, Tier.TIER_2, T0, null, false, null), null, 5)
          .status()).isEqualTo(io.smartrouting.core.state.PlaceResult.Status.PLACED);
      server.command("DEL sr:{t-notes}:responses");
      c.refreshFromNotes();
      assertThat(c.rep("r1").openLeads()).as("units come from the open set").isEqualTo(1);
      assertThat(c.rep("r1").meanResponseMinutes(0)).as("nothing noted").isZero();
      b.refresh();
      assertThat(b.rep("r1").openLeads()).isEqualTo(1);
      c.refreshFromNotes();
      assertThat(c.rep("r1").meanResponseMinutes(0)).as("repaired by the full read")
          .isEqualTo(io.smartrouting.core.state.RepState.meanWithPrior(0, 1, 6.0));
    }
  }

  /**
   * A tenant idle on this node while nothing changes anywhere costs Redis one refresh a second, not ten; a change made
   * on another node is still seen within about a second, and then every pass asks again.
   */
  @Test
  void anIdleTenantRefreshesOnceASecondAndStillSeesAnotherNodesChange() throws Exception {
    try (RedisStateStore a = server.patientStore("t-idle").build();
        RedisStateStore b = server.patientStore("t-idle").build()) {
      a.rep("ana");
      b.rep("ana");
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(RedisStateStore.IDLE_AFTER_NANOS) + 500);
      long quiet = a.quietRefreshes.sum();
      Thread.sleep(2_000);
      long asked = a.quietRefreshes.sum() - quiet;
      assertThat(asked).as("quiet refreshes in 2 s (ten a second when busy)").isBetween(1L, 4L);
      assertThat(b.rep("ana").tryReserve(5, "elsewhere")).isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (a.rep("ana").openLeads() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(a.rep("ana").openLeads()).isEqualTo(1);
    }
  }

  @Test
  void aNodeRefreshesOnlyTheRepsTheChangeLogNamesAndRereadsAllWhenTheLogIsLost() {
    java.time.Duration never = java.time.Duration.ofHours(1);
    try (RedisStateStore a = server.patientStore("t-log").refreshInterval(never).build();
        RedisStateStore b = server.patientStore("t-log").refreshInterval(never).build()) {
      for (int i = 0; i < 300; i++) {
        a.rep("r" + i);
        b.rep("r" + i);
      }
      for (int i = 0; i < 300; i++) {
        a.placeAndReserve(new Placement("w-" + i, "r" + i, null, Tier.TIER_2, T0, null, false, null), null, 5);
      }
      b.refreshFromNotes(); // the 300 reps it has come to know, then the log's 300 changes
      assertThat(b.rep("r299").openLeads()).isEqualTo(1);
      // A node whose first pass is the full read does not read its reps again as new on the next pass: one script.
      try (RedisStateStore c = server.patientStore("t-log").refreshInterval(never).build()) {
        for (int i = 0; i < 300; i++) {
          c.rep("r" + i);
        }
        c.refresh();
        assertThat(c.rep("r299").openLeads()).isEqualTo(1);
        long trips = c.roundTrips();
        c.refreshFromNotes();
        assertThat(c.roundTrips() - trips).isEqualTo(1);
      }
      long read = b.changedRepsRead.sum();
      long quiet = b.quietRefreshes.sum();
      // Nothing changed: the refresh reads no rep.
      b.refreshFromNotes();
      assertThat(b.changedRepsRead.sum()).isEqualTo(read);
      assertThat(b.quietRefreshes.sum()).isEqualTo(quiet + 1);
      // Two reps changed (a release and a response time): exactly those are read, with their new values.
      assertThat(a.releasePlacement("w-7")).isNotNull();
      a.rep("r42").recordResponseMinutes(12.0);
      b.refreshFromNotes();
      assertThat(b.changedRepsRead.sum() - read).isEqualTo(2);
      assertThat(b.rep("r7").openLeads()).isZero();
      assertThat(b.rep("r42").meanResponseMinutes(0)).isEqualTo(RepState.meanWithPrior(0, 1, 12.0));
      // The log is not replicated or persisted: after a failover or a restart it starts again from 1 (here past the
      // node's sequence number) under a new epoch, so the node reads every rep rather than miss r8's change, or r5's,
      // made before the log was lost and not read yet. Here only the counter is lost; the outcome test below loses
      // only the log.
      a.placeAndReserve(new Placement("w-y", "r5", null, Tier.TIER_2, T0, null, false, null), null, 5);
      long seenSeq = Long.parseLong(server.command("GET sr:{t-log}:seq").trim());
      server.command("DEL sr:{t-log}:seq");
      a.placeAndReserve(new Placement("w-x", "r8", null, Tier.TIER_2, T0, null, false, null), null, 5);
      for (int i = 0; i <= seenSeq; i++) {
        a.placeAndReserve(new Placement("v-" + i, "r200", null, Tier.TIER_2, T0, null, false, null), null, 5);
        a.releasePlacement("v-" + i);
      }
      b.refreshFromNotes();
      assertThat(b.rep("r8").openLeads()).isEqualTo(2);
      assertThat(b.rep("r5").openLeads()).isEqualTo(2);
      // A full read repairs notes that are wrong, and files only those reps as changed.
      server.command("HSET sr:{t-log}:responses r9 5:50");
      server.command("HDEL sr:{t-log}:responses r42");
      read = b.changedRepsRead.sum();
      a.refresh();
      assertThat(a.rep("r9").openLeads()).isEqualTo(1);
      assertThat(server.command("HGET sr:{t-log}:responses r9")).as("r9 has no response times").isEmpty();
      b.refreshFromNotes();
      assertThat(b.changedRepsRead.sum() - read).as("only the repaired reps").isEqualTo(2);
      assertThat(b.rep("r42").meanResponseMinutes(0)).isEqualTo(RepState.meanWithPrior(0, 1, 12.0));
    }
  }

  @Test
  void placementsPageThroughManyOpenLeadsWithoutHoldingRedis() throws Exception {
    java.time.Duration never = java.time.Duration.ofHours(1);
    int n = 200_000;
    try (RedisServer big = RedisServer.start("everysec");
        RedisStateStore store = big.store("many").refreshInterval(never).takeover(never).build();
        redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis("127.0.0.1", big.port)) {
      // Loaded in the store's layout through one pipeline, much faster than routing them.
      redis.clients.jedis.Pipeline load = jedis.pipelined();
      for (int i = 0; i < n; i++) {
        load.hset("sr:{many}:lead:m-" + i, java.util.Map.of("rep", "r" + i % 500, "queue", "", "tier", "TIER_2",
            "at", Long.toString(T0.toEpochMilli()), "sla", "", "ovr", "0", "cts", ""));
        load.sadd("sr:{many}:leads", "m-" + i);
        if (i % 20_000 == 0) {
          load.sync();
        }
      }
      load.sync();
      jedis.configSet("slowlog-log-slower-than", "50000");
      jedis.slowlogReset();
      java.util.Collection<Placement> all = store.placements();
      assertThat(all).hasSize(n);
      assertThat(all.stream().map(Placement::leadId).distinct().count()).isEqualTo(n);
      assertThat(all.stream().filter(p -> p.leadId().equals("m-4321")).findFirst().orElseThrow().repId())
          .isEqualTo("r321");
      // One SMEMBERS of the whole index took longer than the default 100 ms timeout at 400,000 leads, holding every
      // other node's decisions meanwhile.
      assertThat(jedis.slowlogGet()).as("no command held Redis for 50 ms").isEmpty();
    }
  }

  @Test
  void sharedOutcomeCountsArePagedWithoutHoldingRedis() throws Exception {
    int reps = 100_000;
    try (RedisServer big = RedisServer.start("everysec");
        RedisStateStore store = big.store("conv").refreshInterval(java.time.Duration.ofHours(1)).build();
        redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis("127.0.0.1", big.port)) {
      // The layout RECORD_OUTCOME writes: n|w, unit separator, rep, segment, industry; 400,000 fields.
      String us = Character.toString(31);
      redis.clients.jedis.Pipeline load = jedis.pipelined();
      for (int i = 0; i < reps; i++) {
        String base = us + "r" + i + us + "SMB" + us;
        load.hset("sr:{conv}:conv", java.util.Map.of("n" + base, "3", "w" + base, "1", "n" + base + "saas", "2",
            "w" + base + "saas", "1"));
        if (i % 10_000 == 0) {
          load.sync();
        }
      }
      load.sync();
      jedis.configSet("slowlog-log-slower-than", "50000");
      jedis.slowlogReset();
      java.util.List<io.smartrouting.core.learning.OutcomeCount> counts = store.outcomeCounts();
      assertThat(counts).hasSize(2 * reps);
      assertThat(counts).filteredOn(c -> c.repId().equals("r77") && "saas".equals(c.industry()))
          .singleElement().satisfies(c -> {
            assertThat(c.outcomes()).isEqualTo(2);
            assertThat(c.wins()).isEqualTo(1);
          });
      assertThat(jedis.slowlogGet()).as("no command held Redis for 50 ms").isEmpty();
    }
  }

  @Test
  void outcomeCountsFollowTheOutcomeLogAndAreReadInFullWhenItStartsAgain() {
    io.smartrouting.api.Segment smb = io.smartrouting.api.Segment.SMB;
    try (RedisStateStore a = server.patientStore("t-outcomes").refreshInterval(java.time.Duration.ofHours(1)).build();
        RedisStateStore b = server.patientStore("t-outcomes").refreshInterval(java.time.Duration.ofHours(1)).build()) {
      for (int i = 0; i < 50; i++) {
        a.recordOutcome("r" + i, smb, i % 2 == 0 ? "saas" : null, i % 3 == 0);
      }
      assertThat(b.outcomeCounts()).hasSize(75); // 50 by segment, 25 by segment and industry
      long trips = b.roundTrips();
      assertThat(b.outcomeCounts()).hasSize(75);
      assertThat(b.roundTrips() - trips).as("nothing changed: one short script").isEqualTo(1);
      a.recordOutcome("r4", smb, "saas", true);
      a.recordOutcome("r99", smb, null, false);
      trips = b.roundTrips();
      java.util.List<io.smartrouting.core.learning.OutcomeCount> counts = b.outcomeCounts();
      assertThat(b.roundTrips() - trips).as("two counters changed: one script, no full read").isEqualTo(1);
      assertThat(counts).hasSize(76);
      assertThat(counts).filteredOn(c -> c.repId().equals("r4") && "saas".equals(c.industry())).singleElement()
          .satisfies(c -> assertThat(new long[] {c.outcomes(), c.wins()}).containsExactly(2, 1));
      assertThat(counts).filteredOn(c -> c.repId().equals("r99")).singleElement()
          .satisfies(c -> assertThat(new long[] {c.outcomes(), c.wins()}).containsExactly(1, 0));
      // The log is the server's own: lost (a failover, a restart), it starts again under a new epoch, and a node
      // reads the whole hash again, so a change it had not read (r7) is not missed.
      a.recordOutcome("r7", smb, null, true);
      server.command("DEL sr:{t-outcomes}:convlog"); // its counter goes on: the log's absence starts a new epoch
      a.recordOutcome("r8", smb, null, true);
      counts = b.outcomeCounts();
      assertThat(counts).filteredOn(c -> c.repId().equals("r7") && c.industry() == null).singleElement()
          .satisfies(c -> assertThat(c.outcomes()).isEqualTo(2));
      assertThat(counts).filteredOn(c -> c.repId().equals("r8") && c.industry() == null).singleElement()
          .satisfies(c -> assertThat(c.outcomes()).isEqualTo(2));
    }
  }

  @Test
  void aHalfLifeHalvesTheSharedCountsAsOneModelFedEveryNodesOutcomesDoes() {
    io.smartrouting.api.Segment[] segments = io.smartrouting.api.Segment.values();
    String[] industries = {null, "saas", "retail"};
    io.smartrouting.core.learning.ConversionModel model = new io.smartrouting.core.learning.ConversionModel(
        io.smartrouting.core.learning.LearningPolicy.builder().halfLifeOutcomes(10).build());
    try (RedisStateStore a = server.patientStore("t-fade").refreshInterval(java.time.Duration.ofHours(1)).build();
        RedisStateStore b = server.patientStore("t-fade").refreshInterval(java.time.Duration.ofHours(1)).build();
        RedisStateStore reader = server.patientStore("t-fade").refreshInterval(java.time.Duration.ofHours(1)).build()) {
      assertThat(a.fadesOutcomes()).isTrue();
      java.util.Random rnd = new java.util.Random(11);
      int fullReads = 0;
      for (int i = 1; i <= 600; i++) {
        String rep = "r" + rnd.nextInt(9);
        io.smartrouting.api.Segment segment = segments[rnd.nextInt(3)];
        String industry = industries[rnd.nextInt(3)];
        boolean won = rnd.nextInt(3) == 0;
        // Two nodes write in turn; one model is fed the same outcomes in the same order.
        assertThat((i % 2 == 0 ? a : b).recordOutcome("lead-" + i, rep, segment, industry, won, 10,
            java.time.Duration.ofHours(1))).isTrue();
        model.record(rep, segment, industry, won);
        if (i % 7 == 0) {
          long trips = reader.roundTrips();
          assertThat(sorted(reader.outcomeCounts())).as("after %d outcomes", i).isEqualTo(sorted(model.counts()));
          fullReads += reader.roundTrips() - trips > 1 ? 1 : 0;
        }
      }
      assertThat(model.outcomes()).as("the model halved: fewer outcomes than recorded").isLessThan(100);
      assertThat(fullReads).as("halvings made the reader read everything again, not on every read")
          .isBetween(1, 80);
      try (RedisStateStore fresh = server.patientStore("t-fade").build()) {
        assertThat(sorted(fresh.outcomeCounts())).as("a full read").isEqualTo(sorted(model.counts()));
      }
      assertThatThrownBy(() -> a.recordOutcome("l", "r1", segments[0], null, true, -1, java.time.Duration.ofHours(1)))
          .hasMessage("halfLifeOutcomes must be >= 0 but was -1");
      // A lead's outcome counts once, whichever node is told and however often.
      assertThat(b.recordOutcome("lead-7", "r1", segments[0], null, true, 10, java.time.Duration.ofHours(1)))
          .isFalse();
      assertThat(sorted(reader.outcomeCounts())).isEqualTo(sorted(model.counts()));
    }
  }

  private static java.util.List<String> sorted(java.util.List<io.smartrouting.core.learning.OutcomeCount> counts) {
    return counts.stream().map(Object::toString).sorted().toList();
  }

  @Test
  void aLeadHashWrittenWithOneFieldPerFactIsReadAsBefore() {
    try (RedisStateStore store = server.patientStore("t-legacy").build()) {
      // The layout before the facts became one packed field.
      server.command("HSET sr:{t-legacy}:lead:old-1 rep r1 queue \"\" tier TIER_2 at 1764600000000 sla \"\" ovr 0"
          + " cts \"\" f.country US f.industry fintech f.employees 2500 f.source TRIAL");
      Lead saved = store.savedLead("old-1");
      assertThat(saved.country()).isEqualTo("US");
      assertThat(saved.industry()).isEqualTo("fintech");
      assertThat(saved.employees().getAsInt()).isEqualTo(2500);
      assertThat(store.placement("old-1").repId()).isEqualTo("r1");
    }
  }

  @Test
  void aLeadSavedWithCodesOlderVersionsTookIsReadWithoutThem() {
    try (RedisStateStore store = server.patientStore("t-legacy-codes").build()) {
      // Before 4 December 2026 any text was saved as country, region or language; the builder refuses it now.
      server.command("HSET sr:{t-legacy-codes}:lead:old-2 rep r1 queue \"\" tier TIER_2 at 1764600000000 sla \"\""
          + " ovr 0 cts \"\" f.country EMEA f.region CALIFORNIA f.language klingonese"
          + " f.industry fintech");
      Lead saved = store.savedLead("old-2");
      assertThat(saved.country()).isNull();
      assertThat(saved.region()).isNull();
      assertThat(saved.language()).isNull();
      assertThat(saved.industry()).isEqualTo("fintech");
      // Codes in an older form are read in today's.
      server.command("HSET sr:{t-legacy-codes}:lead:old-3 rep r1 queue \"\" tier TIER_2 at 1764600000000 sla \"\""
          + " ovr 0 cts \"\" f.country USA f.region CA f.language en-us");
      Lead older = store.savedLead("old-3");
      assertThat(new String[] {older.country(), older.region(), older.language()}).containsExactly("US", "CA", "en");
      // A country saved by name reads as its code, as a lead built with it would.
      server.command("HSET sr:{t-legacy-codes}:lead:old-4 rep r1 queue \"\" tier TIER_2 at 1764600000000 sla \"\""
          + " ovr 0 cts \"\" f.country \"UNITED STATES\"");
      assertThat(store.savedLead("old-4").country()).isEqualTo("US");
    }
  }

  @Test
  void tenantsNeverSeeOrChangeEachOthersState() {
    try (RedisStateStore a = server.patientStore("tenant-a").build();
        RedisStateStore b = server.patientStore("tenant-b").build()) {
      a.rep("ana").tryReserve(5, "x1");
      a.placeIfAbsent(new Placement("x1", "ana", null, Tier.TIER_2, T0, null, false, null));
      assertThat(b.rep("ana").tryReserve(1, "y1")).as("b's ana has her own capacity").isTrue();
      assertThat(b.placement("x1")).isNull();
      assertThat(b.placements()).isEmpty();
      assertThat(b.removePlacement("x1")).isNull();
      assertThat(b.rep("ana").release("x1")).isFalse();
      assertThat(a.placement("x1")).isNotNull();
      assertThat(a.rep("ana").release("x1")).isTrue();
      assertThat(a.tenant()).isEqualTo("tenant-a");
    }
  }

  @Test
  void redisAclsConfineATenantsCredentialsToItsOwnKeys() {
    server.command("ACL SETUSER acme on >acme-secret ~sr:{acme}:* +@all");
    // A store whose tenant id is wrong but whose credentials are acme's: Redis refuses, nothing is read.
    try (RedisStateStore wrong = server.patientStore("globex").credentials("acme", "acme-secret").build();
        RedisStateStore right = server.patientStore("acme").credentials("acme", "acme-secret").build()) {
      assertThatThrownBy(() -> wrong.placement("any")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("NOPERM");
      assertThat(right.rep("ana").tryReserve(1, "l")).isTrue();
    }
  }

  @Test
  void badTenantIdsAreRejected() {
    assertThatThrownBy(() -> RedisStateStore.builder("a}b")).hasMessageContaining("tenant must be");
    assertThatThrownBy(() -> RedisStateStore.builder("")).hasMessageContaining("tenant must be");
    assertThatThrownBy(() -> RedisStateStore.builder("t").endpoint("h", 0)).hasMessageContaining("port");
  }

  /**
   * A move interrupted between its steps (the router's InterruptedMoveTest drives the same through the router): the
   * new rep's unit taken and the swap lost, or the swap written and the old holder's release lost. Reconciling the
   * lead gives back the unit at whichever rep its placement does not name, and only that one.
   */
  @Test
  void reconcilingAnInterruptedMoveGivesBackTheUnitThePlacementDoesNotName() {
    try (RedisStateStore store = server.patientStore("t-interrupted-move").build()) {
      RepState ana = store.rep("ana");
      RepState bo = store.rep("bo");
      Placement atAna = new Placement("l1", "ana", null, Tier.TIER_3, T0, null, false, null);
      assertThat(ana.tryReserve(2, "l1")).isTrue();
      assertThat(store.placeIfAbsent(atAna)).isNull();
      store.reconcile("l1");
      assertThat(ana.openLeads()).as("nothing to repair").isEqualTo(1);

      // The move to bo took bo's unit; its swap never landed.
      assertThat(bo.tryReserve(2, "l1")).isTrue();
      store.reconcile("l1");
      assertThat(ana.openLeads()).isEqualTo(1);
      assertThat(bo.openLeads()).as("bo's unit, which no placement names").isZero();

      // Again, and this time the swap landed but ana's release did not.
      assertThat(bo.tryReserve(2, "l1")).isTrue();
      Placement atBo = new Placement("l1", "bo", null, Tier.TIER_3, T0.plusSeconds(60), null, false, null);
      assertThat(store.replacePlacement(atAna, atBo)).isTrue();
      store.reconcile("l1");
      assertThat(ana.openLeads()).as("ana's unit, for a lead now bo's").isZero();
      assertThat(bo.openLeads()).isEqualTo(1);
      assertThat(bo.release("l1")).as("bo's unit is still the lead's own").isTrue();
    }
  }

  /**
   * A move is written only while its new holder holds the lead's unit: units are kept per lead, so a mover whose unit
   * a racing mover gave back (the one both shared) cannot place the lead without one.
   */
  @Test
  void aMoveToARepThatHoldsNoUnitForTheLeadIsRefused() {
    try (RedisStateStore store = server.patientStore("t-move-unit").build()) {
      RepState ana = store.rep("ana");
      RepState bo = store.rep("bo");
      Placement atAna = new Placement("l1", "ana", null, Tier.TIER_3, T0, null, false, null);
      assertThat(ana.tryReserve(2, "l1")).isTrue();
      assertThat(store.placeIfAbsent(atAna)).isNull();
      Placement atBo = new Placement("l1", "bo", null, Tier.TIER_3, T0.plusSeconds(60), null, false, null);
      assertThat(store.replacePlacement(atAna, atBo)).as("bo holds no unit for l1").isFalse();
      assertThat(store.placement("l1")).isEqualTo(atAna);
      assertThat(bo.tryReserve(2, "l1")).isTrue();
      assertThat(store.replacePlacement(atAna, atBo)).isTrue();
      // The same holder (a deadline moved, progress marked) needs nothing new.
      Placement later = new Placement("l1", "bo", null, Tier.TIER_1, T0.plusSeconds(60), T0.plusSeconds(600), false,
          null);
      assertThat(store.replacePlacement(atBo, later)).isTrue();
      Placement queued = new Placement("l1", null, "unassigned", Tier.TIER_1, T0.plusSeconds(90), null, false, null);
      assertThat(store.replacePlacement(later, queued)).as("to a queue: no unit").isTrue();
    }
  }

  /**
   * A move is one script: the placement swapped, the old holder's unit given back and the routing facts saved, or,
   * when the placement is no longer the one expected, none of them; another node reads the old holder's count after a
   * refresh, this one at once.
   */
  @Test
  void aMoveSwapsTheHolderGivesBackTheOldUnitAndSavesTheFactsInOneRoundTrip() {
    // The first store refreshes and looks at the lease only hourly: no background round trip in its count.
    try (RedisStateStore a = server.patientStore("t-move-one").refreshInterval(java.time.Duration.ofHours(1))
        .takeover(java.time.Duration.ofHours(1)).build();
        RedisStateStore b = server.patientStore("t-move-one").build()) {
      RepState ana = a.rep("ana");
      RepState anaOnB = b.rep("ana");
      RepState boOnB = b.rep("bo");
      Placement atAna = new Placement("l1", "ana", null, Tier.TIER_3, T0, null, false, null);
      assertThat(ana.tryReserve(2, "l1")).isTrue();
      assertThat(a.placeIfAbsent(atAna, Lead.builder("l1").country("US").industry("retail").build())).isNull();
      b.refresh();
      assertThat(anaOnB.openLeads()).isEqualTo(1);
      RepState bo = a.rep("bo");
      assertThat(bo.tryReserve(2, "l1")).isTrue();
      Placement atBo = new Placement("l1", "bo", null, Tier.TIER_3, T0.plusSeconds(60), T0.plusSeconds(3600), false,
          null);
      Lead moved = Lead.builder("l1").country("US").industry("fintech").build();
      Placement stale = new Placement("l1", "ana", null, Tier.TIER_3, T0.minusSeconds(1), null, false, null);
      assertThat(a.movePlacement(stale, atBo, moved)).as("not the placement expected").isFalse();
      assertThat(a.placement("l1")).isEqualTo(atAna);
      assertThat(ana.openLeads()).as("nothing given back").isEqualTo(1);
      assertThat(a.savedLead("l1").industry()).as("nothing saved").isEqualTo("retail");

      long before = a.roundTrips();
      assertThat(a.movePlacement(atAna, atBo, moved)).isTrue();
      assertThat(a.roundTrips() - before).as("round trips of a move").isEqualTo(1);
      assertThat(ana.openLeads()).as("this node's view of the old holder").isZero();
      assertThat(bo.openLeads()).isEqualTo(1);
      assertThat(a.placement("l1")).isEqualTo(atBo);
      assertThat(a.savedLead("l1").industry()).isEqualTo("fintech");
      b.refresh();
      assertThat(anaOnB.openLeads()).as("another node's view after its refresh").isZero();
      assertThat(boOnB.openLeads()).isEqualTo(1);
      assertThat(a.timedPlacementsSince(0).placements()).as("in the timed index with its deadline")
          .extracting(Placement::leadId).contains("l1");

      // To a queue: the holder's unit given back, the lead in the set of queued leads; facts not given stay.
      Placement queued = new Placement("l1", null, "unassigned", Tier.TIER_3, T0.plusSeconds(120), null, false, null);
      assertThat(a.movePlacement(atBo, queued, null)).isTrue();
      assertThat(bo.openLeads()).isZero();
      assertThat(a.queuedPlacements()).extracting(Placement::leadId).containsExactly("l1");
      assertThat(a.savedLead("l1").industry()).isEqualTo("fintech");
      // Back to a rep who holds no unit for it: refused, as replacePlacement is.
      Placement backToAna = new Placement("l1", "ana", null, Tier.TIER_3, T0.plusSeconds(180), null, false, null);
      assertThat(a.movePlacement(queued, backToAna, null)).as("ana holds no unit for l1").isFalse();
      assertThat(ana.tryReserve(2, "l1")).isTrue();
      assertThat(a.movePlacement(queued, backToAna, null)).isTrue();
      assertThat(a.queuedPlacements()).as("out of the queued set").isEmpty();
      assertThatThrownBy(() -> a.movePlacement(backToAna, atBo, Lead.builder("l2").build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("l2");
    }
  }

  /**
   * A breach is claimed by one node; that node is told yes again when it asks again (it retries a breach whose move
   * failed) as a claim reported already, another node no, and a lead not open by nobody. Until 6 December the
   * claimant's own retry was told no, so a breach whose move Redis failed was never acted on.
   */
  @Test
  void aBreachIsClaimedByOneNodeWhichMayClaimItAgainToRetry() {
    try (RedisStateStore a = server.patientStore("t-breach").build();
        RedisStateStore b = server.patientStore("t-breach").build()) {
      Placement p = new Placement("l1", "ana", null, Tier.TIER_1, T0, T0.plusSeconds(300), false, null);
      assertThat(a.rep("ana").tryReserve(2, "l1")).isTrue();
      assertThat(a.placeIfAbsent(p)).isNull();
      assertThat(a.claimBreach("l1", p.slaDeadline())).isEqualTo(BreachClaim.FIRST);
      assertThat(b.claimBreach("l1", p.slaDeadline())).as("another node").isEqualTo(BreachClaim.REFUSED);
      assertThat(a.claimBreach("l1", p.slaDeadline())).as("the claimant again, reported already")
          .isEqualTo(BreachClaim.AGAIN);
      assertThat(b.claimBreach("l1", p.slaDeadline().plusSeconds(60))).as("a later deadline is a breach of its own")
          .isEqualTo(BreachClaim.FIRST);
      assertThat(a.claimBreach("never", p.slaDeadline())).as("a lead not open").isEqualTo(BreachClaim.REFUSED);
    }
  }

  /**
   * A breach claimed by a node that then lost the timer lease (the outage that failed its move outlasted the lease)
   * is claimed by the new holder, which runs the timers now, as one reported already (until 6 December, the new
   * holder reported it again); while the claimant holds the lease, nobody else may.
   */
  @Test
  void aBreachClaimedByANodeThatLostTheLeaseGoesToTheNewHolder() throws Exception {
    RedisStateStore a = server.patientStore("t-breach-lease").takeover(java.time.Duration.ofMillis(200)).build();
    try (RedisStateStore b = server.patientStore("t-breach-lease").takeover(java.time.Duration.ofMillis(200)).build()) {
      Placement p = new Placement("l1", "ana", null, Tier.TIER_1, T0, T0.plusSeconds(300), false, null);
      assertThat(a.rep("ana").tryReserve(2, "l1")).isTrue();
      assertThat(a.placeIfAbsent(p)).isNull();
      assertThat(a.holdsTimerLease()).as("the first store holds the lease").isTrue();
      assertThat(a.claimBreach("l1", p.slaDeadline())).isEqualTo(BreachClaim.FIRST);
      assertThat(b.claimBreach("l1", p.slaDeadline())).as("the claimant holds the lease")
          .isEqualTo(BreachClaim.REFUSED);
      a.crashForTest(); // neither renews its lease nor gives it back
      long until = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
      while (!b.holdsTimerLease() && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(b.holdsTimerLease()).as("taken over").isTrue();
      assertThat(b.claimBreach("l1", p.slaDeadline())).as("the new holder takes the breach over, reported already")
          .isEqualTo(BreachClaim.AGAIN);
      assertThat(b.claimBreach("l1", p.slaDeadline())).as("and keeps it").isEqualTo(BreachClaim.AGAIN);
      assertThat(a.claimBreach("l1", p.slaDeadline())).as("the node that lost it").isEqualTo(BreachClaim.REFUSED);
    } finally {
      a.close();
    }
  }
}
