package io.smartrouting.core.testing;

import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.Router;
import io.smartrouting.core.state.Placement;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Where a router's open leads are, and how they moved, as lifecycle tests compare them. */
public final class OpenLeads {

  private OpenLeads() {}

  /** Each open lead's place: its rep's id, or {@code queue:<name>}. */
  public static Map<String, String> holders(Router router) {
    return router.openPlacements().stream().collect(Collectors.toMap(Placement::leadId,
        p -> p.repId() != null ? p.repId() : "queue:" + p.queue()));
  }

  /** The {@link RoutingEvent.LeadMoved} events among {@code events}, in order. */
  public static List<RoutingEvent.LeadMoved> moves(Collection<RoutingEvent> events) {
    return events.stream().filter(RoutingEvent.LeadMoved.class::isInstance).map(RoutingEvent.LeadMoved.class::cast)
        .toList();
  }
}
