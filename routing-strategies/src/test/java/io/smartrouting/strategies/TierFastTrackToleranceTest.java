package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.spi.StrategyConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reps within the tolerance of the fastest share Tier 1 leads by load instead of one rep taking them all. */
class TierFastTrackToleranceTest {

  private static final List<Rep> REPS = List.of(
      Rep.builder("a").territories("US").capacity(10).responseMinutes(10).build(),
      Rep.builder("b").territories("US").capacity(10).responseMinutes(10.5).build(),
      Rep.builder("slow").territories("US").capacity(10).responseMinutes(30).build());

  private static List<String> route(StrategyConfig config, int leads) {
    Router router = Router.builder().roster(REPS).manualTimers().step("tier-fast-track", config).build();
    List<String> reps = new ArrayList<>();
    for (int i = 0; i < leads; i++) {
      Decision d = router.route(Lead.builder("t1-" + i).country("US").source(LeadSource.DEMO_REQUEST).build());
      reps.add(d.repId());
    }
    return reps;
  }

  @Test
  void nearlyAsFastRepsAlternateByLoadAndTheSlowRepIsNeverUsed() {
    assertThat(route(StrategyConfig.empty(), 6)).containsExactly("a", "b", "a", "b", "a", "b");
  }

  @Test
  void aZeroToleranceSendsEveryLeadToTheStrictlyFastestEvenPastCapacity() {
    List<String> reps = route(StrategyConfig.of("response.tolerance", "0"), 12);
    assertThat(reps).containsOnly("a").hasSize(12);
  }

  @Test
  void theToleranceBoundsWhoCountsAsFast() {
    // 100% of 10 minutes: up to 20 minutes counts, so the 30-minute rep still never gets a Tier 1 lead.
    assertThat(route(StrategyConfig.of("response.tolerance", "1"), 4)).containsExactly("a", "b", "a", "b");
  }

  @Test
  void aBadToleranceIsNamed() {
    assertThatThrownBy(() -> new TierFastTrackStrategy(-0.1)).hasMessageContaining("response.tolerance");
    assertThatThrownBy(() -> new TierFastTrackStrategy(Double.NaN)).hasMessageContaining("response.tolerance");
    assertThatThrownBy(() -> route(StrategyConfig.of("response.tolerance", "2"), 1))
        .hasMessageContaining("'tier-fast-track' rejected its config: response.tolerance must be in [0, 1] but was 2");
  }
}
