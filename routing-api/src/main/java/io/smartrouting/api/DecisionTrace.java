package io.smartrouting.api;

/**
 * The record of how a {@link Decision} was reached. Routers record compact data while deciding and render text
 * only when {@link #render()} is called, so keeping a trace is cheap.
 *
 * <p>Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface DecisionTrace {

  /** A trace that records nothing. */
  DecisionTrace EMPTY = () -> "";

  /**
   * Renders the trace for a person: one line per step, with the excluded reps and why, the scores of the winner
   * and runners-up where a strategy scored, and who won.
   *
   * @return the string
   */
  String render();
}
