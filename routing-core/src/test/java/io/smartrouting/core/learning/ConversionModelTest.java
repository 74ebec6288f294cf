package io.smartrouting.core.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.smartrouting.api.Segment;
import io.smartrouting.core.ClassificationPolicy;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ConversionModelTest {

  private static void outcomes(ConversionModel m, String rep, Segment s, String industry, int wins, int losses) {
    for (int i = 0; i < wins; i++) {
      m.record(rep, s, industry, true);
    }
    for (int i = 0; i < losses; i++) {
      m.record(rep, s, industry, false);
    }
  }

  /** A team converting 10% of mid-market leads over 1,000 outcomes. */
  private static ConversionModel teamAtTenPercent() {
    ConversionModel m = new ConversionModel();
    for (int r = 0; r < 10; r++) {
      outcomes(m, "team-" + r, Segment.MID_MARKET, null, 10, 90);
    }
    return m;
  }

  @Test
  void aRepWithThreeLeadsIsNeitherAStarNorAFailure() {
    ConversionModel m = teamAtTenPercent();
    outcomes(m, "lucky", Segment.MID_MARKET, null, 3, 0);
    outcomes(m, "unlucky", Segment.MID_MARKET, null, 0, 3);
    double team = m.teamRate(Segment.MID_MARKET);
    double lucky = m.estimate("lucky", Segment.MID_MARKET, null).mean();
    double unlucky = m.estimate("unlucky", Segment.MID_MARKET, null).mean();
    // Raw rates would be 100% and 0%; shrunk with prior strength 20 toward ~10%: (20*0.1 + 3) / 23 and 2 / 23.
    assertThat(lucky).isBetween(team, 0.25);
    assertThat(unlucky).isBetween(0.05, team);
    assertThat(lucky).isCloseTo((20 * team + 3) / 23, within(1e-9));
  }

  @Test
  void aLongRecordDominatesThePrior() {
    ConversionModel m = teamAtTenPercent();
    outcomes(m, "star", Segment.MID_MARKET, null, 120, 280);
    ConversionEstimate e = m.estimate("star", Segment.MID_MARKET, null);
    assertThat(e.mean()).isBetween(0.27, 0.30);
    assertThat(e.lower()).isGreaterThan(m.teamRate(Segment.MID_MARKET));
    assertThat(e.outcomes()).isEqualTo(400);
    assertThat(e.wins()).isEqualTo(120);
  }

  @Test
  void industryDataRefinesTheSegmentEstimateAndIsNeutralWhereThereIsNone() {
    ConversionModel m = teamAtTenPercent();
    outcomes(m, "rep", Segment.MID_MARKET, "fintech", 30, 20);
    outcomes(m, "rep", Segment.MID_MARKET, "retail", 2, 48);
    double segment = m.estimate("rep", Segment.MID_MARKET, null).mean();
    assertThat(m.estimate("rep", Segment.MID_MARKET, "fintech").mean()).isGreaterThan(segment + 0.1);
    assertThat(m.estimate("rep", Segment.MID_MARKET, "retail").mean()).isLessThan(segment - 0.05);
    assertThat(m.estimate("rep", Segment.MID_MARKET, "healthcare").mean()).isCloseTo(segment, within(1e-12));
    assertThat(m.score("rep", Segment.MID_MARKET, "fintech", false))
        .isCloseTo(m.estimate("rep", Segment.MID_MARKET, "FinTech").mean(), within(1e-12));
  }

  @Test
  void explorationScoresAreOptimisticAndTheFloorFavoursNewReps() {
    ConversionModel m = teamAtTenPercent();
    outcomes(m, "veteran", Segment.MID_MARKET, null, 40, 160);
    outcomes(m, "newish", Segment.MID_MARKET, null, 1, 3);
    double vetMean = m.score("veteran", Segment.MID_MARKET, null, false);
    assertThat(m.score("veteran", Segment.MID_MARKET, null, true)).isGreaterThan(vetMean);
    // 4 outcomes is below the default floor of 5: scores 1.0 when exploring, its shrunk mean otherwise.
    assertThat(m.score("newish", Segment.MID_MARKET, null, true)).isEqualTo(1.0);
    assertThat(m.score("newish", Segment.MID_MARKET, null, false)).isLessThan(vetMean);
    assertThat(m.score("never-seen", Segment.MID_MARKET, null, true)).isEqualTo(1.0);
  }

  @Test
  void theExplorationShareIsHonouredAndStablePerLead() {
    ConversionModel m = new ConversionModel(LearningPolicy.builder().explorationShare(0.2).build());
    int exploring = 0;
    for (int i = 0; i < 50_000; i++) {
      String id = "lead-" + i;
      boolean e = m.isExplorationLead(id);
      assertThat(m.isExplorationLead(id)).isEqualTo(e);
      exploring += e ? 1 : 0;
    }
    assertThat(exploring / 50_000.0).isCloseTo(0.2, within(0.01));
    ConversionModel off = new ConversionModel(LearningPolicy.builder().explorationShare(0).build());
    assertThat(off.isExplorationLead("lead-1")).isFalse();
  }

  @Test
  void warmStartLoadsGoodRowsAndReportsEachBadOneWithLineAndColumn() throws IOException {
    String csv = String.join("\n",
        "Rep,Segment,Employees,ARR,Industry,Outcome",
        "ana,ENTERPRISE,,,fintech,WON",
        "ana,,50,,fintech,lost",
        "ben,,5000,,retail,WON",
        ",SMB,,,retail,WON",
        "ben,GIANT,,,retail,WON",
        "ben,,lots,,retail,LOST",
        "ben,SMB,,,retail,MAYBE",
        "ben,SMB,,retail,WON",
        "\"carla, jr\",MID_MARKET,,,\"health\"\"care\",WON",
        "dan,\"SMB,,,retail,WON",
        "",
        "eve,,,,retail,WON");
    ConversionModel m = new ConversionModel();
    WarmStartReport report = m.warmStart(new StringReader(csv), "deals.csv", ClassificationPolicy.defaults());
    assertThat(report.loaded()).isEqualTo(4);
    assertThat(report.skipped()).isEqualTo(7);
    assertThat(report.problems()).extracting(WarmStartReport.Problem::line).containsExactly(5, 6, 7, 8, 9, 11, 13);
    assertThat(report.problems()).extracting(WarmStartReport.Problem::column)
        .containsExactly("rep", "segment", "employees", "outcome", "*", "*", "segment");
    assertThat(report.problems().get(1).message()).contains("'GIANT'");
    assertThat(report.problems().get(2).message()).contains("'lots'");
    assertThat(report.problems().get(3).message()).contains("'MAYBE'");
    assertThat(report.problems().get(4).message()).contains("expected 6 fields but found 5");
    assertThat(report.problems().get(5).message()).contains("unterminated");
    assertThat(report.problems().get(0).toString()).startsWith("line 5, column 'rep'");
    assertThat(m.outcomes()).isEqualTo(4);
    assertThat(m.estimate("ana", Segment.ENTERPRISE, "fintech").wins()).isEqualTo(1);
    assertThat(m.estimate("ana", Segment.SMB, "fintech").outcomes()).isEqualTo(1);
    assertThat(m.estimate("ben", Segment.ENTERPRISE, "retail").wins()).isEqualTo(1);
    assertThat(m.estimate("carla, jr", Segment.MID_MARKET, "health\"care").wins()).isEqualTo(1);
  }

  @Test
  void warmStartReadsAnSdrsQualificationsAsItsWinsAndLosses() throws IOException {
    String csv = String.join("\n", "rep,segment,industry,outcome", "sam,SMB,retail,Qualified",
        "sam,SMB,retail,DISQUALIFIED", "sam,SMB,,qualified", "alex,SMB,retail,WON");
    ConversionModel m = new ConversionModel();
    WarmStartReport report = m.warmStart(new StringReader(csv), "history.csv", ClassificationPolicy.defaults());
    assertThat(report.problems()).isEmpty();
    assertThat(m.estimate("sam", Segment.SMB, null).wins()).isEqualTo(2);
    assertThat(m.estimate("sam", Segment.SMB, null).outcomes()).isEqualTo(3);
    m.qualifiers(java.util.Set.of("sam"));
    assertThat(m.teamRate("sam", Segment.SMB)).as("the SDRs' team").isCloseTo(3.0 / 5, within(1e-12));
    assertThat(m.teamRate(Segment.SMB)).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void warmStartRejectsAHeaderItCannotUse() {
    ConversionModel m = new ConversionModel();
    assertThatThrownBy(() -> m.warmStart(new StringReader("rep,segment,won\n"), "x.csv",
        ClassificationPolicy.defaults())).hasMessageContaining("x.csv: line 1: missing column 'outcome'");
    assertThatThrownBy(() -> m.warmStart(new StringReader("rep,industry,outcome\n"), "x.csv",
        ClassificationPolicy.defaults())).hasMessageContaining("'segment' column or 'employees'/'arr'");
    assertThatThrownBy(() -> m.warmStart(new StringReader(""), "x.csv", ClassificationPolicy.defaults()))
        .hasMessageContaining("empty file");
  }

  @Test
  void countsExportAndReplaceRoundTrip() {
    ConversionModel a = teamAtTenPercent();
    outcomes(a, "ana", Segment.ENTERPRISE, "fintech", 4, 6);
    outcomes(a, "ana", Segment.ENTERPRISE, null, 1, 1);
    ConversionModel b = new ConversionModel();
    outcomes(b, "stale", Segment.SMB, null, 9, 0);
    b.replaceWith(a.counts());
    assertThat(b.outcomes()).isEqualTo(a.outcomes());
    assertThat(b.estimate("stale", Segment.SMB, null).outcomes()).isZero();
    for (Segment s : Segment.values()) {
      assertThat(b.teamRate(s)).isEqualTo(a.teamRate(s));
      assertThat(b.estimate("ana", s, "fintech")).isEqualTo(a.estimate("ana", s, "fintech"));
      assertThat(b.estimate("team-3", s, null)).isEqualTo(a.estimate("team-3", s, null));
    }
    assertThatThrownBy(() -> new OutcomeCount("x", Segment.SMB, null, 1, 2)).hasMessageContaining("wins <= outcomes");
  }

  @Test
  void qualifiersAreATeamOfTheirOwnBeforeAndAfterTheirOutcomesAndAcrossAReplacement() {
    ConversionModel m = teamAtTenPercent();
    outcomes(m, "sdr-1", Segment.MID_MARKET, "retail", 30, 10);
    outcomes(m, "sdr-2", Segment.MID_MARKET, null, 5, 5);
    double oneTeam = m.teamRate(Segment.MID_MARKET);
    assertThat(oneTeam).isCloseTo(136.0 / 1052, within(1e-12));
    double newSdrBefore = m.estimate("sdr-3", Segment.MID_MARKET, null).mean();

    m.qualifiers(java.util.List.of("sdr-1", "sdr-2", "sdr-3"));

    assertThat(m.teamRate(Segment.MID_MARKET)).as("the others: 100 of 1,000").isCloseTo(101.0 / 1002, within(1e-12));
    double sdrs = m.teamRate("sdr-3", Segment.MID_MARKET);
    assertThat(sdrs).as("the qualifiers: 35 of 50, counted from their cells").isCloseTo(36.0 / 52, within(1e-12));
    assertThat(m.teamRate("team-1", Segment.MID_MARKET)).isEqualTo(m.teamRate(Segment.MID_MARKET));
    assertThat(m.estimate("sdr-3", Segment.MID_MARKET, null).mean()).as("a new SDR starts at the SDRs' rate")
        .isCloseTo(sdrs, within(1e-12)).isGreaterThan(newSdrBefore);
    m.record("sdr-3", Segment.MID_MARKET, null, true);
    m.record("team-1", Segment.MID_MARKET, null, false);
    assertThat(m.teamRate("sdr-1", Segment.MID_MARKET)).isCloseTo(37.0 / 53, within(1e-12));
    assertThat(m.teamRate(Segment.MID_MARKET)).isCloseTo(101.0 / 1003, within(1e-12));
    assertThat(m.outcomes()).isEqualTo(1052);

    ConversionModel mirror = new ConversionModel();
    mirror.qualifiers(java.util.Set.of("sdr-1", "sdr-2", "sdr-3"));
    mirror.replaceWith(m.counts());
    for (String rep : java.util.List.of("sdr-1", "sdr-3", "team-1")) {
      assertThat(mirror.estimate(rep, Segment.MID_MARKET, "retail")).isEqualTo(m.estimate(rep, Segment.MID_MARKET,
          "retail"));
    }

    m.qualifiers(java.util.List.of());
    assertThat(m.teamRate("sdr-1", Segment.MID_MARKET)).as("one team again").isCloseTo(137.0 / 1054, within(1e-12));
    assertThatThrownBy(() -> m.qualifiers(java.util.Arrays.asList("a", null))).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aHalfLifeCountsBothTeamsOutcomesAndHalvesBoth() {
    ConversionModel m = new ConversionModel(LearningPolicy.builder().halfLifeOutcomes(100).build());
    m.qualifiers(java.util.List.of("sdr"));
    for (int i = 0; i < 60; i++) {
      m.record("sdr", Segment.SMB, null, true);
      m.record("ae", Segment.SMB, null, i % 2 == 0);
    }
    // The first outcome set the next halving at 101 outcomes; the 101st (the SDR's 51st) halved both teams: 51 and
    // 50 outcomes became 25 and 25; 19 more each since.
    assertThat(m.estimate("sdr", Segment.SMB, null).outcomes()).isEqualTo(25 + 9);
    assertThat(m.estimate("ae", Segment.SMB, null).outcomes()).isEqualTo(25 + 10);
    assertThat(m.outcomes()).isEqualTo(69);
  }

  @Test
  void badArgumentsAreNamed() {
    ConversionModel m = new ConversionModel();
    assertThatThrownBy(() -> m.record(" ", Segment.SMB, null, true)).hasMessageContaining("repId");
    assertThatThrownBy(() -> LearningPolicy.builder().explorationShare(Double.NaN))
        .hasMessageContaining("explorationShare");
    assertThatThrownBy(() -> LearningPolicy.builder().priorStrength(0)).hasMessageContaining("priorStrength");
    assertThatThrownBy(() -> LearningPolicy.builder().minOutcomesPerRep(-1)).hasMessageContaining("minOutcomes");
  }

  @org.junit.jupiter.api.Test
  void anEmpiricalPriorIsWeakWhereRepsDifferAndStrongWhereTheyDoNot() {
    java.util.Random rnd = new java.util.Random(11);
    ConversionModel differ = new ConversionModel(LearningPolicy.builder().empiricalPrior(true).build());
    ConversionModel alike = new ConversionModel(LearningPolicy.builder().empiricalPrior(true).build());
    for (int r = 0; r < 20; r++) {
      double rate = 0.05 + 0.45 * r / 19.0; // 5% to 50%
      for (int i = 0; i < 300; i++) {
        differ.record("rep-" + r, io.smartrouting.api.Segment.SMB, "retail", rnd.nextDouble() < rate);
        alike.record("rep-" + r, io.smartrouting.api.Segment.SMB, "retail", rnd.nextDouble() < 0.25);
      }
    }
    double weak = differ.priorStrength(io.smartrouting.api.Segment.SMB, false);
    double strong = alike.priorStrength(io.smartrouting.api.Segment.SMB, false);
    org.assertj.core.api.Assertions.assertThat(weak).as("reps from 5% to 50%").isLessThan(20);
    org.assertj.core.api.Assertions.assertThat(strong).as("every rep at 25%").isGreaterThan(200);
    // The best rep's estimate then sits near its own record where reps differ, near the team where they do not.
    org.assertj.core.api.Assertions.assertThat(differ.estimate("rep-19", io.smartrouting.api.Segment.SMB, null).mean())
        .isGreaterThan(0.42);
    // Segments without data keep the configured strength.
    org.assertj.core.api.Assertions.assertThat(differ.priorStrength(io.smartrouting.api.Segment.ENTERPRISE, false))
        .isEqualTo(20);
  }

  @org.junit.jupiter.api.Test
  void withAHalfLifeTheModelFollowsARepWhoChanged() {
    ConversionModel fading = new ConversionModel(LearningPolicy.builder().halfLifeOutcomes(200).build());
    ConversionModel forever = new ConversionModel();
    java.util.Random rnd = new java.util.Random(5);
    for (int i = 0; i < 3000; i++) {
      boolean late = i >= 2400; // the last fifth: ana falls off, bo picks up
      double ana = late ? 0.10 : 0.60;
      double bo = late ? 0.60 : 0.10;
      for (ConversionModel m : java.util.List.of(fading, forever)) {
        m.record("ana", io.smartrouting.api.Segment.SMB, null, rnd.nextDouble() < ana);
        m.record("bo", io.smartrouting.api.Segment.SMB, null, rnd.nextDouble() < bo);
      }
    }
    org.assertj.core.api.Assertions.assertThat(fading.score("bo", io.smartrouting.api.Segment.SMB, null, false))
        .as("with a half-life, bo is ahead now").isGreaterThan(
            fading.score("ana", io.smartrouting.api.Segment.SMB, null, false));
    org.assertj.core.api.Assertions.assertThat(forever.score("bo", io.smartrouting.api.Segment.SMB, null, false))
        .as("without, the old record still wins").isLessThan(
            forever.score("ana", io.smartrouting.api.Segment.SMB, null, false));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LearningPolicy.builder().halfLifeOutcomes(5))
        .hasMessageContaining("halfLifeOutcomes");
  }
}
