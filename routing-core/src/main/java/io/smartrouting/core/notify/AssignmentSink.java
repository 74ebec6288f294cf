package io.smartrouting.core.notify;

import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.RoutingListener;
import io.smartrouting.api.Tier;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the vendor's system learns who now owns a lead: create a task, update the CRM owner field. Every change
 * of owner arrives as one {@link Assignment}: a new assignment, a lead queued, a reassignment after an SLA breach,
 * a move (a drain, a person's reassignment, a transfer, an offboarding, an account change), an escalation; and an
 * update of the lead's facts that kept its owner but changed its tier or first-contact deadline ({@code
 * Kind.UPDATED}: the task's due date changes). Register it with {@code Router.builder().listener(sink.asListener())};
 * use asynchronous event delivery if the sink does I/O.
 */
@FunctionalInterface
public interface AssignmentSink {

  /** Why the owner changed. */
  enum Kind {
    /** A new lead went to a rep. */
    ASSIGNED,
    /** A lead went to a queue (new, or moved there). */
    QUEUED,
    /** A lead moved to another rep. */
    REASSIGNED,
    /** A lead went to a manager or an escalation queue after its deadlines. */
    ESCALATED,
    /** The lead's facts changed ({@code Router.update}) and it stayed: the same owner, with its tier and deadline now. */
    UPDATED
  }

  /**
   * One change of owner: exactly one of {@code repId} and {@code queue} is set.
   *
   * @param slaDeadline the first-contact deadline now running, or null
   */
  record Assignment(String leadId, Kind kind, @Nullable String repId, @Nullable String queue,
      @Nullable Tier tier, @Nullable Instant slaDeadline, Instant at) {}

  /**
   * Applies one change of owner in the vendor's system.
   *
   * @param assignment the change
   */
  void apply(Assignment assignment);

  /** {@return this sink as a {@link RoutingListener} that forwards owner changes and ignores other events} */
  default RoutingListener asListener() {
    return event -> {
      Assignment a = toAssignment(event);
      if (a != null) {
        apply(a);
      }
    };
  }

  /**
   * The owner change an event describes, or null if it changes no owner.
   *
   * @param event the event
   * @return the change, or null
   */
  static @Nullable Assignment toAssignment(RoutingEvent event) {
    Objects.requireNonNull(event, "event must not be null");
    if (event instanceof RoutingEvent.LeadAssigned) {
      var d = ((RoutingEvent.LeadAssigned) event).decision();
      return new Assignment(d.leadId(), Kind.ASSIGNED, d.repId(), null, d.tier(), d.slaDeadline(), d.decidedAt());
    }
    if (event instanceof RoutingEvent.LeadQueued) {
      var d = ((RoutingEvent.LeadQueued) event).decision();
      return new Assignment(d.leadId(), Kind.QUEUED, null, d.queue(), d.tier(), d.slaDeadline(), d.decidedAt());
    }
    if (event instanceof RoutingEvent.LeadReassigned) {
      var r = (RoutingEvent.LeadReassigned) event;
      return new Assignment(r.leadId(), Kind.REASSIGNED, r.toRepId(), null, r.decision().tier(),
          r.decision().slaDeadline(), r.at());
    }
    if (event instanceof RoutingEvent.LeadMoved) {
      var m = (RoutingEvent.LeadMoved) event;
      var d = m.decision();
      return new Assignment(m.leadId(), d.repId() != null ? Kind.REASSIGNED : Kind.QUEUED, d.repId(), d.queue(),
          d.tier(), d.slaDeadline(), m.at());
    }
    if (event instanceof RoutingEvent.LeadUpdated) {
      var u = (RoutingEvent.LeadUpdated) event;
      var d = u.decision();
      return new Assignment(u.leadId(), Kind.UPDATED, d.repId(), d.queue(), d.tier(), d.slaDeadline(), u.at());
    }
    if (event instanceof RoutingEvent.LeadEscalated) {
      var e = (RoutingEvent.LeadEscalated) event;
      return new Assignment(e.leadId(), Kind.ESCALATED, e.toRepId(), e.toQueue(), e.tier(), null, e.at());
    }
    return null;
  }
}
