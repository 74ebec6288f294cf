package io.smartrouting.core;

import java.util.Objects;

/**
 * What a router does when an assigned lead is not contacted by its first-contact deadline. On every breach it
 * publishes {@link io.smartrouting.api.RoutingEvent.SlaBreached}, then, in order:
 * <ol>
 *   <li>if {@link #notifiesManager()}: {@link io.smartrouting.api.RoutingEvent.ManagerNotified} for the rep's
 *       manager (a {@link io.smartrouting.core.notify.WebhookNotifier} turns it into a message);</li>
 *   <li>while the lead missed fewer than {@link #maxReassignments()} deadlines before this one (so, reassigned fewer
 *       times, as long as no earlier miss escalated it): reassign it to the next best available rep who has not held
 *       it (capacity released from the previous rep, a new deadline armed),
 *       {@link io.smartrouting.api.RoutingEvent.LeadReassigned};</li>
 *   <li>otherwise, or when nobody can take it: hand it to the rep's manager (if {@link #toManagerFirst()}, the
 *       manager is available and has capacity) or else to {@link #escalationQueue()},
 *       {@link io.smartrouting.api.RoutingEvent.LeadEscalated}; no further deadline is armed.</li>
 * </ol>
 * A lead waiting in a queue that breaches its deadline gets one {@code SlaBreached} event, and that miss counts among
 * the deadlines it missed: drained to a rep who misses too, it is escalated rather than reassigned once the misses
 * reach {@link #maxReassignments()}. Defaults: notify the
 * manager, one reassignment, then the manager, else queue {@value #DEFAULT_QUEUE}. Immutable.
 */
public final class EscalationPolicy {

  /** Default escalation queue. */
  public static final String DEFAULT_QUEUE = "escalations";

  private final boolean notifyManager;
  private final int maxReassignments;
  private final boolean toManagerFirst;
  private final String queue;

  private EscalationPolicy(boolean notifyManager, int maxReassignments, boolean toManagerFirst, String queue) {
    if (maxReassignments < 0) {
      throw new IllegalArgumentException("escalation maxReassignments must be >= 0 but was " + maxReassignments);
    }
    Objects.requireNonNull(queue, "escalation queue must not be null");
    if (queue.isBlank()) {
      throw new IllegalArgumentException("escalation queue must not be blank");
    }
    this.notifyManager = notifyManager;
    this.maxReassignments = maxReassignments;
    this.toManagerFirst = toManagerFirst;
    this.queue = queue;
  }

  /** {@return the default policy} */
  public static EscalationPolicy defaults() {
    return new EscalationPolicy(true, 1, true, DEFAULT_QUEUE);
  }

  /**
   * A copy that does (or does not) notify the manager on each breach.
   *
   * @param notify whether to notify
   * @return a copy with that setting
   */
  public EscalationPolicy notifyManager(boolean notify) {
    return new EscalationPolicy(notify, maxReassignments, toManagerFirst, queue);
  }

  /**
   * A copy allowing {@code n >= 0} reassignments before escalation.
   *
   * @param n the reassignments allowed
   * @return a copy with that setting
   */
  public EscalationPolicy maxReassignments(int n) {
    return new EscalationPolicy(notifyManager, n, toManagerFirst, queue);
  }

  /**
   * A copy that escalates to the manager first ({@code true}) or straight to the queue.
   *
   * @param managerFirst whether the manager comes before the queue
   * @return a copy with that setting
   */
  public EscalationPolicy toManagerFirst(boolean managerFirst) {
    return new EscalationPolicy(notifyManager, maxReassignments, managerFirst, queue);
  }

  /**
   * A copy escalating to {@code queueName}.
   *
   * @param queueName the queue's name
   * @return a copy with that setting
   */
  public EscalationPolicy escalationQueue(String queueName) {
    return new EscalationPolicy(notifyManager, maxReassignments, toManagerFirst, queueName);
  }

  /** {@return whether each breach notifies the manager} */
  public boolean notifiesManager() {
    return notifyManager;
  }

  /**
   * Reassignments allowed before escalation.
   *
   * @return the reassignments allowed
   */
  public int maxReassignments() {
    return maxReassignments;
  }

  /** {@return whether escalation tries the manager before the queue} */
  public boolean toManagerFirst() {
    return toManagerFirst;
  }

  /** {@return the queue escalated leads go to} */
  public String escalationQueue() {
    return queue;
  }

  @Override
  public String toString() {
    return "EscalationPolicy[notifyManager=" + notifyManager + ", maxReassignments=" + maxReassignments
        + ", toManagerFirst=" + toManagerFirst + ", queue=" + queue + "]";
  }
}
