package io.smartrouting.api;

/** What became of a routed lead, as the vendor's system reports it through the router. */
public enum Outcome {
  /** The rep reached the lead. */
  CONTACTED,
  /** A meeting was booked. */
  MEETING,
  /** The lead became a sales opportunity. */
  OPPORTUNITY,
  /** The deal was won. */
  WON,
  /** The lead or deal was lost or disqualified. */
  LOST;

  /** {@return true for outcomes that close the lead's story: {@link #WON} and {@link #LOST}} */
  public boolean isTerminal() {
    return this == WON || this == LOST;
  }
}
