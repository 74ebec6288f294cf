package io.smartrouting.simulator;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.IntConsumer;

/** Runs one strategy over one lead stream in simulated time, with the router's own clock and state. */
final class Simulation {

  static final Map<Tier, Duration> REPORT_SLA = Map.of(Tier.TIER_1, Duration.ofMinutes(5), Tier.TIER_2,
      Duration.ofMinutes(60), Tier.TIER_3, Duration.ofMinutes(240));

  /** What one strategy did in one replication. */
  static final class Run {
    final Strategy strategy;
    /** The column it is reported in: the strategy's label, or {@code config/NAME} for an experiment's variant. */
    final String label;
    /** What it ran, in a line. */
    final String description;
    final int leads;
    int contacted;
    int won;
    int queued;
    final double[] minutesToContact;
    final int[] tierLeads = new int[Tier.values().length];
    final int[] tierWithinSla = new int[Tier.values().length];
    final int[] leadsPerRep;
    /** True expected conversion of each lead's assignment (0 when queued): for regret. */
    final double[] expected;
    /** Whether each lead was won, by arrival order: for the cumulative chart. */
    final boolean[] wonByLead;
    /** The least-served rep's leads over its fair share, for a strategy with fair-share bounds; else NaN. */
    double minShareOfFair = Double.NaN;

    Run(Strategy strategy, String label, String description, int leads, int reps) {
      this.strategy = strategy;
      this.label = label;
      this.description = description;
      this.leads = leads;
      this.minutesToContact = new double[leads];
      this.leadsPerRep = new int[reps];
      this.expected = new double[leads];
      this.wonByLead = new boolean[leads];
    }

    double conversionRate() {
      return (double) won / leads;
    }

    double contactRate() {
      return (double) contacted / leads;
    }

    double meanMinutes() {
      double s = 0;
      for (int i = 0; i < contacted; i++) {
        s += minutesToContact[i];
      }
      return contacted == 0 ? Double.NaN : s / contacted;
    }

    double p90Minutes() {
      if (contacted == 0) {
        return Double.NaN;
      }
      double[] sorted = Arrays.copyOf(minutesToContact, contacted);
      Arrays.sort(sorted);
      return sorted[(int) Math.min(contacted - 1, Math.ceil(0.9 * contacted) - 1)];
    }

    double withinSla(Tier t) {
      return tierLeads[t.ordinal()] == 0 ? Double.NaN : (double) tierWithinSla[t.ordinal()] / tierLeads[t.ordinal()];
    }

    /** Gini coefficient of leads per rep: 0 perfectly even, 1 all to one rep. */
    double gini() {
      int[] x = leadsPerRep.clone();
      Arrays.sort(x);
      long sum = 0;
      double weighted = 0;
      for (int i = 0; i < x.length; i++) {
        sum += x[i];
        weighted += (i + 1) * (double) x[i];
      }
      int n = x.length;
      return sum == 0 ? 0 : (2 * weighted) / (n * (double) sum) - (n + 1.0) / n;
    }

    int maxLeads() {
      return Arrays.stream(leadsPerRep).max().orElse(0);
    }

    int minLeads() {
      return Arrays.stream(leadsPerRep).min().orElse(0);
    }
  }

  private record Event(Instant at, long seq, int lead, boolean release, boolean won) {}

  private Simulation() {}

  static Run run(World world, LeadStream stream, Strategy strategy, IntConsumer progress) {
    return run(world, stream, strategy, null, progress);
  }

  /** As above, with the routing configuration {@link Strategy#CONFIGURED} runs (null for the others). */
  static Run run(World world, LeadStream stream, Strategy strategy,
      io.smartrouting.config.@org.jspecify.annotations.Nullable RoutingConfig config, IntConsumer progress) {
    return run(world, stream, strategy, config, strategy.label, strategy.description, progress);
  }

