package io.smartrouting.spi;

import io.smartrouting.api.Lead;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Company data found by a {@link LeadEnricher}. {@link #applyTo(Lead)} fills only the fields the lead lacks: data
 * the lead brought is never overwritten. Immutable.
 */
public final class Enrichment {

  private static final Enrichment NONE = new Builder().build();

  private final OptionalInt employees;
  private final OptionalLong annualRecurringRevenue;
  private final @Nullable String industry;
  private final @Nullable String country;
  private final @Nullable String region;
  private final OptionalInt icpScore;

  private Enrichment(Builder b) {
    this.employees = b.employees;
    this.annualRecurringRevenue = b.arr;
    this.industry = b.industry;
    this.country = b.country;
    this.region = b.region;
    this.icpScore = b.icpScore;
  }

  /**
   * Nothing found.
   *
   * @return nothing found
   */
  public static Enrichment none() {
    return NONE;
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return true if nothing was found} */
  public boolean isEmpty() {
    return employees.isEmpty() && annualRecurringRevenue.isEmpty() && industry == null && country == null
        && region == null && icpScore.isEmpty();
  }

  /**
   * The lead with missing fields filled in; the same instance when nothing was added.
   *
   * @param lead the lead
   * @return the lead with missing fields filled in; the same instance when nothing was added
   */
  public Lead applyTo(Lead lead) {
    if (isEmpty()) {
      return lead;
    }
    Lead.Builder b = Lead.builderFrom(lead);
    boolean changed = false;
    if (lead.employees().isEmpty() && employees.isPresent()) {
      b.employees(employees.getAsInt());
      changed = true;
    }
    if (lead.annualRecurringRevenue().isEmpty() && annualRecurringRevenue.isPresent()) {
      b.annualRecurringRevenue(annualRecurringRevenue.getAsLong());
      changed = true;
    }
    if (lead.industry() == null && industry != null) {
      b.industry(industry);
      changed = true;
    }
    if (lead.country() == null && country != null) {
      b.country(country);
      if (lead.region() == null && region != null) {
        b.region(region);
      }
      changed = true;
    }
    if (lead.icpScore().isEmpty() && icpScore.isPresent()) {
      b.icpScore(icpScore.getAsInt());
      changed = true;
    }
    return changed ? b.build() : lead;
  }

  /** Builds {@link Enrichment}s; values are validated like {@link Lead.Builder}'s. */
  public static final class Builder {
    private OptionalInt employees = OptionalInt.empty();
    private OptionalLong arr = OptionalLong.empty();
    private @Nullable String industry;
    private @Nullable String country;
    private @Nullable String region;
    private OptionalInt icpScore = OptionalInt.empty();

    private Builder() {}

    /**
     * Employee count, {@code >= 0}.
     *
     * @param value employee count, {@code >= 0}
     * @return this builder
     */
    public Builder employees(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("enrichment.employees must be >= 0 but was " + value);
      }
      this.employees = OptionalInt.of(value);
      return this;
    }

    /**
     * ARR in whole currency units, {@code >= 0}.
     *
     * @param value ARR in whole currency units, {@code >= 0}
     * @return this builder
     */
    public Builder annualRecurringRevenue(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("enrichment.annualRecurringRevenue must be >= 0 but was " + value);
      }
      this.arr = OptionalLong.of(value);
      return this;
    }

    /**
     * Industry key.
     *
     * @param value industry key
     * @return this builder
     */
    public Builder industry(@Nullable String value) {
      this.industry = value;
      return this;
    }

    /**
     * ISO country code and region code.
     *
     * @param country the country
     * @param region the region
     * @return this builder
     */
    public Builder location(@Nullable String country, @Nullable String region) {
      this.country = country;
      this.region = region;
      return this;
    }

    /**
     * ICP score, 0 to 100.
     *
     * @param value ICP score, 0 to 100
     * @return this builder
     */
    public Builder icpScore(int value) {
      if (value < 0 || value > 100) {
        throw new IllegalArgumentException("enrichment.icpScore must be within 0..100 but was " + value);
      }
      this.icpScore = OptionalInt.of(value);
      return this;
    }

    /**
     * Builds the enrichment.
     *
     * @return the enrichment
     */
    public Enrichment build() {
      return new Enrichment(this);
    }
  }
}
