package io.smartrouting.core.state;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link RoutingStateStore#placeAndReserve} did: placed the lead with one unit of its rep's capacity, found the
 * lead already placed (nothing changed), found the rep full (nothing changed; the router picks again), or found that
 * the round-robin turn it was to take with the placement is not the store's turn now (nothing changed; the router
 * picks again, see {@link RoutingStateStore#turnsWithPlacement()}).
 *
 * @param status what happened
 * @param existing the lead's existing placement, for {@link Status#ALREADY_PLACED}; else null
 */
public record PlaceResult(Status status, @Nullable Placement existing) {

  /** The outcomes. */
  public enum Status {
    /** The lead is placed and the unit taken. */
    PLACED,
    /** The lead was placed before; nothing changed. */
    ALREADY_PLACED,
    /** The rep had no unit left under the limit; nothing changed. */
    FULL,
    /**
     * The round-robin turn predicted for the placement is not the store's turn (another router took turns since);
     * nothing changed, and the store now knows the shared turns again.
     */
    TURN_STALE
  }

  /** The lead is placed and the unit taken. */
  public static final PlaceResult PLACED = new PlaceResult(Status.PLACED, null);
  /** The rep had no unit left; nothing changed. */
  public static final PlaceResult FULL = new PlaceResult(Status.FULL, null);
  /** The predicted round-robin turn was stale; nothing changed. */
  public static final PlaceResult TURN_STALE = new PlaceResult(Status.TURN_STALE, null);

  /**
   * Validates that {@code existing} is given exactly for {@link Status#ALREADY_PLACED}.
   *
   * @param status what happened
   * @param existing the placement found, for {@link Status#ALREADY_PLACED} only
   */
  public PlaceResult {
    Objects.requireNonNull(status, "status must not be null");
    if ((status == Status.ALREADY_PLACED) != (existing != null)) {
      throw new IllegalArgumentException("existing must be given exactly when the lead was already placed");
    }
  }

  /**
   * The lead was placed before, as {@code existing}.
   *
   * @param existing the placement found
   * @return the result
   */
  public static PlaceResult alreadyPlaced(Placement existing) {
    return new PlaceResult(Status.ALREADY_PLACED, Objects.requireNonNull(existing, "existing must not be null"));
  }
}
