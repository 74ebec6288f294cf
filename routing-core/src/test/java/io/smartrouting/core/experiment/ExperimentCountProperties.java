package io.smartrouting.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ExistingLead;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.StrategyRegistry;
import io.smartrouting.core.state.InMemoryStateStore;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * An experiment's report in one process counts what its variants decided: driven at random (new leads, the same open
 * leads sent again, leads adopted as they stood, first contacts, outcomes through a deal's stages to a close, releases,
 * leads forgotten on purpose, and an experiment that remembers few leads, so that old ones are forgotten too), each
 * variant's leads, assigned leads, contacts, wins and losses are those of the leads it routed, each once, as long as
 * the experiment remembers them.
 */
class ExperimentCountProperties {

  private static final Instant START = Instant.parse("2026-11-25T15:00:00Z");

  /** What the driver knows of a lead the experiment remembers: whether it counts, and what was counted. */
  private static final class Remembered {
    final boolean counts;
    boolean contacted;
    boolean closed;

    Remembered(boolean counts) {
      this.counts = counts;
    }
  }

  @Property(tries = 300)
  void theReportCountsEachRoutedLeadOnce(@ForAll long seed, @ForAll @IntRange(min = 1, max = 150) int steps,
      @ForAll @IntRange(min = 2, max = 40) int remember) {
    Random rnd = new Random(seed);
    ManualClock clock = new ManualClock(START);
    InMemoryStateStore store = new InMemoryStateStore();
    List<Rep> reps = List.of(Rep.builder("x").territories("*").capacity(4).build(),
        Rep.builder("y").territories("*").capacity(6).build());
    Experiment.Builder b = Experiment.builder("p").rememberLeads(remember);
    for (String v : List.of("a", "b")) {
      b.variant(v, Router.builder().roster(reps).stateStore(store).clock(clock).strategies(StrategyRegistry.of())
          .manualTimers().tagsSavedLeads(Experiment.VARIANT_ATTRIBUTE, Experiment.variantTag("p", v))
          .step("ll", TestStrategies.LEAST_LOADED).build(), 1);
    }
    // The experiment's memory as the driver models it: oldest first, the oldest forgotten beyond the limit.
    LinkedHashMap<String, Remembered> memory = new LinkedHashMap<>();
    Map<String, long[]> expected = new HashMap<>(); // leads, assigned, contacted, won, lost
    Map<String, String> variantOf = new HashMap<>();
    List<String> history = new ArrayList<>();
    java.util.Set<String> adopted = new java.util.HashSet<>();
    int next = 0;
    try (Experiment exp = b.build()) {
      Router any = exp.router("a");
      for (int i = 0; i < steps; i++) {
        // A second between two calls: a forgotten lead sent again is told from the same lead sent twice at once by
        // its decision's time, more than a second before the call (Experiment.route).
        clock.advance(Duration.ofSeconds(1));
        List<Placement> open = new ArrayList<>(any.openPlacements());
        open.sort(java.util.Comparator.comparing(Placement::leadId));
        int op = rnd.nextInt(12);
        if (op <= 3 || open.isEmpty()) {
          Decision d = exp.route(Lead.builder("L" + next++).build());
          String v = exp.routedVariant(d.leadId()).orElseThrow();
          variantOf.put(d.leadId(), v);
          long[] n = expected.computeIfAbsent(v, k -> new long[5]);
          n[0]++;
          n[1] += d.repId() != null ? 1 : 0;
          remember(memory, d.leadId(), true, remember);
          history.add("routing " + d.leadId());
          continue;
        }
        if (op == 4) {
          Lead lead = Lead.builder("A" + next++).build();
          String rep = rnd.nextBoolean() ? "x" : "y";
          Decision d = exp.adopt(ExistingLead.heldBy(lead, rep, clock.instant().minus(Duration.ofHours(1))));
          assertThat(d.decidedBy()).isEqualTo("adopted");
          variantOf.put(d.leadId(), exp.routedVariant(d.leadId()).orElseThrow());
          adopted.add(d.leadId());
          remember(memory, d.leadId(), false, remember);
          history.add("adopting " + d.leadId());
          continue;
        }
        Placement p = open.get(rnd.nextInt(open.size()));
        String id = p.leadId();
        Remembered r = memory.get(id);
        if (op == 5) {
          // Sent again (a retried webhook), perhaps after the experiment forgot it: the same decision, no new lead.
          Decision again = exp.route(Lead.builder(id).build());
          assertThat(again.repId()).as("%s sent again", id).isEqualTo(p.repId());
          if (r == null) {
            // Counted from now on, unless it was adopted: no variant decided it.
            remember(memory, id, !adopted.contains(id), remember);
          }
          history.add("sending " + id + " again");
        } else if (op == 6 && p.repId() != null && p.contactedAt() == null) {
          assertThat(exp.recordContact(id, clock.instant())).isTrue();
          if (r != null && r.counts && !r.contacted) {
            r.contacted = true;
            // computeIfAbsent: a lead adopted in a variant no lead was routed in yet, forgotten and sent again, counts
            // from then on in a variant with no entry so far.
            expected.computeIfAbsent(variantOf.get(id), k -> new long[5])[2]++;
          }
          history.add("contacting " + id);
        } else if (op == 7 && p.repId() != null) {
          int pick = rnd.nextInt(5);
          Outcome o = pick < 3 ? new Outcome[] {Outcome.CONTACTED, Outcome.MEETING, Outcome.OPPORTUNITY}[pick]
              : pick == 3 ? Outcome.WON : Outcome.LOST;
          assertThat(exp.recordOutcome(id, o)).isTrue();
          if (o.isTerminal()) {
            if (r != null && r.counts && !r.closed) {
              r.closed = true;
              expected.computeIfAbsent(variantOf.get(id), k -> new long[5])[o == Outcome.WON ? 3 : 4]++;
            }
            assertThat(exp.release(id)).isTrue();
          }
          history.add(o + " for " + id);
        } else if (op == 8) {
          assertThat(exp.release(id)).isTrue();
          history.add("releasing " + id);
        } else if (op == 9) {
          exp.forget(id);
          memory.remove(id);
          history.add("forgetting " + id);
        } else {
          clock.advance(Duration.ofMinutes(1 + rnd.nextInt(30)));
          history.add("time passing");
        }
      }
      ExperimentReport report = exp.report();
      for (String v : List.of("a", "b")) {
        VariantStats s = report.variant(v);
        assertThat(new long[] {s.leads(), s.assigned(), s.contacted(), s.won(), s.lost()})
            .as("variant %s's leads, assigned, contacted, won, lost after %s", v, String.join(", ", history))
            .containsExactly(expected.getOrDefault(v, new long[5]));
      }
    }
  }

  /** The experiment remembering {@code id} (if it does not already), the oldest forgotten beyond {@code limit}. */
  private static void remember(LinkedHashMap<String, Remembered> memory, String id, boolean counts, int limit) {
    if (memory.putIfAbsent(id, new Remembered(counts)) == null && memory.size() > limit) {
      memory.remove(memory.keySet().iterator().next());
    }
  }
}
