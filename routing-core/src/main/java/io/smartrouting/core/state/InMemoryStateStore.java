package io.smartrouting.core.state;

import io.smartrouting.api.Decision;
import io.smartrouting.core.internal.DecidedPlacements;
import io.smartrouting.core.internal.IdTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link RoutingStateStore}: lock-free counters and lock-striped placement tables in this JVM.
 * Thread-safe.
 */
public final class InMemoryStateStore implements RoutingStateStore {

  static {
    DecidedPlacements.Registry.register(s -> s instanceof InMemoryStateStore m ? m.decided : null);
  }

  /** What the router places and releases through (internal; not part of this type's API). */
  private final DecidedPlacements decided = new DecidedPlacements() {
    @Override
    public @Nullable Placement placeDecided(Decision decision, io.smartrouting.api.@Nullable Lead facts) {
      Objects.requireNonNull(decision.tier(), "a placed decision has a tier");
      return placeHeld(decision.leadId(), decision);
    }

    @Override
    public @Nullable Object releaseHeld(String leadId, long closedAtMillis) {
      Object held = remove(leadId);
      forgetContact(leadId, held, closedAtMillis);
      String repId = held == null ? null : DecidedPlacements.repIdOf(held);
      if (repId != null) {
        rep(repId).release(leadId);
      }
      return held;
    }
  };

  private final ConcurrentHashMap<String, Counter> reps = new ConcurrentHashMap<>();
  /**
   * Placements striped by lead id, each stripe a table under its own lock: every route adds one and every release
   * removes one, so one map's size counter made routing threads contend, and a map's node per placement was about 30
   * of a decision's 455 bytes of garbage. A lead the router placed is held as its {@link Decision} until the placement
   * is read or changes ({@link DecidedPlacements}): a {@link Placement} beside it was another 48.
   */
  private final Shard[] shards = new Shard[64];

  /** The placements of the leads whose id hashes here, each a {@link Placement} or a {@link Decision}; guarded by itself. */
  private static final class Shard {
    final IdTable<Object> table = new IdTable<>(DecidedPlacements::leadIdOf);
  }

  /**
   * The placements waiting in a queue, by lead id, written under the lead's shard lock with the shard's table: what
   * claims and the queue metrics read ({@link #queuedPlacements}), so that they cost what waits, not what is open (a
   * decision placing a lead with a rep pays one field read for it).
   */
  private final ConcurrentHashMap<String, Placement> queued = new ConcurrentHashMap<>();

  /** Keeps {@link #queued} in step with lead {@code leadId}'s placement {@code now} (null: gone); under its lock. */
  private void indexQueued(String leadId, @Nullable Object now) {
    if (now != null && DecidedPlacements.queueOf(now) != null) {
      queued.put(leadId, DecidedPlacements.placementOf(now));
    } else if (!queued.isEmpty()) {
      queued.remove(leadId);
    }
  }

  private static @Nullable Placement placementOrNull(@Nullable Object held) {
    return held == null ? null : DecidedPlacements.placementOf(held);
  }

  /** An empty store. */
  public InMemoryStateStore() {
    for (int i = 0; i < shards.length; i++) {
      shards[i] = new Shard();
    }
  }

  private Shard shard(int hash) {
    // The table uses the hash's low bits; the stripe takes the top ones.
    return shards[hash >>> 26];
  }

  @Override
  public RepState rep(String repId) {
    // A plain read first: computeIfAbsent locks the key's bin whenever the key is not the bin's first node, and
    // routing threads look reps up on every release.
    Counter c = reps.get(repId);
    return c != null ? c : reps.computeIfAbsent(repId, Counter::new);
  }

  @Override
  public @Nullable Placement placeIfAbsent(Placement placement) {
    return placeHeld(placement.leadId(), placement);
  }

  @Override
  public @Nullable Placement placeIfAbsent(Placement placement, io.smartrouting.api.@Nullable Lead facts) {
    return placeHeld(placement.leadId(), DecidedPlacements.keep(placement, facts));
  }

