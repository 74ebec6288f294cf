package io.smartrouting.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a lead in a router, told to every {@link RoutingListener}. One sealed type, so a
 * {@code switch} over the records below sees every kind of event. Events carry ids, never names or emails.
 */
public sealed interface RoutingEvent {

  /** {@return the lead the event is about} */
  String leadId();

  /** {@return when it happened, on the router's clock} */
  Instant at();

  /**
   * A new lead was assigned to a rep.
   *
   * @param decision the decision
   */
  record LeadAssigned(Decision decision) implements RoutingEvent {
    /**
     * Validates the decision.
     *
     * @param decision the decision
     */
    public LeadAssigned {
      Objects.requireNonNull(decision, "decision");
    }

    @Override
    public String leadId() {
      return decision.leadId();
    }

    @Override
    public Instant at() {
      return decision.decidedAt();
    }
  }

  /**
   * A new lead was placed in a queue (nobody could take it, or nobody was on shift).
   *
   * @param decision the decision
   */
  record LeadQueued(Decision decision) implements RoutingEvent {
    /**
     * Validates the decision.
     *
     * @param decision the decision
     */
    public LeadQueued {
      Objects.requireNonNull(decision, "decision");
    }

    @Override
    public String leadId() {
      return decision.leadId();
    }

    @Override
    public Instant at() {
      return decision.decidedAt();
    }
  }

  /**
   * A lead was not contacted by its first-contact deadline.
   *
   * @param leadId the lead's id
   * @param tier the lead's tier
   * @param deadline the first-contact deadline
   * @param at when it happened, on the router's clock
   * @param repId the rep holding it, or null if queued
   * @param queue the queue holding it, or null if assigned
   * @param breach 1 for the lead's first missed deadline, 2 for its second (after a reassignment, or an escalation that
   *     a drain or claim gave a rep again), and so on
   */
  record SlaBreached(String leadId, @Nullable String repId, @Nullable String queue, Tier tier, Instant deadline,
      Instant at, int breach) implements RoutingEvent {}

  /**
   * The manager of the rep who missed an SLA was told (escalation step one).
   *
   * @param leadId the lead's id
   * @param tier the lead's tier
   * @param deadline the first-contact deadline
   * @param at when it happened, on the router's clock
   * @param managerId the manager's rep id, or null when the rep has none (the notification then names the team)
   * @param repId the rep who missed the deadline
   */
  record ManagerNotified(String leadId, @Nullable String managerId, String repId, Tier tier, Instant deadline,
      Instant at) implements RoutingEvent {}

  /**
   * A lead moved from one rep to another after an SLA breach; the first rep's capacity was released.
   *
   * @param leadId the lead's id
   * @param fromRepId the rep that held the lead
   * @param at when it happened, on the router's clock
   * @param decision the new assignment, flagged {@link Flag#REASSIGNED}, with the new deadline
   * @param reassignment the number of the breach that moved it: 1 for the lead's first missed deadline, and so on (its
   *     reassignment's number, as long as every earlier breach reassigned it too)
   */
  record LeadReassigned(String leadId, String fromRepId, Decision decision, Instant at, int reassignment)
      implements RoutingEvent {
    /** {@return the rep now holding the lead} */
    public String toRepId() {
      return Objects.requireNonNull(decision.repId());
    }
  }

  /**
   * A lead was handed to a manager or a queue because reassignment could not help any more.
   *
   * @param leadId the lead's id
   * @param tier the lead's tier
   * @param at when it happened, on the router's clock
   * @param fromRepId the rep (or null: the queue) that held it
   * @param toRepId the manager now holding it, or null
   * @param toQueue the queue now holding it, or null
   * @param reason why, in words
   */
  record LeadEscalated(String leadId, @Nullable String fromRepId, @Nullable String toRepId,
      @Nullable String toQueue, Tier tier, Instant at, String reason) implements RoutingEvent {}

  /**
   * The first contact of an assigned lead was recorded.
   *
   * @param leadId the lead's id
   * @param repId the rep
   * @param tier the lead's tier
   * @param at when it happened, on the router's clock
   * @param timeToContact from the lead's first routing to the contact: the customer's wait, through reassignments,
   *     escalations and queues (as the SLA metrics count it)
   * @param withinSla true if the lead had no deadline, or was contacted by its deadline and missed none before
   */
  record ContactRecorded(String leadId, String repId, Tier tier, Instant at, Duration timeToContact,
      boolean withinSla) implements RoutingEvent {}

  /**
   * An outcome was recorded for a lead.
   *
   * @param leadId the lead's id
   * @param tier the lead's tier
   * @param segment the lead's segment, or null if unknown
   * @param outcome the outcome
   * @param at when it happened, on the router's clock
   * @param repId the rep the lead was with, or null if it was queued
   */
  record OutcomeRecorded(String leadId, @Nullable String repId, Tier tier, @Nullable Segment segment,
      Outcome outcome, Instant at) implements RoutingEvent {}

