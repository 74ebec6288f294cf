package io.smartrouting.core.internal;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Segment;
import org.jspecify.annotations.Nullable;

/** The facts of one lead that hard criteria look at, derived once per decision. Not API. */
public final class LeadFacts {
  public final @Nullable String country;
  /** {@code COUNTRY-REGION}, or null. */
  public final @Nullable String countryRegion;
  public final @Nullable String accountId;
  public final Segment segment;
  public final @Nullable String language;
  public final @Nullable String industry;

  public LeadFacts(Lead lead, @Nullable String matchedAccountId, Segment segment) {
    this.country = lead.country();
    this.countryRegion = lead.country() != null && lead.region() != null ? lead.country() + "-" + lead.region()
        : null;
    this.accountId = matchedAccountId;
    this.segment = segment;
    this.language = lead.language();
    this.industry = lead.industry();
  }
}
