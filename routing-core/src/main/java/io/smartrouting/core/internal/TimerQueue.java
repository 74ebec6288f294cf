package io.smartrouting.core.internal;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every armed first-contact deadline of one router, ordered by due instant, polled by one thread (or by the caller,
 * on a manual clock). At most one timer per lead. Thread-safe. Not API.
 *
 * <p>Routing threads arm and disarm timers on every Tier 1 and Tier 2 decision, so timers are striped by lead id and
 * each stripe is a binary heap (ordered by due instant, ties broken by lead id) with an open-addressing index from
 * lead id to heap slot, under the stripe's lock. Arming allocates the {@link Timer} and nothing else, and disarming
 * nothing: the ordered set and map this replaced allocated a node or two per timer in each and a marker node per
 * removal. Polling takes the earliest head over the stripes.
 */
public final class TimerQueue {

  /**
   * One armed deadline. Immutable to its readers; its slot in the heap is the queue's business. A lead's first
   * deadline is read from the decision that routed it (due at its SLA deadline, held by its rep, first routed at its
   * time, no reassignment yet), so arming one allocates this timer's three fields and nothing else; a deadline armed
   * again (a reassignment, a restart) keeps its own details.
   */
  public static final class Timer implements Comparable<Timer> {
    /** The routing {@link Decision}, or the {@link Rearmed} details. */
    private final Object from;
    private final Lead lead;
    /** Index in its stripe's heap while armed; guarded by the stripe's lock. */
    private int slot = -1;

    private Timer(Object from, Lead lead) {
      this.from = from;
      this.lead = Objects.requireNonNull(lead, "lead");
    }

    /** When the deadline passes. */
    public Instant due() {
      return from instanceof Decision d ? Objects.requireNonNull(d.slaDeadline()) : ((Rearmed) from).due;
    }

    /** The lead. */
    public Lead lead() {
      return lead;
    }

    /** Reps that held the lead so far (excluded when it is reassigned). */
    public Set<String> holders() {
      if (from instanceof Decision d) {
        String rep = d.repId();
        return rep == null ? Set.of() : Set.of(rep);
      }
      return ((Rearmed) from).holders;
    }

    /** First-contact deadlines the lead missed before this one (each moved it: a reassignment or an escalation). */
    public int breaches() {
      return from instanceof Decision ? 0 : ((Rearmed) from).breaches;
    }

    /** When the lead was first routed. */
    public Instant firstRoutedAt() {
      return from instanceof Decision d ? d.decidedAt() : ((Rearmed) from).firstRoutedAt;
    }

    @Override
    public int compareTo(Timer o) {
      int c = due().compareTo(o.due());
      // A lead has at most one timer, so its id breaks ties between timers due at the same instant.
      return c != 0 ? c : lead.id().compareTo(o.lead.id());
    }

    @Override
    public String toString() {
      return "Timer[lead=" + lead.id() + ", due=" + due() + ", breaches=" + breaches() + "]";
    }
  }

  /** A deadline armed with its own details. */
  private record Rearmed(Instant due, Set<String> holders, int breaches, Instant firstRoutedAt) {
    Rearmed {
      Objects.requireNonNull(due, "due");
      Objects.requireNonNull(firstRoutedAt, "firstRoutedAt");
    }
  }

  /** The timers of the leads whose id hashes here: a heap by due instant, and an index by lead id. */
  private static final class Stripe {
    /** The heap of a stripe never armed: empty and shared, so a router's 32 stripes take arrays as they are used. */
    private static final Timer[] NO_TIMERS = new Timer[0];

    Timer[] heap = NO_TIMERS;
    int size;
    final IdTable<Timer> index = new IdTable<>(t -> t.lead.id());
    /**
     * The head's due instant (epoch nanoseconds, {@link RecentWindow#epochNanos}; {@code Long.MAX_VALUE} when empty),
     * written under the lock whenever the head may change and read without it ({@link #HEAD_DUE}, release and
     * acquire), so that a poll with nothing due (every tick of an idle router) reads a field a stripe instead of taking
     * every stripe's lock.
     */
    @SuppressWarnings("unused") // through HEAD_DUE
    private long headDue = Long.MAX_VALUE;

    void add(Timer timer, int hash) {
      index.add(timer, hash);
      if (size == heap.length) {
        heap = java.util.Arrays.copyOf(heap, Math.max(4, size * 2));
      }
      put(size, timer);
      size++;
      siftUp(timer.slot);
      publishHead();
    }

    /** Publishes the head's due instant for {@link #pollOverdue}'s look without the lock (caller holds the lock). */
    private void publishHead() {
      HEAD_DUE.setRelease(this, size == 0 ? Long.MAX_VALUE : RecentWindow.epochNanos(heap[0].due()));
    }

    long headDue() {
      return (long) HEAD_DUE.getAcquire(this);
    }

    void remove(Timer timer, int hash) {
      index.remove(timer, hash);
      int at = timer.slot;
      int last = --size;
      Timer moved = heap[last];
      heap[last] = null;
      timer.slot = -1;
      if (at != last) {
        put(at, moved);
        siftDown(at);
        if (heap[at] == moved) {
          siftUp(at);
        }
      }
      publishHead();
    }

