package io.smartrouting.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.RoutingListener;
import io.smartrouting.core.DecisionObserver;
import io.smartrouting.core.Router;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Records one OpenTelemetry span per routing decision, named {@value #SPAN_NAME}, a child of the span current on
 * the routing thread (the HTTP request that routed the lead, say). Its start and end are those of the {@code route}
 * call; its attributes say what was decided, never who the lead is:
 *
 * <ul>
 *   <li>{@code smartrouting.tenant}, {@code smartrouting.lead.id} (the caller's opaque id),
 *       {@code smartrouting.tier} (1, 2, 3), {@code smartrouting.segment}, {@code smartrouting.step} (the deciding
 *       step), {@code smartrouting.outcome} ({@code assigned} or {@code queued}), {@code smartrouting.rep.id} or
 *       {@code smartrouting.queue}, {@code smartrouting.account.id} when the lead matched an account,
 *       {@code smartrouting.flags} and {@code smartrouting.roster.version}.</li>
 * </ul>
 *
 * <p>And one span, named {@value #MOVE_SPAN_NAME}, per move of an open lead after its first decision (a rep's claim, a
 * drain, a reassignment, a transfer, a recycle, an SLA breach's reassignment or escalation), a child of the span
 * current on the thread that told the event (the request in which a rep clicked "next lead", say; none for a move of
 * the timer thread or with {@code asyncEvents}), recorded when it is told: the attributes above for where the lead is
 * now, with {@code smartrouting.move} (why it moved: {@code claimed}, {@code drained}, {@code sla_reassigned},
 * {@code escalated} and the other {@link RoutingEvent.Move} values, lower case) and {@code smartrouting.from.rep.id}
 * or {@code smartrouting.from.queue}.
 *
 * <p>Uses only {@code opentelemetry-api}: with no SDK installed, spans cost next to nothing. Add it to a router with
 * {@link #instrument(Router.Builder)} (or {@code builder.decisionObserver(tracing).listener(tracing)}). Immutable and
 * thread-safe.
 */
public final class RoutingTracing implements DecisionObserver, RoutingListener {

  /** The span name of a decision. */
  public static final String SPAN_NAME = "smartrouting.route";
  /** The span name of a move. */
  public static final String MOVE_SPAN_NAME = "smartrouting.move";
  /** The instrumentation scope name spans are recorded under. */
  public static final String SCOPE = "io.smartrouting";

  static final AttributeKey<String> TENANT = AttributeKey.stringKey("smartrouting.tenant");
  static final AttributeKey<String> LEAD_ID = AttributeKey.stringKey("smartrouting.lead.id");
  static final AttributeKey<Long> TIER = AttributeKey.longKey("smartrouting.tier");
  static final AttributeKey<String> SEGMENT = AttributeKey.stringKey("smartrouting.segment");
  static final AttributeKey<String> STEP = AttributeKey.stringKey("smartrouting.step");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("smartrouting.outcome");
  static final AttributeKey<String> REP_ID = AttributeKey.stringKey("smartrouting.rep.id");
  static final AttributeKey<String> QUEUE = AttributeKey.stringKey("smartrouting.queue");
  static final AttributeKey<String> ACCOUNT_ID = AttributeKey.stringKey("smartrouting.account.id");
  static final AttributeKey<List<String>> FLAGS = AttributeKey.stringArrayKey("smartrouting.flags");
  static final AttributeKey<Long> ROSTER_VERSION = AttributeKey.longKey("smartrouting.roster.version");
  static final AttributeKey<String> MOVE = AttributeKey.stringKey("smartrouting.move");
  static final AttributeKey<String> FROM_REP_ID = AttributeKey.stringKey("smartrouting.from.rep.id");
  static final AttributeKey<String> FROM_QUEUE = AttributeKey.stringKey("smartrouting.from.queue");

  private final Tracer tracer;
  private final String tenant;

  private RoutingTracing(Tracer tracer, String tenant) {
    this.tracer = tracer;
    this.tenant = tenant;
  }

  /**
   * Spans through {@code openTelemetry}'s tracer, tagged with {@code tenant}.
   *
   * @param openTelemetry the application's OpenTelemetry
   * @param tenant the tenant id every span carries
   * @return the tracing
   */
  public static RoutingTracing create(OpenTelemetry openTelemetry, String tenant) {
    Objects.requireNonNull(openTelemetry, "openTelemetry must not be null");
    return create(openTelemetry.getTracer(SCOPE), tenant);
  }

  /**
   * Spans through {@code tracer}, tagged with {@code tenant}.
   *
   * @param tracer the tracer to start spans with
   * @param tenant the tenant id every span carries
   * @return the tracing
   */
  public static RoutingTracing create(Tracer tracer, String tenant) {
    Objects.requireNonNull(tracer, "tracer must not be null");
    Objects.requireNonNull(tenant, "tenant must not be null");
    if (tenant.isBlank()) {
      throw new IllegalArgumentException("tenant must not be blank");
    }
    return new RoutingTracing(tracer, tenant);
  }

  /**
   * Adds this to {@code builder} as a decision observer and a listener; returns {@code builder}.
   *
   * @param builder the builder of the router to trace
   * @return {@code builder}
   */
  public Router.Builder instrument(Router.Builder builder) {
    Objects.requireNonNull(builder, "builder must not be null");
    return builder.decisionObserver(this).listener(this);
  }

  /** Records a {@value #MOVE_SPAN_NAME} span for a move of an open lead; other events record nothing. */
  @Override
  public void onEvent(RoutingEvent event) {
    if (event instanceof RoutingEvent.LeadMoved m) {
      move(attributes(m.decision()).toBuilder(), m.move().name(), m.fromRepId(), m.fromQueue());
    } else if (event instanceof RoutingEvent.LeadReassigned r) {
      move(attributes(r.decision()).toBuilder(), "SLA_REASSIGNED", r.fromRepId(), null);
    } else if (event instanceof RoutingEvent.LeadEscalated e) {
      AttributesBuilder a = Attributes.builder().put(TENANT, tenant).put(LEAD_ID, e.leadId())
          .put(TIER, (long) e.tier().number()).put(OUTCOME, e.toRepId() != null ? "assigned" : "queued");
      if (e.toRepId() != null) {
        a.put(REP_ID, e.toRepId());
      }
      if (e.toQueue() != null) {
        a.put(QUEUE, e.toQueue());
      }
      move(a, "ESCALATED", e.fromRepId(), null);
    }
  }

  private void move(AttributesBuilder a, String why, @org.jspecify.annotations.Nullable String fromRep,
      @org.jspecify.annotations.Nullable String fromQueue) {
    a.put(MOVE, why.toLowerCase(Locale.ROOT));
    if (fromRep != null) {
      a.put(FROM_REP_ID, fromRep);
    }
    if (fromQueue != null) {
      a.put(FROM_QUEUE, fromQueue);
    }
    long nanos = nowNanos();
    tracer.spanBuilder(MOVE_SPAN_NAME).setParent(Context.current()).setSpanKind(SpanKind.INTERNAL)
        .setStartTimestamp(nanos, TimeUnit.NANOSECONDS).setAllAttributes(a.build()).startSpan()
        .end(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void decided(Decision decision, long nanos) {
    long endNanos = nowNanos();
    Span span = tracer.spanBuilder(SPAN_NAME).setParent(Context.current()).setSpanKind(SpanKind.INTERNAL)
        .setStartTimestamp(endNanos - nanos, TimeUnit.NANOSECONDS).setAllAttributes(attributes(decision))
        .startSpan();
    span.end(endNanos, TimeUnit.NANOSECONDS);
  }

  /** The wall clock in epoch nanoseconds, as span timestamps take it. */
  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  Attributes attributes(Decision d) {
    AttributesBuilder a = Attributes.builder().put(TENANT, tenant).put(LEAD_ID, d.leadId()).put(STEP, d.decidedBy())
        .put(OUTCOME, d.repId() != null ? "assigned" : "queued").put(ROSTER_VERSION, d.rosterVersion());
    if (d.tier() != null) {
      a.put(TIER, (long) d.tier().number());
    }
    if (d.segment() != null) {
      a.put(SEGMENT, d.segment().name().toLowerCase(Locale.ROOT));
    }
    if (d.repId() != null) {
      a.put(REP_ID, d.repId());
    }
    if (d.queue() != null) {
      a.put(QUEUE, d.queue());
    }
    if (d.accountId() != null) {
      a.put(ACCOUNT_ID, d.accountId());
    }
    if (!d.flags().isEmpty()) {
      List<String> flags = new ArrayList<>(d.flags().size());
      for (Flag f : d.flags()) {
        flags.add(f.name());
      }
      a.put(FLAGS, flags);
    }
    return a.build();
  }
}
