package io.smartrouting.core.internal;

import java.lang.ref.WeakReference;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The SLA timer ticks of every router of the JVM that did not bring its own scheduler: one daemon thread keeps the
 * time and hands each router's tick to a small pool of daemon workers ({@value #WORKERS} at most, gone when idle), one
 * tick of a router at a time (a tick due while the router's last one still runs is skipped). So a tenant whose ticks
 * are slow (a state store that times out, a full read of a very large tenant) holds up no other tenant's deadlines;
 * until 5 December 2026 every tick ran on the one thread in turn. A router is held weakly: one that is dropped without
 * {@code close()} is not kept alive, and its task cancels itself. Not API.
 */
public final class SharedTimerThread {

  /** The most ticks that run at once: as many tenants may be slow together before the others wait. */
  public static final int WORKERS = 16;

  private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "smartrouting-sla-timers");
    t.setDaemon(true);
    return t;
  });

  private static final ThreadPoolExecutor TICKS;

  static {
    AtomicInteger n = new AtomicInteger();
    TICKS = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "smartrouting-sla-tick-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    TICKS.allowCoreThreadTimeOut(true);
  }

  private SharedTimerThread() {}

  /**
   * Calls {@code tick} on {@code owner} every {@code periodMillis} until cancelled or the owner is collected: on the
   * shared workers when {@code executor} is {@link #shared()}, else on {@code executor}'s own threads.
   */
  public static <T> ScheduledFuture<?> schedule(T owner, Consumer<T> tick, long periodMillis,
      ScheduledExecutorService executor) {
    WeakReference<T> ref = new WeakReference<>(owner);
    ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
    boolean pooled = executor == SCHEDULER;
    AtomicBoolean running = new AtomicBoolean();
    Runnable task = () -> {
      T o = ref.get();
      if (o == null) {
        ScheduledFuture<?> f = self[0];
        if (f != null) {
          f.cancel(false);
        }
        return;
      }
      if (!pooled) {
        tick.accept(o);
        return;
      }
      if (!running.compareAndSet(false, true)) {
        return; // its last tick still runs
      }
      TICKS.execute(() -> {
        try {
          T still = ref.get();
          if (still != null) {
            tick.accept(still);
          }
        } finally {
          running.set(false);
        }
      });
    };
    ScheduledFuture<?> f = pooled
        ? executor.scheduleAtFixedRate(task, firstDelay(owner, periodMillis, System.currentTimeMillis()), periodMillis,
            TimeUnit.MILLISECONDS)
        : executor.scheduleWithFixedDelay(task, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    self[0] = f;
    return f;
  }

  /** Slots a period is cut into for the shared workers' ticks ({@link #firstDelay}). */
  static final int SLOTS = 8;

  /**
   * How long until {@code owner}'s first tick on the shared workers: a period at least (no router ticks sooner after
   * it is built, as before), at the start of one of {@link #SLOTS} slots of the period (by the owner's identity), then
   * every period at fixed rate. The routers of the JVM tick in a few bursts a period rather than each at its own
   * instant: the scheduler and the workers wake a few times a period instead of twice for every router (2,000 idle
   * routers of 50 reps took about 11% of a core, a third of it threads waking and sleeping), while no burst holds more
   * than about an eighth of them.
   */
  static long firstDelay(Object owner, long periodMillis, long nowMillis) {
    long slot = periodMillis * (System.identityHashCode(owner) & (SLOTS - 1)) / SLOTS;
    long at = nowMillis - Math.floorMod(nowMillis, periodMillis) + slot;
    while (at < nowMillis + periodMillis) {
      at += periodMillis;
    }
    return at - nowMillis;
  }

  /** The shared scheduler (its ticks run on the shared workers). */
  public static ScheduledExecutorService shared() {
    return SCHEDULER;
  }
}
