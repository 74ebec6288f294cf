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

  private OffboardPolicy(boolean accountBackupFirst, @Nullable String queue) {
    this.accountBackupFirst = accountBackupFirst;
    this.queue = queue;
  }

  /** Re-route every lead through the chain, excluding the rep who leaves. */
  public static OffboardPolicy reroute() {
    return new OffboardPolicy(false, null);
  }

  /**
   * A lead of a known account goes to the account's backup, then its team, then its parent's people (the first who
   * is available with capacity); other leads, and account leads none of those can take, are re-routed through the
   * chain.
   */
  public static OffboardPolicy accountBackupFirst() {
    return new OffboardPolicy(true, null);
  }

  /**
   * Every lead waits in {@code queueName} (for a manager to hand out, or for the queue to drain).
   *
   * @throws IllegalArgumentException if the name is blank
   */
  public static OffboardPolicy toQueue(String queueName) {
    if (queueName == null || queueName.isBlank()) {
      throw new IllegalArgumentException("offboard queue must not be blank but was '" + queueName + "'");
    }
    return new OffboardPolicy(false, queueName);
  }

  /** True if account leads try the account's backup and team first. */
  public boolean triesAccountBackupFirst() {
    return accountBackupFirst;
  }

  /** The queue every lead goes to, or null when leads are re-routed. */
  public @Nullable String queue() {
    return queue;
  }

  @Override
  public String toString() {
    return queue != null ? "toQueue(" + queue + ")" : accountBackupFirst ? "accountBackupFirst" : "reroute";
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof OffboardPolicy && ((OffboardPolicy) o).accountBackupFirst == accountBackupFirst
        && Objects.equals(((OffboardPolicy) o).queue, queue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accountBackupFirst, queue);
  }
}
