package io.smartrouting.api;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A period a rep is away (holiday, out of office, training): no lead is assigned to the rep from {@code start}
 * (inclusive) to {@code end} (exclusive). A router told to hand over the leads of reps away long enough
 * ({@code Router.Builder.handOverWhenAway}) gives them to the period's cover, when it names one, before the chain; and
 * while the period lasts, the cover stands in for the rep as a person of the accounts the rep owns or works (the
 * {@code account-owner} step gives it their new leads in the rep's place).
 *
 * @param start first instant away
 * @param end first instant back, after {@code start}
 * @param reason free text for explanations, or null (keep personal details out of it)
 * @param coverRepId the rep who covers the desk meanwhile (the rep's open leads not yet contacted go to it, while it
 *     has room up to its full capacity, when the router hands them over; the rep's accounts' new leads go to it in
 *     the rep's place), or null: the chain decides
 */
public record TimeOff(Instant start, Instant end, @Nullable String reason, @Nullable String coverRepId) {

  /**
   * Validates the period.
   *
   * @param start the start
   * @param end the end
   * @param reason why, in words a person reads in the decision's explanation
   * @param coverRepId who covers, or null
   * @throws IllegalArgumentException if {@code end} is not after {@code start}, or the cover is blank
   */
  public TimeOff {
    Objects.requireNonNull(start, "timeOff.start must not be null");
    Objects.requireNonNull(end, "timeOff.end must not be null");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("timeOff.end must be after timeOff.start but was " + start + " to " + end);
    }
    if (coverRepId != null && coverRepId.isBlank()) {
      throw new IllegalArgumentException("timeOff.coverRepId must not be blank (null for none) but was '" + coverRepId
          + "'");
    }
  }

  /**
   * A period without a cover.
   *
   * @param start the start
   * @param end the end
   * @param reason why, or null
   */
  public TimeOff(Instant start, Instant end, @Nullable String reason) {
    this(start, end, reason, null);
  }

  /**
   * A period without a reason.
   *
   * @param start the start
   * @param end the end
   * @return a period without a reason
   */
  public static TimeOff of(Instant start, Instant end) {
    return new TimeOff(start, end, null, null);
  }

  /**
   * This period with rep {@code repId} covering the desk.
   *
   * @param repId the cover's id
   * @return a copy naming the cover
   * @throws IllegalArgumentException if the id is blank
   */
  public TimeOff coveredBy(String repId) {
    Objects.requireNonNull(repId, "timeOff.coverRepId must not be null");
    return new TimeOff(start, end, reason, repId);
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
