package io.smartrouting.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where {@link Router#offboard(String, OffboardPolicy)} sends the open leads of a rep who leaves. Whatever the policy,
 * no lead is lost: a lead nobody can take goes to the fallback queue, where it waits and drains. Immutable.
 */
public final class OffboardPolicy {

  private final boolean accountBackupFirst;
  private final @Nullable String queue;
  private final @Nullable String cover;

  private OffboardPolicy(boolean accountBackupFirst, @Nullable String queue, @Nullable String cover) {
    this.accountBackupFirst = accountBackupFirst;
    this.queue = queue;
    this.cover = cover;
  }

  /**
   * Re-route every lead through the chain, excluding the rep who leaves.
   *
   * @return the policy
   */
  public static OffboardPolicy reroute() {
    return new OffboardPolicy(false, null, null);
  }

  /**
   * Every lead goes to rep {@code coverId}, a colleague a manager names to cover the desk (a leave, a departure), as a
   * person's {@link Router#reassign} would put it there: while the cover holds fewer open leads than its full
   * capacity, whatever its territories, segments and shift; the leads it has no room for are re-routed through the
   * chain, never back to the rep who leaves. Each lead gets a new first-contact deadline from the cover; an earlier
   * holder keeps the lead's history ({@link io.smartrouting.core.state.Placement#earlierHolders()}).
   *
   * @param coverId the rep who covers
   * @return the policy
   * @throws IllegalArgumentException if the id is blank ({@link Router#offboard} also refuses a cover that is not on
   *     the roster, or is the rep who leaves)
   */
  public static OffboardPolicy toRep(String coverId) {
    if (coverId == null || coverId.isBlank()) {
      throw new IllegalArgumentException("offboard cover rep id must not be blank but was '" + coverId + "'");
    }
    return new OffboardPolicy(false, null, coverId);
  }

  /**
   * A lead of a known account goes to the account's backup, then its team, then its parent's people (the first who
   * is available with capacity); other leads, and account leads none of those can take, are re-routed through the
   * chain.
   *
   * @return the policy
   */
  public static OffboardPolicy accountBackupFirst() {
    return new OffboardPolicy(true, null, null);
  }

  /**
   * Every lead waits in {@code queueName} (for a manager to hand out, or for the queue to drain). A queue drains at the
   * next timer tick to any rep who may take its leads, as every queue does, which is then much like {@link #reroute()}:
   * for leads a manager hands out ({@code Router.reassign}) or reps pull ({@code Router.claimNext}), give the queue a
   * {@link QueuePolicy#claimWindow} as long as they may wait for that (a first-contact deadline still runs).
   *
   * @param queueName the queue's name
   * @return the policy
   * @throws IllegalArgumentException if the name is blank
   */
  public static OffboardPolicy toQueue(String queueName) {
    if (queueName == null || queueName.isBlank()) {
      throw new IllegalArgumentException("offboard queue must not be blank but was '" + queueName + "'");
    }
    return new OffboardPolicy(false, queueName, null);
  }

  /** {@return true if account leads try the account's backup and team first} */
  public boolean triesAccountBackupFirst() {
    return accountBackupFirst;
  }

  /** {@return the queue every lead goes to, or null when leads are re-routed} */
  public @Nullable String queue() {
    return queue;
  }

  /** {@return the rep every lead goes to while it has room ({@link #toRep}), or null} */
  public @Nullable String cover() {
    return cover;
  }

  @Override
  public String toString() {
    return queue != null ? "toQueue(" + queue + ")" : cover != null ? "toRep(" + cover + ")"
        : accountBackupFirst ? "accountBackupFirst" : "reroute";
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof OffboardPolicy && ((OffboardPolicy) o).accountBackupFirst == accountBackupFirst
        && Objects.equals(((OffboardPolicy) o).queue, queue) && Objects.equals(((OffboardPolicy) o).cover, cover);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accountBackupFirst, queue, cover);
  }
}
