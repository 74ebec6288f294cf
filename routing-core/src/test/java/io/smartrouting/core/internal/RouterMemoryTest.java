package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.core.state.InMemoryStateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a router holds. A roster snapshot grows with the roster and with the accounts and postal codes, not with
 * their product: a tenant has many more accounts than reps, and a bitset of the whole roster per account or per
 * postal prefix (as until 7 December) made 10,000 reps with 20,000 accounts and 40,000 ZIP codes cost about 100 MB.
 * And a small tenant's router holds little whatever the windows' bounds. Measured as the live heap after collection,
 * before and after building (a second snapshot of the same tenant; 200 routers side by side).
 */
class RouterMemoryTest {

  @Test
  void accountsAndPostalCodesCostTheirEntriesNotTheRostersWords() {
    int reps = 10_000;
    int accounts = 20_000;
    Random rnd = new Random(3);
    List<Rep> roster = new ArrayList<>(reps);
    for (int i = 0; i < reps; i++) {
      Rep.Builder b = Rep.builder("rep-" + i).team("team-" + i % 50).capacity(30);
      if (i % 5 == 0) {
        List<String> codes = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
          codes.add(String.format(Locale.ROOT, "US:%05d", rnd.nextInt(100_000)));
        }
        b.territories(codes);
      } else {
        b.territories(List.of("US")).namedAccounts(List.of("acct-" + rnd.nextInt(accounts)));
      }
      roster.add(b.build());
    }
    List<Account> book = new ArrayList<>(accounts);
    for (int a = 0; a < accounts; a++) {
      book.add(Account.builder("acct-" + a).name("Account " + a).domains("account" + a + ".example")
          .ownerRepId("rep-" + rnd.nextInt(reps)).teamRepIds(List.of("rep-" + rnd.nextInt(reps)))
          .tier(a % 100 == 0 ? io.smartrouting.api.AccountTier.ONE_TO_ONE : io.smartrouting.api.AccountTier.ONE_TO_MANY)
          .build());
    }
    AccountDirectory directory = new AccountDirectory(book, Router.DEFAULT_FREE_MAIL_DOMAINS);
    InMemoryStateStore store = new InMemoryStateStore();
    // Once, so that classes and static tables are not counted.
    new RosterSnapshot(1, roster, store, 0.9, directory);

    long before = liveHeap();
    RosterSnapshot snap = new RosterSnapshot(2, roster, store, 0.9, directory);
    long retained = liveHeap() - before;

