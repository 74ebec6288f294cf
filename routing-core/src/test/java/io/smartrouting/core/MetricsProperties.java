package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * {@link Router#metrics()} (what Micrometer and OpenTelemetry export) tells what the router did: driven at random
 * (leads of every tier and segment, first contacts in time and late, outcomes through a deal's stages to a close,
 * releases, time passing with and without ticks that breach deadlines and drain queues), its decisions by tier,
 * segment and step, each tier's first contacts, contacts in time, leads that missed a deadline and breaches, the
 * moves of breached leads, wins and losses by segment, and the queues' depths are what the driver counted from the
 * router's answers and placements.
 */
class MetricsProperties {

  private static final Instant START = Instant.parse("2026-11-02T15:00:00Z");

  /** One tier's first contacts as the driver counts them: contacted, in time, missed, breaches. */
  private static final class Sla {
    long contacted;
    long met;
    long missed;
    long breaches;
  }

  @Property(tries = 300)
  @StatisticsReport(onFailureOnly = true)
  void theMetricsCountWhatTheRouterDid(@ForAll long seed, @ForAll @IntRange(min = 5, max = 120) int steps) {
    Random rnd = new Random(seed);
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(3).build(),
        Rep.builder("bo").territories("US").capacity(2).build(),
        Rep.builder("cy").territories("US", "DE").capacity(4).build());
    ManualClock clock = new ManualClock(START);
    Router router = TestStrategies.leastLoaded(reps, clock).sla(Tier.TIER_1, Duration.ofMinutes(5))
        .sla(Tier.TIER_2, Duration.ofMinutes(60)).build();
    Map<Tier, Long> byTier = new EnumMap<>(Tier.class);
    Map<Segment, Long> bySegment = new EnumMap<>(Segment.class);
    Map<String, Long> byStep = new HashMap<>();
    Map<Tier, Sla> sla = new EnumMap<>(Tier.class);
    for (Tier t : Tier.values()) {
      sla.put(t, new Sla());
      byTier.put(t, 0L);
    }
    Map<String, Segment> segmentOf = new HashMap<>();
    Map<Segment, long[]> closed = new EnumMap<>(Segment.class);
    Set<String> breached = new HashSet<>();
    long movedOnBreach = 0;
    int lateContacts = 0;
    List<String> history = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < steps; i++) {
      List<Placement> open = new ArrayList<>(router.openPlacements());
      open.sort(java.util.Comparator.comparing(Placement::leadId));
      int op = rnd.nextInt(10);
      if (op <= 3 || open.isEmpty()) {
        Lead.Builder b = Lead.builder("L" + next++).country(rnd.nextInt(5) == 0 ? "DE" : "US")
            .employees(new int[] {20, 500, 5000}[rnd.nextInt(3)]);
        int kind = rnd.nextInt(3);
        if (kind == 0) {
          b.source(LeadSource.DEMO_REQUEST);
        } else if (kind == 1) {
          b.icpScore(85);
        }
        Decision d = router.route(b.build());
        byTier.merge(d.tier(), 1L, Long::sum);
        bySegment.merge(d.segment(), 1L, Long::sum);
        byStep.merge(d.decidedBy(), 1L, Long::sum);
        segmentOf.put(d.leadId(), d.segment());
        history.add("routing " + d.leadId());
        continue;
      }
      Placement p = open.get(rnd.nextInt(open.size()));
      if (op == 4) {
        assertThat(router.release(p.leadId())).isTrue();
        history.add("releasing " + p.leadId());
      } else if (op == 5 && p.repId() != null && p.contactedAt() == null) {
        assertThat(router.recordContact(p.leadId(), clock.instant())).isTrue();
        Sla s = sla.get(p.tier());
        s.contacted++;
        if (p.slaDeadline() != null && !breached.contains(p.leadId())) {
          // In time, or late before any tick reported the breach: then it missed its deadline now.
          if (clock.instant().isAfter(p.slaDeadline())) {
            s.missed++;
            lateContacts++;
          } else {
            s.met++;
          }
        }
        history.add("contacting " + p.leadId());
      } else if (op == 6 && p.repId() != null) {
        int pick = rnd.nextInt(5);
        Outcome o = pick < 3 ? new Outcome[] {Outcome.CONTACTED, Outcome.MEETING, Outcome.OPPORTUNITY}[pick]
            : pick == 3 ? Outcome.WON : Outcome.LOST;
        assertThat(router.recordOutcome(p.leadId(), o)).isTrue();
        if (o.isTerminal()) {
          closed.computeIfAbsent(segmentOf.get(p.leadId()), k -> new long[2])[o == Outcome.WON ? 0 : 1]++;
          assertThat(router.release(p.leadId())).isTrue();
        }
        history.add(o + " for " + p.leadId());
      } else if (op == 7) {
        clock.advance(Duration.ofMinutes(1 + rnd.nextInt(30)));
        history.add("time passing to " + clock.instant());
      } else {
        clock.advance(Duration.ofMinutes(1 + rnd.nextInt(90)));
        // Every lead uncontacted past its deadline is breached at the tick, once: a moved lead's new deadline and a
        // waiting lead's spent one are not due again at the same instant.
        for (Placement before : open) {
          if (before.contactedAt() == null && before.slaDeadline() != null
              && before.slaDeadline().isBefore(clock.instant())) {
            Sla s = sla.get(before.tier());
            s.breaches++;
            if (breached.add(before.leadId())) {
              s.missed++;
            }
            movedOnBreach += before.repId() != null ? 1 : 0;
          }
        }
        router.fireDueTimers();
        router.drainQueues();
        history.add("a tick at " + clock.instant());
      }
    }
    Statistics.label("late contacts").collect(lateContacts > 0);
    Statistics.label("breaches").collect(movedOnBreach > 0);
    Statistics.label("late contacts").coverage(c -> c.check(true).percentage(pct -> pct >= 2));
    Statistics.label("breaches").coverage(c -> c.check(true).percentage(pct -> pct >= 40));
    RoutingMetrics m = router.metrics();
    String when = "after " + String.join(", ", history);
    assertThat(m.decisionsByTier()).as("decisions by tier " + when).isEqualTo(byTier);
    assertThat(m.decisionsBySegment().entrySet().stream().filter(e -> e.getValue() > 0)
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
        .as("decisions by segment " + when).isEqualTo(bySegment);
    assertThat(m.decisionsByStrategy().entrySet().stream().filter(e -> e.getValue() > 0)
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
        .as("decisions by step " + when).isEqualTo(byStep);
    for (Tier t : Tier.values()) {
      RoutingMetrics.SlaStats got = m.sla().get(t);
      Sla s = sla.get(t);
      assertThat(new long[] {got.contacted(), got.met(), got.missed(), got.breaches()})
          .as("%s contacted, met, missed, breaches %s", t, when)
          .containsExactly(s.contacted, s.met, s.missed, s.breaches);
    }
    assertThat(m.reassignments() + m.escalations()).as("breached leads moved " + when).isEqualTo(movedOnBreach);
    Map<Segment, RoutingMetrics.Conversion> conversion = new EnumMap<>(Segment.class);
    closed.forEach((segment, n) -> conversion.put(segment, new RoutingMetrics.Conversion(n[0], n[1])));
    assertThat(m.conversionBySegment()).as("wins and losses by segment " + when).isEqualTo(conversion);
    Map<String, Integer> depth = new HashMap<>();
    Map<String, Duration> oldest = new HashMap<>();
    for (Placement p : router.openPlacements()) {
      if (p.queue() != null) {
        depth.merge(p.queue(), 1, Integer::sum);
        // A queued placement is written when the lead enters the queue, and kept while it waits there.
        oldest.merge(p.queue(), Duration.between(p.assignedAt(), clock.instant()),
            (x, y) -> x.compareTo(y) >= 0 ? x : y);
      }
    }
    assertThat(m.queueOldestWait()).as("the longest wait in each queue " + when).isEqualTo(oldest);
    Statistics.label("leads waiting at the end").collect(!depth.isEmpty());
    Statistics.label("leads waiting at the end").coverage(c -> c.check(true).percentage(pct -> pct >= 20));
    assertThat(m.queueDepth().entrySet().stream().filter(e -> e.getValue() > 0)
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
        .as("queue depths " + when).isEqualTo(depth);
  }
}
