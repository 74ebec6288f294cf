package io.smartrouting.core.internal;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ClassificationPolicy;
import io.smartrouting.core.state.PlaceResult;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.RepState;
import io.smartrouting.core.state.RoutingStateStore;
import io.smartrouting.spi.CandidateSet;
import io.smartrouting.spi.StrategyResult;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One decision, end to end: match account, classify, qualify on the index, run the chain, reserve capacity
 * atomically (re-picking on a lost race), fall back, place the lead. Thread-safe; never drops a lead. Not API.
 */
public final class Pipeline {

  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  /** How often one step may re-pick after losing a capacity race before the chain moves on. */
  static final int MAX_RESERVE_ATTEMPTS = 8;

  /** {@link Decision#decidedBy()} of a decision that describes a placement made earlier or elsewhere. */
  public static final String EXISTING_PLACEMENT = "existing-placement";

  private static final Flag[] FLAGS = Flag.values();

  /** True if {@code d} placed nothing itself but describes an existing placement. */
  public static boolean isExistingPlacement(Decision d) {
    return EXISTING_PLACEMENT.equals(d.decidedBy());
  }

  /** What happens when no step assigns. */
  public enum Fallback { QUEUE, MANAGER_THEN_QUEUE }

  private final CompiledStep[] steps;
  /** {@link #steps} as the traces keep them ({@link CompiledStep#forExplanations}). */
  private final CompiledStep[] explainedSteps;
  private final ClassificationPolicy policy;
  private final RoutingStateStore store;
  /** The store's view that keeps decisions as placements (the in-memory store), or null. */
  private final @Nullable DecidedPlacements keepsDecisions;
  private final String fallbackQueue;
  private final Fallback fallback;
  private final EnumMap<Tier, Duration> sla;
  private final io.smartrouting.core.learning.@Nullable ConversionModel learning;
  /** True unless the store keeps the decision itself: every placement is written with the lead's routing facts. */
  private final boolean saveEveryLead;
  private final io.smartrouting.spi.@Nullable RoundRobinTurns turns;
  /** The store's turns taken with the placement write, for deferred decisions; null if it has none. */
  private final io.smartrouting.spi.@Nullable RoundRobinTurns turnsWithPlacement;
  private final io.smartrouting.core.AfterHoursPolicy afterHours;
  /** Tiers whose first-contact deadline counts the holder's working time. */
  private final java.util.EnumSet<Tier> businessHours;
  /**
   * A thread's scratches, shared by every pipeline (every router) it decides for: at most {@link #SLOTS}, the most
   * recently used first, each sized to the roster it last served ({@link #acquire}). Until 7 December each pipeline
   * kept two of its own per thread, so a vendor with a router per tenant paid tenants times threads of them.
   */
  private static final ThreadLocal<Scratch[]> SCRATCHES = ThreadLocal.withInitial(() -> new Scratch[Pipeline.SLOTS]);
  /** Scratches a thread keeps: enough for the roster sizes a thread serves in turn and a few nested decisions. */
  private static final int SLOTS = 8;
  /** Whether a lead with a country and no region may reach the reps of any region of its country. */
  private boolean regionlessReachRegions;

  public Pipeline(List<CompiledStep> steps, ClassificationPolicy policy, RoutingStateStore store,
      String fallbackQueue, Fallback fallback, Map<Tier, Duration> sla,
      io.smartrouting.core.learning.@Nullable ConversionModel learning,
      io.smartrouting.core.AfterHoursPolicy afterHours) {
    this(steps, policy, store, fallbackQueue, fallback, sla, learning, afterHours, java.util.EnumSet.allOf(Tier.class));
  }

  public Pipeline(List<CompiledStep> steps, ClassificationPolicy policy, RoutingStateStore store,
      String fallbackQueue, Fallback fallback, Map<Tier, Duration> sla,
      io.smartrouting.core.learning.@Nullable ConversionModel learning,
      io.smartrouting.core.AfterHoursPolicy afterHours, java.util.Set<Tier> businessHoursTiers) {
    this.businessHours = businessHoursTiers.isEmpty() ? java.util.EnumSet.noneOf(Tier.class)
        : java.util.EnumSet.copyOf(businessHoursTiers);
    this.afterHours = afterHours;
    this.steps = steps.toArray(new CompiledStep[0]);
    this.explainedSteps = CompiledStep.forExplanations(this.steps);
    this.policy = policy;
    this.store = store;
    this.keepsDecisions = DecidedPlacements.of(store);
    this.fallbackQueue = fallbackQueue;
    this.fallback = fallback;
    this.sla = sla.isEmpty() ? new EnumMap<>(Tier.class) : new EnumMap<>(sla);
    this.learning = learning;
    // A store that keeps the decision keeps its facts with it; any other gets them with every placement.
    this.saveEveryLead = keepsDecisions == null;
    this.turns = store.roundRobinTurns();
    this.turnsWithPlacement = turns == null ? null : store.turnsWithPlacement();
    boolean contacts = false;
    boolean companies = false;
    java.time.Duration contactWithin = java.time.Duration.ZERO;
    java.time.Duration companyWithin = java.time.Duration.ZERO;
    java.time.Duration closedWithin = java.time.Duration.ZERO;
    for (CompiledStep step : this.steps) {
      boolean person = step.strategy.readsContacts();
      boolean company = step.strategy.readsCompanies();
      contacts |= person;
      companies |= company;
      java.time.Duration within = step.strategy.contactsClosedWithin();
      if (person && within.compareTo(contactWithin) > 0) {
        contactWithin = within;
      }
      if (company && within.compareTo(companyWithin) > 0) {
        companyWithin = within;
      }
      if ((person || company) && !store.indexesContacts()) {
        throw new IllegalArgumentException("step '" + step.label + "' reads "
            + (person ? "contacts (a returning contact's rep)" : "companies (the rep of a colleague's lead)")
            + " but the state store " + store.getClass().getSimpleName() + " keeps no index of contacts");
      }
      if (within.compareTo(closedWithin) > 0) {
        if (!store.remembersClosedContacts()) {
          throw new IllegalArgumentException("step '" + step.label + "' looks for a contact's closed leads but the"
              + " state store " + store.getClass().getSimpleName() + " does not remember them");
        }
        closedWithin = within;
      }
    }
    this.readsContacts = contacts;
    this.readsCompanies = companies;
    this.bothWithin = contacts && companies ? new java.time.Duration[] {contactWithin, companyWithin} : null;
    if (!closedWithin.isZero()) {
      store.keepReleasedLeads(closedWithin);
    }
  }

  /**
   * True if a step reads contacts or companies, so that placed leads are noted: a release then tells the store when
   * the lead closed ({@link io.smartrouting.core.state.RoutingStateStore#releasePlacement(String, java.time.Instant)}).
   */
  public boolean notesLeads() {
    return readsContacts || readsCompanies;
  }

  /**
   * The keys a placed lead is noted under ({@link #notesLeads}), as a decision notes them: its contact's, its
   * company's, and its company name's when its company has a domain too; none without a step that reads them.
   */
  public long[] noteKeys(Lead lead, RosterSnapshot snap) {
    long contact = readsContacts ? KeyHash.contact(lead.email()) : 0;
    long byDomain = readsCompanies ? snap.accounts.companyKey(lead) : 0;
    long byName = readsCompanies ? snap.accounts.companyNameKey(lead) : 0;
    long[] keys = {contact, byDomain != 0 ? byDomain : byName, byDomain != 0 ? byName : 0};
    return java.util.Arrays.stream(keys).filter(k -> k != 0).distinct().toArray();
  }

  /** True if a step reads {@link io.smartrouting.spi.RoutingContext#sameContactHolder()}: placed leads are noted. */
  private final boolean readsContacts;
  /** True if a step reads {@link io.smartrouting.spi.RoutingContext#sameCompanyHolder()}: placed leads are noted. */
  private final boolean readsCompanies;
  /**
   * When steps read both contacts and companies: how far back each kind looks (the longest of its steps), so that the
   * first question of a decision asks both at once (one read on a shared store); else null.
   */
  private final java.time.Duration @Nullable [] bothWithin;