  /**
   * Keeps {@code lead}'s routing facts with its open placement (the lead object itself: this store is in the JVM);
   * does nothing if the lead is not open. A lead the router placed keeps the facts it was routed with without this.
   */
  @Override
  public void saveLead(io.smartrouting.api.Lead lead) {
    int hash = IdTable.hash(lead.id());
    Shard s = shard(hash);
    synchronized (s) {
      Object held = s.table.get(lead.id(), hash);
      if (held != null) {
        s.table.replace(held, new DecidedPlacements.Kept(DecidedPlacements.placementOf(held), lead), hash);
      }
    }
  }

  /**
   * The routing facts of an open lead: those it was routed with, or last saved with {@link #saveLead}; null if the
   * lead is not open or was placed without them.
   */
  @Override
  public io.smartrouting.api.@Nullable Lead savedLead(String leadId) {
    int hash = IdTable.hash(leadId);
    Shard s = shard(hash);
    synchronized (s) {
      Object held = s.table.get(leadId, hash);
      return held == null ? null : DecidedPlacements.factsOf(held);
    }
  }

  /** Holds {@code held} (a placement or a decision) for lead {@code leadId} unless it is held already. */
  private @Nullable Placement placeHeld(String leadId, Object held) {
    int hash = IdTable.hash(leadId);
    Shard s = shard(hash);
    synchronized (s) {
      Object before = s.table.get(leadId, hash);
      if (before == null) {
        s.table.add(held, hash);
        if (DecidedPlacements.queueOf(held) != null) {
          indexQueued(leadId, held);
        }
      }
      return placementOrNull(before);
    }
  }

  @Override
  public @Nullable Placement placement(String leadId) {
    int hash = IdTable.hash(leadId);
    Shard s = shard(hash);
    synchronized (s) {
      return placementOrNull(s.table.get(leadId, hash));
    }
  }

  @Override
  public @Nullable Placement markContacted(String leadId, java.time.Instant at) {
    Objects.requireNonNull(at, "at");
    int hash = IdTable.hash(leadId);
    Shard s = shard(hash);
    synchronized (s) {
      Object held = s.table.get(leadId, hash);
      Placement before = placementOrNull(held);
      if (before != null && before.contactedAt() == null) {
        s.table.replace(held, DecidedPlacements.keep(before.withContactedAt(at), DecidedPlacements.factsOf(held)),
            hash);
      }
      return before;
    }
  }

  @Override
  public boolean replacePlacement(Placement expected, Placement next) {
    if (!expected.leadId().equals(next.leadId())) {
      throw new IllegalArgumentException("replacePlacement must keep the lead id but had " + expected.leadId()
          + " and " + next.leadId());
    }
    int hash = IdTable.hash(expected.leadId());
    Shard s = shard(hash);
    synchronized (s) {
      Object held = s.table.get(expected.leadId(), hash);
      if (held == null || !DecidedPlacements.placementOf(held).equals(expected)) {
        return false;
      }
      // The lead's routing facts stay with it (a move saves new ones when it has them).
      s.table.replace(held, DecidedPlacements.keep(next, DecidedPlacements.factsOf(held)), hash);
      indexQueued(next.leadId(), next);
      return true;
    }
  }

  @Override
  public @Nullable Placement removePlacement(String leadId) {
    return removePlacement(leadId, -1);
  }

  /** {@link #removePlacement(String)}, remembering a contact's closed lead as closed at {@code closedAtMillis}. */
  private @Nullable Placement removePlacement(String leadId, long closedAtMillis) {
    Object held = remove(leadId);
    forgetContact(leadId, held, closedAtMillis);
    return placementOrNull(held);
  }

  @Override
  public @Nullable Placement releasePlacement(String leadId, java.time.Instant closedAt) {
    Placement p = removePlacement(leadId, closedAt.toEpochMilli());
    if (p != null && p.repId() != null) {
      rep(p.repId()).release(leadId);
    }
    return p;
  }

