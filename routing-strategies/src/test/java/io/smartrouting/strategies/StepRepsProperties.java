package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * A step with a rep filter ({@code reps: role = 'SDR'}) decides as the same step would on a roster of those reps alone:
 * the industry preference (specialists, else generalists, else anyone) is taken among the reps the step may pick, not
 * among every qualified rep. Until 7 December a step for SDRs found nobody whenever an AE was the lead's industry's
 * only specialist, and the lead went to the fallback queue.
 */
class StepRepsProperties {

  private static final Instant MONDAY = Instant.parse("2026-12-07T15:00:00Z");
  private static final String[] INDUSTRIES = {"software", "healthcare", "retail"};

  @Property(tries = 300)
  @StatisticsReport(onFailureOnly = true)
  void aFilteredStepDecidesAsOnTheRosterOfItsRepsAlone(@ForAll long seed,
      @ForAll("strategies") String strategy, @ForAll boolean override,
      @ForAll @IntRange(min = 1, max = 4) int sdrs, @ForAll @IntRange(min = 0, max = 4) int aes,
      @ForAll @IntRange(min = 5, max = 40) int leads) {
    Random rnd = new Random(seed);
    List<Rep> all = new ArrayList<>();
    List<Rep> filtered = new ArrayList<>();
    for (int i = 0; i < sdrs + aes; i++) {
      boolean sdr = i < sdrs;
      Rep.Builder b = Rep.builder((sdr ? "sdr-" : "ae-") + i).role(sdr ? RepRole.SDR : RepRole.AE)
          .territories(rnd.nextInt(4) == 0 ? "US-NY" : "US").capacity(1 + rnd.nextInt(4))
          .responseMinutes(5 + rnd.nextInt(60));
      if (rnd.nextInt(3) == 0) {
        b.industries(INDUSTRIES[rnd.nextInt(INDUSTRIES.length)]);
      }
      Rep rep = b.build();
      all.add(rep);
      if (sdr) {
        filtered.add(rep);
      }
    }
    ChainStep step = ChainStep.of(strategy).named("qualifiers");
    // With an override share, Tier 1 leads may go above capacity: the fast track picks among those too.
    double maxOverride = override ? 0.5 : 0;
    ManualClock clock = new ManualClock(MONDAY);
    try (Router withFilter = Router.builder().roster(all).clock(clock).manualTimers().maxOverride(maxOverride)
        .step(step.reps("role = 'SDR'")).build();
        Router alone = Router.builder().roster(filtered).clock(clock).manualTimers().maxOverride(maxOverride)
            .step(step).build()) {
      List<String> open = new ArrayList<>();
      int widened = 0;
      for (int i = 0; i < leads; i++) {
        if (!open.isEmpty() && rnd.nextInt(3) == 0) {
          String id = open.remove(rnd.nextInt(open.size()));
          withFilter.release(id);
          alone.release(id);
          continue;
        }
        Lead.Builder b = Lead.builder("l" + i).country("US").region(rnd.nextBoolean() ? "NY" : "CA")
            .employees(20 + rnd.nextInt(3000));
        if (rnd.nextInt(4) != 0) {
          b.industry(INDUSTRIES[rnd.nextInt(INDUSTRIES.length)]);
        }
        if (rnd.nextInt(3) == 0) {
          b.source(io.smartrouting.api.LeadSource.DEMO_REQUEST); // Tier 1
        }
        Lead lead = b.build();
        Decision d = withFilter.route(lead);
        Decision expected = alone.route(lead);
        assertThat(d.repId()).as("lead %s\n%s\nalone:\n%s", lead.id(), d.explain(), expected.explain())
            .isEqualTo(expected.repId());
        assertThat(d.queue()).isEqualTo(expected.queue());
        assertThat(d.hasFlag(Flag.CAPACITY_OVERRIDE)).isEqualTo(expected.hasFlag(Flag.CAPACITY_OVERRIDE));
        assertThat(d.hasFlag(Flag.SPECIALIST_FOLLOW_UP)).as("follow-up flag of %s\n%s", lead.id(), d.explain())
            .isEqualTo(expected.hasFlag(Flag.SPECIALIST_FOLLOW_UP));
        if (d.explain().contains("specialist among them")) {
          widened++;
        }
        if (d.repId() != null) {
          // The rep the step picked is no rep the explanation calls excluded (a step's own preference admitted it).
          for (String line : d.explain().split("\n")) {
            if (line.startsWith("    excluded, ")) {
              List<String> ids = List.of(line.substring(line.lastIndexOf(": ") + 2).split(", "));
              assertThat(ids).as("%s\n%s", lead.id(), d.explain()).doesNotContain(d.repId());
            }
          }
        }
        if (d.repId() != null) {
          open.add(lead.id());
        }
      }
      Statistics.label("a step took the preference among its own reps").collect(widened > 0);
    }
    Statistics.label("a step took the preference among its own reps")
        .coverage(c -> c.check(true).percentage(p -> p >= 10));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> strategies() {
    return net.jqwik.api.Arbitraries.of("weighted", "round-robin", "tier-fast-track");
  }
}
