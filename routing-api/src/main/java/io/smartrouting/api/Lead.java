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

  /** {@return unique, non-blank id of the lead; routing the same id twice within the idempotency window is a no-op} */
  String id();

  /** {@return contact e-mail address (personal data), used for account matching by domain} */
  @Nullable String email();

  /** {@return contact name (personal data), shown to people only} */
  @Nullable String contactName();

  /** {@return company website or domain, used for account matching when the e-mail is a free-mail address} */
  @Nullable String website();

  /** {@return company name as entered, used for account matching by normalised name} */
  @Nullable String companyName();

  /** {@return ISO 3166-1 alpha-2 country code, upper case (e.g. {@code US})} */
  @Nullable String country();

  /** {@return region or state code within the country, upper case (e.g. {@code CA} for California)} */
  @Nullable String region();

  /**
   * The postal or ZIP code of the lead's company, upper case, letters and digits only ({@code 94105},
   * {@code SW1A1AA}), for territories drawn by postal code ({@code US:941} covers every code of the US starting with
   * {@code 941}). Kept with a lead's routing facts like its region, never logged. The default is null, for
   * implementations written before postal codes were read.
   *
   * @return the postal code, or null if unknown
   */
  default @Nullable String postalCode() {
    return null;
  }

  /** {@return industry key, lower case (e.g. {@code healthcare})} */
  @Nullable String industry();

  /** {@return number of employees of the lead's company, if known} */
  OptionalInt employees();

  /** {@return annual recurring revenue of the expected deal in whole currency units, if known} */
  OptionalLong annualRecurringRevenue();

  /** {@return preferred language, ISO 639-1, lower case (e.g. {@code en})} */
  @Nullable String language();

  /** {@return the lead's time zone, if known} */
  @Nullable ZoneId timeZone();

  /** {@return where the lead came from} */
  LeadSource source();

  /** {@return job title, used to recognise executive buyers} */
  @Nullable String title();

  /** {@return ideal-customer-profile score from 0 to 100, if scored} */
  OptionalInt icpScore();

  /** {@return id of the account the lead is already known to belong to, if the vendor knows it} */
  @Nullable String accountId();

  /** {@return true once the lead is sales-qualified (SDR to AE handoff)} */
  boolean salesQualified();

  /** {@return free-form attributes for custom strategies; never null, possibly empty, unmodifiable} */
  Map<String, String> attributes();

  /**
   * Returns a builder for the default immutable implementation.
   *
   * @return a new builder
   * @param id the lead id, non-blank
   */
  static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Returns a builder initialised with every field of {@code lead}, to derive an enriched copy.
   *
   * @param lead the lead
   * @return a new builder
   */
  static Builder builderFrom(Lead lead) {
    Builder b = new Builder(lead.id())
        .email(lead.email()).contactName(lead.contactName()).website(lead.website())
        .companyName(lead.companyName()).country(lead.country()).region(lead.region())
        .postalCode(lead.postalCode())
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
    private @Nullable String postalCode;
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

    /**
     * Sets the lead id.
     *
     * @param id the lead id
     * @return this builder
     */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the contact e-mail. Written with a display name, as mail headers and some CRM exports write it
     * ({@code Jo Doe <jo@acme.com>}), the address in the angle brackets is kept, so that its domain finds the account;
     * of a list of addresses separated by {@code ,} or {@code ;} ({@code jo@acme.com; al@other.com}), the first.
     *
     * @param email the contact e-mail
     * @return this builder
     */
    public Builder email(@Nullable String email) {
      this.email = Checks.email(email);
      return this;
    }

    /**
     * Sets the contact name.
     *
     * @param contactName the contact name
     * @return this builder
     */
    public Builder contactName(@Nullable String contactName) {
      this.contactName = Checks.blankToNull(contactName);
      return this;
    }

    /**
     * Sets the company website or domain.
     *
     * @param website the company website or domain
     * @return this builder
     */
    public Builder website(@Nullable String website) {
      this.website = Checks.blankToNull(website);
      return this;
    }

    /**
     * Sets the company name.
     *
     * @param companyName the company name
     * @return this builder
     */
    public Builder companyName(@Nullable String companyName) {
      this.companyName = Checks.blankToNull(companyName);
      return this;
    }

    /**
     * Sets the ISO 3166-1 country code: alpha-2 ({@code US}) or alpha-3 ({@code USA}, kept as {@code US}), any case;
     * {@code UK} is kept as {@code GB}. As CRMs keep countries in free text, the country's English name is read as its
     * code too, in any case, with or without accents, dots or a leading "the" ({@code United States},
     * {@code U.S.A.}, {@code Germany}, {@code the Netherlands}, {@code Côte d'Ivoire}), as are a few names in common
     * use ({@code United States of America}, {@code England}, {@code Holland}, {@code Czech Republic}, {@code UAE}),
     * and its names in its own languages ({@code Deutschland}, {@code España}, {@code Schweiz}, {@code Suisse}; the
     * first such name a JVM meets loads the JDK's locale names, a few hundred milliseconds once).
     *
     * @param country the country's code or name, or null if unknown
     * @return this builder
     * @throws IllegalArgumentException if it is neither two letters, a known alpha-3 code nor a country's name
     *     (such as {@code EMEA} or {@code Korea}, which could be either Korea), which no territory would match
     */
    public Builder country(@Nullable String country) {
      this.country = Checks.country(country, "lead.country");
      return this;
    }

    /**
     * Sets the region or state: its ISO 3166-2 subdivision code, one to three letters or digits ({@code CA}), any
     * case; a full code of the lead's country ({@code US-CA}) keeps its subdivision. {@link #build()} refuses anything
     * else ({@code California}), which no rep's territory {@code US-CA} would match.
     *
     * @param region the region or state code, or null if unknown
     * @return this builder
     */
    public Builder region(@Nullable String region) {
      this.region = Checks.blankToNull(region); // read in build(), against the country
      return this;
    }

    /**
     * Sets the postal or ZIP code of the lead's company: letters and digits, any case; blanks and dashes are dropped
     * ({@code 94105-1234} is kept as {@code 941051234}, {@code sw1a 1aa} as {@code SW1A1AA}), so a territory's prefix
     * matches however the code was typed.
     *
     * @param postalCode the postal code, or null if unknown
     * @return this builder
     * @throws IllegalArgumentException if it has other characters or more than 12 letters and digits, naming
     *     {@code lead.postalCode}
     */
    public Builder postalCode(@Nullable String postalCode) {
      this.postalCode = Checks.postalCode(postalCode, "lead.postalCode");
      return this;
    }

    /**
     * Sets the industry key (normalised to lower case).
     *
     * @param industry the industry key (normalised to lower case)
     * @return this builder
     */
    public Builder industry(@Nullable String industry) {
      this.industry = Checks.lower(industry);
      return this;
    }

    /**
     * Sets the employee count; must be {@code >= 0}.
     *
     * @param employees the employee count; must be {@code >= 0}
     * @return this builder
     */
    public Builder employees(int employees) {
      if (employees < 0) {
        throw new IllegalArgumentException("lead.employees must be >= 0 but was " + employees);
      }
      this.employees = OptionalInt.of(employees);
      return this;
    }

    /**
     * Sets the annual recurring revenue in whole currency units; must be {@code >= 0}.
     *
     * @param arr the annual recurring revenue in whole currency units; must be {@code >= 0}
     * @return this builder
     */
    public Builder annualRecurringRevenue(long arr) {
      if (arr < 0) {
        throw new IllegalArgumentException("lead.annualRecurringRevenue must be >= 0 but was " + arr);
      }
      this.arr = OptionalLong.of(arr);
      return this;
    }

    /**
     * Sets the preferred language, kept as its ISO 639-1 code: {@code en}, a tag such as {@code en-US} or
     * {@code pt_BR} (the language is kept), an ISO 639-2 code such as {@code eng}, or a name such as
     * {@code English} or {@code Deutsch} (its English name or its name in itself); any case, with or without accents.
     *
     * @param language the preferred language, or null if unknown
     * @return this builder
     * @throws IllegalArgumentException for anything else, which no rep's languages would match
     */
    public Builder language(@Nullable String language) {
      this.language = Checks.language(language, "lead.language");
      return this;
    }

    /**
     * Sets the lead's time zone.
     *
     * @param timeZone the lead's time zone
     * @return this builder
     */
    public Builder timeZone(@Nullable ZoneId timeZone) {
      this.timeZone = timeZone;
      return this;
    }

    /**
     * Sets the lead source; {@code null} means {@link LeadSource#UNKNOWN}.
     *
     * @param source the lead source; {@code null} means {@link LeadSource#UNKNOWN}
     * @return this builder
     */
    public Builder source(@Nullable LeadSource source) {
      this.source = source == null ? LeadSource.UNKNOWN : source;
      return this;
    }

    /**
     * Sets the job title.
     *
     * @param title the job title
     * @return this builder
     */
    public Builder title(@Nullable String title) {
      this.title = Checks.blankToNull(title);
      return this;
    }

    /**
     * Sets the ICP score; must be within 0 to 100.
     *
     * @param icpScore the ICP score; must be within 0 to 100
     * @return this builder
     */
    public Builder icpScore(int icpScore) {
      if (icpScore < 0 || icpScore > 100) {
        throw new IllegalArgumentException("lead.icpScore must be within 0..100 but was " + icpScore);
      }
      this.icpScore = OptionalInt.of(icpScore);
      return this;
    }

    /**
     * Sets the id of the account the lead belongs to, if already known.
     *
     * @param accountId the id of the account the lead belongs to, if already known
     * @return this builder
     */
    public Builder accountId(@Nullable String accountId) {
      this.accountId = Checks.blankToNull(accountId);
      return this;
    }

    /**
     * Marks the lead as sales-qualified.
     *
     * @param salesQualified marks the lead as sales-qualified
     * @return this builder
     */
    public Builder salesQualified(boolean salesQualified) {
      this.salesQualified = salesQualified;
      return this;
    }

    /**
     * Sets one custom attribute.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder attribute(String key, String value) {
      this.attributes.put(key, value);
      return this;
    }

    /**
     * Replaces all custom attributes.
     *
     * @param attributes the attributes
     * @return this builder
     */
    public Builder attributes(Map<String, String> attributes) {
      this.attributes = new LinkedHashMap<>(attributes);
      return this;
    }

    /**
     * Validates and builds the lead.
     *
     * @return the lead
     * @throws NullPointerException if the id is null
     * @throws IllegalArgumentException if the id is blank or an attribute is malformed
     */
    public Lead build() {
      return new DefaultLead(Checks.requireId(id, "lead.id"), email, contactName, website, companyName, country,
          Checks.region(region, country, "lead.region"), postalCode, industry, employees, arr, language, timeZone, source, title, icpScore, accountId, salesQualified,
          Checks.attributes(attributes, "lead.attributes"));
    }
  }
}