  @Override
  public java.util.concurrent.CompletableFuture<@Nullable Placement> releasePlacementAsync(String leadId,
      java.time.Instant closedAt) {
    return java.util.concurrent.CompletableFuture.completedFuture(releasePlacement(leadId, closedAt));
  }

  /**
   * Contact key to the open leads noted for it: one lead's id, or an array of ids, oldest first (a person rarely has
   * more than one lead open, so one is kept without an array); empty unless a router's chain reads contacts. Changed
   * only inside the map's atomic {@code compute}s.
   */
  private final ConcurrentHashMap<Long, Object> contactLeads = new ConcurrentHashMap<>();
  /**
   * Lead id to the keys it was noted under (a {@code Long}, the same as the key above, or a {@code Long[]} when a
   * router notes both a lead's contact and its company), so a release takes it off each list.
   */
  private final ConcurrentHashMap<String, Object> leadContacts = new ConcurrentHashMap<>();

  /** At most this many open leads are listed under one key, the latest: a large company's oldest fall off. */
  private static final int MAX_LEADS_PER_KEY = 64;

  @Override
  public boolean indexesContacts() {
    return true;
  }

  @Override
  public void noteContact(long contactKey, String leadId) {
    Objects.requireNonNull(leadId, "leadId");
    Long key = contactKey;
    leadContacts.merge(leadId, key, InMemoryStateStore::withKey);
    // Not capturing: a note allocates no function object, and a key's first lead is stored as it is.
    contactLeads.merge(key, leadId, InMemoryStateStore::withLastId);
  }

  /** The keys the lead leaves are those it was noted under here (this store keeps them), and {@code from}'s. */
  @Override
  public void moveContactNotes(String leadId, long[] from, long[] to, java.time.Instant at) {
    Objects.requireNonNull(leadId, "leadId");
    Object held = leadContacts.get(leadId);
    java.util.Set<Long> noted = new java.util.HashSet<>();
    if (held != null) {
      noted.addAll(held instanceof Long one ? List.of(one) : java.util.Arrays.asList((Long[]) held));
    }
    for (long key : from) {
      noted.add(key);
    }
    for (Long key : noted) {
      if (!contains(to, key)) {
        dropFromContact(key, leadId);
        leadContacts.computeIfPresent(leadId, (id, keys) -> without(keys, key, Long[]::new));
      }
    }
    for (long key : to) {
      noteContact(key, leadId);
    }
  }

  private static boolean contains(long[] keys, long key) {
    for (long k : keys) {
      if (k == key) {
        return true;
      }
    }
    return false;
  }

  /** {@link #withLast} as a merge function. */
  private static Object withLastId(Object held, Object leadId) {
    return withLast(held, (String) leadId);
  }

  /** The keys {@code held} (a {@code Long} or {@code Long[]}) with those of {@code added} (one {@code Long}). */
  private static Object withKey(Object held, Object added) {
    Long[] keys = held instanceof Long one ? new Long[] {one} : (Long[]) held;
    for (Long k : keys) {
      if (k.equals(added)) {
        return held;
      }
    }
    Long[] out = java.util.Arrays.copyOf(keys, keys.length + 1);
    out[keys.length] = (Long) added;
    return out;
  }

  /** {@code held} (null, an id or ids) with {@code leadId} last, and only once. */
  private static Object withLast(@Nullable Object held, String leadId) {
    Object others = held == null ? null : without(held, leadId, String[]::new);
    if (others == null) {
      return leadId;
    }
    String[] ids = others instanceof String one ? new String[] {one} : (String[]) others;
    int keep = Math.min(ids.length, MAX_LEADS_PER_KEY - 1);
    String[] out = java.util.Arrays.copyOfRange(ids, ids.length - keep, ids.length + 1);
    out[keep] = leadId;
    return out;
  }


