package io.smartrouting.api;

/**
 * How the SDK reads country, territory and language codes, for callers who want their own data in the same form
 * (the builders of {@link Lead} and {@link Rep}, and the routing expressions, use these).
 *
 * <ul>
 *   <li>country: ISO 3166-1 alpha-2, upper case; a known alpha-3 code becomes its alpha-2 code ({@code usa} is
 *       {@code US}); any two letters are kept (user-assigned codes such as {@code XK} are in use), {@code UK} is
 *       {@code GB}; a country's English name is its code ({@code Germany} is {@code DE}), and so are its names in
 *       its own languages ({@code Deutschland});</li>
 *   <li>region: an ISO 3166-2 subdivision of one to three letters or digits, upper case, as a lead keeps it
 *       ({@code us-ca} is {@code CA});</li>
 *   <li>territory: {@link Rep#ANY_TERRITORY}, a country, a country and an ISO 3166-2 subdivision of one to three
 *       letters or digits ({@code USA-CA} is {@code US-CA}), a country and a postal-code prefix ({@code usa:94 1} is
 *       {@code US:941}) or range ({@code US:94100 .. 94199} is {@code US:94100-94199});</li>
 *   <li>language: ISO 639-1, lower case; a tag keeps its language ({@code en-US} is {@code en}), an ISO 639-2 code its
 *       two-letter code where there is one ({@code ger} is {@code de}, {@code fil} stays {@code fil}), a name, English
 *       or in the language itself, its code ({@code English} is {@code en}, {@code Deutsch} is {@code de}).</li>
 *   <li>web domain: lower case; a website address is read as its host, without {@code www.}
 *       ({@code https://www.Acme.com/pricing} is {@code acme.com});</li>
 *   <li>time zone: an id {@link java.time.ZoneId#of} takes, in any case ({@code europe/paris} is
 *       {@code Europe/Paris}); an abbreviation or a name such as {@code PST} or {@code Eastern Time} is refused
 *       with the IANA id to use instead, which follows daylight saving time ({@code EST} and {@code MST} also
 *       with the fixed offset to write if that is what is meant).</li>
 * </ul>
 * Anything else is refused with {@link IllegalArgumentException}: a value no rep's codes could match would route the
 * lead as if it had none. Thread-safe; the tables come from the JDK's ISO data.
 */
public final class Codes {

  private Codes() {}

  /**
   * {@return the country code as the SDK compares it}
   *
   * @param country a country code, any case, or a country's name ({@code Germany}, {@code U.S.A.},
   *     {@code Deutschland}; see {@link Lead.Builder#country})
   * @throws IllegalArgumentException if it is blank, or neither two letters, a known alpha-3 code nor a country name
   * @throws NullPointerException if it is null
   */
  public static String country(String country) {
    java.util.Objects.requireNonNull(country, "country must not be null");
    return required(Checks.country(country, "country"), "country", country);
  }

  /**
   * {@return the territory code as the SDK compares it}
   *
   * @param territory a territory code, any case
   * @throws IllegalArgumentException if it is not a country, a country and region, or {@code *}
   * @throws NullPointerException if it is null
   */
  public static String territory(String territory) {
    java.util.Objects.requireNonNull(territory, "territory must not be null");
    return Checks.territories(java.util.List.of(territory), "territory").iterator().next();
  }

  /**
   * {@return why territory code {@code territory} names no place the ISO data knows, or null if it does}: a country
   * not officially assigned in ISO 3166-1 ({@code DX}; the JDK's list, and {@code XK}), or, for the United States,
   * Canada and Australia, a state, province or territory that is not one of theirs ({@code US-CF}; other countries'
   * subdivisions are not checked). {@link #territory} accepts such codes, since user-assigned codes are in use, but a
   * typo among them matches no lead; {@code routing validate} warns of them.
   *
   * @param territory a territory code, any case ({@link #territory})
   * @throws IllegalArgumentException if {@link #territory} refuses it
   * @throws NullPointerException if it is null
   */
  public static @org.jspecify.annotations.Nullable String unknownPlace(String territory) {
    return Checks.unknownPlace(territory(territory));
  }

  /**
   * {@return the language code as the SDK compares it}
   *
   * @param language a language code, tag or name (English, or in the language itself), any case
   * @throws IllegalArgumentException if it is blank or not a language
   * @throws NullPointerException if it is null
   */
  public static String language(String language) {
    java.util.Objects.requireNonNull(language, "language must not be null");
    return required(Checks.language(language, "language"), "language", language);
  }

  /**
   * {@return the web domain {@code domainOrWebsite} names, as accounts keep it and leads' websites are matched}
   *
   * @param domainOrWebsite a domain ({@code acme.com}) or a website address ({@code https://www.acme.com/x?y},
   *     {@code user@acme.com:8080}), any case
   * @throws IllegalArgumentException if it names no host
   * @throws NullPointerException if it is null
   */
  public static String domain(String domainOrWebsite) {
    java.util.Objects.requireNonNull(domainOrWebsite, "domain must not be null");
    String s = domainOrWebsite.trim().toLowerCase(java.util.Locale.ROOT);
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    int end = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    s = s.substring(0, end);
    s = s.substring(s.lastIndexOf('@') + 1);
    int port = s.indexOf(':');
    if (port >= 0) {
      s = s.substring(0, port);
    }
    if (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.startsWith("www.")) {
      s = s.substring(4);
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("'" + domainOrWebsite + "' names no domain");
    }
    return s;
  }

  /** Lower-cased zone id to the id, for ids given in another case. */
  private static final java.util.Map<String, String> ZONES_BY_LOWER_CASE;
  /** Abbreviations and names people write for a zone, upper case without spaces, to the IANA id meant. */
  private static final java.util.Map<String, String> ZONE_HINTS;

