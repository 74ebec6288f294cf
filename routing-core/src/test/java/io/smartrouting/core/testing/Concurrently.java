package io.smartrouting.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

/** Runs a body on several threads released together, and waits for all of them. */
public final class Concurrently {
  private Concurrently() {}

  /** A piece of a race that may throw anything. */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  /**
   * A race of one finite {@code leader} against {@code loops}, each on its own thread: the leader starts once every
   * loop has run at least once (so that the race is one), and each loop runs again and again until the leader is done
   * (or has failed). Returns what any of them threw, in no particular order; empty if nothing did.
   */
  public static List<Throwable> race(Body leader, Body... loops) throws InterruptedException {
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    CountDownLatch running = new CountDownLatch(loops.length);
    run(loops.length + 1, t -> {
      try {
        if (t == 0) {
          try {
            running.await(10, java.util.concurrent.TimeUnit.SECONDS);
            leader.run();
          } finally {
            done.set(true);
          }
        } else {
          while (!done.get()) {
            loops[t - 1].run();
            running.countDown();
          }
        }
      } catch (Throwable e) {
        errors.add(e);
      }
    });
    return errors;
  }

  /** Starts {@code threads} threads, releases them at once to run {@code body} with their index, joins them. */
  public static void run(int threads, IntConsumer body) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread worker = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        body.accept(index);
      });
      workers.add(worker);
      worker.start();
    }
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
  }
}
