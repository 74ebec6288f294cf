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
 */
public record Placement(String leadId, @Nullable String repId, @Nullable String queue, Tier tier,
    Instant assignedAt, @Nullable Instant slaDeadline, boolean capacityOverride, @Nullable Instant contactedAt) {

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

  /** A copy recording the first contact at {@code at}. */
  public Placement withContactedAt(Instant at) {
    return new Placement(leadId, repId, queue, tier, assignedAt, slaDeadline, capacityOverride, at);
  }
}
