package io.smartrouting.core.experiment;

/**
 * The distribution functions experiments and simulations need, with no dependency: the normal and chi-square
 * tails, Student's t 97.5% quantile, and the two-proportion test. Accurate to about 1e-7 absolute, which is ample
 * for p-values and 95% intervals.
 */
public final class Statistics {

  /** The 97.5% quantile of the standard normal distribution. */
  public static final double Z_975 = 1.959963984540054;

  private static final double[] T_975 = {Double.NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
      2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
      2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

  private Statistics() {}

  /**
   * P(Z ≤ z) for a standard normal Z.
   *
   * @param z the value
   * @return the probability
   */
  public static double normalCdf(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    double x = Math.abs(z) / Math.sqrt(2);
    // Complementary error function, Chebyshev fit with fractional error below 1.2e-7.
    double t = 1 / (1 + 0.5 * x);
    double poly = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277))))))));
    double erfc = t * Math.exp(poly);
    return z >= 0 ? 1 - erfc / 2 : erfc / 2;
  }

  /**
   * Two-sided p-value of a standard normal statistic.
   *
   * @param z the statistic
   * @return the p-value
   */
  public static double twoSidedP(double z) {
    return Math.min(1.0, 2 * (1 - normalCdf(Math.abs(z))));
  }

  /**
   * P(X ≥ x) for X chi-square distributed with {@code dof} degrees of freedom.
   *
   * @param x the value
   * @param dof the degrees of freedom
   * @return the probability
   * @throws IllegalArgumentException if {@code dof < 1}
   */
  public static double chiSquareSurvival(double x, int dof) {
    if (dof < 1) {
      throw new IllegalArgumentException("dof must be >= 1 but was " + dof);
    }
    if (!(x > 0)) {
      return 1.0;
    }
    return upperRegularizedGamma(dof / 2.0, x / 2.0);
  }

  /**
   * The 97.5% quantile of Student's t with {@code dof} degrees of freedom (tabulated to 30, expanded beyond).
   *
   * @param dof the degrees of freedom
   * @return the quantile
   */
  public static double studentT975(int dof) {
    if (dof < 1) {
      throw new IllegalArgumentException("dof must be >= 1 but was " + dof);
    }
    if (dof < T_975.length) {
      return T_975[dof];
    }
    double z = Z_975;
    double z3 = z * z * z;
    return z + (z3 + z) / (4.0 * dof) + (5 * z3 * z * z + 16 * z3 + 3 * z) / (96.0 * dof * dof);
  }

  /**
   * Compares two proportions: treatment {@code x2 / n2} against control {@code x1 / n1}. The p-value is the pooled
   * two-sided z-test; the 95% interval of the difference is the unpooled (Wald) one.
   *
   * @param metric the metric's name, for the report
   * @param x1 the control's successes
   * @param n1 the control's trials
   * @param x2 the treatment's successes
   * @param n2 the treatment's trials
   * @return the test
   * @throws IllegalArgumentException if a count is negative or successes exceed trials
   */
  public static ProportionTest twoProportion(String metric, long x1, long n1, long x2, long n2) {
    check(x1, n1, "control");
    check(x2, n2, "treatment");
    double p1 = n1 == 0 ? Double.NaN : (double) x1 / n1;
    double p2 = n2 == 0 ? Double.NaN : (double) x2 / n2;
    double diff = p2 - p1;
    double pooled = (double) (x1 + x2) / (n1 + n2);
    double sePooled = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    double z = sePooled > 0 ? diff / sePooled : 0;
    double se = Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
    double p = n1 == 0 || n2 == 0 ? Double.NaN : sePooled > 0 ? twoSidedP(z) : 1.0;
    return new ProportionTest(metric, x1, n1, x2, n2, p1, p2, diff, diff - Z_975 * se, diff + Z_975 * se, z, p);
  }

  private static void check(long x, long n, String which) {
    if (x < 0 || n < 0 || x > n) {
      throw new IllegalArgumentException(which + " successes must be in [0, trials] but were " + x + " of " + n);
    }
  }

  /**
   * Sample-ratio-mismatch check: a chi-square goodness-of-fit test of {@code observed} counts against
   * {@code expectedShares} (normalised), flagging a mismatch when the p-value is below {@code alpha}.
   *
   * @param observed the counts per group
   * @param expectedShares the expected share per group
   * @param alpha the p-value threshold
   * @return the check
   * @throws IllegalArgumentException if the arrays differ in length, have fewer than 2 entries, a share is not
   *     positive, or a count is negative
   */
  public static SampleRatioCheck sampleRatio(long[] observed, double[] expectedShares, double alpha) {
    if (observed.length != expectedShares.length || observed.length < 2) {
      throw new IllegalArgumentException("sample ratio check needs >= 2 variants with one share each but had "
          + observed.length + " counts and " + expectedShares.length + " shares");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1) but was " + alpha);
    }
    double shareSum = 0;
    long total = 0;
    for (int i = 0; i < observed.length; i++) {
      if (!(expectedShares[i] > 0) || Double.isInfinite(expectedShares[i])) {
        throw new IllegalArgumentException("expected share " + i + " must be finite and > 0 but was "
            + expectedShares[i]);
      }
      if (observed[i] < 0) {
        throw new IllegalArgumentException("observed count " + i + " must be >= 0 but was " + observed[i]);
      }
      shareSum += expectedShares[i];
      total += observed[i];
    }
    double chi = 0;
    for (int i = 0; i < observed.length; i++) {
      double expected = total * expectedShares[i] / shareSum;
      if (expected > 0) {
        double d = observed[i] - expected;
        chi += d * d / expected;
      }
    }
    double p = total == 0 ? 1.0 : chiSquareSurvival(chi, observed.length - 1);
    return new SampleRatioCheck(observed.clone(), normalised(expectedShares, shareSum), chi, p, alpha, p < alpha);
  }

  private static double[] normalised(double[] shares, double sum) {
    double[] out = new double[shares.length];
    for (int i = 0; i < shares.length; i++) {
      out[i] = shares[i] / sum;
    }
    return out;
  }

  /** Q(a, x): series below a + 1, Lentz's continued fraction above. */
  private static double upperRegularizedGamma(double a, double x) {
    double logPrefix = a * Math.log(x) - x - logGamma(a);
    if (x < a + 1) {
      double term = 1 / a;
      double sum = term;
      for (int n = 1; n < 10_000; n++) {
        term *= x / (a + n);
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * 1e-15) {
          break;
        }
      }
      return Math.max(0, 1 - sum * Math.exp(logPrefix));
    }
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < tiny ? tiny : d;
      c = b + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-15) {
        break;
      }
    }
    return Math.min(1, Math.exp(logPrefix) * h);
  }

  /** ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms). */
  static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    double xx = x - 1;
    double sum = c[0];
    for (int i = 1; i < c.length; i++) {
      sum += c[i] / (xx + i);
    }
    double t = xx + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
