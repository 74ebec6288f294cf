package io.smartrouting.core.state;

import io.smartrouting.api.Lead;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A released lead a shared store still keeps ({@link RoutingStateStore#releasedLead}): its last placement and the
 * routing facts saved with it (null if none were), so that any router can credit an outcome reported for it.
 *
 * @param placement the placement the lead had when it was released
 * @param facts its routing facts, or null
 */
public record ReleasedLead(Placement placement, @Nullable Lead facts) {

  /**
   * Checks the placement.
   *
   * @param placement the lead's last placement
   * @param facts the routing facts saved with it, or null
   */
  public ReleasedLead {
    Objects.requireNonNull(placement, "placement must not be null");
  }
}
