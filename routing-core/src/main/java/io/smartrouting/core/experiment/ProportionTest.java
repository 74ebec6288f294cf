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

  /** True if the 95% interval excludes zero. */
  public boolean significant() {
    return lower > 0 || upper < 0;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s: %.2f%% vs %.2f%%, difference %+.2f pp (95%% CI %+.2f to %+.2f), p=%.4f",
        metric, 100 * treatmentRate, 100 * controlRate, 100 * difference, 100 * lower, 100 * upper, pValue);
  }
}
