package io.smartrouting.api;

/**
 * Priority tier of a lead. Tier 1 is the hottest (demo request, executive buyer), Tier 2 a strong fit
 * (high ICP score), Tier 3 everything else.
 */
public enum Tier {
  /** Demo or contact-sales request, or an executive buyer: fast-tracked. */
  TIER_1,
  /** High ICP score: weighted scoring, including performance. */
  TIER_2,
  /** Everything else: round-robin among qualified reps. */
  TIER_3;

  /**
   * Returns the tier's number, 1 to 3.
   *
   * @return the int
   */
  public int number() {
    return ordinal() + 1;
  }
}
