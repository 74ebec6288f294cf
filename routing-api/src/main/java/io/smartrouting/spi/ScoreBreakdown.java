package io.smartrouting.spi;

import java.util.List;
import java.util.Objects;

/**
 * Factor scores a scoring strategy computed for its best candidates, kept in the decision trace so a person can
 * see why the winner won. Rows are ordered best first; row 0 is the winner.
 *
 * <p>Immutable once built: the arrays passed in are owned by the breakdown and must not be changed afterwards.
 */
public final class ScoreBreakdown {

  private final List<String> factors;
  private final double[] weights;
  private final int[] ordinals;
  private final double[] composites;
  private final double[][] scores;

  /**
   * Creates a breakdown.
   *
   * @param factors factor names, in column order
   * @param weights the weight of each factor
   * @param ordinals candidate ordinals, best first
   * @param composites the composite score of each candidate
   * @param scores per candidate, the score of each factor in [0, 1] (NaN when the factor was missing)
   * @throws IllegalArgumentException if the array lengths disagree
   */
  public ScoreBreakdown(List<String> factors, double[] weights, int[] ordinals, double[] composites,
      double[][] scores) {
    this.factors = List.copyOf(factors);
    this.weights = Objects.requireNonNull(weights, "weights");
    this.ordinals = Objects.requireNonNull(ordinals, "ordinals");
    this.composites = Objects.requireNonNull(composites, "composites");
    this.scores = Objects.requireNonNull(scores, "scores");
    if (weights.length != this.factors.size() || composites.length != ordinals.length
        || scores.length != ordinals.length) {
      throw new IllegalArgumentException("score breakdown arrays disagree in length: factors=" + factors.size()
          + ", weights=" + weights.length + ", ordinals=" + ordinals.length + ", composites=" + composites.length
          + ", scores=" + scores.length);
    }
  }

  /** {@return factor names in column order} */
  public List<String> factors() {
    return factors;
  }

  /**
   * The weight of factor {@code i}.
   *
   * @param i the i
   * @return the weight of factor {@code i}
   */
  public double weight(int i) {
    return weights[i];
  }

  /** {@return number of scored candidates kept} */
  public int rows() {
    return ordinals.length;
  }

  /**
   * Ordinal of the candidate in row {@code row}.
   *
   * @param row the row
   * @return ordinal of the candidate in row {@code row}
   */
  public int ordinal(int row) {
    return ordinals[row];
  }

  /**
   * Composite score of the candidate in row {@code row}.
   *
   * @param row the row
   * @return composite score of the candidate in row {@code row}
   */
  public double composite(int row) {
    return composites[row];
  }

  /**
   * Score of factor {@code factor} for the candidate in row {@code row}; NaN when the factor was missing.
   *
   * @param row the row
   * @param factor the factor
   * @return score of factor {@code factor} for the candidate in row {@code row}; NaN when the factor was missing
   */
  public double score(int row, int factor) {
    return scores[row][factor];
  }
}
