package io.smartrouting.core.experiment;

import java.util.List;

/**
 * A snapshot of an {@link Experiment}: per-variant statistics, the sample-ratio check, and each treatment compared
 * with the control (the first variant) on contact rate and conversion rate.
 *
 * @param experiment the experiment's name
 * @param variants per-variant statistics, control first
 * @param sampleRatio the sample-ratio-mismatch check over routed leads
 * @param comparisons for each treatment, its contact-rate test then its conversion-rate test
 */
public record ExperimentReport(String experiment, List<VariantStats> variants, SampleRatioCheck sampleRatio,
    List<ProportionTest> comparisons) {

  /**
   * Copies the lists.
   *
   * @param experiment the experiment's name
   * @param variants per-variant statistics, control first
   * @param sampleRatio the sample-ratio-mismatch check over routed leads
   * @param comparisons for each treatment, its contact-rate test then its conversion-rate test
   */
  public ExperimentReport {
    variants = List.copyOf(variants);
    comparisons = List.copyOf(comparisons);
  }

  /**
   * The statistics of variant {@code name}.
   *
   * @param name the variant's name
   * @return its statistics
   */
  public VariantStats variant(String name) {
    for (VariantStats v : variants) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    throw new IllegalArgumentException("no variant '" + name + "' in experiment '" + experiment + "'");
  }

  /** {@return a readable report, one line per variant, test and check} */
  public String toText() {
    StringBuilder sb = new StringBuilder("experiment ").append(experiment).append('\n');
    for (VariantStats v : variants) {
      sb.append("  ").append(v).append('\n');
    }
    for (ProportionTest t : comparisons) {
      sb.append("  ").append(t).append('\n');
    }
    return sb.append("  ").append(sampleRatio).append('\n').toString();
  }
}
