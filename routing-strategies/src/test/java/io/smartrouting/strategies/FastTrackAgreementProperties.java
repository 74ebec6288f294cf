package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.TimeOff;
import io.smartrouting.api.WorkingHours;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.StrategyRegistry;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The Tier 1 fast track's walk in order of response time picks exactly the rep that reading every candidate picks,
 * with the same capacity flag, on random rosters where ties are common (minutes from a short list that puts some
 * reps exactly at the tolerance's edge, capacities from 1 to 4 so that loads tie and reps run past their threshold),
 * with reps away (out of hours, time off), leads staying open (loads move), and contacts changing response times
 * (the order's change log, merges, and remakes when the log cannot tell what changed). With its stop made too early,
 * the property fails.
 */
class FastTrackAgreementProperties {

  private static final double[] MINUTES = {2, 5, 5, 5.5, 6, 10, 11, 30, 60};
  private static final Instant START = Instant.parse("2026-12-01T15:00:00Z");

  @Property(tries = 1000)
  void theWalkPicksWhatReadingEveryCandidatePicks(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long seed) {
    WalkWorlds.Outcome o = run(seed, 0);
    assertThat(o.compared()).as("Tier 1 decisions compared").isPositive();
    assertThat(o.disagreements()).as("first disagreement: %s", o.first()).isZero();
  }

  @Test
  void aStopThatComesTooEarlyIsCaught() {
    int disagreements = 0;
    for (long seed = 1; seed <= 40 && disagreements == 0; seed++) {
      disagreements += run(seed, -0.3).disagreements();
    }
    assertThat(disagreements).as("a walk stopping 0.3 minutes early must change some pick").isPositive();
  }

  @Test
  void aBadModeIsNamed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TierFastTrackStrategy(0.1, "sometimes"))
        .hasMessage("config 'bestFirst' must be auto, true or false but was 'sometimes'");
  }

  static WalkWorlds.Outcome run(long seed, double slack) {
    Random rnd = new Random(seed);
    List<Rep> reps = new ArrayList<>();
    int n = 120 + rnd.nextInt(200);
    for (int i = 0; i < n; i++) {
      Rep.Builder b = WalkWorlds.rep(rnd, i, 1, MINUTES);
      int away = rnd.nextInt(10);
      if (away == 0) {
        b.timeZone("Asia/Tokyo").workingHours(WorkingHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0)));
      } else if (away == 1) {
        b.timeOff(TimeOff.of(START.minus(Duration.ofDays(1)), START.plus(Duration.ofHours(3))));
      }
      reps.add(b.build());
    }
    double tolerance = new double[] {0, 0.1, 0.1, 0.25}[rnd.nextInt(4)];
    TierFastTrackStrategy full = new TierFastTrackStrategy(tolerance, "false");
    TierFastTrackStrategy walking = new TierFastTrackStrategy(tolerance, "true");
    walking.stopSlack = slack;
    walking.walkMinCandidates = 0;
    // A short tail on most worlds: changes sorted into the side list a few at a time, so that walks merge it with
    // the order (with the default, a small roster merges its order before the side list is ever sorted).
    walking.sideTail = rnd.nextInt(4) == 0 ? ResponseOrder.Scratch.TAIL : 1 + rnd.nextInt(6);
    int[] counts = new int[2];
    String[] first = {""};
    RoutingStrategy comparing = ctx -> {
      StrategyResult expected = full.apply(ctx);
      StrategyResult actual = walking.apply(ctx);
      if (expected.kind() == StrategyResult.Kind.PASS && "not a Tier 1 lead".equals(expected.reason())) {
        return expected;
      }
      counts[0]++;
      String e = expected.kind() + " " + expected.ordinal() + " " + expected.flags();
      String a = actual.kind() + " " + actual.ordinal() + " " + actual.flags();
      if (!e.equals(a) && counts[1]++ == 0) {
        first[0] = "expected " + e + " but the walk gave " + a;
      }
      return expected;
    };
    ManualClock clock = new ManualClock(START);
    boolean busy = rnd.nextInt(3) == 0;
    try (Router router = Router.builder().roster(reps).strategies(StrategyRegistry.of()).clock(clock).manualTimers()
        .step("tier-fast-track", comparing).build()) {
      List<String> open = new ArrayList<>();
      int leads = 60 + rnd.nextInt(80);
      for (int l = 0; l < leads; l++) {
        Lead.Builder lead = Lead.builder("lead-" + l);
        lead.source(rnd.nextInt(6) == 0 ? LeadSource.CONTENT : LeadSource.DEMO_REQUEST);
        WalkWorlds.place(rnd, lead);
        Decision d = router.route(lead.build());
        if (d.isAssigned()) {
          open.add(d.leadId());
        }
        // Contacts change response times (the change log); releases move loads; time moves availability.
        if (!open.isEmpty() && (busy || rnd.nextInt(3) != 0)) {
          WalkWorlds.contactOne(rnd, router, clock, open, busy ? 20 : 90);
        }
      }
    }
    return new WalkWorlds.Outcome(counts[0], counts[1], first[0]);
  }
}