  /** Per-thread buffers, sized to the snapshot; reused so routing allocates little. */
  private static final class Scratch {
    long[] eligible = new long[0];
    long[] headroom = new long[0];
    long[] current = new long[0];
    long[] ignoringCapacity = new long[0];
    /** Relaxation bits and explanation note of a reassignment; 0 and null for a fresh decision. */
    int relax;
    @Nullable String note;
    /** The flag a reassignment carries. */
    Flag moveFlag = Flag.REASSIGNED;
    /** A move's restriction to some reps (an SDR's team for a hand-off), or null; its words for the others. */
    long @Nullable [] within;
    @Nullable String withinWhy;
    /** True for {@link #preview}: check capacity instead of reserving it, place nothing. */
    boolean preview;
    /** In a preview of several moves ({@link #previewMove}): the leads earlier moves would give each ordinal. */
    int @Nullable [] previewed;
    /** In a preview of several moves: its session (whose {@link PreviewSession#previewed} is {@link #previewed}). */
    @Nullable PreviewSession session;
    /**
     * True while deciding for a store that reserves with the placement: capacity is checked on the local view and
     * the unit taken by the placement write; {@link #pendingRep} and {@link #pendingLimit} say for whom.
     */
    boolean deferReservation;
    int pendingRep = -1;
    int pendingLimit;
    /**
     * The pending rep's cap periods and caps for the placement write ({@link RosterSnapshot#capTerms}), and how many
     * (0: uncapped, or an account's lead, which no cap stops).
     */
    final long[] pendingPeriods = new long[3];
    final int[] pendingCaps = new int[3];
    int pendingTerms;
    /** Set when the placement write found the pending rep full: decide again. */
    boolean retry;
    long[] beforeAvailability = new long[0];
    long[] overridable = new long[0];
    /** Counts of the capacity pass ({@code T_} indexes). */
    final int[] tally = new int[T_SIZE];
    /** A targeted step's candidates: the chain's candidates within the step's rep filter. */
    long[] targetCurrent = new long[0];
    long[] targetIgnoring = new long[0];
    /** The reps covering the lead's territory, for the manager fallback. */
    long[] covering = new long[0];
    final DecisionContext ctx = new DecisionContext();
    /** The store's turns as this session's steps take them, to give one back when its winner cannot take the lead. */
    final TakenTurn takenTurn = new TakenTurn();
    final Decision.Builder decision = Decision.builder("unset");
    /** The lead's facts, reset per decision; the trace rebuilds its own copy if it is ever rendered. */
    final LeadFacts facts = LeadFacts.reusable();
    boolean inUse;
    /** Set when a move found nobody eligible even ignoring capacity ({@link #attemptMove}). */
    boolean nobodyEligible;

    /** Words of the roster this scratch is sized to. */
    int words() {
      return eligible.length;
    }

    /**
     * Drops what the last decision referenced, keeping the buffers: between decisions a thread's scratch holds no
     * snapshot, lead or trace (see {@link DecisionContext#forget}), and a move's settings are back to a decision's.
     */
    void forget() {
      ctx.forget();
      facts.forget();
      decision.reset("unset");
      note = null;
      previewed = null;
      session = null;
      relax = 0;
      moveFlag = Flag.REASSIGNED;
      within = null;
      withinWhy = null;
      preview = false;
      nobodyEligible = false;
      deferReservation = false;
    }

    void ensure(int words) {
      if (eligible.length != words) {
        eligible = new long[words];
        headroom = new long[words];
        current = new long[words];
        ignoringCapacity = new long[words];
        beforeAvailability = new long[words];
        overridable = new long[words];
        targetCurrent = new long[words];
        targetIgnoring = new long[words];
        covering = new long[words];
      }
    }
  }

  /**
   * A scratch of this thread's for a roster of {@code words} words, marked in use: the free one last sized to such a
   * roster, else the least recently used free one (resized by {@link Scratch#ensure}), else (every slot in use: a
   * decision nested in decisions) a new one the thread does not keep. Give it back with {@link #release}.
   */
  static Scratch acquire(int words) {
    Scratch[] slots = SCRATCHES.get();
    Scratch first = slots[0];
    if (first != null && !first.inUse && first.words() == words) {
      // The usual case: the thread's last decision was on a roster of this size.
      first.inUse = true;
      return first;
    }
    int found = -1;
    for (int i = 0; i < slots.length; i++) {
      Scratch s = slots[i];
      if (s == null || !s.inUse) {
        found = i;
        if (s == null || s.words() == words) {
          break;
        }
      }
    }
    Scratch s;
    if (found < 0) {
      s = new Scratch();
    } else {
      s = slots[found];
      if (s == null) {
        s = new Scratch();
      }
      // Most recently used first, so the slot a miss resizes is the one unused longest.
      System.arraycopy(slots, 0, slots, 1, found);
      slots[0] = s;
    }
    s.inUse = true;
    return s;
  }

  /** Gives back a scratch of {@link #acquire}, holding nothing of its decision. */
  static void release(Scratch s) {
    s.forget();
    s.inUse = false;
  }

  /**
   * Lets leads with a country and no region reach the reps of any region of their country (set before the pipeline
   * is published); returns this.
   */
  public Pipeline regionlessLeadsReachRegionReps(boolean reach) {
    this.regionlessReachRegions = reach;
    return this;
  }

  /** The custom attribute added to every lead's saved facts ({@link #savedFacts}), or null: none. */
  private @Nullable String tagKey;
  private @Nullable String tagValue;

  /**
   * Adds attribute {@code key} = {@code value} to the facts saved with every lead (set before the pipeline is
   * published; null: none); returns this.
   */
  public Pipeline tagSavedLeads(@Nullable String key, @Nullable String value) {
    this.tagKey = key;
    this.tagValue = value;
    return this;
  }

  /** The attribute {@link #tagSavedLeads} adds to saved facts, or null. */
  public @Nullable String savedLeadsTag() {
    return tagKey;
  }

  /**
   * The facts to save for {@code lead} ({@link #factsToSave}), with this router's tag ({@link #tagSavedLeads}) when it
   * has one: what every placement and move of this router writes to the store.
   */
  public Lead savedFacts(Lead lead, @Nullable Account account) {
    Lead facts = factsToSave(lead, account);
    String key = tagKey;
    String value = tagValue;
    if (key == null || value == null || value.equals(facts.attributes().get(key))) {
      return facts;
    }
    return Lead.builderFrom(facts).attribute(key, value).build();
  }

  /**
   * Decides for {@code lead} on {@code snap} and places it. {@code enrichmentNote} and {@code enrichmentDegraded} come
   * from the enrichment step.
   */
  public Decision decide(RosterSnapshot snap, Lead lead, Instant now, @Nullable String enrichmentNote,
      boolean enrichmentDegraded) {
    boolean deferred = store.reservesWithPlacement();
    if (!deferred) {
      // (A store that reserves with the placement answers this in the same write.)
      Placement existing = store.placement(lead.id());
      if (existing != null) {
        return fromPlacement(existing, snap, "already placed before this router's idempotency window");
      }
    }
    Scratch s = acquire(snap.words);
    try {
      for (int attempt = 0; ; attempt++) {
        // After a few lost races for a last slot, reserve before placing, as other stores do.
        s.deferReservation = deferred && attempt < MAX_DEFERRED_ATTEMPTS;
        s.pendingRep = -1;
        s.retry = false;
        Decision d = decide(snap, lead, now, enrichmentNote, enrichmentDegraded, s, null);
        if (!s.retry) {
          return Objects.requireNonNull(d, "a decision for a new lead always decides");
        }
      }
    } finally {
      release(s);
    }
  }

  /** How often a decision is made again when the placement write finds the rep full, before reserving first. */
  private static final int MAX_DEFERRED_ATTEMPTS = 4;

  /**
   * Picks a new rep for an open lead whose SLA was breached, excluding {@code previousHolders}, and reserves its
   * capacity. Places nothing: the caller swaps the placement (and releases the reservation if that fails).
   *
   * @return the new decision, flagged {@link Flag#REASSIGNED}, or null if nobody available can take the lead
   */
  public @Nullable Decision reassign(RosterSnapshot snap, Lead lead, Instant now, java.util.Set<String> previousHolders) {
    return reassign(snap, lead, now, previousHolders, 0, null);
  }

  /** {@link #reassign} relaxation: the segment criterion is dropped. */
  public static final int RELAX_SEGMENT = 1;
  /** {@link #reassign} relaxation: the territory criterion is dropped. */
  public static final int RELAX_TERRITORY = 2;
  /** {@link #reassign} relaxation: when no step assigns, the manager of a rep in the territory may take the lead. */
  public static final int RELAX_MANAGER = 4;
  /** {@link #reassign} relaxation: the language criterion is dropped. */
  public static final int RELAX_LANGUAGE = 8;

  /**
   * As {@link #reassign(RosterSnapshot, Lead, Instant, java.util.Set)}, with criteria relaxed by {@code relax} (a
   * combination of the {@code RELAX_} bits) and {@code note}, when not null, shown in the explanation. Used for
   * draining wait queues, transfers and offboarding.
   */
  public @Nullable Decision reassign(RosterSnapshot snap, Lead lead, Instant now, java.util.Set<String> excluding,
      int relax, @Nullable String note) {
    return move(snap, lead, now, excluding, relax, note, Flag.REASSIGNED);
  }

  /**
   * Where {@link #move} would send {@code lead} now, changing nothing: capacity is checked rather than reserved, with
   * the leads the session's earlier moves would take and free ({@link PreviewSession#previewed}) counted, and the
   * strategies' state for the session kept in it; null if no rep could take it.
   */
  public @Nullable Decision previewMove(RosterSnapshot snap, Lead lead, Instant now, java.util.Set<String> excluding,
      String note, PreviewSession session) {
    return previewMove(snap, lead, now, excluding, note, session, null, null);
  }

