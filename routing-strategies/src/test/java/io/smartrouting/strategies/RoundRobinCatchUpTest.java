package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.TimeOff;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.spi.StrategyConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Round-robin catch-up for a rep back from time off: off by default, bounded by {@code catchUp.maxLeads}. */
class RoundRobinCatchUpTest {

  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
  private static final TimeOff TWO_DAYS_OFF = new TimeOff(Instant.parse("2026-12-03T00:00:00Z"),
      Instant.parse("2026-12-05T00:00:00Z"), "holiday");

  /** Routes one lead an hour for six days (two of them with rep 'away' on time off); returns who got each lead. */
  private static String[] holders(StrategyConfig config) {
    ManualClock clock = new ManualClock(START);
    List<Rep> reps = List.of(Rep.builder("away").territories("US").capacity(1000).timeOff(TWO_DAYS_OFF).build(),
        Rep.builder("stayed").territories("US").capacity(1000).build());
    String[] out = new String[6 * 24];
    try (Router router = Router.builder().roster(reps).clock(clock).manualTimers().step("round-robin", config)
        .build()) {
      for (int h = 0; h < out.length; h++) {
        clock.set(START.plus(Duration.ofHours(h)));
        Decision d = router.route(Lead.builder("l-" + h).country("US").build());
        out[h] = d.repId();
        if (h == 4 * 24) {
          assertThat(d.explain()).contains(config.isEmpty() ? "round-robin turn (weighted)" : "catching up");
        }
      }
    }
    return out;
  }

  private static int count(String[] holders, String rep, int fromHour, int toHour) {
    int n = 0;
    for (int h = fromHour; h < toHour; h++) {
      n += rep.equals(holders[h]) ? 1 : 0;
    }
    return n;
  }

  @Test
  void offByDefaultTheReturningRepJustTakesItsTurnsAgain() {
    String[] h = holders(StrategyConfig.empty());
    assertThat(count(h, "away", 48, 96)).isZero();
    assertThat(count(h, "away", 96, 116)).isBetween(9, 11);
  }

  @Test
  void aRepBackFromTimeOffCatchesUpByAtMostTheConfiguredLeads() {
    String[] h = holders(StrategyConfig.of("catchUp.maxLeads", "10"));
    assertThat(count(h, "away", 0, 48)).isEqualTo(24);
    assertThat(count(h, "away", 48, 96)).isZero();
    // It missed about 24 leads (its pace: 24 in its first two days); it is owed 10, the bound.
    assertThat(count(h, "away", 96, 106)).isEqualTo(10);
    assertThat(count(h, "away", 96, 116)).isBetween(14, 16);
    // Then turns alternate again: no second catch-up without a second time off.
    assertThat(count(h, "away", 116, 144)).isBetween(13, 15);
  }

  @Test
  void aSmallBoundOwesLess() {
    String[] h = holders(StrategyConfig.of("catchUp.maxLeads", "2"));
    assertThat(count(h, "away", 96, 98)).isEqualTo(2);
    assertThat(count(h, "away", 96, 116)).isBetween(10, 12);
  }

  @Test
  void anOutOfRangeBoundIsRejectedWhenTheRouterIsBuilt() {
    assertThatThrownBy(() -> holders(StrategyConfig.of("catchUp.maxLeads", "-1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("catchUp.maxLeads")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> holders(StrategyConfig.of("catchUp.maxLeads", "5000")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("catchUp.maxLeads");
  }
}