  /**
   * {@code held} (one item, or an array of them: a key's lead ids, a lead's keys) without {@code item}; null when
   * nothing is left.
   */
  @SuppressWarnings("unchecked")
  private static <T> @Nullable Object without(Object held, T item, java.util.function.IntFunction<T[]> arrays) {
    if (!held.getClass().isArray()) {
      return held.equals(item) ? null : held;
    }
    T[] items = (T[]) held;
    T[] out = arrays.apply(items.length);
    int n = 0;
    for (T x : items) {
      if (!x.equals(item)) {
        out[n++] = x;
      }
    }
    return n == 0 ? null : n == 1 ? out[0] : java.util.Arrays.copyOf(out, n);
  }

  @Override
  public @Nullable Placement openLeadOfContact(long contactKey) {
    return latestHeld(contactKey, Map.of(), true);
  }

  /**
   * The placement of the latest lead noted under {@code contactKey} that is open and held by a rep, each lead in
   * {@code moved} counted as held by the rep it maps it to ({@code ""}: queued). A queued lead may still be drained, so
   * it keeps its place; a closed one is normally gone already, and with {@code dropClosed} one released while it was
   * being noted is dropped from the list here.
   */
  private @Nullable Placement latestHeld(long contactKey, Map<String, String> moved, boolean dropClosed) {
    Object held = contactLeads.get(contactKey);
    if (held == null) {
      return null;
    }
    String[] ids = held instanceof String ? null : (String[]) held;
    for (int i = ids == null ? 0 : ids.length - 1; i >= 0; i--) {
      String id = ids == null ? (String) held : ids[i];
      Placement p = placement(id);
      if (p == null) {
        if (dropClosed) {
          dropFromContact(contactKey, id);
        }
        continue;
      }
      String rep = moved.isEmpty() ? p.repId() : moved.getOrDefault(id, p.repId());
      if (rep != null && !rep.isEmpty()) {
        return p;
      }
    }
    return null;
  }

