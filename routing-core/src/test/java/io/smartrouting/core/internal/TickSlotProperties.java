package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The shared workers' ticks start in a few slots of the period ({@link SharedTimerThread#firstDelay}), so that the
 * routers of a JVM tick in bursts rather than each at its own instant; and no router ticks sooner than a period after
 * it is scheduled, as before.
 */
class TickSlotProperties {

  @Property(tries = 1000)
  void theFirstTickIsAPeriodAwayOrMoreAndStartsOneOfTheOwnersSlot(
      @ForAll @LongRange(min = 8, max = 3_600_000) long period,
      @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long now,
      @ForAll @LongRange(min = 0, max = 10_000_000) long later) {
    Object owner = new Object();
    long delay = SharedTimerThread.firstDelay(owner, period, now);
    assertThat(delay).isBetween(period, 2 * period - 1);
    long phase = Math.floorMod(now + delay, period);
    java.util.Set<Long> slotStarts = new java.util.HashSet<>();
    for (int k = 0; k < SharedTimerThread.SLOTS; k++) {
      slotStarts.add(period * k / SharedTimerThread.SLOTS);
    }
    assertThat(slotStarts).as("slot starts of a period of %d ms", period).contains(phase);
    // Scheduled at another time, the same owner ticks at the same phase: its ticks and its slot's stay together.
    long again = SharedTimerThread.firstDelay(owner, period, now + later);
    assertThat(Math.floorMod(now + later + again, period)).isEqualTo(phase);
  }
}
