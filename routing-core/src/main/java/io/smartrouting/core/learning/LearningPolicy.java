package io.smartrouting.core.learning;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ConversionModel} learns and explores. Immutable.
 *
 * <ul>
 *   <li>{@code priorStrength} (default 20): how many outcomes the team's rate counts for in a rep's posterior. A
 *       rep with 3 outcomes stays close to the team; with 200, its own record dominates.</li>
 *   <li>{@code halfLifeOutcomes} (default 0, off): after this many more closed outcomes in a segment, every count of
 *       that segment weighs half (the counts are halved), so recent quarters weigh more and a rep who changed is
 *       seen as changed.</li>
 *   <li>{@code empiricalPrior} (default off): estimate those strengths from the data instead (empirical Bayes, per
 *       segment, for the rep level and for the industry level): strong where reps really differ little, weak where
 *       they differ a lot; {@code priorStrength} is used until there are enough reps with outcomes to tell.</li>
 *   <li>{@code explorationShare} (default 0.10): the share of leads, chosen by a hash of the lead id, on which the
 *       performance factor is the optimistic upper 95% bound instead of the posterior mean (Bayesian UCB). Reps
 *       with little data have wide bounds, so they win some of these leads.</li>
 *   <li>{@code minOutcomesPerRep} (default 5): the floor. On exploration leads, a rep with fewer closed outcomes
 *       than this in the lead's segment scores 1.0 on performance, so a new rep gets leads to learn from before
 *       its record has to compete.</li>
 *   <li>{@code attributionWindow} (default 90 days, up to 1,000,000 leads): how long a router remembers which rep
 *       held a lead, so that a WON or LOST reported weeks later is still credited.</li>
 * </ul>
 */
public final class LearningPolicy {

  private final double priorStrength;
  private final boolean empiricalPrior;
  private final long halfLifeOutcomes;
  private final double explorationShare;
  private final int minOutcomesPerRep;
  private final Duration attributionWindow;
  private final long maxAttributedLeads;
  private final long explorationSalt;

  private LearningPolicy(Builder b) {
    this.priorStrength = b.priorStrength;
    this.empiricalPrior = b.empiricalPrior;
    this.halfLifeOutcomes = b.halfLifeOutcomes;
    this.explorationShare = b.explorationShare;
    this.minOutcomesPerRep = b.minOutcomesPerRep;
    this.attributionWindow = b.attributionWindow;
    this.maxAttributedLeads = b.maxAttributedLeads;
    this.explorationSalt = b.explorationSalt;
  }

  /** {@return the defaults listed on the class} */
  public static LearningPolicy defaults() {
    return builder().build();
  }

  /** {@return a builder starting from the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Pseudo-outcomes the team's rate counts for in each rep's posterior.
   *
   * @return the prior strength
   */
  public double priorStrength() {
    return priorStrength;
  }

  /**
   * Closed outcomes in a segment after which its counts weigh half; 0 when counts never fade.
   *
   * @return the half-life, or 0
   */
  public long halfLifeOutcomes() {
    return halfLifeOutcomes;
  }

  /** {@return true if prior strengths are estimated from the outcomes (empirical Bayes)} */
  public boolean empiricalPrior() {
    return empiricalPrior;
  }

  /** {@return share of leads routed with optimistic (exploring) performance scores} */
  public double explorationShare() {
    return explorationShare;
  }

  /**
   * Closed outcomes per rep and segment below which a rep scores 1.0 on exploration leads.
   *
   * @return the floor
   */
  public int minOutcomesPerRep() {
    return minOutcomesPerRep;
  }

  /** {@return how long a lead's rep is remembered for crediting a late outcome} */
  public Duration attributionWindow() {
    return attributionWindow;
  }

  /**
   * At most this many leads are remembered for crediting outcomes.
   *
   * @return the most leads
   */
  public long maxAttributedLeads() {
    return maxAttributedLeads;
  }

