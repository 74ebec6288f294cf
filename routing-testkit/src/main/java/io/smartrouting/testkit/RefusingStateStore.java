package io.smartrouting.testkit;

import io.smartrouting.core.state.RepState;
import java.util.HashSet;
import java.util.Set;

/**
 * A state store for tests: in memory, and refusing the reservations it is told to refuse, once each, as a concurrent
 * decision that took a rep's last unit between a strategy's pick and the reservation would. The router then tells the
 * step ({@link io.smartrouting.spi.RoutingStrategy#assignmentRefused}) and applies it again without that rep, which is
 * what a test of a stateful strategy wants to provoke without racing threads. Thread-safe.
 */
public final class RefusingStateStore extends ForwardingStore {

  private final Set<String> refuse = new HashSet<>();
  private boolean refuseNext;
  private int refusals;

  /** An empty store that refuses nothing until told to. */
  public RefusingStateStore() {}

  /**
   * Refuses the next reservation for rep {@code repId} (once; a second call before it is used changes nothing).
   *
   * @param repId the rep whose next reservation fails
   */
  public synchronized void refuseOnce(String repId) {
    refuse.add(java.util.Objects.requireNonNull(repId, "repId must not be null"));
  }

  /** Refuses the next reservation for any rep (once). */
  public synchronized void refuseNext() {
    refuseNext = true;
  }

  /**
   * Withdraws every refusal not used yet; true if there was one.
   *
   * @return true if a refusal was withdrawn
   */
  public synchronized boolean withdraw() {
    boolean any = refuseNext || !refuse.isEmpty();
    refuse.clear();
    refuseNext = false;
    return any;
  }

  /**
   * How many reservations this store has refused so far.
   *
   * @return the refusals made
   */
  public synchronized int refusals() {
    return refusals;
  }

  private synchronized boolean refused(String repId) {
    if (refuseNext || refuse.remove(repId)) {
      refuseNext = false;
      refusals++;
      return true;
    }
    return false;
  }

  @Override
  public RepState rep(String repId) {
    RepState state = super.rep(repId);
    return new RepState() {
      @Override
      public String repId() {
        return state.repId();
      }

      @Override
      public int openLeads() {
        return state.openLeads();
      }

      @Override
      public boolean tryReserve(int limit) {
        return !refused(repId) && state.tryReserve(limit);
      }

      @Override
      public boolean tryReserve(int limit, String leadId) {
        return !refused(repId) && state.tryReserve(limit, leadId);
      }

      @Override
      public boolean countsDays() {
        return state.countsDays();
      }

      @Override
      public boolean countsSeveralPeriods() {
        return state.countsSeveralPeriods();
      }

      @Override
      public int takenOn(long day) {
        return state.takenOn(day);
      }

      @Override
      public boolean tryReserve(int limit, String leadId, long day, int dayCap) {
        return !refused(repId) && state.tryReserve(limit, leadId, day, dayCap);
      }

      @Override
      public boolean tryReserve(int limit, String leadId, long[] periods, int[] caps) {
        return !refused(repId) && state.tryReserve(limit, leadId, periods, caps);
      }

      @Override
      public void forceReserve() {
        state.forceReserve();
      }

      @Override
      public void forceReserve(String leadId) {
        state.forceReserve(leadId);
      }

      @Override
      public boolean release() {
        return state.release();
      }

      @Override
      public boolean release(String leadId) {
        return state.release(leadId);
      }

      @Override
      public void recordResponseMinutes(double minutes) {
        state.recordResponseMinutes(minutes);
      }

      @Override
      public double meanResponseMinutes(double priorMinutes) {
        return state.meanResponseMinutes(priorMinutes);
      }
    };
  }
}
