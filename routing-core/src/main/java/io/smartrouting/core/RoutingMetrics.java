package io.smartrouting.core;

import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A point-in-time snapshot of a router's counters, from {@link Router#metrics()}. Immutable.
 *
 * @param at when the snapshot was taken, on the router's clock
 * @param decisionsByTier new decisions (assigned or queued) per tier
 * @param decisionsBySegment new decisions per segment
 * @param decisionsByStrategy new decisions per deciding step label ({@code fallback}, {@code after-hours} included)
 * @param queueDepth open leads waiting in each queue now
 * @param queueOldestWait how long the lead that has waited longest in each queue (of those with a lead) has waited
 *     there now: since it entered the queue, by the router's clock
 * @param sla first-contact statistics per tier
 * @param repLoad open leads against capacity for every rep of the current roster, in roster order
 * @param reassignments SLA reassignments so far
 * @param escalations SLA escalations so far
 * @param conversionBySegment won and lost outcomes per segment
 * @param droppedNotifications events dropped because the asynchronous event queue was full
 * @param moves leads moved outside SLA breaches so far: queue drains, reassignments, transfers, offboarding
 * @param stateFailures calls to the live state store that failed and that the router absorbed: decisions queued
 *     without state, facts or outcomes kept locally, timer and drain passes paused until the store answers
 */