  /**
   * Salt of the hash that picks exploration leads (change it to pick a different set).
   *
   * @return the salt
   */
  public long explorationSalt() {
    return explorationSalt;
  }

  @Override
  public String toString() {
    return "LearningPolicy{priorStrength=" + priorStrength + ", empiricalPrior=" + empiricalPrior
        + ", halfLifeOutcomes=" + halfLifeOutcomes + ", explorationShare=" + explorationShare
        + ", minOutcomesPerRep=" + minOutcomesPerRep + ", attributionWindow=" + attributionWindow + "}";
  }

  /** Builds {@link LearningPolicy}s; every setter validates at once and names the field. Not thread-safe. */
  public static final class Builder {
    private double priorStrength = 20;
    private boolean empiricalPrior;
    private long halfLifeOutcomes;
    private double explorationShare = 0.10;
    private int minOutcomesPerRep = 5;
    private Duration attributionWindow = Duration.ofDays(90);
    private long maxAttributedLeads = 1_000_000;
    private long explorationSalt = 0x5eed_1ea4_0b5eL;

    private Builder() {}

    /**
     * After {@code outcomes} more closed outcomes in a segment, halve that segment's counts (0, the default, never
     * does): a half-life counted in outcomes, so learning follows reps who change.
     *
     * @param outcomes the half-life in outcomes, or 0
     * @return this builder
     * @throws IllegalArgumentException if negative, or positive but below 10
     */
    public Builder halfLifeOutcomes(long outcomes) {
      if (outcomes < 0 || (outcomes > 0 && outcomes < 10)) {
        throw new IllegalArgumentException("halfLifeOutcomes must be 0 (off) or at least 10 but was " + outcomes);
      }
      this.halfLifeOutcomes = outcomes;
      return this;
    }

    /**
     * Estimate the prior strengths from the outcomes (empirical Bayes, per segment, for reps and for industries
     * within a rep) rather than use {@link #priorStrength(double)} everywhere.
     *
     * @param estimate whether to estimate them
     * @return this builder
     */
    public Builder empiricalPrior(boolean estimate) {
      this.empiricalPrior = estimate;
      return this;
    }

    /**
     * Pseudo-outcomes for the team prior; finite and {@code > 0}.
     *
     * @param value the pseudo-outcomes
     * @return this builder
     */
    public Builder priorStrength(double value) {
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("priorStrength must be finite and > 0 but was " + value);
      }
      this.priorStrength = value;
      return this;
    }

    /**
     * Share of exploration leads, in [0, 1]; 0 turns exploration off.
     *
     * @param value the share
     * @return this builder
     */
    public Builder explorationShare(double value) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException("explorationShare must be in [0, 1] but was " + value);
      }
      this.explorationShare = value;
      return this;
    }

    /**
     * The per-rep floor of closed outcomes; {@code >= 0}.
     *
     * @param value the floor
     * @return this builder
     */
    public Builder minOutcomesPerRep(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("minOutcomesPerRep must be >= 0 but was " + value);
      }
      this.minOutcomesPerRep = value;
      return this;
    }

    /**
     * How long and for how many leads a router remembers the rep that held each lead.
     *
     * @param window how long after its routing an outcome is credited
     * @param maxLeads the most leads remembered
     * @return this builder
     */
    public Builder attribution(Duration window, long maxLeads) {
      Objects.requireNonNull(window, "attributionWindow must not be null");
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("attributionWindow must be positive but was " + window);
      }
      if (maxLeads <= 0) {
        throw new IllegalArgumentException("maxAttributedLeads must be > 0 but was " + maxLeads);
      }
      this.attributionWindow = window;
      this.maxAttributedLeads = maxLeads;
      return this;
    }

    /**
     * Salt of the exploration hash.
     *
     * @param salt the salt
     * @return this builder
     */
    public Builder explorationSalt(long salt) {
      this.explorationSalt = salt;
      return this;
    }

    /** {@return the policy} */
    public LearningPolicy build() {
      return new LearningPolicy(this);
    }
  }
}
