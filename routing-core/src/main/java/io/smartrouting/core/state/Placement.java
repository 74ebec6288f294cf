package io.smartrouting.core.state;

import io.smartrouting.api.Tier;
import java.time.Instant;
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
 *     lead won or lost: {@code Router.recordOutcome}), or null; a lead that moves to another holder starts without
 */
public record Placement(String leadId, @Nullable String repId, @Nullable String queue, Tier tier,
    Instant assignedAt, @Nullable Instant slaDeadline, boolean capacityOverride, @Nullable Instant contactedAt,
    @Nullable Instant progressedAt) {

  /** Validates that exactly one of rep and queue is set. */
  public Placement {
    Objects.requireNonNull(leadId, "leadId");
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
    this(leadId, repId, queue, tier, assignedAt, slaDeadline, capacityOverride, contactedAt, null);
  }

  /** A copy recording the first contact at {@code at}. */
  public Placement withContactedAt(Instant at) {
    return new Placement(leadId, repId, queue, tier, assignedAt, slaDeadline, capacityOverride, at, progressedAt);
  }

  /** A copy recording the holder's first progress beyond the contact at {@code at}. */
  public Placement withProgressedAt(Instant at) {
    return new Placement(leadId, repId, queue, tier, assignedAt, slaDeadline, capacityOverride, contactedAt, at);
  }
}
