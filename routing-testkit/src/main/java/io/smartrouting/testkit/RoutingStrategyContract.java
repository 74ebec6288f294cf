package io.smartrouting.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.core.StrategyRegistry;
import io.smartrouting.spi.CandidateSet;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RoutingStrategy} must keep. Extend it and implement {@link #createStrategy()}:
 *
 * <pre>{@code
 * class MyStrategyContractTest extends RoutingStrategyContract {
 *   protected RoutingStrategy createStrategy() { return new MyStrategy(); }
 * }
 * }</pre>
 *
 * <p>The strategy runs inside a real router over generated worlds ({@link ContractWorld}); every call is checked:
 * it never assigns a rep outside the candidates (except a flagged capacity override within the candidates that
 * ignore capacity), never narrows to reps outside them, always gives a reason, never throws, copes with an empty
 * candidate set, two fresh instances fed the same leads decide the same, and a preview of a lead is the decision that
 * follows it, changing nothing a strategy keeps (turns, counters): leads previewed before they are routed go where
 * they go without the previews. With every lead's first reservation refused ({@link RefusingStateStore}), the
 * strategy is told of each refusal without throwing and picks again among the others, deterministically.
 */
public abstract class RoutingStrategyContract {

  /**
   * A new instance of the strategy under test. Called several times; instances must not share state.
   *
   * @return a strategy of its own
   */
  protected abstract RoutingStrategy createStrategy();

  /**
   * Number of generated worlds; override to test more.
   *
   * @return how many worlds (default 20)
   */
  protected int worlds() {
    return 20;
  }

  /**
   * Reps per generated world.
   *
   * @return reps in each world (default 30)
   */
  protected int repsPerWorld() {
    return 30;
  }

  /**
   * Leads per generated world.
   *
   * @return leads in each world (default 120)
   */
  protected int leadsPerWorld() {
    return 120;
  }

  /** Calls of the strategy, what it saw and what it did. */
  private static final class Recorder implements RoutingStrategy {
    private final RoutingStrategy inner;
    final List<String> violations = new ArrayList<>();
    final List<String> outcomes = new ArrayList<>();
    int calls;
    int emptyCalls;
    int refusedCalls;
    /** The ordinal the last call assigned, or -1. */
    int lastAssigned = -1;

    Recorder(RoutingStrategy inner) {
      this.inner = inner;
    }

    @Override
    public StrategyResult apply(RoutingContext ctx) {
      calls++;
      CandidateSet candidates = ctx.candidates();
      CandidateSet wide = ctx.candidatesIgnoringCapacity();
      if (candidates.isEmpty() && wide.isEmpty()) {
        emptyCalls++;
      }
      String lead = ctx.lead().id();
      lastAssigned = -1;
      StrategyResult r;
      try {
        r = inner.apply(ctx);
      } catch (RuntimeException e) {
        violations.add(lead + ": threw " + e);
        outcomes.add(lead + " threw");
        return StrategyResult.pass("contract recorder: strategy threw");
      }
      if (r == null) {
        violations.add(lead + ": returned null");
        outcomes.add(lead + " null");
        return StrategyResult.pass("contract recorder: strategy returned null");
      }
      if (r.reason() == null || r.reason().isBlank()) {
        violations.add(lead + ": result without a reason");
      }
      switch (r.kind()) {
        case ASSIGN:
          int o = r.ordinal();
          boolean inside = candidates.contains(o)
              || (r.hasFlag(Flag.CAPACITY_OVERRIDE) && wide.contains(o));
          if (!inside) {
            violations.add(lead + ": assigned ordinal " + o + " outside candidates " + candidates);
            outcomes.add(lead + " assign-outside " + o);
          } else {
            outcomes.add(lead + " assign " + ctx.rep(o).id() + " " + r.flags());
            lastAssigned = o;
          }
          break;
        case NARROW:
          CandidateSet n = r.narrowed();
          List<String> ids = new ArrayList<>();
          for (int x = n.first(); x >= 0; x = n.next(x)) {
            if (!wide.contains(x)) {
              violations.add(lead + ": narrowed to ordinal " + x + " outside candidates");
            } else {
              ids.add(ctx.rep(x).id());
            }
          }
          outcomes.add(lead + " narrow " + ids);
          break;
        default:
          outcomes.add(lead + " pass");
      }
      return r;
    }

    @Override
    public void assignmentRefused(RoutingContext ctx, int ordinal) {
      refusedCalls++;
      String lead = ctx.lead().id();
      if (ordinal != lastAssigned) {
        violations.add(lead + ": the router reported a refusal of ordinal " + ordinal + ", not the one assigned");
      }
      lastAssigned = -1;
      outcomes.add(lead + " refused " + ctx.rep(ordinal).id());
      try {
        inner.assignmentRefused(ctx, ordinal);
      } catch (RuntimeException e) {
        violations.add(lead + ": threw when told its pick was refused: " + e);
      }
    }
  }

  private Recorder run(ContractWorld world, List<Rep> roster) {
    return run(world, roster, null);
  }

  /** Routes the world's leads; with {@code refusing}, each lead's first reservation is refused. */
  private Recorder run(ContractWorld world, List<Rep> roster, @Nullable RefusingStateStore refusing) {
    Recorder recorder = new Recorder(createStrategy());
    Router.Builder builder = Router.builder();
    if (refusing != null) {
      builder.stateStore(refusing);
    }
    Router router = builder
        .roster(roster)
        .accounts(world.accounts())
        .strategies(StrategyRegistry.of())
        .clock(Clock.fixed(Instant.parse("2026-06-01T15:00:00Z"), ZoneOffset.UTC))
        .step("under-test", recorder)
        .build();
    for (Lead lead : world.leads()) {
      if (refusing != null) {
        refusing.refuseNext();
      }
      io.smartrouting.api.Decision d = router.route(lead);
      if (refusing != null) {
        refusing.withdraw();
      }
      if (d.repId() == null && d.queue() == null) {
        recorder.violations.add(lead.id() + ": neither a rep nor a queue");
      }
    }
    return recorder;
  }

  private List<ContractWorld> generated() {
    List<ContractWorld> out = new ArrayList<>();
    for (int seed = 1; seed <= worlds(); seed++) {
      out.add(ContractWorld.generate(seed, repsPerWorld(), leadsPerWorld()));
    }
    return out;
  }

  @Test
  void neverAssignsOrNarrowsOutsideTheCandidatesAndNeverThrows() {
    int calls = 0;
    for (ContractWorld world : generated()) {
      Recorder r = run(world, world.reps());
      assertThat(r.violations).as("contract violations").isEmpty();
      calls += r.calls;
    }
    assertThat(calls).as("the strategy was called").isPositive();
  }

  @Test
  void alwaysGivesAReason() {
    for (ContractWorld world : generated()) {
      Recorder r = run(world, world.reps());
      assertThat(r.violations).filteredOn(v -> v.contains("reason")).isEmpty();
    }
  }

  @Test
  void handlesAnEmptyCandidateSet() {
    for (ContractWorld world : generated().subList(0, 3)) {
      List<Rep> away = new ArrayList<>();
      for (Rep rep : world.reps()) {
        away.add(Rep.builderFrom(rep).active(false).build());
      }
      Recorder r = run(world, away);
      assertThat(r.violations).isEmpty();
      assertThat(r.emptyCalls).as("calls with no candidate at all").isEqualTo(r.calls).isPositive();
      assertThat(r.outcomes).noneMatch(o -> o.contains(" assign"));
      Recorder none = run(world, List.of());
      assertThat(none.violations).isEmpty();
    }
  }

  @Test
  void isDeterministic() {
    for (ContractWorld world : generated()) {
      Recorder a = run(world, world.reps());
      Recorder b = run(world, world.reps());
      assertThat(b.outcomes).as("outcomes of a second, fresh instance on the same leads")
          .isEqualTo(a.outcomes);
    }
  }

  /**
   * When the rep a pick assigned cannot take the lead (another decision took its last unit first), the router tells the
   * strategy ({@link RoutingStrategy#assignmentRefused}) and applies it again without that rep: the strategy does not
   * throw, picks among the others, and two fresh instances told of the same refusals decide the same.
   */
  @Test
  void aRefusedPickIsToldAndPickedAgainWithoutTheRep() {
    for (ContractWorld world : generated()) {
      RefusingStateStore first = new RefusingStateStore();
      Recorder a = run(world, world.reps(), first);
      assertThat(a.violations).as("contract violations with refused picks").isEmpty();
      Recorder b = run(world, world.reps(), new RefusingStateStore());
      assertThat(b.outcomes).as("outcomes of a second, fresh instance with the same refusals").isEqualTo(a.outcomes);
      assertThat(a.refusedCalls).as("refusals told").isEqualTo(first.refusals());
      if (a.outcomes.stream().anyMatch(o -> o.contains(" assign "))) {
        // Every lead's first reservation is refused, so a strategy that assigns is told of refusals.
        assertThat(a.refusedCalls).as("refusals told to a strategy that assigns").isPositive();
      }
    }
  }

  @Test
  void aPreviewIsTheDecisionThatFollowsItAndChangesNothing() {
    for (ContractWorld world : generated()) {
      Recorder plain = run(world, world.reps());
      Recorder recorder = new Recorder(createStrategy());
      Router router = Router.builder().roster(world.reps()).accounts(world.accounts())
          .strategies(StrategyRegistry.of())
          .clock(Clock.fixed(Instant.parse("2026-06-01T15:00:00Z"), ZoneOffset.UTC))
          .step("under-test", recorder).build();
      List<String> routed = new ArrayList<>();
      for (Lead lead : world.leads()) {
        io.smartrouting.api.Decision preview = router.preview(lead);
        io.smartrouting.api.Decision decision = router.route(lead);
        assertThat(place(preview)).as("preview of lead %s", lead.id()).isEqualTo(place(decision));
        routed.add(place(decision));
      }
      // The recorder saw each lead twice (preview, route): its route outcomes are every second one.
      List<String> routeOutcomes = new ArrayList<>();
      for (int i = 1; i < recorder.outcomes.size(); i += 2) {
        routeOutcomes.add(recorder.outcomes.get(i));
      }
      assertThat(routeOutcomes).as("outcomes with a preview before each lead, against none").isEqualTo(plain.outcomes);
    }
  }

  private static String place(io.smartrouting.api.Decision d) {
    return d.repId() != null ? "rep " + d.repId() : "queue " + d.queue();
  }

  /**
   * For subclasses: the ids of a candidate set, for readable assertions.
   *
   * @param ctx the context the set is of
   * @param set the candidates
   * @return their rep ids, in roster order
   */
  protected static List<String> ids(RoutingContext ctx, CandidateSet set) {
    return Arrays.stream(set.toArray()).mapToObj(o -> ctx.rep(o).id()).toList();
  }
}