  /** As above, reported as {@code label} (an experiment's variant: {@code config/NAME}) described by {@code what}. */
  static Run run(World world, LeadStream stream, Strategy strategy,
      io.smartrouting.config.@org.jspecify.annotations.Nullable RoutingConfig config, String label, String what,
      IntConsumer progress) {
    List<LeadStream.SimLead> leads = stream.leads;
    Map<String, LeadStream.SimLead> byId = new HashMap<>();
    for (LeadStream.SimLead l : leads) {
      byId.put(l.lead.id(), l);
    }
    Map<String, Integer> repIndex = new HashMap<>();
    for (int i = 0; i < world.reps.size(); i++) {
      repIndex.put(world.reps.get(i).profile.id(), i);
    }
    ManualClock clock = new ManualClock(LeadStream.START);
    Run run = new Run(strategy, label, what, leads.size(), world.reps.size());
    PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
        ? Long.compare(a.seq(), b.seq()) : a.at().compareTo(b.at()));
    long seq = 0;
    Duration hold = Duration.ofMinutes((long) (world.a.workingHoursContactDays() * 24 * 60));
    Duration uncontactedHold = Duration.ofMinutes((long) (world.a.uncontactedReleaseHours() * 60));
    io.smartrouting.strategies.WeightedStrategy[] fairStep = new io.smartrouting.strategies.WeightedStrategy[1];
    try (Router router = strategy.build(world, clock, byId, w -> fairStep[0] = w, config)) {
      for (LeadStream.SimLead lead : leads) {
        while (!events.isEmpty() && !events.peek().at().isAfter(lead.arrival)) {
          handle(events.poll(), router, clock, leads);
        }
        clock.set(lead.arrival);
        Decision d = router.route(lead.lead);
        Tier tier = d.tier();
        run.tierLeads[tier.ordinal()]++;
        if (d.repId() == null) {
          run.queued++;
          router.release(lead.lead.id());
          progress.accept(1);
          continue;
        }
        World.SimRep rep = world.byId.get(d.repId());
        run.leadsPerRep[repIndex.get(d.repId())]++;
        int cap = rep.profile.capacity();
        double load = cap <= 0 ? 1 : Math.max(0, router.openLeads(d.repId()) - 1) / (double) cap;
        run.expected[lead.index] = world.expectedConversion(rep, lead, load);
        double minutes = world.responseMinutes(rep, lead.responseDraw, load);
        if (lead.contactDraw < world.contactChance(rep, load, minutes)) {
          Instant contactAt = lead.arrival.plusMillis((long) (minutes * 60_000));
          run.minutesToContact[run.contacted++] = minutes;
          if (minutes <= REPORT_SLA.get(tier).toMinutes()) {
            run.tierWithinSla[tier.ordinal()]++;
          }
          boolean won = lead.convertDraw < world.fit(rep, lead) * world.decay(minutes);
          if (won) {
            run.won++;
            run.wonByLead[lead.index] = true;
          }
          events.add(new Event(contactAt, seq++, lead.index, false, false));
          events.add(new Event(contactAt.plus(hold), seq++, lead.index, true, won));
        } else {
          events.add(new Event(lead.arrival.plus(uncontactedHold), seq++, lead.index, true, false));
        }
        progress.accept(1);
      }
      while (!events.isEmpty()) {
        handle(events.poll(), router, clock, leads);
      }
    }
    if (fairStep[0] != null) {
      double min = Double.POSITIVE_INFINITY;
      for (io.smartrouting.strategies.WeightedStrategy.RepShare share : fairStep[0].shares()) {
        if (share.fairShare() >= 1) {
          min = Math.min(min, share.ratio());
        }
      }
      run.minShareOfFair = Double.isInfinite(min) ? Double.NaN : min;
    }
    return run;
  }

  private static void handle(Event e, Router router, ManualClock clock, List<LeadStream.SimLead> leads) {
    clock.set(e.at());
    String id = leads.get(e.lead()).lead.id();
    if (e.release()) {
      router.recordOutcome(id, e.won() ? Outcome.WON : Outcome.LOST);
      router.release(id);
    } else {
      router.recordContact(id, e.at());
    }
  }
}
