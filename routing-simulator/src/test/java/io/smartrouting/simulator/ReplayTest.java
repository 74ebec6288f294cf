package io.smartrouting.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.core.ClassificationPolicy;
import io.smartrouting.config.RosterFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayTest {

  @TempDir
  Path dir;

  private Replay.Report replay(Path d) throws Exception {
    List<Rep> reps;
    try (Reader r = Files.newBufferedReader(d.resolve("reps.csv"))) {
      reps = RosterFiles.reps(r, "reps.csv");
    }
    List<Replay.Deal> deals;
    try (Reader r = Files.newBufferedReader(d.resolve("closed-deals.csv"))) {
      deals = Replay.readHistory(r, "closed-deals.csv", ClassificationPolicy.defaults());
    }
    return Replay.run(deals, reps, 0.7, 14, 7, 500);
  }

  @Test
  void onAHistoryWithPlantedSkillLearningBeatsRoundRobinAndTheReportSaysWhoIsStarved() throws Exception {
    HistoryGenerator.write(dir, 12, 4000, 7);
    Replay.Report report = replay(dir);
    assertThat(report.trainDeals()).isEqualTo(2800);
    assertThat(report.testDeals()).isEqualTo(1200);
    Replay.ChainResult rr = report.chains().get(0);
    assertThat(rr.chain()).isEqualTo("round-robin");
    assertThat(rr.minShareOfFair()).as("round-robin serves everyone").isGreaterThan(0.8);
    Replay.ChainResult performance = report.chains().stream().filter(c -> c.chain().equals("performance"))
        .findFirst().orElseThrow();
    assertThat(performance.lift()).as("routing on learned performance wins more").isPositive();
    assertThat(performance.liftLow()).as("and the interval excludes zero").isPositive();
    assertThat(performance.leadsPerRep().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1200);
    Replay.ChainResult fair = report.chains().stream().filter(c -> c.chain().equals("fair")).findFirst()
        .orElseThrow();
    assertThat(fair.liftLow()).as("the fair learner beats round-robin, interval excluding zero").isPositive();
    assertThat(fair.starved()).as("and starves nobody").isEmpty();
    assertThat(fair.minShareOfFair()).isGreaterThanOrEqualTo(0.5);
    String text = report.toText();
    assertThat(text).contains("round-robin").contains("performance").contains("least-served rep")
        .contains("warm start on 2,800 deals");
  }

  @Test
  void warmStartRecoversThePlantedOrderingOfTheReps() throws Exception {
    HistoryGenerator.write(dir, 12, 4000, 7);
    double[][] planted = HistoryGenerator.plantedRates(12, 7);
    List<Replay.Deal> deals;
    try (Reader r = Files.newBufferedReader(dir.resolve("closed-deals.csv"))) {
      deals = Replay.readHistory(r, "closed-deals.csv", ClassificationPolicy.defaults());
    }
    io.smartrouting.core.learning.ConversionModel model = new io.smartrouting.core.learning.ConversionModel();
    for (Replay.Deal d : deals.subList(0, 2800)) {
      model.record(d.rep(), d.segment(), d.industry(), d.won());
    }
    double[] truth = meanOverIndustries(planted);
    double[] learned = learnedMeans(model);
    assertThat(spearman(truth, learned)).as("rank correlation of learned and planted rates").isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void withDriftHalfwayAHalfLifeFollowsTheRepsAndTheFairLearnerStillWins() throws Exception {
    HistoryGenerator.write(dir, 12, 12_000, 7, true);
    List<Rep> reps;
    try (Reader r = Files.newBufferedReader(dir.resolve("reps.csv"))) {
      reps = RosterFiles.reps(r, "reps.csv");
    }
    List<Replay.Deal> deals;
    try (Reader r = Files.newBufferedReader(dir.resolve("closed-deals.csv"))) {
      deals = Replay.readHistory(r, "closed-deals.csv", ClassificationPolicy.defaults());
    }
    io.smartrouting.core.learning.LearningPolicy fading =
        io.smartrouting.core.learning.LearningPolicy.builder().halfLifeOutcomes(200).build();
    Replay.Report report = Replay.run(deals, reps, 0.7, 14, 7, 500, fading);
    Replay.ChainResult fair = report.chains().stream().filter(c -> c.chain().equals("fair")).findFirst()
        .orElseThrow();
    assertThat(fair.liftLow()).as("fair learner with a half-life, after the drift: %s", fair).isPositive();
    assertThat(fair.starved()).isEmpty();

    // The model warm-started with the half-life ranks the reps as they are after the drift.
    io.smartrouting.core.learning.ConversionModel model = new io.smartrouting.core.learning.ConversionModel(fading);
    for (Replay.Deal d : deals.subList(0, 8400)) {
      model.record(d.rep(), d.segment(), d.industry(), d.won());
    }
    double[][] after = HistoryGenerator.driftedRates(12, 7);
    double[] truth = meanOverIndustries(after);
    double[] learned = learnedMeans(model);
    assertThat(spearman(truth, learned)).as("rank correlation with the rates after the drift")
        .isGreaterThanOrEqualTo(0.8);
  }

  /** Each of the 12 agents' rate averaged over the industries. */
  private static double[] meanOverIndustries(double[][] rates) {
    double[] out = new double[12];
    for (int r = 0; r < 12; r++) {
      for (int i = 0; i < HistoryGenerator.INDUSTRIES.length; i++) {
        out[r] += rates[r][i] / HistoryGenerator.INDUSTRIES.length;
      }
    }
    return out;
  }

  /** Each of the 12 agents' learned SMB rate (posterior mean) averaged over the industries. */
  private static double[] learnedMeans(io.smartrouting.core.learning.ConversionModel model) {
    double[] out = new double[12];
    for (int r = 0; r < 12; r++) {
      String id = String.format(java.util.Locale.ROOT, "agent-%02d", r + 1);
      for (int i = 0; i < HistoryGenerator.INDUSTRIES.length; i++) {
        out[r] += model.estimate(id, Segment.SMB, HistoryGenerator.INDUSTRIES[i]).mean()
            / HistoryGenerator.INDUSTRIES.length;
      }
    }
    return out;
  }

  private static double spearman(double[] a, double[] b) {
    double[] ra = ranks(a);
    double[] rb = ranks(b);
    double d2 = 0;
    for (int i = 0; i < a.length; i++) {
      d2 += (ra[i] - rb[i]) * (ra[i] - rb[i]);
    }
    int n = a.length;
    return 1 - 6 * d2 / (n * ((double) n * n - 1));
  }

  private static double[] ranks(double[] v) {
    Integer[] order = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(v[x], v[y]));
    double[] r = new double[v.length];
    for (int k = 0; k < v.length; k++) {
      r[order[k]] = k;
    }
    return r;
  }

  @Test
  void theSegmentOfADealFollowsTheRoutingRule() throws Exception {
    List<Replay.Deal> deals = Replay.readHistory(new StringReader(
        "date,rep,outcome,sector,arr\n2026-01-05,ana,WON,retail,50000\n2026-01-06T10:00:00Z,ana,LOST,retail,10\n"),
        "deals.csv", ClassificationPolicy.defaults());
    assertThat(deals).extracting(Replay.Deal::segment).containsExactly(Segment.ENTERPRISE, Segment.SMB);
    assertThat(deals.get(0).industry()).isEqualTo("retail");
  }

  @Test
  void aCrmOpportunitiesReportReadsAsItIs() throws Exception {
    // A Salesforce-style report: its own header names, quoted fields with commas and a line break, other columns.
    String report = "Opportunity Name,Account Name,Amount,Close Date,Stage,Opportunity Owner,Industry,Billing Country,"
        + "Description\n"
        + "\"Acme, Inc. - Renewal\",\"Acme, Inc.\",50000,2026-01-05,Closed Won,ana,retail,United States,"
        + "\"two\nlines\"\n"
        + "Globex expansion,Globex,1200,2026-01-06,Closed Lost,bo,software,DE,\n";
    List<Replay.Deal> deals = Replay.readHistory(new StringReader(report), "opportunities.csv",
        ClassificationPolicy.defaults());
    assertThat(deals).extracting(Replay.Deal::rep).containsExactly("ana", "bo");
    assertThat(deals).extracting(Replay.Deal::won).containsExactly(true, false);
    assertThat(deals).extracting(Replay.Deal::industry).containsExactly("retail", "software");
    assertThat(deals.get(0).country()).isEqualTo("United States");
    // An open deal has no outcome yet, and a misspelt column is not left out.
    assertThatThrownBy(() -> Replay.readHistory(new StringReader("Close Date,Owner,Stage\n2026-01-01,ana,"
        + "Negotiation\n"), "report.csv", ClassificationPolicy.defaults()))
        .hasMessageContaining("report.csv line 2, column 'outcome': must be WON or LOST (or Closed Won, Closed Lost)"
            + " but was 'Negotiation'; export closed deals only");
    assertThatThrownBy(() -> Replay.readHistory(new StringReader("date,rep,outcme\n"), "report.csv",
        ClassificationPolicy.defaults())).hasMessageContaining("unknown column 'outcme'")
        .hasMessageContaining("did you mean 'outcome'?");
  }

  @Test
  void datesAsCrmsExportThem() throws Exception {
    // US-style report: month first, shown by 3/31; a time after the date, two-digit years, month names.
    List<Replay.Deal> us = Replay.readHistory(new StringReader("Close Date,Owner,Stage\n3/31/2026,ana,Closed Won\n"
        + "4/2/2026 5:14 PM,ana,Closed Lost\n04/03/26,ana,Closed Won\n\"Mar 5, 2026\",ana,Closed Won\n"
        + "7 April 2026,ana,Closed Lost\n2026-04-08T10:00:00Z,ana,Closed Won\n"), "us.csv",
        ClassificationPolicy.defaults());
    assertThat(us).extracting(d -> d.date().toString()).containsExactly("2026-03-31", "2026-04-02", "2026-04-03",
        "2026-03-05", "2026-04-07", "2026-04-08");
    // Day first, shown by 31/03; dots are always day first.
    List<Replay.Deal> eu = Replay.readHistory(new StringReader("date,rep,outcome\n31/03/2026,ana,WON\n02/04/2026,ana,"
        + "LOST\n"), "eu.csv", ClassificationPolicy.defaults());
    assertThat(eu).extracting(d -> d.date().toString()).containsExactly("2026-03-31", "2026-04-02");
    assertThat(Replay.readHistory(new StringReader("date,rep,outcome\n02.04.2026,ana,WON\n"), "de.csv",
        ClassificationPolicy.defaults()).get(0).date()).hasToString("2026-04-02");
    // Every date reads both ways: said, not guessed; the order given reads them.
    String unclear = "date,rep,outcome\n5/5/2026,ana,WON\n02/04/2026,ana,LOST\n";
    assertThatThrownBy(() -> Replay.readHistory(new StringReader(unclear), "deals.csv",
        ClassificationPolicy.defaults())).hasMessage("deals.csv line 3, column 'date': '02/04/2026' may be month/day"
            + " or day/month, and no date in the file tells which; pass --date-order MDY or DMY");
    assertThat(Replay.readHistory(new StringReader(unclear), "deals.csv", ClassificationPolicy.defaults(),
        DealDates.Order.DMY).get(1).date()).hasToString("2026-04-02");
    assertThat(Replay.readHistory(new StringReader(unclear), "deals.csv", ClassificationPolicy.defaults(),
        DealDates.Order.MDY).get(1).date()).hasToString("2026-02-04");
    // Both orders in one file: an error naming a line of each.
    assertThatThrownBy(() -> Replay.readHistory(new StringReader("date,rep,outcome\n31/03/2026,ana,WON\n"
        + "3/31/2026,ana,WON\n"), "mixed.csv", ClassificationPolicy.defaults()))
        .hasMessageStartingWith("mixed.csv: the dates put the day first (line 2) and the month first (line 3)");
    assertThatThrownBy(() -> Replay.readHistory(new StringReader("date,rep,outcome\n31/31/2026,ana,WON\n"),
        "bad.csv", ClassificationPolicy.defaults())).hasMessageStartingWith("bad.csv line 2, column 'date': not a"
            + " date: '31/31/2026'");
  }

  @Test
  void badRowsAndUnknownRepsAreNamed() {
    assertThatThrownBy(() -> Replay.readHistory(new StringReader("date,rep,outcome\n2026-13-01,ana,WON\n"),
        "deals.csv", ClassificationPolicy.defaults())).hasMessageContaining("deals.csv line 2, column 'date'");
    assertThatThrownBy(() -> Replay.readHistory(new StringReader("date,rep,outcome\n2026-01-01,ana,MAYBE\n"),
        "deals.csv", ClassificationPolicy.defaults())).hasMessageContaining("column 'outcome'");
    assertThatThrownBy(() -> Replay.readHistory(new StringReader("rep,outcome\n"), "deals.csv",
        ClassificationPolicy.defaults())).hasMessageContaining("missing column 'date'");
  }

  @Test
  void theShippedExampleReplaysFromTheCommandLine() throws Exception {
    Path example = Path.of("..", "examples", "replay");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = new CommandLine(new SimulatorCli());
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int code = cli.execute("simulate", "replay", "--history", example.resolve("closed-deals.csv").toString(),
        "--roster", example.resolve("reps.csv").toString());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("round-robin").contains("learning")
        .contains("reps below 50% of an equal share");
    int missing = cli.execute("simulate", "replay", "--history", "no-such.csv", "--roster",
        example.resolve("reps.csv").toString());
    assertThat(missing).isEqualTo(2);
  }

  @Test
  void theDateOrderIsAnOptionInAnyCase(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path example = Path.of("..", "examples", "replay");
    // The example's deals with their dates written day first, every one of them readable both ways.
    List<String> lines = java.nio.file.Files.readAllLines(example.resolve("closed-deals.csv"));
    StringBuilder dayFirst = new StringBuilder(lines.get(0)).append('\n');
    int ambiguous = 0;
    for (String line : lines.subList(1, lines.size())) {
      java.time.LocalDate d = java.time.LocalDate.parse(line.substring(0, 10));
      if (d.getDayOfMonth() <= 12) {
        dayFirst.append(String.format("%02d/%02d/%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear()))
            .append(line.substring(10)).append('\n');
        ambiguous++;
      }
    }
    assertThat(ambiguous).isGreaterThan(20);
    Path history = java.nio.file.Files.writeString(dir.resolve("deals.csv"), dayFirst);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = SimulatorCli.errorsAsMessages(new CommandLine(new SimulatorCli()));
    cli.setOut(new PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    String[] args = {"simulate", "replay", "--history", history.toString(), "--roster",
        example.resolve("reps.csv").toString(), "--bootstrap", "100"};
    assertThat(cli.execute(args)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("pass --date-order MDY or DMY");
    String[] withOrder = java.util.Arrays.copyOf(args, args.length + 2);
    withOrder[args.length] = "--date-order";
    withOrder[args.length + 1] = "dmy";
    assertThat(cli.execute(withOrder)).as(err.toString(StandardCharsets.UTF_8)).isZero();
  }
}
