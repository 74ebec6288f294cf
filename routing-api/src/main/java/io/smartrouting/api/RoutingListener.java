package io.smartrouting.api;

/**
 * Receives every new decision a router makes, after it is made (a repeated lead id answered from the idempotency
 * window is not reported again).
 *
 * <p>Listeners are called on the routing thread unless the router is configured otherwise; they should be quick.
 * A listener that throws is logged and isolated: routing and the other listeners go on.
 */
@FunctionalInterface
public interface RoutingListener {

  /** Called once per new decision, after capacity was reserved. */
  void onDecision(Decision decision);
}
