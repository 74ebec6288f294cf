package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Tier;
import io.smartrouting.api.WorkingHours;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A router on the in-memory store whose process restarts loses nothing when the new router adopts the open leads as
 * the system of record holds them ({@link Router#adopt}): after random routing, contacts, releases, availability
 * changes and time passing on one router (reps with and without working hours, so deadlines in business time too), a
 * second router on a fresh store adopts every open lead (rep or queue, since when, contacted when); from then on both
 * are driven alike (new leads, contacts, releases, availability, ticks that breach deadlines and drain queues) and
 * every open lead is in the same place, with the same deadline and contact, and every rep has the same load, on both.
 * Ticks that breach deadlines and drain queues run before the restart too: the leads are adopted with their SLA history
 * ({@link ExistingLead#withHistory}: first routing, deadlines missed, earlier holders), which the two must then keep
 * alike, so that the escalation limit and the reps a lead must not go back to hold across the restart.
 */
class AdoptionProperties {

  private static final Instant START = Instant.parse("2026-11-02T15:00:00Z");

  /** What a placement says that a restart must keep. */
  private record Place(String repOrQueue, Tier tier, Instant since, Instant deadline, Instant contactedAt,
      boolean override, Instant firstRoutedAt, int missed, List<String> earlierHolders) {
    static Place of(Placement p) {
      return new Place(p.repId() != null ? p.repId() : "queue " + p.queue(), p.tier(), p.assignedAt(),
          p.slaDeadline(), p.contactedAt(), p.capacityOverride(), p.firstRoutedAt(), p.slaBreaches(),
          p.earlierHolders());
    }
  }

  @Property(tries = 300)
  void aRouterThatAdoptsAnothersOpenLeadsCarriesOnAsThatRouterWould(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 40) int before, @ForAll @IntRange(min = 1, max = 40) int after) {
    List<String> history = new ArrayList<>();
    Random rnd = new Random(seed);
    List<Rep> reps = new ArrayList<>();
    int n = 2 + rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      Rep.Builder r = Rep.builder("r" + i).capacity(1 + rnd.nextInt(4));
      r = rnd.nextInt(3) == 0 ? r.territories("US", "DE") : r.territories("US");
      if (rnd.nextBoolean()) {
        // Business-hours deadlines: counted in the rep's working time, so a restart must count them alike.
        r = r.timeZone("America/New_York")
            .workingHours(WorkingHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0)));
      }
      reps.add(r.build());
    }
    ManualClock clock = new ManualClock(START);
    List<String> breachedBefore = new ArrayList<>();
    List<String> firstBreaches = new ArrayList<>();
    List<String> restartedBreaches = new ArrayList<>();
    boolean[] restartedYet = {false};
    Router first = router(reps, clock, d -> (restartedYet[0] ? firstBreaches : breachedBefore).add(d));
    Map<String, Lead> leads = new TreeMap<>();
    Map<String, Boolean> available = new TreeMap<>();
    int[] next = {0};
    for (int i = 0; i < before; i++) {
      history.add(step(rnd, leads, available, next, reps, clock, List.of(first), true));
    }
    // The process restarts: a new router on a fresh store, told the availability the vendor keeps and every open
    // lead as its CRM holds it.
    restartedYet[0] = true;
    Router restarted = router(reps, clock, restartedBreaches::add);
    available.forEach(restarted::setAvailable);
    for (Placement p : first.openPlacements()) {
      Lead lead = leads.get(p.leadId());
      ExistingLead e = p.repId() != null ? ExistingLead.heldBy(lead, p.repId(), p.assignedAt())
          : ExistingLead.waitingIn(lead, p.queue(), p.assignedAt());
      e = e.withHistory(p.firstRoutedAt(), p.slaBreaches(), p.earlierHolders());
      if (p.slaDeadline() == null) {
        // Escalated, waiting past a deadline whose breach was reported, or a tier without one: the record says no
        // deadline runs.
        e = e.withoutDeadline();
      }
      Decision d = restarted.adopt(p.contactedAt() == null ? e : e.contactedAt(p.contactedAt()));
      assertThat(d.slaDeadline()).as("lead %s's deadline", p.leadId()).isEqualTo(p.slaDeadline());
    }
    assertSame(first, restarted, reps, "after " + String.join(", ", history));
    history.add("adopting");
    for (int i = 0; i < after; i++) {
      history.add(step(rnd, leads, available, next, reps, clock, List.of(first, restarted), true));
      assertSame(first, restarted, reps, "after " + String.join(", ", history));
      // The same breaches reported, none of them reported before the restart (until 7 December 2026, night, a lead
      // waiting past a deadline reported then was reported again: its placement kept the deadline).
      assertThat(restartedBreaches).as("breaches reported after " + String.join(", ", history))
          .isEqualTo(firstBreaches);
      assertThat(restartedBreaches).as("reported again after the restart").filteredOn(breachedBefore::contains)
          .isEmpty();
    }
  }

  private static Router router(List<Rep> reps, ManualClock clock, java.util.function.Consumer<String> breaches) {
    return TestStrategies.leastLoaded(reps, clock).sla(Tier.TIER_1, Duration.ofMinutes(5))
        .sla(Tier.TIER_2, Duration.ofMinutes(60)).listener(e -> {
          if (e instanceof io.smartrouting.api.RoutingEvent.SlaBreached b) {
            breaches.accept(b.leadId() + "@" + b.deadline());
          }
        }).build();
  }

  /** One random operation on every router alike; returns what it did. */
  private static String step(Random rnd, Map<String, Lead> leads, Map<String, Boolean> available, int[] next,
      List<Rep> reps, ManualClock clock, List<Router> routers, boolean ticks) {
    Router any = routers.get(0);
    List<Placement> open = new ArrayList<>(any.openPlacements());
    open.sort(java.util.Comparator.comparing(Placement::leadId));
    int op = rnd.nextInt(10);
    if (op <= 3 || open.isEmpty()) {
      Lead.Builder b = Lead.builder("L" + next[0]++).country(rnd.nextInt(4) == 0 ? "DE" : "US");
      int kind = rnd.nextInt(3);
      if (kind == 0) {
        b.source(LeadSource.DEMO_REQUEST);
      } else if (kind == 1) {
        b.icpScore(85);
      }
      Lead lead = b.build();
      leads.put(lead.id(), lead);
      String to = null;
      for (Router r : routers) {
        Decision d = r.route(lead);
        String here = d.repId() != null ? d.repId() : "queue " + d.queue();
        assertThat(to == null || to.equals(here)).as("lead %s: %s and %s", lead.id(), to, here).isTrue();
        to = here;
      }
      return "routing " + lead.id();
    }
    Placement p = open.get(rnd.nextInt(open.size()));
    if (op == 4) {
      for (Router r : routers) {
        assertThat(r.release(p.leadId())).isTrue();
      }
      return "releasing " + p.leadId();
    }
    if (op == 5 && p.repId() != null && p.contactedAt() == null) {
      for (Router r : routers) {
        assertThat(r.recordContact(p.leadId(), clock.instant())).isTrue();
      }
      return "contacting " + p.leadId();
    }
    if (op == 6) {
      String rep = reps.get(rnd.nextInt(reps.size())).id();
      boolean on = rnd.nextBoolean();
      available.put(rep, on);
      routers.forEach(r -> r.setAvailable(rep, on));
      return (on ? "freeing " : "setting away ") + rep;
    }
    clock.advance(Duration.ofMinutes(1 + rnd.nextInt(40)));
    if (!ticks) {
      return "time passing to " + clock.instant();
    }
    List<Integer> drained = new ArrayList<>();
    for (Router r : routers) {
      r.fireDueTimers(); // what fired is compared by the breaches each router reported
      drained.add(r.drainQueues());
    }
    assertThat(drained).as("leads drained").containsOnly(drained.get(0));
    return "a tick at " + clock.instant();
  }

  private static void assertSame(Router a, Router b, List<Rep> reps, String when) {
    Map<String, Place> left = new TreeMap<>();
    a.openPlacements().forEach(p -> left.put(p.leadId(), Place.of(p)));
    Map<String, Place> right = new TreeMap<>();
    b.openPlacements().forEach(p -> right.put(p.leadId(), Place.of(p)));
    assertThat(right).as("the open leads " + when).isEqualTo(left);
    for (Rep r : reps) {
      assertThat(b.openLeads(r.id())).as("%s's load %s", r.id(), when).isEqualTo(a.openLeads(r.id()));
    }
  }
}
