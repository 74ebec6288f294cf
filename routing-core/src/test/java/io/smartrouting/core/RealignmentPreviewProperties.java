package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@link Router#previewRealignment} says what the roster update then does: on random rosters, open leads and
 * realignments, the moves it previews are the moves the update makes, lead by lead and destination by destination,
 * with a chain that reads the reps' load (so each previewed move must count the room and load the earlier ones take
 * and free) and reps with daily caps (so it must count the leads the earlier ones give a rep, whatever leaves it), and
 * every open lead stays in exactly one place within capacity.
 */
class RealignmentPreviewProperties {

  static final String[] STATES = {"US-CA", "US-NY", "US-TX"};

  private static Rep rep(int i, Random rnd, int capacity) {
    return rep("r" + i, rnd, capacity);
  }

  /**
   * Rep {@code id} of {@code capacity}, covering a random non-empty set of {@link #STATES}, with a daily cap of 1 to 3
   * half the time. Shared with {@link ReconfigurePreviewProperties}.
   */
  static Rep rep(String id, Random rnd, int capacity) {
    List<String> territories = new ArrayList<>();
    for (String s : STATES) {
      if (rnd.nextInt(2) == 0) {
        territories.add(s);
      }
    }
    if (territories.isEmpty()) {
      territories.add(STATES[rnd.nextInt(STATES.length)]);
    }
    // Half the reps take at most a few leads a day from the chain, moves included: the preview counts them too.
    Rep.Builder b = Rep.builder(id).territories(territories).capacity(capacity);
    if (rnd.nextBoolean()) {
      b.dailyCap(1 + rnd.nextInt(3));
    }
    return b.build();
  }

  @Property(tries = 300)
  void aPreviewedRealignmentIsWhatTheUpdateDoes(@ForAll long seed) {
    Random rnd = new Random(seed);
    int n = 2 + rnd.nextInt(5);
    int[] capacity = new int[n];
    List<Rep> before = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      capacity[i] = 1 + rnd.nextInt(4);
      before.add(rep(i, rnd, capacity[i]));
    }
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    ManualClock clock = new ManualClock(Instant.parse("2026-12-01T15:00:00Z"));
    Router router = Router.builder().roster(before).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
        .step("ll", TestStrategies.LEAST_LOADED).whenCoverageChanges(true).listener(events::add).build();
    int leads = rnd.nextInt(14);
    for (int l = 0; l < leads; l++) {
      String state = STATES[rnd.nextInt(STATES.length)];
      router.route(Lead.builder("L" + l).country("US").region(state.substring(3)).build());
      clock.advance(java.time.Duration.ofMinutes(1));
      if (rnd.nextInt(5) == 0) {
        router.recordContact("L" + l, clock.instant());
      }
    }
    List<Rep> after = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      after.add(rnd.nextInt(3) == 0 ? rep(i, rnd, capacity[i]) : before.get(i));
    }
    List<String> previewed = new ArrayList<>();
    for (Decision d : router.previewRealignment(after)) {
      previewed.add(d.leadId() + " -> " + (d.repId() != null ? d.repId() : "queue " + d.queue()));
    }
    java.util.Collection<Placement> open = router.openPlacements();
    events.clear();
    router.updateRoster(after);
    List<String> made = new ArrayList<>();
    for (RoutingEvent e : events) {
      if (e instanceof RoutingEvent.LeadMoved m && m.move() == RoutingEvent.Move.REALIGNED) {
        made.add(m.leadId() + " -> " + (m.decision().repId() != null ? m.decision().repId()
            : "queue " + m.decision().queue()));
      }
    }
    assertThat(made).as("seed %d", seed).isEqualTo(previewed);
    assertThat(router.openPlacements()).hasSameSizeAs(open);
    java.util.Map<String, Integer> most = new java.util.TreeMap<>();
    for (int i = 0; i < n; i++) {
      most.put("r" + i, capacity[i]);
    }
    io.smartrouting.core.testing.OpenLeads.assertCountsWithin(router, most);
    router.close();
  }
}
