package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Rep;
import io.smartrouting.core.state.InMemoryStateStore;
import io.smartrouting.core.state.RepState;
import io.smartrouting.core.testing.ForwardingStateStore;
import io.smartrouting.core.testing.TestStrategies;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state stores' side of daily caps: counted with the unit, per day, and refused where a store cannot count. */
class DailyCapStoreTest {

  @Test
  void theInMemoryStoreCountsADaysReservationsWithTheUnitAndStartsAfreshTheNextDay() {
    RepState ana = new InMemoryStateStore().rep("ana");
    assertThat(ana.countsDays()).isTrue();
    assertThat(ana.tryReserve(10, "a", 100, 2)).isTrue();
    assertThat(ana.tryReserve(10, "b", 100, 2)).isTrue();
    assertThat(ana.release("a")).isTrue();
    assertThat(ana.tryReserve(10, "c", 100, 2)).as("a release gives back capacity, not the day's count").isFalse();
    assertThat(ana.takenOn(100)).isEqualTo(2);
    assertThat(ana.openLeads()).isEqualTo(1);
    assertThat(ana.tryReserve(1, "d", 101, 2)).as("the capacity limit still binds on a new day").isFalse();
    assertThat(ana.takenOn(101)).as("a refused reservation counts nothing").isZero();
    assertThat(ana.tryReserve(10, "d", 101, 2)).isTrue();
    assertThat(ana.takenOn(101)).isEqualTo(1);
    assertThat(ana.takenOn(100)).as("one day is remembered: the latest").isZero();
    assertThat(ana.tryReserve(10, "e", 100, 2)).as("a day before the latest is not counted").isTrue();
    assertThat(ana.takenOn(101)).isEqualTo(1);
  }

  @Test
  void theInMemoryStoreHoldsARepToEveryCapOfSeveralPeriodsAndCountsEachApart() {
    RepState ana = new InMemoryStateStore().rep("ana");
    assertThat(ana.countsSeveralPeriods()).isTrue();
    long day = 20_000;
    long week = RepState.WEEKS + 19_998;
    long[] periods = {day, week};
    int[] caps = {2, 3};
    assertThat(ana.tryReserve(10, "a", periods, caps)).isTrue();
    assertThat(ana.tryReserve(10, "b", periods, caps)).isTrue();
    assertThat(ana.tryReserve(10, "c", periods, caps)).as("the day's cap").isFalse();
    assertThat(ana.takenOn(day)).isEqualTo(2);
    assertThat(ana.takenOn(week)).as("a refusal counts in no period").isEqualTo(2);
    long[] nextDay = {day + 1, week};
    assertThat(ana.tryReserve(10, "c", nextDay, caps)).isTrue();
    assertThat(ana.tryReserve(10, "d", nextDay, caps)).as("the week's cap, with the day's room left").isFalse();
    assertThat(ana.takenOn(day + 1)).isEqualTo(1);
    assertThat(ana.takenOn(week)).isEqualTo(3);
    assertThat(ana.tryReserve(1, "e", new long[] {day + 7, week + 7}, caps)).as("the capacity limit still binds")
        .isFalse();
    assertThat(ana.takenOn(week + 7)).isZero();
    assertThat(ana.tryReserve(10, "e", day + 7, 2)).as("the one-period form shares the day's count").isTrue();
    assertThat(ana.takenOn(day + 7)).isEqualTo(1);
    assertThat(ana.takenOn(week)).as("each kind keeps its own latest period").isEqualTo(3);
  }

  /** A rep state over another's units and response times, without day counts: the {@link RepState} defaults. */
  static class PlainRep implements RepState {
    final RepState s;

    PlainRep(RepState s) {
      this.s = s;
    }

    @Override
    public String repId() {
      return s.repId();
    }

    @Override
    public int openLeads() {
      return s.openLeads();
    }

    @Override
    public boolean tryReserve(int limit) {
      return s.tryReserve(limit);
    }

