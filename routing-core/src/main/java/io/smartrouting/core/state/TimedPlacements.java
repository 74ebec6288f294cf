package io.smartrouting.core.state;

import java.util.List;
import java.util.Objects;

/**
 * A page of a shared store's open placements that have an SLA deadline or wait in a queue, written (placed or moved)
 * after a cursor ({@link RoutingStateStore#timedPlacementsSince}): what the timer-lease holder must take up from the
 * other routers, read without reading every open lead.
 *
 * @param placements the placements, oldest write first (a lead released meanwhile is left out)
 * @param cursor where the next read starts: the last write this page covers, or the cursor asked for if none
 * @param more true if more were written after this page than it holds
 */
public record TimedPlacements(List<Placement> placements, long cursor, boolean more) {

  /**
   * Copies the list; the cursor must not be negative.
   *
   * @param placements the page, oldest first
   * @param cursor the cursor to read the next page from
   * @param more whether more pages follow
   */
  public TimedPlacements {
    placements = List.copyOf(Objects.requireNonNull(placements, "placements"));
    if (cursor < 0) {
      throw new IllegalArgumentException("cursor must not be negative but was " + cursor);
    }
  }
}