  /** {@link #previewMove} among the reps of {@code within} only (null: all), {@code withinWhy} naming the others. */
  public @Nullable Decision previewMove(RosterSnapshot snap, Lead lead, Instant now, java.util.Set<String> excluding,
      String note, PreviewSession session, long @Nullable [] within, @Nullable String withinWhy) {
    return move(snap, lead, now, excluding, 0, note, Flag.TRANSFERRED, session, null, within, withinWhy);
  }

  /**
   * The decision {@link #decide} would make for {@code lead} now, changing nothing: capacity is checked rather than
   * reserved, nothing is placed, strategies are told it is a preview (round-robin takes no turn).
   */
  public Decision preview(RosterSnapshot snap, Lead lead, Instant now, @Nullable String enrichmentNote,
      boolean enrichmentDegraded) {
    Placement existing = store.placement(lead.id());
    if (existing != null) {
      return fromPlacement(existing, snap, "already placed before this router's idempotency window");
    }
    Scratch s = new Scratch();
    s.inUse = true;
    s.preview = true;
    Decision d = decide(snap, lead, now, enrichmentNote, enrichmentDegraded, s, null);
    return java.util.Objects.requireNonNull(d, "a preview always decides");
  }

  /**
   * What an open lead's facts say now: its classification and account, whether the rep holding it still covers it, and
   * the first-contact deadline its tier would start now.
   *
   * @param tier the lead's tier
   * @param segment the lead's segment
   * @param accountId the account it matches, or null
   * @param holderCovers true if the holder meets the lead's hard criteria (territory or account, segment, language,
   *     an account's one-to-one team), availability and capacity aside; false for a queued lead
   * @param deadline the deadline the tier starts now with the holder (or, for a queued lead, as a queued lead's is
   *     counted), or null when the tier has none
   * @param nextShiftDeadline for a queued lead, the deadline the tier starts now in the covering reps' working time
   *     whatever its clock (as the next-shift queue counts it); null for a held lead, or when the tier has none
   */
  public record Reading(Tier tier, Segment segment, @Nullable String accountId, boolean holderCovers,
      @Nullable Instant deadline, @Nullable Instant nextShiftDeadline) {

    /** {@return the deadline the tier starts now for the lead waiting in {@code queue} of {@code pipeline}} */
    public @Nullable Instant deadlineWaitingIn(String queue, Pipeline pipeline) {
      return queue.equals(pipeline.afterHoursQueue()) ? nextShiftDeadline : deadline;
    }
  }

  /** {@return the segment a decision on {@code snap} classifies {@code lead} in} */
  public Segment segmentOf(RosterSnapshot snap, Lead lead) {
    return Classification.of(lead, snap.accounts.match(lead).account, policy).segment;
  }

  /** Reads {@code lead} as a decision would, for its holder {@code holder} (an ordinal, or -1 when it is queued). */
  public Reading read(RosterSnapshot snap, Lead lead, int holder, Instant now) {
    AccountDirectory.Match match = snap.accounts.match(lead);
    Account account = match.account;
    Classification c = Classification.of(lead, account, policy);
    LeadFacts facts = new LeadFacts(lead, account, match.people, c.segment);
    facts.anyRegion = regionlessReachRegions && facts.country != null && facts.region == null;
    long[] ignored = new long[snap.words];
    long[] covering = new long[snap.words];
    snap.qualify(facts, ignored, covering);
    int[] people = account == null ? null : snap.accountPeopleAt(account.id(), now);
    if (people != null) {
      snap.qualifyPeople(facts, people, ignored, ignored, covering);
    }
    long[] ownerTeam = account == null ? null : snap.ownerTeamAt(account.id(), people);
    if (ownerTeam != null) {
      Bits.and(covering, ownerTeam);
    }
    Duration due = sla.get(c.tier);
    Instant waiting = holder >= 0 || due == null ? null : queueDeadline(snap, covering, now, due);
    Instant deadline = due == null ? null
        : !businessHours.contains(c.tier) ? now.plus(due)
        : holder >= 0 ? BusinessTime.deadline(snap.reps[holder], now, due)
        : waiting;
    return new Reading(c.tier, c.segment, account == null ? null : account.id(), holder >= 0
        && Bits.get(covering, holder), deadline, waiting);
  }

  /**
   * The queue after-hours leads wait in (their first-contact deadline runs in the first shift of the reps who cover
   * them, in business time whatever the tier's clock).
   */
  public String afterHoursQueue() {
    return afterHours.queue();
  }

  /** As {@link #reassign(RosterSnapshot, Lead, Instant, java.util.Set, int, String)}, flagged {@code flag}. */
  public @Nullable Decision move(RosterSnapshot snap, Lead lead, Instant now, java.util.Set<String> excluding,
      int relax, @Nullable String note, Flag flag) {
    return move(snap, lead, now, excluding, relax, note, flag, null, null, null, null);
  }

  /**
   * {@link #move} among the reps of {@code within} only (a roster bitset of {@code snap}), as a one-to-one account's
   * owner team restricts its leads; the others are excluded as {@code withinWhy} says.
   */
  public @Nullable Decision move(RosterSnapshot snap, Lead lead, Instant now, java.util.Set<String> excluding,
      @Nullable String note, Flag flag, long[] within, String withinWhy) {
    return move(snap, lead, now, excluding, 0, note, flag, null, null, within, withinWhy);
  }

  /**
   * What {@link #move} found: its decision (null: nobody could take the lead), and whether there was none because
   * nobody was eligible even ignoring capacity (nobody on the roster qualified and available bar {@code excluding},
   * and no manager relaxation): an answer that stays the same while this pipeline, the roster snapshot, its
   * availability view, the relaxations, the exclusions and the lead do.
   */
  public record MoveAttempt(@Nullable Decision decision, boolean nobodyEligible) {}

  /** {@link #move}, saying why it found nobody ({@link MoveAttempt}). */
  public MoveAttempt attemptMove(RosterSnapshot snap, Lead lead, Instant now, java.util.Set<String> excluding,
      int relax, @Nullable String note, Flag flag) {
    boolean[] nobodyEligible = new boolean[1];
    Decision d = move(snap, lead, now, excluding, relax, note, flag, null, nobodyEligible, null, null);
    return new MoveAttempt(d, nobodyEligible[0]);
  }

  /**
   * Whether rep {@code o} may take {@code lead} now by the hard criteria a decision applies before any step (its
   * territory, segment and language with {@code relax}, its availability, a known account's people and owner team),
   * and then has room for it: takes one unit of its capacity below the limit a decision would admit (a known account's
   * people their account's limit) and, for a capped rep, one lead of each of its caps. False, taking nothing, if
   * either fails. What {@code Router.claimNext} asks of each waiting lead.
   */
  public boolean takeIfQualified(RosterSnapshot snap, Lead lead, Instant now, int relax, int o) {
    return qualifies(snap, lead, now, relax, o, true);
  }

  /**
   * {@link #takeIfQualified} without taking anything: whether rep {@code o} meets the hard criteria for {@code lead}
   * now (its room aside).
   */
  public boolean qualifies(RosterSnapshot snap, Lead lead, Instant now, int relax, int o) {
    return qualifies(snap, lead, now, relax, o, false);
  }

  private boolean qualifies(RosterSnapshot snap, Lead lead, Instant now, int relax, int o, boolean take) {
    AccountDirectory.Match match = snap.accounts.match(lead);
    Account account = match.account;
    Classification c = Classification.of(lead, account, policy);
    // A claim asks this of every waiting lead in turn: the thread's scratch, not one made anew (with the roster's
    // bitsets) for each.
    Scratch s = acquire(snap.words);
    try {
      return qualifies(snap, lead, now, o, take, s, account, facts(s, lead, match, c, relax));
    } finally {
      release(s);
    }
  }

  private boolean qualifies(RosterSnapshot snap, Lead lead, Instant now, int o, boolean take, Scratch s,
      @Nullable Account account, LeadFacts facts) {
    Availability.View av = snap.availability.at(now);
    s.ensure(snap.words);
    snap.qualify(facts, av.available, s.eligible, s.beforeAvailability);
    int[] people = account == null ? null : snap.accountPeopleAt(account.id(), now);
    if (people != null) {
      snap.qualifyPeople(facts, people, av.available, s.eligible, s.beforeAvailability);
    }
    long[] ownerTeam = account == null ? null : snap.ownerTeamAt(account.id(), people);
    if (!Bits.get(s.eligible, o) || ownerTeam != null && !Bits.get(ownerTeam, o)) {
      return false;
    }
    if (!take) {
      return true;
    }
    boolean accountPerson = people != null && contains(people, o);
    int limit = accountPerson ? accountLimit(snap, o, account.tier()) : snap.admitLimit[o];
    return reserve(s, snap, o, Math.min(limit, snap.capacity(o)), lead.id(), !accountPerson && snap.capped(o), now);
  }

