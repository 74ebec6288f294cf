package io.smartrouting.core.state;

import io.smartrouting.api.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where an open lead is: with exactly one rep, or in exactly one queue.
 *
 * @param leadId the lead
 * @param repId the rep holding it, or null when queued
 * @param queue the queue holding it, or null when assigned
 * @param tier the lead's tier
 * @param assignedAt when the lead was placed
 * @param slaDeadline first-contact deadline, if any; a waiting lead's is dropped once its breach is reported (it
 *     waits on without one, as an escalated lead does)
 * @param capacityOverride true if the rep's capacity was overridden to take it
 * @param contactedAt when the first contact was recorded, or null
 * @param progressedAt when the holder first reported progress beyond the contact (a meeting, an opportunity, or the
 *     lead won or lost: {@code Router.recordOutcome}), or null; a lead that moves to another holder starts without one
 * @param earlierHolders the reps that held the lead before its current place, oldest first, each once, at most
 *     {@link #MAX_EARLIER_HOLDERS} (the latest kept): a move through the chain never goes back to one of them
 * @param firstRoutedAt when the lead was first routed: {@code assignedAt} for its first placement, earlier for one a
 *     move made; the time to first contact is counted from it on whichever router records the contact
 * @param slaBreaches how many first-contact deadlines the lead missed before this placement (0 or more; each moved it,
 *     to another rep or up to a manager or queue): the escalation policy's limit holds, and a contact counts as
 *     late, whichever router runs the timers or is told of the contact
 */
public record Placement(String leadId, @Nullable String repId, @Nullable String queue, Tier tier,
    Instant assignedAt, @Nullable Instant slaDeadline, boolean capacityOverride, @Nullable Instant contactedAt,
    @Nullable Instant progressedAt, List<String> earlierHolders, Instant firstRoutedAt, int slaBreaches) {

  /** The most earlier holders a placement keeps (the latest ones). */
  public static final int MAX_EARLIER_HOLDERS = 16;

  /**
   * Validates that exactly one of rep and queue is set and that {@code slaBreaches} is not negative; copies the
   * earlier holders; takes a null {@code firstRoutedAt} (from a caller without null checks) for {@code assignedAt}.
   *
   * @param leadId the lead
   * @param repId the rep holding it, or null when queued
   * @param queue the queue holding it, or null when assigned
   * @param tier the lead's tier
   * @param assignedAt when the lead was placed
   * @param slaDeadline first-contact deadline, if any
   * @param capacityOverride true if the rep's capacity was overridden to take it
   * @param contactedAt when the first contact was recorded, or null
   * @param progressedAt when the holder first reported progress beyond the contact (a meeting, an opportunity, or
   *     the lead won or lost: {@code Router.recordOutcome}), or null; a lead that moves to another holder starts
   *     without one
   * @param earlierHolders the reps that held the lead before its current place, oldest first, each once, at most
   *     {@link #MAX_EARLIER_HOLDERS} (the latest kept): a move through the chain never goes back to one of them
   * @param firstRoutedAt when the lead was first routed: {@code assignedAt} for its first placement, earlier for
   *     one a move made; the time to first contact is counted from it on whichever router records the contact
   * @param slaBreaches how many first-contact deadlines the lead missed before this placement (0 or more; each
   *     moved it, to another rep or up to a manager or queue): the escalation policy's limit holds, and a contact
   *     counts as late, whichever router runs the timers or is told of the contact
   */
  public Placement {
    Objects.requireNonNull(leadId, "leadId");
    earlierHolders = List.copyOf(Objects.requireNonNull(earlierHolders, "earlierHolders"));
    if (earlierHolders.size() > MAX_EARLIER_HOLDERS) {
      throw new IllegalArgumentException("placement keeps at most " + MAX_EARLIER_HOLDERS + " earlier holders but had "
          + earlierHolders.size() + " (lead " + leadId + ")");
    }
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(assignedAt, "assignedAt");
    if (firstRoutedAt == null) {
      firstRoutedAt = assignedAt;
    }
    if (slaBreaches < 0) {
      throw new IllegalArgumentException("placement's slaBreaches must be 0 or more but was " + slaBreaches
          + " (lead " + leadId + ")");
    }
    if ((repId == null) == (queue == null)) {
      throw new IllegalArgumentException("placement needs exactly one of repId or queue but had repId=" + repId
          + ", queue=" + queue + " (lead " + leadId + ")");
    }
  }

  /**
   * A placement without progress recorded (as every placement was before {@code progressedAt}).
   *
   * @param leadId the lead
   * @param repId the rep holding it, or null when queued
   * @param queue the queue holding it, or null when assigned
   * @param tier the lead's tier
   * @param assignedAt when the lead was placed
   * @param slaDeadline first-contact deadline, if any
   * @param capacityOverride true if the rep's capacity was overridden to take it
   * @param contactedAt when the first contact was recorded, or null
   */
  public Placement(String leadId, @Nullable String repId, @Nullable String queue, Tier tier, Instant assignedAt,
      @Nullable Instant slaDeadline, boolean capacityOverride, @Nullable Instant contactedAt) {
    this(leadId, repId, queue, tier, assignedAt, slaDeadline, capacityOverride, contactedAt, null, List.of());
  }

  /**
   * A placement without earlier holders (as every placement was before {@code earlierHolders}).
   *
   * @param leadId the lead
   * @param repId the rep holding it, or null when queued
   * @param queue the queue holding it, or null when assigned
   * @param tier the lead's tier
   * @param assignedAt when the lead was placed
   * @param slaDeadline first-contact deadline, if any
   * @param capacityOverride true if the rep's capacity was overridden to take it
   * @param contactedAt when the first contact was recorded, or null
   * @param progressedAt when the holder first reported progress beyond the contact (a meeting, an opportunity, or
   *     the lead won or lost: {@code Router.recordOutcome}), or null; a lead that moves to another holder starts
   *     without one
   */
  public Placement(String leadId, @Nullable String repId, @Nullable String queue, Tier tier, Instant assignedAt,
      @Nullable Instant slaDeadline, boolean capacityOverride, @Nullable Instant contactedAt,
      @Nullable Instant progressedAt) {
    this(leadId, repId, queue, tier, assignedAt, slaDeadline, capacityOverride, contactedAt, progressedAt, List.of());
  }

  /**
   * A placement that keeps no first routing time or missed deadlines (as every placement was before
   * {@code firstRoutedAt} and {@code slaBreaches}): a first placement, or one whose history is unknown.
   *
   * @param leadId the lead
   * @param repId the rep holding it, or null when queued
   * @param queue the queue holding it, or null when assigned
   * @param tier the lead's tier
   * @param assignedAt when the lead was placed
   * @param slaDeadline first-contact deadline, if any
   * @param capacityOverride true if the rep's capacity was overridden to take it
   * @param contactedAt when the first contact was recorded, or null
   * @param progressedAt when the holder first reported progress beyond the contact (a meeting, an opportunity, or
   *     the lead won or lost: {@code Router.recordOutcome}), or null; a lead that moves to another holder starts
   *     without one
   * @param earlierHolders the reps that held the lead before its current place, oldest first, each once, at most
   *     {@link #MAX_EARLIER_HOLDERS} (the latest kept): a move through the chain never goes back to one of them
   */
  public Placement(String leadId, @Nullable String repId, @Nullable String queue, Tier tier, Instant assignedAt,
      @Nullable Instant slaDeadline, boolean capacityOverride, @Nullable Instant contactedAt,
      @Nullable Instant progressedAt, List<String> earlierHolders) {
    this(leadId, repId, queue, tier, assignedAt, slaDeadline, capacityOverride, contactedAt, progressedAt,
        earlierHolders, assignedAt, 0);
  }

  /**
   * A copy recording the first contact at {@code at}.
   *
   * @param at when the holder first contacted the lead
   * @return the copy
   */
  public Placement withContactedAt(Instant at) {
    return new Placement(leadId, repId, queue, tier, assignedAt, slaDeadline, capacityOverride, at, progressedAt,
        earlierHolders, firstRoutedAt, slaBreaches);
  }

  /**
   * A copy recording the holder's first progress beyond the contact at {@code at}.
   *
   * @param at when the holder first reported progress
   * @return the copy
   */
  public Placement withProgressedAt(Instant at) {
    return new Placement(leadId, repId, queue, tier, assignedAt, slaDeadline, capacityOverride, contactedAt, at,
        earlierHolders, firstRoutedAt, slaBreaches);
  }

  /**
   * The earlier holders a lead moving on from this placement carries: these, then this placement's rep (moved to the
   * end if it held the lead before), the oldest dropped past {@link #MAX_EARLIER_HOLDERS}.
   *
   * @return the reps, oldest first
   */
  public List<String> holdersAfterMove() {
    if (repId == null) {
      return earlierHolders;
    }
    List<String> out = new java.util.ArrayList<>(earlierHolders.size() + 1);
    for (String h : earlierHolders) {
      if (!h.equals(repId)) {
        out.add(h);
      }
    }
    out.add(repId);
    return out.size() > MAX_EARLIER_HOLDERS ? out.subList(out.size() - MAX_EARLIER_HOLDERS, out.size()) : out;
  }
}
