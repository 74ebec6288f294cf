package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.core.state.RepState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Daily caps on many nodes: Redis counts each rep's day in the script that takes the unit, so two routers together
 * never give a rep more than its cap, whichever script path a decision takes.
 */
class SharedDailyCapTest extends RedisServerTest {

  private static final List<Rep> REPS = List.of(
      Rep.builder("a").territories("*").capacity(10_000).dailyCap(30).build(),
      Rep.builder("b").territories("*").capacity(10_000).dailyCap(12).timeZone("Asia/Tokyo").build(),
      Rep.builder("c").territories("*").capacity(10_000).dailyCap(50).timeZone("America/New_York").build());

  private static Map<String, Integer> routeOnTwoRouters(Router r1, Router r2, int threads, int perThread,
      boolean release) throws Exception {
    Map<String, Integer> counts = new ConcurrentHashMap<>();
    AtomicInteger ids = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Router router = t % 2 == 0 ? r1 : r2;
      futures.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < perThread; i++) {
          Decision d = router.route(Lead.builder("lead-" + ids.incrementAndGet()).country("US").build());
          counts.merge(d.repId() != null ? d.repId() : "queue", 1, Integer::sum);
          if (release && d.repId() != null) {
            router.release(d.leadId());
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    return counts;
  }

  @Test
  void twoRoutersTakingRoundRobinTurnsInTheirPlacementsGiveNoRepMoreThanItsCap() throws Exception {
    try (RedisStateStore s1 = server.patientStore("cap-rr").build();
        RedisStateStore s2 = server.patientStore("cap-rr").build();
        Router r1 = Router.builder().roster(REPS).stateStore(s1).manualTimers().step("round-robin").build();
        Router r2 = Router.builder().roster(REPS).stateStore(s2).manualTimers().step("round-robin").build()) {
      Map<String, Integer> counts = routeOnTwoRouters(r1, r2, 8, 20, true);
      assertThat(counts).containsEntry("a", 30).containsEntry("b", 12).containsEntry("c", 50)
          .containsEntry("queue", 160 - 92);
    }
  }

  @Test
  void twoRoutersScoringCandidatesGiveNoRepMoreThanItsCapAndEachLearnsTheOthersCount() throws Exception {
    try (RedisStateStore s1 = server.patientStore("cap-w").build();
        RedisStateStore s2 = server.patientStore("cap-w").build();
        Router r1 = Router.builder().roster(REPS).stateStore(s1).manualTimers().defaultChain().build();
        Router r2 = Router.builder().roster(REPS).stateStore(s2).manualTimers().defaultChain().build()) {
      Map<String, Integer> counts = routeOnTwoRouters(r1, r2, 6, 25, false);
      assertThat(counts).containsEntry("a", 30).containsEntry("b", 12).containsEntry("c", 50)
          .containsEntry("queue", 150 - 92);
      // A node learns another's count when Redis refuses it: after one more lead each, both know every rep is at
      // its cap, and never think a rep took more than it did.
      int late = 0;
      for (Router r : List.of(r1, r2)) {
        assertThat(r.route(Lead.builder("late-" + late++).country("US").build()).repId()).isNull();
        for (Rep rep : REPS) {
          assertThat(r.leadsTakenToday(rep.id())).as(rep.id()).isEqualTo(rep.dailyCap());
        }
      }
    }
  }

  @Test
  void aRepWithADailyAndAWeeklyCapIsHeldToBothAcrossNodes() throws Exception {
    // b took 5 earlier this week: its week binds today (6 a day, 8 a week); c's day does (4 a day, 30 a week).
    List<Rep> reps = List.of(Rep.builder("a").territories("*").capacity(10_000).build(),
        Rep.builder("b").territories("*").capacity(10_000).dailyCap(6).weeklyCap(8).build(),
        Rep.builder("c").territories("*").capacity(10_000).dailyCap(4).weeklyCap(30).monthlyCap(100).build());
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    long day = today.toEpochDay();
    long week = RepState.WEEKS + today.with(java.time.DayOfWeek.MONDAY).toEpochDay();
    long month = RepState.MONTHS + (today.getYear() - 1970L) * 12 + today.getMonthValue() - 1;
    for (boolean scoring : new boolean[] {false, true}) {
      String tenant = scoring ? "cap-both-w" : "cap-both-rr";
      server.command("SET sr:{" + tenant + "}:day:b:" + week + " 5");
      try (RedisStateStore s1 = server.patientStore(tenant).build();
          RedisStateStore s2 = server.patientStore(tenant).build();
          Router r1 = chain(Router.builder().roster(reps).stateStore(s1).manualTimers(), scoring).build();
          Router r2 = chain(Router.builder().roster(reps).stateStore(s2).manualTimers(), scoring).build()) {
        Map<String, Integer> counts = routeOnTwoRouters(r1, r2, 6, 10, true);
        assertThat(counts).as(tenant).containsEntry("b", 3).containsEntry("c", 4).containsEntry("a", 60 - 7);
        assertThat(server.command("GET sr:{" + tenant + "}:day:b:" + week)).isEqualTo("8");
        assertThat(server.command("GET sr:{" + tenant + "}:day:b:" + day)).isEqualTo("3");
        RepState c = s1.rep("c");
        // Redis counted each of c's periods once per lead, across both nodes.
        for (long period : new long[] {day, week, month}) {
          assertThat(server.command("GET sr:{" + tenant + "}:day:c:" + period)).as("period %s", period)
              .isEqualTo("4");
        }
        assertThat(c.tryReserve(10_000, "extra-c", new long[] {day, week, month}, new int[] {4, 30, 100}))
            .as("the day's cap holds at the store").isFalse();
        assertThat(c.tryReserve(10_000, "extra-c", new long[] {day + 1, week, month}, new int[] {4, 30, 100}))
            .as("a new day: room in every period").isTrue();
        assertThat(c.takenOn(week)).isEqualTo(5);
      }
    }
  }

  private static Router.Builder chain(Router.Builder b, boolean scoring) {
    return scoring ? b.defaultChain() : b.step("round-robin");
  }

  @Test
  void weeklyAndMonthlyCapsAreCountedOnceAcrossNodesAndKeptForTheirPeriod() throws Exception {
    List<Rep> reps = List.of(Rep.builder("a").territories("*").capacity(10_000).weeklyCap(25).build(),
        Rep.builder("b").territories("*").capacity(10_000).dailyCap(10).build(),
        Rep.builder("c").territories("*").capacity(10_000).monthlyCap(7).build());
    try (RedisStateStore s1 = server.patientStore("cap-week").build();
        RedisStateStore s2 = server.patientStore("cap-week").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).manualTimers().step("round-robin").build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).manualTimers().step("round-robin").build()) {
      Map<String, Integer> counts = routeOnTwoRouters(r1, r2, 6, 10, true);
      assertThat(counts).containsEntry("a", 25).containsEntry("b", 10).containsEntry("c", 7)
          .containsEntry("queue", 60 - 42);
      // The week's count outlives two days (a day's is kept two): it must last until the rep's Monday.
      long week = io.smartrouting.core.state.RepState.WEEKS + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
          .with(java.time.DayOfWeek.MONDAY).toEpochDay();
      long ttl = Long.parseLong(server.command("PTTL sr:{cap-week}:day:a:" + week).substring(1));
      assertThat(ttl).isGreaterThan(java.time.Duration.ofDays(8).toMillis());
      long day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toEpochDay();
      long dayTtl = Long.parseLong(server.command("PTTL sr:{cap-week}:day:b:" + day).substring(1));
      assertThat(dayTtl).isBetween(1L, java.time.Duration.ofDays(2).toMillis());
      java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
      long month = io.smartrouting.core.state.RepState.MONTHS + (today.getYear() - 1970L) * 12 + today.getMonthValue()
          - 1;
      long monthTtl = Long.parseLong(server.command("PTTL sr:{cap-week}:day:c:" + month).substring(1));
      assertThat(monthTtl).as("a month's count lasts the month").isGreaterThan(java.time.Duration.ofDays(31).toMillis());
    }
  }

  /**
   * A rep another node took to its cap is seen at it here once this node's view has read the change (its background
   * refresh) and its router has ticked, before this node is ever refused the rep: its count, its next lead going
   * elsewhere without a retry, and round-robin leaving it out of the turn. Until 6 December 2026 a node learned
   * another's count only when Redis refused it the rep, and until then the rep earned its share of this node's turns.
   */
  @Test
  void aRepAnotherNodeTookToItsCapIsSeenAtItHereBeforeThisNodeIsRefusedIt() {
    List<Rep> reps = List.of(Rep.builder("a").territories("*").capacity(100).weight(10).dailyCap(2).build(),
        Rep.builder("b").territories("*").capacity(100).weight(1).build());
    try (RedisStateStore s1 = server.patientStore("cap-seen").build();
        RedisStateStore s2 = server.patientStore("cap-seen").refreshInterval(java.time.Duration.ofHours(1)).build();
        Router one = Router.builder().roster(reps).stateStore(s1).manualTimers().step("round-robin").build();
        Router two = Router.builder().roster(reps).stateStore(s2).manualTimers().step("round-robin").build()) {
      for (int i = 0; i < 2; i++) {
        assertThat(one.route(Lead.builder("to-a-" + i).build()).repId()).as("a's weight wins it the turn").isEqualTo("a");
      }
      assertThat(two.leadsTakenToday("a")).as("before node two's view read the change").isZero();
      s2.refreshFromNotes(); // what its background refresh does
      two.fireDueTimers(); // its tick
      assertThat(two.leadsTakenToday("a")).isEqualTo(2);
      double[] before = s1.roundRobinTurns().credits("round-robin", List.of("a", "b"));

      Decision d = two.route(Lead.builder("next").build());

      assertThat(d.repId()).isEqualTo("b");
      assertThat(d.explain()).as("no refusal, no second pick").doesNotContain("cap concurrently");
      double[] after = s1.roundRobinTurns().credits("round-robin", List.of("a", "b"));
      assertThat(after[0]).as("a earned no share of a turn it could not win").isEqualTo(before[0]);
    }
  }
}
