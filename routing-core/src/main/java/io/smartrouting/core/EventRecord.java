package io.smartrouting.core;

import io.smartrouting.api.Decision;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Tier;
import io.smartrouting.core.internal.JsonText;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One event of a lead's life as a line of an audit log: the first decision, and everything after it (SLA breaches,
 * manager notifications, reassignments, escalations, moves by drains, people, offboarding and account changes,
 * contacts, outcomes, the release). Read in order, the lines of one lead id answer "why is this lead with this rep
 * now?". {@link DecisionRecord} records a decision alone; this records every event, and an event that carries a
 * decision (assigned, queued, reassigned, moved, updated) carries its decision record too, under {@code decision}.
 *
 * <p>Every line has {@code event} (the {@link RoutingEvent} record's name, such as {@code LeadMoved}),
 * {@code lead_id}, {@code at}, {@code rep_id} and {@code queue} (where the lead is after the event, or the rep
 * the event is about; null when it does not apply), {@code tier} (1-3, or null) and {@code config_version}; then the
 * fields of its kind: {@code from_rep_id}, {@code from_queue}, {@code move} and {@code reason} for moves;
 * {@code sla_deadline} and {@code breach} for breaches; {@code from_tier} and {@code reason} for an update; {@code manager_id};
 * {@code reassignment}; {@code time_to_contact_ms} (from the lead's first routing) and {@code within_sla} for
 * contacts; {@code outcome} and {@code segment} for outcomes. Events carry ids and codes, never a lead's e-mail, name or company; a reason a caller gave (as to
 * {@code Router.reassign}) is written as given. Immutable.
 *
 * <pre>{@code
 * Router router = Router.builder()...auditLog(auditFile::println).asyncEvents(10_000).build();
 * }</pre>
 */
public final class EventRecord {

  private final RoutingEvent event;
  private final @Nullable String configVersion;

  private EventRecord(RoutingEvent event, @Nullable String configVersion) {
    this.event = event;
    this.configVersion = configVersion;
  }

  /**
   * The record of {@code event}, written under configuration {@code configVersion} (null if unknown).
   *
   * @param event the event
   * @param configVersion the configuration's version, or null
   * @return the record
   * @throws NullPointerException if {@code event} is null
   */
  public static EventRecord of(RoutingEvent event, @Nullable String configVersion) {
    return new EventRecord(Objects.requireNonNull(event, "event must not be null"), configVersion);
  }

  /** {@return the event recorded} */
  public RoutingEvent event() {
    return event;
  }

  /** {@return the event's kind as written in {@code event}: the record's name, such as {@code LeadAssigned}} */
  public String kind() {
    return event.getClass().getSimpleName();
  }

  /** {@return the configuration version the record was written under, or null} */
  public @Nullable String configVersion() {
    return configVersion;
  }

  /** {@return the record as one line of JSON, a carried decision with every excluded rep listed} */
  public String toJson() {
    return toJson(Integer.MAX_VALUE);
  }

  /**
   * The record as one line of JSON, a carried decision's excluded reps bounded as by
   * {@link DecisionRecord#toJson(int)}.
   *
   * @param maxRepsPerReason the most reps listed under one reason
   * @return the JSON line
   * @throws IllegalArgumentException if {@code maxRepsPerReason} is negative
   */
  public String toJson(int maxRepsPerReason) {
    if (maxRepsPerReason < 0) {
      throw new IllegalArgumentException("maxRepsPerReason must be >= 0 but was " + maxRepsPerReason);
    }
    StringBuilder sb = new StringBuilder(256).append('{');
    JsonText.field(sb, "event", kind());
    JsonText.field(sb, "lead_id", event.leadId());
    JsonText.instantField(sb, "at", event.at());
    Decision decision = null;
    if (event instanceof RoutingEvent.LeadAssigned) {
      decision = ((RoutingEvent.LeadAssigned) event).decision();
      where(sb, decision.repId(), decision.queue(), decision.tier());
      deadline(sb, decision.slaDeadline());
    } else if (event instanceof RoutingEvent.LeadQueued) {
      decision = ((RoutingEvent.LeadQueued) event).decision();
      where(sb, decision.repId(), decision.queue(), decision.tier());
      deadline(sb, decision.slaDeadline());
    } else if (event instanceof RoutingEvent.SlaBreached) {
      RoutingEvent.SlaBreached e = (RoutingEvent.SlaBreached) event;
      where(sb, e.repId(), e.queue(), e.tier());
      deadline(sb, e.deadline());
      sb.append("\"breach\":").append(e.breach()).append(',');
    } else if (event instanceof RoutingEvent.ManagerNotified) {
      RoutingEvent.ManagerNotified e = (RoutingEvent.ManagerNotified) event;
      where(sb, e.repId(), null, e.tier());
      JsonText.field(sb, "manager_id", e.managerId());
      deadline(sb, e.deadline());
    } else if (event instanceof RoutingEvent.LeadReassigned) {
      RoutingEvent.LeadReassigned e = (RoutingEvent.LeadReassigned) event;
      decision = e.decision();
      where(sb, e.toRepId(), null, decision.tier());
      JsonText.field(sb, "from_rep_id", e.fromRepId());
      deadline(sb, decision.slaDeadline());
      sb.append("\"reassignment\":").append(e.reassignment()).append(',');
    } else if (event instanceof RoutingEvent.LeadEscalated) {
      RoutingEvent.LeadEscalated e = (RoutingEvent.LeadEscalated) event;
      where(sb, e.toRepId(), e.toQueue(), e.tier());
      JsonText.field(sb, "from_rep_id", e.fromRepId());
      JsonText.field(sb, "reason", e.reason());
    } else if (event instanceof RoutingEvent.ContactRecorded) {
      RoutingEvent.ContactRecorded e = (RoutingEvent.ContactRecorded) event;
      where(sb, e.repId(), null, e.tier());
      sb.append("\"time_to_contact_ms\":").append(e.timeToContact().toMillis())
          .append(",\"within_sla\":").append(e.withinSla()).append(',');
    } else if (event instanceof RoutingEvent.OutcomeRecorded) {
      RoutingEvent.OutcomeRecorded e = (RoutingEvent.OutcomeRecorded) event;
      where(sb, e.repId(), null, e.tier());
      JsonText.field(sb, "outcome", e.outcome().name());
      JsonText.field(sb, "segment", e.segment() == null ? null : e.segment().name());
    } else if (event instanceof RoutingEvent.LeadMoved) {
      RoutingEvent.LeadMoved e = (RoutingEvent.LeadMoved) event;
      decision = e.decision();
      where(sb, decision.repId(), decision.queue(), decision.tier());
      JsonText.field(sb, "from_rep_id", e.fromRepId());
      JsonText.field(sb, "from_queue", e.fromQueue());
      JsonText.field(sb, "move", e.move().name());
      JsonText.field(sb, "reason", e.reason());
      deadline(sb, decision.slaDeadline());
    } else if (event instanceof RoutingEvent.LeadUpdated) {
      RoutingEvent.LeadUpdated e = (RoutingEvent.LeadUpdated) event;
      decision = e.decision();
      where(sb, decision.repId(), decision.queue(), decision.tier());
      sb.append("\"from_tier\":").append(e.fromTier().number()).append(',');
      deadline(sb, decision.slaDeadline());
      JsonText.field(sb, "reason", decision.trace().render().strip());
    } else if (event instanceof RoutingEvent.LeadReleased) {
      RoutingEvent.LeadReleased e = (RoutingEvent.LeadReleased) event;
      where(sb, e.repId(), e.queue(), null);
    } else {
      // RoutingEvent is sealed; a kind added to it without its fields here still gets its common ones (an audit line is
      // never lost to a missing case), and EventRecordTest fails until they are written.
      where(sb, null, null, null);
    }
    JsonText.field(sb, "config_version", configVersion);
    if (decision != null) {
      sb.ensureCapacity(sb.length() + DecisionRecord.INITIAL_CAPACITY); // one growth, not several
      sb.append("\"decision\":");
      DecisionRecord.of(decision, configVersion).appendJson(sb, maxRepsPerReason);
    } else {
      sb.setLength(sb.length() - 1);
    }
    return sb.append('}').toString();
  }

  @Override
  public String toString() {
    return toJson();
  }

  private static void where(StringBuilder sb, @Nullable String repId, @Nullable String queue, @Nullable Tier tier) {
    JsonText.field(sb, "rep_id", repId);
    JsonText.field(sb, "queue", queue);
    sb.append("\"tier\":").append(tier == null ? "null" : String.valueOf(tier.number())).append(',');
  }

  private static void deadline(StringBuilder sb, @Nullable Instant deadline) {
    JsonText.instantField(sb, "sla_deadline", deadline);
  }
}