    // The roster's words (157 longs a bitset) times the accounts alone would be 25 MB a set.
    assertThat(retained).as("bytes the snapshot holds").isLessThan(24L << 20);
    assertThat(snap.size()).isEqualTo(reps);
  }

  /**
   * What a router of a small tenant holds before its first lead, which a vendor with a router per tenant pays per
   * tenant: under 64 KB (37 KB here on 7 December, without built-in strategies, since the idempotency window's and
   * the released-leads memory's stripes, the store's shards, the timers' stripes, the per-decision counters and the
   * reported-outcomes cache are made at their first use; 74 KB before that, which this bound fails, and 368 KB before
   * three contact-time windows of 10,000 values stopped being allocated whole and a 4,096-entry response-change log
   * stopped being in every snapshot).
   */
  @Test
  void aSmallTenantsRouterHoldsLittleBeforeItsFirstLead() {
    List<Rep> roster = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      roster.add(Rep.builder("rep-" + i).territories(List.of(i % 2 == 0 ? "US" : "DE")).capacity(20).build());
    }
    java.util.function.Supplier<Router> router = () -> Router.builder().roster(roster)
        .step("fewest-open", io.smartrouting.core.testing.TestStrategies.LEAST_LOADED).build();
    router.get().close(); // once, so that classes and static tables are not counted
    int count = 200;
    List<Router> routers = new ArrayList<>(count);
    long before = liveHeap();
    for (int t = 0; t < count; t++) {
      routers.add(router.get());
    }
    long each = (liveHeap() - before) / count;
    for (Router r : routers) {
      r.close();
    }
    assertThat(each).as("bytes a router of 50 reps holds").isLessThan(64L << 10);
  }

  /**
   * A router closed and dropped leaves no roster behind on the threads that routed for it: a routing thread keeps a
   * scratch per router in a thread-local, which outlives the router until the thread's map drops the entry, and
   * until 7 December that scratch still pointed at the last decision's snapshot, lead and trace (about 3 MB a
   * closed router of 10,000 reps, on the caller's thread and on each pool thread that routed for it).
   */
  @Test
  void aClosedRouterLeavesNoRosterOnTheThreadsThatRoutedForIt() throws Exception {
    List<Rep> roster = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      roster.add(Rep.builder("rep-" + i).territories(List.of(i % 2 == 0 ? "US" : "DE"))
          .industries(List.of("industry-" + i % 40)).capacity(20).build());
    }
    java.util.function.Supplier<Router> router = () -> Router.builder().roster(roster)
        .step("fewest-open", io.smartrouting.core.testing.TestStrategies.LEAST_LOADED).build();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      routeAndClose(router.get(), pool, 0); // once, so that classes and the threads' maps are not counted
      int count = 8;
      long before = liveHeap();
      List<Router> routers = new ArrayList<>(count);
      for (int t = 0; t < count; t++) {
        routers.add(router.get());
      }
      long built = (liveHeap() - before) / count;
      for (int t = 0; t < count; t++) {
        routeAndClose(routers.get(t), pool, t);
      }
      routers.clear();
      // The least of three readings: what other threads of the test JVM hold for a moment only adds to a reading (a
      // full build once read 330 KB a router here, where the test alone reads a few hundred bytes or less), while a
      // leak stays in all three.
      long left = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        left = Math.min(left, (liveHeap() - before) / count);
        Thread.sleep(50);
      }
      assertThat(built).as("bytes a router held (what a leak would keep)").isGreaterThan(1L << 20);
      assertThat(left).as("bytes a closed router left behind").isLessThan(built / 10);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Roster updates do not pile up behind the decisions the router remembers: each decision's explanation reads the
   * roster it was decided on, and until 7 December the idempotency window kept every such roster alive for a day
   * (about 1.6 MB an update at 10,000 reps). The router now keeps its last {@link Router#DEFAULT_KEEP_REPLACED_ROSTERS}
   * replaced rosters: once they are filled, 24 more updates, each after leads, add the leads and no roster.
   */
  @Test
  void rosterUpdatesDoNotPileUpBehindRememberedDecisions() {
    List<Rep> roster = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      roster.add(Rep.builder("rep-" + i).territories(List.of(i % 2 == 0 ? "US" : "DE"))
          .industries(List.of("industry-" + i % 40)).capacity(20).build());
    }
    // What one roster holds, from five side by side (the reps themselves are shared, as the router's are).
    AccountDirectory noAccounts = new AccountDirectory(List.of(), Router.DEFAULT_FREE_MAIL_DOMAINS);
    long before = liveHeap();
    List<RosterSnapshot> five = new ArrayList<>();
    for (int v = 0; v < 5; v++) {
      five.add(new RosterSnapshot(v, roster, new InMemoryStateStore(), 0.9, noAccounts));
    }
    long oneRoster = (liveHeap() - before) / five.size();
    five.clear();
    try (Router router = Router.builder().roster(roster)
        .step("fewest-open", io.smartrouting.core.testing.TestStrategies.LEAST_LOADED).build()) {
      updateAndRoute(router, roster, 0, 2 * Router.DEFAULT_KEEP_REPLACED_ROSTERS); // the kept rosters fill up
      long filled = liveHeap();
      int updates = 24;
      updateAndRoute(router, roster, 100, updates);
      long grown = liveHeap() - filled;
      assertThat(oneRoster).as("bytes one roster holds").isGreaterThan(200L << 10);
      // Before 7 December: about one roster an update (24 here); now the leads only (120 of them, about 66 KB).
      assertThat(grown).as("bytes %d more updates added", updates).isLessThan(3 * oneRoster);
    }
  }

  /**
   * Reconfigurations do not pile up behind remembered decisions either: a decision's explanation reads its chain's
   * labels and conditions, and until 7 December it held the chain's strategy instances themselves (their state is
   * sized to the roster), so every reconfiguration that made new instances kept the old ones for a day. Here each
   * instance carries 4 MB; ten reconfigurations, each after leads, keep about one.
   */
  @Test
  void reconfigurationsDoNotKeepOldStrategiesBehindRememberedDecisions() {
    List<Rep> roster = List.of(Rep.builder("ana").territories(List.of("US")).capacity(1_000).build(),
        Rep.builder("bob").territories(List.of("US")).capacity(1_000).build());
    java.util.function.IntFunction<Router.Builder> config = v -> Router.builder().roster(roster)
        .step("heavy-" + v, new HeavyStrategy());
    try (Router router = config.apply(0).build()) {
      long before = liveHeap();
      int reconfigurations = 10;
      for (int v = 1; v <= reconfigurations; v++) {
        for (int k = 0; k < 5; k++) {
          router.route(io.smartrouting.api.Lead.builder("lead-" + v + "-" + k).country("US").build());
        }
        router.reconfigure(config.apply(v));
      }
      long grown = liveHeap() - before;
      // Before: the ten old instances (40 MB), held by the leads' explanations; now the current one and the leads.
      assertThat(grown).as("bytes %d reconfigurations added", reconfigurations).isLessThan(3 * HeavyStrategy.BYTES);
    }
  }

  /** The least-loaded rep, from a strategy whose state is {@link #BYTES} bytes, as a large roster's can be. */
  private static final class HeavyStrategy implements io.smartrouting.spi.RoutingStrategy {
    static final long BYTES = 4L << 20;
    private final long[] state = new long[(int) (BYTES / 8)];

    @Override
    public io.smartrouting.spi.StrategyResult apply(io.smartrouting.spi.RoutingContext ctx) {
      state[0]++;
      return io.smartrouting.core.testing.TestStrategies.LEAST_LOADED.apply(ctx);
    }
  }

  /** {@code updates} roster updates, each after five leads routed and released. */
  private static void updateAndRoute(Router router, List<Rep> roster, int first, int updates) {
    for (int u = first; u < first + updates; u++) {
      for (int k = 0; k < 5; k++) {
        io.smartrouting.api.Lead lead = io.smartrouting.api.Lead.builder("lead-" + u + "-" + k)
            .country(k % 2 == 0 ? "US" : "DE").build();
        router.release(router.route(lead).leadId());
      }
      router.updateRoster(roster);
    }
  }

  /** Routes and releases a lead on this thread and one on {@code pool}'s thread, then closes {@code router}. */
  private static void routeAndClose(Router router, java.util.concurrent.ExecutorService pool, int t) throws Exception {
    java.util.function.IntConsumer route = k -> {
      io.smartrouting.api.Lead lead = io.smartrouting.api.Lead.builder("lead-" + t + "-" + k)
          .email("person" + k + "@company" + t + ".example").country(k % 2 == 0 ? "US" : "DE")
          .industry("industry-" + k).build();
      router.release(router.route(lead).leadId());
    };
    route.accept(0);
    pool.submit(() -> route.accept(1)).get();
    router.close();
  }

  /** The heap in use after collecting garbage until it stops shrinking. */
  private static long liveHeap() {
    Runtime runtime = Runtime.getRuntime();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long used = runtime.totalMemory() - runtime.freeMemory();
      if (used >= last) {
        return used;
      }
      last = used;
    }
    return last;
  }
}
