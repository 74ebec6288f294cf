package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Tier;
import io.smartrouting.core.RoutingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The contact-time percentiles of {@link MetricsRecorder} are those of the last {@link MetricsRecorder#WINDOW}
 * contacts of each tier, however many came (the window grows as contacts come, then wraps).
 */
class ContactTimeWindowProperties {

  @Property(tries = 60)
  void percentilesAreThoseOfTheLastWindowOfContacts(@ForAll @IntRange(min = 0, max = 25_000) int contacts,
      @ForAll long seed) {
    MetricsRecorder metrics = new MetricsRecorder();
    Random rnd = new Random(seed);
    long[] tier2 = new long[contacts];
    int n2 = 0;
    for (int i = 0; i < contacts; i++) {
      long millis = rnd.nextInt(3_600_000);
      Tier tier = rnd.nextInt(4) == 0 ? Tier.TIER_1 : Tier.TIER_2;
      metrics.contact(tier, Duration.ofMillis(millis), true, true, false);
      if (tier == Tier.TIER_2) {
        tier2[n2++] = millis;
      }
    }
    RoutingMetrics.SlaStats stats = metrics.snapshot(Instant.EPOCH, Map.of(), Map.of(), List.of(), 0)
        .sla().get(Tier.TIER_2);
    long[] last = Arrays.copyOfRange(tier2, Math.max(0, n2 - MetricsRecorder.WINDOW), n2);
    Arrays.sort(last);
    assertThat(stats.contacted()).isEqualTo(n2);
    assertThat(stats.p50()).isEqualTo(nearestRank(last, 50));
    assertThat(stats.p90()).isEqualTo(nearestRank(last, 90));
  }

  /** The value at rank ceil(percent / 100 * n) of {@code sorted}, or null when it is empty. */
  private static Duration nearestRank(long[] sorted, int percent) {
    if (sorted.length == 0) {
      return null;
    }
    int rank = (percent * sorted.length + 99) / 100;
    return Duration.ofMillis(sorted[Math.max(1, rank) - 1]);
  }
}
