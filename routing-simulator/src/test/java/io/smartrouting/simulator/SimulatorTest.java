package io.smartrouting.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's simulator command, and the checks the lift claims rest on. */
class SimulatorTest {

  private static final java.util.Map<Boolean, Results> RUNS = new java.util.concurrent.ConcurrentHashMap<>();

  /** The README's run (seed 7, 20,000 leads, 5 replications), computed once per world for all tests. */
  private static Results run(boolean flat) {
    return RUNS.computeIfAbsent(flat, f -> SimulatorCli.simulate(World.assumptions(f, 40, 500), 7, 20_000, 5,
        EnumSet.complementOf(EnumSet.of(Strategy.CONFIGURED)), null));
  }

  @Test
  void inTheDefaultWorldTheLearnedChainBeatsRoundRobinOnConversionContactAndSpeed() {
    Results r = run(false);
    Results.Lift conversion = r.lift(Strategy.LEARNING, Results.Metric.CONVERSION);
    Results.Lift contact = r.lift(Strategy.LEARNING, Results.Metric.CONTACT);
    Results.Lift minutes = r.lift(Strategy.LEARNING, Results.Metric.MEAN_MINUTES);
    assertThat(conversion.lower()).as("conversion lift %s", conversion).isGreaterThan(0);
    assertThat(contact.lower()).as("contact lift %s", contact).isGreaterThan(0);
    assertThat(minutes.upper()).as("time-to-contact change %s", minutes).isLessThan(0);
    // The oracle bounds what any strategy can get; learning sits between the default chain and it.
    assertThat(r.mean(Strategy.ORACLE, Results.Metric.CONVERSION))
        .isGreaterThan(r.mean(Strategy.LEARNING, Results.Metric.CONVERSION));
    assertThat(r.mean(Strategy.LEARNING, Results.Metric.CONVERSION))
        .isGreaterThan(r.mean(Strategy.DEFAULT_CHAIN, Results.Metric.CONVERSION));
  }

  @Test
  void inTheDefaultWorldTheFairLearnerLiftsAsMuchWithoutStarvingAnyRep() {
    Results r = run(false);
    Results.Lift fair = r.lift(Strategy.FAIR_LEARNING, Results.Metric.CONVERSION);
    Results.Lift learning = r.lift(Strategy.LEARNING, Results.Metric.CONVERSION);
    assertThat(fair.lower()).as("fair-learning conversion lift %s", fair).isGreaterThan(0);
    assertThat(fair.mean()).as("fair %s against learning %s", fair, learning)
        .isGreaterThanOrEqualTo(learning.mean() - 0.01);
    for (Simulation.Run run : r.runs.get(Strategy.FAIR_LEARNING)) {
      assertThat(run.minShareOfFair).as("least-served rep's share of its fair share").isGreaterThanOrEqualTo(0.5);
    }
    assertThat(r.toText()).contains("fair-learning: every rep got at least");
  }

  @Test
  void learningConvergesRegretFallsAsLeadsAccumulate() {
    double[] regret = run(false).regretPerWindow(Strategy.LEARNING);
    assertThat(regret).hasSize(20);
    double early = (regret[0] + regret[1]) / 2;
    double late = (regret[17] + regret[18] + regret[19]) / 3;
    assertThat(late).as("late regret vs early").isLessThan(0.6 * early);
  }

  @Test
  void inAFlatWorldSmartRoutingIsNoWorseThanRoundRobinBeyondNoise() {
    Results r = run(true);
    for (Strategy s : new Strategy[] {Strategy.DEFAULT_CHAIN, Strategy.LEARNING, Strategy.FAIR_LEARNING}) {
      Results.Lift conversion = r.lift(s, Results.Metric.CONVERSION);
      assertThat(conversion.lower()).as("%s conversion %s", s, conversion).isLessThanOrEqualTo(0);
      assertThat(conversion.upper()).as("%s conversion %s", s, conversion).isGreaterThanOrEqualTo(0);
      assertThat(r.lift(s, Results.Metric.CONTACT).upper()).isGreaterThanOrEqualTo(0);
      assertThat(r.lift(s, Results.Metric.MEAN_MINUTES).lower()).isLessThanOrEqualTo(0);
    }
  }

  @Test
  void anAssumptionCanBeChangedAndIsPrinted() {
    World.Assumptions a = World.assumptions(false, 40, 500).with("specialistLift", 2.0);
    assertThat(a.specialistLift()).isEqualTo(2.0);
    assertThat(a.describe().get("specialist").toString()).startsWith("x2.0 in own industry");
    assertThat(a.decayMinutes()).isEqualTo(World.assumptions(false, 40, 500).decayMinutes());
  }

