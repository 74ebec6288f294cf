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
  /** In a preview of several moves: the leads the earlier moves would add to (or take from) each ordinal; else null. */
  int @Nullable [] previewed;
  /** In a preview of several moves: its session, where strategies keep state for the rest of it; else null. */
  @Nullable PreviewSession session;
  io.smartrouting.spi.@Nullable RoundRobinTurns turns;
  /** Region and country bitsets of the lead's territory, filled on first use (reused per thread). */
  private final long[][] territoryWords = new long[2][];
  private long @Nullable [][] territoryBits;
  /** The reps covering the lead's account as a named account and its postal code, with {@link #territoryBits}. */
  private int @Nullable [] territoryNamed;
  private int @Nullable [] territoryPostal;
  private boolean territoryResolved;
  /** The decision's trace, for {@link #exclusionReason(int)}. */
  @Nullable TraceRecorder trace;

  /** The store, for {@link #sameContactHolder()}, when a step reads contacts; else null. */
  io.smartrouting.core.state.@Nullable RoutingStateStore contacts;
  /** The store, for {@link #sameCompanyHolder()}, when a step reads companies; else null. */
  io.smartrouting.core.state.@Nullable RoutingStateStore companies;
  /** The answers about the lead's contact and about its company, resolved on first use. */
  private final Holders contactHolders = new Holders();
  private final Holders companyHolders = new Holders();
  private long companyKey;
  private boolean companyKeyResolved;
  /**
   * When the chain reads both contacts and companies, how far back each looks ({@code [contact, company]}): the first
   * question asks the store about both keys at once; else null.
   */
  java.time.Duration @Nullable [] bothWithin;
  private boolean bothAsked;

  /**
   * Drops every reference the last decision left here (its snapshot, lead, account, trace, store and model), keeping
   * only the buffers: a routing thread's context then keeps no roster alive after the router moved on to a new one or
   * was closed (a thread-local entry outlives its router until the thread's map drops it).
   */
  void forget() {
    resetLead();
    territoryWords[0] = null;
    territoryWords[1] = null;
    snapshot = null;
    facts = null;
    lead = null;
    classification = null;
    account = null;
    now = null;
    available = NO_WORDS;
    learning = null;
    previewed = null;
    session = null;
    turns = null;
    trace = null;
    contacts = null;
    companies = null;
    bothWithin = null;
  }

  private static final long[] NO_WORDS = new long[0];

  /** Forgets what was resolved for the previous lead. */
  void resetLead() {
    territoryBits = null;
    territoryNamed = null;
    territoryPostal = null;
    territoryResolved = false;
    contactHolders.reset();
    companyHolders.reset();
    companyKeyResolved = false;
    bothAsked = false;
  }

  /**
   * In a preview of several moves that has previewed some: where they would put their leads, by lead id, for the
   * store's notes to be read as those moves would leave them; else null.
   */
  private java.util.@Nullable Map<String, String> previewedMoves() {
    PreviewSession s = session;
    return s == null || s.movedReps().isEmpty() ? null : s.movedReps();
  }

  /**
   * Once per decision, when the chain reads both: the contact's and the company's holders in one store call, kept as
   * the answers to the looks-back the chain's steps ask with (another look-back asks on its own).
   */
  private void askBoth() {
    java.time.Duration[] within = bothWithin;
    if (bothAsked || within == null || contacts == null) {
      return;
    }
    bothAsked = true;
    long contact = KeyHash.contact(lead.email());
    long company = companyKey();
    if (contact == 0 || company == 0) {
      return; // one key at most: each question asks alone
    }
    Instant[] since = {within[0].isZero() ? null : now.minus(within[0]),
        within[1].isZero() ? null : now.minus(within[1])};
    java.util.Map<String, String> moved = previewedMoves();
    long[] keys = {contact, company};
    String[] reps = moved == null ? contacts.repsOfContacts(keys, since, lead.id())
        : contacts.repsOfContactsAfter(keys, since, lead.id(), moved);
    contactHolders.answered(within[0], reps[0] == null ? -1 : snapshot.ordinalOf(reps[0]));
    companyHolders.answered(within[1], reps[1] == null ? -1 : snapshot.ordinalOf(reps[1]));
  }

  /**
   * The lead's company key as its colleagues are looked up: by its domain ({@link AccountDirectory#companyKey}), or by
   * its company's name when no domain names a company ({@link AccountDirectory#companyNameKey}, free mail); 0 if
   * neither. Computed once per lead.
   */
  long companyKey() {
    if (!companyKeyResolved) {
      companyKeyResolved = true;
      companyByDomain = snapshot.accounts.companyKey(lead);
      companyByName = snapshot.accounts.companyNameKey(lead);
      companyKey = companyByDomain != 0 ? companyByDomain : companyByName;
    }
    return companyKey;
  }

  /**
   * The key by the company's name ({@link AccountDirectory#companyNameKey}) a lead is noted under beside its domain's,
   * so that a colleague writing from free mail finds it; 0 if it has no usable name, or if that is already
   * {@link #companyKey()}.
   */
  long companyNameKeyToNote() {
    companyKey();
    return companyByName != companyKey ? companyByName : 0;
  }

  private long companyByDomain;
  private long companyByName;

  @Override
  public boolean sameCompanyByName() {
    return companies != null && companyKey() != 0 && companyByDomain == 0;
  }

  @Override
  public int sameContactHolder() {
    askBoth();
    return contactHolders.open(contacts == null ? 0 : KeyHash.contact(lead.email()), contacts);
  }

  @Override
  public int sameContactHolder(java.time.Duration closedWithin) {
    askBoth();
    return contactHolders.recent(contacts == null ? 0 : KeyHash.contact(lead.email()), contacts, closedWithin);
  }

  @Override
  public int sameCompanyHolder() {
    askBoth();
    return companyHolders.open(companies == null ? 0 : companyKey(), companies);
  }

  @Override
  public int sameCompanyHolder(java.time.Duration closedWithin) {
    askBoth();
    return companyHolders.recent(companies == null ? 0 : companyKey(), companies, closedWithin);
  }

  /**
   * The reps holding earlier leads under one key (the lead's contact, or its company), asked of the store at most
   * once per decision for open leads and once per look-back.
   */
  private final class Holders {
    private boolean openResolved;
    private int openHolder;
    /** {@link #recent}'s answer and the look-back it was asked with (null: not asked). */
    private java.time.@Nullable Duration recentAsked;
    private int recentHolder;

    void reset() {
      openResolved = false;
      recentAsked = null;
    }

    /** Takes {@code holder} as the answer for look-back {@code within} (zero: open leads only). */
    void answered(java.time.Duration within, int holder) {
      if (within.isZero()) {
        openResolved = true;
        openHolder = holder;
      } else {
        recentAsked = within;
        recentHolder = holder;
      }
    }

    /** The rep of the latest other lead open with a rep under {@code key} (0: none), or -1. */
    int open(long key, io.smartrouting.core.state.@Nullable RoutingStateStore store) {
      if (!openResolved) {
        openResolved = true;
        openHolder = -1;
        if (key == 0 || store == null) {
          return openHolder;
        }
        java.util.Map<String, String> moved = previewedMoves();
        if (moved != null) {
          String rep = store.repsOfContactsAfter(new long[] {key}, new Instant[1], lead.id(), moved)[0];
          openHolder = rep == null ? -1 : snapshot.ordinalOf(rep);
          return openHolder;
        }
        io.smartrouting.core.state.Placement p = store.openLeadOfContact(key);
        if (p != null && p.repId() != null && !p.leadId().equals(lead.id())) {
          openHolder = snapshot.ordinalOf(p.repId());
        }
      }
      return openHolder;
    }

    /** {@link #open}, else the rep of the latest lead under {@code key} routed within {@code closedWithin}. */
    int recent(long key, io.smartrouting.core.state.@Nullable RoutingStateStore store,
        java.time.Duration closedWithin) {
      if (closedWithin.isZero() || closedWithin.isNegative()) {
        return open(key, store);
      }
      if (!closedWithin.equals(recentAsked)) {
        recentAsked = closedWithin;
        recentHolder = -1;
        java.util.Map<String, String> moved = previewedMoves();
        Instant since = now.minus(closedWithin);
        String rep = key == 0 || store == null ? null : moved == null ? store.repOfContact(key, since)
            : store.repsOfContactsAfter(new long[] {key}, new Instant[] {since}, lead.id(), moved)[0];
        if (rep != null) {
          recentHolder = snapshot.ordinalOf(rep);
        }
      }
      return recentHolder;
    }
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
      territoryNamed = snapshot.namedAccountReps(facts);
      territoryPostal = snapshot.postalCodeReps(facts);
      territoryResolved = true;
    }
    return snapshot.territoryMatch(territoryBits, territoryNamed, territoryPostal, ordinal);
  }

  @Override
  public boolean isAvailable(int ordinal) {
    return Bits.get(available, ordinal);
  }

  @Override
  public boolean hasHeadroom(int ordinal) {
    return openLeads(ordinal) < snapshot.admitLimit[ordinal];
  }

  @Override
  public int openLeads(int ordinal) {
    int[] p = previewed;
    return p == null ? snapshot.openLeads(ordinal) : snapshot.openLeads(ordinal) + p[ordinal];
  }

  @Override
  public double loadRatio(int ordinal) {
    int[] p = previewed;
    if (p == null || p[ordinal] == 0) {
      return snapshot.loadRatio(ordinal);
    }
    int capacity = snapshot.capacity(ordinal);
    return capacity <= 0 ? 1.0 : (double) (snapshot.openLeads(ordinal) + p[ordinal]) / capacity;
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
  public <T> @Nullable T previewState(Object key, java.util.function.Supplier<T> initial) {
    PreviewSession s = session;
    return s == null ? null : s.state(key, initial);
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
    String why = t == null ? null : t.whyExcluded(snapshot, ordinal);
    return why != null ? why : "not a candidate";
  }

  @Override
  public @Nullable Account account(String accountId) {
    return snapshot.accounts.byId(accountId);
  }
}
