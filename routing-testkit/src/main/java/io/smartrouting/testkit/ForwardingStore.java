package io.smartrouting.testkit;

import io.smartrouting.core.state.InMemoryStateStore;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.RepState;
import io.smartrouting.core.state.RoutingStateStore;
import java.time.Instant;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * A state store that forwards the calls a store must implement to an in-memory store, for the testkit's stores that
 * bend some of them ({@link RefusingStateStore}, and the contract's own self-tests). Not API.
 */
abstract class ForwardingStore implements RoutingStateStore {

  /** The store every call goes to. */
  final InMemoryStateStore inner = new InMemoryStateStore();

  @Override
  public RepState rep(String repId) {
    return inner.rep(repId);
  }

  @Override
  public @Nullable Placement placeIfAbsent(Placement placement) {
    return inner.placeIfAbsent(placement);
  }

  @Override
  public @Nullable Placement placement(String leadId) {
    return inner.placement(leadId);
  }

  @Override
  public @Nullable Placement markContacted(String leadId, Instant at) {
    return inner.markContacted(leadId, at);
  }

  @Override
  public boolean replacePlacement(Placement expected, Placement next) {
    return inner.replacePlacement(expected, next);
  }

  @Override
  public @Nullable Placement removePlacement(String leadId) {
    return inner.removePlacement(leadId);
  }

  @Override
  public Collection<Placement> placements() {
    return inner.placements();
  }
}
