package io.smartrouting.core.internal;

import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Segment;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The facts of one lead that hard criteria look at, derived once per decision. A routing thread keeps one instance
 * and {@link #reset}s it for each decision (so deciding allocates none); every other instance is made once and never
 * changes. Not API.
 */
public final class LeadFacts {
  public @Nullable String country;
  public @Nullable String region;
  /** The lead's postal code (letters and digits, upper case), or null; only with a country. */
  public @Nullable String postalCode;
  public @Nullable String accountId;
  /** Rep ids that work the matched account (owner, team, backup, AE); empty without a match. */
  public Set<String> accountPeople;
  public Segment segment;
  public @Nullable String language;
  public @Nullable String industry;

  /** {@code COUNTRY-REGION}, or null; built on demand (explanations, the plain criteria), not while routing. */
  public @Nullable String countryRegion() {
    String c = country;
    String r = region;
    if (c == null || r == null) {
      return null;
    }
    // Made once for the country and region it was made of: an explanation asks once per rep.
    String made = countryRegion;
    if (made == null || madeOfCountry != c || madeOfRegion != r) {
      made = c + "-" + r;
      madeOfCountry = c;
      madeOfRegion = r;
      countryRegion = made;
    }
    return made;
  }

  private @Nullable String countryRegion;
  private @Nullable String madeOfCountry;
  private @Nullable String madeOfRegion;

  /** True when a wait queue's relaxation dropped the segment criterion: reps of every segment qualify. */
  public boolean anySegment;

  /**
   * True for a lead with a country and no region when the router lets such leads reach the reps of any region of
   * their country ({@code Router.Builder#regionlessLeadsReachRegionReps}); false otherwise.
   */
  public boolean anyRegion;

  private LeadFacts(LeadFacts f, boolean anySegment, boolean anyTerritory, boolean anyLanguage) {
    this.country = anyTerritory ? null : f.country;
    this.region = anyTerritory ? null : f.region;
    this.postalCode = anyTerritory ? null : f.postalCode;
    this.accountId = f.accountId;
    this.accountPeople = f.accountPeople;
    this.segment = f.segment;
    this.language = anyLanguage ? null : f.language;
    this.industry = f.industry;
    this.anySegment = anySegment || f.anySegment;
    this.anyRegion = !anyTerritory && f.anyRegion;
  }

  /** The same facts without the territory: for follow-the-sun routing to reps in other territories. */
  public LeadFacts withoutTerritory() {
    return new LeadFacts(this, false, true, false);
  }

  /** The same facts with the segment, territory and/or language criterion dropped (a wait queue's relaxation). */
  public LeadFacts relaxed(boolean dropSegment, boolean dropTerritory, boolean dropLanguage) {
    return new LeadFacts(this, dropSegment, dropTerritory, dropLanguage);
  }

  public LeadFacts(Lead lead, @Nullable Account account, Set<String> accountPeople, Segment segment) {
    this.accountPeople = accountPeople;
    this.segment = segment;
    reset(lead, account, accountPeople, segment);
  }

  /** An instance for one routing thread to {@link #reset} per decision. */
  static LeadFacts reusable() {
    return new LeadFacts(Set.of(), Segment.values()[0]);
  }

  private LeadFacts(Set<String> accountPeople, Segment segment) {
    this.accountPeople = accountPeople;
    this.segment = segment;
  }

  /** This instance, holding no lead's facts (a thread's own instance between decisions); returns this. */
  LeadFacts forget() {
    country = null;
    region = null;
    postalCode = null;
    accountId = null;
    accountPeople = Set.of();
    language = null;
    industry = null;
    return this;
  }

  /** This instance, now holding {@code lead}'s facts; only for the instance of a thread's own. */
  LeadFacts reset(Lead lead, @Nullable Account account, Set<String> accountPeople, Segment segment) {
    this.country = lead.country();
    this.region = lead.country() != null ? lead.region() : null;
    this.postalCode = lead.country() != null ? lead.postalCode() : null;
    this.accountId = account == null ? null : account.id();
    this.accountPeople = accountPeople;
    this.segment = segment;
    this.language = lead.language();
    this.industry = lead.industry();
    this.anySegment = false;
    this.anyRegion = false;
    return this;
  }
}
