package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.experiment.Experiment;
import io.smartrouting.core.experiment.StickyKey;
import io.smartrouting.core.state.InMemoryStateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A routing document declares an A/B test ({@code experiment:}): its variants run the document with a chain or a
 * learning setting of their own, split the leads by a sticky hash, and share the reps' capacity; a bad declaration is
 * an error naming the field.
 */
class ExperimentConfigTest {

  @TempDir
  Path dir;

  private static final String REPS = "reps:\n"
      + "  - {id: ana, territories: [US], capacity: 3}\n"
      + "  - {id: ben, territories: [US], capacity: 3}\n";

  private static final String CHAIN = "chain:\n  - strategy: round-robin\n";

  /** The control runs the document's round-robin; the treatment holds every lead in a queue of its own. */
  private static final String EXPERIMENT = "experiment:\n"
      + "  name: hold-test\n"
      + "  variants:\n"
      + "    - {name: control, share: 50}\n"
      + "    - name: hold\n"
      + "      share: 50\n"
      + "      chain:\n"
      + "        - queue: holding\n";

  @Test
  void eachLeadIsRoutedByItsVariantsChainAndTheSplitIsTheDeclaredOne() throws Exception {
    RoutingConfig config = RoutingConfig.load(write(REPS + CHAIN + EXPERIMENT));
    ExperimentPlan plan = config.experiment();
    assertThat(plan).isNotNull();
    assertThat(plan.name()).isEqualTo("hold-test");
    assertThat(plan.stickyBy()).isEqualTo(StickyKey.LEAD_ID);
    assertThat(plan.control()).isEqualTo("control");
    assertThat(plan.variants()).containsExactly(new ExperimentPlan.Variant("control", 50, false, false),
        new ExperimentPlan.Variant("hold", 50, true, false));
    assertThat(config.chain()).as("the document itself keeps its chain").hasSize(1);
    assertThat(config.variant("hold").chain()).singleElement().satisfies(s -> assertThat(s.queue()).isEqualTo(
        "holding"));
    assertThat(config.variant("hold").experiment()).as("a variant declares no experiment of its own").isNull();
    assertThat(config.variant("hold").variantName()).isEqualTo("hold");

    Map<String, Integer> byVariant = new HashMap<>();
    try (Experiment exp = config.toExperiment(b -> b.manualTimers().build())) {
      assertThat(exp.name()).isEqualTo("hold-test");
      assertThat(exp.variants()).containsExactly("control", "hold");
      for (int i = 0; i < 400; i++) {
        Lead lead = Lead.builder("l" + i).country("US").build();
        String variant = exp.variantOf(lead);
        Decision d = exp.route(lead);
        byVariant.merge(variant, 1, Integer::sum);
        if (variant.equals("hold")) {
          assertThat(d.queue()).as("lead %s of the hold variant", lead.id()).isEqualTo("holding");
        } else {
          assertThat(d.queue()).as("lead %s of the control", lead.id()).isNotEqualTo("holding");
        }
        exp.release(d.leadId());
      }
      assertThat(exp.report().sampleRatio().mismatch()).isFalse();
    }
    assertThat(byVariant.get("control")).isBetween(150, 250);
    assertThat(byVariant.get("hold")).isBetween(150, 250);
  }