  /** The lead's facts as qualification reads them, in {@code s}'s scratch, with {@code relax}'s criteria dropped. */
  private LeadFacts facts(Scratch s, Lead lead, AccountDirectory.Match match, Classification c, int relax) {
    LeadFacts facts = s.facts.reset(lead, match.account, match.people, c.segment);
    facts.anyRegion = regionlessReachRegions && facts.country != null && facts.region == null;
    return relax == 0 ? facts : facts.relaxed((relax & RELAX_SEGMENT) != 0, (relax & RELAX_TERRITORY) != 0,
        (relax & RELAX_LANGUAGE) != 0);
  }

  /** {@link #move}, or with {@code session} its preview ({@link #previewMove}). */
  private @Nullable Decision move(RosterSnapshot snap, Lead lead, Instant now, java.util.Set<String> excluding,
      int relax, @Nullable String note, Flag flag, @Nullable PreviewSession session,
      boolean @Nullable [] nobodyEligible, long @Nullable [] within, @Nullable String withinWhy) {
    int[] previewed = session == null ? null : session.previewed;
    // The thread's scratch, as a decision's: a drain pass moves lead after lead, and a scratch made per move
    // allocated the roster's words nine times over for each (at 100,000 reps, 112 KB a waiting lead a tick).
    Scratch s = acquire(snap.words);
    s.relax = relax;
    s.note = note;
    s.moveFlag = flag;
    s.within = within;
    s.withinWhy = withinWhy;
    s.preview = previewed != null;
    s.previewed = previewed;
    s.session = session;
    s.pendingRep = -1;
    s.retry = false;
    if (session != null) {
      session.lastPickCounts = false;
    }
    try {
      Decision d = decide(snap, lead, now, null, false, s, excluding);
      if (nobodyEligible != null) {
        nobodyEligible[0] = s.nobodyEligible;
      }
      return d == null || d.repId() == null ? null : d;
    } finally {
      release(s);
    }
  }

