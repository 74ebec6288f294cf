package io.smartrouting.core;

import io.smartrouting.api.Lead;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A lead that is already open outside the router, as the system of record (a CRM) holds it: with a rep, or waiting
 * in a queue, since some time, perhaps contacted. {@link Router#adopt} takes it up as it stands, without routing it:
 * the open leads reps hold when routing goes live, or those a router on the in-memory store held before its process
 * restarted.
 *
 * <pre>{@code
 * router.adopt(ExistingLead.heldBy(lead, "ana", assignedAt).contactedAt(firstCallAt));
 * router.adopt(ExistingLead.waitingIn(lead, "unassigned", queuedAt));
 * router.adopt(ExistingLead.heldBy(staleLead, "ben", assignedAt).withoutDeadline());  // a backlog, not late now
 * }</pre>
 *
 * <p>Immutable. Exactly one of {@link #repId} and {@link #queue} is set; only a lead with a rep can have been
 * contacted. Whether {@code since} and {@code contactedAt} lie in the past is checked on the router's clock when it is
 * adopted.
 *
 * @param lead the lead with its routing facts (as {@link Router#route} takes them)
 * @param repId the rep holding it, or null when it waits in a queue
 * @param queue the queue it waits in, or null when a rep holds it
 * @param since when it was given to its rep or put in its queue: its first-contact deadline is counted from then, and
 *     a waiting lead keeps its place in line
 * @param contactedAt when its rep first contacted it, or null if not yet (then its first-contact deadline runs)
 * @param firstContactDeadline true (the default) for a lead not yet contacted to have its tier's first-contact
 *     deadline counted from {@code since}, escalated at the router's next tick when already passed; false for none
 *     (a backlog adopted at go-live, whose deadlines passed long ago)
 */
public record ExistingLead(Lead lead, @Nullable String repId, @Nullable String queue, Instant since,
    @Nullable Instant contactedAt, boolean firstContactDeadline) {

  /**
   * Checks the combination.
   *
   * @param lead the lead with its routing facts
   * @param repId the rep holding it, or null when it waits in a queue
   * @param queue the queue it waits in, or null when a rep holds it
   * @param since when it was given to its rep or put in its queue
   * @param contactedAt when its rep first contacted it, or null
   * @param firstContactDeadline true for its tier's first-contact deadline counted from {@code since}, false for none
   * @throws NullPointerException if {@code lead} or {@code since} is null
   * @throws IllegalArgumentException if not exactly one of {@code repId} and {@code queue} is set, the one set is
   *     blank, or a lead waiting in a queue has {@code contactedAt}
   */
  public ExistingLead {
    Objects.requireNonNull(lead, "lead must not be null");
    Objects.requireNonNull(since, "since must not be null (lead " + lead.id() + ")");
    if ((repId == null) == (queue == null)) {
      throw new IllegalArgumentException("exactly one of repId and queue must be set (lead " + lead.id()
          + "), but " + (repId == null ? "neither was" : "both were: '" + repId + "' and '" + queue + "'"));
    }
    if (repId != null && repId.isBlank()) {
      throw new IllegalArgumentException("repId must not be blank (lead " + lead.id() + ")");
    }
    if (queue != null && queue.isBlank()) {
      throw new IllegalArgumentException("queue must not be blank (lead " + lead.id() + ")");
    }
    if (queue != null && contactedAt != null) {
      throw new IllegalArgumentException("contactedAt: lead " + lead.id() + " waits in queue '" + queue
          + "', and only a rep holding a lead contacts it");
    }
  }

  /**
   * A lead rep {@code repId} holds since {@code since}, not contacted yet.
   *
   * @param lead the lead
   * @param repId the rep holding it
   * @param since when it was given to the rep
   * @return the existing lead
   */
  public static ExistingLead heldBy(Lead lead, String repId, Instant since) {
    Objects.requireNonNull(repId, "repId must not be null");
    return new ExistingLead(lead, repId, null, since, null, true);
  }

  /**
   * A lead waiting in queue {@code queue} since {@code since}.
   *
   * @param lead the lead
   * @param queue the queue it waits in
   * @param since when it was put in the queue
   * @return the existing lead
   */
  public static ExistingLead waitingIn(Lead lead, String queue, Instant since) {
    Objects.requireNonNull(queue, "queue must not be null");
    return new ExistingLead(lead, null, queue, since, null, true);
  }

  /**
   * A copy whose rep first contacted the lead at {@code at}: it runs no first-contact deadline.
   *
   * @param at when the rep first contacted the lead
   * @return the copy
   * @throws NullPointerException if {@code at} is null
   * @throws IllegalArgumentException if the lead waits in a queue
   */
  public ExistingLead contactedAt(Instant at) {
    Objects.requireNonNull(at, "contactedAt must not be null (lead " + lead.id() + ")");
    return new ExistingLead(lead, repId, queue, since, at, firstContactDeadline);
  }

  /**
   * A copy without a first-contact deadline: for a backlog taken up at go-live, which should not all escalate at the
   * first tick because their deadlines passed long ago.
   *
   * @return the copy
   */
  public ExistingLead withoutDeadline() {
    return new ExistingLead(lead, repId, queue, since, contactedAt, false);
  }
}
