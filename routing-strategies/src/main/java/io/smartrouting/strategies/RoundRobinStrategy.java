package io.smartrouting.strategies;

import io.smartrouting.api.Rep;
import io.smartrouting.spi.CandidateSet;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;
import java.util.HashMap;
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
 *   <li>Thread-safe: one short critical section per pick, so concurrent routing stays fair.</li>
 *   <li>On a shared state store ({@link RoutingContext#sharedTurns()}, e.g. Redis) the same rule runs atomically in
 *       the store under key {@code state.key} (default {@code round-robin}), so routers on many nodes take turns as
 *       one.</li>
 * </ul>
 */
public final class RoundRobinStrategy implements RoutingStrategy {

  private static final StrategyResult NOBODY = StrategyResult.pass("no candidates for round-robin");
  private static final String REASON = "round-robin turn (weighted)";
  private static final double EPSILON = 1e-12;

  /** Default key of the shared turns. */
  public static final String DEFAULT_STATE_KEY = "round-robin";

  private final String stateKey;

  /** A round-robin whose shared turns (if any) use {@link #DEFAULT_STATE_KEY}. */
  public RoundRobinStrategy() {
    this(DEFAULT_STATE_KEY);
  }

  /**
   * A round-robin whose shared turns use {@code stateKey} (two round-robin steps on one shared store need two keys).
   *
   * @throws IllegalArgumentException if {@code stateKey} is blank
   */
  public RoundRobinStrategy(String stateKey) {
    if (stateKey == null || stateKey.isBlank()) {
      throw new IllegalArgumentException("state.key must not be blank but was '" + stateKey + "'");
    }
    this.stateKey = stateKey;
  }

  /** Credit by rep id: the record that survives roster updates. */
  private final Map<String, Double> saved = new HashMap<>();
  /** For the roster version in use: ids, weights and credits by ordinal (dense, so scans stay in cache). */
  private long cachedVersion = Long.MIN_VALUE;
  private String[] ids = new String[0];
  private double[] weights = new double[0];
  private double[] credit = new double[0];

  @Override
  public StrategyResult apply(RoutingContext ctx) {
    CandidateSet c = ctx.candidates();
    if (c.isEmpty()) {
      return NOBODY;
    }
    io.smartrouting.spi.RoundRobinTurns shared = ctx.sharedTurns();
    if (shared != null) {
      return StrategyResult.assign(sharedTurn(ctx, c, shared), REASON);
    }
    int winner;
    synchronized (this) {
      sync(ctx);
      double total = 0;
      for (int o = c.first(); o >= 0; o = c.next(o)) {
        total += weights[o];
      }
      // Earliest deadline first among reps not ahead of their share: the rep whose credit reaches a whole
      // lead soonest at its current share goes first; a rep ahead of its share only when nobody else can.
      winner = -1;
      double soonest = Double.POSITIVE_INFINITY;
      int ahead = -1;
      double aheadCredit = Double.NEGATIVE_INFINITY;
      for (int o = c.first(); o >= 0; o = c.next(o)) {
        double share = weights[o] / total;
        double value = credit[o] + share;
        credit[o] = value;
        if (value >= -EPSILON) {
          double steps = (1.0 - value) / share;
          if (steps < soonest - EPSILON) {
            soonest = steps;
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
    }
    return StrategyResult.assign(winner, REASON);
  }

  private int sharedTurn(RoutingContext ctx, CandidateSet c, io.smartrouting.spi.RoundRobinTurns shared) {
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
    return ordinals[shared.take(stateKey, candidateIds, candidateWeights)];
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
    cachedVersion = ctx.rosterVersion();
  }

  /** The credit of rep {@code repId}, for tests and diagnostics. */
  public synchronized double credit(String repId) {
    for (int o = 0; o < ids.length; o++) {
      if (ids[o].equals(repId)) {
        return credit[o];
      }
    }
    return saved.getOrDefault(repId, 0.0);
  }
}