  private @Nullable Decision decide(RosterSnapshot snap, Lead lead, Instant now, @Nullable String enrichmentNote,
      boolean enrichmentDegraded, Scratch s, java.util.@Nullable Set<String> reassignExcluding) {
    AccountDirectory.Match match = snap.accounts.match(lead);
    Account account = match.account;
    Classification c = Classification.of(lead, account, policy);
    int relax = s.relax;
    LeadFacts facts = facts(s, lead, match, c, relax);
    Availability.View av = snap.availability.at(now);

    s.ensure(snap.words);
    // The reps qualified before availability: on a large roster often a bucket's own set, read here and copied only
    // to be written.
    long[] qualified = java.util.Objects.requireNonNull(
        snap.qualifyShared(facts, av.available, s.eligible, s.beforeAvailability));
    // Account ownership first: the account's people are eligible for its leads whatever the lead's segment or
    // industry (the account is their territory); language and availability still apply. A one-to-one account's
    // leads never leave the owner's team. A colleague a person's time off names to cover the desk stands in for them.
    int[] people = account == null ? null : snap.accountPeopleAt(account.id(), now);
    long[] ownerTeam = account == null ? null : snap.ownerTeamAt(account.id(), people);
    if ((people != null || ownerTeam != null) && qualified != s.beforeAvailability) {
      // Written below for an account's lead: a bucket's set, which every decision shares, is copied first. (Rare: an
      // account's people are its named-account reps, whose qualification already wrote the lead's own copy.)
      System.arraycopy(qualified, 0, s.beforeAvailability, 0, qualified.length);
      qualified = s.beforeAvailability;
    }
    if (people != null) {
      snap.qualifyPeople(facts, people, av.available, s.eligible, qualified);
    }
    if (s.within != null) {
      // A move kept to some reps (a hand-off within the SDR's team): they are its only reps, as an owner team's are.
      if (qualified != s.beforeAvailability) {
        System.arraycopy(qualified, 0, s.beforeAvailability, 0, qualified.length);
        qualified = s.beforeAvailability;
      }
      if (ownerTeam != null) {
        long[] both = ownerTeam.clone();
        Bits.and(both, s.within);
        ownerTeam = both;
      } else {
        ownerTeam = s.within;
      }
    }
    if (ownerTeam != null) {
      Bits.and(s.eligible, ownerTeam);
      Bits.and(qualified, ownerTeam);
    }
    long[] excluded = null;
    if (reassignExcluding != null) {
      for (String id : reassignExcluding) {
        int o = snap.ordinalOf(id);
        if (o >= 0) {
          if (excluded == null) {
            excluded = new long[snap.words]; // only for a lead some rep on the roster held (not a queued lead's first)
          }
          Bits.set(excluded, o);
          Bits.clear(s.eligible, o);
        }
      }
      if ((relax & RELAX_MANAGER) == 0 && Bits.isEmpty(s.eligible)) {
        // A move with nobody eligible, even ignoring capacity, finds no one: it neither follows the sun nor queues by
        // rule, and no manager may take it. A backlog nobody qualifies for then costs each drain pass its
        // qualification only, not a trace, the capacity pass and the chain.
        s.nobodyEligible = true;
        return null;
      }
    }
    String note = null;
    boolean followedSun = false;
    boolean afterHoursQueue = false;
    if (reassignExcluding == null && Bits.isEmpty(s.eligible) && intersects(qualified,
        av.offShift)) {
      String where = facts.region != null ? facts.countryRegion() : facts.country;
      if (afterHours.followsTheSun() && facts.country != null) {
        LeadFacts wide = facts.withoutTerritory();
        snap.qualify(wide, av.available, s.eligible, null);
        if (!Bits.isEmpty(s.eligible)) {
          facts = wide;
          followedSun = true;
          note = "after hours: nobody covering " + where + " is on shift; follow-the-sun to reps on shift in"
              + " other territories" + keepOverlappingLeadHours(snap, lead, now, s.eligible);
        }
      }
      if (!followedSun) {
        afterHoursQueue = true;
        Bits.fill(s.eligible, 0L);
        note = "after hours: nobody covering " + (where == null ? "the lead" : where)
            + " is on shift; queued for the next shift in '" + afterHours.queue() + "'";
      }
    }
    if (note == null) {
      note = s.note;
    }
    boolean territoryDropped = facts.country == null && lead.country() != null;
    TraceRecorder trace = new TraceRecorder(snap, lead, facts.anySegment, territoryDropped, facts.anyRegion, c, match,
        enrichmentNote, explainedSteps);
    if ((relax & RELAX_LANGUAGE) != 0 && lead.language() != null) {
      trace.languageDropped();
    }
    trace.availability = av;
    trace.excludedHolders(excluded);
    trace.note(note);
    trace.ownerTeam(ownerTeam, s.within == null ? null : s.withinWhy);
    if (people != null) {
      // Covers standing in for the account's people are its people for this lead (a new set only then).
      facts.accountPeople = snap.peopleIdsAt(account.id(), match.people, people);
      trace.peopleAt(facts.accountPeople);
    }
    if (snap.hasDailyCaps()) {
      snap.clearEndedDays(now);
    }
    long[] specialists = facts.industry == null ? null : snap.specialists(facts.industry);
    // Two passes over the roster's words: the first filters for capacity and counts what the industry preference
    // needs; the second writes the preferred candidates (with and without headroom).
    int[] tally = s.tally;
    boolean relevantSpecialists = capacityFilter(snap, s.eligible, s.headroom, s.overridable, specialists,
        facts.industry == null ? null : snap.generalists, qualified, trace, tally);
    if (s.previewed != null) {
      previewCapacity(snap, s, specialists, facts.industry == null ? null : snap.generalists, tally, now);
    }
    trace.eligible = tally[T_ELIGIBLE];
    trace.headroom = tally[T_HEADROOM];
    long[] headroomMask = preferred(facts, specialists, snap.generalists, tally, T_HEADROOM, trace, true);
    long[] overridableMask = preferred(facts, specialists, snap.generalists, tally, T_OVERRIDABLE, trace, false);
    writePreferred(s.headroom, headroomMask, s.current, s.overridable, overridableMask, s.ignoringCapacity, tally);
    int currentCount = tally[T_CURRENT];
    int ignoringCount = tally[T_IGNORING];
    io.smartrouting.api.AccountTier accountTier = account == null ? null : account.tier();
    int[] accountCandidates = null;
    if (people != null) {
      accountCandidates = accountCandidates(snap, people, s.eligible, accountTier, trace, s.previewed);
      if (accountCandidates != null) {
        for (int o : accountCandidates) {
          if (!Bits.get(s.current, o)) {
            Bits.set(s.current, o);
            currentCount++;
          }
        }
        for (int o : people) {
          if (Bits.get(s.overridable, o) && !Bits.get(s.ignoringCapacity, o)) {
            Bits.set(s.ignoringCapacity, o);
            ignoringCount++;
          }
        }
        trace.accountCandidates(accountCandidates);
      }
    }
    // A specialist follow-up makes sense only when the roster has a specialist who covers this lead's territory,
    // segment and language but could not take it now (away, full or, later, narrowed out).
    boolean specialistsMissing = relevantSpecialists && trace.mode() != TraceRecorder.IndustryMode.SPECIALISTS;

    DecisionContext ctx = s.ctx;
    ctx.snapshot = snap;
    ctx.resetLead();
    ctx.facts = facts;
    ctx.lead = lead;
    ctx.classification = c;
    ctx.account = account;
    ctx.specialistsMissing = specialistsMissing;
    ctx.now = now;
    ctx.learning = learning;
    // A decision whose placement is one write takes its round-robin turn in that write, when the store can.
    // Otherwise a turn is taken before the reservation, and given back if the reservation fails (see below).
    ctx.turns = s.deferReservation && !s.preview && turnsWithPlacement != null ? turnsWithPlacement
        : turns != null && !s.preview ? s.takenTurn.over(turns) : turns;
    ctx.exploring = learning != null && learning.isExplorationLead(lead.id());
    ctx.preview = s.preview;
    ctx.previewed = s.previewed;
    ctx.session = s.session;
    ctx.available = av.available;
    ctx.contacts = readsContacts ? store : null;
    ctx.companies = readsCompanies ? store : null;
    ctx.bothWithin = bothWithin;
    ctx.trace = trace;

    int winner = -1;
    boolean override = false;
    String decidedBy = "fallback";
    StrategyResult winning = null;
    String ruleQueue = null;
    // Whether a step narrowed the candidates (a step's own preference is then taken within them, as before).
    boolean narrowed = false;
    // The rep filter of the step that decided, or null.
    long[] winningTarget = null;
    chain:
    for (int index = 0; index < steps.length; index++) {
      CompiledStep step = steps[index];
      if (afterHoursQueue) {
        break;
      }
      if (!step.appliesTo(c.tier) || (step.when != null && !step.appliesTo(lead, c, account, snap.accounts.freeMailDomains()))) {
        continue;
      }
      if (step.strategy instanceof QueueStep q) {
        if (reassignExcluding != null) {
          continue; // a move looks for a rep: a lead the rule queued is being drained or moved out of its queue
        }
        ruleQueue = q.queue();
        decidedBy = step.label;
        trace.problem(index, "QUEUE", "placed the lead in queue '" + ruleQueue + "'", currentCount);
        break;
      }
      // Rep targeting: this step's strategy sees only the candidates its filter matches (a bitset per roster).
      long[] target = step.repMask(snap);
      long[] cur = s.current;
      long[] ign = s.ignoringCapacity;
      for (int attempt = 0; attempt < MAX_RESERVE_ATTEMPTS; attempt++) {
        int before = currentCount;
        int curCount = currentCount;
        int ignCount = ignoringCount;
        if (target != null) {
          cur = s.targetCurrent;
          ign = s.targetIgnoring;
          curCount = Bits.andInto(s.current, target, cur);
          ignCount = Bits.andInto(s.ignoringCapacity, target, ign);
          if (facts.industry != null && !narrowed) {
            // The industry preference was taken over every qualified rep; a step that may pick only some of them
            // takes it over those: its specialists, else its generalists, else any of them. Without this a step
            // for SDRs found nobody where an AE was the industry's only specialist, and the lead went to a queue.
            if (curCount == 0) {
              TraceRecorder.IndustryMode mode = preferWithin(s.headroom, target, specialists, snap.generalists, cur);
              curCount = Bits.cardinality(cur);
              if (curCount > 0) {
                trace.stepIndustry(index, mode);
              }
            }
            if (ignCount == 0) {
              preferWithin(s.overridable, target, specialists, snap.generalists, ign);
              ignCount = Bits.cardinality(ign);
            }
          }
          before = curCount;
        }
        ctx.candidates.reset(cur, curCount);
        ctx.ignoringCapacity.reset(ign, ignCount);
        s.takenTurn.forget();
        StrategyResult r;
        try {
          r = step.strategy.apply(ctx);
        } catch (RuntimeException e) {
          LOG.warn("strategy step '{}' failed for lead {}; the chain goes on", step.label, lead.id(), e);
          trace.problem(index, "FAILED", e.getClass().getSimpleName() + ": " + e.getMessage(), before);
          continue chain;
        }
        if (r == null) {
          trace.problem(index, "FAILED", "strategy returned null", before);
          continue chain;
        }
        switch (r.kind()) {
          case PASS:
            trace.result(index, r, before);
            continue chain;
          case NARROW:
            trace.result(index, r, before);
            currentCount = narrow(s.current, r.narrowed(), snap.words);
            ignoringCount = narrow(s.ignoringCapacity, r.narrowed(), snap.words);
            narrowed = true;
            continue chain;
          default:
            break;
        }
        int o = r.ordinal();
        boolean inCurrent = Bits.get(cur, o);
        boolean mayOverride = r.hasFlag(Flag.CAPACITY_OVERRIDE) && Bits.get(ign, o);
        if (!inCurrent && !mayOverride) {
          LOG.warn("strategy step '{}' assigned ordinal {} outside its candidates for lead {}; ignored",
              step.label, o, lead.id());
          trace.problem(index, "IGNORED", "assigned a rep outside the candidates", before);
          continue chain;
        }
        boolean accountPerson = accountCandidates != null && contains(accountCandidates, o);
        int limit = accountPerson ? accountLimit(snap, o, accountTier) : snap.admitLimit[o];
        // The caps bound what the chain hands a rep, but not its account's leads.
        boolean capped = !accountPerson && snap.capped(o);
        if (inCurrent && reserve(s, snap, o, Math.min(limit, snap.capacity(o)), lead.id(), capped, now)) {
          trace.result(index, r, before);
          winner = o;
        } else if ((inCurrent && limit > snap.capacity(o) || mayOverride)
            && reserve(s, snap, o, Math.max(limit, snap.overrideLimit[o]), lead.id(), capped, now)) {
          // A bounded override: above capacity, never above capacity plus the override share.
          trace.result(index, r, before);
          winner = o;
          override = true;
        } else {
          // Lost a race for the rep's last slot (or its override room, or its day's last lead): take it out and let
          // the step pick again.
          int fullKind = capped ? snap.fullKind(o, now) : -1;
          if (!s.preview) {
            snap.refreshSaturation(o);
            snap.refreshCap(o, now);
            giveTurnBack(s, snap.reps[o].id(), lead.id());
          }
          refused(step, ctx, o, lead.id());
          if (Bits.get(s.current, o)) {
            Bits.clear(s.current, o);
            currentCount--;
          }
          if (Bits.get(s.ignoringCapacity, o)) {
            Bits.clear(s.ignoringCapacity, o);
            ignoringCount--;
          }
          // Nor may a step's own preference bring it back (preferWithin reads these).
          Bits.clear(s.headroom, o);
          Bits.clear(s.overridable, o);
          trace.problem(index, "RETRY", snap.reps[o].id() + (s.previewed != null
              ? " has no room left after the moves before this one" : fullKind >= 0 ? " reached its "
              + (fullKind == RosterSnapshot.DAY ? "daily" : RosterSnapshot.unit(fullKind) + "ly") + " cap concurrently"
              : " filled up concurrently") + "; picking again", before);
          continue;
        }
        decidedBy = step.label;
        trace.winnerStep(index);
        winning = r;
        winningTarget = target;
        break chain;
      }
    }

    Decision.Builder d = s.decision.reset(lead.id()).tier(c.tier).segment(c.segment)
        .accountId(account == null ? null : account.id()).decidedAt(now).rosterVersion(snap.version).trace(trace);
    if (c.segmentDefaulted) {
      d.flag(Flag.SEGMENT_DEFAULTED);
    }
    if (match.ambiguous) {
      d.flag(Flag.AMBIGUOUS_ACCOUNT);
    }
    if (account != null) {
      d.flag(Flag.ACCOUNT_MATCHED);
    }
    if (enrichmentDegraded) {
      d.flag(Flag.ENRICHMENT_DEGRADED);
    }
    if (followedSun) {
      d.flag(Flag.FOLLOW_THE_SUN);
    }
    if (winner < 0) {
      boolean managers = reassignExcluding == null ? fallback == Fallback.MANAGER_THEN_QUEUE
          : (relax & RELAX_MANAGER) != 0;
      winner = afterHoursQueue || ruleQueue != null || !managers ? -1
          : managerFallback(snap, facts, av.available, trace, lead.id(), ownerTeam, excluded, s.preview, s.covering);
      if (winner >= 0) {
        d.flag(Flag.MANAGER_FALLBACK);
      }
    } else {
      trace.winner(snap, winner, override);
      if (winning.hasFlags()) {
        for (Flag f : FLAGS) {
          if (f != Flag.CAPACITY_OVERRIDE && winning.hasFlag(f)) {
            d.flag(f);
          }
        }
      }
      if (override) {
        d.flag(Flag.CAPACITY_OVERRIDE);
      }
      // A follow-up by a specialist the deciding step could have picked: a step for SDRs does not flag its leads
      // for the AEs' specialists, who take them when they qualify.
      if (relevantSpecialists && !Bits.get(specialists, winner)
          && (winningTarget == null || intersects(qualified, specialists, winningTarget))) {
        d.flag(Flag.SPECIALIST_FOLLOW_UP);
      }
    }
    if (reassignExcluding != null) {
      if (winner < 0) {
        return null;
      }
      d.flag(s.moveFlag);
    }
    // A lead queued for the next shift is due when its SLA has run in the first shift of the reps who cover it (in
    // business time whatever the tier's clock: the queue promises the next shift), so that one still waiting then, its
    // reps all full, is reported as any waiting lead is.
    Duration due = sla.get(c.tier);
    Instant deadline = due == null ? null
        : afterHoursQueue ? queueDeadline(snap, qualified, now, due)
        : !businessHours.contains(c.tier) ? now.plus(due)
        : winner >= 0 ? BusinessTime.deadline(snap.reps[winner], now, due)
        : queueDeadline(snap, qualified, now, due);
    d.slaDeadline(deadline);
    String queue = null;
    if (winner >= 0) {
      d.rep(snap.reps[winner].id()).decidedBy(decidedBy);
    } else if (afterHoursQueue) {
      trace.fallback("placed in next-shift queue '" + afterHours.queue() + "'");
      queue = afterHours.queue();
      d.queue(queue).decidedBy("after-hours").flag(Flag.AFTER_HOURS_QUEUE);
    } else if (ruleQueue != null) {
      trace.fallback("placed in queue '" + ruleQueue + "' by chain step '" + decidedBy + "'");
      queue = ruleQueue;
      d.queue(queue).decidedBy(decidedBy).flag(Flag.QUEUED_BY_RULE);
    } else {
      trace.fallback("placed in queue '" + fallbackQueue + "'");
      queue = fallbackQueue;
      d.queue(queue).decidedBy("fallback").flag(Flag.FALLBACK_QUEUE);
    }
    if (reassignExcluding != null || s.preview) {
      return d.build();
    }
    // Every lead keeps its routing facts with its placement, however long it stays open: a restarted router, or
    // another node, can then move it (a breach, a drain, a transfer, an offboarding) and credit its outcome to its
    // rep in its segment and industry; on a shared store that is the same write. (The in-memory store keeps the
    // decision, which holds them.)
    Lead saved = saveEveryLead ? savedFacts(lead, account) : null;
    // The decision is its placement: lead, rep or queue, tier, time, deadline and the override flag (an after-hours
    // lead has no deadline).
    Decision decided = d.build();
    if (readsContacts || readsCompanies) {
      // Before the placement: a store may write the notes with it (one write). A queued lead is noted too: once a
      // drain gives it a rep, the person's or the company's next lead finds that rep.
      long contact = readsContacts ? KeyHash.contact(lead.email()) : 0;
      if (contact != 0) {
        store.noteContact(contact, lead.id());
      }
      long company = readsCompanies ? ctx.companyKey() : 0;
      if (company != 0) {
        store.noteContact(company, lead.id());
      }
      long byName = readsCompanies ? ctx.companyNameKeyToNote() : 0;
      if (byName != 0) {
        store.noteContact(byName, lead.id());
      }
    }
    if (s.pendingRep >= 0 && s.pendingRep == winner) {
      // Unit and placement in one write.
      int terms = s.pendingTerms;
      Placement placing = DecidedPlacements.placementOf(decided);
      PlaceResult r = terms <= 1
          ? store.placeAndReserve(placing, saved, s.pendingLimit, s.pendingPeriods[0],
              terms == 0 ? 0 : s.pendingCaps[0])
          : store.placeAndReserve(placing, saved, s.pendingLimit, java.util.Arrays.copyOf(s.pendingPeriods, terms),
              java.util.Arrays.copyOf(s.pendingCaps, terms));
      snap.refreshSaturation(winner);
      if (terms > 0) {
        snap.refreshCap(winner, now);
      }
      switch (r.status()) {
        case PLACED:
          return decided;
        case ALREADY_PLACED:
          return fromPlacement(Objects.requireNonNull(r.existing()), snap, "placed concurrently by another router");
        default:
          // The rep filled up since the local view was read (it is now full there), or another router took the
          // round-robin turn this decision predicted: decide again.
          s.retry = true;
          return null;
      }
    }
    // The in-memory store keeps the decision itself; any other store gets a placement made of it.
    Placement raced = keepsDecisions != null ? keepsDecisions.placeDecided(decided, saved)
        : store.placeIfAbsent(DecidedPlacements.placementOf(decided), saved);
    if (raced != null) {
      // Lost the race to place this lead: give back our unit, unless it is the winner's (RepState.releaseLost).
      if (winner >= 0) {
        snap.states[winner].releaseLost(lead.id(), raced.repId());
        snap.refreshSaturation(winner);
      }
      return fromPlacement(raced, snap, "placed concurrently by another router");
    }
    return decided;
  }

