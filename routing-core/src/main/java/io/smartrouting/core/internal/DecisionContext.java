package io.smartrouting.core.internal;

import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.spi.CandidateSet;
import io.smartrouting.spi.RoutingContext;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The {@link RoutingContext} of one decision; reused per thread, valid during one strategy call. Not API. */
final class DecisionContext implements RoutingContext {
  RosterSnapshot snapshot;
  LeadFacts facts;
  Lead lead;
  Classification classification;
  @Nullable Account account;
  final BitCandidateSet candidates = new BitCandidateSet(new long[0]);
  final BitCandidateSet ignoringCapacity = new BitCandidateSet(new long[0]);
  boolean specialistsMissing;
  Instant now;
  /** Availability at {@link #now}. */
  long[] available = new long[0];
  io.smartrouting.core.learning.@Nullable ConversionModel learning;
  boolean exploring;
  boolean preview;
  io.smartrouting.spi.@Nullable RoundRobinTurns turns;
  /** Account, region and country bitsets of the lead's territory, filled on first use (reused per thread). */
  private final long[][] territoryWords = new long[3][];
  private long @Nullable [][] territoryBits;
  private boolean territoryResolved;
  /** The decision's trace, for {@link #exclusionReason(int)}. */
  @Nullable TraceRecorder trace;

  /** The store, for {@link #sameContactHolder()}, when a step reads contacts; else null. */
  io.smartrouting.core.state.@Nullable RoutingStateStore contacts;
  private int contactHolder;
  private boolean contactResolved;
  /** {@link #sameContactHolder(java.time.Duration)}'s answer and the look-back it was asked with (null: not asked). */
  private int recentHolder;
  private java.time.@Nullable Duration recentAsked;

  /** Forgets what was resolved for the previous lead. */
  void resetLead() {
    territoryBits = null;
    territoryResolved = false;
    contactResolved = false;
    recentAsked = null;
  }

  @Override
  public int sameContactHolder() {
    if (!contactResolved) {
      contactResolved = true;
      contactHolder = -1;
      long key = contacts == null ? 0 : KeyHash.contact(lead.email());
      io.smartrouting.core.state.Placement p = key == 0 ? null : contacts.openLeadOfContact(key);
      if (p != null && p.repId() != null && !p.leadId().equals(lead.id())) {
        contactHolder = snapshot.ordinalOf(p.repId());
      }
    }
    return contactHolder;
  }

  @Override
  public int sameContactHolder(java.time.Duration closedWithin) {
    if (closedWithin.isZero() || closedWithin.isNegative()) {
      return sameContactHolder();
    }
    if (!closedWithin.equals(recentAsked)) {
      recentAsked = closedWithin;
      recentHolder = -1;
      long key = contacts == null ? 0 : KeyHash.contact(lead.email());
      String rep = key == 0 ? null : contacts.repOfContact(key, now.minus(closedWithin));
      if (rep != null) {
        recentHolder = snapshot.ordinalOf(rep);
      }
    }
    return recentHolder;
  }

  @Override
  public Lead lead() {
    return lead;
  }

  @Override
  public Tier tier() {
    return classification.tier;
  }

  @Override
  public Segment segment() {
    return classification.segment;
  }

  @Override
  public @Nullable Account account() {
    return account;
  }

  @Override
  public CandidateSet candidates() {
    return candidates;
  }

  @Override
  public CandidateSet candidatesIgnoringCapacity() {
    return ignoringCapacity;
  }

  @Override
  public boolean specialistsMissing() {
    return specialistsMissing;
  }

  @Override
  public int rosterSize() {
    return snapshot.size();
  }

  @Override
  public long rosterVersion() {
    return snapshot.version;
  }

  @Override
  public Rep rep(int ordinal) {
    return snapshot.reps[ordinal];
  }

  @Override
  public int ordinalOf(String repId) {
    return snapshot.ordinalOf(repId);
  }

  @Override
  public io.smartrouting.spi.TerritoryMatch territoryMatch(int ordinal) {
    if (!territoryResolved) {
      territoryBits = snapshot.territoryBits(facts, territoryWords) ? territoryWords : null;
      territoryResolved = true;
    }
    return snapshot.territoryMatch(territoryBits, ordinal);
  }

  @Override
  public boolean isAvailable(int ordinal) {
    return Bits.get(available, ordinal);
  }

  @Override
  public boolean hasHeadroom(int ordinal) {
    return snapshot.openLeads(ordinal) < snapshot.admitLimit[ordinal];
  }

  @Override
  public int openLeads(int ordinal) {
    return snapshot.openLeads(ordinal);
  }

  @Override
  public double loadRatio(int ordinal) {
    return snapshot.loadRatio(ordinal);
  }

  @Override
  public double responseMinutes(int ordinal) {
    return snapshot.responseMinutes(ordinal);
  }

  @Override
  public long responseChanges() {
    return snapshot.responseChanges();
  }

  @Override
  public int responseChangesSince(long since, int[] out) {
    return snapshot.responseChangesSince(since, out);
  }

  @Override
  public double conversionRate(int ordinal, Segment segment) {
    io.smartrouting.core.learning.ConversionModel m = learning;
    return m == null ? Double.NaN : m.score(snapshot.reps[ordinal].id(), segment, null, false);
  }

  @Override
  public double performance(int ordinal) {
    io.smartrouting.core.learning.ConversionModel m = learning;
    return m == null ? Double.NaN
        : m.score(snapshot.reps[ordinal].id(), classification.segment, facts.industry, exploring);
  }

  @Override
  public io.smartrouting.spi.@Nullable RoundRobinTurns sharedTurns() {
    return turns;
  }

  @Override
  public boolean isPreview() {
    return preview;
  }

  @Override
  public boolean exploring() {
    return exploring;
  }

  @Override
  public Instant now() {
    return now;
  }

  @Override
  public @Nullable String exclusionReason(int ordinal) {
    if (candidates.contains(ordinal)) {
      return null;
    }
    TraceRecorder t = trace;
    String why = t == null ? null : t.whyExcluded(ordinal);
    return why != null ? why : "not a candidate";
  }

  @Override
  public @Nullable Account account(String accountId) {
    return snapshot.accounts.byId(accountId);
  }
}