  @Test
  void theVariantsShareTheRepsCapacity() throws Exception {
    // Both variants assign (round-robin and weighted): together they may not give ana and ben more than 3 each.
    RoutingConfig config = RoutingConfig.load(write(REPS + CHAIN + "experiment:\n  name: cap\n  variants:\n"
        + "    - {name: a, share: 1}\n"
        + "    - name: b\n      share: 1\n      chain:\n        - strategy: weighted\n"));
    InMemoryStateStore store = new InMemoryStateStore();
    ManualClock clock = new ManualClock(Instant.parse("2026-12-07T15:00:00Z"));
    try (Experiment exp = config.toExperiment(b -> b.stateStore(store).clock(clock).manualTimers().build())) {
      Map<String, Integer> perRep = new HashMap<>();
      Map<String, Integer> assignedByVariant = new HashMap<>();
      for (int i = 0; i < 20; i++) {
        Lead lead = Lead.builder("l" + i).country("US").build();
        Decision d = exp.route(lead);
        if (d.repId() != null) {
          perRep.merge(d.repId(), 1, Integer::sum);
          assignedByVariant.merge(exp.variantOf(lead), 1, Integer::sum);
        }
        exp.router("a").fireDueTimers();
        exp.router("b").fireDueTimers();
      }
      assertThat(assignedByVariant).as("both variants assigned").containsKeys("a", "b");
      // The threshold skips a rep at 90% of 3, so each takes at most 3 leads across both routers.
      assertThat(perRep.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
      assertThat(store.rep("ana").openLeads() + store.rep("ben").openLeads())
          .isEqualTo(perRep.values().stream().mapToInt(Integer::intValue).sum());
    }
  }

  @Test
  void theVariantsShareOneInMemoryStoreUnlessGivenOne() throws Exception {
    RoutingConfig config = RoutingConfig.load(write(REPS + CHAIN + "experiment:\n  name: cap\n  variants:\n"
        + "    - {name: a, share: 1}\n"
        + "    - name: b\n      share: 1\n      chain:\n        - strategy: weighted\n"));
    try (Experiment exp = config.toExperiment(b -> b.manualTimers().build())) {
      Map<String, Integer> perRep = new HashMap<>();
      for (int i = 0; i < 20; i++) {
        Decision d = exp.route(Lead.builder("l" + i).country("US").build());
        if (d.repId() != null) {
          perRep.merge(d.repId(), 1, Integer::sum);
        }
      }
      assertThat(perRep).as("both reps full, across both variants").containsOnlyKeys("ana", "ben");
      assertThat(perRep.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
      assertThat(exp.router("a").openLeads("ana")).isEqualTo(exp.router("b").openLeads("ana"));
    }
  }

  /**
   * Each variant's router moves only its own leads when a move covers the leads it finds in the store: a reload that
   * takes ana out moves the control's leads by the control's chain (to ben) and the other variant's by its own (to
   * cy). Without it the first router reloaded moved every variant's leads by its chain.
   */
  @Test
  void leadsALeaverHeldMoveByTheirOwnVariantsChain() throws Exception {
    String reps = "reps:\n  - {id: ana, territories: [US], capacity: 100}\n  - {id: ben, territories: [US], capacity: 100}\n"
        + "  - {id: cy, territories: [US], capacity: 100}\n";
    String doc = "when_reps_leave: reroute\nchain:\n  - {strategy: round-robin, reps: \"id IN ['%s', 'ben']\"}\n"
        + "experiment:\n  name: leavers\n  variants:\n    - {name: control, share: 1}\n"
        + "    - {name: other, share: 1, chain: [{strategy: round-robin, reps: \"id IN ['%s', 'cy']\"}]}\n";
    String v1 = "version: v1\n" + reps + String.format(doc, "ana", "ana");
    try (Experiment exp = RoutingConfig.load(write(v1)).toExperiment(b -> b.manualTimers().build())) {
      Map<String, String> variantOf = leadsOfAna(exp, "o", 40);
      assertThat(variantOf.values()).contains("control", "other");
      String reload = "version: v2\n" + reps.replace("  - {id: ana, territories: [US], capacity: 100}\n", "")
          + String.format(doc, "ben", "cy");
      RoutingConfig.load(write(reload)).applyTo(exp);
      assertEachWithItsVariantsRep(exp, variantOf);
    }
    // Offboarding through the experiment asks every variant's router: each moves its own.
    try (Experiment exp = RoutingConfig.load(write(v1)).toExperiment(b -> b.manualTimers().build())) {
      Map<String, String> variantOf = leadsOfAna(exp, "p", 20);
      assertThat(exp.offboard("ana", io.smartrouting.core.OffboardPolicy.reroute())).hasSize(20);
      assertEachWithItsVariantsRep(exp, variantOf);
    }
  }

  /** Routes leads {@code prefix0, prefix1, ...} until {@code n} went to ana; those leads and their variants. */
  private static Map<String, String> leadsOfAna(Experiment exp, String prefix, int n) {
    Map<String, String> variantOf = new HashMap<>();
    for (int i = 0; variantOf.size() < n; i++) {
      Lead lead = Lead.builder(prefix + i).country("US").build();
      if (exp.route(lead).repId().equals("ana")) {
        variantOf.put(lead.id(), exp.variantOf(lead));
      }
    }
    return variantOf;
  }

  /** Each lead with the rep its own variant's chain has besides ana: ben for the control, cy for the other. */
  private static void assertEachWithItsVariantsRep(Experiment exp, Map<String, String> variantOf) {
    variantOf.forEach((lead, variant) -> assertThat(exp.router(variant).placement(lead).orElseThrow().repId())
        .as("%s of variant %s", lead, variant).isEqualTo(variant.equals("control") ? "ben" : "cy"));
  }

  @Test
  void anAccountsLeadsStayInOneVariantWhenStickyByAccount() throws Exception {
    RoutingConfig config = RoutingConfig.load(write(REPS + CHAIN + EXPERIMENT.replace("  name: hold-test\n",
        "  name: hold-test\n  sticky_by: account\n")));
    assertThat(config.experiment().stickyBy()).isEqualTo(StickyKey.ACCOUNT);
    try (Experiment exp = config.toExperiment(b -> b.manualTimers().build())) {
      for (int company = 0; company < 30; company++) {
        String first = null;
        for (int person = 0; person < 5; person++) {
          Decision d = exp.route(Lead.builder("c" + company + "-p" + person).country("US")
              .email("p" + person + "@company" + company + ".com").build());
          String where = "holding".equals(d.queue()) ? "hold" : "control";
          first = first == null ? where : first;
          assertThat(where).as("company %d's person %d", company, person).isEqualTo(first);
          assertThat(exp.routedVariant(d.leadId())).contains(where);
        }
      }
      // A lead that changes company keeps the variant it was routed in; its key now may point elsewhere.
      Lead moved = null;
      for (int company = 100; moved == null; company++) {
        Lead candidate = Lead.builder("c0-p0").country("US").email("p0@company" + company + ".com").build();
        if (!exp.variantOf(candidate).equals(exp.routedVariant("c0-p0").orElseThrow())) {
          moved = candidate;
        }
      }
      String routedIn = exp.routedVariant("c0-p0").orElseThrow();
      assertThat(exp.router(routedIn).update(moved).leadId()).isEqualTo("c0-p0");
      assertThat(exp.routedVariant("c0-p0")).contains(routedIn);
      assertThat(exp.routedVariant("never-routed")).isEmpty();
    }
  }

  @Test
  void aVariantMayLearnWhenTheDocumentDoesNotAndTurnLearningOffWhenItDoes() throws Exception {
    String weighted = "      chain:\n        - strategy: weighted\n          config: {weight: {territory: 0.2,"
        + " industry: 0.1, segment: 0.1, capacity: 0.1, response: 0.1, performance: 0.4}}\n";
    RoutingConfig config = RoutingConfig.load(write(REPS + CHAIN + "experiment:\n  name: learn\n  variants:\n"
        + "    - {name: control, share: 1}\n    - name: learning\n      share: 1\n      learning: {}\n" + weighted));
    assertThat(config.learning()).isNull();
    assertThat(config.variant("learning").learning()).isNotNull();
    assertThat(config.experiment().variants()).extracting(ExperimentPlan.Variant::learns).containsExactly(false,
        true);
    try (Experiment exp = config.toExperiment(b -> b.manualTimers().build())) {
      assertThat(exp.router("learning").learning()).isPresent();
      assertThat(exp.router("control").learning()).isEmpty();
    }

    RoutingConfig off = RoutingConfig.load(write(REPS + "learning: {}\n" + CHAIN + "experiment:\n  name: learn\n"
        + "  variants:\n    - {name: learning, share: 1}\n    - {name: plain, share: 1, learning: off}\n"));
    assertThat(off.variant("learning").learning()).isNotNull();
    assertThat(off.variant("plain").learning()).isNull();

    // A variant that turns learning off may not weigh performance: its factor would score every rep alike.
    Path noModel = write(REPS + "learning: {}\n" + CHAIN + "experiment:\n  name: learn\n  variants:\n"
        + "    - {name: control, share: 1}\n    - name: plain\n      share: 1\n      learning: off\n" + weighted);
    assertThat(errorsLoading(noModel)).singleElement().asString()
        .contains("experiment.variants[1].chain[0].config.weight.performance: weight.performance is 0.4, but this"
            + " variant does not learn");
    Path inherits = write(REPS + "learning: {}\n" + weighted.replace("      chain:", "chain:").replace("        -", "  -")
        .replace("          config", "    config") + "experiment:\n  name: learn\n  variants:\n"
        + "    - {name: control, share: 1}\n    - {name: plain, share: 1, learning: off}\n");
    assertThat(errorsLoading(inherits)).singleElement().asString().contains(":12:41: experiment.variants[1].learning:"
        + " this variant does not learn, but it runs the document's chain, whose step 'weighted' weighs performance"
        + " (0.4)");
  }

  @Test
  void badDeclarationsAreErrorsNamingTheirField() throws Exception {
    Path doc = write(REPS + CHAIN + "experiment:\n"
        + "  sticky_by: company\n"
        + "  variants:\n"
        + "    - {name: a, share: 0}\n"
        + "    - {name: a, share: 1, chian: []}\n"
        + "    - {name: c}\n"
        + "    - {name: d, share: 1, learning: maybe}\n"
        + "    - {name: e, share: 1, learning: {warm_start: deals.csv}}\n"
        + "    - {name: f, share: 1, chain: [{strategy: round-robbin}]}\n"
        + "    - {name: g, share: 1, chain: []}\n");
    List<String> errors = errorsLoading(doc);
    assertThat(errors).anySatisfy(e -> assertThat(e).contains(":7:3: experiment.name: missing 'name'")
        .doesNotContain("variants"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("experiment.sticky_by:").contains("company"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("experiment.variants[0].share: must be a number"
        + " above 0"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("experiment.variants[1].chian: unknown key 'chian'")
        .contains("did you mean 'chain'"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("experiment.variants[2].share: missing 'share'"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("experiment.variants[3].learning: a variant's"
        + " learning is 'off'"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("experiment.variants[4].learning.warm_start: a"
        + " variant takes no warm_start of its own"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("experiment.variants[5].chain[0].strategy: unknown"
        + " strategy 'round-robbin'; did you mean 'round-robin'?"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("experiment.variants[6].chain: the chain must have at"
        + " least one step"));

    Path twice = write(REPS + CHAIN + "experiment:\n  name: x\n  variants:\n"
        + "    - {name: a, share: 1}\n    - {name: a, share: 2}\n");
    assertThat(errorsLoading(twice)).singleElement().asString().contains("experiment.variants[1].name: 'a' is also"
        + " the name of experiment.variants[0]");
    Path one = write(REPS + CHAIN + "experiment:\n  name: x\n  variants:\n    - {name: a, share: 1}\n");
    assertThat(errorsLoading(one)).singleElement().asString().contains("experiment.variants: an experiment needs"
        + " at least two variants (the first is the control) but has 1");
    Path none = write(REPS + CHAIN + "experiment:\n  name: x\n");
    assertThat(errorsLoading(none)).singleElement().asString().contains("experiment.variants: missing 'variants'");
  }

  @Test
  void rememberLeadsBoundsTheLeadsTheExperimentKeepsAndBadValuesNameTheField() throws Exception {
    String experiment = EXPERIMENT.replace("  name: hold-test\n", "  name: hold-test\n  remember_leads: 2\n");
    RoutingConfig remembering = RoutingConfig.load(write(REPS + CHAIN + experiment));
    assertThat(remembering.experiment().rememberLeads()).isEqualTo(2);
    assertThat(RoutingConfig.load(write(REPS + CHAIN + EXPERIMENT)).experiment().rememberLeads())
        .isEqualTo(Experiment.DEFAULT_REMEMBERED_LEADS);
    try (Experiment exp = remembering.toExperiment(b -> b.manualTimers().build())) {
      for (int i = 0; i < 3; i++) {
        exp.route(Lead.builder("r" + i).country("US").build());
      }
      assertThat(exp.routedVariant("r0")).as("the oldest of three, beyond the two remembered").isEmpty();
      assertThat(exp.routedVariant("r1")).isPresent();
      assertThat(exp.routedVariant("r2")).isPresent();
    }
    try (Experiment exp = RoutingConfig.load(write(REPS + CHAIN + EXPERIMENT)).toExperiment(
        b -> b.manualTimers().build())) {
      for (int i = 0; i < 3; i++) {
        exp.route(Lead.builder("r" + i).country("US").build());
      }
      assertThat(exp.routedVariant("r0")).as("absent, the SDK's default of %s", Experiment.DEFAULT_REMEMBERED_LEADS)
          .isPresent();
    }
    for (String bad : List.of("0", "-5", "many", "2147483648")) {
      Path doc = write(REPS + CHAIN + EXPERIMENT.replace("  name: hold-test\n",
          "  name: hold-test\n  remember_leads: " + bad + "\n"));
      assertThat(errorsLoading(doc)).as(bad).singleElement().asString().contains("experiment.remember_leads: must be")
          .contains("1 to 2147483647");
    }
  }

  @Test
  void aDocumentWithoutAnExperimentHasNoVariantsToBuild() throws Exception {
    RoutingConfig config = RoutingConfig.load(write(REPS + CHAIN));
    assertThat(config.experiment()).isNull();
    assertThatThrownBy(() -> config.variant("control")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("declares no experiment, so it has no variant 'control'");
    assertThatThrownBy(config::toExperiment).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("declares no experiment: build its router with toBuilder()");
    RoutingConfig with = RoutingConfig.load(write(REPS + CHAIN + EXPERIMENT));
    assertThatThrownBy(() -> with.variant("treatment")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("experiment 'hold-test' of ").hasMessageContaining("has no variant 'treatment'; its"
            + " variants: [control, hold]");
  }

  @Test
  void aScenarioMayNameTheVariantThatRoutesIt() throws Exception {
    String scenarios = "scenarios:\n"
        + "  - {name: held, variant: hold, lead: {id: s1, country: US}, expect: {queue: holding}}\n"
        + "  - {name: assigned, lead: {id: s2, country: US}, expect: {decided_by: round-robin}}\n";
    RoutingConfig config = RoutingConfig.load(write(REPS + CHAIN + EXPERIMENT + scenarios));
    assertThat(config.scenarios()).extracting(Scenario::variant).containsExactly("hold", null);
    for (Scenario s : config.scenarios()) {
      try (io.smartrouting.core.Router router = config.forScenario(s).toBuilder().manualTimers().build()) {
        assertThat(s.mismatch(router.route(s.lead()), config.reps())).as(s.name()).isNull();
      }
    }
    Path typo = write(REPS + CHAIN + EXPERIMENT + scenarios.replace("variant: hold", "variant: hodl"));
    assertThat(errorsLoading(typo)).singleElement().asString().contains("scenarios[0].variant: experiment"
        + " 'hold-test' has no variant 'hodl'; did you mean 'hold'? Variants: [control, hold]");
    Path none = write(REPS + CHAIN + scenarios);
    assertThat(errorsLoading(none)).singleElement().asString().contains("scenarios[0].variant: the document declares"
        + " no valid experiment, so there is no variant 'hold' to route this scenario with");
  }

  @Test
  void aVariantsChainIsWarnedAboutAsTheDocumentsIs() throws Exception {
    RoutingConfig config = RoutingConfig.load(write(REPS + CHAIN + "experiment:\n  name: x\n  variants:\n"
        + "    - {name: a, share: 1}\n"
        + "    - name: b\n      share: 1\n      chain:\n        - strategy: round-robin\n"
        + "        - strategy: weighted\n"));
    assertThat(config.warnings(java.time.LocalDate.of(2026, 12, 7))).singleElement().asString()
        .startsWith("experiment variant 'b': chain[1] 'weighted' only sees leads no rep can take now");
  }

  @Test
  void aWatchedDocumentReloadsEveryVariantAndRefusesANewSplit() throws Exception {
    Path doc = write("version: v1\n" + REPS + CHAIN + EXPERIMENT);
    ManualClock clock = new ManualClock(Instant.parse("2026-12-07T15:00:00Z"));
    List<ConfigWatcher.Outcome> outcomes = new java.util.ArrayList<>();
    try (Experiment exp = RoutingConfig.load(doc).toExperiment(b -> b.clock(clock).manualTimers().build());
        ConfigWatcher watcher = ConfigWatcher.manual(doc, exp, outcomes::add)) {
      assertThat(watcher.applied().version()).as("what the routers were built from").isEqualTo("v1");
      Lead held = lead(exp, "hold", 0);
      assertThat(exp.route(held).queue()).isEqualTo("holding");
      // The hold variant now parks its leads elsewhere, and the control gets a third rep: both routers take it.
      Files.writeString(doc, "version: v2\n" + REPS + "  - {id: cy, territories: [US], capacity: 3}\n" + CHAIN
          + EXPERIMENT.replace("queue: holding", "queue: parked"), StandardCharsets.UTF_8);
      ConfigWatcher.Outcome applied = watcher.checkNow();
      assertThat(applied).isNotNull();
      assertThat(applied.applied()).as("%s", applied.errors()).isTrue();
      assertThat(applied.version()).isEqualTo("v2");
      assertThat(watcher.applied().version()).isEqualTo("v2");
      for (String v : exp.variants()) {
        assertThat(exp.router(v).configVersion()).as("the version and the variant").isEqualTo("v2/" + v);
        assertThat(exp.router(v).roster()).as(v).extracting(io.smartrouting.api.Rep::id).contains("cy");
      }
      assertThat(exp.route(lead(exp, "hold", 1)).queue()).isEqualTo("parked");
      assertThat(exp.router("hold").placement(held.id())).as("an open lead stays").isPresent();

      // Another split is another experiment: refused, nothing changes.
      Files.writeString(doc, "version: v3\n" + REPS + CHAIN + EXPERIMENT.replace("{name: control, share: 50}",
          "{name: control, share: 90}"), StandardCharsets.UTF_8);
      ConfigWatcher.Outcome refused = watcher.checkNow();
      assertThat(refused.applied()).isFalse();
      assertThat(refused.errors()).singleElement().asString().contains("the running experiment's split is"
          + " 'hold-test' by LEAD_ID [control 0.5000, hold 0.5000] and this document's is 'hold-test' by LEAD_ID"
          + " [control 0.6429, hold 0.3571]; a new split is a new experiment");
      assertThat(exp.router("control").configVersion()).isEqualTo("v2/control");

      // A variant that starts learning cannot be given to a router built without a model: no variant changes.
      Files.writeString(doc, "version: v4\n" + REPS + CHAIN + EXPERIMENT.replace("      share: 50\n",
          "      share: 50\n      learning: {}\n"), StandardCharsets.UTF_8);
      ConfigWatcher.Outcome noModel = watcher.checkNow();
      assertThat(noModel.applied()).isFalse();
      assertThat(noModel.errors()).singleElement().asString().contains("variant 'hold' learns in this document, but"
          + " its running router was built without learning");
      assertThat(exp.router("control").configVersion()).as("not even the control").isEqualTo("v2/control");
      assertThat(exp.router("hold").configVersion()).isEqualTo("v2/hold");
      assertThat(watcher.applied().version()).as("refusals apply nothing").isEqualTo("v2");
    }
    assertThat(outcomes).hasSize(3);
  }

  /** The {@code n}th lead id (l0, l1, ...) that falls in {@code variant}. */
  private static Lead lead(Experiment exp, String variant, int n) {
    int found = 0;
    for (int i = 0; ; i++) {
      Lead lead = Lead.builder("w" + i).country("US").build();
      if (exp.variantOf(lead).equals(variant) && found++ == n) {
        return lead;
      }
    }
  }

  private Path write(String document) throws Exception {
    return ConfigFiles.write(dir, document);
  }

  private static List<String> errorsLoading(Path doc) {
    return ConfigFiles.errorsLoading(doc);
  }
}
