package io.smartrouting.core.experiment;

import java.util.Locale;

/**
 * A two-proportion comparison of a treatment against a control.
 *
 * @param metric what is compared ("contact rate", say)
 * @param controlSuccesses control successes
 * @param controlTrials control trials
 * @param treatmentSuccesses treatment successes
 * @param treatmentTrials treatment trials
 * @param controlRate control rate
 * @param treatmentRate treatment rate
 * @param difference treatment rate minus control rate
 * @param lower lower bound of the 95% interval of the difference
 * @param upper upper bound of the 95% interval of the difference
 * @param z the pooled z statistic
 * @param pValue two-sided p-value
 */
public record ProportionTest(String metric, long controlSuccesses, long controlTrials, long treatmentSuccesses,
    long treatmentTrials, double controlRate, double treatmentRate, double difference, double lower, double upper,
    double z, double pValue) {

  /** {@return true if the 95% interval excludes zero} */
  public boolean significant() {
    return lower > 0 || upper < 0;
  }

  /** The normal quantile of 80%: the power {@link #minimumDetectableDifference()} is stated at. */
  private static final double Z_80 = 0.8416212335729143;

  /**
   * The smallest difference of rates (either way) that a test of these two sample sizes finds at the 5% level four
   * times in five (80% power), at the two groups' pooled rate: while the experiment runs, a difference smaller than
   * this can hide in the noise, so "no significant difference" does not yet mean "no difference". NaN while either
   * group is empty.
   *
   * @return the difference of rates
   */
  public double minimumDetectableDifference() {
    if (controlTrials == 0 || treatmentTrials == 0) {
      return Double.NaN;
    }
    double pooled = (double) (controlSuccesses + treatmentSuccesses) / (controlTrials + treatmentTrials);
    return (Statistics.Z_975 + Z_80)
        * Math.sqrt(pooled * (1 - pooled) * (1.0 / controlTrials + 1.0 / treatmentTrials));
  }

  /**
   * How many trials each group needs (equal groups) for a test at the 5% level to find a difference of
   * {@code difference} four times in five, at the groups' pooled rate so far: how long to keep running.
   *
   * @param difference the difference of rates to find
   * @return the trials each group needs
   * @throws IllegalArgumentException if {@code difference} is not in (0, 1)
   */
  public long trialsPerGroupFor(double difference) {
    if (!(difference > 0 && difference < 1)) {
      throw new IllegalArgumentException("difference must be in (0, 1) but was " + difference);
    }
    long n = controlTrials + treatmentTrials;
    double pooled = n == 0 ? 0.5 : (double) (controlSuccesses + treatmentSuccesses) / n;
    double z = Statistics.Z_975 + Z_80;
    return (long) Math.ceil(z * z * 2 * pooled * (1 - pooled) / (difference * difference));
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s: %.2f%% vs %.2f%%, difference %+.2f pp (95%% CI %+.2f to %+.2f), p=%.4f;"
        + " these sample sizes find a difference of %.2f pp 4 times in 5", metric, 100 * treatmentRate,
        100 * controlRate, 100 * difference, 100 * lower, 100 * upper, pValue, 100 * minimumDetectableDifference());
  }
}