  /**
   * The facts to save for {@code lead}: with the account it matched by e-mail, website or company name named by id,
   * since a store keeps no contact details and the lead must match the same account when another router moves it.
   */
  public static Lead factsToSave(Lead lead, @Nullable Account account) {
    return account == null || account.id().equals(lead.accountId()) ? lead
        : Lead.builderFrom(lead).accountId(account.id()).build();
  }

  /**
   * After a failed reservation: the round-robin turn the step took in the store for that rep, if it took one, is
   * given back, so that the rep keeps its place in line for its next turn (the lead is picked again either way).
   */
  private static void giveTurnBack(Scratch s, String repId, String leadId) {
    try {
      if (s.takenTurn.giveBackIfWonBy(repId)) {
        LOG.debug("gave back the round-robin turn of rep {} that could not take lead {}", repId, leadId);
      }
    } catch (RuntimeException e) {
      LOG.warn("could not give back the round-robin turn of rep {} for lead {}; it stays spent", repId, leadId, e);
    }
  }

  /**
   * After a failed reservation: the step that picked rep {@code o} is told ({@link
   * io.smartrouting.spi.RoutingStrategy#assignmentRefused}), while the context still holds that pick's candidates, so
   * that it can undo what the pick changed in its own state.
   */
  private static void refused(CompiledStep step, DecisionContext ctx, int o, String leadId) {
    try {
      step.strategy.assignmentRefused(ctx, o);
    } catch (RuntimeException e) {
      LOG.warn("strategy step '{}' failed when told that its pick for lead {} was refused", step.label, leadId, e);
    }
  }

  /**
   * Takes one unit of rep {@code o}'s capacity below {@code limit} for the lead, and when {@code capped} one of the
   * leads each of its caps leaves it in its period (day, week, month), or, in a preview, only checks that all are
   * free. Fills the scratch's cap terms ({@code pendingPeriods}, {@code pendingCaps}) for the rep.
   */
  private static boolean reserve(Scratch s, RosterSnapshot snap, int o, int limit, String leadId, boolean capped,
      Instant now) {
    // The rep's caps: a period and a cap each, shortest period first (most reps have none, or one).
    int terms = capped ? snap.capTerms(o, now, s.pendingPeriods, s.pendingCaps) : 0;
    if (s.preview || s.deferReservation) {
      // Checked on the local view: a preview takes nothing; a deferred reservation is taken by the placement write
      // (which re-checks it atomically).
      int earlier = s.previewed == null ? 0 : s.previewed[o];
      // A cap counts the leads a rep took, not those it holds: the earlier moves' arrivals, whatever left it.
      int arrived = s.session == null ? 0 : s.session.arrivals[o];
      boolean free = snap.states[o].openLeads() + earlier < limit;
      for (int i = 0; free && i < terms; i++) {
        free = snap.states[o].takenOn(s.pendingPeriods[i]) + arrived < s.pendingCaps[i];
      }
      if (free && s.deferReservation) {
        s.pendingRep = o;
        s.pendingLimit = limit;
        s.pendingTerms = terms;
      }
      if (free && s.session != null) {
        // The pick the preview would make: its lead counts in the rep's caps only if the reservation counts it.
        s.session.lastPickCounts = terms > 0;
      }
      return free;
    }
    boolean reserved = terms <= 1
        ? snap.states[o].tryReserve(limit, leadId, s.pendingPeriods[0], terms == 0 ? 0 : s.pendingCaps[0])
        : snap.states[o].tryReserve(limit, leadId, java.util.Arrays.copyOf(s.pendingPeriods, terms),
            java.util.Arrays.copyOf(s.pendingCaps, terms));
    if (reserved) {
      snap.refreshSaturation(o);
      if (terms > 0) {
        snap.refreshCap(o, now);
      }
      return true;
    }
    return false;
  }

