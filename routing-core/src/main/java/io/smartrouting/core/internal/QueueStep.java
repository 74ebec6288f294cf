package io.smartrouting.core.internal;

import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;

/**
 * The chain step that places the leads it runs for in a named queue ({@code ChainStep.toQueue}): the pipeline
 * recognises it and never calls {@link #apply}. A move (a drain, a transfer, a reassignment after a breach) passes
 * over it, so that a lead waiting in the queue can still be given a rep.
 */
public final class QueueStep implements RoutingStrategy {

  private final String queue;

  public QueueStep(String queue) {
    this.queue = queue;
  }

  /** The queue the step places leads in. */
  public String queue() {
    return queue;
  }

  @Override
  public StrategyResult apply(RoutingContext ctx) {
    return StrategyResult.pass("places leads in queue '" + queue + "'");
  }
}