  /** Why a lead moved outside an SLA breach. */
  enum Move {
    /** It waited in a queue and a rep who could take it freed capacity, came on shift or joined the roster. */
    DRAINED,
    /** A person reassigned it to a named rep ({@code Router.reassign}). */
    REASSIGNED,
    /** It was re-routed away from its holder ({@code Router.transfer}). */
    TRANSFERRED,
    /** Its holder was offboarded ({@code Router.offboard}). */
    OFFBOARDED,
    /** Its account moved to other reps, who took it from a rep outside them ({@code Router.moveAccountLeads}). */
    ACCOUNT_MOVED,
    /**
     * Its routing facts changed ({@code Router.update}) and the rep holding it, not yet in contact, no longer covers it
     * (another territory, segment or language): it was routed again.
     */
    UPDATED,
    /**
     * A roster update changed what the rep holding it covers (territories, named accounts, segments, languages: a
     * territory realignment) and that rep, not yet in contact, no longer covers it: it was routed again
     * ({@code Router.Builder.whenCoverageChanges}).
     */
    REALIGNED,
    /**
     * The rep holding it, not yet in contact, went on declared time off lasting at least the router's hand-over time
     * ({@code Router.Builder.handOverWhenAway}): it was routed again.
     */
    AWAY,
    /**
     * Its rep made first contact but reported no progress (a meeting, an opportunity, won or lost) within the router's
     * recycling time ({@code Router.Builder.recycleStalledLeads}): it was routed again, to another rep.
     */
    RECYCLED,
    /**
     * It waited in a queue and a rep who may take it asked for its next lead and got it ({@code Router.claimNext}).
     */
    CLAIMED,
    /**
     * A person put it in a named queue ({@code Router.requeue}): its rep gave it back, or a manager sent it to another
     * queue. It drains from there, never back to a rep that held it.
     */
    REQUEUED,
    /**
     * It became sales-qualified ({@code Router.update} with {@link Lead#salesQualified()} turned on) while a sales
     * development rep ({@link RepRole#SDR}) held it, and was handed off: routed again through the chain for its new
     * facts, never back to that rep ({@code Router.Builder.handOffQualifiedLeads}).
     */
    QUALIFIED
  }

  /**
   * The routing facts of an open lead changed ({@code Router.update}: a later form, enrichment, an edit in the CRM) and
   * it stayed where it was: its holder still covers it, or was in contact already, or it waits in a queue (now with
   * its new tier's place in the drain order). Its tier, segment and account may have changed; its first-contact
   * deadline moves only earlier, to the new tier's deadline from now when that comes first.
   *
   * @param leadId the lead's id
   * @param fromTier the lead's tier before
   * @param decision where the lead is (the same rep or queue), with its tier, segment, account and deadline now
   * @param at when it happened, on the router's clock
   */
  record LeadUpdated(String leadId, Tier fromTier, Decision decision, Instant at) implements RoutingEvent {
    /**
     * Validates the fields.
     *
     * @param leadId the lead id
     * @param fromTier the tier before
     * @param decision the decision
     * @param at when
     */
    public LeadUpdated {
      Objects.requireNonNull(leadId, "leadId");
      Objects.requireNonNull(fromTier, "fromTier");
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * An open lead moved to a rep or a queue by a queue drain, a reassignment, a transfer or an offboarding; exactly one
   * placement changed, atomically.
   *
   * @param leadId the lead's id
   * @param at when it happened, on the router's clock
   * @param fromRepId the rep that held it, or null if it was queued
   * @param fromQueue the queue it waited in, or null if a rep held it
   * @param decision where it went and why (rep id or queue, flags, new SLA deadline)
   * @param move why it moved
   * @param reason the caller's reason for a reassignment, else a short description
   */
  record LeadMoved(String leadId, @Nullable String fromRepId, @Nullable String fromQueue, Decision decision,
      Move move, String reason, Instant at) implements RoutingEvent {
    /**
     * Validates the required fields.
     *
     * @param leadId the lead id
     * @param fromRepId the from rep id
     * @param fromQueue the from queue
     * @param decision the decision
     * @param move the move
     * @param reason why, in words a person reads in the decision's explanation
     * @param at when, on the router's clock
     */
    public LeadMoved {
      Objects.requireNonNull(leadId, "leadId");
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(move, "move");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * An open lead was closed with {@code Router.release}: its rep's capacity is free again (or it left its queue).
   *
   * @param leadId the lead's id
   * @param at when it happened, on the router's clock
   * @param repId the rep that held it, or null if it was queued
   * @param queue the queue it waited in, or null
   */
  record LeadReleased(String leadId, @Nullable String repId, @Nullable String queue, Instant at)
      implements RoutingEvent {}
}
