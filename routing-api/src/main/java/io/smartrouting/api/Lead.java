package io.smartrouting.api;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * An incoming lead to be routed.
 *
 * <p>Vendors may implement this interface over their own objects; implementations must be immutable (a router
 * may read a lead from several threads and more than once) and must return normalised values: country and
 * region upper case, industry and language lower case, no blank strings (use {@code null} for absent data).
 * {@link #builder(String)} makes a validated, immutable default implementation.
 *
 * <p>Fields that hold personal data ({@link #email()}, {@link #contactName()}) are never logged by the SDK
 * above DEBUG level.
 */
public interface Lead {

  /** Unique, non-blank id of the lead; routing the same id twice within the idempotency window is a no-op. */
  String id();

  /** Contact e-mail address (personal data), used for account matching by domain. */
  @Nullable String email();

  /** Contact name (personal data), shown to people only. */
  @Nullable String contactName();

  /** Company website or domain, used for account matching when the e-mail is a free-mail address. */
  @Nullable String website();

  /** Company name as entered, used for account matching by normalised name. */
  @Nullable String companyName();

  /** ISO 3166-1 alpha-2 country code, upper case (e.g. {@code US}). */
  @Nullable String country();

  /** Region or state code within the country, upper case (e.g. {@code CA} for California). */
  @Nullable String region();

  /** Industry key, lower case (e.g. {@code healthcare}). */
  @Nullable String industry();

  /** Number of employees of the lead's company, if known. */
  OptionalInt employees();

  /** Annual recurring revenue of the expected deal in whole currency units, if known. */
  OptionalLong annualRecurringRevenue();

  /** Preferred language, ISO 639-1, lower case (e.g. {@code en}). */
  @Nullable String language();

  /** The lead's time zone, if known. */
  @Nullable ZoneId timeZone();

  /** Where the lead came from. */
  LeadSource source();

  /** Job title, used to recognise executive buyers. */
  @Nullable String title();

  /** Ideal-customer-profile score from 0 to 100, if scored. */
  OptionalInt icpScore();

  /** Id of the account the lead is already known to belong to, if the vendor knows it. */
  @Nullable String accountId();

  /** True once the lead is sales-qualified (SDR to AE handoff). */
  boolean salesQualified();

  /** Free-form attributes for custom strategies; never null, possibly empty, unmodifiable. */
  Map<String, String> attributes();

  /**
   * Returns a builder for the default immutable implementation.
   *
   * @param id the lead id, non-blank
   */
  static Builder builder(String id) {
    return new Builder(id);
  }

  /** Returns a builder initialised with every field of {@code lead}, to derive an enriched copy. */
  static Builder builderFrom(Lead lead) {
    Builder b = new Builder(lead.id())
        .email(lead.email()).contactName(lead.contactName()).website(lead.website())
        .companyName(lead.companyName()).country(lead.country()).region(lead.region())
        .industry(lead.industry()).language(lead.language()).timeZone(lead.timeZone())
        .source(lead.source()).title(lead.title()).accountId(lead.accountId())
        .salesQualified(lead.salesQualified()).attributes(lead.attributes());
    lead.employees().ifPresent(b::employees);
    lead.annualRecurringRevenue().ifPresent(b::annualRecurringRevenue);
    lead.icpScore().ifPresent(b::icpScore);
    return b;
  }

  /**
   * Builds validated, immutable {@link Lead}s. Not thread-safe; {@link #build()} may be called repeatedly.
   * Strings are trimmed and normalised; blank strings count as absent.
   */
  final class Builder {
    private String id;
    private @Nullable String email;
    private @Nullable String contactName;
    private @Nullable String website;
    private @Nullable String companyName;
    private @Nullable String country;
    private @Nullable String region;
    private @Nullable String industry;
    private OptionalInt employees = OptionalInt.empty();
    private OptionalLong arr = OptionalLong.empty();
    private @Nullable String language;
    private @Nullable ZoneId timeZone;
    private LeadSource source = LeadSource.UNKNOWN;
    private @Nullable String title;
    private OptionalInt icpScore = OptionalInt.empty();
    private @Nullable String accountId;
    private boolean salesQualified;
    private Map<String, String> attributes = new LinkedHashMap<>();

    private Builder(String id) {
      this.id = id;
    }

    /** Sets the lead id. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Sets the contact e-mail. */
    public Builder email(@Nullable String email) {
      this.email = Checks.blankToNull(email);
      return this;
    }

    /** Sets the contact name. */
    public Builder contactName(@Nullable String contactName) {
      this.contactName = Checks.blankToNull(contactName);
      return this;
    }

    /** Sets the company website or domain. */
    public Builder website(@Nullable String website) {
      this.website = Checks.blankToNull(website);
      return this;
    }

    /** Sets the company name. */
    public Builder companyName(@Nullable String companyName) {
      this.companyName = Checks.blankToNull(companyName);
      return this;
    }

    /** Sets the ISO country code (normalised to upper case). */
    public Builder country(@Nullable String country) {
      this.country = Checks.upper(country);
      return this;
    }

    /** Sets the region or state code (normalised to upper case). */
    public Builder region(@Nullable String region) {
      this.region = Checks.upper(region);
      return this;
    }

    /** Sets the industry key (normalised to lower case). */
    public Builder industry(@Nullable String industry) {
      this.industry = Checks.lower(industry);
      return this;
    }

    /** Sets the employee count; must be {@code >= 0}. */
    public Builder employees(int employees) {
      if (employees < 0) {
        throw new IllegalArgumentException("lead.employees must be >= 0 but was " + employees);
      }
      this.employees = OptionalInt.of(employees);
      return this;
    }

    /** Sets the annual recurring revenue in whole currency units; must be {@code >= 0}. */
    public Builder annualRecurringRevenue(long arr) {
      if (arr < 0) {
        throw new IllegalArgumentException("lead.annualRecurringRevenue must be >= 0 but was " + arr);
      }
      this.arr = OptionalLong.of(arr);
      return this;
    }

    /** Sets the preferred language (normalised to lower case). */
    public Builder language(@Nullable String language) {
      this.language = Checks.lower(language);
      return this;
    }

    /** Sets the lead's time zone. */
    public Builder timeZone(@Nullable ZoneId timeZone) {
      this.timeZone = timeZone;
      return this;
    }

    /** Sets the lead source; {@code null} means {@link LeadSource#UNKNOWN}. */
    public Builder source(@Nullable LeadSource source) {
      this.source = source == null ? LeadSource.UNKNOWN : source;
      return this;
    }

    /** Sets the job title. */
    public Builder title(@Nullable String title) {
      this.title = Checks.blankToNull(title);
      return this;
    }

    /** Sets the ICP score; must be within 0 to 100. */
    public Builder icpScore(int icpScore) {
      if (icpScore < 0 || icpScore > 100) {
        throw new IllegalArgumentException("lead.icpScore must be within 0..100 but was " + icpScore);
      }
      this.icpScore = OptionalInt.of(icpScore);
      return this;
    }

    /** Sets the id of the account the lead belongs to, if already known. */
    public Builder accountId(@Nullable String accountId) {
      this.accountId = Checks.blankToNull(accountId);
      return this;
    }

    /** Marks the lead as sales-qualified. */
    public Builder salesQualified(boolean salesQualified) {
      this.salesQualified = salesQualified;
      return this;
    }

    /** Sets one custom attribute. */
    public Builder attribute(String key, String value) {
      this.attributes.put(key, value);
      return this;
    }

    /** Replaces all custom attributes. */
    public Builder attributes(Map<String, String> attributes) {
      this.attributes = new LinkedHashMap<>(attributes);
      return this;
    }

    /**
     * Validates and builds the lead.
     *
     * @throws NullPointerException if the id is null
     * @throws IllegalArgumentException if the id is blank or an attribute is malformed
     */
    public Lead build() {
      return new DefaultLead(Checks.requireId(id, "lead.id"), email, contactName, website, companyName, country,
          region, industry, employees, arr, language, timeZone, source, title, icpScore, accountId, salesQualified,
          Checks.attributes(attributes, "lead.attributes"));
    }
  }
}
