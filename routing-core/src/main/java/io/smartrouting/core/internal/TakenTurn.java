package io.smartrouting.core.internal;

import io.smartrouting.spi.RoundRobinTurns;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The store's round-robin turns as one decision's steps see them, remembering the last turn taken, so that the
 * pipeline can take it back when the winner's reservation fails ({@link RoundRobinTurns#giveBack}): a rep another
 * router filled up keeps its place in line, as one router that saw it full would have left it. One per session (a
 * thread's decisions), so it allocates nothing; it keeps the strategy's own list and array until the next attempt.
 * Not API.
 */
final class TakenTurn implements RoundRobinTurns {

  private @Nullable RoundRobinTurns store;
  private @Nullable String key;
  private @Nullable List<String> ids;
  private double @Nullable [] weights;
  private int index = -1;

  /** Takes turns in {@code turns} from now on, none taken yet. */
  TakenTurn over(RoundRobinTurns turns) {
    this.store = turns;
    forget();
    return this;
  }

  /** Forgets the last turn (a new attempt of a step begins). */
  void forget() {
    key = null;
    ids = null;
    weights = null;
    index = -1;
  }

  /**
   * If the last turn taken since {@link #forget} went to {@code repId}, takes it back in the store and returns true.
   * The turn is forgotten either way, so it is never given back twice.
   */
  boolean giveBackIfWonBy(String repId) {
    RoundRobinTurns s = store;
    String k = key;
    List<String> i = ids;
    double[] w = weights;
    int won = index;
    forget();
    if (s == null || k == null || i == null || w == null || won < 0 || !repId.equals(i.get(won))) {
      return false;
    }
    s.giveBack(k, i, w, won);
    return true;
  }

  private RoundRobinTurns store() {
    return Objects.requireNonNull(store, "no store turns");
  }

  @Override
  public int take(String key, List<String> ids, double[] weights) {
    int won = store().take(key, ids, weights);
    this.key = key;
    this.ids = ids;
    this.weights = weights;
    this.index = won;
    return won;
  }

  @Override
  public void giveBack(String key, List<String> ids, double[] weights, int index) {
    store().giveBack(key, ids, weights, index);
  }

  @Override
  public int peek(String key, List<String> ids, double[] weights) {
    return store().peek(key, ids, weights);
  }

  @Override
  public double[] credits(String key, List<String> ids) {
    return store().credits(key, ids);
  }
}