  /** Covering reps looked at for a queued lead's business-hours deadline (the queue path only). */
  private static final int QUEUE_DEADLINE_REPS = 64;

  /**
   * The first-contact deadline of a lead that waits in a queue, counted in business hours: when the earliest of the
   * reps who cover it (territory, segment and language, whatever their availability now) would have worked the SLA's
   * duration, so a night in the queue does not count. Nobody covers it: the wall clock.
   */
  private static Instant queueDeadline(RosterSnapshot snap, long[] covering, Instant now, Duration due) {
    Instant best = null;
    int seen = 0;
    for (int o = Bits.nextSetBit(covering, 0); o >= 0 && seen < QUEUE_DEADLINE_REPS;
        o = Bits.nextSetBit(covering, o + 1), seen++) {
      Instant d = BusinessTime.coveringDeadline(snap.reps[o], now, due);
      if (best == null || d.isBefore(best)) {
        best = d;
      }
    }
    return best != null ? best : now.plus(due);
  }

  /**
   * Follow-the-sun with a lead whose time zone is known: keeps the reps whose shift, from now until it ends, overlaps
   * the lead's next business hours in the lead's zone; keeps everyone if nobody does. Returns what the trace says.
   * Runs only on the after-hours path, so it may look at each candidate's schedule.
   */
  private String keepOverlappingLeadHours(RosterSnapshot snap, Lead lead, Instant now, long[] eligible) {
    java.time.ZoneId zone = lead.timeZone();
    io.smartrouting.api.WorkingHours hours = afterHours.leadHours();
    if (zone == null || hours.isAlways()) {
      return "";
    }
    Instant opens = hours.covers(now, zone) ? now : hours.nextChange(now, zone);
    if (opens == null) {
      return "";
    }
    long[] overlapping = new long[eligible.length];
    for (int o = Bits.nextSetBit(eligible, 0); o >= 0; o = Bits.nextSetBit(eligible, o + 1)) {
      if (opens.isBefore(shiftEnd(snap.reps[o], now))) {
        Bits.set(overlapping, o);
      }
    }
    if (Bits.isEmpty(overlapping)) {
      return " (none of them is on shift during the lead's business hours in " + zone + ", so all of them)";
    }
    System.arraycopy(overlapping, 0, eligible, 0, eligible.length);
    return " whose shift overlaps the lead's business hours in " + zone;
  }

  /** When rep {@code rep}, on shift at {@code now}, goes off shift (a far instant for a rep always on shift). */
  private static Instant shiftEnd(Rep rep, Instant now) {
    Instant t = now;
    for (int i = 0; i < 16; i++) {
      Instant next = rep.workingHours().nextChange(t, rep.timeZone());
      if (next == null) {
        return Instant.MAX;
      }
      if (!rep.workingHours().covers(next, rep.timeZone())) {
        return next;
      }
      t = next;
    }
    return t;
  }

  /**
   * Manager fallback: the first active manager of a rep in the lead's territory who has capacity left (within the
   * owner's team for a one-to-one account, never one of {@code excluded}).
   */
  private static int managerFallback(RosterSnapshot snap, LeadFacts facts, long[] available, TraceRecorder trace,
      String leadId, long @Nullable [] ownerTeam, long @Nullable [] excluded, boolean preview, long[] covering) {
    // The reps covering the lead's territory, in roster order, from the index: asking every rep of a large roster
    // whether it covers the lead took a third of a millisecond at 100,000 reps (FallbackBenchmark).
    snap.coveringTerritory(facts, covering);
    int n = snap.size();
    for (int o = Bits.nextSetBit(covering, 0); o >= 0 && o < n; o = Bits.nextSetBit(covering, o + 1)) {
      String managerId = snap.reps[o].managerId();
      if (managerId == null) {
        continue;
      }
      int m = snap.ordinalOf(managerId);
      if (m < 0 || (ownerTeam != null && !Bits.get(ownerTeam, m)) || (excluded != null && Bits.get(excluded, m))) {
        continue;
      }
      if (preview ? snap.canTakeManager(m, available) : snap.tryTakeManager(m, available, leadId)) {
        trace.winner(snap, m, false);
        trace.fallback("manager fallback");
        return m;
      }
    }
    return -1;
  }

  /**
   * The account's people among {@code eligible} who may take one more of its leads: below the capacity threshold
   * (one-to-many), below capacity (one-to-few), below the bounded override (one-to-one). Ascending; null if none.
   * The others among {@code eligible} are full for the account's tier; the trace gets those the capacity filter had
   * not recorded. In a preview of several moves, {@code previewed} (per ordinal, the leads the earlier ones add or
   * take away) counts too.
   */
  private static int @Nullable [] accountCandidates(RosterSnapshot snap, int[] people, long[] eligible,
      io.smartrouting.api.@Nullable AccountTier tier, TraceRecorder trace, int @Nullable [] previewed) {
    int n = 0;
    for (int o : people) {
      if (Bits.get(eligible, o)) {
        // In a preview of several moves, the room the earlier ones take and free counts too.
        int open = snap.openLeads(o) + (previewed == null ? 0 : previewed[o]);
        if (open < accountLimit(snap, o, tier)) {
          n++;
        } else if (!trace.wasCapacityExcluded(o)) {
          // Full for the account's tier, but not marked full when the capacity filter ran (the mark is a hint that
          // another thread may not have set yet): recorded now, so that the reason is the one of this moment.
          trace.capacityExcluded(o, open);
        }
      }
    }
    if (n == 0) {
      return null;
    }
    int[] out = new int[n];
    int k = 0;
    for (int o : people) {
      if (Bits.get(eligible, o) && snap.openLeads(o) + (previewed == null ? 0 : previewed[o])
          < accountLimit(snap, o, tier) && k < n) {
        out[k++] = o;
      }
    }
    return k == n ? out : java.util.Arrays.copyOf(out, k);
  }

  /** True if {@code ordinals} (a few) holds {@code o}. */
  static boolean contains(int[] ordinals, int o) {
    for (int x : ordinals) {
      if (x == o) {
        return true;
      }
    }
    return false;
  }

  /** How many open leads account person {@code o} may hold before taking one more lead of an account of {@code tier}. */
  static int accountLimit(RosterSnapshot snap, int o, io.smartrouting.api.@Nullable AccountTier tier) {
    if (tier == io.smartrouting.api.AccountTier.ONE_TO_ONE) {
      return snap.overrideLimit[o];
    }
    return tier == io.smartrouting.api.AccountTier.ONE_TO_FEW ? snap.capacity(o) : snap.admitLimit[o];
  }

  /**
   * {@link Scratch#tally} columns: eligible reps, then headroom and overridable, each followed by whether it holds
   * specialists and whether, holding none, it holds generalists (1 or 0); then the members of the two sets the
   * industry preference kept ({@link #writePreferred}).
   */
  private static final int T_ELIGIBLE = 0;
  private static final int T_HEADROOM = 1;
  private static final int T_OVERRIDABLE = 4;
  private static final int T_SPECIALISTS = 1;
  private static final int T_GENERALISTS = 2;
  private static final int T_CURRENT = 7;
  private static final int T_IGNORING = 8;
  private static final int T_SIZE = 9;

  /**
   * One pass over the words of {@code eligible}: writes the reps with headroom into {@code headroom} (eligible minus
   * reps at or above their capacity threshold or at their daily cap; the others are recorded in the trace) and those
   * that a bounded override may still take into {@code overridable} (eligible minus reps at or above their override
   * limit or at their daily cap; only reps at the threshold can be above the limit, so that word is read only then),
   * and counts into {@code tally} the eligible reps and the members of both sets; then notes for both sets whether
   * they hold any of {@code specialists} and any of {@code generalists} (when not null). Returns true if a specialist
   * qualified before availability.
   *
   * <p>On a large roster this pass reads every word of several bitsets, so it does the least per word: a word without
   * full reps (nearly all of them, unless the team is busy) is counted once and kept whole in both sets; the counts of
   * full reps are made only for words that have some. The industry questions are asked afterwards, each a scan that
   * stops at the first member found (at once, where the industry has specialists), and the generalists only where no
   * specialist answered.
   */
  private static boolean capacityFilter(RosterSnapshot snap, long[] eligible, long[] headroom, long[] overridable,
      long @Nullable [] specialists, long @Nullable [] generalists, long[] beforeAvailability, TraceRecorder trace,
      int[] tally) {
    int nEligible = 0;
    int nFull = 0;
    int nOverFull = 0;
    boolean caps = snap.hasDailyCaps();
    for (int w = 0; w < eligible.length; w++) {
      // No branch on the word itself: on a large roster about half the words are empty, at random.
      long word = eligible[w];
      long dayFull = caps ? word & snap.dayFullWord(w) : 0L;
      long full = word & snap.saturatedWord(w) | dayFull;
      nEligible += Long.bitCount(word);
      long kept = word;
      long over = word;
      if (full != 0) {
        kept = word & ~full;
        // Only reps at the threshold can be at the override limit (or their cap).
        long overFull = full & snap.overFullWord(w) | dayFull;
        over = word & ~overFull;
        nFull += Long.bitCount(full);
        nOverFull += Long.bitCount(overFull);
        while (full != 0) {
          int o = (w << 6) + Long.numberOfTrailingZeros(full);
          long bit = full & -full;
          full &= full - 1;
          trace.capacityExcluded(o, (dayFull & bit) != 0 ? TraceRecorder.DAILY_CAP : snap.states[o].openLeads());
        }
      }
      headroom[w] = kept;
      overridable[w] = over;
    }
    tally[T_ELIGIBLE] = nEligible;
    tally[T_HEADROOM] = nEligible - nFull;
    tally[T_OVERRIDABLE] = nEligible - nOverFull;
    industryTally(headroom, overridable, specialists, generalists, tally);
    return specialists != null && intersects(beforeAvailability, specialists);
  }

