package io.smartrouting.core.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The default {@link RoutingStateStore}: lock-free counters and concurrent maps in this JVM. Thread-safe. */
public final class InMemoryStateStore implements RoutingStateStore {

  private final ConcurrentHashMap<String, Counter> reps = new ConcurrentHashMap<>();
  /**
   * Placements sharded by lead id: every route puts one and every release removes one, and a single map's size
   * counter, updated on both, made routing threads contend.
   */
  @SuppressWarnings("unchecked")
  private final ConcurrentHashMap<String, Placement>[] shards = new ConcurrentHashMap[16];

  /** An empty store. */
  public InMemoryStateStore() {
    for (int i = 0; i < shards.length; i++) {
      shards[i] = new ConcurrentHashMap<>();
    }
  }

  private ConcurrentHashMap<String, Placement> shard(String leadId) {
    int h = leadId.hashCode();
    return shards[(h ^ (h >>> 16)) & (shards.length - 1)];
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
    return shard(placement.leadId()).putIfAbsent(placement.leadId(), placement);
  }

  @Override
  public @Nullable Placement placement(String leadId) {
    return shard(leadId).get(leadId);
  }

  @Override
  public @Nullable Placement markContacted(String leadId, java.time.Instant at) {
    Placement[] before = new Placement[1];
    shard(leadId).computeIfPresent(leadId, (id, p) -> {
      before[0] = p;
      return p.contactedAt() == null ? p.withContactedAt(at) : p;
    });
    return before[0];
  }

  @Override
  public boolean replacePlacement(Placement expected, Placement next) {
    if (!expected.leadId().equals(next.leadId())) {
      throw new IllegalArgumentException("replacePlacement must keep the lead id but had " + expected.leadId()
          + " and " + next.leadId());
    }
    return shard(expected.leadId()).replace(expected.leadId(), expected, next);
  }

  @Override
  public @Nullable Placement removePlacement(String leadId) {
    return shard(leadId).remove(leadId);
  }

  @Override
  public Collection<Placement> placements() {
    ArrayList<Placement> out = new ArrayList<>();
    for (ConcurrentHashMap<String, Placement> m : shards) {
      out.addAll(m.values());
    }
    return out;
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
