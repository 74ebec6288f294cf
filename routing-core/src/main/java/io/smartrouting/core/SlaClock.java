package io.smartrouting.core;

/**
 * How a first-contact deadline is counted (see {@link Router.Builder#slaClock(io.smartrouting.api.Tier, SlaClock)}).
 */
public enum SlaClock {
  /**
   * The holder's working time (the default): the deadline falls when the rep who holds the lead has worked the SLA's
   * duration, in the rep's working hours (holidays off) and time zone. A 60-minute SLA started at 16:30 for a rep
   * whose shift ends at 17:00 falls due 30 minutes into the next shift. The holder's own time off does not pause it,
   * so a lead taken before a vacation falls due on its first working morning and moves to a rep at work. For a rep
   * without working hours this is the wall clock. A lead waiting in a queue is counted in the working time of the
   * reps who cover it, their time off excluded (the earliest deadline among them), so a night in the queue does not
   * count; when a rep takes it, that rep's own deadline starts.
   */
  BUSINESS_HOURS,
  /** Wall-clock time: the deadline is the decision time plus the SLA's duration, whatever the holder's hours. */
  WALL_CLOCK
}