  /**
   * Notes in {@code tally} whether {@code headroom} and {@code overridable} hold any of {@code specialists} and, where
   * they hold none, any of {@code generalists} (1 or 0; nulls hold none). The overridable reps include those with
   * headroom, so a specialist among the latter answers for both.
   */
  private static void industryTally(long[] headroom, long[] overridable, long @Nullable [] specialists,
      long @Nullable [] generalists, int[] tally) {
    boolean headSpec = specialists != null && intersects(headroom, specialists);
    boolean overSpec = headSpec || specialists != null && intersects(overridable, specialists);
    tally[T_HEADROOM + T_SPECIALISTS] = headSpec ? 1 : 0;
    tally[T_OVERRIDABLE + T_SPECIALISTS] = overSpec ? 1 : 0;
    tally[T_HEADROOM + T_GENERALISTS] = !headSpec && generalists != null && intersects(headroom, generalists) ? 1 : 0;
    tally[T_OVERRIDABLE + T_GENERALISTS] =
        !overSpec && generalists != null && intersects(overridable, generalists) ? 1 : 0;
  }

  /**
   * In a preview of several moves ({@link #previewMove}): the capacity sets {@link #capacityFilter} wrote, as the
   * earlier moves would leave them (a unit taken from each rep a lead would go to, one freed at each rep it would
   * leave; a rep the leads would bring to one of its caps full for that period), and the tally counted again. Not on
   * the routing path.
   */
  private static void previewCapacity(RosterSnapshot snap, Scratch s, long @Nullable [] specialists,
      long @Nullable [] generalists, int[] tally, Instant now) {
    int[] earlier = s.previewed;
    int[] arrived = java.util.Objects.requireNonNull(s.session).arrivals;
    for (int o = 0; o < earlier.length; o++) {
      if (earlier[o] == 0 && arrived[o] == 0 || !Bits.get(s.eligible, o)) {
        continue;
      }
      int open = snap.states[o].openLeads() + earlier[o];
      boolean dayFull = snap.hasDailyCaps() && (snap.isDayFull(o) || snap.fullWith(o, arrived[o], now));
      Bits.set(s.headroom, o, open < snap.admitLimit[o] && !dayFull);
      Bits.set(s.overridable, o, open < snap.overrideLimit[o] && !dayFull);
    }
    tally[T_HEADROOM] = Bits.cardinality(s.headroom);
    tally[T_OVERRIDABLE] = Bits.cardinality(s.overridable);
    industryTally(s.headroom, s.overridable, specialists, generalists, tally);
  }

  /**
   * The industry preference for the set counted at {@code column} of {@code tally}: specialists of the lead's industry
   * if any is in the set; else generalists if any; else everyone in it (null). Records the mode in the trace when
   * {@code withHeadroom}.
   */
  private static long @Nullable [] preferred(LeadFacts facts, long @Nullable [] specialists, long[] generalists,
      int[] tally, int column, TraceRecorder trace, boolean withHeadroom) {
    TraceRecorder.IndustryMode mode;
    long[] mask;
    if (facts.industry == null) {
      mode = TraceRecorder.IndustryMode.NO_INDUSTRY;
      mask = null;
    } else if (specialists != null && tally[column + T_SPECIALISTS] > 0) {
      mode = TraceRecorder.IndustryMode.SPECIALISTS;
      mask = specialists;
    } else if (tally[column + T_GENERALISTS] > 0) {
      mode = TraceRecorder.IndustryMode.GENERALISTS;
      mask = generalists;
    } else {
      mode = TraceRecorder.IndustryMode.ANY_ELIGIBLE;
      mask = null;
    }
    if (withHeadroom) {
      trace.mode(mode);
    }
    return mask;
  }

  /**
   * {@code current = headroom & headroomMask} and {@code ignoring = overridable & overridableMask} in one pass, their
   * sizes into {@code tally} ({@link #T_CURRENT}, {@link #T_IGNORING}); a null mask keeps the whole set, whose size
   * {@link #capacityFilter} counted.
   */
  private static void writePreferred(long[] headroom, long @Nullable [] headroomMask, long[] current,
      long[] overridable, long @Nullable [] overridableMask, long[] ignoring, int[] tally) {
    tally[T_CURRENT] = maskInto(headroom, headroomMask, current, tally[T_HEADROOM]);
    if (overridableMask == headroomMask && tally[T_OVERRIDABLE] == tally[T_HEADROOM]) {
      // Nobody eligible is full (the overridable reps include those with headroom, and are as many): the same set.
      System.arraycopy(current, 0, ignoring, 0, current.length);
      tally[T_IGNORING] = tally[T_CURRENT];
    } else {
      tally[T_IGNORING] = maskInto(overridable, overridableMask, ignoring, tally[T_OVERRIDABLE]);
    }
  }

  /**
   * {@code dst = set & mask}, or a copy of {@code set} when {@code mask} is null; returns {@code dst}'s size, counted
   * as it is written, or {@code size} (the size of {@code set}) for a copy.
   */
  private static int maskInto(long[] set, long @Nullable [] mask, long[] dst, int size) {
    if (mask == null) {
      System.arraycopy(set, 0, dst, 0, set.length);
      return size;
    }
    return Bits.andInto(set, mask, dst);
  }

  /**
   * {@code out = pool & target & preferred}: the members of {@code pool} that step filter {@code target} lets through,
   * specialists of the lead's industry if any, else generalists if any, else all of them; returns which.
   */
  private static TraceRecorder.IndustryMode preferWithin(long[] pool, long[] target, long @Nullable [] specialists,
      long[] generalists, long[] out) {
    Bits.andInto(pool, target, out);
    // andWith leaves out as it was when the mask leaves no member, so each preference starts from pool & target.
    if (specialists != null && andWith(out, specialists)) {
      return TraceRecorder.IndustryMode.SPECIALISTS;
    }
    if (andWith(out, generalists)) {
      return TraceRecorder.IndustryMode.GENERALISTS;
    }
    return TraceRecorder.IndustryMode.ANY_ELIGIBLE;
  }

  /** {@code words &= mask} if that leaves a member, returning true; otherwise leaves {@code words} and returns false. */
  private static boolean andWith(long[] words, long[] mask) {
    if (!intersects(words, mask)) {
      return false;
    }
    Bits.and(words, mask);
    return true;
  }

  /** Whether {@code a}, {@code b} and {@code c} share a member. */
  private static boolean intersects(long[] a, long[] b, long[] c) {
    for (int i = 0; i < a.length; i++) {
      if ((a[i] & b[i] & c[i]) != 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean intersects(long[] a, long[] b) {
    for (int i = 0; i < a.length; i++) {
      if ((a[i] & b[i]) != 0) {
        return true;
      }
    }
    return false;
  }

  /** {@code words &= to}; returns the new size. */
  private static int narrow(long[] words, @Nullable CandidateSet to, int wordCount) {
    if (to != null) {
      if (to instanceof BitCandidateSet) {
        long[] other = ((BitCandidateSet) to).words();
        for (int i = 0; i < words.length; i++) {
          words[i] &= i < other.length ? other[i] : 0L;
        }
      } else {
        Bits.and(words, BitCandidateSet.wordsOf(to, wordCount));
      }
    }
    return Bits.cardinality(words);
  }

  static Decision fromPlacement(Placement p, RosterSnapshot snap, String why) {
    return Decision.builder(p.leadId()).rep(p.repId()).queue(p.queue()).tier(p.tier())
        .decidedBy(EXISTING_PLACEMENT).decidedAt(p.assignedAt()).rosterVersion(snap.version)
        .slaDeadline(p.slaDeadline()).trace(() -> "  " + why).build();
  }
}
