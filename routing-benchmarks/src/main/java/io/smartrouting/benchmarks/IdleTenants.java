package io.smartrouting.benchmarks;

import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A diagnostic, not a benchmark: the CPU a JVM spends on routers that route nothing, which a vendor with a router per
 * tenant pays for every tenant, every second. Builds {@code routers} routers of {@code reps} reps (the benchmark's
 * world) on the shared timer workers (a tick a second each), routes five leads into each (some stay in a queue no rep
 * covers), waits three seconds, then reads the process's CPU time over {@code seconds} seconds of idling.
 *
 * <p>{@code java -cp routing-benchmarks/target/benchmarks.jar io.smartrouting.benchmarks.IdleTenants [routers] [reps]
 * [seconds]} (defaults 2,000, 50 and 15). Run it on an otherwise idle machine: it reads the whole process's CPU.
 */
public final class IdleTenants {

  private IdleTenants() {}

  public static void main(String[] args) throws InterruptedException {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    BenchWorld world = BenchWorld.generate(23, reps, 1_000);
    List<Router> routers = new ArrayList<>(count);
    for (int t = 0; t < count; t++) {
      Router router = Router.builder().roster(world.reps).accounts(world.accounts).defaultChain().build();
      for (int k = 0; k < 5; k++) {
        router.route(Lead.builderFrom(world.leads.get(k)).id("open-" + k).build());
      }
      routers.add(router);
    }
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Thread.sleep(3_000);
    long cpu = os.getProcessCpuTime();
    long wall = System.nanoTime();
    Thread.sleep(seconds * 1_000L);
    double share = (double) (os.getProcessCpuTime() - cpu) / (System.nanoTime() - wall);
    System.out.printf(Locale.ROOT, "%,d idle routers of %d reps: %.1f%% of a core (%.1f µs a router a second)%n",
        count, reps, 100 * share, share * 1e6 / count);
    routers.forEach(Router::close);
  }
}
