package io.smartrouting.core.state;

import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Live routing state behind one router (or, for a shared store, behind many routers of one tenant).
 *
 * <p>Implementations are thread-safe. The in-memory default is {@link InMemoryStateStore}.
 */
public interface RoutingStateStore {

  /** The live state of rep {@code repId}; the same instance (or an equivalent handle) on every call. */
  RepState rep(String repId);

  /**
   * Records {@code placement} for its lead if the lead has no placement yet.
   *
   * @return the existing placement if there was one (nothing changed), else null
   */
  @Nullable Placement placeIfAbsent(Placement placement);

  /** The placement of an open lead, or null. */
  @Nullable Placement placement(String leadId);

  /**
   * Records the first contact of an open lead: sets {@link Placement#contactedAt()} if it is not set yet.
   *
   * @return the placement before the change, or null if the lead is not open
   */
  @Nullable Placement markContacted(String leadId, java.time.Instant at);

  /** Removes and returns the placement of a lead, or null if it had none. */
  @Nullable Placement removePlacement(String leadId);

  /** A snapshot of every open placement. */
  Collection<Placement> placements();
}
