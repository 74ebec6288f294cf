package io.smartrouting.core.internal;

import io.smartrouting.api.Lead;
import org.jspecify.annotations.Nullable;

/**
 * Leads in the form the router compares: the codes a {@link Lead.Builder} keeps (see {@link io.smartrouting.api.Codes}).
 * A lead from the builder is in that form already and is returned as it is, with no allocation; a lead of the caller's
 * own {@link Lead} implementation whose country, region, postal code or language is not (say {@code USA},
 * {@code en-US}, {@code 94105-1234}) is
 * rebuilt through the builder, which puts them in form or refuses them naming the field. Not API.
 */
public final class LeadForm {

  private LeadForm() {}

  /**
   * {@code lead}, or a copy with its codes in form.
   *
   * @throws IllegalArgumentException if a code is not one ({@code United States}), naming the field
   */
  public static Lead normalised(Lead lead) {
    if (country(lead.country()) && region(lead.region()) && language(lead.language())
        && postalCode(lead.postalCode()) && email(lead.email())) {
      return lead;
    }
    return Lead.builderFrom(lead).build();
  }

  /**
   * True if {@code lead} carries nothing the hard criteria or an account match read: no country, region, language,
   * industry, size, revenue, time zone, account, e-mail, company, website or attribute but {@code tag} (the attribute
   * a router adds to the facts it saves, {@code Router.Builder.tagsSavedLeads}; null: none): a lead known by its id
   * only.
   */
  public static boolean hasNoRoutingFacts(Lead lead, @Nullable String tag) {
    return lead.country() == null && lead.region() == null && lead.postalCode() == null && lead.language() == null
        && lead.industry() == null
        && lead.employees().isEmpty() && lead.annualRecurringRevenue().isEmpty() && lead.timeZone() == null
        && lead.accountId() == null && lead.email() == null && lead.companyName() == null && lead.website() == null
        && (lead.attributes().isEmpty() || lead.attributes().size() == 1 && tag != null
            && lead.attributes().containsKey(tag));
  }

  /**
   * True if {@code a} and {@code b} hold the same facts a shared store keeps for routing (territory, size, language,
   * source, title, ICP, account, company): the same lead as far as a decision goes, whatever its address or name.
   */
  public static boolean sameSavedFacts(Lead a, Lead b) {
    return java.util.Objects.equals(a.country(), b.country()) && java.util.Objects.equals(a.region(), b.region())
        && java.util.Objects.equals(a.postalCode(), b.postalCode())
        && java.util.Objects.equals(a.industry(), b.industry()) && a.employees().equals(b.employees())
        && a.annualRecurringRevenue().equals(b.annualRecurringRevenue())
        && java.util.Objects.equals(a.language(), b.language()) && java.util.Objects.equals(a.timeZone(), b.timeZone())
        && a.source() == b.source() && java.util.Objects.equals(a.title(), b.title())
        && a.icpScore().equals(b.icpScore()) && a.salesQualified() == b.salesQualified()
        && java.util.Objects.equals(a.companyName(), b.companyName())
        && java.util.Objects.equals(a.website(), b.website());
  }

  private static boolean country(@Nullable String c) {
    return c == null || (c.length() == 2 && upper(c.charAt(0)) && upper(c.charAt(1)));
  }

  private static boolean region(@Nullable String r) {
    return r == null || upperOrDigits(r, 3);
  }

  private static boolean postalCode(@Nullable String p) {
    return p == null || upperOrDigits(p, 12);
  }

  /** True if {@code s} has 1 to {@code max} characters, each an upper-case ASCII letter or a digit. */
  private static boolean upperOrDigits(String s, int max) {
    if (s.isEmpty() || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (!upper(ch) && (ch < '0' || ch > '9')) {
        return false;
      }
    }
    return true;
  }

  /**
   * True if {@code e} is as the builder keeps an address: no display name in angle brackets, no list of addresses
   * (otherwise its domain would be read after the last {@code @}: {@code acme.com>}, or the last address's).
   */
  private static boolean email(@Nullable String e) {
    return e == null || (e.indexOf(',') < 0 && e.indexOf(';') < 0 && !e.endsWith(">"));
  }

  private static boolean language(@Nullable String l) {
    if (l == null) {
      return true;
    }
    if (l.length() < 2 || l.length() > 3) {
      return false;
    }
    for (int i = 0; i < l.length(); i++) {
      char ch = l.charAt(i);
      if (ch < 'a' || ch > 'z') {
        return false;
      }
    }
    return true;
  }

  private static boolean upper(char ch) {
    return ch >= 'A' && ch <= 'Z';
  }
}
