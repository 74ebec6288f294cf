package io.smartrouting.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Tier;
import io.smartrouting.core.Router;
import io.smartrouting.core.StrategyRegistry;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.testing.TestStrategies;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

  private static final Instant DEADLINE = Instant.parse("2026-11-25T15:05:00Z");
  private static final RoutingEvent.ManagerNotified EVENT = new RoutingEvent.ManagerNotified("L-17", "boss", "r-4",
      Tier.TIER_1, DEADLINE, DEADLINE.plusSeconds(1));

  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch neverAnswer = new CountDownLatch(1);
  private HttpServer server;

  /** A local server answering with {@code statuses} in turn (the last one repeats); -1 means never answer. */
  private URI serve(int... statuses) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/hook", exchange -> {
      int n = requests.getAndIncrement();
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      int status = statuses[Math.min(n, statuses.length - 1)];
      if (status < 0) {
        try {
          neverAnswer.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.sendResponseHeaders(Math.max(status, 200), -1);
      exchange.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  @AfterEach
  void stop() {
    neverAnswer.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void postsSlackCompatibleJsonWithTheConfiguredFieldsOnly() throws Exception {
    URI uri = serve(200);
    WebhookNotifier all = WebhookNotifier.builder(uri).build();
    assertThat(all.send(EVENT).get(10, TimeUnit.SECONDS).delivered()).isTrue();
    assertThat(bodies.get(0)).isEqualTo("{\"text\":\"Lead not contacted in time: lead L-17, rep r-4, manager boss,"
        + " tier 1, deadline 2026-11-25T15:05:00Z: rep r-4 missed the first-contact deadline\","
        + "\"smartrouting\":{\"event\":\"ManagerNotified\",\"lead_id\":\"L-17\",\"rep_id\":\"r-4\","
        + "\"manager_id\":\"boss\",\"tier\":1,\"sla_deadline\":\"2026-11-25T15:05:00Z\","
        + "\"reason\":\"rep r-4 missed the first-contact deadline\"}}");

    WebhookNotifier minimal = WebhookNotifier.builder(uri)
        .fields(EnumSet.of(WebhookNotifier.Field.LEAD_ID, WebhookNotifier.Field.TIER)).build();
    minimal.send(EVENT).get(10, TimeUnit.SECONDS);
    assertThat(bodies.get(1)).isEqualTo("{\"text\":\"Lead not contacted in time: lead L-17, tier 1\","
        + "\"smartrouting\":{\"lead_id\":\"L-17\",\"tier\":1}}");
    assertThat(bodies.get(1)).doesNotContain("r-4").doesNotContain("boss");
  }

  @Test
  void assignmentQueueingMovesAndReleasesSayWhichRepOrQueue() {
    WebhookNotifier hook = WebhookNotifier.builder(URI.create("http://127.0.0.1:9/hook")).build();
    Instant at = Instant.parse("2026-11-25T15:00:00Z");
    io.smartrouting.api.Decision assigned = io.smartrouting.api.Decision.builder("L-1").rep("r-7").tier(Tier.TIER_2)
        .decidedBy("weighted").decidedAt(at).slaDeadline(at.plusSeconds(3600)).build();
    assertThat(hook.payload(new RoutingEvent.LeadAssigned(assigned))).isEqualTo("{\"text\":\"Lead assigned: lead L-1,"
        + " rep r-7, tier 2, deadline 2026-11-25T16:00:00Z: decided by weighted\",\"smartrouting\":{\"event\":"
        + "\"LeadAssigned\",\"lead_id\":\"L-1\",\"rep_id\":\"r-7\",\"tier\":2,"
        + "\"sla_deadline\":\"2026-11-25T16:00:00Z\",\"reason\":\"decided by weighted\"}}");

    io.smartrouting.api.Decision queued = io.smartrouting.api.Decision.builder("L-2").queue("unassigned")
        .tier(Tier.TIER_3).decidedBy("fallback").decidedAt(at).build();
    assertThat(hook.payload(new RoutingEvent.LeadQueued(queued))).contains("\"queue\":\"unassigned\"")
        .doesNotContain("rep_id");
    assertThat(hook.payload(new RoutingEvent.LeadMoved("L-2", null, "unassigned", assigned,
        RoutingEvent.Move.DRAINED, "drained", at))).contains("\"rep_id\":\"r-7\"")
        .contains("drained from queue unassigned");
    assertThat(hook.payload(new RoutingEvent.LeadReleased("L-1", "r-7", null, at)))
        .contains("\"event\":\"LeadReleased\"").contains("\"rep_id\":\"r-7\"");
  }

  @Test
  void retriesA503WithBackoffAndSucceeds() throws Exception {
    URI uri = serve(503, 503, 200);
    WebhookNotifier n = WebhookNotifier.builder(uri).retries(3, Duration.ofMillis(20)).build();
    WebhookNotifier.Delivery d = n.send(EVENT).get(10, TimeUnit.SECONDS);
    assertThat(d.delivered()).isTrue();
    assertThat(d.attempts()).isEqualTo(3);
    assertThat(requests).hasValue(3);
    assertThat(n.retries()).isEqualTo(2);
  }

  @Test
  void neverRetriesA400() throws Exception {
    URI uri = serve(400, 200);
    WebhookNotifier n = WebhookNotifier.builder(uri).retries(5, Duration.ofMillis(10)).build();
    WebhookNotifier.Delivery d = n.send(EVENT).get(10, TimeUnit.SECONDS);
    assertThat(d.delivered()).isFalse();
    assertThat(d.status()).isEqualTo(400);
    assertThat(d.attempts()).isEqualTo(1);
    assertThat(requests).hasValue(1);
    assertThat(n.failed()).isEqualTo(1);
  }

  @Test
  void aServerThatNeverAnswersTimesOutWhileRoutingGoesOn() throws Exception {
    URI uri = serve(-1);
    WebhookNotifier n = WebhookNotifier.builder(uri).requestTimeout(Duration.ofMillis(300))
        .retries(2, Duration.ofMillis(10)).build();
    ManualClock clock = new ManualClock(Instant.parse("2026-11-25T15:00:00Z"));
    Router router = Router.builder().roster(List.of(Rep.builder("a").territories("US").managerId("boss").build()))
        .clock(clock).strategies(StrategyRegistry.of()).manualTimers().step("ll", TestStrategies.LEAST_LOADED)
        .listener(n).build();
    router.route(Lead.builder("hot").country("US").source(LeadSource.DEMO_REQUEST).build());
    clock.advance(Duration.ofMinutes(6));
    long start = System.nanoTime();
    router.fireDueTimers();
    for (int i = 0; i < 100; i++) {
      assertThat(router.route(Lead.builder("next-" + i).country("US").build()).leadId()).isEqualTo("next-" + i);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("routing did not wait for the webhook")
        .isLessThan(Duration.ofMillis(300));
    WebhookNotifier.Delivery d = n.send(EVENT).get(10, TimeUnit.SECONDS);
    assertThat(d.delivered()).isFalse();
    assertThat(d.error()).contains("timed out after 300 ms");
    assertThat(d.attempts()).isEqualTo(2);
  }
}
