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

  /*
   * Per-decision counters (tier, segment, deciding step) are bumped by every routing thread on every decision, so
   * they are striped by thread, each stripe one padded block of plain longs: a decision writes one cache line that
   * its thread keeps. (LongAdders, one per counter, cost a thread three shared cache lines per decision; with the
   * idempotency window they were what kept two routing threads from scaling.) Other counters are rare events.
   */
  private static final int STRIPES = 32;
  /** Longs per stripe: 256 bytes, so no two stripes share a cache line (or an adjacent-line prefetch pair). */
  private static final int STRIDE = 32;
  private static final int TIERS = Tier.values().length;
  private static final int SEGMENTS = Segment.values().length;
  private static final int FIRST_LABEL = TIERS + SEGMENTS;
  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.arrayElementVarHandle(long[].class);
  /**
   * One leading block of padding, then {@link #STRIPES} blocks of {@link #STRIDE}: 8.4 KB, made at the first decision,
   * so that a router per tenant that never routes does not hold it; null until then.
   */
  private volatile long @Nullable [] perDecision;
  /** Slot of each deciding-step label seen so far, republished (immutable) when a label is first seen. */
  private volatile Map<String, Integer> labelSlots = Map.of();
  /** Labels beyond the slots of a stripe (a chain with dozens of steps) count here. */
  private final ConcurrentHashMap<String, LongAdder> overflowLabels = new ConcurrentHashMap<>();
  private final LongAdder[] contacted = adders(Tier.values().length);
  private final LongAdder[] met = adders(Tier.values().length);
  private final LongAdder[] missed = adders(Tier.values().length);
  private final LongAdder[] breaches = adders(Tier.values().length);
  private final LongAdder reassignments = new LongAdder();
  private final LongAdder escalations = new LongAdder();
  private final LongAdder moves = new LongAdder();
  private final LongAdder stateFailures = new LongAdder();
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
    long[] perDecision = this.perDecision;
    if (perDecision == null) {
      perDecision = firstDecision();
    }
    int base = STRIDE * (1 + stripeOfCurrentThread());
    if (d.tier() != null) {
      LONGS.getAndAdd(perDecision, base + d.tier().ordinal(), 1L);
    }
    if (d.segment() != null) {
      LONGS.getAndAdd(perDecision, base + TIERS + d.segment().ordinal(), 1L);
    }
    Integer slot = labelSlots.get(d.decidedBy());
    if (slot == null) {
      slot = firstSeen(d.decidedBy());
    }
    if (slot >= 0) {
      LONGS.getAndAdd(perDecision, base + slot, 1L);
    } else {
      overflowLabels.computeIfAbsent(d.decidedBy(), k -> new LongAdder()).increment();
    }
  }

  /** The per-decision counters, made once (by the first decision of any thread). */
  private synchronized long[] firstDecision() {
    long[] a = perDecision;
    if (a == null) {
      a = new long[(STRIPES + 1) * STRIDE];
      perDecision = a;
    }
    return a;
  }

  /** The slot of a new label, or -1 if the stripes are full (then it counts in {@link #overflowLabels}). */
  private synchronized int firstSeen(String label) {
    Integer known = labelSlots.get(label);
    if (known != null) {
      return known;
    }
    int slot = FIRST_LABEL + labelSlots.size();
    if (slot >= STRIDE) {
      return -1;
    }
    Map<String, Integer> next = new HashMap<>(labelSlots);
    next.put(label, slot);
    labelSlots = Map.copyOf(next);
    return slot;
  }

  private static int stripeOfCurrentThread() {
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same value on 17.
    long id = Thread.currentThread().getId();
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> 59) & (STRIPES - 1);
  }

  /** The sum of per-decision counter {@code slot} over every stripe. */
  private long perDecisionSum(int slot) {
    long[] perDecision = this.perDecision;
    if (perDecision == null) {
      return 0;
    }
    long sum = 0;
    for (int stripe = 0; stripe < STRIPES; stripe++) {
      sum += (long) LONGS.getVolatile(perDecision, STRIDE * (1 + stripe) + slot);
    }
    return sum;
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

  /** The live state store failed a call the router absorbed (a decision queued without state, a paused pass). */
  public void stateFailure() {
    stateFailures.increment();
  }

  public void moved() {
    moves.increment();
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
      Map<String, java.time.Duration> queueOldestWait, java.util.List<RoutingMetrics.RepLoad> load, long dropped) {
    Map<Tier, Long> tiers = new EnumMap<>(Tier.class);
    Map<Tier, RoutingMetrics.SlaStats> sla = new EnumMap<>(Tier.class);
    for (Tier t : Tier.values()) {
      int i = t.ordinal();
      tiers.put(t, perDecisionSum(i));
      long[] sorted = contactTimes[i].sorted();
      sla.put(t, new RoutingMetrics.SlaStats(contacted[i].sum(), met[i].sum(), missed[i].sum(), breaches[i].sum(),
          percentile(sorted, 0.50), percentile(sorted, 0.90)));
    }
    Map<Segment, Long> segments = new EnumMap<>(Segment.class);
    Map<Segment, RoutingMetrics.Conversion> conversion = new EnumMap<>(Segment.class);
    for (Segment s : Segment.values()) {
      segments.put(s, perDecisionSum(TIERS + s.ordinal()));
      long w = won[s.ordinal()].sum();
      long l = lost[s.ordinal()].sum();
      if (w + l > 0) {
        conversion.put(s, new RoutingMetrics.Conversion(w, l));
      }
    }
    Map<String, Long> strategies = new HashMap<>();
    labelSlots.forEach((label, slot) -> strategies.put(label, perDecisionSum(slot)));
    overflowLabels.forEach((label, count) -> strategies.put(label, count.sum()));
    return new RoutingMetrics(at, tiers, segments, strategies, queueDepth, queueOldestWait, sla, load,
        reassignments.sum(),
        escalations.sum(), conversion, dropped, moves.sum(), stateFailures.sum());
  }

  /** Nearest-rank percentile of sorted millisecond values, or null when empty. */
  static @Nullable Duration percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return null;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return Duration.ofMillis(sorted[Math.max(0, rank - 1)]);
  }

  /**
   * The last {@link #WINDOW} values of one series. Grown as values come, up to the window: a router per tenant has
   * three of these, and a tenant that sees few contacts should not pay 240 KB for them up front.
   */
  private static final class Window {
    private long[] values = new long[16];
    private long count;

    synchronized void add(long v) {
      if (count < WINDOW && count == values.length) {
        values = Arrays.copyOf(values, (int) Math.min(WINDOW, 2 * count));
      }
      values[(int) (count++ % WINDOW)] = v;
    }

    synchronized long[] sorted() {
      long[] copy = Arrays.copyOf(values, (int) Math.min(count, WINDOW));
      Arrays.sort(copy);
      return copy;
    }
  }
}
