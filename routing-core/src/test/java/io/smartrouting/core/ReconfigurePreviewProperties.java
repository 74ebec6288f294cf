package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@link Router#previewReconfigure} says what the reconfiguration then does with open leads: on random rosters, open
 * leads of an account and of nobody, and random next configurations (reps leaving, joining and covering other states;
 * the account given to other people; another chain; each of {@code whenRepsLeave}, {@code whenAccountsMove} and
 * {@code whenCoverageChanges} on or off), the moves it previews are the moves the reconfiguration makes, in order, lead
 * by lead and destination by destination, with chains that read load and reps with daily caps.
 */
class ReconfigurePreviewProperties {

  private static final String[] STATES = RealignmentPreviewProperties.STATES;

  private static Rep rep(String id, Random rnd, int capacity) {
    return RealignmentPreviewProperties.rep(id, rnd, capacity);
  }

  private static Account acme(List<Rep> roster, Random rnd) {
    Account.Builder b = Account.builder("acme").name("Acme").domains("acme.example")
        .ownerRepId(roster.get(rnd.nextInt(roster.size())).id());
    if (rnd.nextBoolean()) {
      b.teamRepIds(List.of(roster.get(rnd.nextInt(roster.size())).id()));
    }
    return b.build();
  }

  private static Router.Builder config(List<Rep> roster, Account account, Random rnd, ManualClock clock) {
    Router.Builder b = Router.builder().roster(roster).accounts(List.of(account)).clock(clock)
        .strategies(StrategyRegistry.of()).manualTimers()
        .step(rnd.nextBoolean() ? "ll" : "hash", rnd.nextBoolean() ? TestStrategies.LEAST_LOADED
            : TestStrategies.HASH_PICK)
        .whenAccountsMove(rnd.nextBoolean()).whenCoverageChanges(rnd.nextBoolean());
    int leave = rnd.nextInt(4);
    b.whenRepsLeave(leave == 0 ? null : leave == 1 ? OffboardPolicy.reroute() : leave == 2
        ? OffboardPolicy.accountBackupFirst() : OffboardPolicy.toQueue("handover"));
    return b;
  }

  private static String place(Decision d) {
    return d.repId() != null ? d.repId() : "queue " + d.queue();
  }

  @Property(tries = 300)
  void aPreviewedReconfigurationIsWhatItDoes(@ForAll long seed) {
    Random rnd = new Random(seed);
    int n = 2 + rnd.nextInt(5);
    List<Rep> before = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      before.add(rep("r" + i, rnd, 1 + rnd.nextInt(4)));
    }
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    ManualClock clock = new ManualClock(Instant.parse("2026-12-01T15:00:00Z"));
    Router router = config(before, acme(before, rnd), rnd, clock).listener(events::add).build();
    int leads = rnd.nextInt(14);
    for (int l = 0; l < leads; l++) {
      String state = STATES[rnd.nextInt(STATES.length)];
      Lead.Builder lead = Lead.builder("L" + l).country("US").region(state.substring(3));
      if (rnd.nextInt(3) == 0) {
        lead.email("p" + l + "@acme.example");
      }
      router.route(lead.build());
      clock.advance(java.time.Duration.ofMinutes(1));
      if (rnd.nextInt(5) == 0) {
        router.recordContact("L" + l, clock.instant());
      }
    }
    // The next configuration: each rep stays as it is, covers other states, or leaves; maybe a new hire; the account
    // goes to people of the new roster; another chain and other settings for open leads.
    List<Rep> after = new ArrayList<>();
    int leaving = 0;
    for (Rep r : before) {
      int fate = rnd.nextInt(4);
      if (fate == 0 && leaving + 1 < before.size()) {
        leaving++;
        continue;
      }
      after.add(fate == 1 ? rep(r.id(), rnd, r.capacity()) : r);
    }
    if (rnd.nextBoolean()) {
      after.add(rep("hire", rnd, 1 + rnd.nextInt(4)));
    }
    Router.Builder next = config(after, acme(after, rnd), rnd, clock).listener(events::add);
    List<String> previewed = new ArrayList<>();
    for (Decision d : router.previewReconfigure(next)) {
      previewed.add(d.leadId() + " -> " + place(d));
    }
    int open = router.openPlacements().size();
    events.clear();
    router.reconfigure(next);
    List<String> made = new ArrayList<>();
    for (RoutingEvent e : events) {
      if (e instanceof RoutingEvent.LeadMoved m) {
        made.add(m.leadId() + " -> " + place(m.decision()));
      }
    }
    assertThat(made).as("seed %d", seed).isEqualTo(previewed);
    assertThat(router.openPlacements()).hasSize(open);
    router.close();
  }
}
