package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.SlaClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * SLA timers on many nodes: three routers on one Redis tenant route Tier 1 leads on random nodes at random times,
 * some are contacted, and every node's timer pass runs in random order as the clock moves; however the work was
 * spread, every uncontacted lead's first deadline is breached exactly once, by the lease holder, and no contacted
 * lead is.
 */
class SharedTimerProperties extends RedisProperties {

  @Property(tries = 10)
  void everyUncontactedDeadlineIsBreachedOnceWhoeverRoutedIt(@ForAll long seed,
      @ForAll @IntRange(min = 3, max = 25) int leads) throws Exception {
    String tenant = freshTenant("timers");
    Random rnd = new Random(seed);
    Instant t0 = Instant.parse("2026-12-02T15:00:00Z");
    ManualClock clock = new ManualClock(t0);
    List<Rep> reps = SharedRoutingTest.roster(5, 100);
    List<RoutingEvent.SlaBreached> breaches = new CopyOnWriteArrayList<>();
    List<RedisStateStore> stores = new ArrayList<>();
    List<Router> routers = new ArrayList<>();
    try {
      for (int n = 0; n < 3; n++) {
        RedisStateStore store = server.patientStore(tenant).refreshInterval(Duration.ofMillis(50)).build();
        stores.add(store);
        routers.add(Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers().defaultChain()
            .sla(Tier.TIER_1, Duration.ofMinutes(5)).slaClock(Tier.TIER_1, SlaClock.WALL_CLOCK)
            .listener(e -> {
              if (e instanceof RoutingEvent.SlaBreached b) {
                breaches.add(b);
              }
            }).build());
      }
      Map<String, Instant> firstDeadline = new HashMap<>();
      List<String> contacted = new ArrayList<>();
      for (int i = 0; i < leads; i++) {
        if (rnd.nextInt(3) == 0) {
          clock.advance(Duration.ofSeconds(20 + rnd.nextInt(100)));
          // Timer passes in random order as time goes by, before and after others route.
          for (int k = 0; k < 3; k++) {
            routers.get(rnd.nextInt(3)).fireDueTimers();
          }
        }
        Decision d = routers.get(rnd.nextInt(3)).route(Lead.builder("hot-" + i).country("US")
            .source(LeadSource.DEMO_REQUEST).build());
        assertThat(d.slaDeadline()).isNotNull();
        firstDeadline.put(d.leadId(), d.slaDeadline());
        if (rnd.nextInt(4) == 0) {
          routers.get(rnd.nextInt(3)).recordContact(d.leadId(), clock.instant());
          contacted.add(d.leadId());
        }
      }
      // Long enough for every first deadline, with a catch-up on the way (5 s of the routers' clock between reads).
      for (int step = 0; step < 8; step++) {
        clock.advance(Duration.ofMinutes(1));
        for (Router r : routers) {
          r.fireDueTimers();
        }
      }
      Map<String, Integer> firstBreaches = new HashMap<>();
      for (RoutingEvent.SlaBreached b : breaches) {
        if (b.deadline().equals(firstDeadline.get(b.leadId()))) {
          firstBreaches.merge(b.leadId(), 1, Integer::sum);
        }
      }
      for (String id : firstDeadline.keySet()) {
        if (contacted.contains(id)) {
          assertThat(firstBreaches).as("contacted lead %s", id).doesNotContainKey(id);
        } else {
          assertThat(firstBreaches.get(id)).as("breaches of %s's first deadline", id).isEqualTo(1);
        }
      }
    } finally {
      closeAll(routers, stores);
    }
  }
}
