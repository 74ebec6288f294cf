package io.smartrouting.core.internal;

import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.RoutingListener;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners, isolated from each other and from routing: synchronously on the calling thread,
 * or through a bounded queue drained by one daemon thread. When that queue is full the event is dropped and
 * counted; the lead itself is never affected. Thread-safe. Not API.
 */
public final class EventBus implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

  private final List<RoutingListener> listeners;
  private final @Nullable BlockingQueue<RoutingEvent> queue;
  private final @Nullable Thread worker;
  private final LongAdder dropped = new LongAdder();
  private volatile boolean closed;

  /** {@code asyncCapacity <= 0}: synchronous delivery. */
  public EventBus(List<RoutingListener> listeners, int asyncCapacity) {
    this.listeners = List.copyOf(listeners);
    if (asyncCapacity > 0 && !listeners.isEmpty()) {
      queue = new ArrayBlockingQueue<>(asyncCapacity);
      worker = new Thread(this::drain, "smartrouting-events");
      worker.setDaemon(true);
      worker.start();
    } else {
      queue = null;
      worker = null;
    }
  }

  /** Publishes one event; never throws and never blocks on a listener in asynchronous mode. */
  public void publish(RoutingEvent event) {
    if (listeners.isEmpty()) {
      return;
    }
    if (queue == null) {
      deliver(event);
    } else if (closed || !queue.offer(event)) {
      dropped.increment();
      LOG.warn("event queue full: dropped a {} notification for lead {} (routing unaffected)",
          event.getClass().getSimpleName(), event.leadId());
    }
  }

  /** Notifications dropped because the asynchronous queue was full. */
  public long dropped() {
    return dropped.sum();
  }

  /** True if there are listeners. */
  public boolean hasListeners() {
    return !listeners.isEmpty();
  }

  private void deliver(RoutingEvent event) {
    for (RoutingListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("routing listener {} failed on {} for lead {}; routing goes on", l.getClass().getName(),
            event.getClass().getSimpleName(), event.leadId(), e);
      }
    }
  }

  private void drain() {
    BlockingQueue<RoutingEvent> q = queue;
    while (q != null) {
      try {
        RoutingEvent e = q.poll(100, TimeUnit.MILLISECONDS);
        if (e != null) {
          deliver(e);
        } else if (closed) {
          return;
        }
      } catch (InterruptedException ie) {
        return;
      }
    }
  }

  /** Stops accepting events, delivers what is queued (waiting up to one second), then stops the worker. */
  @Override
  public void close() {
    closed = true;
    Thread w = worker;
    if (w != null) {
      try {
        w.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      w.interrupt();
    }
  }
}