  /** Reads the contacts' lists as {@link #repsOfContacts} does, with each moved lead where {@code moved} puts it. */
  @Override
  public @Nullable String[] repsOfContactsAfter(long[] keys, java.time.@Nullable Instant[] closedSince,
      String excludedLeadId, java.util.Map<String, String> moved) {
    Objects.requireNonNull(moved, "moved");
    String[] reps = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      Placement open = latestHeld(keys[i], moved, false);
      String rep = open == null ? null : moved.getOrDefault(open.leadId(), open.repId());
      if (closedSince[i] == null) {
        reps[i] = open == null || open.leadId().equals(excludedLeadId) ? null : rep;
      } else if (open != null) {
        reps[i] = rep;
      } else {
        reps[i] = closedRepOfContact(keys[i], closedSince[i]);
      }
    }
    return reps;
  }

  /** Remembers a contact's closed lead if it is the latest; now and then forgets those older than {@code keep}. */
  private void rememberClosed(Long key, String leadId, String repId, long at, long keep) {
    closedContacts.merge(key, new ClosedContact(leadId, repId, at), (was, now) -> now.at() >= was.at() ? now : was);
    long latest = latestClosedAt.accumulateAndGet(at, Math::max);
    if (closedSinceSweep.incrementAndGet() >= 1024) {
      closedSinceSweep.set(0);
      closedContacts.values().removeIf(c -> c.at() < latest - keep);
    }
  }

  private void dropFromContact(Long contactKey, String leadId) {
    contactLeads.computeIfPresent(contactKey, (k, held) -> without(held, leadId, String[]::new));
  }

  /** A contact's latest closed lead: the lead, its last rep and when it closed (epoch milliseconds). */
  private record ClosedContact(String leadId, String repId, long at) {}

  /** Contact key to its latest closed lead, while {@link #closedContactsMillis} is set. */
  private final ConcurrentHashMap<Long, ClosedContact> closedContacts = new ConcurrentHashMap<>();
  /** How long a contact's closed lead is remembered (from its closing time); 0: not at all. */
  private volatile long closedContactsMillis;
  /** The latest closing time remembered, and records since the last sweep of old ones. */
  private final java.util.concurrent.atomic.AtomicLong latestClosedAt = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger closedSinceSweep =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * In memory, released leads themselves are not kept (the router keeps what outcomes need); what this asks for is
   * each contact's latest released lead with its last rep, for {@link #repOfContact}, for at least {@code window}.
   */
  @Override
  public synchronized void keepReleasedLeads(java.time.Duration window) {
    Objects.requireNonNull(window, "window must not be null");
    closedContactsMillis = Math.max(closedContactsMillis, window.toMillis());
  }

  @Override
  public boolean remembersClosedContacts() {
    return true;
  }

  /**
   * Forgets the lead's closed contacts (the only thing this store keeps of a released lead), reading every contact
   * remembered once: an erasure is rare.
   */
  @Override
  public boolean eraseLead(String leadId) {
    Objects.requireNonNull(leadId, "leadId must not be null");
    if (placement(leadId) != null) {
      throw new IllegalStateException("eraseLead: lead " + leadId + " is open; release it first");
    }
    return closedContacts.values().removeIf(c -> c.leadId().equals(leadId));
  }

  @Override
  public @Nullable String repOfContact(long contactKey, java.time.@Nullable Instant closedSince) {
    Placement open = openLeadOfContact(contactKey);
    if (open != null || closedSince == null) {
      return open == null ? null : open.repId();
    }
    return closedRepOfContact(contactKey, closedSince);
  }

  /** The last rep of the contact's latest lead closed at or after {@code closedSince}, or null. */
  private @Nullable String closedRepOfContact(long contactKey, java.time.Instant closedSince) {
    ClosedContact closed = closedContacts.get(contactKey);
    return closed != null && closed.at() >= closedSince.toEpochMilli() ? closed.repId() : null;
  }

  /**
   * Takes a lead off its contacts' lists; with a rep, remembers it as their latest closed lead, closed at
   * {@code closedAtMillis} (or, when that is -1, unknown, at its last assignment).
   */
  private void forgetContact(String leadId, @Nullable Object held, long closedAtMillis) {
    if (leadContacts.isEmpty()) {
      return;
    }
    Object keys = leadContacts.remove(leadId);
    if (keys == null) {
      return;
    }
    long keep = closedContactsMillis;
    String repId = held == null ? null : DecidedPlacements.repIdOf(held);
    long at = keep <= 0 || repId == null ? 0 : closedAtMillis >= 0 ? closedAtMillis
        : DecidedPlacements.placementOf(held).assignedAt().toEpochMilli();
    for (Long key : keys instanceof Long one ? new Long[] {one} : (Long[]) keys) {
      dropFromContact(key, leadId);
      if (keep > 0 && repId != null) {
        rememberClosed(key, leadId, repId, at, keep);
      }
    }
  }

  private @Nullable Object remove(String leadId) {
    int hash = IdTable.hash(leadId);
    Shard s = shard(hash);
    synchronized (s) {
      Object before = s.table.get(leadId, hash);
      if (before != null) {
        s.table.remove(before, hash);
        if (DecidedPlacements.queueOf(before) != null) {
          indexQueued(leadId, null);
        }
      }
      return before;
    }
  }


  @Override
  public Collection<Placement> placements() {
    ArrayList<Placement> out = new ArrayList<>();
    for (Shard s : shards) {
      synchronized (s) {
        s.table.forEach(held -> out.add(DecidedPlacements.placementOf(held)));
      }
    }
    return out;
  }

  /** The placements waiting in a queue, from this store's index of them (no pass over every open lead). */
  @Override
  public Collection<Placement> queuedPlacements() {
    return new ArrayList<>(queued.values());
  }

  /** One rep's counters. */
  private static final class Counter implements RepState {
    private static final java.lang.invoke.VarHandle OPEN;

    static {
      try {
        OPEN = java.lang.invoke.MethodHandles.lookup().findVarHandle(Counter.class, "open", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final String repId;
    private volatile int open;
    private long responses;
    private double responseSum;
    // Read on every scan by every routing thread: published without a lock (writes are rare and serialised).
    private volatile long publishedCount;
    private volatile double publishedSum;

    Counter(String repId) {
      this.repId = repId;
    }

    @Override
    public String repId() {
      return repId;
    }

    @Override
    public int openLeads() {
      return open;
    }

    @Override
    public boolean tryReserve(int limit) {
      while (true) {
        int current = open;
        if (current >= limit) {
          return false;
        }
        if (OPEN.compareAndSet(this, current, current + 1)) {
          return true;
        }
      }
    }

    /**
     * Per kind of period (day, week, month: {@link RepState#periodKind}), the latest period a capped reservation was
     * counted for and how many it counted then; made on the first one, guarded by this.
     */
    private long @Nullable [] countedPeriod;
    private int @Nullable [] countedTaken;

    @Override
    public boolean countsDays() {
      return true;
    }

    @Override
    public boolean countsSeveralPeriods() {
      return true;
    }

    /** The slot of period {@code period}'s kind, making the counts on first use; under this. */
    private int slot(long period) {
      if (countedPeriod == null) {
        countedPeriod = new long[] {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
        countedTaken = new int[3];
      }
      return RepState.periodKind(period);
    }

    /** Taken in {@code period} so far, or -1 if before the latest counted of its kind (not counted); under this. */
    private int counted(long period) {
      int k = slot(period);
      long latest = countedPeriod[k];
      return period < latest ? -1 : period == latest ? countedTaken[k] : 0;
    }

    /** Counts one more in {@code period}, which is not before the latest of its kind; under this. */
    private void count(long period, int before) {
      int k = slot(period);
      countedPeriod[k] = period;
      countedTaken[k] = before + 1;
    }

    @Override
    public boolean tryReserve(int limit, String leadId, long day, int dayCap) {
      if (dayCap <= 0) {
        return tryReserve(limit);
      }
      // Only capped reps pass here, so the lock costs nothing to the reservations of the others (which use the
      // compare-and-set alone and never touch the day's count).
      synchronized (this) {
        int taken = counted(day);
        if (taken < 0) {
          return tryReserve(limit); // an earlier period than the latest of its kind: not counted
        }
        if (taken >= dayCap || !tryReserve(limit)) {
          return false;
        }
        count(day, taken);
        return true;
      }
    }

    @Override
    public boolean tryReserve(int limit, String leadId, long[] periods, int[] caps) {
      synchronized (this) {
        for (int i = 0; i < periods.length; i++) {
          if (caps[i] > 0 && counted(periods[i]) >= caps[i]) {
            return false;
          }
        }
        if (!tryReserve(limit)) {
          return false;
        }
        for (int i = 0; i < periods.length; i++) {
          int taken = counted(periods[i]);
          if (caps[i] > 0 && taken >= 0) {
            count(periods[i], taken);
          }
        }
        return true;
      }
    }

    @Override
    public synchronized int takenOn(long day) {
      return countedPeriod == null ? 0 : Math.max(0, counted(day));
    }

    @Override
    public void forceReserve() {
      OPEN.getAndAdd(this, 1);
    }

    @Override
    public boolean release() {
      while (true) {
        int current = open;
        if (current <= 0) {
          return false;
        }
        if (OPEN.compareAndSet(this, current, current - 1)) {
          return true;
        }
      }
    }

    @Override
    public synchronized void recordResponseMinutes(double minutes) {
      RepState.checkResponseMinutes(minutes);
      responses++;
      responseSum += minutes;
      publishedSum = responseSum;
      publishedCount = responses;
    }

    @Override
    public double meanResponseMinutes(double priorMinutes) {
      return RepState.meanWithPrior(priorMinutes, publishedCount, publishedSum);
    }
  }
}
