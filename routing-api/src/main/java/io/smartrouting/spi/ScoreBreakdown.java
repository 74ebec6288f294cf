package io.smartrouting.spi;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
  /**
   * Row by row: the composite, then each factor's score; {@code factors.size() + 1} values a row. Exactly one of the
   * two is set: {@code rows} as given, or {@code floatRows} kept to float precision.
   */
  private final double @Nullable [] rows;
  private final float @Nullable [] floatRows;

  private ScoreBreakdown(List<String> factors, double[] weights, int[] ordinals, double @Nullable [] rows,
      float @Nullable [] floatRows) {
    this.factors = factors;
    this.weights = weights;
    this.ordinals = ordinals;
    this.rows = rows;
    this.floatRows = floatRows;
  }

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
    this(List.copyOf(factors), Objects.requireNonNull(weights, "weights"), Objects.requireNonNull(ordinals, "ordinals"),
        flatten(factors.size(), ordinals.length, Objects.requireNonNull(composites, "composites"),
            Objects.requireNonNull(scores, "scores"), weights.length), (float[]) null);
  }

  private static double[] flatten(int factorCount, int rowCount, double[] composites, double[][] scores,
      int weightCount) {
    if (weightCount != factorCount || composites.length != rowCount || scores.length != rowCount) {
      throw new IllegalArgumentException("score breakdown arrays disagree in length: factors=" + factorCount
          + ", weights=" + weightCount + ", ordinals=" + rowCount + ", composites=" + composites.length
          + ", scores=" + scores.length);
    }
    int stride = factorCount + 1;
    double[] rows = new double[rowCount * stride];
    for (int r = 0; r < rowCount; r++) {
      if (scores[r].length != factorCount) {
        throw new IllegalArgumentException("score breakdown row " + r + " has " + scores[r].length
            + " factor scores but there are " + factorCount + " factors");
      }
      rows[r * stride] = composites[r];
      System.arraycopy(scores[r], 0, rows, r * stride + 1, factorCount);
    }
    return rows;
  }

  /**
   * Creates a breakdown from rows packed in one array of floats, as a strategy that scores on every decision can
   * keep it small: row {@code r} holds its composite at {@code rows[r * (factors.size() + 1)]}, then the score of
   * each factor in column order (NaN when the factor was missing). The values read back are the floats widened,
   * about seven significant digits: more than an explanation or an audit record shows, while the strategy decides on
   * its own exact values. The arrays are kept, not copied: they are the breakdown's from then on and must not be
   * changed.
   *
   * @param factors factor names, in column order
   * @param weights the weight of each factor
   * @param ordinals candidate ordinals, best first
   * @param rows each candidate's composite and factor scores, packed row by row
   * @return the breakdown
   * @throws IllegalArgumentException if the array lengths disagree
   */
  public static ScoreBreakdown packed(List<String> factors, double[] weights, int[] ordinals, float[] rows) {
    List<String> names = List.copyOf(factors);
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(ordinals, "ordinals");
    Objects.requireNonNull(rows, "rows");
    if (weights.length != names.size() || rows.length != ordinals.length * (names.size() + 1)) {
      throw new IllegalArgumentException("score breakdown arrays disagree in length: factors=" + names.size()
          + ", weights=" + weights.length + ", ordinals=" + ordinals.length + ", rows=" + rows.length
          + " (expected ordinals x (factors + 1) = " + ordinals.length * (names.size() + 1) + ")");
    }
    return new ScoreBreakdown(names, weights, ordinals, null, rows);
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
    Objects.checkIndex(row, ordinals.length);
    return value(row * (factors.size() + 1));
  }

  /**
   * Score of factor {@code factor} for the candidate in row {@code row}; NaN when the factor was missing.
   *
   * @param row the row
   * @param factor the factor
   * @return score of factor {@code factor} for the candidate in row {@code row}; NaN when the factor was missing
   */
  public double score(int row, int factor) {
    Objects.checkIndex(row, ordinals.length);
    Objects.checkIndex(factor, factors.size());
    return value(row * (factors.size() + 1) + 1 + factor);
  }

  private double value(int i) {
    double[] exact = rows;
    return exact != null ? exact[i] : Objects.requireNonNull(floatRows)[i];
  }
}
