package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.spi.CandidateSet;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A routing thread's scratches are shared by every router it decides for (a few, one per roster size in use): routers
 * of many sizes taking turns on one thread, and decisions nested inside decisions, each decide on their own roster.
 */
class ThreadScratchTest {

  /** {@code size} reps: all but the last cover DE, the last covers US (so a US lead has exactly one place to go). */
  private static List<Rep> roster(int size) {
    return roster(size, size - 1);
  }

  /** {@code size} reps: rep {@code us} covers US, the others DE. */
  private static List<Rep> roster(int size, int us) {
    List<Rep> reps = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      reps.add(Rep.builder("r" + size + "-" + i).territories(i == us ? "US" : "DE").capacity(1000).build());
    }
    return reps;
  }

  /** The first candidate, or pass: a step whose pick shows which reps qualified. */
  private static final class First implements RoutingStrategy {
    @Override
    public StrategyResult apply(RoutingContext ctx) {
      CandidateSet c = ctx.candidates();
      return c.isEmpty() ? StrategyResult.pass("nobody") : StrategyResult.assign(c.first(), "first");
    }
  }

  @Test
  void routersOfMoreSizesThanAThreadKeepsScratchesForTakeTurnsOnOneThread() {
    // Twelve sizes, from one word of the roster to nine: more than the thread keeps, so scratches are resized as
    // routers take turns; a scratch left sized (or filled) for another roster would qualify the wrong reps.
    int[] sizes = {3, 64, 65, 130, 200, 256, 257, 300, 420, 511, 513, 600};
    List<Router> routers = new ArrayList<>();
    for (int size : sizes) {
      routers.add(Router.builder().roster(roster(size)).manualTimers().step("first", new First()).build());
    }
    try {
      Random rnd = new Random(7);
      for (int i = 0; i < 2_000; i++) {
        int k = rnd.nextInt(sizes.length);
        boolean us = rnd.nextBoolean();
        Decision d = routers.get(k).route(Lead.builder("L" + i).country(us ? "US" : "DE").build());
        assertThat(d.repId()).as("lead %d on the router of %d reps", i, sizes[k])
            .isEqualTo(us ? "r" + sizes[k] + "-" + (sizes[k] - 1) : "r" + sizes[k] + "-0");
        routers.get(k).release(d.leadId());
      }
    } finally {
      routers.forEach(Router::close);
    }
  }

  /**
   * A step that, in the middle of its decision, has another router decide (which, in its own step, may have a third
   * decide, and so on), then checks its own candidates are still what it saw before and picks from them.
   */
  private static final class Nesting implements RoutingStrategy {
    final List<Router> inner = new ArrayList<>();
    final List<String> seen = new ArrayList<>();
    int depth;

    @Override
    public StrategyResult apply(RoutingContext ctx) {
      CandidateSet c = ctx.candidates();
      int size = c.size();
      int first = c.first();
      if (depth < inner.size()) {
        Router next = inner.get(depth++);
        try {
          Decision d = next.route(Lead.builder("nested-" + depth + "-" + seen.size()).country("US").build());
          seen.add(d.repId());
          next.release(d.leadId());
        } finally {
          depth--;
        }
      }
      assertThat(c.size()).as("the outer decision's candidates after a nested one").isEqualTo(size);
      assertThat(c.first()).isEqualTo(first);
      return StrategyResult.assign(first, "first, after a nested decision");
    }
  }

  /** The US rep of the nesting test's router at {@code level}. */
  private static int usRep(int level) {
    return level % 2 == 0 ? level % 5 : 149 - level;
  }

  @Test
  void decisionsNestedDeeperThanTheThreadsScratchesEachDecideOnTheirOwnRoster() {
    Nesting nesting = new Nesting();
    List<Router> routers = new ArrayList<>();
    // Twelve levels, sizes alternating, the US rep elsewhere at each level: deeper than the thread's slots, so the
    // deepest decisions use scratches of their own; a level deciding in a scratch in use would change the
    // candidates of the level it is nested in.
    for (int level = 0; level < 12; level++) {
      int size = level % 2 == 0 ? 5 : 150;
      routers.add(Router.builder().roster(roster(size, usRep(level))).manualTimers().step("nest", nesting).build());
    }
    nesting.inner.addAll(routers.subList(1, routers.size()));
    try {
      for (int round = 0; round < 3; round++) {
        nesting.seen.clear();
        Decision outer = routers.get(0).route(Lead.builder("outer-" + round).country("US").build());
        assertThat(outer.repId()).isEqualTo("r5-" + usRep(0));
        List<String> expected = new ArrayList<>();
        for (int level = routers.size() - 1; level >= 1; level--) {
          expected.add((level % 2 == 0 ? "r5-" : "r150-") + usRep(level));
        }
        assertThat(nesting.seen).as("each nested router's pick, innermost first").isEqualTo(expected);
        routers.get(0).release(outer.leadId());
      }
    } finally {
      routers.forEach(Router::close);
    }
  }
}
