package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import io.smartrouting.core.testing.Concurrently;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The idempotency and attribution window against a model of its contract: a value is returned until its window
 * passes, it is removed or replaced, or its stripe took {@code maxLeadIds} later writes; never a stale or foreign
 * value.
 */
class RecentWindowProperties {

  /**
   * One operation: 0 get, 1 putIfAbsent, 2 put, 3 remove, 4 advance the clock, 5 clear (with key 0; else advance the
   * clock); on one of a few keys.
   */
  record Op(int kind, int key, long advanceNanos) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 40),
        Arbitraries.longs().between(0, 400)).as(Op::new);
    return op.list().ofMinSize(1).ofMaxSize(600);
  }

  /** What the model knows of a key's latest write. */
  private record Written(int value, long at, long appendSeq) {}

  @Property(tries = 400)
  void behavesLikeTheModel(@ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 1, max = 70) int capacity,
      @ForAll @IntRange(min = 1, max = 2000) int windowNanos) {
    AtomicLong clock = new AtomicLong(1_000);
    RecentWindow<Integer> window = new RecentWindow<>(Duration.ofNanos(windowNanos), capacity, clock::get, 1);
    Map<Integer, Written> model = new HashMap<>();
    long appends = 0;
    int nextValue = 0;
    for (Op op : ops) {
      String key = "lead-" + op.key();
      long now = clock.get();
      Written w = model.get(op.key());
      // Evicted by the capacity-th write to the stripe after it.
      boolean live = w != null && now - w.at() < windowNanos && appends - w.appendSeq() <= capacity;
      Integer expected = live ? w.value() : null;
      switch (op.kind()) {
        case 0 -> assertThat(window.get(key)).as("get %s", key).isEqualTo(expected);
        case 1 -> {
          int v = nextValue++;
          assertThat(window.putIfAbsent(key, v)).as("putIfAbsent %s", key).isEqualTo(expected);
          if (!live) {
            model.put(op.key(), new Written(v, now, appends++));
          }
        }
        case 2 -> {
          int v = nextValue++;
          window.put(key, v);
          model.put(op.key(), new Written(v, now, appends++));
        }
        case 3 -> {
          assertThat(window.remove(key)).as("remove %s", key).isEqualTo(expected);
          model.remove(op.key());
        }
        case 5 -> {
          if (op.key() == 0) {
            window.clear();
            model.clear();
          } else {
            clock.addAndGet(op.advanceNanos());
          }
        }
        default -> clock.addAndGet(op.advanceNanos());
      }
      assertThat(window.size()).as("entries held").isLessThanOrEqualTo(capacity);
    }
  }

  @Test
  void growsFromSmallArraysToTheBoundAndKeepsEveryRecentId() {
    AtomicLong clock = new AtomicLong();
    RecentWindow<String> window = new RecentWindow<>(Duration.ofHours(1), 10_000, clock::get, 1);
    for (int i = 0; i < 25_000; i++) {
      assertThat(window.putIfAbsent("lead-" + i, "d" + i)).isNull();
    }
    assertThat(window.size()).isEqualTo(10_000);
    assertThat(window.get("lead-14999")).isNull();
    for (int i = 15_000; i < 25_000; i++) {
      assertThat(window.get("lead-" + i)).isEqualTo("d" + i);
    }
  }

  @Test
  void stripesShareTheBoundAndConcurrentWritersNeverLoseOrMixUpAFreshId() throws InterruptedException {
    AtomicLong clock = new AtomicLong();
    RecentWindow<String> window = new RecentWindow<>(Duration.ofHours(1), 1_000_000, clock::get, 8);
    assertThat(window.stripes()).isEqualTo(8);
    int threads = 4;
    int perThread = 50_000;
    AtomicInteger wrong = new AtomicInteger();
    Concurrently.run(threads, id -> {
      for (int i = 0; i < perThread; i++) {
        // Every thread writes every id: exactly one first writer wins, and all see the winner's value.
        String key = "lead-" + i;
        String mine = id + ":" + i;
        String prior = window.putIfAbsent(key, mine);
        String now = window.get(key);
        if (now == null || (prior != null && !prior.equals(now)) || !now.endsWith(":" + i)) {
          wrong.incrementAndGet();
        }
      }
    });
    assertThat(wrong.get()).isZero();
    assertThat(window.size()).isEqualTo(perThread);
  }

  @Test
  void rejectsANonPositiveWindowOrBound() {
    assertThatThrownBy(() -> new RecentWindow<String>(Duration.ZERO, 10, System::nanoTime))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    assertThatThrownBy(() -> new RecentWindow<String>(Duration.ofSeconds(1), 0, System::nanoTime))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLeadIds");
  }

  /**
   * A stripe takes its arrays at its first write, so a router per small tenant holds the arrays of the stripes its
   * leads fell in only (64 stripes of four slots were about 13 KB a window before its first lead): reads of a fresh
   * window allocate nothing, each write allocates at most its own stripe, and clearing gives the arrays back.
   */
  @Test
  void aStripeHoldsNoArraysUntilItsFirstWrite() {
    AtomicLong clock = new AtomicLong(1_000);
    RecentWindow<Integer> window = new RecentWindow<>(Duration.ofHours(1), 100_000, clock::get);
    assertThat(window.stripes()).isEqualTo(64);
    assertThat(window.allocatedStripes()).isZero();
    assertThat(window.get("lead-0")).isNull();
    assertThat(window.remove("lead-0")).isNull();
    assertThat(window.allocatedStripes()).as("stripes after reads only").isZero();
    for (int i = 0; i < 10; i++) {
      window.putIfAbsent("lead-" + i, i);
      assertThat(window.allocatedStripes()).as("stripes after %d writes", i + 1).isBetween(1, i + 1);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(window.get("lead-" + i)).isEqualTo(i);
    }
    window.clear();
    assertThat(window.allocatedStripes()).as("stripes after clear").isZero();
    assertThat(window.get("lead-3")).isNull();
    window.put("lead-3", 33);
    assertThat(window.get("lead-3")).isEqualTo(33);
  }
}