  @Test
  void theSameSeedGivesTheSameResults() {
    Results a = SimulatorCli.simulate(World.assumptions(false, 12, 200), 3, 2_000, 2,
        EnumSet.of(Strategy.ROUND_ROBIN, Strategy.LEARNING, Strategy.FAIR_LEARNING), null);
    Results b = SimulatorCli.simulate(World.assumptions(false, 12, 200), 3, 2_000, 2,
        EnumSet.of(Strategy.ROUND_ROBIN, Strategy.LEARNING, Strategy.FAIR_LEARNING), null);
    for (Results.Metric m : Results.Metric.values()) {
      for (Strategy s : new Strategy[] {Strategy.LEARNING, Strategy.FAIR_LEARNING}) {
        // (isEqualTo on boxed doubles: NaN, a metric that does not apply, equals NaN)
        assertThat(Double.valueOf(b.mean(s, m))).as("%s %s", s, m.label).isEqualTo(Double.valueOf(a.mean(s, m)));
      }
    }
  }

  @Test
  void theCommandPrintsTheTableWritesJsonAndAChart(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("out/sim.json");
    Path png = dir.resolve("cum.png");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = new CommandLine(new SimulatorCli()).execute("simulate", "--seed", "7", "--leads", "3000",
          "--replications", "2", "--json", json.toString(), "--chart", png.toString());
    } finally {
      System.setOut(old);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(text).contains("Assumptions (the lift below holds for this world").contains("conversion rate")
        .contains("Regret against the oracle");
    // The regret rows line up: the label column is as wide as the longest label, and every figure six wide, so the
    // rows are as long as each other ('fair-learning' used to push its row one column right).
    String[] regretRows = text.substring(text.indexOf("Regret against the oracle")).split("\\R");
    java.util.Set<Integer> lengths = new java.util.HashSet<>();
    int rows = 0;
    for (int i = 1; i < regretRows.length && !regretRows[i].isBlank(); i++, rows++) {
      lengths.add(regretRows[i].length());
    }
    assertThat(rows).as("regret rows").isGreaterThanOrEqualTo(3);
    assertThat(lengths).as("regret row lengths").hasSize(1);
    String written = Files.readString(json);
    assertThat(written).contains("\"seed\": 7").contains("\"againstRoundRobin\"").contains("\"regretPer1000ByWindow\"")
        .doesNotContain("NaN");
    byte[] head = Files.readAllBytes(png);
    assertThat(head.length).isGreaterThan(1000);
    assertThat(new String(head, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  @Test
  void aRoutingConfigurationsChainRunsOnTheWorldsReps() {
    // Its chain, not its roster or accounts: a configuration of round-robin alone decides as the baseline does, lead
    // for lead, so every metric is the baseline's; one with the weighted step does not.
    io.smartrouting.config.RoutingConfig roundRobin = io.smartrouting.config.RoutingConfig.parse(
        "reps:\n  - {id: someone-else}\naccounts:\n  - {id: acme, name: Acme, domains: [acme.com], owner:"
            + " someone-else}\nchain:\n  - strategy: round-robin\n", "rr.yaml");
    Results same = SimulatorCli.simulate(World.assumptions(false, 12, 200), 3, 2_000, 2,
        EnumSet.of(Strategy.ROUND_ROBIN, Strategy.CONFIGURED), roundRobin, null);
    for (int r = 0; r < 2; r++) {
      Simulation.Run base = same.runs.get(Strategy.ROUND_ROBIN).get(r);
      Simulation.Run configured = same.runs.get(Strategy.CONFIGURED).get(r);
      assertThat(configured.won).isEqualTo(base.won);
      assertThat(configured.leadsPerRep).containsExactly(base.leadsPerRep);
    }
    io.smartrouting.config.RoutingConfig weighted = io.smartrouting.config.RoutingConfig.parse(
        "reps:\n  - {id: someone-else}\nchain:\n  - strategy: weighted\n", "weighted.yaml");
    Results other = SimulatorCli.simulate(World.assumptions(false, 12, 200), 3, 2_000, 2,
        EnumSet.of(Strategy.ROUND_ROBIN, Strategy.CONFIGURED), weighted, null);
    assertThat(other.runs.get(Strategy.CONFIGURED).get(0).leadsPerRep)
        .isNotEqualTo(other.runs.get(Strategy.ROUND_ROBIN).get(0).leadsPerRep);
    assertThat(other.toText()).contains("config");
  }

  @Test
  void aConfigurationsExperimentRunsEachVariantOnEveryLead() throws Exception {
    // The control runs the document's round-robin, the other variant the weighted step: each on the whole stream,
    // so the control decides lead for lead as the baseline, and each has its own column and lift.
    io.smartrouting.config.RoutingConfig doc = io.smartrouting.config.RoutingConfig.parse(
        "reps:\n  - {id: someone-else}\nchain:\n  - strategy: round-robin\nexperiment:\n  name: weights\n"
            + "  variants:\n    - {name: control, share: 80}\n"
            + "    - {name: weighted-first, share: 20, chain: [{strategy: weighted}]}\n", "exp.yaml");
    Results r = SimulatorCli.simulate(World.assumptions(false, 12, 200), 3, 2_000, 2,
        EnumSet.of(Strategy.ROUND_ROBIN, Strategy.CONFIGURED), doc, null);
    assertThat(r.labels()).containsExactly("round-robin", "config/control", "config/weighted-first");
    for (int i = 0; i < 2; i++) {
      Simulation.Run base = r.runs.get(Strategy.ROUND_ROBIN).get(i);
      Simulation.Run control = r.runsOf("config/control").get(i);
      assertThat(control.leads).isEqualTo(2_000);
      assertThat(control.won).isEqualTo(base.won);
      assertThat(control.leadsPerRep).containsExactly(base.leadsPerRep);
      assertThat(r.runsOf("config/weighted-first").get(i).leads).as("every lead, not its 20%").isEqualTo(2_000);
    }
    assertThat(r.runsOf("config/weighted-first").get(0).leadsPerRep)
        .isNotEqualTo(r.runs.get(Strategy.ROUND_ROBIN).get(0).leadsPerRep);
    String text = r.toText();
    assertThat(text).contains("config/weighted-first variant 'weighted-first' of experiment 'weights' in --config"
        + " (20% of leads live; here every lead): its own chain, learning off")
        .contains("config/control        variant 'control' (control) of experiment 'weights' in --config (80% of"
            + " leads live; here every lead): the document's chain, learning off");
    // The columns are as wide as the longest label, so the header and each row line up.
    List<String> lines = text.lines().toList();
    String header = lines.stream().filter(l -> l.startsWith("metric (mean of replications)")).findFirst()
        .orElseThrow();
    String conversion = lines.stream().filter(l -> l.startsWith("conversion rate ")).findFirst().orElseThrow();
    assertThat(conversion).hasSameSizeAs(header);
    assertThat(r.toJson().get("strategies")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsKeys("config/control", "config/weighted-first");
  }

  @Test
  void theStandaloneJarsCommandsTellTheVersionItWasBuiltAs() {
    for (String[] args : new String[][] {{"--version"}, {"simulate", "--version"}}) {
      CommandLine cli = SimulatorCli.commandLine();
      java.io.StringWriter out = new java.io.StringWriter();
      cli.setOut(new java.io.PrintWriter(out, true));
      assertThat(cli.execute(args)).isZero();
      assertThat(out.toString().trim()).as(String.join(" ", args))
          .matches("routing-simulator \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
  }

  /**
   * A configuration's step that picks reps by a filter is told how many of the world's generated reps it matches: none
   * for SDRs (the world's reps are all of the default role, AE), so a column of zeros is explained, where the note
   * said the filter "may match none of them".
   */
  @Test
  void aConfigurationsRepFilterIsToldHowManyOfTheWorldsRepsItMatches() throws Exception {
    java.nio.file.Path config = java.nio.file.Files.createTempFile("roles", ".yaml");
    java.io.PrintStream out = System.out;
    java.io.PrintStream err = System.err;
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    try {
      java.nio.file.Files.writeString(config, "version: r\nreps:\n  - {id: ana, territories: ['*']}\nchain:\n"
          + "  - strategy: round-robin\n    label: qualifiers\n    reps: \"role = 'SDR'\"\n"
          + "  - strategy: round-robin\n    label: one\n    reps: \"id = 'rep-001'\"\n");
      System.setErr(new java.io.PrintStream(said, true, StandardCharsets.UTF_8));
      System.setOut(new java.io.PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertThat(new CommandLine(new SimulatorCli()).execute("simulate", "--config", config.toString(), "--leads",
          "1000", "--replications", "2", "--quiet")).isZero();
    } finally {
      System.setOut(out);
      System.setErr(err);
      java.nio.file.Files.deleteIfExists(config);
    }
    assertThat(said.toString(StandardCharsets.UTF_8))
        .contains("note: step 'qualifiers' picks reps by 'role = 'SDR'': none of the world's generated reps match it"
            + " (ids rep-000..., no teams, each of the default role, AE), so the config column routes no lead through"
            + " this step")
        .contains("note: step 'one' picks reps by 'id = 'rep-001'': 1 of 40 of the world's generated reps match it");
  }

  @Test
  void badOptionsAreRejectedWithTheOptionNamed() {
    CommandLine cli = new CommandLine(new SimulatorCli());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    assertThat(cli.execute("simulate", "--world", "round")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--world must be 'default' or 'flat'");
    err.reset();
    assertThat(cli.execute("simulate", "--assume", "luck=2")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown assumption 'luck'").contains("specialistLift");
    err.reset();
    assertThat(cli.execute("simulate", "--assume", "decayMinutes=0")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("assumption decayMinutes is a time constant")
        .contains("> 0 but was 0");
    err.reset();
    assertThat(cli.execute("simulate", "--assume", "reachFloor=1.2")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("assumption reachFloor").contains("at most 1");
    err.reset();
    assertThat(cli.execute("simulate", "--leads", "10")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--leads must be at least 1000");
    // The standalone jar reports a configuration it cannot use as messages, not stack traces.
    CommandLine handled = SimulatorCli.errorsAsMessages(new CommandLine(new SimulatorCli()));
    handled.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    err.reset();
    assertThat(handled.execute("simulate", "--config", "no-such-file.yaml")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: no such file: no-such-file.yaml")
        .doesNotContain("\tat ");
  }
}
