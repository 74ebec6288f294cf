package io.smartrouting.api;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A period a rep is away (holiday, out of office, training): no lead is assigned to the rep from {@code start}
 * (inclusive) to {@code end} (exclusive).
 *
 * @param start first instant away
 * @param end first instant back, after {@code start}
 * @param reason free text for explanations, or null (keep personal details out of it)
 */
public record TimeOff(Instant start, Instant end, @Nullable String reason) {

  /**
   * Validates the period.
   *
   * @param start the start
   * @param end the end
   * @param reason why, in words a person reads in the decision's explanation
   * @throws IllegalArgumentException if {@code end} is not after {@code start}
   */
  public TimeOff {
    Objects.requireNonNull(start, "timeOff.start must not be null");
    Objects.requireNonNull(end, "timeOff.end must not be null");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("timeOff.end must be after timeOff.start but was " + start + " to " + end);
    }
  }

  /**
   * A period without a reason.
   *
   * @param start the start
   * @param end the end
   * @return a period without a reason
   */
  public static TimeOff of(Instant start, Instant end) {
    return new TimeOff(start, end, null);
  }

  /**
   * True if {@code at} falls in the period.
   *
   * @param at when, on the router's clock
   * @return true if {@code at} falls in the period
   */
  public boolean covers(Instant at) {
    return !at.isBefore(start) && at.isBefore(end);
  }
}
