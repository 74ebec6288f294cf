package io.smartrouting.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The contract passes a well-behaved strategy and catches misbehaving ones. */
class ContractSelfTest {

  /** Assigns the first candidate. */
  static final RoutingStrategy FIRST = ctx -> {
    int o = ctx.candidates().first();
    return o < 0 ? StrategyResult.pass("nobody") : StrategyResult.assign(o, "first");
  };

  @Nested
  class AWellBehavedStrategyPasses extends RoutingStrategyContract {
    @Override
    protected RoutingStrategy createStrategy() {
      return FIRST;
    }
  }

  @Test
  void aStrategyAssigningOutsideTheCandidatesFails() {
    RoutingStrategyContract contract = new RoutingStrategyContract() {
      @Override
      protected RoutingStrategy createStrategy() {
        return ctx -> ctx.rosterSize() == 0 ? StrategyResult.pass("empty")
            : StrategyResult.assign(ctx.rosterSize() - 1, "always the last rep");
      }
    };
    assertThatThrownBy(contract::neverAssignsOrNarrowsOutsideTheCandidatesAndNeverThrows)
        .hasMessageContaining("outside candidates");
  }

  @Test
  void aStrategyThatThrowsOnEmptyCandidatesFails() {
    RoutingStrategyContract contract = new RoutingStrategyContract() {
      @Override
      protected RoutingStrategy createStrategy() {
        return ctx -> StrategyResult.assign(ctx.candidates().toArray()[0], "first, unchecked");
      }
    };
    assertThatThrownBy(contract::handlesAnEmptyCandidateSet).hasMessageContaining("threw");
  }

  @Test
  void aStrategyThatThrowsWhenItsPickIsRefusedFails() {
    RoutingStrategyContract contract = new RoutingStrategyContract() {
      @Override
      protected RoutingStrategy createStrategy() {
        return new RoutingStrategy() {
          @Override
          public StrategyResult apply(io.smartrouting.spi.RoutingContext ctx) {
            return FIRST.apply(ctx);
          }

          @Override
          public void assignmentRefused(io.smartrouting.spi.RoutingContext ctx, int ordinal) {
            throw new IllegalStateException("no undo");
          }
        };
      }
    };
    assertThatThrownBy(contract::aRefusedPickIsToldAndPickedAgainWithoutTheRep)
        .hasMessageContaining("threw when told its pick was refused");
  }

  @Test
  void aNonDeterministicStrategyFails() {
    RoutingStrategyContract contract = new RoutingStrategyContract() {
      private final java.util.Random shared = new java.util.Random();

      @Override
      protected RoutingStrategy createStrategy() {
        return ctx -> {
          int[] c = ctx.candidates().toArray();
          return c.length == 0 ? StrategyResult.pass("nobody")
              : StrategyResult.assign(c[shared.nextInt(c.length)], "random");
        };
      }
    };
    assertThatThrownBy(contract::isDeterministic).isInstanceOf(AssertionError.class);
  }

  @Test
  void aStrategyThatTakesATurnInAPreviewFails() {
    RoutingStrategyContract contract = new RoutingStrategyContract() {
      @Override
      protected RoutingStrategy createStrategy() {
        int[] turn = {0};
        // Rotates through the candidates, preview or not: the route after a preview gets the next one.
        return ctx -> {
          int[] c = ctx.candidates().toArray();
          return c.length == 0 ? StrategyResult.pass("nobody")
              : StrategyResult.assign(c[turn[0]++ % c.length], "rotating");
        };
      }
    };
    assertThatThrownBy(contract::aPreviewIsTheDecisionThatFollowsItAndChangesNothing)
        .hasMessageContaining("preview of lead");
  }
}
