package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Tier;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A lead's earlier holders are kept on its placement ({@link Placement#earlierHolders()}), so a move through the chain
 * never goes back to one of them, also once its first-contact deadline is gone and on any router of the store.
 */
class EarlierHoldersTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));

  private Router router() {
    List<Rep> reps = new ArrayList<>();
    for (String id : List.of("ana", "bob", "cy")) {
      reps.add(Rep.builder(id).territories("US").capacity(10).build());
    }
    return Router.builder().roster(reps).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
        .step("ll", TestStrategies.LEAST_LOADED).build();
  }

  @Test
  void aTransferAfterTheContactDoesNotGoBackToAnEarlierHolder() {
    Router router = router();
    assertThat(router.route(Lead.builder("L1").country("US").build()).repId()).isEqualTo("ana");
    assertThat(router.transfer("L1").repId()).isEqualTo("bob");
    router.recordContact("L1", clock.instant());
    // Least loaded would pick ana (no leads) before cy (no leads, later in roster order): ana held it before.
    io.smartrouting.api.Decision toCy = router.transfer("L1");
    assertThat(toCy.repId()).isEqualTo("cy");
    // The explanation names both the holder it leaves and the earlier one, in words true of each.
    assertThat(toCy.explain()).contains("    excluded, holds or held this lead, and a move does not give it back: ana,"
        + " bob\n");
    assertThat(router.placement("L1").orElseThrow().earlierHolders()).containsExactly("ana", "bob");
    // Nobody left who has not held it: the fallback queue, with the history kept.
    assertThat(router.transfer("L1").queue()).isNotNull();
    assertThat(router.placement("L1").orElseThrow().earlierHolders()).containsExactly("ana", "bob", "cy");
  }

  @Test
  void theHistoryKeepsEachRepOnceLatestLastAndAtMostSixteen() {
    Instant at = clock.instant();
    Placement p = new Placement("L", "bob", null, Tier.TIER_3, at, null, false, null, null,
        List.of("ana", "bob", "cy"));
    assertThat(p.holdersAfterMove()).containsExactly("ana", "cy", "bob");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < Placement.MAX_EARLIER_HOLDERS; i++) {
      many.add("r" + i);
    }
    Placement full = new Placement("L", "new", null, Tier.TIER_3, at, null, false, null, null, many);
    assertThat(full.holdersAfterMove()).hasSize(Placement.MAX_EARLIER_HOLDERS).startsWith("r1").endsWith("new");
    Placement queued = new Placement("L", null, "q", Tier.TIER_3, at, null, false, null, null, List.of("ana"));
    assertThat(queued.holdersAfterMove()).containsExactly("ana");
    many.add("one-too-many");
    assertThatThrownBy(() -> new Placement("L", "x", null, Tier.TIER_3, at, null, false, null, null, many))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 16 earlier holders");
    assertThat(new Placement("L", "x", null, Tier.TIER_3, at, null, false, null).earlierHolders()).isEmpty();
  }
}
