package io.smartrouting.api;

import java.time.ZoneId;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** The immutable {@link Lead} made by {@link Lead.Builder}. Not API. */
record DefaultLead(
    String id,
    @Nullable String email,
    @Nullable String contactName,
    @Nullable String website,
    @Nullable String companyName,
    @Nullable String country,
    @Nullable String region,
    @Nullable String postalCode,
    @Nullable String industry,
    OptionalInt employees,
    OptionalLong annualRecurringRevenue,
    @Nullable String language,
    @Nullable ZoneId timeZone,
    LeadSource source,
    @Nullable String title,
    OptionalInt icpScore,
    @Nullable String accountId,
    boolean salesQualified,
    Map<String, String> attributes) implements Lead {

  @Override
  public String toString() {
    // No personal data (e-mail, contact name) in toString: it ends up in logs and exception messages.
    return "Lead[id=" + id + ", country=" + country + ", region=" + region + ", industry=" + industry
        + ", employees=" + employees + ", source=" + source + ", icpScore=" + icpScore + "]";
  }
}
