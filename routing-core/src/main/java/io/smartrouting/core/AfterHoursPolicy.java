package io.smartrouting.core;

import io.smartrouting.api.WorkingHours;
import java.time.LocalTime;
import java.util.Objects;

/**
 * What a router does with a lead when reps cover it but none of them is on shift now (all outside their working
 * hours). Leads whose reps are away for other reasons (out of office, full) go through the normal fallback.
 *
 * <ul>
 *   <li>{@link #nextShiftQueue(String)} (the default, queue {@value #DEFAULT_QUEUE}): the lead waits in a queue for
 *       the next shift, flagged {@link io.smartrouting.api.Flag#AFTER_HOURS_QUEUE}; its first-contact SLA runs in
 *       the first shift of the reps who cover it (in their working time, whatever the tier's clock), so it falls due
 *       only if those reps cannot take it when their shift starts, and is then reported as a waiting lead's is;
 *       taken at the shift start, it is due within its rep's own SLA from then;</li>
 *   <li>{@link #followTheSun(String)}: the territory criterion is dropped and the chain runs over the reps on
 *       shift elsewhere who meet every other criterion, flagged {@link io.smartrouting.api.Flag#FOLLOW_THE_SUN};
 *       if nobody anywhere is on shift, the lead goes to the given queue. When the lead has a time zone
 *       ({@link io.smartrouting.api.Lead#timeZone()}), the reps whose shift overlaps the lead's own business hours
 *       ({@link #leadHours()}, default weekdays 09:00-17:00 in the lead's zone) are preferred: a rep in Sydney
 *       whose shift ends before a New York lead's morning is not the one to call that lead. If no rep on shift
 *       overlaps, every rep on shift stays a candidate and the explanation says so.</li>
 * </ul>
 * The decision's explanation says which policy applied. Immutable.
 */
public final class AfterHoursPolicy {

  /** Default next-shift queue. */
  public static final String DEFAULT_QUEUE = "next-shift";

  /** Default business hours of a lead, in the lead's time zone: weekdays 09:00-17:00. */
  public static final WorkingHours DEFAULT_LEAD_HOURS = WorkingHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0));

  private final boolean followTheSun;
  private final String queue;
  private final WorkingHours leadHours;

  private AfterHoursPolicy(boolean followTheSun, String queue) {
    this(followTheSun, queue, DEFAULT_LEAD_HOURS);
  }

  private AfterHoursPolicy(boolean followTheSun, String queue, WorkingHours leadHours) {
    Objects.requireNonNull(leadHours, "afterHours leadHours must not be null");
    this.leadHours = leadHours;
    Objects.requireNonNull(queue, "afterHours queue must not be null");
    if (queue.isBlank()) {
      throw new IllegalArgumentException("afterHours queue must not be blank");
    }
    this.followTheSun = followTheSun;
    this.queue = queue;
  }

  /**
   * Queue the lead for the next shift in {@code queue}.
   *
   * @param queue the queue's name
   * @return the policy
   */
  public static AfterHoursPolicy nextShiftQueue(String queue) {
    return new AfterHoursPolicy(false, queue);
  }

  /**
   * Route to reps on shift in other territories; queue in {@code queueIfNobodyOnShift} if there are none.
   *
   * @param queueIfNobodyOnShift the queue for a lead nobody on shift can take
   * @return the policy
   */
  public static AfterHoursPolicy followTheSun(String queueIfNobodyOnShift) {
    return new AfterHoursPolicy(true, queueIfNobodyOnShift);
  }

  /** {@return the default: {@code nextShiftQueue("next-shift")}} */
  public static AfterHoursPolicy defaults() {
    return nextShiftQueue(DEFAULT_QUEUE);
  }

  /**
   * A copy whose follow-the-sun prefers reps whose shift overlaps {@code hours} in the lead's time zone (default
   * {@link #DEFAULT_LEAD_HOURS}); {@link WorkingHours#ALWAYS} turns the preference off.
   *
   * @param hours the lead's business hours
   * @return the copy
   */
  public AfterHoursPolicy leadHours(WorkingHours hours) {
    return new AfterHoursPolicy(followTheSun, queue, hours);
  }

  /** {@return the business hours of a lead, in its own time zone, that follow-the-sun tries to overlap} */
  public WorkingHours leadHours() {
    return leadHours;
  }

  /** {@return true for follow-the-sun} */
  public boolean followsTheSun() {
    return followTheSun;
  }

  /** {@return the queue used when the lead waits for the next shift} */
  public String queue() {
    return queue;
  }

  @Override
  public String toString() {
    return followTheSun ? "follow-the-sun (else queue '" + queue + "')" : "next-shift queue '" + queue + "'";
  }
}
