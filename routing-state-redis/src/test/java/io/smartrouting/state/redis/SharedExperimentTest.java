package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.experiment.Experiment;
import io.smartrouting.core.experiment.StickyKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * An experiment on many nodes: each node runs a router per variant on its store, each owning its variant's leads
 * ({@link Router.Builder#ownsLeads}, told by the variant each router tags the facts it saves with,
 * {@link Router.Builder#tagsSavedLeads}), so the node that holds the timer lease drains and escalates every lead with
 * its own variant's chain. Before, its control router took up the other variant's queued leads and assigned them.
 */
class SharedExperimentTest extends RedisServerTest {

  private static final Instant T0 = Instant.parse("2026-12-06T15:00:00Z");
  private static final List<String> VARIANTS = List.of("control", "hold");

  /** One node's experiment on {@code store}: the control assigns round-robin, the hold variant queues every lead. */
  private static Experiment node(RedisStateStore store, ManualClock clock, boolean owning) {
    return node(store, clock, StickyKey.LEAD_ID, owning, false);
  }

  /**
   * {@link #node(RedisStateStore, ManualClock, boolean)} split by {@code key}, with an account known by its address,
   * its routers tagging the facts they save with their variant when {@code tagging}.
   */
  private static Experiment node(RedisStateStore store, ManualClock clock, StickyKey key, boolean owning,
      boolean tagging) {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(100).build(),
        Rep.builder("ben").territories("US").capacity(100).build());
    Function<Lead, String> split = Experiment.splitter("hold-test", key, VARIANTS, List.of(1.0, 1.0));
    Experiment.Builder b = Experiment.builder("hold-test").stickyBy(key);
    for (String v : VARIANTS) {
      Router.Builder rb = Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers()
          .accounts(List.of(io.smartrouting.api.Account.builder("acme").name("Acme").domains("acme.com").build()))
          .step(v.equals("control") ? ChainStep.of("round-robin") : ChainStep.toQueue("holding"));
      if (owning) {
        rb.ownsLeads(lead -> split.apply(lead).equals(v));
      }
      if (tagging) {
        rb.tagsSavedLeads(Experiment.VARIANT_ATTRIBUTE, Experiment.variantTag("hold-test", v));
      }
      b.variant(v, rb.build(), 1);
    }
    return b.build();
  }

  @Test
  void theLeaseHolderDrainsEachVariantsQueuedLeadsWithItsOwnChain() throws Exception {
    assertThat(heldLeadsAfterTheHolderTicks("exp-owned", true)).as("the hold variant's leads stay held").isZero();
    assertThat(heldLeadsAfterTheHolderTicks("exp-unowned", false))
        .as("without ownership the holder's control router drained them to reps").isPositive();
  }

  /**
   * Split by account, a lead's saved facts do not give its sticky key: they name an account matched by address by its
   * id, and keep no address for a lead of no known account. The routers tag the facts they save with their variant,
   * so the lease holder's routers still leave the hold variant's leads held; without the tags (as before 7 December
   * 2026), its control router drained some of them to reps.
   */
  @Test
  void splitByAccountTheLeaseHolderKnowsEachLeadsVariantByTheTagItsFactsCarry() throws Exception {
    assertThat(heldLeadsAfterTheHolderTicks("exp-tagged", StickyKey.ACCOUNT, true, true))
        .as("the hold variant's leads stay held").isZero();
    assertThat(heldLeadsAfterTheHolderTicks("exp-untagged", StickyKey.ACCOUNT, true, false))
        .as("judged by the split of their saved facts alone, some were drained").isPositive();
  }

  /**
   * A CRM's webhook reaches whichever node the load balancer picks: a contact, an outcome or a release told to a node
   * whose experiment did not route the lead goes to the router of the lead's variant there, told by the variant its
   * saved facts carry. Before 7 December 2026 the experiment answered false and told no router: the contact was lost
   * (the SLA clock ran on) and the release too (the rep's unit stayed taken).
   */
  @Test
  void aContactAnOutcomeAndAReleaseToldToAnotherNodeReachTheLeadsVariant() {
    ManualClock clock = new ManualClock(T0);
    List<String[]> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (RedisStateStore sa = server.patientStore("exp-told").build();
        RedisStateStore sb = server.patientStore("exp-told").build();
        Experiment a = assigningNode(sa, clock, "a", told); Experiment b = assigningNode(sb, clock, "b", told)) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        Lead lead = Lead.builder("t" + i).country("US").email("buyer@company-" + i + ".example").build();
        assertThat(b.route(lead).repId()).isNotNull();
        ids.add(lead.id());
      }
      assertThat(ids.stream().map(id -> b.routedVariant(id).orElseThrow()).distinct()).hasSize(2);
      clock.advance(Duration.ofMinutes(3));
      for (String id : ids) {
        String variant = b.routedVariant(id).orElseThrow();
        assertThat(a.routedVariant(id)).isEmpty();
        assertThat(a.recordContact(id, clock.instant())).as("contact of %s", id).isTrue();
        assertThat(sa.placement(id).contactedAt()).isEqualTo(clock.instant());
        assertThat(told).as("told by node a's router of %s's variant", id)
            .anySatisfy(t -> assertThat(t).containsExactly("a", variant, "contact", id));
        assertThat(a.recordOutcome(id, io.smartrouting.api.Outcome.MEETING)).as("outcome of %s", id).isTrue();
        assertThat(sa.placement(id).progressedAt()).isNotNull();
        assertThat(a.release(id)).as("release of %s", id).isTrue();
        assertThat(sa.placement(id)).isNull();
      }
      sa.refresh();
      assertThat(sa.rep("ana").openLeads() + sa.rep("ben").openLeads()).as("every unit given back").isZero();
      assertThat(told).noneSatisfy(t -> assertThat(t[0]).isEqualTo("b"));
      assertThat(a.recordContact("never-routed", clock.instant())).isFalse();
      assertThat(a.release("never-routed")).isFalse();
      assertThat(a.sharesCounts()).isTrue();
      assertThat(a.report()).as("one report, read on either node").isEqualTo(b.report());
      assertThat(a.report().variants()).allSatisfy(v -> assertThat(v.contacted()).isEqualTo(v.assigned()));
    }
  }

  /**
   * A book of open leads taken up on one node at go-live counts in no variant, whichever node is told of its contacts
   * and closes, where a routed lead's contact and close told to either node count once. Until the night of 7 December
   * 2026 the node that had not adopted a lead could not tell it from a routed one and counted its contact and close
   * (the report then failed: more wins than leads in a variant).
   */
  @Test
  void leadsAdoptedOnOneNodeCountOnNoNode() {
    ManualClock clock = new ManualClock(T0);
    List<String[]> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (RedisStateStore sa = server.patientStore("exp-adopted").build();
        RedisStateStore sb = server.patientStore("exp-adopted").build();
        Experiment a = assigningNode(sa, clock, "a", told); Experiment b = assigningNode(sb, clock, "b", told)) {
      Instant since = T0.minus(Duration.ofHours(2));
      List<String> book = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Lead lead = Lead.builder("book-" + i).country("US").email("buyer@held-" + i + ".example").build();
        assertThat(a.adopt(io.smartrouting.core.ExistingLead.heldBy(lead, i % 2 == 0 ? "ana" : "ben", since))
            .decidedBy()).isEqualTo("adopted");
        book.add(lead.id());
      }
      Lead routed = Lead.builder("routed").country("US").email("buyer@new.example").build();
      assertThat(a.route(routed).repId()).isNotNull();
      clock.advance(Duration.ofMinutes(4));
      for (String id : book) {
        assertThat(b.recordContact(id, clock.instant())).as("contact of %s told to b", id).isTrue();
        assertThat(b.recordOutcome(id, io.smartrouting.api.Outcome.WON)).as("won, told to b").isTrue();
        assertThat(a.recordOutcome(id, io.smartrouting.api.Outcome.WON)).as("retried to a").isTrue();
      }
      assertThat(b.recordContact("routed", clock.instant())).isTrue();
      assertThat(b.recordOutcome("routed", io.smartrouting.api.Outcome.LOST)).isTrue();
      io.smartrouting.core.experiment.ExperimentReport report = b.report();
      assertThat(a.report()).isEqualTo(report);
      long leads = 0;
      long contacted = 0;
      long won = 0;
      long lost = 0;
      for (io.smartrouting.core.experiment.VariantStats s : report.variants()) {
        leads += s.leads();
        contacted += s.contacted();
        won += s.won();
        lost += s.lost();
      }
      assertThat(new long[] {leads, contacted, won, lost}).as("the routed lead alone, its contact and its loss")
          .containsExactly(1, 1, 0, 1);
      assertThat(a.countsLost() + b.countsLost()).isZero();
    }
  }

  /**
   * Leads routed before the experiment's shared counts were kept (here by a router of an older version, which tagged
   * their facts with the control) and contacted and won since, told to the experiment: their contacts and wins count,
   * their routing does not, so the control holds more wins than leads. The report says so and still compares the
   * variants; before the night of 7 December 2026 it failed ("control successes must be in [0, trials]").
   */
  @Test
  void aReportOverLeadsRoutedBeforeTheCountsStillCompares() {
    ManualClock clock = new ManualClock(T0);
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(100).build());
    try (RedisStateStore older = server.patientStore("exp-older").build();
        RedisStateStore store = server.patientStore("exp-older").build();
        Router before = Router.builder().roster(reps).stateStore(older).clock(clock).manualTimers()
            .step(ChainStep.of("round-robin"))
            .tagsSavedLeads(Experiment.VARIANT_ATTRIBUTE, Experiment.variantTag("told-test", "control")).build();
        Experiment node = assigningNode(store, clock, "a", new java.util.concurrent.CopyOnWriteArrayList<>())) {
      for (int i = 0; i < 3; i++) {
        assertThat(before.route(Lead.builder("old-" + i).country("US").build()).repId()).isEqualTo("ana");
      }
      clock.advance(Duration.ofMinutes(5));
      for (int i = 0; i < 3; i++) {
        assertThat(node.recordContact("old-" + i, clock.instant())).isTrue();
        assertThat(node.recordOutcome("old-" + i, io.smartrouting.api.Outcome.WON)).isTrue();
      }
      io.smartrouting.core.experiment.ExperimentReport report = node.report();
      io.smartrouting.core.experiment.VariantStats control = report.variant("control");
      assertThat(new long[] {control.leads(), control.contacted(), control.won()}).as("what was counted")
          .containsExactly(0, 3, 3);
      assertThat(report.comparisons()).hasSize(2).allSatisfy(t -> assertThat(t.controlSuccesses()).isZero());
    }
  }

  /**
   * The counts of an experiment on many nodes are the store's: leads routed on either node (some sent to both),
   * contacts and outcomes told to either (some to both, as retried webhooks are), and either node's report is the
   * whole experiment's, each lead, first contact and close counted once. Before 7 December 2026 each node counted the
   * leads it routed and the calls it was told about them.
   */
  @Test
  void everyNodesReportCountsEveryNodesLeadsOnce() {
    ManualClock clock = new ManualClock(T0);
    List<String[]> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.Random rnd = new java.util.Random(7);
    try (RedisStateStore sa = server.patientStore("exp-counts").build();
        RedisStateStore sb = server.patientStore("exp-counts").build();
        Experiment a = assigningNode(sa, clock, "a", told); Experiment b = assigningNode(sb, clock, "b", told)) {
      List<Experiment> nodes = List.of(a, b);
      java.util.Map<String, long[]> expected = new java.util.HashMap<>(); // leads, assigned, contacted, won, lost
      for (String v : VARIANTS) {
        expected.put(v, new long[5]);
      }
      java.util.Map<String, String> variantOf = new java.util.HashMap<>();
      for (int i = 0; i < 60; i++) {
        Lead lead = Lead.builder("c" + i).country("US").email("buyer@company-" + (i % 23) + ".example").build();
        Experiment first = nodes.get(rnd.nextInt(2));
        Decision d = first.route(lead);
        String v = first.routedVariant(lead.id()).orElseThrow();
        variantOf.put(lead.id(), v);
        expected.get(v)[0]++;
        expected.get(v)[1] += d.repId() != null ? 1 : 0;
        if (rnd.nextInt(4) == 0) {
          nodes.get(rnd.nextInt(2)).route(lead); // sent again, to either node: the same lead
        }
      }
      clock.advance(Duration.ofMinutes(10));
      for (String id : variantOf.keySet()) {
        long[] e = expected.get(variantOf.get(id));
        boolean assigned = sa.placement(id).repId() != null;
        if (assigned && rnd.nextInt(3) != 0) {
          assertThat(nodes.get(rnd.nextInt(2)).recordContact(id, clock.instant())).isTrue();
          e[2]++;
          nodes.get(rnd.nextInt(2)).recordContact(id, clock.instant()); // told twice: one contact
        }
        int close = rnd.nextInt(3);
        if (close > 0) {
          io.smartrouting.api.Outcome outcome =
              close == 1 ? io.smartrouting.api.Outcome.WON : io.smartrouting.api.Outcome.LOST;
          nodes.get(rnd.nextInt(2)).recordOutcome(id, outcome);
          nodes.get(rnd.nextInt(2)).recordOutcome(id, outcome); // a retried webhook, maybe to the other node
          e[close == 1 ? 3 : 4]++;
        }
      }
      io.smartrouting.core.experiment.ExperimentReport report = a.report();
      assertThat(b.report()).isEqualTo(report);
      for (String v : VARIANTS) {
        io.smartrouting.core.experiment.VariantStats s = report.variant(v);
        assertThat(new long[] {s.leads(), s.assigned(), s.contacted(), s.won(), s.lost()}).as("variant %s", v)
            .containsExactly(expected.get(v));
        if (s.contacted() > 0) {
          assertThat(s.meanMinutesToContact()).as("every contact 10 minutes after its routing").isEqualTo(10.0);
        }
      }
      assertThat(report.variants().stream().mapToLong(io.smartrouting.core.experiment.VariantStats::leads).sum())
          .isEqualTo(60);
      assertThat(a.countsLost() + b.countsLost()).isZero();
    }
  }

  /**
   * While Redis is down the experiment still routes every lead (queued and flagged, as its router does) and loses only
   * the counts, which it says; once Redis is back it counts again. The close of a lead whose routing the counts lost is
   * not counted either (before the night of 7 December 2026 it was: three wins over two leads).
   */
  @Test
  void anOutageLosesCountsNeverLeads() throws Exception {
    ManualClock clock = new ManualClock(T0);
    try (RedisStateStore store = server.store("exp-outage").build();
        Experiment node = assigningNode(store, clock, "a", new java.util.concurrent.CopyOnWriteArrayList<>())) {
      assertThat(node.route(Lead.builder("before").country("US").build()).repId()).isNotNull();
      server.kill();
      try {
        for (int i = 0; i < 3; i++) {
          Decision d = node.route(Lead.builder("during-" + i).country("US").build());
          assertThat(d.flags()).contains(io.smartrouting.api.Flag.STATE_UNAVAILABLE);
        }
        assertThat(node.countsLost()).as("the leads decided while Redis was down").isEqualTo(3);
      } finally {
        server.restart();
      }
      Thread.sleep(250); // the store's retry-after window
      assertThat(node.route(Lead.builder("after").country("US").build()).repId()).isNotNull();
      assertThat(node.report().variants().stream().mapToLong(v -> v.leads()).sum()).as("before and after")
          .isEqualTo(2);
      for (int i = 0; i < 3; i++) {
        assertThat(node.recordOutcome("during-" + i, io.smartrouting.api.Outcome.WON)).as("its router knows it")
            .isTrue();
      }
      assertThat(node.report().variants().stream().mapToLong(v -> v.won()).sum())
          .as("a lead whose routing the counts lost: its close is not counted either").isZero();
    }
  }

  /** A node whose two variants both assign (round-robin, weighted), split by account, telling {@code told} of contacts. */
  private static Experiment assigningNode(RedisStateStore store, ManualClock clock, String node, List<String[]> told) {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(100).build(),
        Rep.builder("ben").territories("US").capacity(100).build());
    Function<Lead, String> split = Experiment.splitter("told-test", StickyKey.ACCOUNT, VARIANTS, List.of(1.0, 1.0));
    Experiment.Builder b = Experiment.builder("told-test").stickyBy(StickyKey.ACCOUNT);
    for (String v : VARIANTS) {
      b.variant(v, Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers()
          .step(v.equals("control") ? ChainStep.of("round-robin") : ChainStep.of("weighted"))
          .tagsSavedLeads(Experiment.VARIANT_ATTRIBUTE, Experiment.variantTag("told-test", v))
          .ownsLeads(lead -> split.apply(lead).equals(v))
          .listener(e -> {
            if (e instanceof io.smartrouting.api.RoutingEvent.ContactRecorded c) {
              told.add(new String[] {node, v, "contact", c.leadId()});
            }
          }).build(), 1);
    }
    return b.build();
  }

  private static int heldLeadsAfterTheHolderTicks(String tenant, boolean owning) throws Exception {
    return heldLeadsAfterTheHolderTicks(tenant, StickyKey.LEAD_ID, owning, false);
  }

  /**
   * Routes 20 leads on the node that does not hold the lease (some of Acme, known by its address, the others each of
   * a company of its own, known by theirs alone), ticks the holder's routers, and counts the hold variant's leads that
   * left the holding queue.
   */
  private static int heldLeadsAfterTheHolderTicks(String tenant, StickyKey key, boolean owning, boolean tagging)
      throws Exception {
    ManualClock clock = new ManualClock(T0);
    RedisStateStore sa = server.store(tenant).takeover(Duration.ofSeconds(2)).refreshInterval(Duration.ofMillis(50))
        .build();
    RedisStateStore sb = server.store(tenant).takeover(Duration.ofSeconds(2)).refreshInterval(Duration.ofMillis(50))
        .build();
    try (sa; sb; Experiment holder = node(sa, clock, key, owning, tagging);
        Experiment other = node(sb, clock, key, owning, tagging)) {
      for (String v : VARIANTS) {
        holder.router(v).fireDueTimers(); // takes the lease
      }
      assertThat(sa.holdsTimerLease()).isTrue();
      assertThat(sb.holdsTimerLease()).isFalse();
      List<String> held = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Lead lead = Lead.builder("x" + i).country("US")
            .email(i % 4 == 0 ? "buyer" + i + "@acme.com" : "buyer@company-" + i + ".example").build();
        Decision d = other.route(lead);
        if (other.variantOf(lead).equals("hold")) {
          assertThat(d.queue()).isEqualTo("holding");
          held.add(d.leadId());
        } else {
          assertThat(d.repId()).isNotNull();
        }
      }
      assertThat(held).isNotEmpty();
      clock.set(T0.plus(Duration.ofMinutes(1)));
      sa.refresh();
      for (int tick = 0; tick < 3; tick++) {
        for (String v : VARIANTS) {
          holder.router(v).fireDueTimers();
        }
      }
      int left = 0;
      for (String id : held) {
        left += sa.placement(id).queue() == null ? 1 : 0;
      }
      return left;
    }
  }
}
