package io.smartrouting.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a wait queue relaxes the criteria of the leads waiting in it, step by step as they age (as a target timeout
 * does in a contact-centre workflow): for example, after 15 minutes any segment, after 30 minutes the manager, after
 * four hours any language.
 *
 * <p>Every queued lead (after hours, nobody eligible, escalated) waits in its queue and is drained, oldest
 * highest-tier first, on every timer tick as soon as a rep who may take it has capacity, comes on shift, returns
 * from time off or joins the roster. Without a policy a queue relaxes nothing. The router already prefers industry
 * specialists and takes generalists when no specialist can take a lead, so that step needs no relaxation.
 *
 * <p>A relaxation widens the reps a lead may go to only when the narrower pool cannot take it now: a drain tries the
 * lead's own criteria first, then adds the steps its wait has earned one at a time, in their order, and the lead's
 * explanation names the relaxations its move used. So leads that waited a weekend, earning every step while nobody
 * was on shift, go to their own segment's and territory's reps on Monday morning when those have room. A rep asking
 * for work ({@code Router.claimNext}) may claim a lead by every relaxation it has earned.
 *
 * <pre>{@code
 * Router.builder()...queuePolicy(QueuePolicy.of("unassigned")
 *     .relaxAfter(Duration.ofMinutes(15), QueuePolicy.Relaxation.ANY_SEGMENT)
 *     .relaxAfter(Duration.ofMinutes(30), QueuePolicy.Relaxation.MANAGER))
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class QueuePolicy {

  /** One criterion a waiting lead may drop. Relaxations add up: each step keeps the ones before it. */
  public enum Relaxation {
    /** Reps of every segment qualify. */
    ANY_SEGMENT,
    /** Reps of every territory qualify (language and availability still apply). */
    ANY_TERRITORY,
    /**
     * Reps of every language qualify: a lead in a language nobody on shift speaks (or nobody at all) goes to a rep
     * who may answer it in another, rather than wait on for good.
     */
    ANY_LANGUAGE,
    /** When no rep can take the lead, the manager of a rep in its territory may (if available with capacity). */
    MANAGER
  }

  /** One relaxation step. */
  public record Step(Duration after, Relaxation relaxation) {}

  private final String queue;
  private final List<Step> steps;
  private final Duration claimWindow;
  private final io.smartrouting.core.expr.@Nullable RepFilter claimedBy;

  private QueuePolicy(String queue, List<Step> steps, Duration claimWindow,
      io.smartrouting.core.expr.@Nullable RepFilter claimedBy) {
    this.queue = queue;
    this.steps = steps;
    this.claimWindow = claimWindow;
    this.claimedBy = claimedBy;
  }

  /**
   * A policy for the queue named {@code queue} that relaxes nothing yet.
   *
   * @param queue the queue's name
   * @return the policy
   * @throws IllegalArgumentException if the name is blank
   */
  public static QueuePolicy of(String queue) {
    if (queue == null || queue.isBlank()) {
      throw new IllegalArgumentException("queuePolicy.queue must not be blank but was '" + queue + "'");
    }
    return new QueuePolicy(queue, List.of(), Duration.ZERO, null);
  }

  /**
   * A copy that also drops {@code relaxation} for leads that have waited at least {@code waited}. A drain uses it only
   * when the reps the narrower criteria name cannot take the lead, so {@link Duration#ZERO} makes a fallback pool from
   * the start (another segment's reps, say, while the lead's own have no room).
   *
   * @param waited how long a lead has waited before the relaxation applies
   * @param relaxation what is relaxed
   * @return the copy
   * @throws IllegalArgumentException if {@code waited} is negative
   */
  public QueuePolicy relaxAfter(Duration waited, Relaxation relaxation) {
    Objects.requireNonNull(waited, "queuePolicy.relaxAfter.waited must not be null");
    Objects.requireNonNull(relaxation, "queuePolicy.relaxAfter.relaxation must not be null");
    if (waited.isNegative()) {
      throw new IllegalArgumentException("queuePolicy.relaxAfter.waited must be >= 0 but was " + waited
          + " (queue " + queue + ")");
    }
    List<Step> next = new ArrayList<>(steps);
    next.add(new Step(waited, relaxation));
    next.sort((a, b) -> a.after().compareTo(b.after()));
    return new QueuePolicy(queue, Collections.unmodifiableList(next), claimWindow, claimedBy);
  }

  /**
   * A copy whose leads are kept for reps to claim ({@code Router.claimNext}) for their first {@code window} of
   * waiting: the drain does not push them to a rep before that, and after it drains them as any queue's. For a pool
   * that reps pull from ("next lead"), with the push as the safety net: a rep who is free takes the lead; one that
   * nobody claims in time goes to whoever has room. A lead with a first-contact deadline still escalates at it.
   * Default {@link Duration#ZERO}: drained at once.
   *
   * @param window how long leads wait for a claim
   * @return the copy
   * @throws IllegalArgumentException if {@code window} is negative
   */
  public QueuePolicy claimWindow(Duration window) {
    Objects.requireNonNull(window, "queuePolicy.claimWindow must not be null");
    if (window.isNegative()) {
      throw new IllegalArgumentException("queuePolicy.claimWindow must be >= 0 but was " + window + " (queue "
          + queue + ")");
    }
    return new QueuePolicy(queue, steps, window, claimedBy);
  }

  /**
   * A copy whose leads only the reps {@code filter} matches may claim ({@code Router.claimNext}, {@code claimable}):
   * a pool of its members, such as {@code team = 'partners'}. The drain is not bound by it: it pushes through the chain.
   *
   * @param filter the reps who may claim
   * @return the copy
   */
  public QueuePolicy claimedBy(io.smartrouting.core.expr.RepFilter filter) {
    return new QueuePolicy(queue, steps, claimWindow, Objects.requireNonNull(filter, "queuePolicy.claimedBy"));
  }

  /**
   * A copy whose leads only the reps the expression matches may claim (see {@link #claimedBy(
   * io.smartrouting.core.expr.RepFilter)} and {@link io.smartrouting.core.expr.RepFilter}).
   *
   * @param expression a rep filter
   * @return the copy
   * @throws io.smartrouting.core.expr.ExpressionException if the expression is not valid
   */
  public QueuePolicy claimedBy(String expression) {
    return claimedBy(io.smartrouting.core.expr.RepFilter.parse(expression));
  }

  /** {@return the reps who may claim this queue's leads, or null when any rep may (by the hard criteria)} */
  public io.smartrouting.core.expr.@Nullable RepFilter claimedBy() {
    return claimedBy;
  }

  /**
   * How long a lead waits for a rep to claim it before the drain may push it; zero when the drain takes it at once.
   *
   * @return the claim window
   */
  public Duration claimWindow() {
    return claimWindow;
  }

  /** {@return the queue this policy is for} */
  public String queue() {
    return queue;
  }

  /** {@return the relaxation steps, by waiting time} */
  public List<Step> steps() {
    return steps;
  }

  /**
   * The relaxations in force for a lead that has waited {@code waited}.
   *
   * @param waited how long the lead has waited
   * @return the relaxations
   */
  public java.util.Set<Relaxation> relaxationsAt(Duration waited) {
    java.util.EnumSet<Relaxation> out = java.util.EnumSet.noneOf(Relaxation.class);
    for (Step s : steps) {
      if (waited.compareTo(s.after()) >= 0) {
        out.add(s.relaxation());
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "QueuePolicy[" + queue + ", " + steps + (claimWindow.isZero() ? "" : ", claim window " + claimWindow)
        + (claimedBy == null ? "" : ", claimed by " + claimedBy.text()) + "]";
  }
}