    private void siftUp(int k) {
      Timer x = heap[k];
      while (k > 0) {
        int parent = (k - 1) >>> 1;
        Timer p = heap[parent];
        if (x.compareTo(p) >= 0) {
          break;
        }
        put(k, p);
        k = parent;
      }
      put(k, x);
    }

    private void siftDown(int k) {
      Timer x = heap[k];
      int half = size >>> 1;
      while (k < half) {
        int child = 2 * k + 1;
        Timer c = heap[child];
        int right = child + 1;
        if (right < size && c.compareTo(heap[right]) > 0) {
          child = right;
          c = heap[child];
        }
        if (x.compareTo(c) <= 0) {
          break;
        }
        put(k, c);
        k = child;
      }
      put(k, x);
    }

    /** Puts {@code t} at heap index {@code k}, and tells it where it is. */
    private void put(int k, Timer t) {
      heap[k] = t;
      t.slot = k;
    }
  }

  private static final int STRIPES = 32;
  private static final java.lang.invoke.VarHandle HEAD_DUE;

  static {
    try {
      HEAD_DUE = java.lang.invoke.MethodHandles.privateLookupIn(Stripe.class, java.lang.invoke.MethodHandles.lookup())
          .findVarHandle(Stripe.class, "headDue", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Stripe[] stripes = new Stripe[STRIPES];

  public TimerQueue() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  private Stripe stripeOf(int hash) {
    // The index uses the hash's low bits too; the stripe takes bits the index uses last.
    return stripes[(hash >>> 27) & (STRIPES - 1)];
  }

  /** Arms (or re-arms) the deadline of {@code lead}. */
  public void arm(Lead lead, Instant due, Set<String> holders, int breaches, Instant firstRoutedAt) {
    arm(new Timer(new Rearmed(due, Set.copyOf(holders), breaches, firstRoutedAt), lead));
  }

  /**
   * Arms the first deadline of {@code lead}, routed by {@code decision}: due at its SLA deadline (not null), held by
   * its rep (none for a queue), first routed when it was decided, no reassignment yet.
   */
  public void armFirst(Lead lead, Decision decision) {
    if (decision.slaDeadline() == null) {
      throw new IllegalArgumentException("decision for lead " + decision.leadId() + " has no SLA deadline");
    }
    arm(new Timer(decision, lead));
  }

  private void arm(Timer t) {
    Lead lead = t.lead;
    int hash = IdTable.hash(lead.id());
    Stripe s = stripeOf(hash);
    synchronized (s) {
      Timer old = s.index.get(lead.id(), hash);
      if (old != null) {
        s.remove(old, hash);
      }
      s.add(t, hash);
    }
  }

  /** True if a deadline is armed for lead {@code leadId}. */
  public boolean isArmed(String leadId) {
    return get(leadId) != null;
  }

  /** Disarms the deadline of lead {@code leadId}; returns the timer that was armed, or null. */
  public @Nullable Timer disarm(String leadId) {
    int hash = IdTable.hash(leadId);
    Stripe s = stripeOf(hash);
    synchronized (s) {
      Timer t = s.index.get(leadId, hash);
      if (t != null) {
        s.remove(t, hash);
      }
      return t;
    }
  }

  /** The armed timer of a lead, or null. */
  public @Nullable Timer get(String leadId) {
    int hash = IdTable.hash(leadId);
    Stripe s = stripeOf(hash);
    synchronized (s) {
      return s.index.get(leadId, hash);
    }
  }

  /** Removes and returns one timer that is due strictly before {@code now}, or null if none is. */
  public @Nullable Timer pollOverdue(Instant now) {
    long nowKey = RecentWindow.epochNanos(now);
    boolean anyDue = false;
    for (Stripe s : stripes) {
      if (s.headDue() < nowKey) {
        anyDue = true;
        break;
      }
    }
    if (!anyDue) {
      return null; // no stripe's head is due: nothing is (what an arm publishes before it returns is seen here)
    }
    while (true) {
      Stripe from = null;
      Timer first = null;
      for (Stripe s : stripes) {
        Timer head;
        synchronized (s) {
          head = s.size == 0 ? null : s.heap[0];
        }
        if (head != null && (first == null || head.compareTo(first) < 0)) {
          first = head;
          from = s;
        }
      }
      if (first == null || !first.due().isBefore(now)) {
        return null;
      }
      synchronized (from) {
        // Still armed and still this stripe's earliest: take it. Otherwise another thread moved it; look again.
        if (from.size > 0 && from.heap[0] == first) {
          from.remove(first, IdTable.hash(first.lead.id()));
          return first;
        }
      }
    }
  }

  /** The earliest due instant, or null when nothing is armed. */
  public @Nullable Instant nextDue() {
    Instant earliest = null;
    for (Stripe s : stripes) {
      Timer head;
      synchronized (s) {
        head = s.size == 0 ? null : s.heap[0];
      }
      if (head != null && (earliest == null || head.due().isBefore(earliest))) {
        earliest = head.due();
      }
    }
    return earliest;
  }

  /** Number of armed timers. */
  public int size() {
    int n = 0;
    for (Stripe s : stripes) {
      synchronized (s) {
        n += s.size;
      }
    }
    return n;
  }
}
