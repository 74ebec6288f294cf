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
 * @param slaDeadline first-contact deadline, if any
 * @param capacityOverride true if the rep's capacity was overridden to take it
 * @param contactedAt when the first contact was recorded, or null
 * @param progressedAt when the holder first reported progress beyond the contact (a meeting, an opportunity, or the
 *     lead won or lost: {@code Router.recordOutcome}), or null; a lead that moves to another holder starts without one
 * @param earlierHolders the reps that held the lead before its current place, oldest first, each once, at most
 *     {@link #MAX_EARLIER_HOLDERS} (the latest kept): a move through the chain never goes back to one of them
 */
public record Placement(String leadId, @Nullable String repId, @Nullable String queue, Tier tier,
    Instant assignedAt, @Nullable Instant slaDeadline, boolean capacityOverride, @Nullable Instant contactedAt,
    @Nullable Instant progressedAt, List<String> earlierHolders) {

  /** The most earlier holders a placement keeps (the latest ones). */
  public static final int MAX_EARLIER_HOLDERS = 16;

  /** Validates that exactly one of rep and queue is set; copies the earlier holders. */
  public Placement {
    Objects.requireNonNull(leadId, "leadId");
    earlierHolders = List.copyOf(Objects.requireNonNull(earlierHolders, "earlierHolders"));
    if (earlierHolders.size() > MAX_EARLIER_HOLDERS) {
      throw new IllegalArgumentException("placement keeps at most " + MAX_EARLIER_HOLDERS + " earlier holders but had "
          + earlierHolders.size() + " (lead " + leadId + ")");
    }
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(assignedAt, "assignedAt");
    if ((repId == null) == (queue == null)) {
      throw new IllegalArgumentException("placement needs exactly one of repId or queue but had repId=" + repId
          + ", queue=" + queue + " (lead " + leadId + ")");
    }
  }

  /** A placement without progress recorded (as every placement was before {@code progressedAt}). */
  public Placement(String leadId, @Nullable String repId, @Nullable String queue, Tier tier, Instant assignedAt,
      @Nullable Instant slaDeadline, boolean capacityOverride, @Nullable Instant contactedAt) {
    this(leadId, repId, queue, tier, assignedAt, slaDeadline, capacityOverride, contactedAt, null, List.of());
  }

  /** A placement without earlier holders (as every placement was before {@code earlierHolders}). */
  public Placement(String leadId, @Nullable String repId, @Nullable String queue, Tier tier, Instant assignedAt,
      @Nullable Instant slaDeadline, boolean capacityOverride, @Nullable Instant contactedAt,
      @Nullable Instant progressedAt) {
    this(leadId, repId, queue, tier, assignedAt, slaDeadline, capacityOverride, contactedAt, progressedAt, List.of());
  }

  /** A copy recording the first contact at {@code at}. */
  public Placement withContactedAt(Instant at) {
    return new Placement(leadId, repId, queue, tier, assignedAt, slaDeadline, capacityOverride, at, progressedAt,
        earlierHolders);
  }

  /** A copy recording the holder's first progress beyond the contact at {@code at}. */
  public Placement withProgressedAt(Instant at) {
    return new Placement(leadId, repId, queue, tier, assignedAt, slaDeadline, capacityOverride, contactedAt, at,
        earlierHolders);
  }

  /**
   * The earlier holders a lead moving on from this placement carries: these, then this placement's rep (moved to the
   * end if it held the lead before), the oldest dropped past {@link #MAX_EARLIER_HOLDERS}.
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
