package io.smartrouting.core;

/**
 * How a first-contact deadline is counted (see {@link Router.Builder#slaClock(io.smartrouting.api.Tier, SlaClock)}).
 */
public enum SlaClock {
  /**
   * The holder's working time (the default): the deadline falls when the rep who holds the lead has worked the SLA's
   * duration, in the rep's working hours and time zone, skipping time off. A 60-minute SLA started at 16:30 for a
   * rep whose shift ends at 17:00 falls due 30 minutes into the next shift. For a rep without working hours this is
   * the wall clock; a lead waiting in a queue is counted on the wall clock.
   */
  BUSINESS_HOURS,
  /** Wall-clock time: the deadline is the decision time plus the SLA's duration, whatever the holder's hours. */
  WALL_CLOCK
}
