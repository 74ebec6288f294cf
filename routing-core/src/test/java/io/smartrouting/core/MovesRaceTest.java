package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.Concurrently;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every kind of move at once on one router (the in-memory store): a thread routes, releases, transfers, reassigns,
 * contacts and updates leads (some out of every rep's territory), offboards reps and brings them back and fires the
 * timers, at random, while others claim, drain and transfer. Afterwards every lead routed and not released is in one place, and every
 * rep's open count equals its placements within its capacity. (On Redis: {@code SharedMovesRaceTest}.)
 */
class MovesRaceTest {

  @Test
  void movesOfEveryKindRacingKeepOnePlaceEachWithinCapacity() throws Exception {
    List<Rep> reps = new ArrayList<>();
    for (String id : List.of("ana", "bob", "cy", "dee")) {
      reps.add(Rep.builder(id).territories("US").capacity(6).build());
    }
    for (int round = 0; round < 5; round++) {
      Router router = Router.builder().roster(reps).clock(new ManualClock(Instant.parse("2026-12-06T15:00:00Z")))
          .strategies(StrategyRegistry.of()).manualTimers().step("ll", TestStrategies.LEAST_LOADED)
          .capacityThreshold(1.0).build();
      Set<String> routed = ConcurrentHashMap.newKeySet();
      Set<String> released = ConcurrentHashMap.newKeySet();
      AtomicInteger next = new AtomicInteger();
      long seed = 1000L * round;
      List<Throwable> errors = Concurrently.race(() -> {
        Random rnd = new Random(seed);
        for (int i = 0; i < 400; i++) {
          List<String> open = new ArrayList<>(routed);
          open.removeAll(released);
          String some = open.isEmpty() ? null : open.get(rnd.nextInt(open.size()));
          int op = rnd.nextInt(100);
          try {
            if (op < 40 || some == null) {
              String id = "L" + next.getAndIncrement();
              router.route(Lead.builder(id).country("US")
                  .source(rnd.nextInt(4) == 0 ? LeadSource.DEMO_REQUEST : LeadSource.TRIAL).build());
              routed.add(id);
            } else if (op < 60) {
              if (released.add(some)) {
                router.release(some);
              }
            } else if (op < 70) {
              router.transfer(some);
            } else if (op < 80) {
              router.reassign(some, reps.get(rnd.nextInt(reps.size())).id(), "by hand");
            } else if (op < 85) {
              router.recordContact(some, Instant.parse("2026-12-06T15:00:00Z"));
            } else if (op < 90) {
              router.update(Lead.builder(some).country(rnd.nextBoolean() ? "US" : "DE")
                  .source(LeadSource.DEMO_REQUEST).build());
            } else if (op < 95) {
              String rep = reps.get(rnd.nextInt(reps.size())).id();
              if (router.isAvailable(rep)) {
                router.offboard(rep, OffboardPolicy.reroute());
              } else {
                router.clearAvailability(rep);
              }
            } else {
              router.fireDueTimers();
            }
          } catch (IllegalArgumentException | IllegalStateException expected) {
            // released, moved or full meanwhile, or already with that rep: nothing changed
          }
        }
      }, () -> router.claimNext(reps.get(ThreadLocalRandom.current().nextInt(reps.size())).id()), router::drainQueues, () -> {
        List<String> open = new ArrayList<>(routed);
        open.removeAll(released);
        if (!open.isEmpty()) {
          try {
            router.transfer(open.get(ThreadLocalRandom.current().nextInt(open.size())));
          } catch (IllegalArgumentException | IllegalStateException expected) {
            // released or moved meanwhile
          }
        }
      });
      assertThat(errors).isEmpty();
      Map<String, Integer> placed = new HashMap<>();
      Set<String> placedIds = new java.util.HashSet<>();
      for (Placement p : router.openPlacements()) {
        assertThat(placedIds.add(p.leadId())).as("%s in one place", p.leadId()).isTrue();
        if (p.repId() != null) {
          placed.merge(p.repId(), 1, Integer::sum);
        }
      }
      Set<String> open = new java.util.HashSet<>(routed);
      open.removeAll(released);
      assertThat(placedIds).as("every open lead placed, released ones not").isEqualTo(open);
      for (Rep r : reps) {
        assertThat(router.openLeads(r.id())).as("open count of %s", r.id())
            .isEqualTo(placed.getOrDefault(r.id(), 0)).isLessThanOrEqualTo(r.capacity());
      }
    }
  }
}
