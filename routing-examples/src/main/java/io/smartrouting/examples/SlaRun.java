package io.smartrouting.examples;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.RoutingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A simulated afternoon on a manual clock: leads arrive every {@code spacing}; each assigned rep makes first
 * contact after a delay drawn from an exponential distribution whose mean is the rep's profile response time;
 * worked leads are released an hour after contact. SLA timers fire as the clock moves, so late contacts are
 * breached, reassigned and escalated exactly as in production. Deterministic for a seed.
 */
final class SlaRun {

  private static final Duration WORK_TIME = Duration.ofHours(1);

  private SlaRun() {}

  private record Pending(Instant at, long seq, String leadId, String repId, boolean release)
      implements Comparable<Pending> {
    @Override
    public int compareTo(Pending o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  static RoutingMetrics run(List<Rep> reps, List<Account> accounts, List<Lead> leads, Instant start,
      Duration spacing, long seed) {
    ManualClock clock = new ManualClock(start);
    Random rnd = new Random(seed);
    Map<String, Double> responseMinutes = new HashMap<>();
    for (Rep r : reps) {
      responseMinutes.put(r.id(), r.responseMinutes());
    }
    PriorityQueue<Pending> agenda = new PriorityQueue<>();
    long[] seq = {0};
    Router router = Router.builder().roster(reps).accounts(accounts).defaultChain().managerFallback(true)
        .clock(clock).manualTimers()
        .listener(e -> {
          // The new owner of a reassigned or escalated lead starts its own clock to first contact.
          String to = e instanceof RoutingEvent.LeadReassigned ? ((RoutingEvent.LeadReassigned) e).toRepId()
              : e instanceof RoutingEvent.LeadEscalated ? ((RoutingEvent.LeadEscalated) e).toRepId() : null;
          if (to != null) {
            agenda.add(contact(e.leadId(), to, e.at(), responseMinutes.getOrDefault(to, 30.0), rnd, seq));
          }
        })
        .build();
    Instant t = start;
    for (Lead lead : leads) {
      advance(router, clock, agenda, t, seq);
      Decision d = router.route(lead);
      if (d.repId() != null) {
        agenda.add(contact(lead.id(), d.repId(), t, responseMinutes.getOrDefault(d.repId(), 30.0), rnd, seq));
      }
      t = t.plus(spacing);
    }
    advance(router, clock, agenda, t.plus(Duration.ofHours(8)), seq);
    RoutingMetrics m = router.metrics();
    router.close();
    return m;
  }

  private static Pending contact(String leadId, String repId, Instant from, double meanMinutes, Random rnd,
      long[] seq) {
    double minutes = -Math.log(1 - rnd.nextDouble()) * Math.max(0.5, meanMinutes);
    return new Pending(from.plusMillis((long) (minutes * 60_000)), seq[0]++, leadId, repId, false);
  }

  /** Moves the clock to {@code until}, firing contacts, releases and SLA timers in time order. */
  private static void advance(Router router, ManualClock clock, PriorityQueue<Pending> agenda, Instant until,
      long[] seq) {
    while (!agenda.isEmpty() && !agenda.peek().at().isAfter(until)) {
      Pending p = agenda.poll();
      clock.set(p.at());
      router.fireDueTimers();
      var placement = router.placement(p.leadId());
      if (placement.isEmpty() || !p.repId().equals(placement.get().repId())) {
        continue; // released, or the lead moved to someone else before this rep got to it
      }
      if (p.release()) {
        router.release(p.leadId());
      } else if (router.recordContact(p.leadId(), p.at())) {
        agenda.add(new Pending(p.at().plus(WORK_TIME), seq[0]++, p.leadId(), p.repId(), true));
      }
    }
    clock.set(until);
    router.fireDueTimers();
  }
}
