package io.smartrouting.core.internal;

import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Segment;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The facts of one lead that hard criteria look at, derived once per decision. Not API. */
public final class LeadFacts {
  public final @Nullable String country;
  public final @Nullable String region;
  public final @Nullable String accountId;
  /** Rep ids that work the matched account (owner, team, backup, AE); empty without a match. */
  public final Set<String> accountPeople;
  public final Segment segment;
  public final @Nullable String language;
  public final @Nullable String industry;

  /** {@code COUNTRY-REGION}, or null; built on demand (explanations, the plain criteria), not while routing. */
  public @Nullable String countryRegion() {
    return country != null && region != null ? country + "-" + region : null;
  }

  /** True when a wait queue's relaxation dropped the segment criterion: reps of every segment qualify. */
  public final boolean anySegment;

  private LeadFacts(LeadFacts f, boolean anySegment, boolean anyTerritory) {
    this.country = anyTerritory ? null : f.country;
    this.region = anyTerritory ? null : f.region;
    this.accountId = f.accountId;
    this.accountPeople = f.accountPeople;
    this.segment = f.segment;
    this.language = f.language;
    this.industry = f.industry;
    this.anySegment = anySegment || f.anySegment;
  }

  /** The same facts without the territory: for follow-the-sun routing to reps in other territories. */
  public LeadFacts withoutTerritory() {
    return new LeadFacts(this, false, true);
  }

  /** The same facts with the segment and/or the territory criterion dropped (a wait queue's relaxation). */
  public LeadFacts relaxed(boolean dropSegment, boolean dropTerritory) {
    return new LeadFacts(this, dropSegment, dropTerritory);
  }

  public LeadFacts(Lead lead, @Nullable Account account, Set<String> accountPeople, Segment segment) {
    this.country = lead.country();
    this.region = lead.country() != null ? lead.region() : null;
    this.accountId = account == null ? null : account.id();
    this.accountPeople = accountPeople;
    this.segment = segment;
    this.language = lead.language();
    this.industry = lead.industry();
    this.anySegment = false;
  }
}
