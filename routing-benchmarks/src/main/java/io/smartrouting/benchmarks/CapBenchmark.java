package io.smartrouting.benchmarks;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.core.internal.AccountDirectory;
import io.smartrouting.core.internal.RosterSnapshot;
import io.smartrouting.core.state.InMemoryStateStore;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reps with daily and weekly caps ({@link Rep#dailyCap()}, {@link Rep#weeklyCap()}), high enough never to bind, in
 * four time zones, over the {@link BenchWorld} tenant:
 *
 * <ul>
 *   <li>{@code routeCapped}: {@link RouteBenchmark#defaultChain}'s route and release with every rep capped (a
 *       reservation counts the lead in the rep's day and week);</li>
 *   <li>{@code capsTick}: what a timer tick on a shared store does for the caps, every capped rep's count re-read
 *       against its periods ({@code RosterSnapshot.refreshCaps(now, true)}), in microseconds a tick.</li>
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class CapBenchmark {

  private static final ZoneId[] ZONES = {ZoneId.of("America/New_York"), ZoneId.of("America/Los_Angeles"),
      ZoneId.of("Europe/Berlin"), ZoneId.of("Asia/Tokyo")};

  @Param({"1000", "10000", "100000"})
  public int reps;

  Router router;
  RosterSnapshot snapshot;
  Lead[] leads;
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    BenchWorld world = BenchWorld.generate(17, reps, RouteBenchmark.LEADS);
    List<Rep> capped = new ArrayList<>(world.reps.size());
    for (int i = 0; i < world.reps.size(); i++) {
      capped.add(Rep.builderFrom(world.reps.get(i)).timeZone(ZONES[i % ZONES.length]).dailyCap(1_000_000_000)
          .weeklyCap(2_000_000_000).build());
    }
    router = Router.builder().roster(capped).accounts(world.accounts).idempotency(java.time.Duration.ofHours(1), 4096)
        .defaultChain().manualTimers().build();
    snapshot = new RosterSnapshot(1, capped, new InMemoryStateStore(), 0.9,
        new AccountDirectory(world.accounts, Router.DEFAULT_FREE_MAIL_DOMAINS));
    leads = world.leads.toArray(new Lead[0]);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    router.close();
  }

  @Benchmark
  public Decision routeCapped() {
    return RouteBenchmark.routeAndRelease(router, leads[next++ & (leads.length - 1)]);
  }

  @Benchmark
  public RosterSnapshot capsTick() {
    snapshot.refreshCaps(Instant.now(), true);
    return snapshot;
  }
}
