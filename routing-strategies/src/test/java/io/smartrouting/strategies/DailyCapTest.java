package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Daily caps ({@link Rep#dailyCap()}): at most so many new leads a day from the chain, counted in the rep's own day,
 * whatever happens to the leads after; account leads neither stopped nor counted; nothing lost when everybody is
 * capped.
 */
class DailyCapTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  /** Friday 4 December 2026, 10:00 in New York (15:00 UTC). */
  private static final Instant FRIDAY_10AM_NY = Instant.parse("2026-12-04T15:00:00Z");

  private static Router router(ManualClock clock, List<Rep> reps, List<Account> accounts) {
    return Router.builder().roster(reps).accounts(accounts).clock(clock).manualTimers().defaultChain().build();
  }

  static Lead tier3(String id) {
    return Lead.builder(id).country("US").region("NY").employees(50).icpScore(10).build();
  }

  /** Routes and releases {@code count} Tier 3 leads; returns how many each rep (or "queue") got. */
  static Map<String, Integer> routeAndRelease(Router router, String prefix, int count) {
    Map<String, Integer> got = new HashMap<>();
    for (int i = 0; i < count; i++) {
      Decision d = router.route(tier3(prefix + i));
      got.merge(d.repId() != null ? d.repId() : "queue", 1, Integer::sum);
      router.release(d.leadId());
    }
    return got;
  }

  @Test
  void aCappedRepTakesItsCapInItsOwnDayThenTheOthersTakeTheRestAndItIsBackAfterItsMidnight() {
    ManualClock clock = new ManualClock(FRIDAY_10AM_NY);
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").timeZone(NEW_YORK).dailyCap(3).build(),
        Rep.builder("bob").territories("US").timeZone(NEW_YORK).build());
    try (Router router = router(clock, reps, List.of())) {
      // Each lead is released at once: capacity never binds, the cap counts arrivals.
      Map<String, Integer> friday = routeAndRelease(router, "fri-", 10);
      assertThat(friday).containsEntry("ana", 3).containsEntry("bob", 7);
      assertThat(router.leadsTakenToday("ana")).isEqualTo(3);
      assertThat(router.leadsTakenToday("bob")).as("no cap, not counted").isZero();

      Decision after = router.route(tier3("fri-late"));
      assertThat(after.repId()).isEqualTo("bob");
      assertThat(after.explain()).contains("excluded, took its daily cap of new leads today: ana (3 a day)");
      assertThat(io.smartrouting.core.DecisionRecord.of(after, null).toJson()).as("the audit record says why")
          .contains("took its daily cap of new leads today").contains("ana");

      // 23:30 in New York is already Saturday in UTC: still ana's Friday.
      clock.set(Instant.parse("2026-12-05T04:30:00Z"));
      assertThat(routeAndRelease(router, "late-", 4)).doesNotContainKey("ana");

      // 00:00 Saturday in New York: a new day, a new count.
      clock.set(Instant.parse("2026-12-05T05:00:00Z"));
      assertThat(router.leadsTakenToday("ana")).isZero();
      Map<String, Integer> saturday = routeAndRelease(router, "sat-", 10);
      assertThat(saturday).containsEntry("ana", 3).containsEntry("bob", 7);
    }
  }

  @Test
  void anAccountOwnerKeepsItsAccountsLeadsAtItsCapAndTheyDoNotCount() {
    ManualClock clock = new ManualClock(FRIDAY_10AM_NY);
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").timeZone(NEW_YORK).dailyCap(2).build(),
        Rep.builder("bob").territories("US").timeZone(NEW_YORK).build());
    Account acme = Account.builder("acme").name("Acme").domains("acme.com").ownerRepId("ana").build();
    try (Router router = router(clock, reps, List.of(acme))) {
      for (int i = 0; i < 3; i++) {
        Decision d = router.route(Lead.builder("acme-" + i).email("buyer" + i + "@acme.com").country("US")
            .region("NY").employees(50).build());
        assertThat(d.repId()).as("the owner keeps the account's leads").isEqualTo("ana");
        router.release(d.leadId());
      }
      assertThat(routeAndRelease(router, "pool-", 6)).as("the account's leads did not count")
          .containsEntry("ana", 2).containsEntry("bob", 4);
      Decision owned = router.route(Lead.builder("acme-late").email("cto@acme.com").country("US").region("NY")
          .employees(50).build());
      assertThat(owned.repId()).as("at its cap, still its account's leads").isEqualTo("ana");
    }
  }

  @Test
  void whenEveryoneIsAtTheCapTheLeadWaitsInTheQueueInsteadOfBeingLost() {
    ManualClock clock = new ManualClock(FRIDAY_10AM_NY);
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").timeZone(NEW_YORK).dailyCap(1).build());
    try (Router router = router(clock, reps, List.of())) {
      assertThat(router.route(tier3("a")).repId()).isEqualTo("ana");
      Decision d = router.route(tier3("b"));
      assertThat(d.repId()).isNull();
      assertThat(d.queue()).isNotNull();
      assertThat(d.hasFlag(Flag.FALLBACK_QUEUE)).isTrue();
      assertThat(router.placement("b")).isPresent();
    }
  }

  @Test
  void aLeadQueuedBecauseEveryoneIsCappedIsDrainedToTheFirstRepWhoseDayBegins() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-04T14:00:00Z")); // 09:00 NY, 23:00 Tokyo, Friday
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").timeZone(NEW_YORK).dailyCap(1).build(),
        Rep.builder("kai").territories("US").timeZone(java.time.ZoneId.of("Asia/Tokyo")).dailyCap(1).build());
    try (Router router = router(clock, reps, List.of())) {
      routeAndRelease(router, "day-", 2);
      Decision waiting = router.route(tier3("waiting"));
      assertThat(waiting.queue()).isNotNull();
      clock.set(Instant.parse("2026-12-04T14:59:00Z")); // 23:59 Friday in Tokyo
      router.fireDueTimers();
      assertThat(router.placement("waiting").orElseThrow().queue()).as("nobody's day has ended yet").isNotNull();
      clock.set(Instant.parse("2026-12-04T15:00:30Z")); // 00:00:30 Saturday in Tokyo, 10:00:30 Friday in New York
      router.fireDueTimers();
      assertThat(router.placement("waiting").orElseThrow().repId()).isEqualTo("kai");
      assertThat(router.leadsTakenToday("kai")).as("a drained lead counts for the rep that takes it").isEqualTo(1);
    }
  }

  @Test
  void aPreviewTakesNothingFromTheDay() {
    ManualClock clock = new ManualClock(FRIDAY_10AM_NY);
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").timeZone(NEW_YORK).dailyCap(1).build(),
        Rep.builder("bob").territories("US").timeZone(NEW_YORK).dailyCap(1).build());
    try (Router router = router(clock, reps, List.of())) {
      for (int i = 0; i < 5; i++) {
        assertThat(router.preview(tier3("p" + i)).repId()).isNotNull();
      }
      assertThat(routeAndRelease(router, "real-", 3)).containsEntry("ana", 1).containsEntry("bob", 1)
          .containsEntry("queue", 1);
    }
  }

  @Test
  void underEightThreadsNoRepTakesMoreThanItsCap() throws Exception {
    ManualClock clock = new ManualClock(FRIDAY_10AM_NY);
    List<Rep> reps = List.of(Rep.builder("a").territories("US").timeZone(NEW_YORK).capacity(1000).dailyCap(25).build(),
        Rep.builder("b").territories("US").timeZone(NEW_YORK).capacity(1000).dailyCap(40).build(),
        Rep.builder("c").territories("US").timeZone(NEW_YORK).capacity(1000).dailyCap(10).build());
    Map<String, Integer> got = new ConcurrentHashMap<>();
    try (Router router = router(clock, reps, List.of())) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      Future<?>[] done = new Future<?>[8];
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done[t] = pool.submit(() -> {
          start.await();
          for (int i = 0; i < 20; i++) {
            Decision d = router.route(tier3("t" + thread + "-" + i));
            got.merge(d.repId() != null ? d.repId() : "queue", 1, Integer::sum);
            if (i % 2 == 0) {
              router.release(d.leadId());
            }
          }
          return null;
        });
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
    }
    assertThat(got).containsEntry("a", 25).containsEntry("b", 40).containsEntry("c", 10)
        .containsEntry("queue", 160 - 75);
  }

  @Test
  void aNegativeCapIsRefusedByName() {
    assertThatThrownBy(() -> Rep.builder("ana").dailyCap(-1).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rep.dailyCap").hasMessageContaining("-1").hasMessageContaining("ana");
  }
}
