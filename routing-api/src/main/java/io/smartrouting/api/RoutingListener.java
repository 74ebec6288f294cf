package io.smartrouting.api;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Receives a router's {@link RoutingEvent}s: new assignments and queued leads, SLA breaches, notifications to
 * managers, reassignments, escalations, contacts and outcomes.
 *
 * <p>By default listeners are called on the thread that caused the event (a routing thread, or the router's
 * timer thread for SLA events) and must be quick; the router can instead deliver events asynchronously through a
 * bounded queue. A listener that throws is logged and isolated: routing and the other listeners go on.
 */
@FunctionalInterface
public interface RoutingListener {

  /**
   * Called once per event.
   *
   * @param event the event
   */
  void onEvent(RoutingEvent event);

  /**
   * A listener that sees only new decisions (assigned or queued), as {@link Decision}s.
   *
   * @param consumer the consumer
   * @return a listener that sees only new decisions (assigned or queued), as {@link Decision}s
   */
  static RoutingListener ofDecisions(Consumer<? super Decision> consumer) {
    Objects.requireNonNull(consumer, "consumer must not be null");
    return event -> {
      if (event instanceof RoutingEvent.LeadAssigned) {
        consumer.accept(((RoutingEvent.LeadAssigned) event).decision());
      } else if (event instanceof RoutingEvent.LeadQueued) {
        consumer.accept(((RoutingEvent.LeadQueued) event).decision());
      }
    };
  }
}
