package io.smartrouting.strategies;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The random worlds of the two walks' agreement properties ({@link BestFirstAgreementProperties},
 * {@link FastTrackAgreementProperties}): reps whose response times come from a short list (so that ties are common),
 * leads in a few places, and contacts that change response times while leads stay open.
 */
final class WalkWorlds {

  static final String[] TERRITORIES = {"US-CA", "US-NY", "US", "DE", "FR", Rep.ANY_TERRITORY};

  private WalkWorlds() {}

  /** What one world showed: decisions compared, how many disagreed, and the first disagreement. */
  record Outcome(int compared, int disagreements, String first) {
  }

  /** Rep {@code i}: a random id, capacity from {@code minCapacity} up 4, minutes from {@code minutes}, one place. */
  static Rep.Builder rep(Random rnd, int i, int minCapacity, double[] minutes) {
    return Rep.builder("r" + rnd.nextInt(1000) + "-" + i).capacity(minCapacity + rnd.nextInt(4))
        .responseMinutes(minutes[rnd.nextInt(minutes.length)]).active(rnd.nextInt(12) != 0)
        .territories(TERRITORIES[rnd.nextInt(TERRITORIES.length)]);
  }

  /** Puts the lead in California, New York, Germany, the US without a region, or nowhere. */
  static void place(Random rnd, Lead.Builder lead) {
    int where = rnd.nextInt(5);
    if (where == 0) {
      lead.country("US").region("CA");
    } else if (where == 1) {
      lead.country("US").region("NY");
    } else if (where == 2) {
      lead.country("DE");
    } else if (where == 3) {
      lead.country("US");
    }
  }

  /**
   * One of the {@code open} leads contacted up to {@code maxMinutes} after the clock (its rep's response time
   * changes: the change log) and, every other time, released (loads move).
   */
  static void contactOne(Random rnd, Router router, ManualClock clock, List<String> open, int maxMinutes) {
    String id = open.remove(rnd.nextInt(open.size()));
    clock.advance(Duration.ofMinutes(rnd.nextInt(maxMinutes)));
    router.recordContact(id, clock.instant());
    if (rnd.nextBoolean()) {
      router.release(id);
    }
  }
}
