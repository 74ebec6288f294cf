package io.smartrouting.core.internal;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.RoutingMetrics;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/** Counters behind {@link RoutingMetrics}: striped adders on the hot path, exact percentiles over a window. */
public final class MetricsRecorder {

  /** Contact times kept per tier for percentiles: the most recent this many. */
  static final int WINDOW = 10_000;

  private final LongAdder[] byTier = adders(Tier.values().length);
  private final LongAdder[] bySegment = adders(Segment.values().length);
  private final ConcurrentHashMap<String, LongAdder> byStrategy = new ConcurrentHashMap<>();
  private final LongAdder[] contacted = adders(Tier.values().length);
  private final LongAdder[] met = adders(Tier.values().length);
  private final LongAdder[] missed = adders(Tier.values().length);
  private final LongAdder[] breaches = adders(Tier.values().length);
  private final LongAdder reassignments = new LongAdder();
  private final LongAdder escalations = new LongAdder();
  private final LongAdder[] won = adders(Segment.values().length);
  private final LongAdder[] lost = adders(Segment.values().length);
  private final Window[] contactTimes = new Window[Tier.values().length];

  public MetricsRecorder() {
    for (int i = 0; i < contactTimes.length; i++) {
      contactTimes[i] = new Window();
    }
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  /** A new decision (not a repeat). */
  public void decision(Decision d) {
    if (d.tier() != null) {
      byTier[d.tier().ordinal()].increment();
    }
    if (d.segment() != null) {
      bySegment[d.segment().ordinal()].increment();
    }
    byStrategy.computeIfAbsent(d.decidedBy(), k -> new LongAdder()).increment();
  }

  public void contact(Tier tier, Duration sinceRouted, boolean inTime, boolean hadDeadline,
      boolean alreadyMissed) {
    contacted[tier.ordinal()].increment();
    contactTimes[tier.ordinal()].add(sinceRouted.toMillis());
    if (hadDeadline && inTime) {
      met[tier.ordinal()].increment();
    } else if (hadDeadline && !alreadyMissed) {
      missed[tier.ordinal()].increment();
    }
  }

  public void breach(Tier tier, boolean first) {
    breaches[tier.ordinal()].increment();
    if (first) {
      missed[tier.ordinal()].increment();
    }
  }

  public void reassigned() {
    reassignments.increment();
  }

  public void escalated() {
    escalations.increment();
  }

  public void outcome(@Nullable Segment segment, Outcome outcome) {
    if (segment == null) {
      return;
    }
    if (outcome == Outcome.WON) {
      won[segment.ordinal()].increment();
    } else if (outcome == Outcome.LOST) {
      lost[segment.ordinal()].increment();
    }
  }

  /** Builds the snapshot; queue depth and rep load come from the caller (they are live state, not counters). */
  public RoutingMetrics snapshot(java.time.Instant at, Map<String, Integer> queueDepth,
      java.util.List<RoutingMetrics.RepLoad> load, long dropped) {
    Map<Tier, Long> tiers = new EnumMap<>(Tier.class);
    Map<Tier, RoutingMetrics.SlaStats> sla = new EnumMap<>(Tier.class);
    for (Tier t : Tier.values()) {
      int i = t.ordinal();
      tiers.put(t, byTier[i].sum());
      long[] sorted = contactTimes[i].sorted();
      sla.put(t, new RoutingMetrics.SlaStats(contacted[i].sum(), met[i].sum(), missed[i].sum(), breaches[i].sum(),
          percentile(sorted, 0.50), percentile(sorted, 0.90)));
    }
    Map<Segment, Long> segments = new EnumMap<>(Segment.class);
    Map<Segment, RoutingMetrics.Conversion> conversion = new EnumMap<>(Segment.class);
    for (Segment s : Segment.values()) {
      segments.put(s, bySegment[s.ordinal()].sum());
      long w = won[s.ordinal()].sum();
      long l = lost[s.ordinal()].sum();
      if (w + l > 0) {
        conversion.put(s, new RoutingMetrics.Conversion(w, l));
      }
    }
    Map<String, Long> strategies = new HashMap<>();
    byStrategy.forEach((k, v) -> strategies.put(k, v.sum()));
    return new RoutingMetrics(at, tiers, segments, strategies, queueDepth, sla, load, reassignments.sum(),
        escalations.sum(), conversion, dropped);
  }

  /** Nearest-rank percentile of sorted millisecond values, or null when empty. */
  static @Nullable Duration percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return null;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return Duration.ofMillis(sorted[Math.max(0, rank - 1)]);
  }

  /** The last {@link #WINDOW} values of one series. */
  private static final class Window {
    private final long[] values = new long[WINDOW];
    private long count;

    synchronized void add(long v) {
      values[(int) (count++ % WINDOW)] = v;
    }

    synchronized long[] sorted() {
      long[] copy = Arrays.copyOf(values, (int) Math.min(count, WINDOW));
      Arrays.sort(copy);
      return copy;
    }
  }
}
