package io.smartrouting.core.internal;

import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.RoutingStateStore;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time a first contact counts at: as reported, or the lead's assignment when the report is a little before it
 * (the caller's clock behind the router's, a time kept to the second), within a tolerance. Not API.
 */
public final class FirstContacts {

  private static final Logger LOG = LoggerFactory.getLogger(FirstContacts.class);

  private FirstContacts() {}

  /**
   * {@code at}, or {@code assignedAt} when {@code at} is at most {@code tolerance} before it.
   *
   * @throws IllegalArgumentException if {@code at} is further before the assignment
   */
  public static Instant at(String leadId, Instant at, Instant assignedAt, Duration tolerance) {
    if (!at.isBefore(assignedAt)) {
      return at;
    }
    if (at.isBefore(assignedAt.minus(tolerance))) {
      throw new IllegalArgumentException("contact time " + at + " is before the assignment at " + assignedAt
          + " (lead " + leadId + "; up to " + tolerance.toSeconds() + " s before it counts as at it)");
    }
    LOG.debug("contact of lead {} reported {} ms before its assignment: counted at the assignment", leadId,
        Duration.between(at, assignedAt).toMillis());
    return assignedAt;
  }

  /**
   * The first contact in one step of {@code store} ({@link RoutingStateStore#recordFirstContact}); when the store
   * refuses a time before the assignment, the placement is read and, if the time is within {@code tolerance} of it,
   * the contact is recorded at the assignment.
   */
  public static @Nullable Placement inOneStep(RoutingStateStore store, String leadId, Instant at, Duration tolerance) {
    try {
      return store.recordFirstContact(leadId, at);
    } catch (IllegalArgumentException e) {
      Placement p = store.placement(leadId);
      if (p == null || p.repId() == null || p.contactedAt() != null || !at.isBefore(p.assignedAt())) {
        throw e;
      }
      return store.recordFirstContact(leadId, at(leadId, at, p.assignedAt(), tolerance));
    }
  }
}
