package io.smartrouting.core.internal;

import java.lang.ref.WeakReference;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One daemon thread per JVM that ticks the SLA timers of every router that did not bring its own scheduler. A
 * router is held weakly: one that is dropped without {@code close()} is not kept alive, and its task cancels
 * itself. Not API.
 */
public final class SharedTimerThread {

  private static final ScheduledExecutorService EXECUTOR = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "smartrouting-sla-timers");
    t.setDaemon(true);
    return t;
  });

  private SharedTimerThread() {}

  /** Calls {@code tick} on {@code owner} every {@code periodMillis} until cancelled or the owner is collected. */
  public static <T> ScheduledFuture<?> schedule(T owner, Consumer<T> tick, long periodMillis,
      ScheduledExecutorService executor) {
    WeakReference<T> ref = new WeakReference<>(owner);
    ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
    Runnable task = () -> {
      T o = ref.get();
      if (o == null) {
        ScheduledFuture<?> f = self[0];
        if (f != null) {
          f.cancel(false);
        }
        return;
      }
      tick.accept(o);
    };
    ScheduledFuture<?> f = executor.scheduleWithFixedDelay(task, periodMillis, periodMillis,
        TimeUnit.MILLISECONDS);
    self[0] = f;
    return f;
  }

  /** The shared executor. */
  public static ScheduledExecutorService shared() {
    return EXECUTOR;
  }
}
