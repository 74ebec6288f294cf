package io.smartrouting.benchmarks;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * A diagnostic, not a benchmark: the heap one router holds, which a vendor pays once per tenant. Three rosters of
 * {@code reps} reps: the benchmark's world ({@link BenchWorld}: one account per 20 reps), the same with ten times the
 * accounts (tenants have many more accounts than reps), and reps covering 20 five-digit ZIP codes each instead of
 * states and countries. For each, the live heap after garbage collection is read before the router is built, after,
 * and after {@code leads} leads with ids and addresses of their own have been routed and released (what the
 * idempotency window and the released-leads memory keep of them; defaults 100,000 leads a day). First, 1,000 routers
 * of 50 reps built side by side: what a router costs whatever its size, which a vendor with many small tenants pays.
 *
 * <p>{@code java -cp routing-benchmarks/target/benchmarks.jar io.smartrouting.benchmarks.RouterFootprint [reps]
 * [leads]} (defaults 100,000 reps and 20,000 leads; give it a heap of 2 GB or more at 100,000 reps).
 */
public final class RouterFootprint {

  private RouterFootprint() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int leads = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    // Once first, unreported: what the first router of a JVM loads and keeps in static tables is not a router's.
    BenchWorld small = BenchWorld.generate(3, 100, 1_000);
    measure(null, small.reps, small.accounts, small.leads, 100);
    // The small tenants before the large rosters: a closed router's per-thread buffers (sized to its roster) stay on
    // the threads that routed for it until their thread-local maps drop them, which would blur a figure this small.
    tenants(1_000, 50);
    BenchWorld world = BenchWorld.generate(17, reps, 1_000);
    measure("benchmark world, " + world.accounts.size() + " accounts", world.reps, world.accounts, world.leads, leads);
    BenchWorld manyAccounts = BenchWorld.generate(17, reps, 1_000, reps / 2);
    measure("benchmark world, " + manyAccounts.accounts.size() + " accounts", manyAccounts.reps,
        manyAccounts.accounts, manyAccounts.leads, leads);
    measure("20 ZIP codes a rep", zipRoster(reps, 20), List.of(), world.leads, leads);
  }

  /**
   * {@code count} routers of {@code reps} reps each built side by side, as a vendor with a router per small tenant has
   * them: what one costs before its first lead (what a router allocates whatever its size).
   */
  private static void tenants(int count, int reps) {
    BenchWorld world = BenchWorld.generate(23, reps, 1_000);
    long before = liveHeap();
    List<Router> routers = new ArrayList<>(count);
    for (int t = 0; t < count; t++) {
      routers.add(Router.builder().roster(world.reps).accounts(world.accounts).defaultChain().build());
    }
    long built = liveHeap();
    System.out.printf(Locale.ROOT, "%,d routers of %d reps side by side: %.1f KB a router%n", count, reps,
        (built - before) / 1e3 / count);
    for (Router r : routers) {
      r.close();
    }
  }

  /**
   * Measures one roster on a thread of its own, so that what the router's routing thread keeps (its per-thread
   * buffers) goes with the thread and is not counted in the next roster's figures.
   */
  private static void measure(@Nullable String what, List<Rep> roster, List<io.smartrouting.api.Account> accounts,
      List<Lead> sample, int leads) {
    Thread t = new Thread(() -> measureHere(what, roster, accounts, sample, leads), "footprint");
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void measureHere(@Nullable String what, List<Rep> roster, List<io.smartrouting.api.Account> accounts,
      List<Lead> sample, int leads) {
    long before = liveHeap();
    Router router = Router.builder().roster(roster).accounts(accounts).defaultChain().build();
    long built = liveHeap();
    for (int i = 0; i < leads; i++) {
      Lead lead = Lead.builderFrom(sample.get(i % sample.size())).id("footprint-" + i)
          .email("person" + i + "@company" + i + ".example").build();
      router.release(router.route(lead).leadId());
    }
    long routed = liveHeap();
    router.close();
    if (what == null) {
      return;
    }
    System.out.printf(Locale.ROOT, "%,d reps, %s: router %.1f MB (%,d B a rep); after %,d leads %.1f MB more (%,d B a "
        + "lead)%n", roster.size(), what, (built - before) / 1e6, (built - before) / roster.size(), leads,
        (routed - built) / 1e6, (routed - built) / Math.max(1, leads));
  }

  /** Reps each covering {@code codes} random five-digit US ZIP codes, as field-sales territories are often drawn. */
  static List<Rep> zipRoster(int reps, int codes) {
    Random rnd = new Random(5);
    List<Rep> out = new ArrayList<>(reps);
    for (int i = 0; i < reps; i++) {
      List<String> territories = new ArrayList<>(codes);
      for (int k = 0; k < codes; k++) {
        territories.add(String.format(Locale.ROOT, "US:%05d", rnd.nextInt(100_000)));
      }
      out.add(Rep.builder("zip-rep-" + i).territories(territories).capacity(30).build());
    }
    return out;
  }

  /** The heap in use after collecting garbage until it stops shrinking. */
  private static long liveHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (used >= last) {
        return used;
      }
      last = used;
    }
    return last;
  }
}
