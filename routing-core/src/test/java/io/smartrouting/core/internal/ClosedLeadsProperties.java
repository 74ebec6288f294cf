package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The released-leads memory against a model of its contract: the newest release of a lead among the last
 * {@code maxLeads} releases speaks for it until its window passes or a final outcome forgets it; an older release of
 * the same lead never comes back.
 */
class ClosedLeadsProperties {

  /** 0 release (rep, tier, segment from {@code arg}), 1 look up, 2 look up and forget, 3 advance the clock. */
  record Op(int kind, int key, int arg) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 30),
        Arbitraries.integers().between(0, 400)).as(Op::new);
    return op.list().ofMinSize(1).ofMaxSize(500);
  }

  /** One release as the model keeps it. */
  private static final class Entry {
    final String key;
    final ClosedLeads.Closed value;
    final long at;
    boolean forgotten;

    Entry(String key, ClosedLeads.Closed value, long at) {
      this.key = key;
      this.value = value;
      this.at = at;
    }
  }

  private static ClosedLeads.Closed kind(int arg) {
    String rep = arg % 5 == 0 ? null : "rep-" + (arg % 5);
    Segment segment = arg % 7 == 0 ? null : Segment.values()[arg % Segment.values().length];
    return new ClosedLeads.Closed(rep, Tier.values()[arg % Tier.values().length], segment);
  }

  @Property(tries = 400)
  void behavesLikeTheModel(@ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 1, max = 70) int capacity,
      @ForAll @IntRange(min = 1, max = 2000) int windowNanos) {
    AtomicLong clock = new AtomicLong(1_000);
    ClosedLeads closed = new ClosedLeads(Duration.ofNanos(windowNanos), capacity, clock::get, 1);
    List<Entry> log = new ArrayList<>();
    for (Op op : ops) {
      String key = "lead-" + op.key();
      switch (op.kind()) {
        case 0 -> {
          ClosedLeads.Closed c = kind(op.arg());
          closed.released(key, c.repId(), c.tier(), c.segment(), clock.get());
          log.add(new Entry(key, c, clock.get()));
        }
        case 1, 2 -> {
          Entry newest = null;
          for (int i = log.size() - 1; i >= Math.max(0, log.size() - capacity); i--) {
            if (log.get(i).key.equals(key)) {
              newest = log.get(i);
              break;
            }
          }
          boolean live = newest != null && !newest.forgotten && clock.get() - newest.at < windowNanos;
          assertThat(closed.of(key, op.kind() == 2)).as("%s", key).isEqualTo(live ? newest.value : null);
          if (live && op.kind() == 2) {
            newest.forgotten = true;
          }
        }
        default -> clock.addAndGet(op.arg());
      }
    }
  }

  @Test
  void manyStripesKeepEveryLeadOfABoundedBurst() {
    AtomicLong clock = new AtomicLong();
    ClosedLeads closed = new ClosedLeads(Duration.ofDays(90), 100_000, clock::get);
    for (int i = 0; i < 50_000; i++) {
      closed.released("lead-" + i, "rep-" + (i % 100), Tier.TIER_3, Segment.SMB, 0L);
    }
    for (int i = 0; i < 50_000; i++) {
      assertThat(closed.of("lead-" + i, true)).as("lead-%s", i)
          .isEqualTo(new ClosedLeads.Closed("rep-" + (i % 100), Tier.TIER_3, Segment.SMB));
    }
    assertThat(closed.of("lead-7", false)).isNull();
  }

  @Test
  void refusesAnEmptyWindow() {
    assertThatThrownBy(() -> new ClosedLeads(Duration.ZERO, 10, System::nanoTime))
        .hasMessageContaining("outcome window must be positive");
    assertThatThrownBy(() -> new ClosedLeads(Duration.ofDays(1), 0, System::nanoTime))
        .hasMessageContaining("maxLeads must be positive");
  }

  /**
   * A stripe takes its arrays at its first release (64 stripes of four entries were about 10 KB a router before its
   * first release): a lookup in a fresh memory allocates nothing, and each release allocates at most its own stripe.
   */
  @Test
  void aStripeHoldsNoArraysUntilItsFirstRelease() {
    AtomicLong clock = new AtomicLong(1_000);
    ClosedLeads closed = new ClosedLeads(Duration.ofDays(90), 100_000, clock::get);
    assertThat(closed.allocatedStripes()).isZero();
    assertThat(closed.of("lead-0", false)).isNull();
    assertThat(closed.of("lead-0", true)).isNull();
    assertThat(closed.allocatedStripes()).as("stripes after lookups only").isZero();
    for (int i = 0; i < 10; i++) {
      closed.released("lead-" + i, "rep-" + i, Tier.TIER_2, Segment.SMB, clock.get());
      assertThat(closed.allocatedStripes()).as("stripes after %d releases", i + 1).isBetween(1, i + 1);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(closed.of("lead-" + i, false)).isEqualTo(new ClosedLeads.Closed("rep-" + i, Tier.TIER_2, Segment.SMB));
    }
  }
}
