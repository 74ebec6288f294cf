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
