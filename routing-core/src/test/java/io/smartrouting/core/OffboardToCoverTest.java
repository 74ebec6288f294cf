package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.state.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link OffboardPolicy#toRep}: a colleague named to cover a leaving rep's desk takes its leads while it has room. */
class OffboardToCoverTest {

  private static final Instant T0 = Instant.parse("2026-12-07T15:00:00Z");

  private final ManualClock clock = new ManualClock(T0);
  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();

  /** The leaver and a peer cover the US; the cover works Canada only, and holds at most {@code coverCapacity}. */
  private Router router(int coverCapacity) {
    List<Rep> reps = List.of(Rep.builder("leaver").territories("US").capacity(10).build(),
        Rep.builder("peer").territories("US").capacity(10).build(),
        Rep.builder("cover").territories("CA").capacity(coverCapacity).build());
    return Router.builder().roster(reps).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
        .step("first", ctx -> io.smartrouting.spi.StrategyResult.assign(ctx.candidates().first(), "first"))
        .listener(events::add).build();
  }

  private static Lead us(String id) {
    return Lead.builder(id).country("US").source(LeadSource.DEMO_REQUEST).build();
  }

  @Test
  void theCoverTakesTheLeadsItHasRoomForAndTheChainTheRest() {
    Router router = router(3);
    List<String> leaverLeads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Decision d = router.route(us("L" + i));
      assertThat(d.repId()).isEqualTo("leaver");
      leaverLeads.add(d.leadId());
    }
    assertThat(router.route(Lead.builder("ca-1").country("CA").build()).repId()).isEqualTo("cover");
    clock.advance(Duration.ofMinutes(2));

    List<Decision> moved = router.offboard("leaver", OffboardPolicy.toRep("cover"));

    assertThat(moved).extracting(Decision::repId).containsExactly("cover", "cover", "peer", "peer")
        .as("leads arrive in their order").hasSize(4);
    assertThat(moved).allMatch(d -> d.hasFlag(Flag.TRANSFERRED));
    assertThat(router.openLeads("cover")).as("full capacity, outside its territory: a person's call").isEqualTo(3);
    assertThat(router.openLeads("leaver")).isZero();
    Placement covered = router.placement("L0").orElseThrow();
    assertThat(covered.earlierHolders()).containsExactly("leaver");
    assertThat(covered.slaDeadline()).as("a new deadline from the cover").isEqualTo(T0.plus(Duration.ofMinutes(7)));
    assertThat(covered.firstRoutedAt()).isEqualTo(T0);
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.LeadMoved)
        .extracting(e -> ((RoutingEvent.LeadMoved) e).move() + " " + ((RoutingEvent.LeadMoved) e).reason())
        .containsExactly("OFFBOARDED offboarded from leaver: handed to cover, who covers the desk",
            "OFFBOARDED offboarded from leaver: handed to cover, who covers the desk",
            "OFFBOARDED offboarded from leaver; cover cover has no room left",
            "OFFBOARDED offboarded from leaver; cover cover has no room left");
    assertThat(router.route(us("after")).repId()).as("the leaver takes no new lead").isEqualTo("peer");
  }

  @Test
  void aCoverThatIsNotAnotherRepOnTheRosterIsRefusedBeforeAnythingMoves() {
    Router router = router(3);
    router.route(us("L0"));
    assertThatThrownBy(() -> router.offboard("leaver", OffboardPolicy.toRep("nobody")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the cover of rep 'leaver' must be another rep on the roster but was 'nobody'");
    assertThatThrownBy(() -> router.offboard("leaver", OffboardPolicy.toRep("leaver")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was 'leaver'");
    assertThatThrownBy(() -> OffboardPolicy.toRep(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cover rep id must not be blank");
    assertThat(router.placement("L0").orElseThrow().repId()).as("nothing moved").isEqualTo("leaver");
    assertThat(router.isAvailable("leaver")).as("nor marked away").isTrue();
    assertThat(OffboardPolicy.toRep("cover")).isEqualTo(OffboardPolicy.toRep("cover"))
        .isNotEqualTo(OffboardPolicy.reroute()).hasToString("toRep(cover)");
  }
}
