package io.smartrouting.core.internal;

import io.smartrouting.api.Rep;

/**
 * The hard criteria for one rep, written plainly: the reference the bitset index must agree with, and what
 * explanations use to say why a rep was excluded. Not API.
 */
public final class HardCriteria {
  public static final int OK = 0;
  public static final int TERRITORY = 1;
  public static final int SEGMENT = 2;
  public static final int LANGUAGE = 3;
  public static final int INACTIVE = 4;

  private HardCriteria() {}

  /**
   * The first criterion {@code rep} fails for {@code facts}, or {@link #OK}. Missing lead data does not exclude:
   * a lead without a country is not filtered by territory, one without a language not by language.
   */
  public static int check(Rep rep, LeadFacts facts) {
    return inTerritory(rep, facts) ? checkInTerritory(rep, facts) : TERRITORY;
  }

  /**
   * As {@link #check}, for a rep known to cover the lead's territory (the index said so): the criteria after the
   * territory, without asking the rep's territories again.
   */
  public static int checkInTerritory(Rep rep, LeadFacts facts) {
    // The account's people work its leads whatever their segment.
    if (!facts.anySegment && !rep.segments().isEmpty() && !rep.segments().contains(facts.segment)
        && !facts.accountPeople.contains(rep.id())) {
      return SEGMENT;
    }
    if (facts.language != null && !rep.languages().isEmpty() && !rep.languages().contains(facts.language)) {
      return LANGUAGE;
    }
    if (!rep.active()) {
      return INACTIVE;
    }
    return OK;
  }

  static boolean inTerritory(Rep rep, LeadFacts facts) {
    if (facts.country == null) {
      return true;
    }
    if (facts.accountId != null
        && (rep.namedAccounts().contains(facts.accountId) || facts.accountPeople.contains(rep.id()))) {
      return true;
    }
    return rep.territories().contains(Rep.ANY_TERRITORY) || rep.territories().contains(facts.country)
        || (facts.region != null && rep.territories().contains(facts.countryRegion()))
        || (facts.anyRegion && facts.region == null && coversARegionOf(rep, facts.country))
        || (facts.postalCode != null && coversPostalCode(rep, facts.country, facts.postalCode));
  }

  /**
   * True if one of {@code rep}'s postal territories of {@code country} covers {@code postalCode}: a prefix of it, or a
   * range one of whose prefixes is, compared as {@link PostalPrefixes#canonical} writes them (a British area or
   * district is not cut in two).
   */
  static boolean coversPostalCode(Rep rep, String country, String postalCode) {
    String code = PostalPrefixes.canonical(country, postalCode); // the code itself, but for a British postcode
    for (String t : rep.territories()) {
      int colon = country.length();
      if (t.length() > colon + 1 && t.charAt(colon) == ':' && t.startsWith(country)
          && PostalPrefixes.covers(country, t, colon + 1, code)) {
        return true;
      }
    }
    return false;
  }

  /** True if one of {@code rep}'s territories is a region of {@code country} ({@code US-CA} for {@code US}). */
  private static boolean coversARegionOf(Rep rep, String country) {
    for (String t : rep.territories()) {
      if (t.length() > country.length() + 1 && t.startsWith(country) && t.charAt(country.length()) == '-') {
        return true;
      }
    }
    return false;
  }

  /** Words for the trace. */
  public static String describe(int code, LeadFacts facts) {
    switch (code) {
      case TERRITORY:
        return "outside territory (lead in " + (facts.region != null ? facts.countryRegion() : facts.country)
            + (facts.postalCode != null ? ", postal code " + PostalPrefixes.display(facts.country, facts.postalCode)
            : "") + ")";
      case SEGMENT:
        return "does not work the " + facts.segment + " segment";
      case LANGUAGE:
        return "does not speak '" + facts.language + "'";
      case INACTIVE:
        return "unavailable (out of office)";
      default:
        return "eligible";
    }
  }
}