    @Override
    public void forceReserve() {
      s.forceReserve();
    }

    @Override
    public boolean release() {
      return s.release();
    }

    @Override
    public void recordResponseMinutes(double minutes) {
      s.recordResponseMinutes(minutes);
    }

    @Override
    public double meanResponseMinutes(double priorMinutes) {
      return s.meanResponseMinutes(priorMinutes);
    }
  }

  /** A store whose rep states are their own, without day counts. */
  static final class NoDayCounts extends ForwardingStateStore {
    @Override
    public RepState rep(String repId) {
      return new PlainRep(inner.rep(repId));
    }
  }

  @Test
  void aRosterWithACapOnAStoreThatDoesNotCountDaysIsRefusedAtBuildNotIgnored() {
    Router.Builder b = Router.builder().stateStore(new NoDayCounts()).strategies(StrategyRegistry.of()).manualTimers()
        .step("least-loaded", TestStrategies.LEAST_LOADED)
        .roster(List.of(Rep.builder("ana").territories("US").dailyCap(5).build()));
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rep 'ana' has a daily cap (5)").hasMessageContaining("does not count caps");
    RepState plain = new NoDayCounts().rep("bob");
    assertThat(plain.tryReserve(3, "x", 1, 0)).as("no cap: the plain reservation").isTrue();
    assertThatThrownBy(() -> plain.tryReserve(3, "y", 1, 2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> plain.tryReserve(3, "y", new long[] {1, RepState.WEEKS}, new int[] {2, 5}))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("several caps");
  }

  /** A store whose rep states count one period at a time: the {@link RepState} default for several. */
  static final class OnePeriodAtATime extends ForwardingStateStore {
    @Override
    public RepState rep(String repId) {
      return new PlainRep(inner.rep(repId)) {
        @Override
        public boolean countsDays() {
          return true;
        }

        @Override
        public boolean tryReserve(int limit, String leadId, long day, int dayCap) {
          return s.tryReserve(limit, leadId, day, dayCap);
        }

        @Override
        public int takenOn(long day) {
          return s.takenOn(day);
        }
      };
    }
  }

  @Test
  void capsOfSeveralPeriodsOnAStoreThatCountsOneAtATimeAreRefusedAtBuild() {
    Router.Builder b = Router.builder().stateStore(new OnePeriodAtATime()).strategies(StrategyRegistry.of())
        .manualTimers().step("least-loaded", TestStrategies.LEAST_LOADED)
        .roster(List.of(Rep.builder("ana").territories("US").dailyCap(5).weeklyCap(20).build()));
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rep 'ana' has caps of several periods (5 a day, 20 a week, 0 a month)")
        .hasMessageContaining("counts one cap a rep");
    try (Router one = Router.builder().stateStore(new OnePeriodAtATime()).strategies(StrategyRegistry.of())
        .manualTimers().step("least-loaded", TestStrategies.LEAST_LOADED)
        .roster(List.of(Rep.builder("ana").territories("US").weeklyCap(1).build())).build()) {
      assertThat(one.route(io.smartrouting.api.Lead.builder("L1").country("US").build()).repId()).isEqualTo("ana");
      assertThat(one.route(io.smartrouting.api.Lead.builder("L2").country("US").build()).repId())
          .as("one cap a rep still counts on such a store").isNull();
    }
  }

  @Test
  void withoutCapsAStoreThatDoesNotCountDaysStillRoutes() {
    try (Router router = Router.builder().stateStore(new NoDayCounts()).strategies(StrategyRegistry.of())
        .manualTimers().step("least-loaded", TestStrategies.LEAST_LOADED)
        .roster(List.of(Rep.builder("ana").territories("US").build())).build()) {
      assertThat(router.route(io.smartrouting.api.Lead.builder("L").country("US").build()).repId()).isEqualTo("ana");
    }
  }
}
