package io.smartrouting.strategies;

import io.smartrouting.api.Rep;
import io.smartrouting.spi.CandidateSet;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weighted round-robin over the candidates, fair by credit: for each lead, every candidate earns its share
 * {@code weight / total candidate weight} of credit; among the candidates not ahead of their share (credit
 * {@code >= 0}) the one whose credit reaches a whole lead soonest wins (earliest deadline first, ties: roster
 * order) and pays one lead's worth.
 *
 * <ul>
 *   <li>With a stable pool, after every lead each rep's count is within one lead of its weighted share, and so it
 *       stays when reps drop out and come back one at a time (share counted over the leads a rep was a candidate
 *       for). When several reps are away at once, the reps who stayed absorb the share those reps took ahead of
 *       time; the property tests bound that by two leads.</li>
 *   <li>A rep that is unavailable or full is simply not a candidate: it neither earns nor pays, so it keeps its
 *       place and is first in line when it returns.</li>
 *   <li>Credit is kept by rep id, so it survives roster updates; a new rep starts at zero.</li>
 *   <li>Thread-safe: one short critical section per pick, so concurrent routing stays fair; a turn whose rep then
 *       could not take the lead (another thread took its last unit first) is taken back
 *       ({@link #assignmentRefused}), so the rep keeps its place in line.</li>
 *   <li>On a shared state store ({@link RoutingContext#sharedTurns()}, e.g. Redis) the same rule runs atomically in
 *       the store under key {@code state.key} (default {@code round-robin}), so routers on many nodes take turns as
 *       one.</li>
 *   <li>Optional catch-up ({@code catchUp.maxLeads}, default 0 = off): a rep back from declared time off
 *       ({@link io.smartrouting.api.Rep#timeOff()}) is owed the leads it would have had meanwhile, estimated from
 *       its own pace before it left (leads it won per hour it was in the pool, times the hours of time off), at most
 *       {@code catchUp.maxLeads}; those are added to its credit, so it wins its next turns until it has caught up.
 *       Absences that are not time off (nights, a full rep, manual overrides) earn nothing. The fairness bound
 *       above then holds except for those extra leads. In-memory turns only (shared turns ignore it).</li>
 * </ul>
 */
public final class RoundRobinStrategy implements RoutingStrategy {

  private static final StrategyResult NOBODY = StrategyResult.pass("no candidates for round-robin");
  private static final String REASON = "round-robin turn (weighted)";
  private static final double EPSILON = 1e-12;

  /** Default key of the shared turns. */
  public static final String DEFAULT_STATE_KEY = "round-robin";

  /** The most leads {@code catchUp.maxLeads} may owe a returning rep. */
  public static final int MAX_CATCH_UP = 1000;

  private final String stateKey;
  private final int catchUpMax;

  /** When a rep was first and last a candidate, and how many turns it won (for catch-up). */
  private static final class Presence {
    long firstSeen = Long.MIN_VALUE;
    long lastSeen = Long.MIN_VALUE;
    int wins;
  }

  /** Catch-up bookkeeping by rep id; empty unless catch-up is on. */
  private final Map<String, Presence> presence = new HashMap<>();

  /** A round-robin whose shared turns (if any) use {@link #DEFAULT_STATE_KEY}. */
  public RoundRobinStrategy() {
    this(DEFAULT_STATE_KEY);
  }

  /**
   * A round-robin whose shared turns use {@code stateKey}, without catch-up.
   *
   * @param stateKey the key of the shared turns in a shared state store
   */
  public RoundRobinStrategy(String stateKey) {
    this(stateKey, 0);
  }

  /**
   * A round-robin whose shared turns use {@code stateKey} (two round-robin steps on one shared store need two keys)
   * and that owes a rep back from time off at most {@code catchUpMaxLeads} leads (0: no catch-up).
   *
   * @param stateKey the key of the shared turns in a shared state store
   * @param catchUpMaxLeads the most leads owed to a rep back from time off (0: no catch-up)
   * @throws IllegalArgumentException if {@code stateKey} is blank or {@code catchUpMaxLeads} is outside [0, 1000]
   */
  public RoundRobinStrategy(String stateKey, int catchUpMaxLeads) {
    if (stateKey == null || stateKey.isBlank()) {
      throw new IllegalArgumentException("state.key must not be blank but was '" + stateKey + "'");
    }
    if (catchUpMaxLeads < 0 || catchUpMaxLeads > MAX_CATCH_UP) {
      throw new IllegalArgumentException("catchUp.maxLeads must be in [0, " + MAX_CATCH_UP + "] but was "
          + catchUpMaxLeads);
    }
    this.stateKey = stateKey;
    this.catchUpMax = catchUpMaxLeads;
  }

  /** Credit by rep id: the record that survives roster updates. */
  private final Map<String, Double> saved = new HashMap<>();
  /** For the roster version in use: ids, weights and credits by ordinal (dense, so scans stay in cache). */
  private long cachedVersion = Long.MIN_VALUE;
  private String[] ids = new String[0];
  private double[] weights = new double[0];
  private double[] credit = new double[0];
  /** The candidates of the turn being taken (guarded by this), so the two passes do not walk the bitset twice. */
  private int[] ordinals = new int[0];
  /** The usual result per ordinal, made once (results are immutable), so a turn allocates nothing. */
  private StrategyResult[] results = new StrategyResult[0];

  @Override
  public StrategyResult apply(RoutingContext ctx) {
    CandidateSet c = ctx.candidates();
    if (c.isEmpty()) {
      return NOBODY;
    }
    io.smartrouting.spi.RoundRobinTurns shared = ctx.sharedTurns();
    if (shared != null) {
      if (ctx.isPreview()) {
        try {
          return StrategyResult.assign(sharedTurn(ctx, c, shared, true), REASON);
        } catch (UnsupportedOperationException e) {
          return StrategyResult.pass("round-robin: " + e.getMessage());
        }
      }
      return StrategyResult.assign(sharedTurn(ctx, c, shared, false), REASON);
    }
    if (ctx.isPreview()) {
      return preview(ctx, c);
    }
    int winner;
    boolean caughtUp = false;
    synchronized (this) {
      sync(ctx);
      if (catchUpMax > 0) {
        caughtUp = catchUp(ctx, c);
      }
      winner = pick(c);
      if (catchUpMax > 0) {
        presence.get(ids[winner]).wins++;
        caughtUp = caughtUp && credit[winner] >= -EPSILON;
      }
      if (!caughtUp) {
        StrategyResult r = results[winner];
        if (r == null) {
          r = StrategyResult.assign(winner, REASON);
          results[winner] = r;
        }
        return r;
      }
    }
    return StrategyResult.assign(winner, CATCH_UP_REASON);
  }

  /**
   * Takes back the turn that went to a rep who could not take the lead (another decision took its last unit first):
   * every candidate of that turn gives back its share and the rep is paid its lead back, so it keeps its place in
   * line, as if the turn had never been taken; turns taken meanwhile stay. On shared turns the router gives the turn
   * back in the store ({@link io.smartrouting.spi.RoundRobinTurns#giveBack}); here only a preview's copy is mended.
   */
  @Override
  public void assignmentRefused(RoutingContext ctx, int ordinal) {
    CandidateSet c = ctx.candidates();
    if (!c.contains(ordinal)) {
      return;
    }
    if (ctx.sharedTurns() != null) {
      if (ctx.isPreview()) {
        SharedPreviewTurns turns = ctx.previewState("round-robin turns " + stateKey, SharedPreviewTurns::new);
        if (turns != null) {
          giveBackShared(ctx, c, turns, ordinal);
        }
      }
      return;
    }
    synchronized (this) {
      if (ctx.rosterVersion() != cachedVersion || ids.length != ctx.rosterSize()) {
        return; // another roster came in since the pick: its ordinals are not the pick's, and the turn stays spent
      }
      if (!ctx.isPreview()) {
        giveBack(c, credit, ordinal);
        if (catchUpMax > 0) {
          Presence p = presence.get(ids[ordinal]);
          if (p != null && p.wins > 0) {
            p.wins--;
          }
        }
        return;
      }
      // A preview of one lead turned on a copy it threw away; one of several leads turns on the preview's copy.
      PreviewTurns turns = catchUpMax > 0 ? null : ctx.previewState(this, PreviewTurns::new);
      if (turns != null && turns.version == cachedVersion && turns.credit.length == credit.length) {
        giveBack(c, turns.credit, ordinal);
      }
    }
  }

  /** The inverse of {@link #pick} on {@code credits}: the candidates give back their shares, the winner its lead. */
  private void giveBack(CandidateSet c, double[] credits, int winner) {
    double total = 0;
    for (int o = c.first(); o >= 0; o = c.next(o)) {
      total += weights[o];
    }
    double perWeight = 1.0 / total;
    for (int o = c.first(); o >= 0; o = c.next(o)) {
      credits[o] -= weights[o] * perWeight;
    }
    credits[winner] += 1.0;
  }

  /** {@link #giveBack} on the credits a preview of several moves read from shared turns. */
  private static void giveBackShared(RoutingContext ctx, CandidateSet c, SharedPreviewTurns turns, int winner) {
    double total = 0;
    for (int o = c.first(); o >= 0; o = c.next(o)) {
      total += ctx.rep(o).weight();
    }
    for (int o = c.first(); o >= 0; o = c.next(o)) {
      Rep rep = ctx.rep(o);
      Double credit = turns.credit.get(rep.id());
      if (credit != null) {
        turns.credit.put(rep.id(), credit - rep.weight() / total + (o == winner ? 1.0 : 0.0));
      }
    }
  }

  /**
   * Earns every candidate its share, picks the rep whose turn it is and makes it pay one lead. Caller holds the
   * lock.
   */
  private int pick(CandidateSet c) {
    if (ordinals.length < Math.max(c.size(), ids.length)) {
      ordinals = new int[Math.max(c.size(), ids.length)];
    }
    int n = c.copyTo(ordinals);
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += weights[ordinals[i]];
    }
    // Earliest deadline first among reps not ahead of their share: the rep whose credit reaches a whole
    // lead soonest at its current share goes first; a rep ahead of its share only when nobody else can.
    // No division per candidate: the share is the weight times the inverse total, and the soonest deadline is kept
    // as a fraction, its steps (1 - credit) / share compared by cross-multiplying (shares are positive). The rounding
    // differs from dividing by parts in 1e16, far inside the 1e-12 that makes two deadlines equal.
    double perWeight = 1.0 / total;
    int winner = -1;
    double soonestLeft = 1.0;
    double soonestShare = 0.0;
    int ahead = -1;
    double aheadCredit = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      int o = ordinals[i];
      double share = weights[o] * perWeight;
      double value = credit[o] + share;
      credit[o] = value;
      if (value >= -EPSILON) {
        // steps < soonest - EPSILON, with steps = left / share and soonest = soonestLeft / soonestShare (+inf at 0).
        double left = 1.0 - value;
        if (winner < 0 || left * soonestShare < (soonestLeft - EPSILON * soonestShare) * share) {
          soonestLeft = left;
          soonestShare = share;
          winner = o;
        }
      } else if (value > aheadCredit) {
        aheadCredit = value;
        ahead = o;
      }
    }
    if (winner < 0) {
      winner = ahead;
    }
    credit[winner] -= 1.0;
    return winner;
  }

  private static final String CATCH_UP_REASON = REASON + ", catching up after time off";

  /**
   * Credits each candidate back from time off with the leads it missed (see the class comment) and notes that every
   * candidate was present now. Returns true if some candidate is still owed leads.
   */
  private boolean catchUp(RoutingContext ctx, CandidateSet c) {
    long now = ctx.now().toEpochMilli();
    boolean owed = false;
    for (int o = c.first(); o >= 0; o = c.next(o)) {
      Presence p = presence.computeIfAbsent(ids[o], k -> new Presence());
      if (p.lastSeen != Long.MIN_VALUE && now > p.lastSeen && p.wins > 0 && p.lastSeen > p.firstSeen) {
        long off = timeOffBetween(ctx.rep(o), p.lastSeen, now);
        if (off > 0) {
          double pace = (double) p.wins / (p.lastSeen - p.firstSeen);
          long missed = Math.min(catchUpMax, (long) Math.floor(pace * off));
          credit[o] += missed;
          // The pace is measured afresh after the return.
          p.firstSeen = now;
          p.wins = 0;
        }
      }
      if (p.firstSeen == Long.MIN_VALUE) {
        p.firstSeen = now;
      }
      p.lastSeen = now;
      owed |= credit[o] >= 1.0 - EPSILON;
    }
    return owed;
  }

  /** Milliseconds of {@code rep}'s declared time off between {@code from} and {@code to}. */
  private static long timeOffBetween(Rep rep, long from, long to) {
    long total = 0;
    for (io.smartrouting.api.TimeOff t : rep.timeOff()) {
      long start = Math.max(from, t.start().toEpochMilli());
      long end = Math.min(to, t.end().toEpochMilli());
      if (end > start) {
        total += end - start;
      }
    }
    return total;
  }

  /**
   * The turn {@link #apply} would give now, on a copy of the credits: nothing is paid or earned, so the real decision
   * that follows picks the same rep.
   */
  private StrategyResult preview(RoutingContext ctx, CandidateSet c) {
    int winner;
    boolean caughtUp = false;
    synchronized (this) {
      sync(ctx);
      PreviewTurns turns = catchUpMax > 0 ? null : ctx.previewState(this, PreviewTurns::new);
      if (turns != null) {
        // One of several leads previewed as one: the turns taken on a copy of the credits that lives as long as the
        // preview, so that its leads are spread as the real moves would spread them.
        if (turns.version != cachedVersion || turns.credit.length != credit.length) {
          turns.version = cachedVersion;
          turns.credit = credit.clone();
        }
        double[] real = credit;
        credit = turns.credit;
        try {
          winner = pick(c);
        } finally {
          credit = real;
        }
        return StrategyResult.assign(winner, REASON);
      }
      double[] saved = credit.clone();
      Map<String, Presence> savedPresence = new HashMap<>();
      if (catchUpMax > 0) {
        for (Map.Entry<String, Presence> e : presence.entrySet()) {
          Presence copy = new Presence();
          copy.firstSeen = e.getValue().firstSeen;
          copy.lastSeen = e.getValue().lastSeen;
          copy.wins = e.getValue().wins;
          savedPresence.put(e.getKey(), copy);
        }
        caughtUp = catchUp(ctx, c);
      }
      winner = pick(c);
      caughtUp = caughtUp && credit[winner] >= -EPSILON;
      credit = saved;
      if (catchUpMax > 0) {
        presence.clear();
        presence.putAll(savedPresence);
      }
    }
    return StrategyResult.assign(winner, caughtUp ? CATCH_UP_REASON : REASON);
  }

  /** The credits of a preview of several moves ({@link RoutingContext#previewState}), for the roster version made. */
  private static final class PreviewTurns {
    long version = Long.MIN_VALUE;
    double[] credit = new double[0];
  }

  private int sharedTurn(RoutingContext ctx, CandidateSet c, io.smartrouting.spi.RoundRobinTurns shared,
      boolean peek) {
    int[] ordinals = new int[c.size()];
    java.util.List<String> candidateIds = new java.util.ArrayList<>(ordinals.length);
    double[] candidateWeights = new double[ordinals.length];
    int n = 0;
    for (int o = c.first(); o >= 0; o = c.next(o)) {
      Rep rep = ctx.rep(o);
      ordinals[n] = o;
      candidateIds.add(rep.id());
      candidateWeights[n++] = rep.weight();
    }
    if (!peek) {
      return ordinals[shared.take(stateKey, candidateIds, candidateWeights)];
    }
    // Keyed by the shared key: two steps on one key take turns as one in the store, and so in the preview.
    SharedPreviewTurns turns = ctx.previewState("round-robin turns " + stateKey, SharedPreviewTurns::new);
    if (turns == null) {
      return ordinals[shared.peek(stateKey, candidateIds, candidateWeights)];
    }
    // One of several leads previewed as one: the store's credits, read once per rep, and the turns taken on them
    // here, so that the leads are spread as the real turns would spread them; the store is not written.
    List<String> unknown = new java.util.ArrayList<>();
    for (String id : candidateIds) {
      if (!turns.credit.containsKey(id)) {
        unknown.add(id);
      }
    }
    if (!unknown.isEmpty()) {
      double[] stored = shared.credits(stateKey, unknown);
      for (int i = 0; i < stored.length; i++) {
        turns.credit.put(unknown.get(i), stored[i]);
      }
    }
    double[] credits = new double[n];
    for (int i = 0; i < n; i++) {
      credits[i] = turns.credit.get(candidateIds.get(i));
    }
    int winner = io.smartrouting.spi.RoundRobinTurns.turn(credits, candidateWeights);
    for (int i = 0; i < n; i++) {
      turns.credit.put(candidateIds.get(i), credits[i]);
    }
    return ordinals[winner];
  }

  /** A preview of several moves on shared turns: the credits read from the store and turned on since, by rep id. */
  private static final class SharedPreviewTurns {
    final Map<String, Double> credit = new HashMap<>();
  }

  /** On a new roster version: save credits by id, then lay them out by the new ordinals. */
  private void sync(RoutingContext ctx) {
    if (ctx.rosterVersion() == cachedVersion && ids.length == ctx.rosterSize()) {
      return;
    }
    for (int o = 0; o < ids.length; o++) {
      saved.put(ids[o], credit[o]);
    }
    int n = ctx.rosterSize();
    String[] newIds = new String[n];
    double[] newWeights = new double[n];
    double[] newCredit = new double[n];
    for (int o = 0; o < n; o++) {
      Rep rep = ctx.rep(o);
      newIds[o] = rep.id();
      newWeights[o] = rep.weight();
      newCredit[o] = saved.getOrDefault(rep.id(), 0.0);
    }
    ids = newIds;
    weights = newWeights;
    credit = newCredit;
    results = new StrategyResult[n];
    cachedVersion = ctx.rosterVersion();
  }

  /**
   * The credit of rep {@code repId}, for tests and diagnostics.
   *
   * @param repId the rep
   * @return its credit in leads: positive when it is owed leads, negative when it is ahead of its share
   */
  public synchronized double credit(String repId) {
    for (int o = 0; o < ids.length; o++) {
      if (ids[o].equals(repId)) {
        return credit[o];
      }
    }
    return saved.getOrDefault(repId, 0.0);
  }
}
