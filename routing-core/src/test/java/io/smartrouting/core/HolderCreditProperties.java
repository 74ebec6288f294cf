package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.core.learning.OutcomeCount;
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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Outcomes reported without naming a rep ({@link Router#recordOutcome(String, Outcome)}) under random routing,
 * transfers, reassignments, requeues, claims, releases and time passing beyond the idempotency window: each lead's
 * first won or lost is the learning model's for the rep that held the lead when it was reported (or last, once
 * released), once. Fails when a move's decision past the window leaves the credit with an earlier holder.
 */
class HolderCreditProperties {

  @Property(tries = 200)
  void aDealIsCreditedToTheRepHoldingItsLead(
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 99) Integer> ops, @ForAll long seed) {
    Random rnd = new Random(seed);
    List<Rep> reps = TestStrategies.usReps(rnd);
    int n = reps.size();
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    ConversionModel model = new ConversionModel();
    Router router = TestStrategies.leastLoaded(reps, clock).learning(model).idempotency(Duration.ofHours(1), 1000)
        .build();
    Set<String> open = new LinkedHashSet<>();
    // The rep to credit each lead's deal to now: its holder while open (none while it waits in a queue), its last
    // holder once released (none when released from a queue).
    Map<String, String> creditTo = new HashMap<>();
    Set<String> closed = new HashSet<>();
    Map<String, Long> expected = new HashMap<>();
    int next = 0;
    for (int op : ops) {
      if (op < 25) {
        String id = "L" + next++;
        router.route(Lead.builder(id).country("US").employees(rnd.nextInt(3000)).build());
        open.add(id);
      } else if (op < 35 && !open.isEmpty()) {
        router.transfer(OpenLeads.pick(open, rnd));
      } else if (op < 45 && !open.isEmpty()) {
        String id = OpenLeads.pick(open, rnd);
        String to = reps.get(rnd.nextInt(n)).id();
        if (!to.equals(router.placement(id).orElseThrow().repId())) {
          assertThat(router.reassign(id, to, "a person's call").repId()).isEqualTo(to);
        }
      } else if (op < 52 && !open.isEmpty()) {
        String id = OpenLeads.pick(open, rnd);
        if (router.placement(id).orElseThrow().repId() != null) {
          router.requeue(id, "returns", "given back");
        }
      } else if (op < 58) {
        router.claimNext(reps.get(rnd.nextInt(n)).id(), "returns");
      } else if (op < 68 && !open.isEmpty()) {
        String id = OpenLeads.pick(open, rnd);
        assertThat(router.release(id)).isTrue();
        open.remove(id);
      } else if (op < 78) {
        clock.advance(Duration.ofMinutes(1 + rnd.nextInt(90)));
        router.fireDueTimers(); // drains the queues too
      } else {
        List<String> credited = new ArrayList<>();
        creditTo.forEach((id, rep) -> {
          if (rep != null) {
            credited.add(id);
          }
        });
        if (credited.isEmpty()) {
          continue;
        }
        String id = credited.get(rnd.nextInt(credited.size()));
        boolean answered = router.recordOutcome(id, rnd.nextBoolean() ? Outcome.WON : Outcome.LOST);
        if (closed.add(id)) {
          assertThat(answered).as("%s's first close is taken", id).isTrue();
          expected.merge(creditTo.get(id), 1L, Long::sum);
        }
      }
      for (String id : open) {
        creditTo.put(id, router.placement(id).orElseThrow().repId());
      }
    }
    Map<String, Long> credit = new HashMap<>();
    for (OutcomeCount c : model.counts()) {
      if (c.industry() == null) {
        credit.merge(c.repId(), c.outcomes(), Long::sum);
      }
    }
    assertThat(credit).as("each lead's first won or lost, to the rep holding it").isEqualTo(expected);
  }
}