  static {
    java.util.Map<String, String> lower = new java.util.HashMap<>();
    for (String id : java.time.ZoneId.getAvailableZoneIds()) {
      lower.put(id.toLowerCase(java.util.Locale.ROOT), id);
    }
    ZONES_BY_LOWER_CASE = java.util.Map.copyOf(lower);
    java.util.Map<String, String> hints = new java.util.HashMap<>();
    String[][] table = {
        {"America/Los_Angeles", "PST", "PDT", "PT", "PACIFIC", "PACIFICTIME", "PACIFICSTANDARDTIME", "USPACIFIC"},
        {"America/Denver", "MDT", "MT", "MOUNTAIN", "MOUNTAINTIME", "MOUNTAINSTANDARDTIME", "USMOUNTAIN"},
        {"America/Chicago", "CST", "CDT", "CT", "CENTRAL", "CENTRALTIME", "CENTRALSTANDARDTIME", "USCENTRAL"},
        {"America/New_York", "EDT", "ET", "EASTERN", "EASTERNTIME", "EASTERNSTANDARDTIME", "USEASTERN"},
        {"America/Anchorage", "AKST", "AKDT", "ALASKA"},
        {"Pacific/Honolulu", "HST", "HAWAII"},
        {"Europe/London", "BST", "UK", "BRITISH"},
        {"Europe/Paris", "CEST", "CENTRALEUROPEAN", "CENTRALEUROPEANTIME"},
        {"Europe/Athens", "EEST", "EASTERNEUROPEAN"},
        {"Asia/Kolkata", "IST", "INDIA", "INDIANSTANDARDTIME"},
        {"Asia/Tokyo", "JST", "JAPAN"},
        {"Asia/Singapore", "SGT"},
        {"Australia/Sydney", "AEST", "AEDT"}};
    for (String[] row : table) {
      for (int k = 1; k < row.length; k++) {
        hints.put(row[k], row[0]);
      }
    }
    ZONE_HINTS = java.util.Map.copyOf(hints);
  }

  /**
   * {@return the time zone {@code zone} names}
   *
   * @param zone a zone id ({@code Europe/Paris}, {@code UTC}, {@code +01:00}), any case
   * @throws IllegalArgumentException if it names no zone, with the IANA id to use when it is an abbreviation or a
   *     name such as {@code PST} or {@code Eastern Time}
   * @throws NullPointerException if it is null
   */
  public static java.time.ZoneId timeZone(String zone) {
    java.util.Objects.requireNonNull(zone, "zone must not be null");
    String z = zone.trim();
    String fixed = z.toUpperCase(java.util.Locale.ROOT);
    if (fixed.equals("EST") || fixed.equals("MST")) {
      // Standard time only: the JDK's short ids map them to fixed offsets, where a rep in New York or Denver follows
      // daylight saving; which one is meant is for the caller to say.
      throw new IllegalArgumentException("'" + zone + "' is not a time zone id; use '"
          + (fixed.equals("EST") ? "America/New_York" : "America/Denver (or America/Phoenix, which has none)")
          + "', which follows daylight saving time, or '" + (fixed.equals("EST") ? "-05:00" : "-07:00")
          + "' if a fixed offset is meant");
    }
    try {
      return java.time.ZoneId.of(z);
    } catch (java.time.DateTimeException notAsWritten) {
      String id = ZONES_BY_LOWER_CASE.get(z.toLowerCase(java.util.Locale.ROOT));
      if (id != null) {
        return java.time.ZoneId.of(id);
      }
      String meant = ZONE_HINTS.get(z.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z]", ""));
      throw new IllegalArgumentException("'" + zone + "' is not a time zone id; " + (meant != null
          ? "use '" + meant + "', the IANA id, which follows daylight saving time"
          : "use an IANA id such as Europe/Paris or America/New_York"));
    }
  }

  /**
   * {@return the region code as a lead keeps it: the subdivision alone, upper case}
   *
   * @param region an ISO 3166-2 subdivision code ({@code CA}), alone or behind its country ({@code US-CA}); not a
   *     name, which depends on the country (a lead reads {@code California} as {@code CA} knowing it is of the US)
   * @throws IllegalArgumentException if it is blank or no subdivision code
   * @throws NullPointerException if it is null
   */
  public static String region(String region) {
    java.util.Objects.requireNonNull(region, "region must not be null");
    String v = required(Checks.upper(region), "region", region);
    int dash = v.indexOf('-');
    if (dash > 0) {
      String country = v.substring(0, dash);
      try {
        return Checks.region(region, Checks.country(country, "region"), "region");
      } catch (IllegalArgumentException e) {
        // not a country prefix: refused below as it stands
      }
    }
    return Checks.region(region, null, "region");
  }

  /**
   * A postal code as leads keep it ({@link Lead.Builder#postalCode}): blanks and dashes dropped, upper case
   * ({@code 94105-1234} is {@code 941051234}, {@code sw1a 1aa} is {@code SW1A1AA}).
   *
   * @param postalCode the code as written
   * @return the code as leads keep it
   * @throws IllegalArgumentException if it is blank, has characters other than letters, digits, blanks and dashes, or
   *     more than 12 letters and digits
   * @throws NullPointerException if it is null
   */
  public static String postalCode(String postalCode) {
    java.util.Objects.requireNonNull(postalCode, "postalCode must not be null");
    return required(Checks.postalCode(postalCode, "postalCode"), "postalCode", postalCode);
  }

  private static String required(@org.jspecify.annotations.Nullable String normalised, String field, String given) {
    if (normalised == null) {
      throw new IllegalArgumentException(field + " must not be blank but was '" + given + "'");
    }
    return normalised;
  }
}
