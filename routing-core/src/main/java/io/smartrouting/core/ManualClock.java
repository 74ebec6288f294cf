package io.smartrouting.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that moves only when told to: for tests and simulations of working hours and SLA timers. Build the
 * router with it and {@link Router.Builder#manualTimers()}, then {@link #advance} the clock and call
 * {@link Router#fireDueTimers()}; nothing sleeps. Thread-safe; always UTC.
 */
public final class ManualClock extends Clock {

  private volatile Instant now;

  /**
   * A clock showing {@code start}.
   *
   * @param start the time it shows
   */
  public ManualClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start must not be null");
  }

  /**
   * Moves the clock forward by {@code d} (which must not be negative).
   *
   * @param d how far
   */
  public void advance(Duration d) {
    Objects.requireNonNull(d, "duration must not be null");
    if (d.isNegative()) {
      throw new IllegalArgumentException("a manual clock only moves forward with advance(); use set() but was " + d);
    }
    synchronized (this) {
      now = now.plus(d);
    }
  }

  /**
   * Sets the clock to {@code t} (forward or back).
   *
   * @param t the time it shows from now
   */
  public void set(Instant t) {
    now = Objects.requireNonNull(t, "instant must not be null");
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
