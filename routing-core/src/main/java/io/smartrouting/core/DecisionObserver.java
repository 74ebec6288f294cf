package io.smartrouting.core;

import io.smartrouting.api.Decision;

/**
 * Told of every new decision a router makes, with how long {@code route} took to make it: the hook for metrics
 * (decision latency) and tracing (a span per decision). Added with {@link Router.Builder#decisionObserver}; a router
 * without observers does not read the nanosecond clock for them.
 *
 * <p>Called on the routing thread after the decision is recorded, once per new decision (not for a repeated lead id
 * answered from the idempotency window); must be quick and thread-safe. An observer that throws is logged and
 * ignored: the decision stands.
 */
@FunctionalInterface
public interface DecisionObserver {

  /**
   * A new decision.
   *
   * @param decision the decision {@code route} returns
   * @param nanos how long {@code route} took, from its call to this notification, in nanoseconds
   */
  void decided(Decision decision, long nanos);
}
