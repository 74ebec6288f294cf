package io.smartrouting.core;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.RoutingListener;
import io.smartrouting.api.Tier;
import io.smartrouting.core.internal.Availability;
import io.smartrouting.core.internal.EventBus;
import io.smartrouting.core.internal.MetricsRecorder;
import io.smartrouting.core.internal.TimerQueue;
import io.smartrouting.core.internal.AccountDirectory;
import io.smartrouting.core.internal.CompiledStep;
import io.smartrouting.core.internal.EnrichmentStep;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.core.internal.Pipeline;
import io.smartrouting.core.internal.RosterSnapshot;
import io.smartrouting.core.internal.SlaBreaches;
import io.smartrouting.core.state.InMemoryStateStore;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.StateUnavailableException;
import io.smartrouting.core.state.RoutingStateStore;
import io.smartrouting.spi.LeadEnricher;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes leads to reps: the facade of the SDK and the only type most users need.
 *
 * <pre>{@code
 * Router router = Router.builder()
 *     .roster(reps)
 *     .accounts(accounts)
 *     .defaultChain()
 *     .build();
 * Decision d = router.route(lead);
 * }</pre>
 *
 * <p>Every call to {@link #route} returns a {@link Decision}: the lead is assigned to exactly one rep or placed in
 * exactly one queue, never dropped. Routing the same lead id again within the idempotency window returns the
 * same decision and reserves nothing twice.
 *
 * <p>Thread-safe: route, release, record and update concurrently from any number of threads. Roster updates swap
 * an immutable snapshot atomically; decisions in flight finish on the snapshot they started with.
 */
public final class Router implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  /** Queue used when no rep can take a lead, unless configured otherwise. */
  public static final String DEFAULT_FALLBACK_QUEUE = "unassigned";
  /** How many replaced rosters a router keeps for its decisions' explanations ({@link Builder#keepReplacedRosters}). */
  public static final int DEFAULT_KEEP_REPLACED_ROSTERS = 4;

  /** Free-mail domains that never identify an account. */
  public static final Set<String> DEFAULT_FREE_MAIL_DOMAINS = Set.of("gmail.com", "googlemail.com",
      "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "msn.com", "yahoo.com", "yahoo.co.uk",
      "ymail.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "gmx.com",
      "gmx.de", "gmx.net", "web.de", "mail.com", "yandex.com", "yandex.ru", "mail.ru", "zoho.com", "qq.com",
      "163.com", "126.com", "fastmail.com", "hey.com", "tutanota.com", "orange.fr", "free.fr", "btinternet.com");

  /** Default names of the built-in chain: account owner, Tier 1 fast-track, weighted (Tier 2), round-robin. */
  public static final List<ChainStep> DEFAULT_CHAIN = List.of(
      ChainStep.of("account-owner"),
      ChainStep.of("tier-fast-track").onlyFor(Tier.TIER_1),
      ChainStep.of("weighted").onlyFor(Tier.TIER_2),
      ChainStep.of("round-robin").onlyFor(Tier.TIER_3));

  /** Default {@link Builder#outcomeWindow}: how long after its routing a released lead's outcome still counts. */
  public static final Duration DEFAULT_OUTCOME_WINDOW = Duration.ofDays(90);

  /** Default {@link Builder#outcomeWindow} bound: released leads remembered at most. */
  public static final long DEFAULT_OUTCOME_WINDOW_LEADS = 100_000;

  /**
   * How far before a lead's assignment a reported first contact may be and still count, at the assignment: the
   * caller's clock and the router's differ (another machine, another node) and CRMs keep contact times to the second.
   * A contact earlier than this before the assignment is refused.
   */
  public static final Duration CONTACT_CLOCK_TOLERANCE = Duration.ofSeconds(5);

  private final Object updateLock = new Object();
  // Configuration: replaced together by reconfigure(), each read once where it is used.
  private volatile Pipeline pipeline;
  /** The attribute this router adds to the facts it saves ({@link Builder#tagsSavedLeads}), or null. */
  private final @Nullable String savedLeadsTagKey;
  private final @Nullable String savedLeadsTagValue;
  private final RoutingStateStore store;
  /** The store's view that keeps decisions as placements (the in-memory store), or null. */
  private final io.smartrouting.core.internal.@Nullable DecidedPlacements keepsDecisions;
  private final Clock clock;
  private volatile double capacityThreshold;
  /** Share of capacity a bounded override may add (see {@link Builder#maxOverride(double)}). */
  private volatile double overrideShare;
  private final Set<String> freeMailDomains;
  private final EventBus events;
  private final DecisionObserver[] observers;
  private final MetricsRecorder metrics = new MetricsRecorder();
  private final TimerQueue timers = new TimerQueue();
  private final Availability.Overrides overrides = new Availability.Overrides();
  private volatile EscalationPolicy escalation;
  /** What a roster update does with the open leads of reps it leaves out ({@link Builder#whenRepsLeave}); null: keep. */
  private volatile @Nullable OffboardPolicy whenRepsLeave;
  /** Whether an update moving accounts to other reps hands their open leads over ({@link Builder#whenAccountsMove}). */
  private volatile boolean moveLeadsWithAccounts;
  /** Whether an update changing what a rep covers moves its leads it no longer covers ({@link Builder#whenCoverageChanges}). */
  private volatile boolean moveUncoveredLeads;
  /** Whether an update that makes an SDR's lead sales-qualified hands it off ({@link Builder#handOffQualifiedLeads}). */
  private volatile boolean handOffQualifiedLeads;
  /** Whether a hand-off looks among the SDR's team first ({@link Builder#handOffWithinTeam}). */
  private volatile boolean handOffWithinTeam;
  /** Whether this router named SDRs to its learning model as qualifiers ({@link #nameQualifiers}). */
  private boolean namedQualifiers;
  /** The shortest time off whose start hands over the rep's open leads ({@link Builder#handOverWhenAway}); null: off. */
  private volatile @Nullable Duration handOverWhenAway;
  /**
   * By tier, how long after a first contact without progress a lead is routed again
   * ({@link Builder#recycleStalledLeads}); empty: off.
   */
  private volatile Map<Tier, Duration> recycleStalledLeads;
  private final Set<String> missedLeads = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.@Nullable ScheduledFuture<?> timerTask;
  private volatile List<String> chainLabels;
  /** The chain as configured and as compiled, so that reconfigure keeps the strategy instances of unchanged steps. */
  private volatile List<ChainStep> chainSteps;
  private volatile List<CompiledStep> compiledSteps;
  private volatile @Nullable String configVersion;
  private volatile long configGeneration = 1;
  private final io.smartrouting.core.internal.RecentWindow<Decision> recent;
  private final @Nullable EnrichmentStep enrichment;
  private final @Nullable ConversionModel learning;
  /** Who held the leads released lately, for outcomes reported later ({@link Builder#outcomeWindow}), or null. */
  private final io.smartrouting.core.internal.@Nullable ClosedLeads closedLeads;
  private volatile RosterSnapshot snapshot;
  /** The rosters this router replaced that it still keeps for their decisions' explanations. */
  private final io.smartrouting.core.internal.ReplacedRosters replacedRosters;
  private volatile ClassificationPolicy classification;
  private volatile String fallbackQueue;
  /** A lead queued while the state store was unavailable: the placement still to be written, and its facts. */
  private record Unplaced(Placement placement, Lead lead) {}

  /** Leads queued while the state store was unavailable, by id. */
  private final ConcurrentHashMap<String, Unplaced> unreconciled = new ConcurrentHashMap<>();
  private volatile boolean stateDown;
  private volatile long lastLearningSync = System.nanoTime();
  /** Leads whose SLA move was interrupted by the store: capacity it may have reserved is checked on reconcile. */
  private final Set<String> interruptedMoves = ConcurrentHashMap.newKeySet();
  /** Releases, contacts and outcomes reported while the store was unavailable, written by reconcile(). */
  private final io.smartrouting.core.internal.OutageJournal journal;
  /** The store's timer-lease epoch this router last loaded open leads for. */
  private volatile long leaseEpochSeen;
  private volatile boolean closed;
  /** Wait queues that drain, and the moves callers ask for: the lead's life after its first decision. */
  private final io.smartrouting.core.internal.LeadLifecycle lifecycle;
  /** What a missed first-contact deadline does: report, reassign, escalate. */
  private final SlaBreaches breaches;
  /** Takes up leads already open outside the router ({@link #adopt}). */
  private final io.smartrouting.core.internal.Adoptions adoptions;
  /** What a reported outcome does: counted once, credited to its rep, marked as progress, told. */
  private final io.smartrouting.core.internal.Outcomes outcomes;
  /** The leads other routers on a shared store timed or queued, taken up while this router holds the timer lease. */
  private final io.smartrouting.core.internal.OthersLeads othersLeads;

  private Router(Builder b, List<CompiledStep> steps) {
    this.store = b.store;
    this.keepsDecisions = io.smartrouting.core.internal.DecidedPlacements.of(b.store);
    this.clock = b.clock;
    this.classification = b.classification;
    this.fallbackQueue = b.fallbackQueue;
    this.capacityThreshold = b.capacityThreshold;
    this.freeMailDomains = Set.copyOf(b.freeMailDomains);
    List<RoutingListener> listeners = new ArrayList<>(b.listeners);
    if (b.auditLog != null) {
      listeners.add(new AuditLog(b.auditLog, b.auditLogMaxReps));
    }
    this.events = new EventBus(listeners, b.asyncEventCapacity);
    this.observers = b.observers.toArray(new DecisionObserver[0]);
    this.journal = new io.smartrouting.core.internal.OutageJournal(b.journalCapacity);
    this.escalation = b.escalation;
    this.whenRepsLeave = b.whenRepsLeave;
    this.moveLeadsWithAccounts = b.moveLeadsWithAccounts;
    this.moveUncoveredLeads = b.moveUncoveredLeads;
    this.handOffQualifiedLeads = b.handOffQualifiedLeads;
    this.handOffWithinTeam = b.handOffWithinTeam;
    this.handOverWhenAway = b.handOverWhenAway;
    this.recycleStalledLeads = Map.copyOf(b.recycleStalledLeads);
    List<String> labels = new ArrayList<>();
    for (CompiledStep s : steps) {
      labels.add(s.label());
    }
    this.chainLabels = List.copyOf(labels);
    this.chainSteps = List.copyOf(b.chain);
    this.compiledSteps = List.copyOf(steps);
    this.configVersion = b.configVersion;
    java.util.Set<Tier> businessTiers = b.businessTiers();
    this.pipeline = new Pipeline(steps, b.classification, store, b.fallbackQueue, b.fallback, b.sla,
        b.learning, b.afterHours, businessTiers).regionlessLeadsReachRegionReps(b.regionlessLeadsReachRegionReps)
        .tagSavedLeads(b.savedLeadsTagKey, b.savedLeadsTagValue);
    this.savedLeadsTagKey = b.savedLeadsTagKey;
    this.savedLeadsTagValue = b.savedLeadsTagValue;
    this.learning = b.learning;
    if (b.learning != null && store.sharesOutcomes()) {
      // Any node may be told a lead's outcome after this one released it: the store keeps what crediting it needs.
      store.keepReleasedLeads(b.learning.policy().attributionWindow());
    }
    this.overrideShare = b.overrideShare;
    AccountDirectory accounts = new AccountDirectory(b.accounts, freeMailDomains);
    this.snapshot = new RosterSnapshot(1, b.roster, store, capacityThreshold, accounts, overrides, overrideShare);
    this.replacedRosters = new io.smartrouting.core.internal.ReplacedRosters(b.keepReplacedRosters);
    warnPeopleOffRoster(null, snapshot);
    snapshot.refreshCaps(clock.instant(), true);
    this.enrichment = b.enricher == null ? null
        : new EnrichmentStep(b.enricher, b.enrichmentTimeout, b.enrichmentCacheTtl, b.enrichmentCacheSize,
            freeMailDomains);
    Clock c = clock;
    // The windows run on the router's clock: route() reads it once per decision for both the decision time and the
    // idempotency window.
    java.util.function.LongSupplier nanos = () -> io.smartrouting.core.internal.RecentWindow.epochNanos(c.instant());
    this.recent = new io.smartrouting.core.internal.RecentWindow<>(b.idempotencyWindow, b.idempotencyCapacity,
        nanos);
    this.closedLeads = b.outcomeWindow.isZero() ? null
        : new io.smartrouting.core.internal.ClosedLeads(b.outcomeWindow, b.outcomeWindowLeads, nanos);
    java.util.function.Supplier<RosterSnapshot> snap = () -> this.snapshot;
    this.outcomes = new io.smartrouting.core.internal.Outcomes(store, recent, learning, closedLeads,
        b.idempotencyWindow, b.idempotencyCapacity, nanos, journal, metrics, events, clock, snap,
        () -> this.classification, this::factsOf, this::localFactsOf);
    this.lifecycle = new io.smartrouting.core.internal.LeadLifecycle(store, pipeline, snap, timers, recent, metrics,
        events, overrides, outcomes::attributeMove, outcomes::forgetAttribution, outcomes::creditQualification,
        interruptedMoves::add, b.queuePolicies, b.fallbackQueue, b.sla, businessTiers);
    nameQualifiers(snapshot);
    this.breaches = new SlaBreaches(store, snap, () -> this.pipeline,
        () -> this.escalation, timers, recent, metrics, events, lifecycle, missedLeads, outcomes::attributeMove,
        outcomes::forgetAttribution);
    this.adoptions = new io.smartrouting.core.internal.Adoptions(store, snap, () -> this.pipeline, timers, recent,
        events, lifecycle, outcomes::attribute, interruptedMoves::add);
    // A router built on a store that already holds the lease loads the open leads on its first timer pass (a node
    // restarted in place of one that died); a store that does not hold it yet triggers that when it takes it.
    this.leaseEpochSeen = store.timerLeaseEpoch() > 0 ? -1 : 0;
    if (b.ownsLeads != null) {
      lifecycle.ownOnly(b.ownsLeads);
    }
    this.othersLeads = new io.smartrouting.core.internal.OthersLeads(store, timers, lifecycle, metrics, clock);
    if (b.resumeOpenLeads) {
      othersLeads.resume();
    }
    if (b.timerTick == null) {
      this.timerTask = null;
    } else {
      ScheduledExecutorService executor = b.timerScheduler != null ? b.timerScheduler
          : io.smartrouting.core.internal.SharedTimerThread.shared();
      this.timerTask = io.smartrouting.core.internal.SharedTimerThread.schedule(this, Router::fireDueTimersSafely,
          b.timerTick.toMillis(), executor);
    }
  }

  private void observe(Decision decision, long nanos) {
    for (DecisionObserver o : observers) {
      try {
        o.decided(decision, nanos);
      } catch (RuntimeException e) {
        LOG.warn("decision observer {} failed on lead {}; the decision stands", o.getClass().getName(),
            decision.leadId(), e);
      }
    }
  }

  private void fireDueTimersSafely() {
    if (closed) {
      return; // a tick handed to a worker just before close()
    }
    try {
      if (!unreconciled.isEmpty() || !interruptedMoves.isEmpty() || !journal.isEmpty()) {
        reconcile();
      }
      if (store.sharesAvailability()) {
        try {
          syncAvailability();
        } catch (StateUnavailableException e) {
          LOG.debug("availability sync skipped: {}", e.getMessage());
        }
      }
      if (learning != null && System.nanoTime() - lastLearningSync > LEARNING_SYNC_INTERVAL.toNanos()) {
        try {
          syncLearning();
        } catch (StateUnavailableException e) {
          lastLearningSync = System.nanoTime();
          LOG.debug("learning sync skipped: {}", e.getMessage());
        }
      }
      fireDueTimers();
    } catch (RuntimeException e) {
      LOG.error("SLA timer pass failed; the next pass retries", e);
    }
  }

  /**
   * Replaces this router's configuration with what {@code next} says, atomically for new decisions: the chain, the
   * roster and accounts, classification, capacity threshold and override, SLAs and their clocks, escalation,
   * after-hours and fallback, queue policies, and the config version. Decisions in flight finish on the version they
   * started with. Live state stays: open leads and their placements, capacity counts, SLA timers, waiting leads,
   * availability overrides, response and outcome statistics, and the state of every chain step whose label, strategy
   * and configuration did not change (round-robin credit, for one). What is not configuration is the router's own
   * and is ignored in {@code next}: state store, clock, timers, listeners, enricher, learning, idempotency window,
   * free-mail domains, strategy registry only for steps that are new.
   *
   * <p>A rep the new roster leaves out that holds open leads is offboarded as {@code next}'s
   * {@link Builder#whenRepsLeave} says (by default its leads stay with it, with a warning).
   *
   * <p>A builder that fails its checks (or a strategy that rejects its configuration) changes nothing.
   *
   * @param next a builder with the new settings (a roster, accounts, a chain, policies)
   * @return the new configuration generation (1 for the configuration the router was built with, then 2, 3, ...)
   * @throws IllegalArgumentException if {@code next} is not a valid configuration; the router keeps the old one
   */
  public long reconfigure(Builder next) {
    Objects.requireNonNull(next, "next must not be null");
    if (closed) {
      throw new IllegalStateException("router is closed");
    }
    next.check();
    Builder.checkPerformanceHasModel(next.chain, learning);
    List<String> left;
    RosterSnapshot before;
    long generation;
    RosterSnapshot snap;
    synchronized (updateLock) {
      List<CompiledStep> steps = next.compile(chainSteps, compiledSteps);
      java.util.Set<Tier> businessTiers = next.businessTiers();
      Pipeline p = pipelineOf(next, steps, businessTiers);
      RosterSnapshot old = snapshot;
      snap = new RosterSnapshot(old.version + 1, next.roster, store, next.capacityThreshold,
          new AccountDirectory(next.accounts, freeMailDomains), overrides, next.overrideShare);
      List<String> labels = new ArrayList<>();
      for (CompiledStep s : steps) {
        labels.add(s.label());
      }
      this.classification = next.classification;
      this.fallbackQueue = next.fallbackQueue;
      this.capacityThreshold = next.capacityThreshold;
      this.overrideShare = next.overrideShare;
      this.escalation = next.escalation;
      this.whenRepsLeave = next.whenRepsLeave;
      this.moveLeadsWithAccounts = next.moveLeadsWithAccounts;
      this.moveUncoveredLeads = next.moveUncoveredLeads;
      this.handOffQualifiedLeads = next.handOffQualifiedLeads;
      this.handOffWithinTeam = next.handOffWithinTeam;
      this.handOverWhenAway = next.handOverWhenAway;
      this.recycleStalledLeads = Map.copyOf(next.recycleStalledLeads);
      this.chainSteps = List.copyOf(next.chain);
      this.compiledSteps = List.copyOf(steps);
      this.chainLabels = List.copyOf(labels);
      this.configVersion = next.configVersion;
      lifecycle.reconfigure(p, next.queuePolicies, next.fallbackQueue, next.sla, businessTiers);
      RosterSnapshot replaced = this.snapshot;
      this.snapshot = snap;
      replacedRosters.bound(next.keepReplacedRosters);
      replacedRosters.replaced(replaced, snap);
      this.pipeline = p;
      nameQualifiers(snap);
      snap.refreshAll();
      snap.refreshCaps(clock.instant(), true);
      generation = ++configGeneration;
      LOG.info("reconfigured: generation {}, version {}, {} reps, chain {}", generation, configVersion, snap.size(),
          chainLabels);
      warnPeopleOffRoster(old, snap);
      left = leftOut(old, snap);
      before = old;
    }
    afterRepsLeft(left, snap.version);
    lifecycle.afterAccountsUpdated(before.accounts, snap.accounts, moveLeadsWithAccounts, clock.instant());
    afterCoverageChanged(before, snap);
    return generation;
  }

  /** The decision pipeline {@code next} describes, on this router's store, learning and saved-lead tag. */
  private Pipeline pipelineOf(Builder next, List<CompiledStep> steps, java.util.Set<Tier> businessTiers) {
    return new Pipeline(steps, next.classification, store, next.fallbackQueue, next.fallback, next.sla, learning,
        next.afterHours, businessTiers).regionlessLeadsReachRegionReps(next.regionlessLeadsReachRegionReps)
        .tagSavedLeads(savedLeadsTagKey, savedLeadsTagValue);
  }

  /**
   * What {@link #reconfigure} with {@code next} would do now with open leads, changing nothing and applying nothing, in
   * the order it does it and as {@code next} says: the leads of reps its roster leaves out, moved as its
   * {@link Builder#whenRepsLeave} says; with its {@link Builder#whenAccountsMove}, the open leads of accounts it gives to
   * other people, handed to them; with its {@link Builder#whenCoverageChanges}, the leads of reps whose coverage it
   * changes that they no longer cover, routed again; moves through the chain with {@code next}'s chain, on its roster
   * and accounts, each lead seeing the room the earlier moves would take and free. For a person to see what a new
   * configuration does to the leads being worked before it is applied (a routing document's reload, say). A step
   * that reads contact or company notes sees them as before the moves.
   *
   * @param next a builder with the new settings
   * @return the moves, in the order the reconfiguration would make them
   * @throws IllegalArgumentException if {@code next} is not valid, as for {@link #reconfigure}
   * @throws IllegalStateException if the router was closed
   */
  public List<Decision> previewReconfigure(Builder next) {
    Objects.requireNonNull(next, "next must not be null");
    if (closed) {
      throw new IllegalStateException("router is closed");
    }
    next.check();
    Builder.checkPerformanceHasModel(next.chain, learning);
    Pipeline p = pipelineOf(next, next.compile(chainSteps, compiledSteps), next.businessTiers());
    RosterSnapshot current = snapshot;
    Instant now = clock.instant();
    RosterSnapshot snap = previewed(current, next.roster, new AccountDirectory(next.accounts, freeMailDomains),
        next.capacityThreshold, next.overrideShare, now);
    io.smartrouting.core.internal.LeadLifecycle.PreviewChain chain =
        new io.smartrouting.core.internal.LeadLifecycle.PreviewChain(p, next.fallbackQueue);
    return lifecycle.previewReconfigure(current, snap, leftOut(current, snap), next.whenRepsLeave,
        next.moveLeadsWithAccounts, next.moveUncoveredLeads, chain, now);
  }

  /**
   * Hands the open leads of account {@code accountId} that reps outside its people hold, after the account moved to
   * another owner or team, to its people: owner, team, backup, AE (then a parent account's), the first who is
   * available and has room as for a new lead of the account. Each move frees the old holder's unit, starts a new
   * first-contact deadline and publishes {@code LeadMoved} with {@link RoutingEvent.Move#ACCOUNT_MOVED}; a lead none of
   * them can take now stays where it is (a warning counts them; {@link Builder#whenAccountsMove} moves it later, once
   * one of them can), and queued leads wait for the drain, which routes
   * them to the account's people first. Leads are found by the routing facts kept with them, so on a shared store
   * any router finds every router's leads. {@link Builder#whenAccountsMove} does this on every update that moves
   * accounts.
   *
   * @param accountId the account whose owner or people changed
   * @return the moves made, oldest lead first
   * @throws IllegalArgumentException if the current snapshot has no account {@code accountId}
   */
  public List<Decision> moveAccountLeads(String accountId) {
    Objects.requireNonNull(accountId, "accountId must not be null");
    return lifecycle.moveAccountLeads(List.of(accountId), null, clock.instant());
  }

  /**
   * What {@link #moveAccountLeads} would do now, changing nothing: the leads it would hand over and to whom, as
   * decisions that are not placed (later leads counted against the room the earlier ones would take). For a person
   * to confirm before an account's leads move.
   *
   * @param accountId the account
   * @return the moves it would make, oldest lead first
   * @throws IllegalArgumentException if the current snapshot has no account {@code accountId}
   */
  public List<Decision> previewAccountLeads(String accountId) {
    Objects.requireNonNull(accountId, "accountId must not be null");
    return lifecycle.previewAccountLeads(accountId, clock.instant());
  }

  /**
   * What {@link #updateAccounts} with {@code accounts} would hand over, changing nothing and applying nothing: with
   * {@link Builder#whenAccountsMove} on, the update hands each account whose owner, team, backup or AE it changes the
   * open leads the reps it leaves out hold, to the first of the account's new people with room; these are those moves,
   * as decisions that are not placed, each lead counted against the room the earlier ones would take (the moves the
   * update makes, when nothing changes meanwhile). For a person to see what a new account plan does to the leads being
   * worked before it is applied. Without the setting the update itself moves nothing (the leads stay with their
   * holders until {@link #moveAccountLeads} is called for an account).
   *
   * @param accounts the new account list
   * @return the moves, oldest lead first; empty when no account changes hands
   * @throws IllegalArgumentException if {@code accounts} is not valid (a duplicate id, say), as for
   *     {@link #updateAccounts}
   */
  public List<Decision> previewAccountHandover(Collection<? extends Account> accounts) {
    accounts = elements(accounts, "accounts");
    RosterSnapshot current = snapshot;
    Instant now = clock.instant();
    RosterSnapshot next = previewed(current, current.repList(), new AccountDirectory(accounts, freeMailDomains), now);
    return lifecycle.previewAccountHandover(current.accounts, next, now);
  }

  /** The ids of {@code old}'s reps that {@code next} leaves out. */
  private static List<String> leftOut(RosterSnapshot old, RosterSnapshot next) {
    List<String> left = new ArrayList<>();
    for (int o = 0; o < old.size(); o++) {
      String id = old.reps[o].id();
      if (next.ordinalOf(id) < 0) {
        left.add(id);
      }
    }
    return left;
  }

  /**
   * After a roster update that left out reps: those holding open leads are offboarded with
   * {@link Builder#whenRepsLeave}, or, without one, a warning says that their leads stay with them. Who holds leads is
   * read from the store (the leavers' placements, once, and only when a rep left), not from this node's counts: on a
   * shared store a node that reloads may not have seen the leads other nodes gave the rep (it did not offboard them
   * before).
   */
  private void afterRepsLeft(List<String> leftOut, long version) {
    if (leftOut.isEmpty()) {
      return;
    }
    java.util.Set<String> holders = new java.util.HashSet<>();
    try {
      for (Placement p : store.placementsHeldBy(leftOut)) {
        holders.add(p.repId());
      }
    } catch (StateUnavailableException e) {
      LOG.warn("roster version {} leaves out {} rep(s), whose open leads could not be read ({}); offboard(repId,"
          + " policy) moves them", version, leftOut.size(), e.toString());
      return;
    }
    List<String> left = new ArrayList<>();
    for (String id : leftOut) {
      if (holders.contains(id)) {
        left.add(id);
      }
    }
    if (left.isEmpty()) {
      return;
    }
    OffboardPolicy policy = whenRepsLeave;
    if (policy == null) {
      LOG.warn("roster version {} leaves out {} rep(s) holding open leads: {}; their leads stay with them until"
          + " offboard(repId, policy) or a deadline moves them (Builder.whenRepsLeave offboards them on update)",
          version, left.size(), left);
      return;
    }
    for (String repId : left) {
      try {
        offboard(repId, policy);
      } catch (StateUnavailableException e) {
        LOG.warn("roster version {} left out rep {}, whose open leads could not all be moved yet ({}); the timer"
            + " ticks move the rest once the state store answers", version, repId, e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("roster version {} left out rep {}, whose open leads could not all be moved ({}); offboard it"
            + " again", version, repId, e.toString());
      }
    }
  }

  /**
   * The version of the configuration in use (see {@link Builder#configVersion(String)}), or null if none was given.
   *
   * @return the configuration version, or null if none was set
   */
  public @Nullable String configVersion() {
    return configVersion;
  }

  /**
   * How many configurations this router has had: 1 as built, one more after each {@link #reconfigure}.
   *
   * @return the configurations so far (1 as built)
   */
  public long configGeneration() {
    return configGeneration;
  }

  /**
   * Returns a new builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The lead's id, after the checks route and preview share: lead and id present, id not blank, router open. */
  private String checkedId(Lead lead) {
    Objects.requireNonNull(lead, "lead must not be null");
    String id = lead.id();
    if (id == null) {
      throw new NullPointerException("lead.id must not be null");
    }
    if (id.isBlank()) {
      throw new IllegalArgumentException("lead.id must not be blank but was '" + id + "'");
    }
    if (closed) {
      throw new IllegalStateException("router is closed");
    }
    return id;
  }

  /**
   * Routes one lead and returns where it went and why. A lead of the caller's own {@link Lead} implementation has its
   * country, region and language read as the builder reads them ({@link io.smartrouting.api.Codes}).
   *
   * @param lead the lead
   * @return the decision: the lead with exactly one rep or in exactly one queue
   * @throws NullPointerException if {@code lead} or its id is null
   * @throws IllegalArgumentException if the lead id is blank, or its country, region or language is not a code
   *     ({@code United States}), naming the field
   * @throws IllegalStateException if the router was closed
   */
  public Decision route(Lead lead) {
    String id = checkedId(lead);
    lead = io.smartrouting.core.internal.LeadForm.normalised(lead);
    long started = observers.length == 0 ? 0L : System.nanoTime();
    Instant now = clock.instant();
    long windowNow = io.smartrouting.core.internal.RecentWindow.epochNanos(now);
    Decision cached = recent.get(id, windowNow);
    if (cached != null) {
      if (!wasReleased(id)) {
        return cached;
      }
      // Released since: routing it again routes it afresh rather than answering from the window.
      recent.remove(id);
    }
    EnrichmentStep.Result enriched = enrichment == null ? null : enrichment.enrich(lead);
    Lead routed = enriched == null ? lead : enriched.lead;
    if (enriched != null) {
      // Enrichment may have waited on a remote call: decide at the time the decision is made.
      now = clock.instant();
    }
    Decision decision;
    try {
      decision = enriched == null ? pipeline.decide(snapshot, lead, now, null, false)
          : pipeline.decide(snapshot, enriched.lead, now, enriched.note, enriched.degraded);
      if (stateDown) {
        stateDown = false;
        LOG.info("live state store answers again; {} lead(s) to reconcile", unreconciled.size());
      }
    } catch (StateUnavailableException e) {
      metrics.stateFailure();
      decision = queuedWithoutState(routed, e);
    }
    // Two threads routing the same id at once: the state store's placeIfAbsent let only one place the lead;
    // the other got a decision describing that placement. Whichever reaches the cache first is what both return.
    Decision raced = recent.putIfAbsent(id, decision, windowNow);
    if (!Pipeline.isExistingPlacement(decision)) {
      if (decision.slaDeadline() != null) {
        // Due at the deadline, held by the decision's rep, first routed now. (The pipeline saved the lead's routing
        // facts with its placement.)
        timers.armFirst(routed, decision);
      }
      if (decision.queue() != null && !decision.hasFlag(Flag.STATE_UNAVAILABLE)) {
        lifecycle.queued(routed, decision.tier(), decision.decidedAt(), Set.of(), decision.decidedAt());
      }
      metrics.decision(decision);
      outcomes.attribute(routed, decision);
      if (events.hasListeners()) {
        events.publish(decision.repId() != null ? new RoutingEvent.LeadAssigned(decision)
            : new RoutingEvent.LeadQueued(decision));
      }
      if (observers.length != 0) {
        observe(decision, System.nanoTime() - started);
      }
    } else if (decision.queue() != null && decision.tier() != null) {
      // Another router placed it in a queue: this one now knows the lead's facts too, so either can drain it (the
      // move is a compare-and-set on the shared placement, so it is assigned once).
      lifecycle.queued(routed, decision.tier(), decision.decidedAt(), Set.of(), decision.decidedAt());
    }
    return raced != null ? raced : decision;
  }

  /**
   * The decision {@link #route} would return for {@code lead} now, with its full explanation, changing nothing:
   * no capacity reserved, nothing placed, no round-robin turn taken, nothing remembered in the idempotency window, no
   * SLA timer, no event, no metric. A lead already routed (and not released) previews as the decision it has.
   * Enrichment runs (results already cached are used; new ones are not cached). On a shared store whose round-robin
   * turns cannot be previewed, the round-robin step passes and says why.
   *
   * @param lead the lead
   * @return the decision {@link #route} would make
   * @throws NullPointerException if the lead or its id is null
   * @throws IllegalArgumentException if the id is blank, or a code is not one (as {@link #route})
   * @throws IllegalStateException if the router was closed
   */
  public Decision preview(Lead lead) {
    String id = checkedId(lead);
    lead = io.smartrouting.core.internal.LeadForm.normalised(lead);
    Instant now = clock.instant();
    Decision cached = recent.get(id, io.smartrouting.core.internal.RecentWindow.epochNanos(now));
    if (cached != null && !wasReleased(id)) {
      return cached;
    }
    EnrichmentStep.Result enriched = enrichment == null ? null : enrichment.enrich(lead, false);
    if (enriched != null) {
      now = clock.instant();
    }
    return enriched == null ? pipeline.preview(snapshot, lead, now, null, false)
        : pipeline.preview(snapshot, enriched.lead, now, enriched.note, enriched.degraded);
  }

  /**
   * {@link #preview} for each lead, each against the router's state as it is now (the leads do not take capacity from
   * one another), in order: what this configuration would do with a whole file of leads.
   *
   * @param leads the leads, in the order they would be routed
   * @return one decision a lead, in order
   */
  public List<Decision> previewAll(Collection<? extends Lead> leads) {
    Objects.requireNonNull(leads, "leads must not be null");
    List<Decision> out = new ArrayList<>(leads.size());
    for (Lead lead : leads) {
      out.add(preview(lead));
    }
    return out;
  }

  /**
   * The audit record of {@code decision}, with this router's configuration version.
   *
   * @param decision a decision of this router
   * @return its record
   */
  public DecisionRecord record(Decision decision) {
    return DecisionRecord.of(decision, configVersion);
  }

  /**
   * The audit record of {@code event}, with this router's configuration version now.
   *
   * @param event an event of this router
   * @return its record
   */
  public EventRecord record(RoutingEvent event) {
    return EventRecord.of(event, configVersion);
  }

  /** Writes every event as one line of JSON to the sink given to {@link Builder#auditLog(Consumer, int)}. */
  private final class AuditLog implements RoutingListener {
    private final java.util.function.Consumer<String> sink;
    private final int maxRepsPerReason;

    AuditLog(java.util.function.Consumer<String> sink, int maxRepsPerReason) {
      this.sink = sink;
      this.maxRepsPerReason = maxRepsPerReason;
    }

    @Override
    public void onEvent(RoutingEvent event) {
      sink.accept(record(event).toJson(maxRepsPerReason));
    }
  }

  /** True if lead {@code id}, remembered in the idempotency window, has no placement any more (it was released). */
  private boolean wasReleased(String id) {
    if (unreconciled.containsKey(id)) {
      return false;
    }
    try {
      return store.placement(id) == null;
    } catch (StateUnavailableException e) {
      return false;
    }
  }

  /** The decision when the state store cannot answer: the fallback queue, flagged, to be written later. */
  private Decision queuedWithoutState(Lead lead, StateUnavailableException e) {
    Instant now = clock.instant();
    io.smartrouting.core.internal.Classification c =
        io.smartrouting.core.internal.Classification.of(lead, classification);
    if (!stateDown) {
      stateDown = true;
      LOG.warn("live state store unavailable ({}); routing to queue '{}' until it answers", e.getMessage(),
          fallbackQueue);
    }
    unreconciled.put(lead.id(), new Unplaced(new Placement(lead.id(), null, fallbackQueue, c.tier, now, null, false,
        null), lead));
    String why = "  live state unavailable (" + e.getMessage() + "): placed in queue '" + fallbackQueue
        + "', to be written to the store when it answers";
    return Decision.builder(lead.id()).queue(fallbackQueue).tier(c.tier).segment(c.segment)
        .accountId(lead.accountId()).decidedBy("state-unavailable").decidedAt(now).rosterVersion(snapshot.version)
        .flag(Flag.STATE_UNAVAILABLE).flag(Flag.FALLBACK_QUEUE).trace(() -> why).build();
  }

  /**
   * Writes the placements of leads queued while the state store was unavailable, and repairs any capacity an
   * interrupted decision reserved for them, or an interrupted move (a drain, a claim, a reassignment, a transfer, an
   * SLA breach's move) left taken: a unit at a rep the lead's placement does not name is given back. A move the store
   * made but failed to answer (the caller saw {@link StateUnavailableException}) is finished here as it would have
   * been: its lead's SLA timer, queue entry and idempotency window follow it and its {@link RoutingEvent.LeadMoved}
   * event is published, once. Runs on every
   * timer tick while such leads exist; call it yourself with {@link Builder#manualTimers()}. Stops at the first
   * failure (the store is still down) and keeps the rest.
   *
   * @return the number of leads reconciled by this call
   */
  public int reconcile() {
    int done = 0;
    for (Map.Entry<String, Unplaced> e : unreconciled.entrySet()) {
      Unplaced u = e.getValue();
      Placement placed;
      try {
        Lead facts = pipeline.savedFacts(u.lead(), snapshot.accounts.match(u.lead()).account);
        placed = store.placeIfAbsent(u.placement(), facts);
        store.reconcile(e.getKey());
      } catch (StateUnavailableException ex) {
        LOG.debug("reconciliation paused: {}", ex.getMessage());
        return done;
      }
      if (unreconciled.remove(e.getKey(), u) && placed == null) {
        // Written now, with its facts: it drains from the queue like any other (on the timer-lease holder, which
        // takes it up from the store, when this router does not hold the lease).
        Placement p = u.placement();
        lifecycle.queued(u.lead(), p.tier(), p.assignedAt(), Set.of(), p.firstRoutedAt());
      }
      done++;
    }
    boolean repaired = false;
    for (String leadId : interruptedMoves) {
      try {
        store.reconcile(leadId);
        // A move whose answer was lost may have landed: then its books are kept now, its event published.
        lifecycle.settle(leadId);
      } catch (StateUnavailableException ex) {
        return done;
      }
      interruptedMoves.remove(leadId);
      repaired = true;
    }
    if (repaired) {
      // A unit given back makes room this router's view may not show yet (a drain or claim right after sees it).
      snapshot.refreshAll();
    }
    if (done > 0) {
      LOG.info("reconciled {} lead(s) routed while the live state store was unavailable", done);
    }
    // Then what callers reported meanwhile, in the order they reported it (after the placements it may refer to).
    return done + journal.replay(this::replay);
  }

  private void replay(io.smartrouting.core.internal.OutageJournal.Entry entry) {
    if (entry instanceof io.smartrouting.core.internal.OutageJournal.Release r) {
      releaseNow(r.leadId(), r.at());
      // A release interrupted between the placement and the capacity gives the unit back here.
      store.reconcile(r.leadId());
    } else if (entry instanceof io.smartrouting.core.internal.OutageJournal.Contact c) {
      recordContactNow(c.leadId(), c.at(), c.firstRoutedAt());
    } else if (entry instanceof io.smartrouting.core.internal.OutageJournal.ResponseTime t) {
      store.rep(t.repId()).recordResponseMinutes(t.minutes());
      RosterSnapshot current = snapshot;
      int ordinal = current.ordinalOf(t.repId());
      if (ordinal >= 0) {
        current.refreshResponse(ordinal);
      }
    } else if (entry instanceof io.smartrouting.core.internal.OutageJournal.OutcomeWrite o) {
      outcomes.storeOutcome(o.leadId(), o.repId(), o.segment(), o.industry(), o.won());
    } else if (entry instanceof io.smartrouting.core.internal.OutageJournal.Progress g) {
      Placement p = store.placement(g.leadId());
      if (p != null && g.repId().equals(p.repId()) && p.progressedAt() == null) {
        outcomes.writeProgress(p, g.at());
      }
    }
  }

  /**
   * Reports journaled while the live state store was unavailable and not written yet (releases, contacts, response
   * times, outcomes); {@link #reconcile()} writes them.
   *
   * @return the reports waiting in the journal
   */
  public int journaledReports() {
    return journal.size();
  }

  /**
   * True while this router runs its tenant's SLA timers, escalations and queue drains: always for a store of its
   * own; on a shared store, while its store holds the tenant's timer lease.
   *
   * @return whether this router runs the tenant's timers now
   */
  public boolean holdsTimerLease() {
    return store.holdsTimerLease();
  }

  /**
   * Reports refused so far because the journal was full (see {@link Builder#journalCapacity(int)}).
   *
   * @return the reports refused so far
   */
  public long refusedReports() {
    return journal.refused();
  }

  /** Keeps {@code entry} for reconcile(); rethrows {@code cause} if the journal is full. */
  private void journal(io.smartrouting.core.internal.OutageJournal.Entry entry, StateUnavailableException cause) {
    metrics.stateFailure();
    if (!journal.offer(entry)) {
      LOG.warn("outage journal full ({} waiting): a {} was refused", journal.size(),
          entry.getClass().getSimpleName());
      throw cause;
    }
  }

  /**
   * Makes the learning model mirror the outcomes the shared state store collected from every router on it. Runs on
   * the timer thread every {@link #LEARNING_SYNC_INTERVAL}; call it yourself with {@link Builder#manualTimers()}.
   * Does nothing without learning or on a store that does not share outcomes.
   *
   * @return true if the model was replaced with the store's counts
   * @throws StateUnavailableException if the store cannot answer
   */
  public boolean syncLearning() {
    if (learning == null || !store.sharesOutcomes()) {
      return false;
    }
    learning.replaceWith(store.outcomeCounts());
    lastLearningSync = System.nanoTime();
    return true;
  }

  /** How often the timer thread refreshes a learning model from a store that shares outcomes. */
  public static final Duration LEARNING_SYNC_INTERVAL = Duration.ofSeconds(5);

  /**
   * False while the live state store is failing: since a decision had to be queued without it, until one succeeds.
   * For health checks; a router with the in-memory store is always available.
   *
   * @return false while the state store is failing
   */
  public boolean stateStoreAvailable() {
    return !stateDown;
  }

  /**
   * Leads routed while the state store was unavailable whose placement is not written yet.
   *
   * @return the leads waiting for {@link #reconcile()}
   */
  public int unreconciledLeads() {
    return unreconciled.size();
  }

  /**
   * Closes an open lead: frees the rep's capacity (never below zero) and forgets the placement.
   *
   * <p>While a shared state store is unavailable the release is journaled on this node and written by
   * {@link #reconcile()} (which the timer thread runs): the caller need not retry, and this returns true.
   *
   * @param leadId the lead
   * @return true if the lead was open (or the release was journaled), false if it was unknown or already released
   * @throws StateUnavailableException only if the store is unavailable and the journal is full
   */
  public boolean release(String leadId) {
    Objects.requireNonNull(leadId, "leadId must not be null");
    if (unreconciled.remove(leadId) != null) {
      // Routed while the store was down and never written there: nothing to remove but this node's view, and any
      // unit the interrupted decision reserved, which reconcile() gives back.
      interruptedMoves.add(leadId);
      releasedUnseen(leadId);
      return true;
    }
    Instant closedAt = closingTime();
    try {
      return releaseNow(leadId, closedAt);
    } catch (StateUnavailableException e) {
      journal(new io.smartrouting.core.internal.OutageJournal.Release(leadId, closedAt), e);
      releasedUnseen(leadId);
      return true;
    }
  }

  /**
   * Erases what this router and its state store keep of one lead: for a person's request to be forgotten (GDPR
   * article 17), or a lead deleted in the CRM. An open lead is released first, as {@link #release} does (its rep's
   * unit freed, {@link RoutingEvent.LeadReleased} published). Then its decision in the idempotency window (which
   * holds the facts it was routed with), what the router keeps to credit its outcome, and what the store keeps of it
   * after its release ({@link RoutingStateStore#eraseLead}: on Redis its placement and routing facts kept for outcomes,
   * on both stores its contact and company notes) are removed, so that no later lead of the person is matched to
   * this one's rep by {@code returning-contact} or {@code same-company}, and an outcome reported for it afterwards is
   * answered false. Not erased, since they hold no lead: the learning counts (per rep, segment and industry),
   * round-robin turns, metrics and an experiment's counts ({@code Experiment.erase} erases in every variant); nor what
   * already left this router: published events and audit lines (the application's sinks), and on a shared store the
   * memory of the other nodes, whose idempotency windows hold the lead's decision and facts until the window ends (24
   * hours by default; meanwhile an outcome reported there is credited): call it on each node to have them gone at
   * once. The shared store itself is erased by any one. A person's data is every lead of theirs: erase each.
   *
   * @param leadId the lead
   * @return true if the router or its store knew the lead
   * @throws NullPointerException if {@code leadId} is null
   * @throws StateUnavailableException if the store cannot be reached (an open lead's release is journaled as
   *     {@link #release} journals it; call again once the store answers to erase what it keeps)
   */
  public boolean erase(String leadId) {
    Objects.requireNonNull(leadId, "leadId must not be null");
    boolean known = release(leadId);
    known |= recent.remove(leadId) != null;
    if (closedLeads != null) {
      known |= closedLeads.erase(leadId);
    }
    outcomes.eraseAttribution(leadId);
    known |= store.eraseLead(leadId);
    LOG.debug("erased lead {}", leadId);
    return known;
  }

  /** A release this node could not see the placement of: remembered as its decision here had it, if still known. */
  private void releasedUnseen(String leadId) {
    Decision d = closedLeads == null ? null : recent.get(leadId);
    if (d != null && d.tier() != null) {
      closedLeads.released(leadId, d.repId(), d.tier(), d.segment(),
          io.smartrouting.core.internal.RecentWindow.epochNanos(d.decidedAt()));
    }
    forgetLocally(leadId);
  }

  /**
   * {@link #release} without waiting for the state store: on a shared store the release is queued and rides in the
   * next decision's write (or is sent with the others waiting, shortly after), so the caller pays no round trip; on the
   * in-memory store it is made at once. Everything {@link #release} does happens when the store answers, on the thread
   * that sent the release (a routing thread, or the store's own): the capacity is freed,
   * {@link RoutingEvent.LeadReleased} published, the SLA timer disarmed. Until then the rep's unit stays taken (a
   * decision meanwhile sees the rep one lead fuller, never emptier). While the store is unavailable the release is
   * journaled, as {@link #release} does.
   *
   * @param leadId the lead
   * @return completes with true if the lead was open (or the release was journaled), false if it was unknown or
   *     already released; completes exceptionally with {@link StateUnavailableException} only if the store is
   *     unavailable and the journal is full
   */
  public java.util.concurrent.CompletableFuture<Boolean> releaseAsync(String leadId) {
    Objects.requireNonNull(leadId, "leadId must not be null");
    if (unreconciled.containsKey(leadId)) {
      return java.util.concurrent.CompletableFuture.completedFuture(release(leadId));
    }
    Instant closedAt = closingTime();
    java.util.concurrent.CompletableFuture<@Nullable Placement> released = closedAt == null
        ? store.releasePlacementAsync(leadId) : store.releasePlacementAsync(leadId, closedAt);
    return released.handle((p, failure) -> {
      if (failure == null) {
        return p != null && afterRelease(leadId, p.repId(), p.queue(), p.tier(), null, p.assignedAt());
      }
      Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof StateUnavailableException e) {
        journal(new io.smartrouting.core.internal.OutageJournal.Release(leadId, closedAt), e);
        releasedUnseen(leadId);
        return true;
      }
      throw cause instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(cause);
    });
  }

  /**
   * Now, when the chain notes leads by contact or company (so that a closed lead's recency counts from its close); else
   * null, and a release reads no clock.
   */
  private @Nullable Instant closingTime() {
    return pipeline.notesLeads() ? clock.instant() : null;
  }

  private void forgetLocally(String leadId) {
    timers.disarm(leadId);
    lifecycle.forget(leadId);
    missedLeads.remove(leadId);
  }

  private boolean releaseNow(String leadId, @Nullable Instant closedAt) {
    // Placement and unit go together (one round trip on a shared store); if the store fails, nothing changed.
    if (keepsDecisions != null) {
      // The in-memory store: what it held, without a placement made of it.
      Object held = keepsDecisions.releaseHeld(leadId, closedAt == null ? -1 : closedAt.toEpochMilli());
      if (held == null) {
        return false;
      }
      if (held instanceof Decision d) {
        return afterRelease(leadId, d.repId(), d.queue(), d.tier(), d.segment(), d.decidedAt());
      }
      Placement p = io.smartrouting.core.internal.DecidedPlacements.placementOf(held);
      return afterRelease(leadId, p.repId(), p.queue(), p.tier(), null, p.assignedAt());
    }
    Placement p = closedAt == null ? store.releasePlacement(leadId) : store.releasePlacement(leadId, closedAt);
    return p != null && afterRelease(leadId, p.repId(), p.queue(), p.tier(), null, p.assignedAt());
  }

  /** Lead {@code leadId}'s routing facts as this router or the store knows them (for {@link #outcomes}). */
  private @Nullable Lead factsOf(String leadId) {
    return lifecycle.leadOf(leadId);
  }

  /** Lead {@code leadId}'s routing facts as this router knows them, without asking the store. */
  private @Nullable Lead localFactsOf(String leadId) {
    return lifecycle.localLeadOf(leadId);
  }

  /**
   * What follows the release of an open lead of {@code tier} held by {@code repId} or {@code queue}; returns true.
   * {@code segment} is the lead's if the caller knows it, else null (then looked up while the lead is still known);
   * {@code placedAt} when it was routed or last placed.
   */
  private boolean afterRelease(String leadId, @Nullable String repId, @Nullable String queue, @Nullable Tier tier,
      io.smartrouting.api.@Nullable Segment segment, Instant placedAt) {
    RosterSnapshot current = snapshot;
    int o = repId == null ? -1 : current.ordinalOf(repId);
    if (closedLeads != null && tier != null) {
      closedLeads.released(leadId, repId, tier, segment != null ? segment : outcomes.knownSegment(leadId, false),
          io.smartrouting.core.internal.RecentWindow.epochNanos(placedAt));
    }
    forgetLocally(leadId);
    if (o >= 0) {
      current.refreshSaturation(o);
    }
    if (events.hasListeners()) {
      events.publish(new RoutingEvent.LeadReleased(leadId, repId, queue, clock.instant()));
    }
    return true;
  }

  /** The first contact in steps: placement read, contact marked, response time recorded (journaled if that fails). */
  private @Nullable Placement contactInSteps(String leadId, Instant at) {
    Placement p = store.placement(leadId);
    if (p == null || p.repId() == null || p.contactedAt() != null) {
      return null;
    }
    at = io.smartrouting.core.internal.FirstContacts.at(leadId, at, p.assignedAt(), CONTACT_CLOCK_TOLERANCE);
    Placement before = store.markContacted(leadId, at);
    if (before == null || before.contactedAt() != null || before.repId() == null) {
      return null;
    }
    double minutes = Duration.between(before.assignedAt(), at).toMillis() / 60_000.0;
    try {
      store.rep(before.repId()).recordResponseMinutes(minutes);
    } catch (StateUnavailableException e) {
      journal(new io.smartrouting.core.internal.OutageJournal.ResponseTime(before.repId(), minutes), e);
    }
    return before;
  }

  /**
   * Moves an open lead to rep {@code repId}, as a person decided: the rep needs capacity left (up to its full
   * capacity; the threshold, hard criteria and availability are the person's call). The old holder's capacity is
   * freed, a new first-contact deadline starts, {@link RoutingEvent.LeadMoved} is published.
   *
   * @param leadId the lead
   * @param repId the rep to take it
   * @param reason why, as the person gave it (kept in the event and the audit log)
   * @return the new decision, flagged {@link Flag#TRANSFERRED}
   * @throws IllegalArgumentException if the lead is not open, the rep is not in the roster, already holds the lead,
   *     or the reason is blank
   * @throws IllegalStateException if the rep is at capacity (nothing changed)
   */
  public Decision reassign(String leadId, String repId, String reason) {
    return lifecycle.reassign(leadId, repId, reason, clock.instant());
  }

  /**
   * Puts an open lead in queue {@code queue} by a person's choice: its rep gives it back ("not mine", "wrong
   * language"), or a manager sends it to another queue ("partners"). The rep's unit is given back, and the rep joins
   * the reps the lead never goes back to; the lead waits with its tier and routing facts, and leaves the queue as any
   * waiting lead does: a drain to a rep who may take it, a rep's {@link #claimNext}, a person's {@link #reassign}. A
   * first-contact deadline running goes on running while it waits, and its breach is reported as a waiting lead's is;
   * a lead in contact waits without one; its next rep gets a new deadline. {@link RoutingEvent.LeadMoved} with
   * {@link RoutingEvent.Move#REQUEUED} is published, whose reason is {@code reason}.
   *
   * @param leadId the lead
   * @param queue the queue to wait in
   * @param reason why, as the person gave it
   * @return the new decision: in {@code queue}, flagged {@link Flag#TRANSFERRED}
   * @throws IllegalArgumentException if the lead is not open or waits in {@code queue} already, or {@code queue} or
   *     {@code reason} is blank
   * @throws IllegalStateException if the lead moved or was released concurrently (nothing changed)
   */
  public Decision requeue(String leadId, String queue, String reason) {
    return lifecycle.requeue(leadId, queue, reason, clock.instant());
  }

  /**
   * Re-routes an open lead through the chain, excluding its current holder and the reps that held it before; when
   * nobody else can take it now, it waits in the fallback queue (and drains), a first-contact deadline running going on
   * running there; a lead already waiting in a queue (the fallback queue, an escalation queue, the after-hours queue)
   * stays there in its place, and the returned decision says so. Uses the routing facts the router kept for the lead.
   *
   * @param leadId the lead
   * @return the new decision: with a rep (flagged {@link Flag#TRANSFERRED}) or in a queue; never null
   * @throws IllegalArgumentException if the lead is not open
   * @throws IllegalStateException if the router no longer knows the lead's routing facts (use {@link #transfer(Lead)}),
   *     or the lead moved or was released concurrently (nothing changed)
   */
  public Decision transfer(String leadId) {
    return lifecycle.transfer(leadId, null, clock.instant());
  }

  /**
   * What {@link #transfer(String)} would do now, changing nothing: the rep the chain would pick for the lead without
   * its current and earlier holders (capacity checked, not reserved; no round-robin turn taken), or the queue it would
   * wait in, explained. For a person deciding whether to transfer a lead ("who would get it?").
   *
   * @param leadId the lead
   * @return the decision {@link #transfer(String)} would make
   * @throws IllegalArgumentException if the lead is not open
   * @throws IllegalStateException if the router no longer knows the lead's routing facts
   */
  public Decision previewTransfer(String leadId) {
    return lifecycle.previewTransfer(leadId, clock.instant());
  }

  /**
   * Reads an open lead anew when its routing facts change: a later form (a content download, then a demo request),
   * enrichment that arrived after the decision, an edit in the CRM. ({@link #route} with the same id answers from the
   * idempotency window and changes nothing.)
   *
   * <ul>
   *   <li>The lead takes its new tier, segment and account where it is; its first-contact deadline moves earlier when
   *       the new tier's, counted from now, comes first (a Tier 3 lead that asks for a demo is due within Tier 1's
   *       SLA), and never later: a deadline running is kept. {@link RoutingEvent.LeadUpdated} is published when the
   *       tier, segment, account or deadline changed (an edit that changes none of them is saved and not told).</li>
   *   <li>When the rep holding it has not contacted it yet and the change is why it no longer covers the lead (its
   *       territory, segment or language: an SMB lead enriched to 5,000 employees, held by an SMB rep), it is routed
   *       again as by {@link #transfer(Lead)}, excluding that rep: nobody else can take it now, it waits in the
   *       fallback queue and drains; {@link RoutingEvent.LeadMoved} with {@link RoutingEvent.Move#UPDATED}.</li>
   *   <li>With {@link Builder#whenAccountsMove} on, when the new facts match the lead to a known account its old facts
   *       did not (enrichment found the company of a personal address, the CRM corrected the address) and the rep
   *       holding it, not yet in contact and given it by covering its facts, is none of the account's people: it is
   *       handed to the first of them available with room, as {@link #moveAccountLeads} hands an account's leads
   *       over, in its new tier ({@link RoutingEvent.Move#UPDATED}); none has room: it stays.</li>
   *   <li>With {@link Builder#handOffQualifiedLeads} on, a lead that becomes sales-qualified while an SDR holds it is
   *       handed off, in contact or not: routed again through the chain for its new facts, never back to the SDR
   *       (with {@link Builder#handOffWithinTeam}, among the reps of the SDR's team first);
   *       {@link RoutingEvent.LeadMoved} with {@link RoutingEvent.Move#QUALIFIED}.</li>
   *   <li>Otherwise a rep in contact keeps the lead whatever changed; so does a holder that did not cover its old
   *       facts either (a person's {@link #reassign}, an escalation to a manager, a manager fallback, follow-the-sun:
   *       choices an update does not undo) and a holder no longer on the roster (its leads were kept:
   *       {@link Builder#whenRepsLeave}); a lead waiting in a queue keeps its place and drains in its new tier's
   *       order.</li>
   * </ul>
   * The new facts are kept with the placement for the lead's later moves, breaches and drains.
   *
   * @param lead the lead with its new facts (same id)
   * @return where the lead is now, with its tier and deadline
   * @throws NullPointerException if {@code lead} or its id is null
   * @throws IllegalArgumentException if the lead is not open (never routed, or released: {@link #route} it), or its
   *     id is blank
   * @throws IllegalStateException if the router was closed, or the lead's placement kept changing under other
   *     threads' or routers' moves through four readings (nothing changed; one that changed once is read again)
   */
  public Decision update(Lead lead) {
    checkedId(lead);
    return lifecycle.update(io.smartrouting.core.internal.LeadForm.normalised(lead), handOffQualifiedLeads,
        handOffWithinTeam, moveLeadsWithAccounts, clock.instant());
  }

  /**
   * What {@link #update} would do now with the facts of {@code lead}, changing nothing: where the lead would stay (its
   * new tier, segment, account and deadline), or, when the update would move it (a hand-off of a lead an SDR
   * qualified, a holder that no longer covers it), the rep the chain would pick (capacity checked, not reserved; no
   * round-robin turn taken) or the queue it would wait in, explained. For a person about to change a lead in the CRM
   * ("who gets it if I mark it qualified?").
   *
   * @param lead the lead with its new facts (same id as the open lead)
   * @return the decision {@link #update} would make
   * @throws NullPointerException if {@code lead} or its id is null
   * @throws IllegalArgumentException if the lead is not open, or its id is blank
   */
  public Decision previewUpdate(Lead lead) {
    checkedId(lead);
    return lifecycle.previewUpdate(io.smartrouting.core.internal.LeadForm.normalised(lead), handOffQualifiedLeads,
        handOffWithinTeam, moveLeadsWithAccounts, clock.instant());
  }

  /**
   * As {@link #transfer(String)}, routing with the facts of {@code lead} (for leads routed long ago or elsewhere).
   *
   * @param lead the lead with its facts (same id as the open lead)
   * @return the decision: where the lead went
   */
  public Decision transfer(Lead lead) {
    Objects.requireNonNull(lead, "lead must not be null");
    return lifecycle.transfer(lead.id(), io.smartrouting.core.internal.LeadForm.normalised(lead), clock.instant());
  }

  /**
   * Takes up a lead that is already open outside this router, as the system of record (a CRM) holds it, without
   * routing it: the open leads reps hold when routing goes live (so that their load counts from the first decision),
   * or, after the process of a router on the in-memory store restarted, the open leads it held (so that none is lost:
   * loads, deadlines and queues carry on). Call it for each open lead before routing new ones.
   *
   * <ul>
   *   <li>With a rep: the rep takes the lead whatever its capacity, availability or coverage (it holds it already);
   *       a rep then at or above its capacity gets no new leads until below its threshold, and the decision is
   *       flagged {@link Flag#CAPACITY_OVERRIDE}. Daily caps do not count it (the chain did not give it today).</li>
   *   <li>In a queue: it waits there since {@code since}, keeping its place in line, and drains or is claimed as any
   *       waiting lead.</li>
   *   <li>Not contacted yet: its tier's first-contact deadline is counted from {@code since} (in its rep's working
   *       time when the tier's SLA counts business hours), so a deadline already passed is breached at the next
   *       timer tick and escalates as on a router that had run all along; {@link ExistingLead#withoutDeadline()}
   *       takes it up without one. Contacted: no deadline.</li>
   *   <li>Its routing facts and contact notes are kept as a routed lead's (it moves, drains and is recycled as one;
   *       the same person writing again meets its rep through {@code returning-contact}), its outcomes are credited
   *       to its rep, {@code route} of the same id answers with this decision, and {@link RoutingEvent.LeadAssigned}
   *       or {@link RoutingEvent.LeadQueued} is published, decided by {@code "adopted"} at {@code since}. No
   *       round-robin turn, fair share, metric of decisions or experiment count is taken: it was not routed.</li>
   *   <li>Its SLA history, when given ({@link ExistingLead#withHistory}): the deadlines it missed before count
   *       against the escalation policy's limit, a move never goes back to a rep that held it before, and its time to
   *       first contact runs from its first routing; without it, its history starts at {@code since}. A waiting lead
   *       whose deadline passed before it was adopted is reported breached at the next tick; one whose breach was
   *       reported keeps no deadline in its placement (adopt it {@link ExistingLead#withoutDeadline()}), so a
   *       restart that adopts the placements as they stand reports nothing twice.</li>
   *   <li>Idempotent: a lead already open in this router's state store is left where it is, and the decision returned
   *       describes its placement ({@code "existing-placement"}), so an import interrupted half-way can be run
   *       again.</li>
   * </ul>
   *
   * @param existing the lead and where it stands
   * @return the decision: where the lead is now, with its tier, segment, account and deadline
   * @throws NullPointerException if {@code existing} is null
   * @throws IllegalArgumentException if the lead id is blank or a code is not one (as {@link #route}), its rep is not
   *     on the roster (route it instead), or {@code since} or its first contact lies after now by more than
   *     {@link #CONTACT_CLOCK_TOLERANCE} (the caller's clock and the router's differ)
   * @throws IllegalStateException if the router was closed
   * @throws io.smartrouting.core.state.StateUnavailableException if the state store cannot be reached (nothing
   *     adopted; a unit taken is given back by {@link #reconcile()}): adopt it again later
   */
  public Decision adopt(ExistingLead existing) {
    Objects.requireNonNull(existing, "existing must not be null");
    checkedId(existing.lead());
    Lead lead = io.smartrouting.core.internal.LeadForm.normalised(existing.lead());
    return adoptions.adopt(lead, existing, clock.instant());
  }

  /**
   * A rep leaves: sets it unavailable (a manual override, so it gets no new leads, from every router on a store that
   * shares overrides; remove it from the roster when you like) and moves every open lead it holds as {@code policy}
   * says (every one this router owns, {@link Builder#ownsLeads}; an experiment's {@code offboard} asks each variant's
   * router). No lead is lost: one nobody can take waits in a queue and drains, a first-contact deadline running going
   * on running there (its breach is reported as a waiting lead's is).
   *
   * @param repId the rep who leaves
   * @param policy where the rep's leads go
   * @return the decisions of the leads moved, in the order they were assigned to the rep
   * @throws IllegalArgumentException if the rep is neither on the roster nor holds an open lead (a mistyped id), or
   *     the policy's cover ({@link OffboardPolicy#toRep}) is the rep itself or not on the roster (nothing changed)
   */
  public List<Decision> offboard(String repId, OffboardPolicy policy) {
    Objects.requireNonNull(repId, "repId must not be null");
    Objects.requireNonNull(policy, "policy must not be null");
    lifecycle.checkCover(repId, policy);
    if (store.sharesAvailability() && snapshot.ordinalOf(repId) >= 0) {
      // Away for every router on the store, not only this one (they take it at their next tick).
      synchronized (overrides) {
        store.setAvailabilityOverride(repId, false);
      }
    }
    return lifecycle.offboard(repId, policy, clock.instant());
  }

  /**
   * What {@link #offboard} would do now, changing nothing: where each open lead the rep holds would go under
   * {@code policy} (its cover while it has room, the policy's queue, the account's backup, team and owner, or the
   * chain without the rep), in the order they were assigned to it, as decisions that are not placed, each lead seeing
   * the room and load the earlier moves would take. The rep is not marked away, and no event is published. For a
   * person to confirm before a rep leaves; what the offboarding then does may differ by what changes in between (other
   * decisions, leads reaching the rep meanwhile, which the offboarding moves too).
   * A step that reads contacts or companies ({@code returning-contact}, {@code same-company}) sees the notes as they
   * are before the moves: where two moved leads share a person or a company, the moves may place the second
   * otherwise, since each move notes its lead anew.
   *
   * @param repId the rep who would leave
   * @param policy where the rep's leads would go
   * @return the moves, oldest first; empty if the rep holds no open lead
   * @throws IllegalArgumentException as {@link #offboard}: a rep neither on the roster nor holding an open lead, or a
   *     cover that is the rep itself or not on the roster
   */
  public List<Decision> previewOffboard(String repId, OffboardPolicy policy) {
    return lifecycle.previewOffboard(repId, policy, clock.instant());
  }

  /**
   * Assigns waiting leads, highest tier first and oldest first within a tier, to reps who can take them now, with
   * each queue's {@link QueuePolicy} relaxations. The timer thread runs it on every tick (after the SLA timers); call
   * it yourself with {@link Builder#manualTimers()} (or call {@link #fireDueTimers()}, which does).
   *
   * @return the number of leads assigned
   */
  public int drainQueues() {
    return lifecycle.drain(clock.instant());
  }

  /**
   * Rep {@code repId} asks for work (a "next lead" button): assigns it the first lead waiting in any queue that it may
   * take now, and returns that decision. The order is the drain's: highest tier first, oldest first within a tier. A
   * lead qualifies when the rep meets the hard criteria a decision applies before any step (territory, segment and
   * language, with the lead's queue's {@link QueuePolicy} relaxations for the time it has waited; availability; a known
   * account's people and owner team), never held it, and has room for it (capacity below the threshold a decision
   * admits, and its caps), in a queue whose policy lets it claim ({@link QueuePolicy#claimedBy}). The lead moves as a
   * drain moves it: {@link RoutingEvent.Move#CLAIMED}, flagged
   * {@link Flag#CLAIMED}, a new first-contact deadline for the rep. Reads the queued placements from the state store,
   * so any router on a shared store can answer (not only the timer-lease holder, which drains); a lead drained or
   * claimed by someone else at the same moment goes to one of them only. Walks the store's claim order
   * ({@link io.smartrouting.core.state.RoutingStateStore#queuedLeadIds}; on Redis a sorted set kept by the placement
   * scripts) reading the placements and routing facts of the leads it looks at a page of 32 at a time: a claim the
   * head of the queue serves reads one page however long the queue.
   *
   * @param repId the rep asking for work
   * @return the decision, or empty if no waiting lead is one the rep may take now (none waiting, none it covers, or
   *     it has no room)
   * @throws IllegalArgumentException if the current roster has no rep {@code repId}
   * @throws StateUnavailableException if a shared state store cannot answer
   */
  public Optional<Decision> claimNext(String repId) {
    Objects.requireNonNull(repId, "repId must not be null");
    return Optional.ofNullable(lifecycle.claim(repId, null, clock.instant()));
  }

  /**
   * {@link #claimNext(String)} from queue {@code queue} only.
   *
   * @param repId the rep asking for work
   * @param queue the only queue to take from
   * @return the decision that gave the rep the lead, or empty if none waits that it may take
   * @throws IllegalArgumentException if the current roster has no rep {@code repId}, or {@code queue} is blank
   */
  public Optional<Decision> claimNext(String repId, String queue) {
    Objects.requireNonNull(repId, "repId must not be null");
    Objects.requireNonNull(queue, "queue must not be null");
    if (queue.isBlank()) {
      throw new IllegalArgumentException("claimNext: queue must not be blank");
    }
    return Optional.ofNullable(lifecycle.claim(repId, queue, clock.instant()));
  }

  /**
   * The waiting leads rep {@code repId} may claim ({@link #claimNext(String)}), in the order it would claim them,
   * changing nothing: those it meets the hard criteria for now and never held, whatever its room (compare
   * {@link #openLeads} with its capacity), for a "leads waiting for you" list or count. Reads the queued placements and
   * their facts from the state store (on Redis a few round trips: the claim order, the placements, and the facts of
   * those this router does not hold, each in one read); {@link #claimable(String, int)} reads only what its limit
   * needs.
   *
   * @param repId the rep
   * @return the leads, in claim order
   * @throws IllegalArgumentException if the current roster has no rep {@code repId}
   * @throws StateUnavailableException if a shared state store cannot answer
   */
  public List<Placement> claimable(String repId) {
    return claimable(repId, Integer.MAX_VALUE);
  }

  /**
   * The first {@code limit} of {@link #claimable(String)}: for a "next leads waiting for you" list, read a page at a
   * time from the store's claim order until it has them, so its cost follows {@code limit}, not the queue's length.
   *
   * @param repId the rep
   * @param limit the most leads to return, at least 1
   * @return the first leads, in claim order
   * @throws IllegalArgumentException if the current roster has no rep {@code repId}, or {@code limit} is below 1
   * @throws StateUnavailableException if a shared state store cannot answer
   */
  public List<Placement> claimable(String repId, int limit) {
    Objects.requireNonNull(repId, "repId must not be null");
    return lifecycle.claimable(repId, null, clock.instant(), limit);
  }

  /**
   * Leads waiting in this router's queues for a rep. On a shared store only the timer-lease holder keeps them (it
   * drains the tenant's queues): another router counts a lead it queued until its next timer pass.
   *
   * @return the leads waiting
   */
  public int waitingLeads() {
    return lifecycle.waitingCount();
  }

  /** Runs one of a timer tick's sweeps; a store outage is counted and logged ({@code notDone}), and the next tries. */
  private void sweep(Runnable sweep, String notDone) {
    try {
      sweep.run();
    } catch (StateUnavailableException e) {
      metrics.stateFailure();
      LOG.warn("{}: live state store unavailable ({})", notDone, e.getMessage());
    }
  }

  /**
   * Records the first contact of an open lead by its rep, feeding the rep's response-time statistics. Later
   * contacts of the same lead are ignored.
   *
   * <p>While a shared state store is unavailable the contact is journaled on this node (the lead's SLA timer stops
   * at once) and counted when {@link #reconcile()} writes it: the caller need not retry, and this returns true.
   *
   * <p>A contact reported at most {@link #CONTACT_CLOCK_TOLERANCE} before the lead's assignment (the caller's clock
   * a little behind the router's, or a time kept to the second) counts as made at the assignment; one up to that much
   * after the router's clock (the caller's clock a little ahead) is taken as reported.
   *
   * @param leadId the lead
   * @param at when the rep first contacted it
   * @return true if this was the lead's first recorded contact (or the contact was journaled), false if the lead is
   *     not open, is queued, or was contacted before
   * @throws IllegalArgumentException if {@code at} is more than {@link #CONTACT_CLOCK_TOLERANCE} before the lead was
   *     assigned, or after the router's clock by more than that (a time that has not come: often a local time sent as
   *     UTC; nothing is recorded)
   * @throws StateUnavailableException only if the store is unavailable and the journal is full
   */
  public boolean recordContact(String leadId, Instant at) {
    Objects.requireNonNull(leadId, "leadId must not be null");
    Objects.requireNonNull(at, "at must not be null");
    Instant now = clock.instant();
    if (at.isAfter(now.plus(CONTACT_CLOCK_TOLERANCE))) {
      throw new IllegalArgumentException("recordContact: contact time " + at + " of lead " + leadId
          + " is after the router's clock (" + now + ") by " + Duration.between(now, at)
          + "; a contact is reported once made (a local time sent as UTC?)");
    }
    try {
      return recordContactNow(leadId, at, null);
    } catch (StateUnavailableException e) {
      // Stop the SLA clock here (the rep did call); the contact itself is counted once, when it is written.
      TimerQueue.Timer timer = timers.disarm(leadId);
      journal(new io.smartrouting.core.internal.OutageJournal.Contact(leadId, at,
          timer == null ? null : timer.firstRoutedAt()), e);
      return true;
    }
  }

  private boolean recordContactNow(String leadId, Instant at, @Nullable Instant firstRoutedHint) {
    // One step on a store that can (a shared store: one round trip), else placement, contact and response apart.
    Placement before = store.contactsInOneStep()
        ? io.smartrouting.core.internal.FirstContacts.inOneStep(store, leadId, at, CONTACT_CLOCK_TOLERANCE)
        : contactInSteps(leadId, at);
    if (before == null) {
      return false;
    }
    TimerQueue.Timer timer = timers.disarm(leadId);
    RosterSnapshot current = snapshot;
    int ordinal = current.ordinalOf(Objects.requireNonNull(before.repId()));
    if (ordinal >= 0) {
      current.refreshResponse(ordinal);
    }
    // From the lead's first routing, wherever it was routed: this router's timer, what the outage journal kept, or the
    // placement (which keeps it across moves, for a contact told to a router that did not route or move the lead).
    Instant known = timer != null ? timer.firstRoutedAt() : firstRoutedHint;
    Instant firstRouted = known != null ? SlaBreaches.earlier(known, before.firstRoutedAt()) : before.firstRoutedAt();
    Duration sinceRouted = Duration.between(firstRouted, at);
    Instant deadline = before.slaDeadline();
    boolean inTime = deadline == null || !at.isAfter(deadline);
    // Missed here, or on the router that ran the timers when it missed (the placement counts the deadlines it missed).
    boolean alreadyMissed = missedLeads.remove(leadId) | before.slaBreaches() > 0;
    metrics.contact(before.tier(), sinceRouted, inTime && !alreadyMissed, deadline != null, alreadyMissed);
    events.publish(new RoutingEvent.ContactRecorded(leadId, before.repId(), before.tier(), at, sinceRouted,
        inTime && !alreadyMissed));
    return true;
  }

  /**
   * Records an outcome of a lead that is open, was decided within the idempotency window, was released within the
   * {@linkplain Builder#outcomeWindow outcome window}, or (when the router learns) was held by a rep within the
   * learning policy's attribution window: feeds the conversion metrics and,
   * for {@link Outcome#WON} and {@link Outcome#LOST}, the {@linkplain Builder#learning learning model}, credited once
   * to the rep that held the lead last, whatever moved it there (a reassignment, an account hand-over, an escalation
   * to a manager), and not again for a later report of it while the attribution window lasts, past a move and past
   * the idempotency window included; tells listeners. The same outcome reported again for the same lead within the
   * idempotency window (a retried webhook, say) is acknowledged and not counted or told again; so is any report of a
   * lead released and closed (its WON or LOST counted) later within the outcome window. On a store that shares
   * outcomes, a learning router credits a WON or LOST once whichever router is told (a lead routed and released by
   * another router included): told again, to any of them, it is acknowledged and neither counted nor told again.
   * Any outcome but {@link Outcome#CONTACTED} of a lead open with a rep is also written on its placement as the rep's
   * progress ({@link Placement#progressedAt()}, one more write, on Redis one more round trip, for the first such report
   * only), so that {@linkplain Builder#recycleStalledLeads recycling} leaves the lead with that rep.
   *
   * <p>The report is the holder's: a lead that moved to another rep since the outcome happened (a transfer, a
   * recycle, a realignment) credits and marks the new holder. When the report names its rep, use
   * {@link #recordOutcome(String, String, Outcome)}.
   *
   * @param leadId the lead
   * @param outcome what happened
   * @return false if the lead is unknown (neither open, nor recently decided or released, nor attributed)
   */
  public boolean recordOutcome(String leadId, Outcome outcome) {
    Objects.requireNonNull(leadId, "leadId must not be null");
    Objects.requireNonNull(outcome, "outcome must not be null");
    return outcomes.record(leadId, null, outcome);
  }

  /**
   * {@link #recordOutcome(String, Outcome)} for an outcome that is rep {@code repId}'s work (the owner of the meeting
   * or the opportunity in the CRM, say), whoever holds the lead when it is reported. While {@code repId} holds the
   * lead, or held it last, the two are the same. When the lead has moved from {@code repId} to another rep since
   * (transferred, recycled, realigned, handed over), the outcome stays {@code repId}'s: a {@link Outcome#WON} or
   * {@link Outcome#LOST} is credited to {@code repId} in the {@linkplain Builder#learning learning model}, listeners are
   * told {@code repId}, and no progress is marked on the new holder's placement (so that recycling treats the new
   * holder on its own record). This is how a report that crosses a move (a meeting logged by the old rep just as the
   * lead is recycled) lands on the right rep. A repeat of the same outcome for the same lead is acknowledged as with
   * the other form.
   *
   * @param leadId the lead
   * @param outcome what happened
   * @param repId the rep whose outcome it is: a rep of the current roster, or one the router knows held the lead
   * @return false if the lead is unknown (neither open, nor recently decided or released, nor attributed)
   * @throws IllegalArgumentException if {@code repId} is blank, or is neither on the roster nor a known holder of the
   *     lead (nothing is counted)
   */
  public boolean recordOutcome(String leadId, String repId, Outcome outcome) {
    Objects.requireNonNull(leadId, "leadId must not be null");
    Objects.requireNonNull(repId, "repId must not be null");
    Objects.requireNonNull(outcome, "outcome must not be null");
    if (repId.isBlank()) {
      throw new IllegalArgumentException("repId must not be blank");
    }
    return outcomes.record(leadId, repId, outcome);
  }

  /**
   * Forces rep {@code repId} available or unavailable now, whatever its schedule, time off or profile says,
   * until {@link #clearAvailability(String)}. Takes effect for the next decision; survives roster updates. On a store
   * that shares overrides (the Redis store), every router on the tenant takes it at its next timer tick
   * ({@link #syncAvailability()}).
   *
   * @param repId the rep
   * @param available whether the rep may take leads
   * @throws IllegalArgumentException if the current roster has no such rep
   * @throws StateUnavailableException if a store that shares overrides cannot take it (nothing changed)
   */
  public void setAvailable(String repId, boolean available) {
    Objects.requireNonNull(repId, "repId must not be null");
    if (snapshot.ordinalOf(repId) < 0) {
      throw new IllegalArgumentException("setAvailable: no rep with id '" + repId + "' in roster version "
          + snapshot.version);
    }
    synchronized (overrides) {
      if (store.sharesAvailability()) {
        store.setAvailabilityOverride(repId, available);
      }
      overrides.set(repId, available);
    }
  }

  /**
   * Returns rep {@code repId} to its schedule; true if it had a manual override (on this router).
   *
   * @param repId the rep
   * @return true if there was an override
   * @throws StateUnavailableException if a store that shares overrides cannot take the change (nothing changed)
   */
  public boolean clearAvailability(String repId) {
    Objects.requireNonNull(repId, "repId must not be null");
    synchronized (overrides) {
      if (store.sharesAvailability()) {
        store.setAvailabilityOverride(repId, null);
      }
      return overrides.clear(repId);
    }
  }

  /**
   * The manual availability overrides this router holds ({@link #setAvailable}), by rep id: true forced available,
   * false forced away; an immutable copy, empty when there are none. On a store that shares overrides these are the
   * tenant's as of this router's last {@link #syncAvailability()}. The in-memory store keeps them only in this
   * process: save them with the application's own state and apply them again with {@link #setAvailable} after a
   * restart, so that a rep marked away stays away.
   *
   * @return the overrides
   */
  public Map<String, Boolean> availabilityOverrides() {
    return overrides.all();
  }

  /**
   * Takes the manual availability overrides that a store sharing them holds (set through any router on it), so
   * that a rep one router was told is away is away for this one too. Called by the timer thread on every tick; call
   * it yourself with {@link Builder#manualTimers()}. Does nothing on a store that does not share overrides.
   *
   * @return true if the overrides were read from the store
   * @throws StateUnavailableException if the store cannot answer (the overrides stay as they were)
   */
  public boolean syncAvailability() {
    if (!store.sharesAvailability()) {
      return false;
    }
    // Under the lock a local change holds while it writes the store, so a read from before it cannot undo it.
    synchronized (overrides) {
      overrides.replaceWith(store.availabilityOverrides());
    }
    return true;
  }

  /**
   * Why rep {@code repId} may not be assigned now, in the words the explanations use: {@code off shift (holiday
   * 2026-12-25 in America/New_York)}, {@code off shift (working hours in Europe/Berlin)}, {@code time off until ...
   * (vacation)}, {@code unavailable (out of office)} (inactive) or {@code set unavailable manually}; empty if it may
   * ({@link #isAvailable}). For "why does ana get no leads today?"; capacity is not availability
   * ({@link #openLeads}), nor is a daily cap ({@link #leadsTakenToday}).
   *
   * @param repId the rep
   * @return why, or empty if the rep may take leads now
   * @throws IllegalArgumentException if no rep of the roster has that id
   */
  public java.util.Optional<String> unavailability(String repId) {
    RosterSnapshot snap = snapshot;
    int o = rosterOrdinal(snap, repId, "unavailability");
    io.smartrouting.core.internal.Availability.View view = snap.availability.at(clock.instant());
    if (io.smartrouting.core.internal.Bits.get(view.available, o)) {
      return java.util.Optional.empty();
    }
    String why = view.whyUnavailable(snap.reps[o]);
    return java.util.Optional.of(why != null ? why : "unavailable");
  }

  /**
   * How many of its {@link Rep#dailyCap() daily cap} rep {@code repId} has taken today, in its own day, or of its
   * {@link Rep#weeklyCap() weekly cap} this week, or of its {@link Rep#monthlyCap() monthly cap} this month, as far as
   * this router knows (on a shared store: what this node gave it, what the store refused it for and what its view
   * read of the other nodes' leads, see the store's refresh); of a rep with
   * caps of several periods, in the period that binds (at its cap, the longest; else the one with the fewest leads
   * left); 0 for a rep without a cap, whose leads are not counted.
   *
   * @param repId the rep
   * @return the leads taken in the binding period (its own day, week or month), or 0
   * @throws IllegalArgumentException if no rep of the roster has that id
   */
  public int leadsTakenToday(String repId) {
    RosterSnapshot snap = snapshot;
    return snap.takenToday(rosterOrdinal(snap, repId, "leadsTakenToday"), clock.instant());
  }

  /** The ordinal of {@code repId} in {@code snap}; {@code operation} names the call in the error if it has none. */
  private static int rosterOrdinal(RosterSnapshot snap, String repId, String operation) {
    Objects.requireNonNull(repId, "repId must not be null");
    int o = snap.ordinalOf(repId);
    if (o < 0) {
      throw new IllegalArgumentException(operation + ": no rep with id '" + repId + "' in roster version "
          + snap.version);
    }
    return o;
  }

  /**
   * True if rep {@code repId} may be assigned now (on shift, no time off, active or forced available).
   *
   * @param repId the rep
   * @return whether the rep may take leads now
   */
  public boolean isAvailable(String repId) {
    RosterSnapshot snap = snapshot;
    int o = snap.ordinalOf(repId);
    return o >= 0 && io.smartrouting.core.internal.Bits.get(snap.availability.at(clock.instant()).available, o);
  }

  /**
   * Runs every SLA timer whose deadline is strictly before the clock's now: breach, notify, reassign or escalate
   * per the {@link EscalationPolicy}. The router's timer thread calls this on every tick; with
   * {@link Builder#manualTimers()} the caller does (a test on a {@link ManualClock}: advance the clock, then call this).
   *
   * <p>First re-reads every rep's open leads and response statistics from the state store into the router's view
   * used to filter and score candidates: its own reservations keep that view exact, and this pass brings in what other
   * routers on a shared store (or on the same in-memory store) changed.
   *
   * @return the number of timers that fired
   */
  public int fireDueTimers() {
    sweep(() -> lifecycle.sweepOffboarded(clock.instant()), "leads that reached an offboarded rep not moved yet");
    sweep(() -> lifecycle.sweepRealigned(snapshot, clock.instant()),
        "leads placed during a realignment not looked at yet");
    sweep(() -> lifecycle.sweepAccountHandovers(clock.instant()),
        "leads placed while accounts changed hands not looked at yet");
    // Every router re-reads the reps' units and response times on its tick, for the changes other routers on a shared
    // store made: a rep another node freed is no longer seen full here (until 6 December only the lease holder did).
    snapshot.refreshAll();
    if (store.sharesAvailability()) {
      // On a shared store, likewise the caps: a rep other routers' leads took to its cap is seen at it here (the view
      // carries the counts) before this router is refused it.
      snapshot.refreshCaps(clock.instant(), true);
    }
    if (!store.holdsTimerLease()) {
      // Another router on the shared store runs this tenant's timers and drains now, and takes up this one's leads
      // from the store: this router's own overdue timers and the leads it queued would only pile up here (the
      // holder drains them and another router may release them; a takeover reads both again).
      Instant now = clock.instant();
      while (timers.pollOverdue(now) != null) {
        // dropped
      }
      lifecycle.forgetAllWaiting();
      breaches.forgetReported();
      return 0;
    }
    long epoch = store.timerLeaseEpoch();
    if (epoch != leaseEpochSeen) {
      // This router just took the lease over: it now owns the timers and queues other routers armed and filled.
      try {
        othersLeads.tookLease();
      } catch (StateUnavailableException e) {
        metrics.stateFailure();
        LOG.warn("SLA timers paused: could not load the tenant's open leads ({})", e.getMessage());
        return 0;
      }
      leaseEpochSeen = epoch;
    } else if (epoch > 0) {
      // Other routers go on routing leads with deadlines and to queues; the holder takes them up here.
      othersLeads.takeUp();
    }
    if (!store.sharesAvailability()) {
      // A rep at its daily cap takes leads again once its day is over (on a shared store, done above with the rest).
      snapshot.refreshCaps(clock.instant(), false);
    }
    int fired = 0;
    TimerQueue.Timer t;
    while ((t = timers.pollOverdue(clock.instant())) != null) {
      fired++;
      try {
        breaches.breach(t, clock.instant());
        othersLeads.fired(t.lead().id(), t.due());
      } catch (StateUnavailableException e) {
        metrics.stateFailure();
        // The shared store is down: keep the timer (it is overdue, so the next pass retries) and stop this pass.
        timers.arm(t.lead(), t.due(), t.holders(), t.breaches(), t.firstRoutedAt());
        interruptedMoves.add(t.lead().id());
        LOG.warn("SLA timers paused: live state store unavailable ({})", e.getMessage());
        return fired - 1;
      } catch (RuntimeException e) {
        othersLeads.fired(t.lead().id(), t.due());
        LOG.error("SLA breach handling failed for lead {}; it stays where it is", t.lead().id(), e);
      }
    }
    Duration away = handOverWhenAway;
    if (away != null) {
      try {
        lifecycle.handOverAway(snapshot, away, clock.instant());
      } catch (StateUnavailableException e) {
        metrics.stateFailure();
        LOG.warn("time-off hand-over paused: live state store unavailable ({})", e.getMessage());
      }
    }
    Map<Tier, Duration> recycle = recycleStalledLeads;
    if (!recycle.isEmpty()) {
      try {
        lifecycle.recycleStalled(recycle, clock.instant());
      } catch (StateUnavailableException e) {
        metrics.stateFailure();
        LOG.warn("recycling of stalled leads paused: live state store unavailable ({})", e.getMessage());
      }
    }
    try {
      lifecycle.drain(clock.instant());
    } catch (StateUnavailableException e) {
      metrics.stateFailure();
      LOG.warn("queue drain paused: live state store unavailable ({})", e.getMessage());
    }
    return fired;
  }

  /**
   * Number of armed first-contact timers.
   *
   * @return the timers armed
   */
  public int armedTimers() {
    return timers.size();
  }

  /**
   * A snapshot of the router's metrics now.
   *
   * @return the metrics
   */
  public RoutingMetrics metrics() {
    Map<String, Integer> depth = new java.util.TreeMap<>();
    Instant now = clock.instant();
    Map<String, Duration> waited = new java.util.HashMap<>();
    // Per queue, not per lead (on Redis from the claim order alone): a meter registry reads this every second.
    store.queueDepths().forEach((q, d) -> {
      depth.put(q, d.leads());
      Instant since = d.oldestQueuedAt();
      waited.put(q, since.isAfter(now) ? Duration.ZERO : Duration.between(since, now));
    });
    RosterSnapshot snap = snapshot;
    List<RoutingMetrics.RepLoad> load = new ArrayList<>(snap.size());
    for (int o = 0; o < snap.size(); o++) {
      int k = snap.bindingKind(o, now);
      load.add(new RoutingMetrics.RepLoad(snap.reps[o].id(), snap.states[o].openLeads(), snap.reps[o].capacity(),
          k < 0 ? 0 : snap.takenToday(o, now), k < 0 ? 0 : snap.cap(o, k)));
    }
    return metrics.snapshot(now, depth, waited, load, events.dropped());
  }

  /**
   * Replaces the roster with a new, validated snapshot, swapped atomically. Live state (open leads, response
   * statistics) follows reps by id. A rep left out that holds open leads (as far as this router knows) is offboarded
   * as {@link Builder#whenRepsLeave} says, after the swap; without that setting its leads stay with it and a warning
   * names it.
   *
   * @param reps the new roster
   * @return the new roster version
   * @throws IllegalArgumentException on duplicate rep ids; the current roster stays in force
   */
  public long updateRoster(Collection<? extends Rep> reps) {
    reps = elements(reps, "reps");
    List<String> left;
    RosterSnapshot before;
    RosterSnapshot next;
    synchronized (updateLock) {
      RosterSnapshot old = snapshot;
      next = new RosterSnapshot(old.version + 1, reps, store, capacityThreshold, old.accounts,
          overrides, overrideShare);
      snapshot = next;
      // Releases that ran while the snapshot was built refreshed the old one: catch up once; those that finish on it
      // from now on are passed on (replaced links the old to the new).
      replacedRosters.replaced(old, next);
      nameQualifiers(next);
      next.refreshAll();
      next.refreshCaps(clock.instant(), true);
      LOG.info("roster updated to version {} with {} reps", next.version, next.size());
      warnPeopleOffRoster(old, next);
      left = leftOut(old, next);
      before = old;
    }
    afterRepsLeft(left, next.version);
    afterCoverageChanged(before, next);
    return next.version;
  }

  /**
   * What {@link #updateRoster} with {@code reps} would do now with the open leads of the reps whose coverage it changes
   * (territories, named accounts, segments, languages), were {@link Builder#whenCoverageChanges} on, changing nothing:
   * the leads that would be routed again and where each would go (a rep, or the fallback queue when nobody else could
   * take it), as decisions that are not placed, oldest lead first, each explained; each lead sees the room and load
   * the earlier moves would take from their new reps and free at their old ones, so with a chain that reads load the
   * preview is what the update does; round-robin takes its turns on a copy of its credits kept for the whole preview
   * ({@link io.smartrouting.spi.RoutingContext#previewState}; on a store that shares turns, on a copy of the store's
   * credits), so several leads are spread as the update spreads them. For a person to confirm a territory
   * realignment before it is applied. Leads whose facts this router no longer knows are left out, as the update
   * would leave them.
   *
   * @param reps the new roster
   * @return the moves the update would make, oldest lead first
   * @throws IllegalArgumentException if {@code reps} is not a valid roster (a duplicate id, say)
   */
  public List<Decision> previewRealignment(Collection<? extends Rep> reps) {
    reps = elements(reps, "reps");
    RosterSnapshot current = snapshot;
    Instant now = clock.instant();
    return lifecycle.previewCoverageChange(current, previewed(current, reps, current.accounts, now), now);
  }

  /**
   * What {@link #updateRoster} with {@code reps} would do now with open leads, as this router is set up, changing
   * nothing: the leads of reps it leaves out, moved as {@link Builder#whenRepsLeave} says (none without it: they stay
   * with their holders), then, with {@link Builder#whenCoverageChanges} on, the leads of reps whose coverage it changes
   * that they no longer cover ({@link #previewRealignment} shows those whatever the setting); as decisions that are not
   * placed, each lead seeing the room and load the earlier moves would take and free on the new roster, as the update
   * moves them. For a person to confirm a roster change (people leaving, territories redrawn) before it is applied.
   * A step that reads contacts or companies ({@code returning-contact}, {@code same-company}) sees the notes as they
   * are before the moves: where two moved leads share a person or a company, the moves may place the second
   * otherwise, since each move notes its lead anew.
   *
   * @param reps the new roster
   * @return the moves the update would make: the leavers' first (each leaver in the update's order, its leads oldest
   *     first), then the realigned leads, oldest first
   * @throws IllegalArgumentException if {@code reps} is not a valid roster (a duplicate id, say)
   */
  public List<Decision> previewRosterUpdate(Collection<? extends Rep> reps) {
    reps = elements(reps, "reps");
    RosterSnapshot current = snapshot;
    Instant now = clock.instant();
    RosterSnapshot next = previewed(current, reps, current.accounts, now);
    return lifecycle.previewRosterUpdate(current, next, leftOut(current, next), whenRepsLeave, moveUncoveredLeads,
        now);
  }

  /**
   * The snapshot an update of {@code current} to {@code reps} and {@code accounts} would make, with the live state as
   * it is at {@code now}, for a preview: built as the update builds it, never swapped in.
   */
  private RosterSnapshot previewed(RosterSnapshot current, Collection<? extends Rep> reps, AccountDirectory accounts,
      Instant now) {
    return previewed(current, reps, accounts, capacityThreshold, overrideShare, now);
  }

  /** {@link #previewed(RosterSnapshot, Collection, AccountDirectory, Instant)} with a threshold and override share. */
  private RosterSnapshot previewed(RosterSnapshot current, Collection<? extends Rep> reps, AccountDirectory accounts,
      double threshold, double share, Instant now) {
    RosterSnapshot next = new RosterSnapshot(current.version + 1, reps, store, threshold, accounts, overrides, share);
    next.refreshAll();
    next.refreshCaps(now, true);
    return next;
  }

  /**
   * What {@linkplain Builder#recycleStalledLeads recycling} with {@code afterFirstContact} would do now, changing
   * nothing, whether or not it is on: each open lead its rep contacted at least that long ago without progress since,
   * oldest contact first, and where it would go, as a decision that is not placed, explained; a lead nobody else
   * could take is named with its rep again ("it would stay with ..."). Each lead sees the room and load the earlier
   * moves would take and free, so with a chain that reads load the preview is what the next recycling does, and
   * round-robin spreads the leads as it would (as in {@link #previewRealignment}). For a person to see what a period
   * would move before turning it on or shortening it. Leads whose facts this router no longer knows are left out, as
   * recycling leaves them.
   *
   * @param afterFirstContact how long a contacted lead may go without progress
   * @return the decisions recycling would make
   * @throws IllegalArgumentException if {@code afterFirstContact} is zero or negative
   * @throws StateUnavailableException if the state store cannot list the open leads
   */
  public List<Decision> previewRecycling(Duration afterFirstContact) {
    Objects.requireNonNull(afterFirstContact, "afterFirstContact must not be null");
    if (afterFirstContact.isNegative() || afterFirstContact.isZero()) {
      throw new IllegalArgumentException("afterFirstContact must be positive but was " + afterFirstContact);
    }
    Map<Tier, Duration> every = new java.util.EnumMap<>(Tier.class);
    for (Tier t : Tier.values()) {
      every.put(t, afterFirstContact);
    }
    return lifecycle.previewRecycling(every, clock.instant());
  }

  /** After a roster update: the leads of reps whose coverage changed, as {@link Builder#whenCoverageChanges} says. */
  private void afterCoverageChanged(RosterSnapshot before, RosterSnapshot next) {
    try {
      lifecycle.afterCoverageChanged(before, next, moveUncoveredLeads, clock.instant());
    } catch (StateUnavailableException e) {
      LOG.warn("roster version {} changed what reps cover, and their open leads could not all be moved yet ({}); the"
          + " timer ticks move the rest once the state store answers", next.version, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("roster version {} changed what reps cover, and their open leads could not all be moved ({}); transfer"
          + " moves one", next.version, e.toString());
    }
  }

  /**
   * Replaces the known accounts, swapped atomically with the roster snapshot.
   *
   * @param accounts the new account list
   * @return the new roster version
   * @throws IllegalArgumentException on duplicate account ids or invalid domains
   */
  public long updateAccounts(Collection<? extends Account> accounts) {
    accounts = elements(accounts, "accounts");
    RosterSnapshot old;
    RosterSnapshot next;
    synchronized (updateLock) {
      old = snapshot;
      next = new RosterSnapshot(old.version + 1, old.repList(), store, capacityThreshold,
          new AccountDirectory(accounts, freeMailDomains), overrides, overrideShare);
      snapshot = next;
      replacedRosters.replaced(old, next);
      next.refreshAll();
      next.refreshCaps(clock.instant(), true);
      warnPeopleOffRoster(old, next);
    }
    lifecycle.afterAccountsUpdated(old.accounts, next.accounts, moveLeadsWithAccounts, clock.instant());
    return next.version;
  }

  /**
   * Warns when accounts name people (owner, team, backup, AE) who are not on the roster, and those are not the same as
   * before {@code next}: the leads of those accounts cannot reach them, which a mistyped owner id or an owner who left
   * the roster does without another sign (a configuration document refuses an unknown owner; code may mean it). The
   * count at WARN; account and rep ids, which may be e-mail addresses, at DEBUG.
   */
  private static void warnPeopleOffRoster(@Nullable RosterSnapshot old, RosterSnapshot next) {
    Map<String, List<String>> off = next.peopleOffRoster;
    if (off.isEmpty() || (old != null && off.equals(old.peopleOffRoster))) {
      return;
    }
    int people = 0;
    for (List<String> ids : off.values()) {
      people += ids.size();
    }
    LOG.warn("{} account(s) name {} owner, team, backup or AE id(s) not on roster version {}: their leads cannot"
        + " reach them (the accounts and ids at DEBUG)", off.size(), people, next.version);
    LOG.debug("account people not on roster version {}: {}", next.version, off);
  }

  /**
   * An immutable copy of {@code items}, refusing a null collection or element by name and position ({@code
   * roster[3] must not be null}), where a copy alone said only "null".
   */
  private static <T> List<T> elements(@Nullable Collection<? extends T> items, String name) {
    Objects.requireNonNull(items, name + " must not be null");
    int i = 0;
    for (T item : items) {
      if (item == null) {
        throw new NullPointerException(name + "[" + i + "] must not be null");
      }
      i++;
    }
    return List.copyOf(items);
  }

  /**
   * The current roster version.
   *
   * @return the roster version
   */
  public long rosterVersion() {
    return snapshot.version;
  }

  /**
   * The reps of the current roster, in roster order.
   *
   * @return the reps, in roster order
   */
  public List<Rep> roster() {
    return snapshot.repList();
  }

  /**
   * The open leads of rep {@code repId} now.
   *
   * @param repId the rep
   * @return the leads it holds
   */
  public int openLeads(String repId) {
    return store.rep(repId).openLeads();
  }

  /**
   * Rep {@code repId}'s open leads as this router's decisions read them (its roster's view, which its own
   * reservations, releases and moves keep exact and its tick re-reads for other routers' changes), or -1 if the rep is
   * not on the roster. For tests in this package.
   */
  int viewedOpenLeads(String repId) {
    RosterSnapshot snap = snapshot;
    int o = snap.ordinalOf(repId);
    return o < 0 ? -1 : snap.openLeads(o);
  }

  /**
   * Where an open lead is, if it is open.
   *
   * @param leadId the lead
   * @return its placement, or empty if it is not open
   */
  public Optional<Placement> placement(String leadId) {
    return Optional.ofNullable(store.placement(leadId));
  }

  /**
   * The routing facts known for lead {@code leadId}: this router's own copy of a lead it routed or moved lately (its
   * SLA timer, its queue entry, its decision within the idempotency window) while it holds the same routing facts as
   * the store's, else the facts the state store keeps with an open lead's placement (on a shared store, of a lead
   * another router routed), else, for a lead released within the store's {@code keepReleasedLeads}, those kept with
   * its last placement. Empty if none are known. A shared store's facts hold no contact details; they carry the
   * attribute {@link Builder#tagsSavedLeads} adds.
   *
   * @param leadId the lead
   * @return its routing facts, or empty if none are known
   * @throws StateUnavailableException if the state store cannot be read
   */
  public Optional<Lead> leadFacts(String leadId) {
    Objects.requireNonNull(leadId, "leadId must not be null");
    Lead open = lifecycle.leadOf(leadId);
    if (open != null) {
      return Optional.of(open);
    }
    io.smartrouting.core.state.ReleasedLead released = store.releasedLead(leadId);
    return Optional.ofNullable(released == null ? null : released.facts());
  }

  /**
   * The state store this router keeps its placements and reps' state in ({@link Builder#stateStore}): for code that
   * works across routers sharing one (an experiment's variants count in its shared tallies).
   *
   * @return the state store
   */
  public RoutingStateStore stateStore() {
    return store;
  }

  /**
   * Every open placement, a snapshot.
   *
   * @return the open placements
   */
  public Collection<Placement> openPlacements() {
    return store.placements();
  }

  /**
   * The open leads rep {@code repId} holds now, oldest assignment first (then by lead id): a rep's "my leads" page, or
   * what an offboarding would move. On a shared store this reads the rep's leads only, not every open lead
   * ({@link RoutingStateStore#placementsHeldBy}). A rep the roster does not know holds none unless it held leads
   * before it left.
   *
   * @param repId the rep
   * @return its open placements, oldest first
   * @throws NullPointerException if {@code repId} is null
   */
  public List<Placement> openPlacements(String repId) {
    return lifecycle.heldBy(List.of(Objects.requireNonNull(repId, "repId must not be null")));
  }

  /**
   * The labels of the chain's steps, in order.
   *
   * @return the chain's step labels, in order
   */
  public List<String> chain() {
    return chainLabels;
  }

  /**
   * The learning model given to {@link Builder#learning}, if any.
   *
   * @return the model, or empty if this router does not learn
   */
  public Optional<ConversionModel> learning() {
    return Optional.ofNullable(learning);
  }

  /**
   * While qualified leads are handed off, names the roster's SDRs to the learning model as a team of their own (their
   * credits are qualifications, {@link ConversionModel#qualifiers}); one team again once the hand-off is off, if this
   * router had named them. Under the update lock, or while the router is built.
   */
  private void nameQualifiers(RosterSnapshot snap) {
    if (learning == null || !handOffQualifiedLeads && !namedQualifiers) {
      return;
    }
    List<String> sdrs = new ArrayList<>();
    if (handOffQualifiedLeads) {
      for (Rep rep : snap.reps) {
        if (rep.role() == io.smartrouting.api.RepRole.SDR) {
          sdrs.add(rep.id());
        }
      }
    }
    learning.qualifiers(sdrs);
    namedQualifiers = handOffQualifiedLeads;
  }

  /**
   * The router's clock.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Stops accepting leads, stops the SLA timer thread and delivers queued events. Idempotent. Open leads stay in
   * the state store.
   */
  @Override
  public void close() {
    closed = true;
    if (timerTask != null) {
      timerTask.cancel(false);
    }
    events.close();
    recent.clear();
    if (enrichment != null) {
      enrichment.close();
    }
  }

  /**
   * Builds {@link Router}s. Required: a roster (may be empty) and at least one chain step. Defaults: fallback
   * queue {@value #DEFAULT_FALLBACK_QUEUE}, capacity threshold 0.9, idempotency window 24 hours for up to 100,000
   * lead ids, SLA of 5 minutes for Tier 1 and 60 minutes for Tier 2, the system UTC clock, in-memory state,
   * strategies discovered with {@link StrategyRegistry#load()}. Not thread-safe.
   */
  public static final class Builder {
    private Collection<? extends Rep> roster = List.of();
    private boolean rosterSet;
    private Collection<? extends Account> accounts = List.of();
    private final List<ChainStep> chain = new ArrayList<>();
    private @Nullable String configVersion;
    private String fallbackQueue = DEFAULT_FALLBACK_QUEUE;
    private boolean regionlessLeadsReachRegionReps;
    private Pipeline.Fallback fallback = Pipeline.Fallback.QUEUE;
    private Clock clock = Clock.systemUTC();
    private double capacityThreshold = 0.9;
    private Duration idempotencyWindow = Duration.ofHours(24);
    private Duration outcomeWindow = DEFAULT_OUTCOME_WINDOW;
    private long outcomeWindowLeads = DEFAULT_OUTCOME_WINDOW_LEADS;
    private long idempotencyCapacity = 100_000;
    private int keepReplacedRosters = DEFAULT_KEEP_REPLACED_ROSTERS;
    private ClassificationPolicy classification = ClassificationPolicy.defaults();
    private final EnumMap<Tier, Duration> sla = new EnumMap<>(Map.of(Tier.TIER_1, Duration.ofMinutes(5),
        Tier.TIER_2, Duration.ofMinutes(60)));
    private final EnumMap<Tier, SlaClock> slaClocks = new EnumMap<>(Tier.class);
    private final Map<String, QueuePolicy> queuePolicies = new java.util.HashMap<>();
    private double overrideShare = io.smartrouting.core.internal.RosterSnapshot.DEFAULT_OVERRIDE_SHARE;
    private final List<RoutingListener> listeners = new ArrayList<>();
    private final List<DecisionObserver> observers = new ArrayList<>();
    private int journalCapacity = 10_000;
    private java.util.function.@Nullable Predicate<Lead> ownsLeads;
    private @Nullable String savedLeadsTagKey;
    private @Nullable String savedLeadsTagValue;
    private RoutingStateStore store = new InMemoryStateStore();
    private @Nullable StrategyRegistry registry;
    private Set<String> freeMailDomains = DEFAULT_FREE_MAIL_DOMAINS;
    private @Nullable LeadEnricher enricher;
    private Duration enrichmentTimeout = Duration.ofMillis(200);
    private Duration enrichmentCacheTtl = Duration.ofHours(1);
    private long enrichmentCacheSize = 10_000;
    private AfterHoursPolicy afterHours = AfterHoursPolicy.defaults();
    private EscalationPolicy escalation = EscalationPolicy.defaults();
    private @Nullable OffboardPolicy whenRepsLeave;
    private boolean moveLeadsWithAccounts;
    private boolean moveUncoveredLeads;
    private boolean handOffQualifiedLeads;
    private boolean handOffWithinTeam;
    private @Nullable Duration handOverWhenAway;
    private final Map<Tier, Duration> recycleStalledLeads = new java.util.EnumMap<>(Tier.class);
    private @Nullable Duration timerTick = Duration.ofSeconds(1);
    private int asyncEventCapacity;
    private java.util.function.@Nullable Consumer<String> auditLog;
    private int auditLogMaxReps;
    private @Nullable ScheduledExecutorService timerScheduler;
    private @Nullable ConversionModel learning;
    private boolean resumeOpenLeads;

    private Builder() {}

    /**
     * Learns from outcomes: {@link Router#recordOutcome} credits WON and LOST to the rep that held the lead, and
     * the weighted strategy's {@code performance} factor reads {@code model} (give that factor a weight, e.g.
     * {@code weight.performance=0.25}). Exploration follows the model's {@link
     * io.smartrouting.core.learning.LearningPolicy}. Several routers may share one model. Off by default.
     *
     * @param model the model to learn with
     * @return this builder
     */
    public Builder learning(ConversionModel model) {
      this.learning = Objects.requireNonNull(model, "learning model must not be null");
      return this;
    }

    /**
     * On build, arms the SLA timers of the open, uncontacted leads the state store already holds, at their stored
     * deadlines: a router restarted on a shared store (see the routing-state-redis module) carries on where the old
     * one stopped. Turn it on for the one node that owns SLA escalation for the tenant, or every node will fire
     * (and report) each breach; only one of them can move the lead. Off by default.
     *
     * @return this builder
     */
    public Builder resumeOpenLeads() {
      this.resumeOpenLeads = true;
      return this;
    }

    /**
     * What to do when the reps covering a lead are all off shift (default: the next-shift queue).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder afterHours(AfterHoursPolicy policy) {
      this.afterHours = Objects.requireNonNull(policy, "afterHours must not be null");
      return this;
    }

    /**
     * What to do when a lead misses its first-contact deadline (default {@link EscalationPolicy#defaults()}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder escalation(EscalationPolicy policy) {
      this.escalation = Objects.requireNonNull(policy, "escalation must not be null");
      return this;
    }

    /**
     * What a roster update ({@link Router#updateRoster}, {@link Router#reconfigure}, a configuration reloaded) does
     * with the open leads of a rep it leaves out, as {@link Router#offboard} with {@code policy} would: a rep deleted
     * from the roster file is offboarded. By default (null) its leads stay with it, and the update logs a warning
     * naming the rep and its open leads, until {@link Router#offboard} moves them or their deadlines do: a roster
     * feed that drops a rep by mistake then moves nothing.
     *
     * @param policy where the leads go, or null to keep them where they are (the default)
     * @return this builder
     */
    public Builder whenRepsLeave(@Nullable OffboardPolicy policy) {
      this.whenRepsLeave = policy;
      return this;
    }

    /**
     * Whether an update that moves accounts to other reps ({@link Router#updateAccounts}, {@link Router#reconfigure},
     * a configuration reloaded: an owner, team member, backup or AE replaced) hands their open leads to the accounts'
     * new people, as {@link Router#moveAccountLeads} does, taking them from the reps who lost the accounts; a lead none
     * of the account's people can take at the update moves once one of them can (the timer ticks look again every
     * minute until it is moved, released or no longer with a rep who lost the account). An {@link Router#update} whose
     * new facts match a lead to an account its old facts did not hands it to the account's people the same way. By
     * default (false) the leads stay with the reps working them, and the update logs the accounts that moved.
     *
     * @param moveOpenLeads true to hand the open leads over
     * @return this builder
     */
    public Builder whenAccountsMove(boolean moveOpenLeads) {
      this.moveLeadsWithAccounts = moveOpenLeads;
      return this;
    }

    /**
     * Whether a roster update that changes what a rep covers ({@link Router#updateRoster}, {@link Router#reconfigure},
     * a configuration reloaded: its territories, named accounts, segments or languages; a territory realignment) routes
     * again the rep's open leads it covered before and no longer covers, not yet in contact: through the chain, never
     * back to that rep, and to the fallback queue when nobody else can take one; each publishes {@code LeadMoved}
     * with {@link RoutingEvent.Move#REALIGNED} and starts a new first-contact deadline with its new rep. A lead the rep
     * holds for another reason than covering it stays: its account's leads, a person's reassignment, an escalation,
     * follow-the-sun. By default (false) every lead stays with the rep working it, and the update logs how many reps'
     * coverage changed. Leads are found by the facts kept with their placements, so on a shared store the node that
     * reloads moves every node's leads.
     *
     * @param moveUncoveredLeads true to route those leads again
     * @return this builder
     */
    public Builder whenCoverageChanges(boolean moveUncoveredLeads) {
      this.moveUncoveredLeads = moveUncoveredLeads;
      return this;
    }

    /**
     * Whether a lead that becomes sales-qualified while a sales development rep holds it is handed off: when
     * {@link Router#update} is told the lead's new facts with {@link Lead#salesQualified()} on, the facts kept for it
     * had it off, and its holder's role is {@link io.smartrouting.api.RepRole#SDR}, the lead is routed again through
     * the chain for its new facts, whether or not the SDR is in contact (qualifying it was the SDR's part), never back
     * to that SDR or a rep that held it before; it publishes {@code LeadMoved} with
     * {@link RoutingEvent.Move#QUALIFIED} and starts a new first-contact deadline with its new rep. Nobody else can
     * take it now: it waits in the fallback queue and drains. Who takes a qualified lead is the chain's to say: give
     * such leads a step of their own ({@code ChainStep.when} on {@code sales_qualified}, {@code ChainStep.reps} on the
     * role), or an {@code account-owner} step, which gives a qualified lead of a known account to its AE; otherwise it
     * follows the steps any lead of its tier does and may reach another SDR. A lead held by a rep of another role, a
     * lead already qualified, and a lead whose earlier facts this router no longer knows stay where they are. By
     * default (false) an update never moves a lead its holder is in contact with. A router that {@linkplain #learning
     * learns} credits the SDR a win for each lead handed off from it (once per lead), and names the roster's SDRs to
     * its model as a team of their own ({@link ConversionModel#qualifiers}): their rates are qualification rates.
     *
     * @param handOff true to hand qualified leads off
     * @return this builder
     */
    public Builder handOffQualifiedLeads(boolean handOff) {
      this.handOffQualifiedLeads = handOff;
      return this;
    }

    /**
     * SDR pods: with {@link #handOffQualifiedLeads} on, a lead handed off goes first to the reps of its SDR's team
     * ({@link Rep#team()}), the chain deciding among them as for any lead (so the team's AEs, when the step for
     * qualified leads picks AEs); only when none of them can take it now, among every rep, as without this setting.
     * The reps outside the team are named in the explanation of a hand-off kept in the team. An SDR without a team
     * hands off as without this setting. Off by default; nothing without {@link #handOffQualifiedLeads}.
     *
     * @param withinTeam true to look among the SDR's team first
     * @return this builder
     */
    public Builder handOffWithinTeam(boolean withinTeam) {
      this.handOffWithinTeam = withinTeam;
      return this;
    }

    /**
     * Hands over the open leads of a rep who goes on declared time off ({@link Rep#timeOff()}) lasting at least
     * {@code minimumTimeOff} from the moment it starts: at the first timer tick of the time off, each of the rep's
     * leads not yet in contact is routed again through the chain, never back to that rep (nobody else: the fallback
     * queue, where it drains), publishing {@code LeadMoved} with {@link RoutingEvent.Move#AWAY} and starting a new
     * first-contact deadline with its new rep. Leads in contact stay with the rep; off-shift hours, holidays and a
     * manual {@link Router#setAvailable} hand nothing over (a rep who leaves: {@link Router#offboard}). Without it (the
     * default, null) a rep's leads wait for its return, or for their first-contact deadlines, and a Tier 3 lead without
     * one waits the whole time off. Runs on the router that runs the tenant's timers.
     *
     * @param minimumTimeOff the shortest time off (from its start, or from when the router first sees it) that hands
     *     the leads over, or null to keep them
     * @return this builder
     * @throws IllegalArgumentException if {@code minimumTimeOff} is zero or negative
     */
    public Builder handOverWhenAway(@Nullable Duration minimumTimeOff) {
      if (minimumTimeOff != null && (minimumTimeOff.isNegative() || minimumTimeOff.isZero())) {
        throw new IllegalArgumentException("handOverWhenAway must be positive but was " + minimumTimeOff);
      }
      this.handOverWhenAway = minimumTimeOff;
      return this;
    }

    /**
     * Recycles stalled leads: a lead whose rep recorded a first contact ({@link Router#recordContact}) at least
     * {@code afterFirstContact} ago and reported no progress since (no {@link Outcome#MEETING},
     * {@link Outcome#OPPORTUNITY}, {@link Outcome#WON} or {@link Outcome#LOST} through {@link Router#recordOutcome}
     * while the lead was open with it) is routed again through the chain, never to a rep that held it
     * ({@link io.smartrouting.core.state.Placement#earlierHolders()}), publishing {@code LeadMoved} with
     * {@link RoutingEvent.Move#RECYCLED}; its new rep gets a new first-contact deadline and a new period. A known
     * account's lead held by one of the account's people (owner, team, backup, AE) stays: the account is theirs. A lead
     * nobody else may take stays with its rep (it is not pulled into a queue) and is tried again after another period.
     * The router that runs the tenant's timers checks every thousandth of the period (from a minute to an hour: about
     * every 20 minutes for 14 days), reading every open placement, so a lead is recycled at most that long after its
     * period ends. Without it (the default, null) a contacted lead stays with its rep until it is released, moved or
     * reassigned.
     *
     * @param afterFirstContact how long a contacted lead may go without progress, or null to keep leads with their
     *     reps
     * @return this builder
     * @throws IllegalArgumentException if {@code afterFirstContact} is zero or negative
     */
    public Builder recycleStalledLeads(@Nullable Duration afterFirstContact) {
      for (Tier t : Tier.values()) {
        recycleStalledLeads(t, afterFirstContact);
      }
      return this;
    }

    /**
     * As {@link #recycleStalledLeads(Duration)}, for the leads of one tier only: a demo request that stalls may be
     * recycled after three days and a content download after thirty. The last call for a tier wins.
     *
     * @param tier the leads' tier
     * @param afterFirstContact how long a contacted lead of {@code tier} may go without progress, or null to keep such
     *     leads with their reps
     * @return this builder
     * @throws IllegalArgumentException if {@code afterFirstContact} is zero or negative
     */
    public Builder recycleStalledLeads(Tier tier, @Nullable Duration afterFirstContact) {
      Objects.requireNonNull(tier, "tier must not be null");
      if (afterFirstContact != null && (afterFirstContact.isNegative() || afterFirstContact.isZero())) {
        throw new IllegalArgumentException("recycleStalledLeads must be positive but was " + afterFirstContact
            + " (" + tier + ")");
      }
      if (afterFirstContact == null) {
        recycleStalledLeads.remove(tier);
      } else {
        recycleStalledLeads.put(tier, afterFirstContact);
      }
      return this;
    }

    /**
     * How often the router checks its SLA deadlines (default every second). The checks of every router run on one
     * shared daemon thread (or the host's {@link #timerScheduler}); no thread is created per lead or per router.
     *
     * @param tick the period
     * @return this builder
     */
    public Builder timerTick(Duration tick) {
      Objects.requireNonNull(tick, "timerTick must not be null");
      if (tick.isNegative() || tick.isZero()) {
        throw new IllegalArgumentException("timerTick must be positive but was " + tick);
      }
      this.timerTick = tick;
      return this;
    }

    /**
     * Runs the SLA timer ticks on the host's scheduler, on its threads, instead of the SDK's shared timer (one daemon
     * thread that hands each router's tick to up to 16 shared daemon workers, so that one slow tenant holds up no
     * other). The router cancels its task on {@link Router#close()}; the scheduler itself stays the host's to shut
     * down. A scheduler of one thread ticks its routers one after another.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder timerScheduler(ScheduledExecutorService scheduler) {
      this.timerScheduler = Objects.requireNonNull(scheduler, "timerScheduler must not be null");
      return this;
    }

    /**
     * No timer thread: SLA deadlines fire only when the caller invokes {@link Router#fireDueTimers()}. For tests
     * on a manual clock, and for hosts that drive their own scheduler.
     *
     * @return this builder
     */
    public Builder manualTimers() {
      this.timerTick = null;
      return this;
    }

    /**
     * Delivers events to listeners on one background thread through a queue of {@code capacity} events, so that
     * a slow listener never delays routing. When the queue is full, events are dropped and counted
     * ({@link RoutingMetrics#droppedNotifications()}); leads are never affected. Default: synchronous delivery.
     *
     * @param capacity the most events waiting for the listeners
     * @return this builder
     */
    public Builder asyncEvents(int capacity) {
      if (capacity <= 0) {
        throw new IllegalArgumentException("asyncEvents capacity must be > 0 but was " + capacity);
      }
      this.asyncEventCapacity = capacity;
      return this;
    }

    /**
     * Enriches leads before classification, on a bounded pool, waiting at most {@code timeout} (default 200 ms)
     * and caching results for {@code cacheTtl} (default 1 hour, up to 10,000 keys). A slow or failing enricher
     * never stops a lead: it is routed with the data it has, flagged
     * {@link io.smartrouting.api.Flag#ENRICHMENT_DEGRADED}.
     *
     * @param enricher the enricher
     * @param timeout how long a lead waits for it
     * @param cacheTtl how long an enrichment is cached
     * @return this builder
     */
    public Builder enricher(LeadEnricher enricher, Duration timeout, Duration cacheTtl) {
      this.enricher = Objects.requireNonNull(enricher, "enricher must not be null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("enrichment timeout must be positive but was " + timeout);
      }
      if (cacheTtl.isNegative() || cacheTtl.isZero()) {
        throw new IllegalArgumentException("enrichment cacheTtl must be positive but was " + cacheTtl);
      }
      this.enrichmentTimeout = timeout;
      this.enrichmentCacheTtl = cacheTtl;
      return this;
    }

    /**
     * Enriches leads with the default timeout (200 ms) and cache (1 hour).
     *
     * @param enricher the enricher
     * @return this builder
     */
    public Builder enricher(LeadEnricher enricher) {
      return enricher(enricher, enrichmentTimeout, enrichmentCacheTtl);
    }

    /**
     * The reps to route to (required; may be empty, then every lead is queued).
     *
     * @param reps the reps
     * @return this builder
     */
    public Builder roster(Collection<? extends Rep> reps) {
      this.roster = elements(reps, "roster");
      this.rosterSet = true;
      return this;
    }

    /**
     * Known accounts for account matching and account-based routing.
     *
     * @param accounts the accounts
     * @return this builder
     */
    public Builder accounts(Collection<? extends Account> accounts) {
      this.accounts = elements(accounts, "accounts");
      return this;
    }

    /**
     * Appends a step running the registered strategy {@code strategyName}.
     *
     * @param strategyName a registered strategy's name
     * @return this builder
     */
    public Builder step(String strategyName) {
      return step(ChainStep.of(strategyName));
    }

    /**
     * Appends a step running the registered strategy {@code strategyName} with {@code config}.
     *
     * @param strategyName a registered strategy's name
     * @param config its configuration
     * @return this builder
     */
    public Builder step(String strategyName, StrategyConfig config) {
      return step(ChainStep.of(strategyName, config));
    }

    /**
     * Appends a step running a strategy instance.
     *
     * @param label the step's name in traces and records
     * @param strategy the strategy
     * @return this builder
     */
    public Builder step(String label, RoutingStrategy strategy) {
      return step(ChainStep.of(label, strategy));
    }

    /**
     * Appends a step.
     *
     * @param step the step
     * @return this builder
     */
    public Builder step(ChainStep step) {
      this.chain.add(Objects.requireNonNull(step, "step must not be null"));
      return this;
    }

    /**
     * Appends the default chain: {@code account-owner}, {@code tier-fast-track} (Tier 1), {@code weighted}
     * (Tier 2), {@code round-robin} (Tier 3). Needs the routing-strategies jar on the classpath.
     *
     * @return this builder
     */
    public Builder defaultChain() {
      this.chain.addAll(DEFAULT_CHAIN);
      return this;
    }

    /**
     * Whether a lead with a country and no region (a web form that asks only the country) may reach reps whose
     * territories are regions of that country, as a country match (territory score 0.75 in the weighted step).
     * Default false: such a lead reaches only reps of the whole country, of its named account, or of everywhere, and
     * with region-based teams it may go to the fallback queue (its explanation says so under "missing factors").
     *
     * @param reach true to let such leads reach the country's region reps
     * @return this builder
     */
    public Builder regionlessLeadsReachRegionReps(boolean reach) {
      this.regionlessLeadsReachRegionReps = reach;
      return this;
    }

    /**
     * The queue for leads nobody can take (default {@value #DEFAULT_FALLBACK_QUEUE}).
     *
     * @param queue the queue's name
     * @return this builder
     */
    public Builder fallbackQueue(String queue) {
      if (queue == null || queue.isBlank()) {
        throw new IllegalArgumentException("fallbackQueue must not be blank but was '" + queue + "'");
      }
      this.fallbackQueue = queue;
      return this;
    }

    /**
     * When no step assigns, first try the manager of a rep in the lead's territory (flagged
     * {@link io.smartrouting.api.Flag#MANAGER_FALLBACK}), then the fallback queue. Off by default.
     *
     * @param enabled whether a manager may take a lead nobody else may
     * @return this builder
     */
    public Builder managerFallback(boolean enabled) {
      this.fallback = enabled ? Pipeline.Fallback.MANAGER_THEN_QUEUE : Pipeline.Fallback.QUEUE;
      return this;
    }

    /**
     * The clock for decision times, SLA deadlines and the idempotency window.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Share of capacity at which a rep is skipped (default 0.9: a rep at or above 90% of capacity gets no new
     * leads except a flagged Tier 1 override). Must be in (0, 1].
     *
     * @param threshold the share of capacity at which a rep is skipped, in (0, 1]
     * @return this builder
     */
    public Builder capacityThreshold(double threshold) {
      this.capacityThreshold = threshold;
      return this;
    }

    /**
     * How long a lead id is remembered for idempotency (default 24 hours, measured on the router's {@link #clock}),
     * and how many ids at most (default 100,000; the oldest are forgotten first). Memory grows with the ids actually
     * held, not with the bound.
     *
     * @param window how long a lead id is remembered
     * @param maxLeadIds the most lead ids remembered
     * @return this builder
     */
    public Builder idempotency(Duration window, long maxLeadIds) {
      this.idempotencyWindow = Objects.requireNonNull(window, "window must not be null");
      this.idempotencyCapacity = maxLeadIds;
      return this;
    }

    /**
     * How many rosters the router keeps after replacing them (a roster or accounts update, a reconfiguration), so that
     * the decisions made on them still explain in full (default 4; 0 keeps none). A decision explains itself from
     * the roster it was decided on; the decisions the router remembers (the idempotency window, open leads) would
     * otherwise keep every such roster alive for as long as they are remembered. A decision made on an older roster
     * explains in brief: its classification, account, steps and winner, without the reps it excluded. Render it, or
     * make its {@link DecisionRecord}, when it is made if you need the full text later. Memory: up to this many
     * rosters beside the current one.
     *
     * @param count the most replaced rosters kept
     * @return this builder
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public Builder keepReplacedRosters(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("keepReplacedRosters must be >= 0 but was " + count);
      }
      this.keepReplacedRosters = count;
      return this;
    }

    /**
     * How long after its routing a released lead's outcome still counts (default 90 days), for how many released
     * leads at most (default 100,000; the oldest are forgotten first); {@link Duration#ZERO} turns it off. Deals
     * close weeks after a lead left its rep's open leads: within this window {@link Router#recordOutcome} still
     * accepts the lead, counts a won or lost deal in {@link RoutingMetrics#conversionBySegment()} for the segment the
     * lead had, and names its last holder in {@link RoutingEvent.OutcomeRecorded}. The router remembers per lead its
     * id and a value shared by the rep's leads of one tier and segment; nothing personal. The memory is this router's
     * own: with many nodes, an outcome reported to another node than the one that released the lead is unknown
     * there. A router that {@linkplain #learning learns} also credits the rep within the learning policy's
     * attribution window.
     *
     * @param window how long after its routing an outcome is credited
     * @param maxLeads the most leads remembered for outcomes
     * @return this builder
     * @throws IllegalArgumentException if the window is negative, or positive with {@code maxLeads} below 1
     */
    public Builder outcomeWindow(Duration window, long maxLeads) {
      Objects.requireNonNull(window, "outcomeWindow must not be null");
      if (window.isNegative()) {
        throw new IllegalArgumentException("outcomeWindow must not be negative but was " + window);
      }
      if (!window.isZero() && maxLeads < 1) {
        throw new IllegalArgumentException("outcomeWindow maxLeads must be at least 1 but was " + maxLeads);
      }
      this.outcomeWindow = window;
      this.outcomeWindowLeads = maxLeads;
      return this;
    }

    /**
     * Tier and segment rules.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder classification(ClassificationPolicy policy) {
      this.classification = Objects.requireNonNull(policy, "classification must not be null");
      return this;
    }

    /**
     * First-contact deadline for a tier; {@code null} removes it (defaults: Tier 1 5 minutes, Tier 2 60 minutes,
     * Tier 3 none). The timer is armed when a lead is placed and disarmed by {@link Router#recordContact}.
     *
     * @param tier the tier
     * @param firstContact its first-contact deadline, or null for none
     * @return this builder
     */
    public Builder sla(Tier tier, @Nullable Duration firstContact) {
      Objects.requireNonNull(tier, "tier must not be null");
      if (firstContact == null) {
        sla.remove(tier);
      } else {
        if (firstContact.isNegative() || firstContact.isZero()) {
          throw new IllegalArgumentException("sla for " + tier + " must be positive but was " + firstContact);
        }
        sla.put(tier, firstContact);
      }
      return this;
    }

    /**
     * How the first-contact deadline of {@code tier} is counted (default {@link SlaClock#BUSINESS_HOURS}: in the
     * holder's working time).
     *
     * @param tier the tier
     * @param slaClock how its deadlines are counted
     * @return this builder
     */
    public Builder slaClock(Tier tier, SlaClock slaClock) {
      Objects.requireNonNull(tier, "tier must not be null");
      slaClocks.put(tier, Objects.requireNonNull(slaClock, "slaClock must not be null"));
      return this;
    }

    /**
     * How far above capacity a capacity override may take a rep, as a share of capacity rounded up (default 0.2:
     * a capacity-10 rep takes at most 12 open leads, a capacity-2 rep at most 3). Overrides are the Tier 1 fast-track
     * and one-to-one accounts; every one is flagged {@link io.smartrouting.api.Flag#CAPACITY_OVERRIDE}. 0 turns them
     * off: nobody is ever assigned above capacity.
     *
     * @param share the most a capacity may be exceeded by, as a share of it
     * @return this builder
     * @throws IllegalArgumentException unless {@code share} is finite and in [0, 10]
     */
    public Builder maxOverride(double share) {
      if (!(share >= 0 && share <= 10)) {
        throw new IllegalArgumentException("maxOverride must be a share of capacity in [0, 10] but was " + share);
      }
      this.overrideShare = share;
      return this;
    }

    /**
     * How the queue named {@link QueuePolicy#queue()} relaxes the criteria of waiting leads as they age (replaces an
     * earlier policy for that queue). Queues without a policy drain without relaxing anything.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder queuePolicy(QueuePolicy policy) {
      Objects.requireNonNull(policy, "queuePolicy must not be null");
      queuePolicies.put(policy.queue(), policy);
      return this;
    }

    /**
     * Writes every event of every lead's life to {@code sink} as one line of JSON ({@link EventRecord}: the decision,
     * SLA breaches, reassignments, escalations, moves, contacts, outcomes, the release; ids only, no personal data),
     * listing at most 20 excluded reps a reason in a decision's record. Lines arrive in the order of the events; with
     * {@link #asyncEvents(int)} on the events thread, so that writing never delays routing (recommended: a decision's
     * line counts every excluded rep by reason, which grows with the roster: about 9 µs at 1,000 reps, 25 µs at
     * 10,000 and 0.6 ms at 100,000 in {@code RouteBenchmark.defaultChainWithAuditLog}). A sink that throws loses that
     * line only, logged as any listener's.
     *
     * @param sink where each line goes
     * @return this builder
     */
    public Builder auditLog(java.util.function.Consumer<String> sink) {
      return auditLog(sink, 20);
    }

    /**
     * As {@link #auditLog(java.util.function.Consumer)}, listing at most {@code maxRepsPerReason} excluded reps a
     * reason ({@link DecisionRecord#toJson(int)}; {@link Integer#MAX_VALUE} for all).
     *
     * @param sink where each line goes
     * @param maxRepsPerReason the most reps named for one exclusion reason
     * @return this builder
     * @throws IllegalArgumentException if {@code maxRepsPerReason} is negative
     */
    public Builder auditLog(java.util.function.Consumer<String> sink, int maxRepsPerReason) {
      if (maxRepsPerReason < 0) {
        throw new IllegalArgumentException("auditLog maxRepsPerReason must be >= 0 but was " + maxRepsPerReason);
      }
      this.auditLog = Objects.requireNonNull(sink, "auditLog sink must not be null");
      this.auditLogMaxReps = maxRepsPerReason;
      return this;
    }

    /**
     * Adds a listener told of every event (see {@link RoutingEvent}).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(RoutingListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
      return this;
    }

    /**
     * Adds an observer told of every new decision with how long it took (see {@link DecisionObserver}): the hook for
     * latency metrics and tracing.
     *
     * @param observer the observer
     * @return this builder
     */
    public Builder decisionObserver(DecisionObserver observer) {
      this.observers.add(Objects.requireNonNull(observer, "decisionObserver must not be null"));
      return this;
    }

    /**
     * The leads this router moves when a move covers leads it finds in the state store rather than one it is asked
     * about: a reload's offboarding, account moves and realignment, {@link #offboard offboarding}, hand-overs of reps
     * away, recycling, and on a shared store the SLA timers and queue drains it takes up as the timer-lease holder.
     * Routers that share a store and split its leads between them (an experiment's variants, each with its own chain)
     * each move their own, with their own chain; the test sees the facts the store keeps for the lead (its id alone
     * when none are kept). Default: every lead.
     *
     * @param owns which leads this router owns
     * @return this builder
     */
    public Builder ownsLeads(java.util.function.Predicate<Lead> owns) {
      this.ownsLeads = Objects.requireNonNull(owns, "ownsLeads must not be null");
      return this;
    }

    /**
     * Adds custom attribute {@code attribute} = {@code value} to the routing facts this router saves with every lead it
     * places or moves on the state store (not to the lead its strategies see when it routes the lead), so that routers
     * sharing a store can tell their leads apart by the facts the store keeps, with {@link #ownsLeads}: an experiment's
     * variants on many nodes, whose split a lead's saved facts cannot always tell (they keep no e-mail address).
     * Default: none.
     *
     * @param attribute the attribute's name
     * @param value its value
     * @return this builder
     * @throws IllegalArgumentException if either is blank
     */
    public Builder tagsSavedLeads(String attribute, String value) {
      Objects.requireNonNull(attribute, "tagsSavedLeads attribute must not be null");
      Objects.requireNonNull(value, "tagsSavedLeads value must not be null");
      if (attribute.isBlank() || value.isBlank()) {
        throw new IllegalArgumentException("tagsSavedLeads needs a non-blank attribute and value but had '" + attribute
            + "' = '" + value + "'");
      }
      this.savedLeadsTagKey = attribute;
      this.savedLeadsTagValue = value;
      return this;
    }

    /**
     * How many releases, contacts and outcomes this router keeps while a shared state store is unavailable, to write
     * when it answers again (default 10,000; 0 turns journaling off, so those calls throw during an outage).
     *
     * @param capacity the most reports journaled
     * @return this builder
     */
    public Builder journalCapacity(int capacity) {
      if (capacity < 0) {
        throw new IllegalArgumentException("journalCapacity must be >= 0 but was " + capacity);
      }
      this.journalCapacity = capacity;
      return this;
    }

    /**
     * Live state store (default: a new {@link InMemoryStateStore}).
     *
     * @param store the store
     * @return this builder
     */
    public Builder stateStore(RoutingStateStore store) {
      this.store = Objects.requireNonNull(store, "stateStore must not be null");
      return this;
    }

    /**
     * Strategy registry (default: {@link StrategyRegistry#load()}).
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder strategies(StrategyRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "strategies must not be null");
      return this;
    }

    /**
     * Domains that never identify an account (default {@link #DEFAULT_FREE_MAIL_DOMAINS}); they replace the default
     * list. Read as e-mail hosts are: without regard to case, surrounding blanks or a leading {@code @}.
     *
     * @param domains the domains
     * @return this builder
     * @throws IllegalArgumentException naming the entry, for a null or blank one
     */
    public Builder freeMailDomains(Collection<String> domains) {
      Objects.requireNonNull(domains, "freeMailDomains must not be null");
      Set<String> set = new HashSet<>();
      int i = 0;
      for (String d : domains) {
        String domain = d == null ? "" : d.strip();
        if (domain.startsWith("@")) {
          domain = domain.substring(1).strip();
        }
        if (domain.isEmpty()) {
          throw new IllegalArgumentException("freeMailDomains[" + i + "] must be a domain but was "
              + (d == null ? "null" : "'" + d + "'"));
        }
        set.add(domain.toLowerCase(java.util.Locale.ROOT));
        i++;
      }
      this.freeMailDomains = set;
      return this;
    }

    /**
     * Validates everything and builds the router.
     *
     * @return the router
     * @throws IllegalArgumentException naming the field and value for: no roster, empty chain, duplicate step
     *     labels, duplicate rep or account ids, a capacity threshold outside (0, 1], a non-positive idempotency
     *     window or size
     * @throws UnknownStrategyException for a strategy name no provider registered
     */
    public Router build() {
      check();
      checkLearning();
      return new Router(this, compile(List.of(), List.of()));
    }

    /**
     * What only a new router checks ({@link Router#reconfigure} keeps the router's own store and model): a half-life
     * the store can honour, and a model for a built-in weighted step that weighs performance.
     */
    private void checkLearning() {
      if (learning != null && learning.policy().halfLifeOutcomes() > 0 && store.sharesOutcomes()
          && !store.fadesOutcomes()) {
        throw new IllegalArgumentException("learning policy halfLifeOutcomes is "
            + learning.policy().halfLifeOutcomes() + ", but the state store " + store.getClass().getSimpleName()
            + " shares outcomes without fading them: its counts would never halve; use a store that fades outcomes"
            + " or set halfLifeOutcomes to 0");
      }
      checkPerformanceHasModel(chain, learning);
    }

    /** A built-in weighted step that weighs performance needs a model: without, the factor scores every rep alike. */
    static void checkPerformanceHasModel(List<ChainStep> chain, @Nullable ConversionModel model) {
      if (model != null) {
        return;
      }
      for (ChainStep s : chain) {
        String performance = s.config().get("weight.performance");
        if ("weighted".equals(s.strategyName()) && performance != null && isPositive(performance)) {
          throw new IllegalArgumentException("step '" + s.label() + "' weighs performance (weight.performance="
              + performance + ") but the router has no learning model, so the factor would score every rep alike:"
              + " call learning(model) or leave the weight out");
        }
      }
    }

    private static boolean isPositive(String number) {
      try {
        return Double.parseDouble(number.trim()) > 0;
      } catch (NumberFormatException e) {
        return false; // the strategy itself rejects it, naming the key
      }
    }

    /**
     * Records the version of the configuration this builder holds (for example a routing document's
     * {@code version}); {@link Router#configVersion()} reports it. Optional.
     *
     * @param version the version, or null
     * @return this builder
     */
    public Builder configVersion(@Nullable String version) {
      this.configVersion = version;
      return this;
    }

    /** The tiers whose SLA counts business hours. */
    java.util.Set<Tier> businessTiers() {
      java.util.EnumSet<Tier> out = java.util.EnumSet.noneOf(Tier.class);
      for (Tier t : Tier.values()) {
        if (slaClocks.getOrDefault(t, SlaClock.BUSINESS_HOURS) == SlaClock.BUSINESS_HOURS) {
          out.add(t);
        }
      }
      return out;
    }

    private void check() {
      if (!rosterSet) {
        throw new IllegalArgumentException("roster must be set (it may be empty)");
      }
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("chain must have at least one step: call step(...) or defaultChain()");
      }
      for (ChainStep s : chain) {
        if ("tier-fast-track".equals(s.strategyName()) && !s.tiers().isEmpty() && !s.tiers().contains(Tier.TIER_1)) {
          // The fast track passes every lead that is not Tier 1: such a step would never decide anything.
          throw new IllegalArgumentException("step '" + s.label() + "' runs tier-fast-track for " + s.tiers()
              + " only, but the fast track decides Tier 1 leads and passes all others: include TIER_1 or drop the"
              + " step");
        }
      }
      if (!(capacityThreshold > 0 && capacityThreshold <= 1)) {
        throw new IllegalArgumentException("capacityThreshold must be in (0, 1] but was " + capacityThreshold);
      }
      if (idempotencyWindow.isNegative() || idempotencyWindow.isZero()) {
        throw new IllegalArgumentException("idempotency window must be positive but was " + idempotencyWindow);
      }
      if (idempotencyCapacity <= 0) {
        throw new IllegalArgumentException("idempotency maxLeadIds must be > 0 but was " + idempotencyCapacity);
      }
    }

    /**
     * Resolves the chain to strategy instances. A step whose label, strategy and configuration equal one of
     * {@code oldSteps} keeps that step's instance from {@code oldCompiled} (so its state, such as round-robin credit,
     * carries over a reconfiguration).
     */
    private List<CompiledStep> compile(List<ChainStep> oldSteps, List<CompiledStep> oldCompiled) {
      StrategyRegistry reg = registry != null ? registry : StrategyRegistry.load();
      List<CompiledStep> steps = new ArrayList<>();
      Set<String> labels = new HashSet<>();
      for (ChainStep step : chain) {
        if (!labels.add(step.label())) {
          throw new IllegalArgumentException("duplicate chain step label '" + step.label()
              + "'; give one of them another label with ChainStep.named(...)");
        }
        RoutingStrategy s = null;
        for (int i = 0; i < oldSteps.size() && s == null; i++) {
          ChainStep old = oldSteps.get(i);
          if (old.label().equals(step.label()) && Objects.equals(old.strategyName(), step.strategyName())
              && old.config().equals(step.config()) && old.instance() == step.instance()) {
            s = oldCompiled.get(i).strategy();
          }
        }
        if (s == null) {
          s = step.instance() != null ? step.instance()
              : reg.create(Objects.requireNonNull(step.strategyName()), step.config());
        }
        steps.add(new CompiledStep(step.label(), s, step.tiers(), step.when(), step.reps()));
      }
      return steps;
    }
  }
}
