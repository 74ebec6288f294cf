package io.smartrouting.core.notify;

import io.smartrouting.api.Decision;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.RoutingListener;
import io.smartrouting.api.Tier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts routing events (by default manager notifications and escalations; assignments, queueing, moves and releases
 * too when configured with {@code events(...)}, each with the rep id or queue) to a webhook as Slack-compatible JSON: a
 * {@code "text"} line for people and a {@code "smartrouting"} object for machines, e.g.
 *
 * <pre>{@code
 * {"text":"SLA breached: lead L-17, tier 1, rep r-4, deadline 2026-11-25T14:05:00Z: no first contact by the deadline",
 *  "smartrouting":{"event":"SlaBreached","lead_id":"L-17","rep_id":"r-4","tier":1,
 *                  "sla_deadline":"2026-11-25T14:05:00Z","reason":"no first contact by the deadline"}}
 * }</pre>
 *
 * <p>Only the {@link Field}s configured are sent, and events carry ids, never names or e-mail addresses, so no
 * personal data leaves unless a vendor's ids are personal. Delivery is asynchronous and never delays routing:
 * {@link #onEvent} returns at once. Each request has a timeout; 5xx answers, timeouts and I/O errors are retried
 * with exponential backoff up to {@code maxAttempts}; 4xx answers are never retried (the request is wrong, and
 * sending it again will not fix it). The webhook URL is never logged (it usually embeds a secret). Thread-safe.
 */
public final class WebhookNotifier implements RoutingListener {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

  /** Fields a notification may carry. */
  public enum Field {
    /** The event's kind, such as {@code ManagerNotified}. */
    EVENT,
    /** The lead's id. */
    LEAD_ID,
    /** The rep the event is about (the holder, the rep reassigned to). */
    REP_ID,
    /** The queue the lead is in, if any. */
    QUEUE,
    /** The manager told, for manager notifications. */
    MANAGER_ID,
    /** The lead's tier, 1 to 3. */
    TIER,
    /** The first-contact deadline the event is about. */
    SLA_DEADLINE,
    /** What happened and why, in words (a missed deadline, an escalation's reason). */
    REASON
  }

  /** Default events: manager notifications and escalations. */
  public static final Set<Class<? extends RoutingEvent>> DEFAULT_EVENTS = Set.of(
      RoutingEvent.ManagerNotified.class, RoutingEvent.LeadEscalated.class);

  /**
   * How one notification ended.
   *
   * @param delivered true on a 2xx answer
   * @param attempts requests made
   * @param status the last HTTP status, or -1 if no answer came
   * @param error the last failure in words, or null
   */
  public record Delivery(boolean delivered, int attempts, int status, @Nullable String error) {}

  private final URI uri;
  private final HttpClient client;
  private final Set<Field> fields;
  private final Set<Class<? extends RoutingEvent>> events;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final LongAdder delivered = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder retries = new LongAdder();

  private WebhookNotifier(Builder b) {
    this.uri = b.uri;
    this.client = b.client != null ? b.client
        : HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
    this.fields = Set.copyOf(b.fields);
    this.events = Set.copyOf(b.events);
    this.requestTimeout = b.requestTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
  }

  /**
   * A builder posting to {@code uri} (http or https).
   *
   * @param uri the endpoint
   * @return a builder
   */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  @Override
  public void onEvent(RoutingEvent event) {
    if (events.contains(event.getClass())) {
      send(event);
    }
  }

  /**
   * Sends one notification now, whatever its type; the future completes when delivery succeeded or gave up.
   *
   * @param event the event
   * @return the delivery's future
   */
  public CompletableFuture<Delivery> send(RoutingEvent event) {
    Objects.requireNonNull(event, "event must not be null");
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(payload(event), StandardCharsets.UTF_8)).build();
    CompletableFuture<Delivery> result = new CompletableFuture<>();
    attempt(request, 1, event, result);
    return result;
  }

  private void attempt(HttpRequest request, int attempt, RoutingEvent event, CompletableFuture<Delivery> result) {
    client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
      int status = response == null ? -1 : response.statusCode();
      String why;
      boolean retryable;
      if (error == null && status >= 200 && status < 300) {
        delivered.increment();
        result.complete(new Delivery(true, attempt, status, null));
        return;
      } else if (error == null) {
        why = "HTTP " + status;
        retryable = status >= 500;
      } else {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        why = cause instanceof HttpTimeoutException ? "timed out after " + requestTimeout.toMillis() + " ms"
            : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        retryable = cause instanceof IOException;
      }
      if (retryable && attempt < maxAttempts) {
        retries.increment();
        long delay = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        LOG.debug("webhook to {} failed ({}) for lead {}; retry {} in {} ms", uri.getHost(), why, event.leadId(),
            attempt, delay);
        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
            .execute(() -> attempt(request, attempt + 1, event, result));
        return;
      }
      failed.increment();
      LOG.warn("webhook to {} gave up after {} attempt(s) for a {} of lead {}: {}{}", uri.getHost(), attempt,
          event.getClass().getSimpleName(), event.leadId(), why, retryable ? "" : " (not retried)");
      result.complete(new Delivery(false, attempt, status, why));
    });
  }

  /**
   * The JSON body for {@code event}, with the configured fields only.
   *
   * @param event the event
   * @return the JSON body
   */
  public String payload(RoutingEvent event) {
    Map<Field, Object> values = new LinkedHashMap<>();
    values.put(Field.EVENT, event.getClass().getSimpleName());
    values.put(Field.LEAD_ID, event.leadId());
    String title;
    if (event instanceof RoutingEvent.SlaBreached) {
      RoutingEvent.SlaBreached e = (RoutingEvent.SlaBreached) event;
      title = "SLA breached";
      putIfPresent(values, Field.REP_ID, e.repId());
      values.put(Field.TIER, e.tier());
      values.put(Field.SLA_DEADLINE, e.deadline());
      values.put(Field.REASON, "no first contact by the deadline"
          + (e.queue() != null ? " (waiting in queue " + e.queue() + ")" : "") + (e.breach() > 1
          ? " (breach " + e.breach() + ")" : ""));
    } else if (event instanceof RoutingEvent.ManagerNotified) {
      RoutingEvent.ManagerNotified e = (RoutingEvent.ManagerNotified) event;
      title = "Lead not contacted in time";
      values.put(Field.REP_ID, e.repId());
      putIfPresent(values, Field.MANAGER_ID, e.managerId());
      values.put(Field.TIER, e.tier());
      values.put(Field.SLA_DEADLINE, e.deadline());
      values.put(Field.REASON, "rep " + e.repId() + " missed the first-contact deadline");
    } else if (event instanceof RoutingEvent.LeadEscalated) {
      RoutingEvent.LeadEscalated e = (RoutingEvent.LeadEscalated) event;
      title = "Lead escalated";
      putIfPresent(values, Field.REP_ID, e.toRepId() != null ? e.toRepId() : e.fromRepId());
      values.put(Field.TIER, e.tier());
      values.put(Field.REASON, e.reason());
    } else if (event instanceof RoutingEvent.LeadReassigned) {
      RoutingEvent.LeadReassigned e = (RoutingEvent.LeadReassigned) event;
      title = "Lead reassigned";
      values.put(Field.REP_ID, e.toRepId());
      putIfPresent(values, Field.TIER, e.decision().tier());
      putIfPresent(values, Field.SLA_DEADLINE, e.decision().slaDeadline());
      values.put(Field.REASON, "reassigned from " + e.fromRepId() + " after an SLA breach");
    } else if (event instanceof RoutingEvent.LeadAssigned) {
      Decision d = ((RoutingEvent.LeadAssigned) event).decision();
      title = "Lead assigned";
      putDecision(values, d);
      values.put(Field.REASON, "decided by " + d.decidedBy());
    } else if (event instanceof RoutingEvent.LeadQueued) {
      Decision d = ((RoutingEvent.LeadQueued) event).decision();
      title = "Lead queued";
      putDecision(values, d);
      values.put(Field.REASON, "nobody could take it now; waiting in queue " + d.queue());
    } else if (event instanceof RoutingEvent.LeadMoved) {
      RoutingEvent.LeadMoved e = (RoutingEvent.LeadMoved) event;
      title = "Lead moved";
      putDecision(values, e.decision());
      values.put(Field.REASON, e.move().name().toLowerCase(java.util.Locale.ROOT) + " from "
          + (e.fromRepId() != null ? "rep " + e.fromRepId() : "queue " + e.fromQueue()) + ": " + e.reason());
    } else if (event instanceof RoutingEvent.LeadUpdated) {
      RoutingEvent.LeadUpdated e = (RoutingEvent.LeadUpdated) event;
      title = "Lead updated";
      putDecision(values, e.decision());
      values.put(Field.REASON, "its facts changed; tier " + e.fromTier().number() + " -> "
          + (e.decision().tier() == null ? "?" : String.valueOf(e.decision().tier().number())));
    } else if (event instanceof RoutingEvent.LeadReleased) {
      RoutingEvent.LeadReleased e = (RoutingEvent.LeadReleased) event;
      title = "Lead released";
      putIfPresent(values, Field.REP_ID, e.repId());
      putIfPresent(values, Field.QUEUE, e.queue());
    } else {
      title = event.getClass().getSimpleName();
    }
    values.keySet().retainAll(fields);
    StringBuilder text = new StringBuilder(title);
    String sep = ": ";
    for (Map.Entry<Field, Object> v : values.entrySet()) {
      if (v.getKey() == Field.EVENT || v.getKey() == Field.REASON) {
        continue;
      }
      text.append(sep).append(label(v.getKey())).append(' ').append(render(v.getValue()));
      sep = ", ";
    }
    Object reason = values.get(Field.REASON);
    if (reason != null) {
      text.append(": ").append(reason);
    }
    StringBuilder json = new StringBuilder(256).append("{\"text\":");
    quote(json, text.toString());
    json.append(",\"smartrouting\":{");
    boolean first = true;
    for (Map.Entry<Field, Object> v : values.entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      quote(json, v.getKey().name().toLowerCase(java.util.Locale.ROOT));
      json.append(':');
      if (v.getValue() instanceof Tier) {
        json.append(((Tier) v.getValue()).number());
      } else {
        quote(json, render(v.getValue()));
      }
    }
    return json.append("}}").toString();
  }

  /** Where a decision put the lead: the rep id (or the queue), tier and first-contact deadline. */
  private static void putDecision(Map<Field, Object> values, Decision d) {
    putIfPresent(values, Field.REP_ID, d.repId());
    putIfPresent(values, Field.QUEUE, d.queue());
    putIfPresent(values, Field.TIER, d.tier());
    putIfPresent(values, Field.SLA_DEADLINE, d.slaDeadline());
  }

  private static void putIfPresent(Map<Field, Object> values, Field f, @Nullable Object v) {
    if (v != null) {
      values.put(f, v);
    }
  }

  private static String label(Field f) {
    switch (f) {
      case LEAD_ID:
        return "lead";
      case REP_ID:
        return "rep";
      case QUEUE:
        return "queue";
      case MANAGER_ID:
        return "manager";
      case TIER:
        return "tier";
      case SLA_DEADLINE:
        return "deadline";
      default:
        return f.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static String render(Object v) {
    return v instanceof Tier ? String.valueOf(((Tier) v).number()) : v instanceof Instant ? v.toString()
        : String.valueOf(v);
  }

  private static void quote(StringBuilder sb, String s) {
    io.smartrouting.core.internal.JsonText.quote(sb, s);
  }

  /**
   * Notifications delivered (2xx).
   *
   * @return the notifications delivered
   */
  public long delivered() {
    return delivered.sum();
  }

  /**
   * Notifications given up on.
   *
   * @return the notifications given up on
   */
  public long failed() {
    return failed.sum();
  }

  /**
   * Retries made.
   *
   * @return the retries made
   */
  public long retries() {
    return retries.sum();
  }

  /**
   * Builds {@link WebhookNotifier}s. Defaults: every {@link Field}, events {@link #DEFAULT_EVENTS}, connect timeout
   * 2 s, request timeout 5 s, 3 attempts, first backoff 250 ms (doubling). Not thread-safe.
   */
  public static final class Builder {
    private final URI uri;
    private @Nullable HttpClient client;
    private Set<Field> fields = EnumSet.allOf(Field.class);
    private Set<Class<? extends RoutingEvent>> events = DEFAULT_EVENTS;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(5);
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(250);

    private Builder(URI uri) {
      Objects.requireNonNull(uri, "webhook uri must not be null");
      String scheme = uri.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException("webhook uri must be http or https but had scheme '" + scheme + "'");
      }
      this.uri = uri;
    }

    /**
     * The fields sent; everything else is left out of the payload.
     *
     * @param fields the fields
     * @return this builder
     */
    public Builder fields(Set<Field> fields) {
      if (fields.isEmpty()) {
        throw new IllegalArgumentException("webhook fields must not be empty");
      }
      this.fields = EnumSet.copyOf(fields);
      return this;
    }

    /**
     * The event types that trigger a notification.
     *
     * @param types the event types
     * @return this builder
     */
    @SafeVarargs
    public final Builder events(Class<? extends RoutingEvent>... types) {
      if (types.length == 0) {
        throw new IllegalArgumentException("webhook events must not be empty");
      }
      this.events = Set.copyOf(List.of(types));
      return this;
    }

    /**
     * Timeout to connect (default 2 s).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Timeout for each request, answer included (default 5 s).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * Total attempts per notification, {@code >= 1} (default 3), and the first backoff (doubling each retry).
     *
     * @param maxAttempts the attempts per notification
     * @param initialBackoff the first wait between attempts
     * @return this builder
     */
    public Builder retries(int maxAttempts, Duration initialBackoff) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("webhook maxAttempts must be >= 1 but was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      this.initialBackoff = positive(initialBackoff, "initialBackoff");
      return this;
    }

    /**
     * A client of the host's (proxy, TLS settings); its own connect timeout then applies.
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      this.client = Objects.requireNonNull(client, "httpClient must not be null");
      return this;
    }

    /**
     * Builds the notifier.
     *
     * @return the notifier
     */
    public WebhookNotifier build() {
      return new WebhookNotifier(this);
    }

    private static Duration positive(Duration d, String field) {
      Objects.requireNonNull(d, "webhook " + field + " must not be null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("webhook " + field + " must be positive but was " + d);
      }
      return d;
    }
  }
}
