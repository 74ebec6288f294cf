package io.smartrouting.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.core.Router;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutingTracingTest {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private OpenTelemetrySdk sdk;

  @BeforeEach
  void sdk() {
    sdk = OpenTelemetrySdk.builder().setTracerProvider(
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
  }

  @AfterEach
  void close() {
    sdk.close();
  }

  private Router router(RoutingTracing tracing) {
    List<Rep> reps = List.of(
        Rep.builder("ent").territories("US").segments(Segment.ENTERPRISE).capacity(5).build(),
        Rep.builder("smb").territories("US").segments(Segment.SMB).capacity(5).build());
    return tracing.instrument(Router.builder().roster(reps).defaultChain().fallbackQueue("unassigned")).build();
  }

  @Test
  void oneSpanPerDecisionSaysWhatWasDecidedAndNothingAboutThePerson() {
    try (Router router = router(RoutingTracing.create(sdk, "acme"))) {
      Decision assigned = router.route(Lead.builder("L-1").country("US").employees(5000)
          .source(LeadSource.DEMO_REQUEST).email("jane.doe@mercy.example").contactName("Jane Doe")
          .companyName("Mercy Hospital").build());
      Decision queued = router.route(Lead.builder("L-2").country("JP").email("kenji@example.jp").build());
      router.route(Lead.builder("L-1").country("US").employees(5000).build()); // answered from the window

      List<SpanData> spans = exporter.getFinishedSpanItems();
      assertThat(spans).hasSize(2);
      SpanData first = spans.get(0);
      assertThat(first.getName()).isEqualTo("smartrouting.route");
      assertThat(first.getInstrumentationScopeInfo().getName()).isEqualTo("io.smartrouting");
      assertThat(first.getAttributes().get(RoutingTracing.TENANT)).isEqualTo("acme");
      assertThat(first.getAttributes().get(RoutingTracing.LEAD_ID)).isEqualTo("L-1");
      assertThat(first.getAttributes().get(RoutingTracing.REP_ID)).isEqualTo(assigned.repId()).isEqualTo("ent");
      assertThat(first.getAttributes().get(RoutingTracing.TIER)).isEqualTo((long) assigned.tier().number());
      assertThat(first.getAttributes().get(RoutingTracing.SEGMENT)).isEqualTo("enterprise");
      assertThat(first.getAttributes().get(RoutingTracing.STEP)).isEqualTo(assigned.decidedBy());
      assertThat(first.getAttributes().get(RoutingTracing.OUTCOME)).isEqualTo("assigned");
      assertThat(first.getEndEpochNanos()).isGreaterThanOrEqualTo(first.getStartEpochNanos());

      SpanData second = spans.get(1);
      assertThat(second.getAttributes().get(RoutingTracing.QUEUE)).isEqualTo(queued.queue()).isNotNull();
      assertThat(second.getAttributes().get(RoutingTracing.REP_ID)).isNull();
      assertThat(second.getAttributes().get(RoutingTracing.OUTCOME)).isEqualTo("queued");

      for (SpanData s : spans) {
        assertThat(s.getAttributes().toString()).doesNotContain("jane").doesNotContain("Jane")
            .doesNotContain("Mercy").doesNotContain("kenji");
      }
    }
  }

  @Test
  void theSpanIsAChildOfTheCallersSpan() {
    Tracer tracer = sdk.getTracer("test");
    try (Router router = router(RoutingTracing.create(sdk, "acme"))) {
      Span request = tracer.spanBuilder("POST /leads").startSpan();
      try (Scope ignored = request.makeCurrent()) {
        router.route(Lead.builder("L-3").country("US").employees(20).build());
      } finally {
        request.end();
      }
    }
    List<SpanData> spans = exporter.getFinishedSpanItems();
    SpanData route = spans.stream().filter(s -> s.getName().equals("smartrouting.route")).findFirst().orElseThrow();
    SpanData parent = spans.stream().filter(s -> s.getName().equals("POST /leads")).findFirst().orElseThrow();
    assertThat(route.getParentSpanId()).isEqualTo(parent.getSpanId());
    assertThat(route.getTraceId()).isEqualTo(parent.getTraceId());
    assertThat(route.getStartEpochNanos()).isGreaterThanOrEqualTo(parent.getStartEpochNanos() - TimeUnit.MILLISECONDS
        .toNanos(1));
  }

  /**
   * A rep's "next lead" click in a request: the claim is a {@code smartrouting.move} span, a child of the request's
   * span, saying why the lead moved and from where; a person's reassignment is one too.
   */
  @Test
  void eachMoveOfAnOpenLeadIsASpanOfTheCallerThatMadeIt() {
    Tracer tracer = sdk.getTracer("test");
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(1).build(),
        Rep.builder("bob").territories("US").capacity(1).build());
    try (Router router = RoutingTracing.create(sdk, "acme").instrument(Router.builder().roster(reps)
        .step("round-robin").capacityThreshold(1.0).manualTimers()).build()) {
      router.route(Lead.builder("L-1").country("US").email("jane.doe@mercy.example").build());
      router.route(Lead.builder("L-2").country("US").build());
      assertThat(router.route(Lead.builder("L-3").country("US").build()).queue()).as("both full").isNotNull();
      String freed = router.placement("L-1").orElseThrow().repId();
      router.release("L-1");
      Span click = tracer.spanBuilder("POST /reps/next-lead").startSpan();
      try (Scope ignored = click.makeCurrent()) {
        assertThat(router.claimNext(freed)).isPresent();
      } finally {
        click.end();
      }
      String other = freed.equals("ana") ? "bob" : "ana";
      router.release("L-2");
      router.reassign("L-3", other, "by hand");
    }
    List<SpanData> spans = exporter.getFinishedSpanItems();
    List<SpanData> moves = spans.stream().filter(s -> s.getName().equals(RoutingTracing.MOVE_SPAN_NAME)).toList();
    assertThat(moves).hasSize(2);
    SpanData claim = moves.get(0);
    SpanData parent = spans.stream().filter(s -> s.getName().equals("POST /reps/next-lead")).findFirst()
        .orElseThrow();
    assertThat(claim.getParentSpanId()).isEqualTo(parent.getSpanId());
    assertThat(claim.getAttributes().get(RoutingTracing.MOVE)).isEqualTo("claimed");
    assertThat(claim.getAttributes().get(RoutingTracing.LEAD_ID)).isEqualTo("L-3");
    assertThat(claim.getAttributes().get(RoutingTracing.FROM_QUEUE)).isEqualTo("unassigned");
    assertThat(claim.getAttributes().get(RoutingTracing.OUTCOME)).isEqualTo("assigned");
    SpanData reassigned = moves.get(1);
    assertThat(reassigned.getAttributes().get(RoutingTracing.MOVE)).isEqualTo("reassigned");
    assertThat(reassigned.getAttributes().get(RoutingTracing.FROM_REP_ID))
        .isEqualTo(claim.getAttributes().get(RoutingTracing.REP_ID));
    assertThat(reassigned.getAttributes().get(RoutingTracing.REP_ID)).isNotEqualTo(
        claim.getAttributes().get(RoutingTracing.REP_ID));
    assertThat(reassigned.getParentSpanId()).as("no caller span: a root").isEqualTo(
        io.opentelemetry.api.trace.SpanId.getInvalid());
    moves.forEach(s -> assertThat(s.getAttributes().toString()).doesNotContain("jane").doesNotContain("mercy"));
  }

  @Test
  void withoutAnSdkNothingIsRecordedAndRoutingWorks() {
    try (Router router = router(RoutingTracing.create(OpenTelemetry.noop(), "acme"))) {
      assertThat(router.route(Lead.builder("L-4").country("US").build()).leadId()).isEqualTo("L-4");
    }
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void aBlankTenantIsRejected() {
    assertThatThrownBy(() -> RoutingTracing.create(sdk, " ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenant");
  }
}
