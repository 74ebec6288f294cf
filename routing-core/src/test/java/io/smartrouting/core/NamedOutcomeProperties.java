package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.core.learning.OutcomeCount;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.OpenLeads;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Outcomes named with their rep ({@link Router#recordOutcome(String, String, Outcome)}) under random routing,
 * transfers, contacts, releases and reports by the holder or by an earlier holder: a progress mark is only ever on the
 * placement of a rep that reported progress while holding the lead, each lead's first won or lost is credited to the
 * rep named in it and nobody else (once, however the lead moves afterwards; also while it waits in a queue; not after
 * a release from a queue, when no rep held it last), and listeners are told the rep named.
 */
class NamedOutcomeProperties {

  private static final Outcome[] OUTCOMES = Outcome.values();

  @Property(tries = 300)
  void anOutcomeIsTheNamedRepsAndMarksOnlyItsOwnPlacement(
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 99) Integer> ops, @ForAll long seed) {
    Random rnd = new Random(seed);
    List<Rep> reps = TestStrategies.usReps(rnd);
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    ConversionModel model = new ConversionModel();
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    // In half the tries decisions leave a 20-minute idempotency window as the clock moves, so that reports are of
    // leads the router knows from their placements, attributions and releases only.
    Router.Builder builder = Router.builder().roster(reps).clock(clock).strategies(StrategyRegistry.of())
        .manualTimers().step("ll", TestStrategies.LEAST_LOADED).learning(model).listener(events::add);
    boolean shortWindow = rnd.nextBoolean();
    if (shortWindow) {
      builder.idempotency(Duration.ofMinutes(20), 1000);
    }
    Router router = builder.build();
    Set<String> open = new LinkedHashSet<>();
    Set<String> all = new LinkedHashSet<>();
    Map<String, List<String>> holders = new HashMap<>(); // every rep that held the lead, in order
    Map<String, String> current = new HashMap<>(); // the open lead's rep; none while it waits in a queue
    Map<String, String> progressedBy = new HashMap<>(); // the holder that reported progress in its current tenure
    Set<String> credited = new HashSet<>();
    Set<String> releasedFromQueue = new HashSet<>();
    Set<String> reported = new HashSet<>(); // lead + outcome, reported once
    Map<String, Long> expectedCredit = new HashMap<>();
    int next = 0;
    for (int op : ops) {
      events.clear();
      if (op < 30) {
        String id = "L" + next++;
        String rep = router.route(Lead.builder(id).country("US").build()).repId();
        open.add(id);
        all.add(id);
        holders.put(id, new ArrayList<>(rep == null ? List.of() : List.of(rep)));
        current.put(id, rep);
      } else if (op < 45 && !open.isEmpty()) {
        String id = OpenLeads.pick(open, rnd);
        String from = current.get(id);
        String to = router.transfer(id).repId();
        if (to != null) {
          holders.get(id).add(to);
        }
        current.put(id, to);
        if (!java.util.Objects.equals(from, to)) {
          progressedBy.remove(id); // a move starts without progress
        }
      } else if (op < 55 && !open.isEmpty()) {
        String id = OpenLeads.pick(open, rnd);
        router.recordContact(id, clock.instant());
      } else if (op < 65 && !open.isEmpty()) {
        String id = OpenLeads.pick(open, rnd);
        assertThat(router.release(id)).isTrue();
        open.remove(id);
        if (current.get(id) == null) {
          releasedFromQueue.add(id); // nobody held it at its release: nobody to credit afterwards
        }
      } else if (op < 70) {
        clock.advance(Duration.ofMinutes(1 + rnd.nextInt(60)));
      } else if (!all.isEmpty()) {
        // A report by the lead's holder or by a rep that held it before.
        String id = OpenLeads.pick(all, rnd);
        List<String> held = holders.get(id);
        if (held.isEmpty()) {
          continue; // queued from the start: no rep to report
        }
        String by = held.get(rnd.nextInt(held.size()));
        Outcome outcome = OUTCOMES[rnd.nextInt(OUTCOMES.length)];
        boolean first = reported.add(id + "/" + outcome);
        assertThat(router.recordOutcome(id, by, outcome)).isTrue();
        String holder = open.contains(id) ? current.get(id) : null;
        if (outcome != Outcome.CONTACTED && by.equals(holder)) {
          progressedBy.putIfAbsent(id, by);
        }
        // A released lead whose deal was counted is told no more once its decision left the window: a later report
        // of it is acknowledged only (within the window it is told, as any first report).
        boolean closedAndGone = shortWindow && !open.contains(id) && credited.contains(id);
        if (first && !closedAndGone) {
          assertThat(events).filteredOn(RoutingEvent.OutcomeRecorded.class::isInstance).singleElement()
              .extracting(e -> ((RoutingEvent.OutcomeRecorded) e).repId()).as("the rep told").isEqualTo(by);
          if (outcome.isTerminal() && credited.add(id) && !releasedFromQueue.contains(id)) {
            expectedCredit.merge(by, 1L, Long::sum);
          }
        }
      }
      for (String id : open) {
        Placement p = router.placement(id).orElseThrow();
        if (p.progressedAt() != null) {
          assertThat(progressedBy.get(id)).as("%s is marked: its holder %s reported progress", id, p.repId())
              .isEqualTo(p.repId());
        } else {
          assertThat(progressedBy).as("%s: its holder's progress is marked", id).doesNotContainKey(id);
        }
      }
    }
    Map<String, Long> credit = new HashMap<>();
    for (OutcomeCount c : model.counts()) {
      if (c.industry() == null) {
        credit.merge(c.repId(), c.outcomes(), Long::sum);
      }
    }
    assertThat(credit).as("each lead's first won or lost, to the rep named").isEqualTo(expectedCredit);
  }
}