public record RoutingMetrics(Instant at, Map<Tier, Long> decisionsByTier, Map<Segment, Long> decisionsBySegment,
    Map<String, Long> decisionsByStrategy, Map<String, Integer> queueDepth, Map<String, Duration> queueOldestWait,
    Map<Tier, SlaStats> sla,
    List<RepLoad> repLoad, long reassignments, long escalations, Map<Segment, Conversion> conversionBySegment,
    long droppedNotifications, long moves, long stateFailures) {

  /**
   * Copies every collection.
   *
   * @param at when the snapshot was taken, on the router's clock
   * @param decisionsByTier new decisions (assigned or queued) per tier
   * @param decisionsBySegment new decisions per segment
   * @param decisionsByStrategy new decisions per deciding step label ({@code fallback}, {@code after-hours}
   *     included)
   * @param queueDepth open leads waiting in each queue now
   * @param queueOldestWait how long the lead that has waited longest in each queue (of those with a lead) has
   *     waited there now: since it entered the queue, by the router's clock
   * @param sla first-contact statistics per tier
   * @param repLoad open leads against capacity for every rep of the current roster, in roster order
   * @param reassignments SLA reassignments so far
   * @param escalations SLA escalations so far
   * @param conversionBySegment won and lost outcomes per segment
   * @param droppedNotifications events dropped because the asynchronous event queue was full
   * @param moves leads moved outside SLA breaches so far: queue drains, reassignments, transfers, offboarding
   * @param stateFailures calls to the live state store that failed and that the router absorbed: decisions
   *     queued without state, facts or outcomes kept locally, timer and drain passes paused until the store answers
   */
  public RoutingMetrics {
    decisionsByTier = Map.copyOf(decisionsByTier);
    decisionsBySegment = Map.copyOf(decisionsBySegment);
    decisionsByStrategy = Map.copyOf(decisionsByStrategy);
    queueDepth = Map.copyOf(queueDepth);
    queueOldestWait = Map.copyOf(queueOldestWait);
    sla = Map.copyOf(sla);
    repLoad = List.copyOf(repLoad);
    conversionBySegment = Map.copyOf(conversionBySegment);
  }

  /**
   * First contacts of one tier.
   *
   * @param contacted leads whose first contact was recorded
   * @param met leads contacted by their deadline
   * @param missed leads whose deadline passed first (counted once per lead, at the first breach)
   * @param breaches every breach, including repeated breaches after reassignment
   * @param p50 median time from first routing to first contact, or null before any contact
   * @param p90 90th percentile of the same, or null
   */
  public record SlaStats(long contacted, long met, long missed, long breaches, @Nullable Duration p50,
      @Nullable Duration p90) {
    /**
     * Share of SLA-bound leads contacted in time: {@code met / (met + missed)}, or NaN with neither.
     *
     * @return the share met, or NaN before any deadline passed or was met
     */
    public double withinSlaRate() {
      long n = met + missed;
      return n == 0 ? Double.NaN : (double) met / n;
    }
  }

  /**
   * One rep's load: open leads against capacity, and new leads today against its daily cap.
   *
   * @param repId the rep
   * @param open open leads now
   * @param capacity the rep's capacity
   * @param takenToday leads the chain gave it in the period of its binding cap, as this router knows (0 without a
   *     cap): today for a daily cap, this week or month for a weekly or monthly cap; of a rep with caps of several
   *     periods, the period at its cap (the longest), else the one with the fewest leads left
   * @param dailyCap that cap, 0 for none ({@link io.smartrouting.api.Rep#dailyCap()},
   *     {@link io.smartrouting.api.Rep#weeklyCap()}, {@link io.smartrouting.api.Rep#monthlyCap()})
   */
  public record RepLoad(String repId, int open, int capacity, int takenToday, int dailyCap) {

    /**
     * A rep without a daily cap.
     *
     * @param repId the rep
     * @param open its open leads
     * @param capacity its capacity
     */
    public RepLoad(String repId, int open, int capacity) {
      this(repId, open, capacity, 0, 0);
    }

    /**
     * {@code open / capacity}; 0 for a rep of capacity 0 with nothing open.
     *
     * @return open leads over capacity
     */
    public double utilisation() {
      return capacity == 0 ? (open == 0 ? 0 : Double.POSITIVE_INFINITY) : (double) open / capacity;
    }

    /** {@return true if the rep has a cap and has taken it today (this week for a weekly cap)} */
    public boolean atDailyCap() {
      return dailyCap > 0 && takenToday >= dailyCap;
    }
  }

  /**
   * How many reps of the roster have a cap and have taken it in its period (day, or week for a weekly cap).
   *
   * @return the reps at their cap
   */
  public int repsAtDailyCap() {
    int n = 0;
    for (RepLoad l : repLoad) {
      n += l.atDailyCap() ? 1 : 0;
    }
    return n;
  }

  /** Terminal outcomes of one segment. */
  public record Conversion(long won, long lost) {
    /**
     * {@code won / (won + lost)}, or NaN before any terminal outcome.
     *
     * @return the share won, or NaN before any won or lost
     */
    public double rate() {
      long n = won + lost;
      return n == 0 ? Double.NaN : (double) won / n;
    }
  }

  /** {@return a short plain-text report (no personal data: rep ids only)} */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("decisions by tier: ").append(new java.util.TreeMap<>(decisionsByTier)).append('\n');
    sb.append("decisions by strategy: ").append(new java.util.TreeMap<>(decisionsByStrategy)).append('\n');
    sb.append("queue depth: ").append(new java.util.TreeMap<>(queueDepth)).append('\n');
    if (!queueOldestWait.isEmpty()) {
      sb.append("longest wait:");
      new java.util.TreeMap<>(queueOldestWait).forEach((q, d) -> sb.append(' ').append(q).append(' ')
          .append(human(d)));
      sb.append('\n');
    }
    sb.append(String.format(Locale.ROOT, "%-7s %9s %6s %7s %9s %8s %10s %10s%n", "tier", "contacted", "met",
        "missed", "breaches", "in SLA", "p50", "p90"));
    for (Tier t : Tier.values()) {
      SlaStats s = sla.get(t);
      if (s == null) {
        continue;
      }
      double rate = s.withinSlaRate();
      sb.append(String.format(Locale.ROOT, "%-7s %9d %6d %7d %9d %8s %10s %10s%n", "tier " + t.number(),
          s.contacted(), s.met(), s.missed(), s.breaches(),
          Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * rate), human(s.p50()),
          human(s.p90())));
    }
    sb.append("reassignments: ").append(reassignments).append(", escalations: ").append(escalations)
        .append(", moves (drains, transfers): ").append(moves)
        .append(", dropped notifications: ").append(droppedNotifications)
        .append(", state store failures: ").append(stateFailures).append('\n');
    int capped = 0;
    for (RepLoad l : repLoad) {
      capped += l.dailyCap() > 0 ? 1 : 0;
    }
    if (capped > 0) {
      sb.append("reps with a daily cap: ").append(capped).append(", at it today: ").append(repsAtDailyCap())
          .append('\n');
    }
    if (!conversionBySegment.isEmpty()) {
      sb.append("conversion by segment:");
      for (Segment s : Segment.values()) {
        Conversion c = conversionBySegment.get(s);
        if (c != null) {
          sb.append(String.format(Locale.ROOT, " %s %.1f%% (%d won / %d lost)", s, 100 * c.rate(), c.won(),
              c.lost()));
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String human(@Nullable Duration d) {
    if (d == null) {
      return "-";
    }
    long s = d.getSeconds();
    return s < 60 ? s + "s" : s < 3600 ? String.format(Locale.ROOT, "%.1fmin", s / 60.0)
        : String.format(Locale.ROOT, "%.1fh", s / 3600.0);
  }
}
