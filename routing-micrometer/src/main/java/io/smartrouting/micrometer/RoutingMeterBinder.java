package io.smartrouting.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.smartrouting.api.Decision;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.RoutingListener;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.DecisionObserver;
import io.smartrouting.core.Router;
import io.smartrouting.core.RoutingMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a {@link Router}'s decisions and state as Micrometer meters. Every meter carries the tags {@code tenant}
 * and {@code router}.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>further tags</th></tr>
 *   <tr><td>{@code smartrouting.decisions}</td><td>counter</td>
 *       <td>{@code tier} (1, 2, 3), {@code segment}, {@code step} (the deciding step), {@code outcome}
 *       ({@code assigned} or {@code queued})</td></tr>
 *   <tr><td>{@code smartrouting.decision.latency}</td><td>timer with p50, p90, p99</td><td>-</td></tr>
 *   <tr><td>{@code smartrouting.leads.moved}</td><td>counter</td>
 *       <td>{@code move} (why an open lead moved: {@code reassigned}, {@code transferred}, {@code drained},
 *       {@code realigned}, {@code away}, {@code recycled} and the other {@link RoutingEvent.Move} values, lower case),
 *       {@code outcome} ({@code assigned} or {@code queued})</td></tr>
 *   <tr><td>{@code smartrouting.queue.depth}</td><td>gauge</td><td>{@code queue}</td></tr>
 *   <tr><td>{@code smartrouting.queue.oldest}</td><td>time gauge</td><td>{@code queue} (how long its longest-waiting
 *       lead has waited: alert on it as on an SLA)</td></tr>
 *   <tr><td>{@code smartrouting.sla}</td><td>function counter</td>
 *       <td>{@code tier}, {@code result} ({@code met} or {@code missed}: contacted in time, or not)</td></tr>
 *   <tr><td>{@code smartrouting.sla.breaches}</td><td>function counter</td><td>{@code tier}</td></tr>
 *   <tr><td>{@code smartrouting.first.contact}</td><td>timer</td><td>{@code tier}</td></tr>
 *   <tr><td>{@code smartrouting.escalations}, {@code smartrouting.reassignments}, {@code smartrouting.moves},
 *       {@code smartrouting.state.failures}, {@code smartrouting.notifications.dropped}</td>
 *       <td>function counters</td><td>-</td></tr>
 *   <tr><td>{@code smartrouting.journal.waiting}</td><td>gauge</td><td>- (reports kept during a store outage)</td></tr>
 *   <tr><td>{@code smartrouting.timer.lease}</td><td>gauge</td><td>- (1 while this router runs the tenant's timers)</td>
 *   </tr>
 *   <tr><td>{@code smartrouting.rep.load.max}, {@code smartrouting.rep.load.mean}</td><td>gauges</td>
 *       <td>- (open leads / capacity over the roster)</td></tr>
 *   <tr><td>{@code smartrouting.rep.load}</td><td>gauge, only with {@link Builder#perRepGauges(boolean)}</td>
 *       <td>{@code rep} (the rep id)</td></tr>
 * </table>
 *
 * <p>Cardinality stays bounded: tiers, segments, chain steps and queues come from the configuration; per-rep gauges
 * (one per rep id) are off by default. No tag carries personal data.
 *
 * <p>Use: {@code Router router = meters.build(Router.builder()...); meters.bindTo(registry);} or, in two steps,
 * {@link #instrument(Router.Builder)} before building and {@link #attach(Router)} after. Decision, latency and
 * contact meters count from the moment the binder is bound to a registry; state gauges read the attached router's
 * {@link Router#metrics()}, at most once per {@link Builder#snapshotInterval(Duration) snapshot interval}
 * (default one second) however many gauges are read. Thread-safe; it may be bound to several registries.
 */
public final class RoutingMeterBinder implements MeterBinder, RoutingListener, DecisionObserver {

  private static final String[] TIER_TAGS = {"1", "2", "3"};
  private static final double[] PERCENTILES = {0.5, 0.9, 0.99};

  private final Tags tags;
  private final boolean perRepGauges;
  private final long snapshotNanos;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final Map<String, Counter[]> decisionCounters = new ConcurrentHashMap<>();
  private final Map<String, Counter[]> moveCounters = new ConcurrentHashMap<>();
  private final List<Timer> latency = new CopyOnWriteArrayList<>();
  private final Map<Tier, List<Timer>> firstContact = new java.util.EnumMap<>(Tier.class);
  private final Set<String> queues = ConcurrentHashMap.newKeySet();
  private final Set<String> reps = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Router router;
  private volatile @Nullable Snapshot snapshot;

  private RoutingMeterBinder(Builder b) {
    this.tags = Tags.of("tenant", b.tenant, "router", b.routerName);
    this.perRepGauges = b.perRepGauges;
    this.snapshotNanos = b.snapshotInterval.toNanos();
    for (Tier t : Tier.values()) {
      firstContact.put(t, new CopyOnWriteArrayList<>());
    }
  }

  /**
   * A builder: tenant {@code default}, router name {@code router}, no per-rep gauges, one-second snapshots.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds this binder to {@code builder} as a listener and a decision observer; returns {@code builder}.
   *
   * @param builder the builder of the router to measure
   * @return {@code builder}
   */
  public Router.Builder instrument(Router.Builder builder) {
    Objects.requireNonNull(builder, "builder must not be null");
    return builder.listener(this).decisionObserver(this);
  }

  /**
   * The router whose state the gauges read. Call once the instrumented builder has built it.
   *
   * @param router the router the instrumented builder built
   * @return this binder
   */
  public RoutingMeterBinder attach(Router router) {
    this.router = Objects.requireNonNull(router, "router must not be null");
    this.snapshot = null;
    Snapshot s = snapshot();
    if (s != null) {
      s.metrics.queueDepth().keySet().forEach(this::seeQueue);
      if (perRepGauges) {
        s.metrics.repLoad().forEach(l -> seeRep(l.repId()));
      }
    }
    return this;
  }

  /**
   * Instruments {@code builder}, builds the router and attaches it.
   *
   * @param builder the builder of the router to measure
   * @return the router, measured
   */
  public Router build(Router.Builder builder) {
    Router built = instrument(builder).build();
    attach(built);
    return built;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry must not be null");
    if (registries.contains(registry)) {
      return;
    }
    registries.add(registry);
    latency.add(Timer.builder("smartrouting.decision.latency").description("time route() took for a new decision")
        .tags(tags).publishPercentiles(PERCENTILES).register(registry));
    for (Tier t : Tier.values()) {
      Tags tier = tags.and("tier", TIER_TAGS[t.ordinal()]);
      firstContact.get(t).add(Timer.builder("smartrouting.first.contact")
          .description("time from first routing to the first recorded contact").tags(tier).register(registry));
      functionCounter(registry, "smartrouting.sla", "SLA-bound leads contacted in time (met) or not (missed)",
          tier.and("result", "met"), m -> sla(m, t).met());
      functionCounter(registry, "smartrouting.sla", "SLA-bound leads contacted in time (met) or not (missed)",
          tier.and("result", "missed"), m -> sla(m, t).missed());
      functionCounter(registry, "smartrouting.sla.breaches", "SLA deadlines passed, repeated breaches included",
          tier, m -> sla(m, t).breaches());
    }
    functionCounter(registry, "smartrouting.escalations", "SLA escalations", tags, RoutingMetrics::escalations);
    functionCounter(registry, "smartrouting.reassignments", "SLA reassignments", tags,
        RoutingMetrics::reassignments);
    functionCounter(registry, "smartrouting.moves", "queue drains, transfers and offboarding moves", tags,
        RoutingMetrics::moves);
    functionCounter(registry, "smartrouting.state.failures", "state-store calls that failed and were absorbed", tags,
        RoutingMetrics::stateFailures);
    functionCounter(registry, "smartrouting.notifications.dropped", "events dropped by a full event queue", tags,
        RoutingMetrics::droppedNotifications);
    Gauge.builder("smartrouting.journal.waiting", this, b -> {
      Router r = b.router;
      return r == null ? 0 : r.journaledReports();
    }).description("releases, contacts and outcomes kept while the state store is unavailable").tags(tags)
        .register(registry);
    Gauge.builder("smartrouting.timer.lease", this, b -> {
      Router r = b.router;
      return r != null && r.holdsTimerLease() ? 1 : 0;
    }).description("1 while this router runs the tenant's SLA timers and queue drains").tags(tags)
        .register(registry);
    Gauge.builder("smartrouting.rep.load.max", this, b -> b.load(true)).description(
        "highest open leads / capacity over the roster").tags(tags).register(registry);
    Gauge.builder("smartrouting.rep.load.mean", this, b -> b.load(false)).description(
        "mean open leads / capacity over the roster").tags(tags).register(registry);
    Gauge.builder("smartrouting.reps.at.daily.cap", this, b -> {
      Snapshot s = b.snapshot();
      return s == null ? 0 : s.metrics.repsAtDailyCap();
    }).description("reps that have taken their cap of new leads in its period (today, this week or month)").tags(tags)
        .register(registry);
    queues.forEach(q -> queueGauge(registry, q));
    reps.forEach(r -> repGauge(registry, r));
  }

  /** Counts a new decision and its latency (a {@link DecisionObserver}). */
  @Override
  public void decided(Decision decision, long nanos) {
    for (Timer t : latency) {
      t.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
    for (Counter c : decisionCounters(decision)) {
      c.increment();
    }
    String queue = decision.queue();
    if (queue != null && !queues.contains(queue)) {
      seeQueue(queue);
    }
    String rep = decision.repId();
    if (perRepGauges && rep != null && !reps.contains(rep)) {
      seeRep(rep);
    }
  }

  /** Records first-contact times and counts moved leads (a {@link RoutingListener}). */
  @Override
  public void onEvent(RoutingEvent event) {
    if (event instanceof RoutingEvent.ContactRecorded c) {
      for (Timer t : firstContact.get(c.tier())) {
        t.record(c.timeToContact());
      }
    } else if (event instanceof RoutingEvent.LeadMoved m) {
      boolean assigned = m.decision().repId() != null;
      String move = m.move().name().toLowerCase(Locale.ROOT);
      for (Counter c : counters(moveCounters, move + (assigned ? "|a" : "|q"), "smartrouting.leads.moved",
          "open leads moved to another rep or a queue, by why", () -> tags.and("move", move)
              .and("outcome", assigned ? "assigned" : "queued"))) {
        c.increment();
      }
    }
  }

  private Counter[] decisionCounters(Decision d) {
    Tier tier = d.tier();
    Segment segment = d.segment();
    String key = (tier == null ? "-" : TIER_TAGS[tier.ordinal()]) + '|' + (segment == null ? "-" : segment.name())
        + '|' + (d.repId() != null ? 'a' : 'q') + '|' + d.decidedBy();
    Counter[] known = decisionCounters.get(key);
    if (known != null && known.length == registries.size()) {
      return known;
    }
    return counters(decisionCounters, key, "smartrouting.decisions", "new routing decisions",
        () -> tags.and("tier", tier == null ? "none" : TIER_TAGS[tier.ordinal()])
            .and("segment", segment == null ? "none" : segment.name().toLowerCase(Locale.ROOT))
            .and("step", d.decidedBy()).and("outcome", d.repId() != null ? "assigned" : "queued"));
  }

  /**
   * The counters of kind {@code key} in {@code cache}, one per bound registry, registered under {@code name} with the
   * tags {@code kindTags} makes the first time a kind is met (or when a registry was bound since). A caller on the
   * decision path reads the cache itself first, so that a known kind makes no tag supplier.
   */
  private Counter[] counters(Map<String, Counter[]> cache, String key, String name, String description,
      java.util.function.Supplier<Tags> kindTags) {
    Counter[] counters = cache.get(key);
    if (counters == null || counters.length != registries.size()) {
      counters = cache.compute(key, (k, old) -> {
        Tags t = kindTags.get();
        Counter[] fresh = new Counter[registries.size()];
        for (int i = 0; i < fresh.length; i++) {
          fresh[i] = Counter.builder(name).description(description).tags(t).register(registries.get(i));
        }
        return fresh;
      });
    }
    return counters;
  }

  private void seeQueue(String queue) {
    if (queues.add(queue)) {
      for (MeterRegistry r : registries) {
        queueGauge(r, queue);
      }
    }
  }

  private void seeRep(String rep) {
    if (reps.add(rep)) {
      for (MeterRegistry r : registries) {
        repGauge(r, rep);
      }
    }
  }

  private void queueGauge(MeterRegistry registry, String queue) {
    Gauge.builder("smartrouting.queue.depth", this, b -> {
      Snapshot s = b.snapshot();
      return s == null ? 0 : s.metrics.queueDepth().getOrDefault(queue, 0);
    }).description("open leads waiting in the queue").tags(tags.and("queue", queue)).register(registry);
    io.micrometer.core.instrument.TimeGauge.builder("smartrouting.queue.oldest", this,
        java.util.concurrent.TimeUnit.SECONDS, b -> {
          Snapshot s = b.snapshot();
          java.time.Duration d = s == null ? null : s.metrics.queueOldestWait().get(queue);
          return d == null ? 0 : d.toMillis() / 1000.0;
        }).description("how long the lead that has waited longest in the queue has waited (0 when none waits)")
        .tags(tags.and("queue", queue)).register(registry);
  }

  private void repGauge(MeterRegistry registry, String rep) {
    Gauge.builder("smartrouting.rep.load", this, b -> {
      Snapshot s = b.snapshot();
      RoutingMetrics.RepLoad l = s == null ? null : s.byRep.get(rep);
      return l == null ? Double.NaN : l.utilisation();
    }).description("the rep's open leads / capacity").tags(tags.and("rep", rep)).register(registry);
  }

  private void functionCounter(MeterRegistry registry, String name, String description, Tags t,
      ToDoubleFunction<RoutingMetrics> read) {
    FunctionCounter.builder(name, this, b -> {
      Snapshot s = b.snapshot();
      return s == null ? 0 : read.applyAsDouble(s.metrics);
    }).description(description).tags(t).register(registry);
  }

  private static RoutingMetrics.SlaStats sla(RoutingMetrics m, Tier t) {
    RoutingMetrics.SlaStats s = m.sla().get(t);
    return s == null ? new RoutingMetrics.SlaStats(0, 0, 0, 0, null, null) : s;
  }

  private double load(boolean max) {
    Snapshot s = snapshot();
    if (s == null || s.metrics.repLoad().isEmpty()) {
      return 0;
    }
    double best = 0;
    double sum = 0;
    int n = 0;
    for (RoutingMetrics.RepLoad l : s.metrics.repLoad()) {
      double u = l.utilisation();
      if (Double.isFinite(u)) {
        best = Math.max(best, u);
        sum += u;
        n++;
      }
    }
    return max ? best : n == 0 ? 0 : sum / n;
  }

  private @Nullable Snapshot snapshot() {
    Router r = router;
    if (r == null) {
      return null;
    }
    Snapshot s = snapshot;
    long now = System.nanoTime();
    if (s == null || now - s.takenNanos >= snapshotNanos) {
      RoutingMetrics m = r.metrics();
      Map<String, RoutingMetrics.RepLoad> byRep = new HashMap<>();
      if (perRepGauges) {
        for (RoutingMetrics.RepLoad l : m.repLoad()) {
          byRep.put(l.repId(), l);
        }
      }
      s = new Snapshot(now, m, byRep);
      snapshot = s;
    }
    return s;
  }

  private record Snapshot(long takenNanos, RoutingMetrics metrics, Map<String, RoutingMetrics.RepLoad> byRep) {}

  /** Settings of a {@link RoutingMeterBinder}. */
  public static final class Builder {
    private String tenant = "default";
    private String routerName = "router";
    private boolean perRepGauges;
    private Duration snapshotInterval = Duration.ofSeconds(1);

    private Builder() {}

    /**
     * The {@code tenant} tag (default {@code default}).
     *
     * @param tenant the tag's value
     * @return this builder
     */
    public Builder tenant(String tenant) {
      this.tenant = requireText(tenant, "tenant");
      return this;
    }

    /**
     * The {@code router} tag (default {@code router}).
     *
     * @param routerName the tag's value
     * @return this builder
     */
    public Builder routerName(String routerName) {
      this.routerName = requireText(routerName, "routerName");
      return this;
    }

    /**
     * One {@code smartrouting.rep.load} gauge per rep id (default off: a roster of thousands means thousands of
     * time series).
     *
     * @param perRepGauges whether to register a gauge per rep
     * @return this builder
     */
    public Builder perRepGauges(boolean perRepGauges) {
      this.perRepGauges = perRepGauges;
      return this;
    }

    /**
     * How old the router snapshot the gauges read may be (default one second; zero reads it every time).
     *
     * @param interval the longest age of the snapshot read
     * @return this builder
     */
    public Builder snapshotInterval(Duration interval) {
      Objects.requireNonNull(interval, "snapshotInterval must not be null");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("snapshotInterval must not be negative but was " + interval);
      }
      this.snapshotInterval = interval;
      return this;
    }

    /**
     * The binder.
     *
     * @return a binder, to {@link #instrument} a builder with and bind to a registry
     */
    public RoutingMeterBinder build() {
      return new RoutingMeterBinder(this);
    }

    private static String requireText(String value, String field) {
      Objects.requireNonNull(value, field + " must not be null");
      if (value.isBlank()) {
        throw new IllegalArgumentException(field + " must not be blank");
      }
      return value;
    }
  }
}
