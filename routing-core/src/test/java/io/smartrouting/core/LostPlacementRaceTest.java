package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Tier;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.ForwardingStateStore;
import io.smartrouting.core.testing.TestStrategies;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Another router places the same lead with the same rep between this router's reservation and its placement. With
 * anonymous units (in memory) this router's unit is its own and must be given back, or the rep leaks capacity.
 */
class LostPlacementRaceTest {

  /** In-memory state where a competing router wins every placement race, choosing the same rep and its own unit. */
  private static final class RacingStore extends ForwardingStateStore {
    @Override
    public @Nullable Placement placeIfAbsent(Placement p) {
      if (p.repId() != null && inner.placement(p.leadId()) == null) {
        inner.rep(p.repId()).tryReserve(Integer.MAX_VALUE, p.leadId());
        inner.placeIfAbsent(new Placement(p.leadId(), p.repId(), null, p.tier(), p.assignedAt(), null, false, null));
      }
      return inner.placeIfAbsent(p);
    }
  }

  @Test
  void theLoserGivesBackItsOwnUnitWhenTheWinnerChoseTheSameRep() {
    RacingStore store = new RacingStore();
    Router router = Router.builder().roster(List.of(Rep.builder("ana").territories("*").capacity(10).build()))
        .stateStore(store).strategies(StrategyRegistry.of()).manualTimers().step("ll", TestStrategies.LEAST_LOADED)
        .build();
    Decision d = router.route(Lead.builder("raced").build());
    assertThat(d.repId()).isEqualTo("ana");
    assertThat(d.tier()).isEqualTo(Tier.TIER_3);
    assertThat(router.openLeads("ana")).as("only the winner's unit").isEqualTo(1);
    assertThat(router.release("raced")).isTrue();
    assertThat(router.openLeads("ana")).isZero();
  }
}
