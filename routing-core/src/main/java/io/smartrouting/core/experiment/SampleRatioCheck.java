package io.smartrouting.core.experiment;

import java.util.Arrays;
import java.util.Locale;

/**
 * A sample-ratio-mismatch check: do the observed variant sizes fit the configured split? A mismatch means the
 * assignment or the data collection is broken, and the experiment's comparisons should not be trusted.
 *
 * @param observed leads per variant
 * @param expectedShares configured share per variant (sums to 1)
 * @param chiSquare the goodness-of-fit statistic
 * @param pValue its p-value
 * @param alpha the threshold below which a mismatch is flagged
 * @param mismatch true if {@code pValue < alpha}
 */
public record SampleRatioCheck(long[] observed, double[] expectedShares, double chiSquare, double pValue,
    double alpha, boolean mismatch) {

  /**
   * Copies the arrays.
   *
   * @param observed leads per variant
   * @param expectedShares configured share per variant (sums to 1)
   * @param chiSquare the goodness-of-fit statistic
   * @param pValue its p-value
   * @param alpha the threshold below which a mismatch is flagged
   * @param mismatch true if {@code pValue < alpha}
   */
  public SampleRatioCheck {
    observed = observed.clone();
    expectedShares = expectedShares.clone();
  }

  /** {@return leads per variant, a copy} */
  @Override
  public long[] observed() {
    return observed.clone();
  }

  /** {@return the configured share per variant, a copy} */
  @Override
  public double[] expectedShares() {
    return expectedShares.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SampleRatioCheck s && Arrays.equals(observed, s.observed)
        && Arrays.equals(expectedShares, s.expectedShares) && chiSquare == s.chiSquare && alpha == s.alpha;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(observed) + Arrays.hashCode(expectedShares);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s: observed %s for shares %s, chi-square %.2f, p=%.3g",
        mismatch ? "SAMPLE RATIO MISMATCH" : "sample ratio ok", Arrays.toString(observed),
        Arrays.toString(expectedShares), chiSquare, pValue);
  }
}
