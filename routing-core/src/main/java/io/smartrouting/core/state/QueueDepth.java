package io.smartrouting.core.state;

import java.time.Instant;
import java.util.Objects;

/**
 * One queue's waiting leads as its metrics read them ({@link RoutingStateStore#queueDepths()}).
 *
 * @param leads the number of leads waiting in the queue, at least 1
 * @param oldestQueuedAt when the lead that has waited longest was placed in it
 */
public record QueueDepth(int leads, Instant oldestQueuedAt) {

  /**
   * Validates the fields.
   *
   * @param leads the number of leads waiting, at least 1
   * @param oldestQueuedAt when the longest-waiting lead was placed in the queue
   */
  public QueueDepth {
    if (leads < 1) {
      throw new IllegalArgumentException("leads must be at least 1 but was " + leads);
    }
    Objects.requireNonNull(oldestQueuedAt, "oldestQueuedAt must not be null");
  }
}
