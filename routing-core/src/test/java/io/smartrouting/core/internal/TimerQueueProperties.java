package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.core.testing.Concurrently;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The SLA timer queue against a model (a sorted map by due instant, then lead id): arming, re-arming, disarming,
 * reading and polling in any order give the model's answers, so no deadline is lost, duplicated or fired early or out
 * of order. Lead ids are drawn from a small pool, so re-arms and removals inside long probe runs are common.
 */
class TimerQueueProperties {

  /** One operation: 0 arm, 1 disarm, 2 get, 3 poll overdue at {@code at}, 4 next due; on lead {@code key}. */
  record Op(int kind, int key, long at) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 4),
        Arbitraries.integers().between(0, 300), Arbitraries.longs().between(0, 50)).as(Op::new);
    return op.list().ofMinSize(1).ofMaxSize(1500);
  }

  private static final Map<Integer, Lead> LEADS = new ConcurrentHashMap<>();

  private static Lead lead(int key) {
    return LEADS.computeIfAbsent(key, k -> Lead.builder("lead-" + k).build());
  }

  private record Key(long due, String id) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : id.compareTo(o.id);
    }
  }

  @Property(tries = 300)
  void behavesAsASortedMapOfDeadlines(@ForAll("ops") List<Op> ops) {
    TimerQueue q = new TimerQueue();
    TreeMap<Key, Integer> order = new TreeMap<>();
    Map<Integer, Long> dueOf = new HashMap<>();
    for (Op op : ops) {
      Lead lead = lead(op.key());
      switch (op.kind()) {
        case 0 -> {
          Long old = dueOf.put(op.key(), op.at());
          if (old != null) {
            order.remove(new Key(old, lead.id()));
          }
          order.put(new Key(op.at(), lead.id()), op.key());
          if (op.key() % 2 == 0) {
            // A first deadline, read from the routing decision (both kinds share one heap).
            q.armFirst(lead, io.smartrouting.api.Decision.builder(lead.id()).rep("rep-" + op.key())
                .decidedBy("test").decidedAt(Instant.EPOCH).slaDeadline(Instant.ofEpochSecond(op.at())).build());
          } else {
            q.arm(lead, Instant.ofEpochSecond(op.at()), Set.of("rep-" + op.key()), op.key() % 3, Instant.EPOCH);
          }
        }
        case 1 -> {
          Long old = dueOf.remove(op.key());
          if (old != null) {
            order.remove(new Key(old, lead.id()));
          }
          TimerQueue.Timer t = q.disarm(lead.id());
          assertThat(t == null ? null : t.due().getEpochSecond()).isEqualTo(old);
        }
        case 2 -> {
          TimerQueue.Timer t = q.get(lead.id());
          assertThat(t == null ? null : t.due().getEpochSecond()).isEqualTo(dueOf.get(op.key()));
          assertThat(q.isArmed(lead.id())).isEqualTo(dueOf.containsKey(op.key()));
          if (t != null) {
            assertThat(t.lead()).isSameAs(lead);
            assertThat(t.holders()).containsExactly("rep-" + op.key());
            assertThat(t.breaches()).isEqualTo(op.key() % 2 == 0 ? 0 : op.key() % 3);
            assertThat(t.firstRoutedAt()).isEqualTo(Instant.EPOCH);
          }
        }
        case 3 -> {
          TimerQueue.Timer t = q.pollOverdue(Instant.ofEpochSecond(op.at()));
          Map.Entry<Key, Integer> first = order.firstEntry();
          if (first == null || first.getKey().due() >= op.at()) {
            assertThat(t).isNull();
          } else {
            assertThat(t).isNotNull();
            assertThat(t.lead().id()).isEqualTo(first.getKey().id());
            assertThat(t.due().getEpochSecond()).isEqualTo(first.getKey().due());
            order.remove(first.getKey());
            dueOf.remove(first.getValue());
          }
        }
        default -> {
          Instant next = q.nextDue();
          assertThat(next == null ? null : next.getEpochSecond())
              .isEqualTo(order.isEmpty() ? null : order.firstKey().due());
        }
      }
      assertThat(q.size()).isEqualTo(order.size());
    }
    // Drained in order, each once.
    List<String> drained = new ArrayList<>();
    for (TimerQueue.Timer t; (t = q.pollOverdue(Instant.ofEpochSecond(1000))) != null; ) {
      drained.add(t.lead().id());
    }
    assertThat(drained).containsExactlyElementsOf(order.keySet().stream().map(Key::id).toList());
    assertThat(q.size()).isZero();
  }

  @Test
  void aFirstDeadlineNeedsADecisionWithOne() {
    io.smartrouting.api.Decision none = io.smartrouting.api.Decision.builder("l").queue("q").decidedBy("test")
        .decidedAt(Instant.EPOCH).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TimerQueue().armFirst(lead(1), none))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no SLA deadline");
  }

  /**
   * An arm racing a poller, the way a decision arms a deadline while the router's tick polls: a poll reads each
   * stripe's published head and takes no lock when none is due. Here one thread arms a timer already due and waits for
   * the other, polling without pause, to fire it, then arms the next, 20,000 times. A head not published by its arm
   * (or, in a first design, a global lower bound that a poll finding nothing raised past an arm that had not needed
   * to lower it) leaves the timer unfired for as long as nothing else is armed: the test then fails on its ten-second
   * wait (long, so that a loaded machine's pauses are not taken for a miss; a missed timer never fires).
   */
  @Test
  void anArmRacingAPollerIsNeverMissed() throws Exception {
    TimerQueue q = new TimerQueue();
    int arms = 20_000;
    Instant now = Instant.ofEpochSecond(1_000);
    java.util.concurrent.atomic.AtomicReference<String> lastFired = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    AtomicInteger missed = new AtomicInteger();
    Concurrently.run(2, t -> {
      if (t == 1) {
        while (!done.get()) {
          TimerQueue.Timer timer = q.pollOverdue(now);
          if (timer != null) {
            lastFired.set(timer.lead().id());
          }
        }
        return;
      }
      try {
        for (int i = 0; i < arms && missed.get() == 0; i++) {
          Lead lead = lead(i % 300);
          q.arm(lead, Instant.ofEpochSecond(999 - i % 900), Set.of(), 0, Instant.EPOCH);
          long deadline = System.nanoTime() + 10_000_000_000L;
          while (!lead.id().equals(lastFired.get())) {
            if (System.nanoTime() > deadline) {
              missed.incrementAndGet();
              break;
            }
            Thread.onSpinWait();
          }
          lastFired.set(null);
        }
      } finally {
        done.set(true);
      }
    });
    assertThat(missed).as("arms whose timer the poller did not fire within ten seconds").hasValue(0);
    assertThat(q.size()).isZero();
  }

  @Test
  void concurrentArmsAndDisarmsLoseNothing() throws Exception {
    TimerQueue q = new TimerQueue();
    int perThread = 20_000;
    AtomicInteger fired = new AtomicInteger();
    // Four threads each arm their own leads, disarm every other one, and re-arm every third one later.
    Concurrently.run(4, t -> {
      for (int i = 0; i < perThread; i++) {
        Lead lead = Lead.builder("t" + t + "-" + i).build();
        q.arm(lead, Instant.ofEpochSecond(i % 97), Set.of(), 0, Instant.EPOCH);
        if (i % 2 == 0) {
          assertThat(q.disarm(lead.id())).isNotNull();
        } else if (i % 3 == 0) {
          q.arm(lead, Instant.ofEpochSecond(100 + i % 7), Set.of(), 1, Instant.EPOCH);
        }
      }
    });
    int armed = 4 * (perThread / 2);
    assertThat(q.size()).isEqualTo(armed);
    Instant last = Instant.MIN;
    for (TimerQueue.Timer t; (t = q.pollOverdue(Instant.ofEpochSecond(1000))) != null; ) {
      assertThat(t.due()).isAfterOrEqualTo(last);
      last = t.due();
      fired.incrementAndGet();
    }
    assertThat(fired.get()).isEqualTo(armed);
    assertThat(q.nextDue()).isNull();
  }
}
