package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.OffboardPolicy;
import io.smartrouting.core.Router;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@link Router#previewReconfigure} through the built-in strategies: a reconfiguration that keeps round-robin (its
 * credits carried over), or swaps it for the weighted step or the default chain, with reps leaving, covering other
 * states and an account changing hands, moves exactly the leads its preview names, in order and to the same places.
 * Round-robin's turns in the preview are taken on a copy of its credits kept for the whole preview, so the leavers'
 * moves and the realigned ones spread as the reconfiguration spreads them.
 */
class ReconfigureRoundRobinPreviewProperties {

  private static final String[] STATES = {"CA", "NY", "TX"};

  private static Rep rep(String id, Random rnd) {
    List<String> territories = new ArrayList<>();
    for (String s : STATES) {
      if (rnd.nextInt(2) == 0) {
        territories.add("US-" + s);
      }
    }
    if (territories.isEmpty()) {
      territories.add("US-" + STATES[rnd.nextInt(STATES.length)]);
    }
    Rep.Builder b = Rep.builder(id).territories(territories).capacity(2 + rnd.nextInt(4)).weight(1 + rnd.nextInt(3));
    if (rnd.nextInt(3) == 0) {
      b.dailyCap(1 + rnd.nextInt(3));
    }
    return b.build();
  }

  private static Router.Builder config(List<Rep> reps, Random rnd, ManualClock clock, List<RoutingEvent> events) {
    Account acme = Account.builder("acme").name("Acme").domains("acme.example")
        .ownerRepId(reps.get(rnd.nextInt(reps.size())).id()).build();
    Router.Builder b = Router.builder().roster(reps).accounts(List.of(acme)).clock(clock).manualTimers()
        .listener(events::add).whenAccountsMove(rnd.nextBoolean()).whenCoverageChanges(rnd.nextBoolean())
        .whenRepsLeave(rnd.nextBoolean() ? OffboardPolicy.reroute() : OffboardPolicy.accountBackupFirst());
    int chain = rnd.nextInt(4);
    return chain == 0 ? b.defaultChain() : chain == 1 ? b.step("weighted") : b.step("round-robin");
  }

  private static String place(Decision d) {
    return d.leadId() + " -> " + (d.repId() != null ? d.repId() : "queue " + d.queue());
  }

  @Property(tries = 300)
  void aPreviewedReconfigurationThroughTheBuiltInsIsWhatItDoes(@ForAll long seed) {
    Random rnd = new Random(seed);
    List<Rep> before = new ArrayList<>();
    int n = 3 + rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      before.add(rep("r" + i, rnd));
    }
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    ManualClock clock = new ManualClock(Instant.parse("2026-12-01T15:00:00Z"));
    Router router = config(before, rnd, clock, events).build();
    int leads = 2 + rnd.nextInt(14);
    for (int l = 0; l < leads; l++) {
      Lead.Builder lead = Lead.builder("L" + l).country("US").region(STATES[rnd.nextInt(STATES.length)]);
      if (rnd.nextInt(3) == 0) {
        lead.email("p" + l + "@acme.example");
      }
      router.route(lead.build());
      clock.advance(java.time.Duration.ofMinutes(1));
    }
    List<Rep> after = new ArrayList<>();
    int leaving = 0;
    for (Rep r : before) {
      int fate = rnd.nextInt(4);
      if (fate == 0 && leaving + 1 < before.size()) {
        leaving++;
      } else {
        after.add(fate == 1 ? rep(r.id(), rnd) : r);
      }
    }
    Router.Builder next = config(after, rnd, clock, events);
    List<String> previewed = router.previewReconfigure(next).stream().map(ReconfigureRoundRobinPreviewProperties::place)
        .toList();
    events.clear();
    router.reconfigure(next);
    List<String> made = new ArrayList<>();
    for (RoutingEvent e : events) {
      if (e instanceof RoutingEvent.LeadMoved m) {
        made.add(place(m.decision()));
      }
    }
    assertThat(made).as("seed %d", seed).isEqualTo(previewed);
    router.close();
  }
}
