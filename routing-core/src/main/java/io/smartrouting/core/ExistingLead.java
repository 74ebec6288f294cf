package io.smartrouting.core;

import io.smartrouting.api.Lead;
import java.time.Instant;
import java.util.List;
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
 * router.adopt(ExistingLead.heldBy(lead, "cy", reassignedAt).withHistory(firstRoutedAt, 1, List.of("ana")));
 * }</pre>
 *
 * <p>Its SLA history, when the system of record keeps it ({@link #withHistory}; a restarted router's own placements
 * do): when it was first routed, how many first-contact deadlines it missed before (each moved it), and the reps that
 * held it before. Then the escalation policy's limit counts those missed deadlines, a move never goes back to an
 * earlier holder, a contact counts as late after a missed deadline, and the time to first contact runs from the first
 * routing, as on a router that had run all along. Without it, the history starts afresh at {@code since}.
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
 * @param firstRoutedAt when the lead was first routed ({@code since} unless its history says earlier)
 * @param missedDeadlines how many first-contact deadlines it missed before this placement (0 unless its history
 *     says more)
 * @param earlierHolders the reps that held it before, oldest first, each once, at most
 *     {@link io.smartrouting.core.state.Placement#MAX_EARLIER_HOLDERS} (the latest kept); empty unless its history
 *     says
 */
public record ExistingLead(Lead lead, @Nullable String repId, @Nullable String queue, Instant since,
    @Nullable Instant contactedAt, boolean firstContactDeadline, Instant firstRoutedAt, int missedDeadlines,
    List<String> earlierHolders) {

  /**
   * Checks the combination, and keeps each earlier holder once (where it last held the lead) and the latest
   * {@link io.smartrouting.core.state.Placement#MAX_EARLIER_HOLDERS} of them.
   *
   * @param lead the lead with its routing facts
   * @param repId the rep holding it, or null when it waits in a queue
   * @param queue the queue it waits in, or null when a rep holds it
   * @param since when it was given to its rep or put in its queue
   * @param contactedAt when its rep first contacted it, or null
   * @param firstContactDeadline true for its tier's first-contact deadline counted from {@code since}, false for none
   * @param firstRoutedAt when the lead was first routed; null for {@code since}
   * @param missedDeadlines how many first-contact deadlines it missed before this placement
   * @param earlierHolders the reps that held it before, oldest first
   * @throws NullPointerException if {@code lead}, {@code since} or {@code earlierHolders} (or one of them) is null
   * @throws IllegalArgumentException if not exactly one of {@code repId} and {@code queue} is set, the one set is
   *     blank, a lead waiting in a queue has {@code contactedAt}, {@code firstRoutedAt} is after {@code since},
   *     {@code missedDeadlines} is negative or an earlier holder is blank
   */
  public ExistingLead {
    Objects.requireNonNull(lead, "lead must not be null");
    Objects.requireNonNull(since, "since must not be null (lead " + lead.id() + ")");
    if (firstRoutedAt == null) {
      firstRoutedAt = since;
    }
    if (firstRoutedAt.isAfter(since)) {
      throw new IllegalArgumentException("firstRoutedAt " + firstRoutedAt + " of lead " + lead.id() + " is after since "
          + since + ": a lead is first routed before or when it is placed");
    }
    if (missedDeadlines < 0) {
      throw new IllegalArgumentException("missedDeadlines must be 0 or more but was " + missedDeadlines + " (lead "
          + lead.id() + ")");
    }
    Objects.requireNonNull(earlierHolders, "earlierHolders must not be null (lead " + lead.id() + ")");
    java.util.LinkedHashSet<String> once = new java.util.LinkedHashSet<>();
    for (String h : earlierHolders) {
      Objects.requireNonNull(h, "earlierHolders must not hold null (lead " + lead.id() + ")");
      if (h.isBlank()) {
        throw new IllegalArgumentException("earlierHolders must not hold a blank rep id (lead " + lead.id() + ")");
      }
      once.remove(h); // where it last held the lead
      once.add(h);
    }
    List<String> kept = List.copyOf(once);
    int max = io.smartrouting.core.state.Placement.MAX_EARLIER_HOLDERS;
    earlierHolders = kept.size() > max ? kept.subList(kept.size() - max, kept.size()) : kept;
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
   * An existing lead without SLA history (first routed at {@code since}, no deadline missed, no earlier holder).
   *
   * @param lead the lead with its routing facts
   * @param repId the rep holding it, or null when it waits in a queue
   * @param queue the queue it waits in, or null when a rep holds it
   * @param since when it was given to its rep or put in its queue
   * @param contactedAt when its rep first contacted it, or null
   * @param firstContactDeadline true for its tier's first-contact deadline counted from {@code since}, false for none
   * @throws NullPointerException if {@code lead} or {@code since} is null
   * @throws IllegalArgumentException as the canonical constructor
   */
  public ExistingLead(Lead lead, @Nullable String repId, @Nullable String queue, Instant since,
      @Nullable Instant contactedAt, boolean firstContactDeadline) {
    this(lead, repId, queue, since, contactedAt, firstContactDeadline, null, 0, List.of());
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
    return new ExistingLead(lead, repId, queue, since, at, firstContactDeadline, firstRoutedAt, missedDeadlines,
        earlierHolders);
  }

  /**
   * A copy without a first-contact deadline: for a backlog taken up at go-live, which should not all escalate at the
   * first tick because their deadlines passed long ago.
   *
   * @return the copy
   */
  public ExistingLead withoutDeadline() {
    return new ExistingLead(lead, repId, queue, since, contactedAt, false, firstRoutedAt, missedDeadlines,
        earlierHolders);
  }

  /**
   * A copy with the lead's SLA history as the system of record keeps it: the escalation policy's limit counts the
   * deadlines it missed, a move never goes back to an earlier holder, and the time to first contact runs from its
   * first routing. A lead escalated after its last missed deadline (to a manager or a queue) runs no deadline on a
   * router: adopt it {@link #withoutDeadline()} too, or its tier's deadline runs again from {@code since}.
   *
   * @param firstRoutedAt when the lead was first routed (not after {@code since})
   * @param missedDeadlines how many first-contact deadlines it missed before this placement (each moved it)
   * @param earlierHolders the reps that held it before, oldest first
   * @return the copy
   * @throws NullPointerException if {@code firstRoutedAt} or {@code earlierHolders} is null
   * @throws IllegalArgumentException as the canonical constructor
   */
  public ExistingLead withHistory(Instant firstRoutedAt, int missedDeadlines, List<String> earlierHolders) {
    Objects.requireNonNull(firstRoutedAt, "firstRoutedAt must not be null (lead " + lead.id() + ")");
    return new ExistingLead(lead, repId, queue, since, contactedAt, firstContactDeadline, firstRoutedAt,
        missedDeadlines, earlierHolders);
  }
}
