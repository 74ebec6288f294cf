package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Segment;
import io.smartrouting.api.WorkingHours;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A queue's relaxations are a fallback, on random rosters and backlogs: leads that waited a weekend in a queue
 * (earning every relaxation) are drained on Monday morning to a rep of their own territory and segment while one
 * of those has room, to one of their territory and another segment only when none of their own has, and to a rep of
 * another territory only when nobody of their territory has; each move's explanation names the relaxations it used,
 * and no lead is lost or put over capacity.
 */
class QueueRelaxationProperties {

  private static final String[] COUNTRIES = {"US", "CA"};
  private static final Segment[] SEGMENTS = {Segment.SMB, Segment.MID_MARKET, Segment.ENTERPRISE};
  private static final int[] EMPLOYEES = {40, 400, 4_000};
  private static final String[][] SPOKEN = {{"en"}, {"ja"}, {"en", "ja"}};

  @Property(tries = 300)
  void aRelaxationIsUsedOnlyWhenTheNarrowerPoolHasNoRoom(@ForAll long seed) {
    Random rnd = new Random(seed);
    Map<String, Rep> reps = new HashMap<>();
    List<Rep> roster = new ArrayList<>();
    for (int i = 0, n = 2 + rnd.nextInt(5); i < n; i++) {
      Rep r = Rep.builder("r" + i).territories(COUNTRIES[rnd.nextInt(2)]).segments(SEGMENTS[rnd.nextInt(3)])
          .languages(SPOKEN[rnd.nextInt(3)]).timeZone("America/New_York").capacity(1 + rnd.nextInt(3))
          .workingHours(WorkingHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0))).build();
      reps.put(r.id(), r);
      roster.add(r);
    }
    ManualClock clock = new ManualClock(Instant.parse("2026-12-05T15:00:00Z")); // a Saturday
    Map<String, Lead> leads = new HashMap<>();
    Map<String, Segment> segmentOf = new HashMap<>();
    List<String> violations = new ArrayList<>();
    Router[] router = new Router[1];
    router[0] = TestStrategies.leastLoaded(roster, clock).capacityThreshold(1.0)
        .queuePolicy(relaxing(AfterHoursPolicy.DEFAULT_QUEUE)).queuePolicy(relaxing(Router.DEFAULT_FALLBACK_QUEUE))
        .listener(e -> {
          if (e instanceof RoutingEvent.LeadMoved m && m.move() == RoutingEvent.Move.DRAINED) {
            check(router[0], reps, leads.get(m.leadId()), segmentOf.get(m.leadId()), m, violations);
          }
        }).build();
    for (int i = 0, n = 1 + rnd.nextInt(12); i < n; i++) {
      Lead lead = Lead.builder("L" + i).country(COUNTRIES[rnd.nextInt(2)]).employees(EMPLOYEES[rnd.nextInt(3)])
          .language(rnd.nextInt(3) == 0 ? "ja" : "en").build();
      Decision d = router[0].route(lead);
      // Waiting for the next shift, or (nobody covers it) in the fallback queue.
      assertThat(d.queue()).isIn(AfterHoursPolicy.DEFAULT_QUEUE, Router.DEFAULT_FALLBACK_QUEUE);
      leads.put(lead.id(), lead);
      segmentOf.put(lead.id(), d.segment());
      clock.advance(Duration.ofMinutes(1));
    }
    clock.set(Instant.parse("2026-12-07T14:00:00Z")); // Monday 09:00 in New York
    router[0].fireDueTimers();
    assertThat(violations).isEmpty();
    for (String id : leads.keySet()) {
      assertThat(router[0].placement(id)).as("%s is somewhere", id).isPresent();
    }
    for (Rep r : roster) {
      assertThat(router[0].openLeads(r.id())).as(r.id()).isLessThanOrEqualTo(r.capacity());
    }
  }

  private static QueuePolicy relaxing(String queue) {
    return QueuePolicy.of(queue).relaxAfter(Duration.ofMinutes(15), QueuePolicy.Relaxation.ANY_SEGMENT)
        .relaxAfter(Duration.ofMinutes(30), QueuePolicy.Relaxation.ANY_TERRITORY)
        .relaxAfter(Duration.ofMinutes(45), QueuePolicy.Relaxation.ANY_LANGUAGE);
  }

  /** Checks one drain, told as it happened (the loads are those right after it). */
  private static void check(Router router, Map<String, Rep> reps, Lead lead, Segment segment, RoutingEvent.LeadMoved m,
      List<String> violations) {
    Rep to = reps.get(m.decision().repId());
    boolean ownTerritory = to.territories().contains(lead.country());
    boolean ownSegment = to.segments().contains(segment);
    String reason = m.reason();
    boolean segmentRelaxed = reason.contains("ANY_SEGMENT");
    boolean territoryRelaxed = reason.contains("ANY_TERRITORY");
    boolean languageRelaxed = reason.contains("ANY_LANGUAGE");
    if (!ownSegment && !segmentRelaxed || !ownTerritory && !territoryRelaxed
        || !to.languages().contains(lead.language()) && !languageRelaxed) {
      violations.add(m.leadId() + " went to " + to.id() + " outside what its explanation relaxed: " + reason);
    }
    for (Rep other : reps.values()) {
      if (other == to || router.openLeads(other.id()) >= other.capacity()) {
        continue; // it had no room for the lead
      }
      boolean covers = other.territories().contains(lead.country());
      boolean speaks = other.languages().contains(lead.language());
      if (segmentRelaxed && covers && speaks && other.segments().contains(segment)) {
        violations.add(m.leadId() + " relaxed its segment (" + reason + ") while " + other.id() + " had room");
      }
      if (territoryRelaxed && covers && speaks) {
        violations.add(m.leadId() + " relaxed its territory (" + reason + ") while " + other.id() + " had room");
      }
      if (languageRelaxed && speaks) {
        violations.add(m.leadId() + " relaxed its language (" + reason + ") while " + other.id() + " had room");
      }
    }
  }
}
