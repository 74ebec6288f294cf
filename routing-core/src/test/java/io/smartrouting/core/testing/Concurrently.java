package io.smartrouting.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

/** Runs a body on several threads released together, and waits for all of them. */
public final class Concurrently {
  private Concurrently() {}

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
