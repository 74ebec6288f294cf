package io.smartrouting.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.RoutingMetrics;
import io.smartrouting.core.SlaClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingMeterBinderTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T15:00:00Z"));

  private Router router(RoutingMeterBinder meters) {
    List<Rep> reps = List.of(
        Rep.builder("ent").territories("US").segments(Segment.ENTERPRISE).capacity(50).build(),
        Rep.builder("smb").territories("US").segments(Segment.SMB, Segment.MID_MARKET).capacity(2).build());
    return meters.build(Router.builder().roster(reps).defaultChain().fallbackQueue("unassigned").clock(clock)
        .manualTimers().sla(Tier.TIER_1, Duration.ofMinutes(5)).slaClock(Tier.TIER_1, SlaClock.WALL_CLOCK)
        .sla(Tier.TIER_3, Duration.ofMinutes(60)).slaClock(Tier.TIER_3, SlaClock.WALL_CLOCK));
  }

  private static Lead demo(String id) {
    return Lead.builder(id).country("US").employees(5000).source(LeadSource.DEMO_REQUEST).build();
  }

  private static Lead small(String id) {
    return Lead.builder(id).country("US").employees(20).build();
  }

  @Test
  void decisionsLatencyQueuesSlaAndContactsAreMetersThatAgreeWithTheRouter() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RoutingMeterBinder meters = RoutingMeterBinder.builder().tenant("acme").routerName("inbound")
        .snapshotInterval(Duration.ZERO).build();
    try (Router router = router(meters)) {
      meters.bindTo(registry);
      Decision d1 = router.route(demo("T1-a"));
      router.route(demo("T1-b"));
      for (int i = 0; i < 5; i++) {
        router.route(small("S-" + i)); // capacity 2: three of them wait in the fallback queue
      }
      router.route(Lead.builder("JP-1").country("JP").build());
      router.route(small("S-0")); // the same lead again: not a new decision

      double total = registry.find("smartrouting.decisions").counters().stream().mapToDouble(Counter::count).sum();
      assertThat(total).isEqualTo(8);
      RoutingMetrics m = router.metrics();
      assertThat(total).isEqualTo(m.decisionsByTier().values().stream().mapToLong(Long::longValue).sum());
      Counter tier1 = registry.get("smartrouting.decisions").tags("tenant", "acme", "router", "inbound", "tier", "1",
          "segment", "enterprise", "outcome", "assigned").counter();
      assertThat(tier1.count()).isEqualTo(2);
      assertThat(tier1.getId().getTag("step")).isEqualTo(d1.decidedBy());
      assertThat(registry.find("smartrouting.decisions").tag("outcome", "queued").counters().stream()
          .mapToDouble(Counter::count).sum()).isEqualTo(4);

      Timer latency = registry.get("smartrouting.decision.latency").tags("tenant", "acme").timer();
      assertThat(latency.count()).isEqualTo(8);
      assertThat(latency.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();

      assertThat(m.queueDepth().get("unassigned")).isEqualTo(4);
      assertThat(registry.get("smartrouting.queue.depth").tag("queue", "unassigned").gauge().value())
          .isEqualTo(4.0);

      clock.advance(Duration.ofMinutes(2));
      router.recordContact("T1-a", clock.instant());
      clock.advance(Duration.ofMinutes(10));
      router.fireDueTimers(); // T1-b is past its 5 minutes
      assertThat(sla(registry, "1", "met")).isEqualTo(1);
      assertThat(sla(registry, "1", "missed")).isEqualTo(1);
      assertThat(registry.get("smartrouting.sla.breaches").tag("tier", "1").functionCounter().count()).isEqualTo(1);
      // The leads waiting since the start have waited 12 minutes: alert on it as on an SLA.
      assertThat(router.metrics().queueOldestWait().get("unassigned")).isEqualTo(Duration.ofMinutes(12));
      assertThat(registry.get("smartrouting.queue.oldest").tag("queue", "unassigned").timeGauge()
          .value(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(720.0);
      Timer contact = registry.get("smartrouting.first.contact").tag("tier", "1").timer();
      assertThat(contact.count()).isEqualTo(1);
      assertThat(contact.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(120);

      assertThat(registry.get("smartrouting.rep.load.max").gauge().value()).isEqualTo(1.0); // smb: 2 of 2
      assertThat(registry.find("smartrouting.rep.load").gauges()).isEmpty(); // per-rep gauges are opt-in
      assertThat(registry.get("smartrouting.state.failures").functionCounter().count()).isZero();
      assertThat(registry.get("smartrouting.journal.waiting").gauge().value()).isZero();
      assertThat(registry.get("smartrouting.timer.lease").gauge().value()).as("a router of its own").isEqualTo(1);
      for (Meter meter : registry.getMeters()) {
        assertThat(meter.getId().getTag("tenant")).as(meter.getId().toString()).isEqualTo("acme");
      }
    }
  }

  @Test
  void movedLeadsAreCountedByWhyAndWhereTheyWent() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RoutingMeterBinder meters = RoutingMeterBinder.builder().tenant("acme").build();
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(10).build(),
        Rep.builder("bob").territories("US").capacity(10).build());
    try (Router router = meters.build(Router.builder().roster(reps).step("round-robin").clock(clock)
        .manualTimers().recycleStalledLeads(Duration.ofDays(14)))) {
      meters.bindTo(registry);
      for (String id : List.of("L1", "L2", "L3")) {
        router.route(Lead.builder(id).country("US").build());
        router.recordContact(id, clock.instant());
      }
      router.transfer("L3");
      clock.advance(Duration.ofDays(14).plusMinutes(1));
      router.fireDueTimers(); // L1 and L2 recycled to the other rep; L3, moved since, was not contacted again
      assertThat(registry.get("smartrouting.leads.moved").tags("tenant", "acme", "move", "recycled", "outcome",
          "assigned").counter().count()).isEqualTo(2);
      assertThat(registry.get("smartrouting.leads.moved").tags("move", "transferred").counter().count())
          .isEqualTo(1);
      assertThat(registry.find("smartrouting.leads.moved").counters()).hasSize(2);
    }
  }

  private static double sla(SimpleMeterRegistry registry, String tier, String result) {
    FunctionCounter c = registry.get("smartrouting.sla").tags("tier", tier, "result", result).functionCounter();
    return c.count();
  }

  @Test
  void perRepGaugesWhenAskedFor() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RoutingMeterBinder meters = RoutingMeterBinder.builder().perRepGauges(true).snapshotInterval(Duration.ZERO)
        .build();
    try (Router router = router(meters)) {
      meters.bindTo(registry);
      router.route(small("S-1"));
      assertThat(registry.get("smartrouting.rep.load").tag("rep", "smb").gauge().value()).isEqualTo(0.5);
      assertThat(registry.get("smartrouting.rep.load").tag("rep", "ent").gauge().value()).isZero();
    }
  }

  @Test
  void repsAtTheirDailyCapAreAGaugeAndInTheMetricsText() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RoutingMeterBinder meters = RoutingMeterBinder.builder().snapshotInterval(Duration.ZERO).build();
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").dailyCap(2).build(),
        Rep.builder("bob").territories("US").dailyCap(5).build(), Rep.builder("cy").territories("US").build());
    try (Router router = meters.build(Router.builder().roster(reps).defaultChain().clock(clock).manualTimers())) {
      meters.bindTo(registry);
      assertThat(registry.get("smartrouting.reps.at.daily.cap").gauge().value()).isZero();
      for (int i = 0; i < 6; i++) {
        router.release(router.route(small("S-" + i)).leadId());
      }
      // Round-robin over three: two each; ana has taken her two.
      RoutingMetrics m = router.metrics();
      assertThat(m.repLoad()).filteredOn(l -> l.repId().equals("ana")).singleElement()
          .satisfies(l -> assertThat(l.atDailyCap()).isTrue());
      assertThat(m.repsAtDailyCap()).isEqualTo(1);
      assertThat(registry.get("smartrouting.reps.at.daily.cap").gauge().value()).isEqualTo(1.0);
      assertThat(m.toText()).contains("reps with a daily cap: 2, at it today: 1");
      clock.advance(Duration.ofDays(1));
      assertThat(registry.get("smartrouting.reps.at.daily.cap").gauge().value()).as("a new day").isZero();
    }
  }

  @Test
  void aScrapeInPrometheusFormat() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SimpleMeterRegistry simple = new SimpleMeterRegistry();
    RoutingMeterBinder meters = RoutingMeterBinder.builder().tenant("acme").snapshotInterval(Duration.ZERO).build();
    try (Router router = router(meters)) {
      meters.bindTo(simple);
      router.route(small("before-prometheus"));
      meters.bindTo(prometheus); // a registry bound later gets its own counters from then on
      router.route(demo("T1-a"));
      router.route(Lead.builder("JP-1").country("JP").build());
      String scrape = prometheus.scrape();
      assertThat(scrape).contains("# TYPE smartrouting_decisions_total counter")
          .containsPattern("smartrouting_decisions_total\\{outcome=\"assigned\",router=\"router\",segment="
              + "\"enterprise\",step=\"[a-z-]+\",tenant=\"acme\",tier=\"1\"} 1\\.0")
          .containsPattern("smartrouting_decisions_total\\{outcome=\"queued\",.*tenant=\"acme\",tier=\"3\"} 1\\.0")
          .contains("smartrouting_decision_latency_seconds_count{router=\"router\",tenant=\"acme\"} 2")
          .contains("smartrouting_decision_latency_seconds{router=\"router\",tenant=\"acme\",quantile=\"0.99\"}")
          .contains("smartrouting_queue_depth{queue=\"unassigned\",router=\"router\",tenant=\"acme\"} 1.0")
          .contains("smartrouting_sla_total{result=\"met\",router=\"router\",tenant=\"acme\",tier=\"1\"} 0.0")
          .contains("smartrouting_state_failures_total{router=\"router\",tenant=\"acme\"} 0.0");
      assertThat(simple.find("smartrouting.decisions").counters().stream().mapToDouble(Counter::count).sum())
          .isEqualTo(3);
    }
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(() -> RoutingMeterBinder.builder().tenant(" ")).hasMessageContaining("tenant");
    assertThatThrownBy(() -> RoutingMeterBinder.builder().snapshotInterval(Duration.ofSeconds(-1)))
        .hasMessageContaining("snapshotInterval");
  }
}
