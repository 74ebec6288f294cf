package io.smartrouting.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.StrategyRegistry;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T15:00:00Z"));

  private Router router(String repId) {
    return Router.builder().roster(List.of(Rep.builder(repId).territories("*").capacity(1_000_000).build()))
        .clock(clock).strategies(StrategyRegistry.of()).manualTimers().step("ll", TestStrategies.LEAST_LOADED)
        .build();
  }

  @Test
  void theSplitterPicksTheVariantsTheExperimentPicks() {
    Experiment exp = Experiment.builder("e3").variant("a", router("a"), 3).variant("b", router("b"), 1)
        .variant("c", router("c"), 2).stickyBy(StickyKey.ACCOUNT).build();
    java.util.function.Function<Lead, String> split =
        Experiment.splitter("e3", StickyKey.ACCOUNT, List.of("a", "b", "c"), List.of(3.0, 1.0, 2.0));
    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      Lead lead = Lead.builder("l" + i).email("x@company" + (i % 700) + ".com").build();
      assertThat(split.apply(lead)).isEqualTo(exp.variantOf(lead));
      seen.merge(split.apply(lead), 1, Integer::sum);
    }
    assertThat(seen).containsOnlyKeys("a", "b", "c");
    assertThatThrownBy(() -> Experiment.splitter("e3", StickyKey.LEAD_ID, List.of("a"), List.of(1.0, 2.0)))
        .hasMessageContaining("one weight a variant");
  }

  private Router handOffRouter(boolean handOff) {
    return Router.builder().roster(List.of(Rep.builder("sdr").role(io.smartrouting.api.RepRole.SDR)
            .territories("*").capacity(100).build(),
        Rep.builder("ae").role(io.smartrouting.api.RepRole.AE).territories("*").capacity(100).build()))
        .clock(clock).strategies(StrategyRegistry.of()).manualTimers().handOffQualifiedLeads(handOff)
        .step(io.smartrouting.core.ChainStep.of("closers", TestStrategies.LEAST_LOADED)
            .when("sales_qualified = true").reps("role = 'AE'"))
        .step(io.smartrouting.core.ChainStep.of("qualifiers", TestStrategies.LEAST_LOADED).reps("role = 'SDR'"))
        .build();
  }

  @Test
  void anUpdateGoesToTheLeadsVariantWhichHandsItOffAsItIsSet() {
    Router keep = handOffRouter(false);
    Router handOff = handOffRouter(true);
    Experiment exp = Experiment.builder("e11").variant("keep", keep, 1).variant("hand-off", handOff, 1).build();
    java.util.Map<String, Lead> byVariant = new java.util.HashMap<>();
    for (int i = 0; byVariant.size() < 2; i++) {
      Lead lead = Lead.builder("l" + i).country("US").build();
      assertThat(exp.route(lead).repId()).isEqualTo("sdr");
      byVariant.putIfAbsent(exp.routedVariant(lead.id()).orElseThrow(), lead);
    }
    Lead kept = Lead.builderFrom(byVariant.get("keep")).salesQualified(true).build();
    Lead handed = Lead.builderFrom(byVariant.get("hand-off")).salesQualified(true).build();

    assertThat(exp.previewUpdate(handed).repId()).as("previewed").isEqualTo("ae");
    assertThat(exp.update(handed).repId()).isEqualTo("ae");
    assertThat(exp.update(kept).repId()).as("its variant keeps qualified leads with their SDR").isEqualTo("sdr");
    assertThat(handOff.placement(handed.id()).orElseThrow().repId()).isEqualTo("ae");

    // Another process's experiment over the same routers (it routed nothing): the variant the saved facts name.
    Experiment other = Experiment.builder("e11").variant("keep", keep, 1).variant("hand-off", handOff, 1).build();
    assertThat(other.routedVariant(handed.id())).isEmpty();
    assertThat(other.update(Lead.builderFrom(handed).title("CFO").build()).repId()).isEqualTo("ae");
    assertThatThrownBy(() -> exp.update(Lead.builder("never").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no variant of experiment 'e11'")
        .hasMessageContaining("'never'");
  }

  @Test
  void anErasedLeadIsReleasedInItsVariantAndForgottenByTheExperiment() {
    Experiment exp = Experiment.builder("e10").variant("a", router("a"), 1).variant("b", router("b"), 1).build();
    Decision d = exp.route(Lead.builder("gone").email("jane@gmail.com").build());
    String variant = exp.routedVariant("gone").orElseThrow();

    assertThat(exp.erase("gone")).isTrue();

    assertThat(exp.routedVariant("gone")).isEmpty();
    assertThat(exp.router(variant).placement("gone")).isEmpty();
    assertThat(exp.router(variant).openLeads(d.repId())).isZero();
    assertThat(exp.recordOutcome("gone", Outcome.WON)).isFalse();
    assertThat(exp.report().variants()).allSatisfy(v -> assertThat(v.won()).isZero());
    assertThat(exp.erase("gone")).as("erased already").isFalse();
  }

  /**
   * A lead whose facts carry this experiment's variant tag (as a variant's router saves them) is in that variant for
   * the experiment and its splitter alike, whatever its sticky key says; a tag of another experiment, of a variant
   * it does not have, or of a name that only starts alike is no tag of its.
   */
  @Test
  void aLeadTaggedWithOneOfItsVariantsIsInThatVariant() {
    Experiment exp = Experiment.builder("e4").variant("a", router("a"), 1).variant("b", router("b"), 1)
        .stickyBy(StickyKey.ACCOUNT).build();
    java.util.function.Function<Lead, String> split =
        Experiment.splitter("e4", StickyKey.ACCOUNT, List.of("a", "b"), List.of(1.0, 1.0));
    assertThat(Experiment.variantTag("e4", "b")).isEqualTo("e4/b");
    for (int i = 0; i < 200; i++) {
      Lead plain = Lead.builder("l" + i).email("x@company" + i + ".com").build();
      String hashed = exp.variantOf(plain);
      String other = hashed.equals("a") ? "b" : "a";
      Lead tagged = Lead.builderFrom(plain).attribute(Experiment.VARIANT_ATTRIBUTE, "e4/" + other).build();
      assertThat(exp.variantOf(tagged)).as("tagged %s", other).isEqualTo(other);
      assertThat(split.apply(tagged)).as("the splitter, tagged %s", other).isEqualTo(other);
      for (String foreign : List.of("e5/" + other, "e4/" + other + "x", "e4x/" + other, "e4/", "e4", other)) {
        Lead notOurs = Lead.builderFrom(plain).attribute(Experiment.VARIANT_ATTRIBUTE, foreign).build();
        assertThat(exp.variantOf(notOurs)).as("tagged '%s'", foreign).isEqualTo(hashed);
        assertThat(split.apply(notOurs)).as("the splitter, tagged '%s'", foreign).isEqualTo(hashed);
      }
    }
    Lead tagged = Lead.builder("routed").email("x@company1.com").attribute(Experiment.VARIANT_ATTRIBUTE, "e4/b")
        .build();
    assertThat(exp.route(tagged).repId()).as("routed in the variant its tag names").isEqualTo("b");
  }

  /**
   * A process restarted on the store the experiment ran on (or another node) did not route the leads its experiment
   * is told about: their contacts, outcomes and releases still reach the router of each lead's variant, found from
   * the facts the store keeps, uncounted in this process's report. Before 7 December 2026 they reached no router.
   */
  @Test
  void callsAboutLeadsAnotherProcessRoutedReachEachLeadsVariant() {
    io.smartrouting.core.state.InMemoryStateStore store = new io.smartrouting.core.state.InMemoryStateStore();
    List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.function.Function<String, Experiment> process = name -> Experiment.builder("e6")
        .variant("a", sharedRouter("ra", store, name + "/a", told), 1)
        .variant("b", sharedRouter("rb", store, name + "/b", told), 1).stickyBy(StickyKey.ACCOUNT).build();
    try (Experiment before = process.apply("before"); Experiment after = process.apply("after")) {
      for (int i = 0; i < 20; i++) {
        before.route(Lead.builder("l" + i).email("x@company" + i + ".com").build());
      }
      clock.advance(Duration.ofMinutes(2));
      for (int i = 0; i < 20; i++) {
        String id = "l" + i;
        String variant = before.routedVariant(id).orElseThrow();
        assertThat(after.routedVariant(id)).isEmpty();
        assertThat(after.recordContact(id, clock.instant())).as("contact of %s", id).isTrue();
        assertThat(after.recordOutcome(id, Outcome.MEETING)).as("outcome of %s", id).isTrue();
        assertThat(after.release(id)).as("release of %s", id).isTrue();
        assertThat(told).as("told to the restarted process's router of variant %s", variant)
            .contains("after/" + variant + " contact " + id, "after/" + variant + " release " + id);
      }
      assertThat(store.placements()).isEmpty();
      assertThat(after.report().variant("a").contacted() + after.report().variant("b").contacted()).isZero();
      assertThat(after.recordContact("unknown", clock.instant())).isFalse();
      assertThat(after.recordOutcome("unknown", Outcome.WON)).isFalse();
      assertThat(after.release("unknown")).isFalse();
    }
  }

  /**
   * An experiment remembers at most {@code rememberLeads} routed leads, the oldest forgotten first; a forgotten lead's
   * calls still reach its variant's router (told by the facts its store keeps), uncounted in the process's report.
   */
  @Test
  void theOldestRoutedLeadsAreForgottenBeyondTheLimitAndTheirCallsStillReachTheirVariant() {
    io.smartrouting.core.state.InMemoryStateStore store = new io.smartrouting.core.state.InMemoryStateStore();
    List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Experiment exp = Experiment.builder("e7").variant("a", sharedRouter("ra", store, "a", told), 1)
        .variant("b", sharedRouter("rb", store, "b", told), 1).rememberLeads(10).build()) {
      java.util.Map<String, String> variantOf = new java.util.HashMap<>();
      for (int i = 0; i < 30; i++) {
        exp.route(Lead.builder("l" + i).build());
        variantOf.put("l" + i, exp.routedVariant("l" + i).orElseThrow());
      }
      for (int i = 0; i < 30; i++) {
        assertThat(exp.routedVariant("l" + i)).as("l%s remembered", i).isEqualTo(
            i < 20 ? java.util.Optional.empty() : java.util.Optional.of(variantOf.get("l" + i)));
      }
      clock.advance(Duration.ofMinutes(1));
      for (int i = 0; i < 3; i++) {
        // A forgotten lead sent again (a CRM's retry): its router answers with the decision it made, and the lead is
        // counted once (until the night of 7 December 2026 it was counted again).
        assertThat(exp.route(Lead.builder("l" + i).build()).decidedAt()).isBefore(clock.instant());
      }
      for (int i = 0; i < 30; i++) {
        assertThat(exp.recordContact("l" + i, clock.instant())).isTrue();
        assertThat(told).contains(variantOf.get("l" + i) + " contact l" + i);
      }
      ExperimentReport report = exp.report();
      assertThat(report.variant("a").leads() + report.variant("b").leads()).as("every routed lead").isEqualTo(30);
      assertThat(report.variant("a").contacted() + report.variant("b").contacted())
          .as("the ten remembered: the three sent again, whose routing was counted, and the newest seven")
          .isEqualTo(10);
    }
    assertThatThrownBy(() -> Experiment.builder("e8").rememberLeads(0))
        .hasMessageContaining("rememberLeads must be at least 1 but was 0");
  }

  @Test
  void variantsSharingRepsOnDifferentStoresAreWarnedOfAsTheyCanExceedARepsCapacity() {
    java.util.function.Function<io.smartrouting.core.state.InMemoryStateStore, Router> ana = store -> Router.builder()
        .roster(List.of(Rep.builder("ana").territories("*").capacity(1).build())).stateStore(store).clock(clock)
        .strategies(StrategyRegistry.of()).manualTimers().step("ll", TestStrategies.LEAST_LOADED).build();
    String apart = stderrOf(() -> Experiment.builder("e9").variant("a", ana.apply(
        new io.smartrouting.core.state.InMemoryStateStore()), 1).variant("b", ana.apply(
        new io.smartrouting.core.state.InMemoryStateStore()), 1).build());
    assertThat(apart).contains("experiment 'e9': variants 'a' and 'b' keep live state in different stores but share 1"
        + " rep(s)");
    io.smartrouting.core.state.InMemoryStateStore one = new io.smartrouting.core.state.InMemoryStateStore();
    Experiment shared = Experiment.builder("e10").variant("a", ana.apply(one), 1).variant("b", ana.apply(one), 1)
        .build();
    String together = stderrOf(() -> Experiment.builder("e10").variant("a", ana.apply(one), 1)
        .variant("b", ana.apply(one), 1).build());
    String ownRosters = stderrOf(() -> Experiment.builder("e11").variant("a", router("ana"), 1)
        .variant("b", router("ben"), 1).build());
    assertThat(together + ownRosters).doesNotContain("different stores");
    // What the warning is about: on one store the rep of capacity 1 takes one lead whichever variant routes it.
    int assigned = 0;
    for (int i = 0; i < 20; i++) {
      assigned += shared.route(Lead.builder("c" + i).build()).repId() != null ? 1 : 0;
    }
    assertThat(assigned).isEqualTo(1);
  }

  private static String stderrOf(Runnable r) {
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(original);
    }
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * An experiment's offboarding preview names the moves its offboarding then makes, lead by lead: with variants that
   * own their leads (each moves its own with its own chain) and without (the first variant's chain moves them all).
   */
  @Test
  void theOffboardingPreviewNamesTheMovesTheOffboardingMakesInEveryVariant() {
    for (boolean owning : new boolean[] {true, false}) {
      io.smartrouting.core.state.InMemoryStateStore store = new io.smartrouting.core.state.InMemoryStateStore();
      List<Rep> reps = List.of(Rep.builder("ana").territories("*").capacity(50).build(),
          Rep.builder("bo").territories("*").capacity(50).build(),
          Rep.builder("cy").territories("*").capacity(50).build());
      java.util.function.BiFunction<String, io.smartrouting.spi.RoutingStrategy, Router> variant = (v, step) -> {
        Router.Builder b = Router.builder().roster(reps).stateStore(store).clock(clock)
            .strategies(StrategyRegistry.of()).manualTimers().step(v, step);
        if (owning) {
          b.ownsLeads(lead -> lead.id().endsWith(v));
        }
        return b.build();
      };
      // Variant a spreads leads by load; variant b hands each to the first candidate in roster order (ana, and bo
      // once ana is away).
      io.smartrouting.spi.RoutingStrategy first = ctx -> ctx.candidates().isEmpty()
          ? io.smartrouting.spi.StrategyResult.pass("no candidates")
          : io.smartrouting.spi.StrategyResult.assign(ctx.candidates().first(), "first candidate");
      try (Experiment e = Experiment.builder("offboard-" + owning)
          .variant("a", variant.apply("a", TestStrategies.LEAST_LOADED), 1)
          .variant("b", variant.apply("b", first), 1).build()) {
        for (int i = 0; i < 24; i++) {
          e.route(Lead.builder("lead-" + i + (i % 2 == 0 ? "a" : "b")).build());
        }
        List<String> anasLeads = store.placements().stream()
            .filter(p -> "ana".equals(p.repId())).map(io.smartrouting.core.state.Placement::leadId).sorted().toList();
        assertThat(anasLeads).as("ana's open leads before").isNotEmpty();
        List<Decision> preview = e.previewOffboard("ana", io.smartrouting.core.OffboardPolicy.reroute());
        assertThat(store.placements()).as("the preview moves nothing")
            .filteredOn(p -> "ana".equals(p.repId())).hasSize(anasLeads.size());
        List<Decision> moved = e.offboard("ana", io.smartrouting.core.OffboardPolicy.reroute());
        assertThat(preview).as("each lead once, owning: %s", owning).hasSameSizeAs(moved);
        assertThat(where(preview)).as("owning: %s", owning).isEqualTo(where(moved));
        assertThat(where(preview).keySet()).containsExactlyInAnyOrderElementsOf(anasLeads);
        assertThat(where(moved)).as("variant b's leads were ana's too").containsKey("lead-1b");
        if (owning) {
          // Each variant moves its own leads with its own chain: variant b's go to its first candidate.
          assertThat(where(moved).entrySet()).filteredOn(m -> m.getKey().endsWith("b"))
              .extracting(java.util.Map.Entry::getValue).containsOnly("bo");
        }
      }
    }
  }

  /** Where each decision puts its lead: its rep, or its queue. */
  private static java.util.Map<String, String> where(List<Decision> decisions) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    for (Decision d : decisions) {
      out.put(d.leadId(), d.repId() != null ? d.repId() : "queue " + d.queue());
    }
    return out;
  }

  /** A router of one rep on {@code store}, telling {@code told} of contacts and releases as "NAME contact LEAD". */
  private Router sharedRouter(String repId, io.smartrouting.core.state.InMemoryStateStore store, String name,
      List<String> told) {
    return Router.builder().roster(List.of(Rep.builder(repId).territories("*").capacity(1_000).build()))
        .stateStore(store).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
        .step("ll", TestStrategies.LEAST_LOADED).listener(e -> {
          if (e instanceof io.smartrouting.api.RoutingEvent.ContactRecorded c) {
            told.add(name + " contact " + c.leadId());
          } else if (e instanceof io.smartrouting.api.RoutingEvent.LeadReleased r) {
            told.add(name + " release " + r.leadId());
          }
        }).build();
  }

  /**
   * Leads already open (go-live, or a restart on the in-memory store) are adopted in their variant's router, on the
   * reps the variants share: they count towards the reps' capacity in every variant, their calls reach their variant,
   * and the report counts none of them or their contacts and outcomes, as no variant decided them; a lead already
   * open is left where it is.
   */
  @Test
  void adoptedLeadsGoToTheirVariantAndAreNotCounted() {
    io.smartrouting.core.state.InMemoryStateStore store = new io.smartrouting.core.state.InMemoryStateStore();
    List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.function.BiFunction<String, String, Router> variant = (process, name) -> Router.builder()
        .roster(List.of(Rep.builder("x").territories("*").capacity(3).build(),
            Rep.builder("y").territories("*").capacity(100).build()))
        .stateStore(store).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
        .tagsSavedLeads(Experiment.VARIANT_ATTRIBUTE, Experiment.variantTag("e9", name))
        .step("ll", TestStrategies.LEAST_LOADED).listener(e -> {
          if (e instanceof io.smartrouting.api.RoutingEvent.ContactRecorded c) {
            told.add(process + "/" + name + " contact " + c.leadId());
          }
        }).build();
    java.util.function.Function<String, Experiment> process = name -> Experiment.builder("e9")
        .variant("a", variant.apply(name, "a"), 1).variant("b", variant.apply(name, "b"), 1).build();
    try (Experiment before = process.apply("before"); Experiment exp = process.apply("now")) {
      Decision routedBefore = before.route(Lead.builder("open-elsewhere").build());
      Instant since = clock.instant().minus(Duration.ofHours(3));
      java.util.Set<String> variants = new java.util.HashSet<>();
      for (int i = 0; i < 12; i++) {
        Lead lead = Lead.builder("book-" + i).build();
        Decision d = exp.adopt(i < 4 ? io.smartrouting.core.ExistingLead.heldBy(lead, "x", since)
            : io.smartrouting.core.ExistingLead.waitingIn(lead, "backlog", since));
        assertThat(d.decidedBy()).isEqualTo("adopted");
        assertThat(exp.routedVariant(lead.id())).as("book-%s", i).contains(exp.variantOf(lead));
        variants.add(exp.variantOf(lead));
      }
      assertThat(variants).as("the book spans both variants").containsExactlyInAnyOrder("a", "b");
      assertThat(routedBefore.repId()).isEqualTo("x");
      assertThat(exp.router("a").openLeads("x")).as("x's four, whichever variant adopted them, and the lead routed"
          + " before").isEqualTo(5);
      assertThat(exp.router("b").openLeads("x")).isEqualTo(5);
      for (int i = 0; i < 10; i++) {
        assertThat(exp.route(Lead.builder("new-" + i).build()).repId()).as("x is over its capacity").isEqualTo("y");
      }
      Lead tagged = Lead.builder("tagged").attribute(Experiment.VARIANT_ATTRIBUTE, "e9/b").build();
      exp.adopt(io.smartrouting.core.ExistingLead.heldBy(tagged, "y", since));
      assertThat(exp.routedVariant("tagged")).contains("b");

      Decision again = exp.adopt(io.smartrouting.core.ExistingLead.waitingIn(Lead.builder("book-0").build(), "q",
          since));
      assertThat(again.repId()).as("already open: left where it is").isEqualTo("x");
      assertThat(exp.route(Lead.builder("book-0").build()).repId()).isEqualTo("x");
      Decision elsewhere = exp.adopt(io.smartrouting.core.ExistingLead.heldBy(Lead.builder("open-elsewhere")
          .build(), "x", since));
      assertThat(elsewhere.repId()).as("open in the store: left where it is").isEqualTo(routedBefore.repId());
      assertThat(exp.routedVariant("open-elsewhere")).as("not adopted here").isEmpty();

      clock.advance(Duration.ofMinutes(5));
      for (int i = 0; i < 4; i++) {
        String id = "book-" + i;
        assertThat(exp.recordContact(id, clock.instant())).isTrue();
        assertThat(told).contains("now/" + exp.routedVariant(id).orElseThrow() + " contact " + id);
        assertThat(exp.recordOutcome(id, Outcome.WON)).isTrue();
        assertThat(exp.release(id)).isTrue();
      }
      ExperimentReport report = exp.report();
      assertThat(report.variant("a").leads() + report.variant("b").leads()).as("the ten routed leads only")
          .isEqualTo(10);
      assertThat(report.variant("a").contacted() + report.variant("b").contacted()).isZero();
      assertThat(report.variant("a").won() + report.variant("b").won()).isZero();
      assertThat(exp.router("a").openLeads("x")).as("the lead routed before").isEqualTo(1);
      assertThatThrownBy(() -> exp.adopt(null)).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("existing");
      assertThatThrownBy(() -> exp.adopt(io.smartrouting.core.ExistingLead.heldBy(Lead.builder("z").build(),
          "nobody", since))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nobody'");
    }
  }

  @Test
  void aLeadRoutedAgainWithAnotherAccountKeyStaysInItsVariant() {
    Experiment exp = Experiment.builder("e2").variant("control", router("c"), 50)
        .variant("treatment", router("t"), 50).stickyBy(StickyKey.ACCOUNT).build();
    Lead first = Lead.builder("lead-1").email("ann@alpha.com").build();
    String variant = exp.variantOf(first);
    String holder = exp.route(first).repId();
    Lead moved = null;
    for (int i = 0; moved == null; i++) {
      Lead candidate = Lead.builder("lead-1").email("ann@company" + i + ".com").build();
      moved = exp.variantOf(candidate).equals(variant) ? null : candidate;
    }
    assertThat(exp.route(moved).repId()).as("the variant it was routed in").isEqualTo(holder);
    assertThat(exp.routedVariant("lead-1")).contains(variant);
    assertThat(exp.report().variant(variant).leads()).isEqualTo(1);
  }

  @Test
  void countsContactsAndOutcomesPerVariantAndComparesThem() {
    Experiment exp = Experiment.builder("e1").variant("control", router("c"), 50)
        .variant("treatment", router("t"), 50).build();
    boolean[] treated = new boolean[20_000];
    for (int i = 0; i < treated.length; i++) {
      treated[i] = exp.route(Lead.builder("lead-" + i).build()).repId().equals("t");
      assertThat(exp.variantOf(Lead.builder("lead-" + i).build())).isEqualTo(treated[i] ? "treatment" : "control");
    }
    // Treatment contacts 60% in 10 minutes and converts 12%; control contacts 50% in 20 minutes, converts 8%; each
    // contact is reported when made, and a second call later counts for nothing.
    for (int minutes : new int[] {10, 20, 99}) {
      clock.advance(Duration.ofMinutes(minutes == 99 ? 79 : 10));
      for (int i = 0; i < treated.length; i++) {
        int bucket = i % 100;
        if (bucket < (treated[i] ? 60 : 50) && (minutes == 99 || minutes == (treated[i] ? 10 : 20))) {
          exp.recordContact("lead-" + i, clock.instant());
        }
      }
    }
    for (int i = 0; i < treated.length; i++) {
      int bucket = i % 100;
      exp.recordOutcome("lead-" + i, bucket < (treated[i] ? 12 : 8) ? Outcome.WON : Outcome.LOST);
      exp.recordOutcome("lead-" + i, Outcome.WON);
      exp.release("lead-" + i);
    }
    exp.route(Lead.builder("lead-0").build());
    ExperimentReport r = exp.report();
    VariantStats c = r.variant("control");
    VariantStats t = r.variant("treatment");
    assertThat(c.leads() + t.leads()).isEqualTo(20_000);
    assertThat(c.contactRate()).isCloseTo(0.50, org.assertj.core.api.Assertions.within(0.02));
    assertThat(t.conversionRate()).isCloseTo(0.12, org.assertj.core.api.Assertions.within(0.02));
    assertThat(t.meanMinutesToContact()).isEqualTo(10.0);
    assertThat(c.won() + c.lost()).isEqualTo(c.leads());
    assertThat(r.comparisons()).hasSize(2);
    assertThat(r.comparisons().get(0).metric()).startsWith("contact rate");
    assertThat(r.comparisons().get(0).significant()).isTrue();
    assertThat(r.comparisons().get(1).lower()).isGreaterThan(0);
    assertThat(r.sampleRatio().mismatch()).as(r.sampleRatio().toString()).isFalse();
    assertThat(r.toText()).contains("conversion rate treatment vs control").contains("sample ratio ok");
  }

  @Test
  void anOutcomeNamingItsRepGoesToTheVariantsRouterAndCountsOnce() {
    List<io.smartrouting.api.RoutingEvent> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.function.Supplier<Router> withListener = () -> Router.builder()
        .roster(List.of(Rep.builder("c").territories("*").capacity(10).build())).clock(clock)
        .strategies(StrategyRegistry.of()).manualTimers().step("ll", TestStrategies.LEAST_LOADED).listener(told::add)
        .build();
    Experiment exp = Experiment.builder("e-named").variant("a", withListener.get(), 1)
        .variant("b", withListener.get(), 1).build();
    Decision d = exp.route(Lead.builder("n1").build());
    String variant = exp.variantOf(Lead.builder("n1").build());
    assertThatThrownBy(() -> exp.recordOutcome("n1", "nobody", Outcome.WON))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repId 'nobody'");
    assertThat(exp.report().variant(variant).won()).as("a refused report counts nothing").isZero();
    assertThat(exp.recordOutcome("n1", d.repId(), Outcome.WON)).isTrue();
    assertThat(exp.recordOutcome("n1", d.repId(), Outcome.WON)).isTrue();
    assertThat(exp.recordOutcome("n2", "c", Outcome.WON)).as("not the experiment's lead").isFalse();
    assertThat(exp.report().variant(variant).won()).isEqualTo(1);
    assertThat(told).filteredOn(e -> e instanceof io.smartrouting.api.RoutingEvent.OutcomeRecorded).singleElement()
        .extracting(e -> ((io.smartrouting.api.RoutingEvent.OutcomeRecorded) e).repId()).isEqualTo("c");
  }

  @Test
  void accountStickinessKeepsOneAccountsLeadsInOneVariant() {
    Experiment exp = Experiment.builder("e2").variant("a", router("x"), 1).variant("b", router("y"), 1)
        .stickyBy(StickyKey.ACCOUNT).build();
    for (int company = 0; company < 200; company++) {
      String first = exp.variantOf(Lead.builder("l-" + company + "-0").email("p0@acme" + company + ".com").build());
      for (int person = 1; person < 10; person++) {
        Lead lead = Lead.builder("l-" + company + "-" + person).email("p" + person + "@acme" + company + ".com")
            .build();
        assertThat(exp.variantOf(lead)).isEqualTo(first);
      }
    }
    assertThat(StickyKey.ACCOUNT.keyOf(Lead.builder("x").email("a@gmail.com").companyName(" Acme ").build()))
        .isEqualTo("company:acme");
    assertThat(StickyKey.ACCOUNT.keyOf(Lead.builder("x").email("a@gmail.com").build())).isEqualTo("lead:x");
  }

  @Test
  void badConfigurationIsNamed() {
    Router shared = router("r");
    assertThatThrownBy(() -> Experiment.builder("e").variant("a", shared, 1).build())
        .hasMessageContaining("at least 2 variants");
    assertThatThrownBy(() -> Experiment.builder("e").variant("a", shared, 1).variant("b", shared, 1))
        .hasMessageContaining("already used");
    assertThatThrownBy(() -> Experiment.builder("e").variant("a", shared, 1).variant("a", router("s"), 1))
        .hasMessageContaining("duplicate variant name 'a'");
    assertThatThrownBy(() -> Experiment.builder("e").variant("a", shared, Double.NaN))
        .hasMessageContaining("weight of variant 'a'");
    assertThatThrownBy(() -> Experiment.builder(" ")).hasMessageContaining("experiment name");
  }
}
