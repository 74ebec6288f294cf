package io.smartrouting.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

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

  /**
   * After a race over leads {@code L0} to {@code L<n-1>}: each has a place unless {@code released}, each rep of
   * {@code capacity} (id to capacity) counts as open exactly the leads placed with it and no more than its capacity,
   * and nothing else is open; and the router's decisions see every rep's open leads as they are.
   */
  public static void assertOnePlaceEach(Router router, int n, java.util.Set<String> released,
      Map<String, Integer> capacity) {
    Map<String, Integer> placed = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      java.util.Optional<Placement> p = router.placement("L" + i);
      assertThat(p.isPresent()).as("L%d has a place unless released", i).isEqualTo(!released.contains("L" + i));
      p.filter(x -> x.repId() != null).ifPresent(x -> placed.merge(x.repId(), 1, Integer::sum));
    }
    capacity.forEach((id, cap) -> assertThat(router.openLeads(id)).as("open count of %s", id)
        .isEqualTo(placed.getOrDefault(id, 0)).isLessThanOrEqualTo(cap));
    // What the decisions read between ticks: the router's own changes keep its view of the reps exact.
    for (io.smartrouting.api.Rep r : router.roster()) {
      assertThat(io.smartrouting.core.RouterViews.viewedOpenLeads(router, r.id()))
          .as("%s's open leads as the router's decisions see them", r.id()).isEqualTo(router.openLeads(r.id()));
    }
    assertThat(router.openPlacements()).hasSize(n - released.size());
  }

  /** The {@link RoutingEvent.LeadMoved} events among {@code events}, in order. */
  public static List<RoutingEvent.LeadMoved> moves(Collection<RoutingEvent> events) {
    return events.stream().filter(RoutingEvent.LeadMoved.class::isInstance).map(RoutingEvent.LeadMoved.class::cast)
        .toList();
  }

  /** The {@link RoutingEvent.LeadMoved} events among {@code events} that moved a lead for {@code why}, in order. */
  public static List<RoutingEvent.LeadMoved> moves(Collection<RoutingEvent> events, RoutingEvent.Move why) {
    return moves(events).stream().filter(m -> m.move() == why).toList();
  }

  /**
   * Each rep of {@code capacity} (id to the most leads it may hold) counts as open exactly the leads placed with it,
   * and no more than that most.
   */
  public static void assertCountsWithin(Router router, Map<String, Integer> capacity) {
    Collection<Placement> open = router.openPlacements();
    capacity.forEach((id, most) -> {
      long held = open.stream().filter(p -> id.equals(p.repId())).count();
      assertThat(router.openLeads(id)).as("open count of %s", id).isEqualTo((int) held);
      assertThat(held).as("%s within %d", id, most).isLessThanOrEqualTo(most);
    });
  }

  /** One of {@code ids}, chosen by {@code rnd}. */
  public static String pick(java.util.Set<String> ids, java.util.Random rnd) {
    int i = rnd.nextInt(ids.size());
    for (String s : ids) {
      if (i-- == 0) {
        return s;
      }
    }
    throw new AssertionError();
  }
}
