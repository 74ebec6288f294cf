package io.smartrouting.core.internal;

import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Segment;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The facts of one lead that hard criteria look at, derived once per decision. Not API. */
public final class LeadFacts {
  public final @Nullable String country;
  /** {@code COUNTRY-REGION}, or null. */
  public final @Nullable String countryRegion;
  public final @Nullable String accountId;
  /** Rep ids that work the matched account (owner, team, backup, AE); empty without a match. */
  public final Set<String> accountPeople;
  public final Segment segment;
  public final @Nullable String language;
  public final @Nullable String industry;

  public LeadFacts(Lead lead, @Nullable Account account, Segment segment) {
    this.country = lead.country();
    this.countryRegion = lead.country() != null && lead.region() != null ? lead.country() + "-" + lead.region()
        : null;
    this.accountId = account == null ? null : account.id();
    this.accountPeople = account == null ? Set.of() : AccountDirectory.people(account);
    this.segment = segment;
    this.language = lead.language();
    this.industry = lead.industry();
  }
}
