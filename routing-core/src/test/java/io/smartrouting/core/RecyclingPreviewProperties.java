package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@link Router#previewRecycling} says what recycling then does: on random rosters and open leads, some contacted at
 * random times, some with a meeting, the leads it previews moving go where recycling sends them, those it previews
 * staying stay, and no other lead moves, with a chain that reads the reps' load (so each previewed move must count
 * the room and load the earlier ones take and free); every open lead stays in one place within capacity.
 */
class RecyclingPreviewProperties {

  private static final Duration PERIOD = Duration.ofDays(14);

  @Property(tries = 300)
  void aPreviewedRecyclingIsWhatTheNextRecyclingDoes(@ForAll long seed) {
    Random rnd = new Random(seed);
    int n = 2 + rnd.nextInt(4);
    int[] capacity = new int[n];
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      capacity[i] = 1 + rnd.nextInt(5);
      reps.add(Rep.builder("r" + i).territories(rnd.nextInt(4) == 0 ? "US-CA" : "US").capacity(capacity[i]).build());
    }
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    Router router = Router.builder().roster(reps).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
        .step("ll", TestStrategies.LEAST_LOADED).recycleStalledLeads(PERIOD).listener(events::add).build();
    int leads = rnd.nextInt(16);
    for (int l = 0; l < leads; l++) {
      String id = "L" + l;
      Decision d = router.route(Lead.builder(id).country("US").region(rnd.nextBoolean() ? "CA" : "NY").build());
      if (d.repId() != null && rnd.nextInt(4) != 0) {
        router.recordContact(id, clock.instant());
        if (rnd.nextInt(4) == 0) {
          router.recordOutcome(id, Outcome.MEETING);
        }
      }
      clock.advance(Duration.ofDays(rnd.nextInt(3)));
    }
    if (rnd.nextInt(3) == 0 && leads > 0) {
      router.release("L" + rnd.nextInt(leads));
    }
    clock.advance(PERIOD.minusDays(rnd.nextInt(10)));
    router.drainQueues(); // what the release freed is taken first, so that only recycling is left for the tick
    Map<String, String> holders = new TreeMap<>();
    router.openPlacements().forEach(p -> holders.put(p.leadId(), p.repId() != null ? p.repId() : "queue"));
    Map<String, String> previewed = new TreeMap<>();
    for (Decision d : router.previewRecycling(PERIOD)) {
      assertThat(d.repId()).as("seed %d: a preview names a rep", seed).isNotNull();
      previewed.put(d.leadId(), d.repId());
    }
    events.clear();
    router.fireDueTimers();
    Map<String, String> recycled = new TreeMap<>();
    for (RoutingEvent e : events) {
      if (e instanceof RoutingEvent.LeadMoved m && m.move() == RoutingEvent.Move.RECYCLED) {
        recycled.put(m.leadId(), m.decision().repId());
      } else if (e instanceof RoutingEvent.LeadMoved m) {
        // A unit a recycled lead frees may drain a queued lead in the same tick; nothing else moves.
        assertThat(m.move()).as("seed %d", seed).isEqualTo(RoutingEvent.Move.DRAINED);
        assertThat(holders.get(m.leadId())).isEqualTo("queue");
      }
    }
    Map<String, String> expected = new TreeMap<>();
    previewed.forEach((id, rep) -> {
      if (!rep.equals(holders.get(id))) {
        expected.put(id, rep);
      }
    });
    assertThat(recycled).as("seed %d: previewed %s", seed, previewed).isEqualTo(expected);
    router.openPlacements().stream().filter(p -> !"queue".equals(holders.get(p.leadId())))
        .forEach(p -> assertThat(p.repId()).as("seed %d: %s", seed, p.leadId())
            .isEqualTo(expected.getOrDefault(p.leadId(), holders.get(p.leadId()))));
    Map<String, Integer> most = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      most.put("r" + i, capacity[i]);
    }
    io.smartrouting.core.testing.OpenLeads.assertCountsWithin(router, most);
    router.close();
  }
}
