package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.spi.StrategyConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code returning-contact} with {@code withinDays} against a model, over random weeks of leads from a few people,
 * releases and reassignments, with reps that can always take a lead: a lead goes to the rep of its contact's latest
 * open lead; with none open, to the last rep of its contact's lead closed last, if it closed within the window (however
 * long it was open); else to round-robin.
 */
class ReturningContactWindowProperties {

  /** One lead of the model: its rep now (or last), and when it closed (null: open). */
  private static final class Held {
    String rep;
    Instant closed;

    Held(String rep) {
      this.rep = rep;
    }
  }

  @Property(tries = 200)
  void aLeadGoesToItsContactsOpenOrRecentRepExactlyWhenTheModelSays(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int repCount, @ForAll @IntRange(min = 1, max = 5) int people,
      @ForAll @IntRange(min = 1, max = 10) int withinDays, @ForAll @IntRange(min = 5, max = 100) int steps) {
    Random rnd = new Random(seed);
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < repCount; i++) {
      reps.add(Rep.builder("r" + i).territories("*").capacity(100_000).build());
    }
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    Duration window = Duration.ofDays(withinDays);
    // Model: per person, its leads in the order routed.
    Map<Integer, Map<String, Held>> byPerson = new HashMap<>();
    Map<String, Integer> personOf = new HashMap<>();
    List<String> open = new ArrayList<>();
    try (Router router = Router.builder().roster(reps).clock(clock).manualTimers()
        .step("returning-contact", StrategyConfig.of("withinDays", Integer.toString(withinDays)))
        .step("round-robin").build()) {
      for (int n = 0; n < steps; n++) {
        clock.advance(Duration.ofHours(1 + rnd.nextInt(72))); // never two events at one instant: no ties
        int action = rnd.nextInt(10);
        if (action < 5 || open.isEmpty()) {
          int person = rnd.nextInt(people);
          String id = "L" + n;
          Decision d = router.route(Lead.builder(id).country("US").email("p" + person + "@mail.example").build());
          Map<String, Held> leads = byPerson.computeIfAbsent(person, k -> new java.util.LinkedHashMap<>());
          String expected = null;
          Instant latestClosed = null;
          String closedRep = null;
          for (Held h : leads.values()) {
            if (h.closed == null) {
              expected = h.rep; // the latest open one wins
            } else if (latestClosed == null || h.closed.isAfter(latestClosed)) {
              latestClosed = h.closed;
              closedRep = h.rep;
            }
          }
          if (expected == null && latestClosed != null && !latestClosed.isBefore(clock.instant().minus(window))) {
            expected = closedRep;
          }
          if (expected != null) {
            assertThat(d.repId()).as("lead %s of person %s", id, person).isEqualTo(expected);
            assertThat(d.decidedBy()).isEqualTo("returning-contact");
          } else {
            assertThat(d.decidedBy()).as("lead %s: nothing of person %s open or recent", id, person)
                .isEqualTo("round-robin");
          }
          leads.put(id, new Held(d.repId()));
          personOf.put(id, person);
          open.add(id);
        } else if (action < 8) {
          String id = open.remove(rnd.nextInt(open.size()));
          router.release(id);
          byPerson.get(personOf.get(id)).get(id).closed = clock.instant();
        } else {
          String id = open.get(rnd.nextInt(open.size()));
          Held h = byPerson.get(personOf.get(id)).get(id);
          String to = reps.get(rnd.nextInt(repCount)).id();
          if (!to.equals(h.rep)) {
            router.reassign(id, to, "a person moved it");
            h.rep = to;
          }
        }
      }
    }
  }
}
