package io.smartrouting.api;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Validation and normalisation shared by the builders of this package. Not API. */
final class Checks {
  private Checks() {}

  static String requireId(@Nullable String value, String field) {
    if (value == null) {
      throw new NullPointerException(field + " must not be null");
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank but was '" + value + "'");
    }
    return value;
  }

  static @Nullable String blankToNull(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }

  /**
   * An e-mail address, trimmed; of {@code Jo Doe <jo@acme.com>}, the address in the angle brackets; of a list of
   * addresses ({@code jo@acme.com; al@other.com}), the first.
   */
  static @Nullable String email(@Nullable String value) {
    String v = blankToNull(value);
    if (v == null) {
      return null;
    }
    v = firstAddress(v);
    if (!v.endsWith(">")) {
      return v;
    }
    int open = v.lastIndexOf('<');
    String inside = open < 0 ? "" : v.substring(open + 1, v.length() - 1).trim();
    return inside.isEmpty() ? v : inside;
  }

  /**
   * The first entry of a list of addresses, as CRM exports write several contacts in one field: up to the first
   * {@code ,} or {@code ;} that follows an {@code @}, outside double quotes (a quoted display name may hold either, and
   * {@code Doe, Jo <jo@acme.com>} has its comma before the address); {@code v} itself when it holds one address.
   * Read as it was, {@code jo@acme.com; al@other.com} would be matched by its last domain.
   */
  static String firstAddress(String v) {
    boolean quoted = false;
    boolean sawAt = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '@') {
        sawAt = true;
      } else if (!quoted && sawAt && (c == ',' || c == ';')) {
        String first = v.substring(0, i).trim();
        return first.isEmpty() ? v : first;
      }
    }
    return v;
  }

  static @Nullable String lower(@Nullable String value) {
    String v = blankToNull(value);
    return v == null ? null : v.toLowerCase(Locale.ROOT);
  }

  static @Nullable String upper(@Nullable String value) {
    String v = blankToNull(value);
    return v == null ? null : v.toUpperCase(Locale.ROOT);
  }

  /**
   * A country code as the router compares it: ISO 3166-1 alpha-2, upper case. A known alpha-3 code ({@code USA},
   * {@code DEU}) becomes its alpha-2 code; two letters are kept as they are (user-assigned codes such as {@code XK}
   * included), except {@code UK}, reserved for the United Kingdom, which becomes {@code GB}. As CRMs store countries
   * in free text, a country's English name is accepted in any case, with or without accents, dots or a leading "the"
   * ({@code Germany}, {@code United States}, {@code U.S.A.}, {@code Bosnia and Herzegovina}, {@code Côte d'Ivoire}),
   * and a few names in common use that are not the standard English one ({@code United States of America},
   * {@code Great Britain}, {@code England}, {@code Holland}, {@code Czech Republic}, {@code UAE}), then the country's
   * names in its own languages ({@link Endonyms}). Anything else is refused rather than routed as a country no rep
   * covers. Null or blank: null.
   */
  static @Nullable String country(@Nullable String value, String field) {
    String v = upper(value);
    if (v == null) {
      return null;
    }
    String alpha2 = alpha2(v);
    if (alpha2 == null) {
      alpha2 = countryByName(value);
    }
    if (alpha2 == null) {
      throw new IllegalArgumentException(field + " must be an ISO 3166-1 country code such as 'US' or 'USA', or a"
          + " country's name such as 'Germany' or 'Deutschland', but was '" + value + "'");
    }
    return alpha2;
  }

  /** The alpha-2 code of a country written as its name or a dotted code ({@code U.S.}), or null. */
  private static @Nullable String countryByName(String value) {
    String key = nameKey(value);
    String code = key.length() >= 2 && key.length() <= 3 && letters(key.toUpperCase(Locale.ROOT))
        ? alpha2(key.toUpperCase(Locale.ROOT)) : null;
    if (code != null) {
      return code;
    }
    code = Iso.COUNTRY_BY_NAME.get(key);
    return code != null ? code : Endonyms.Countries.BY_NAME.get(key);
  }

  /**
   * A country name as names are compared: lower case, accents removed, dots, commas and apostrophes dropped,
   * {@code &} read as "and", "saint" as "st", other punctuation as a space, no leading "the".
   */
  static String nameKey(String name) {
    String s = java.text.Normalizer.normalize(name.trim().toLowerCase(Locale.ROOT), java.text.Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(s.length() + 4);
    // Runs of other characters become one space, none at either end, as they are written (no regular expression
    // compiled per name: reading a lead's country by its name took about a microsecond).
    boolean gap = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK || c == '.' || c == ',' || c == '\'' || c == '’') {
        continue;
      }
      if (c == '&') {
        if (out.length() > 0) {
          out.append(' ');
        }
        out.append("and");
        gap = true;
      } else if (Character.isLetterOrDigit(c)) {
        if (gap && out.length() > 0) {
          out.append(' ');
        }
        gap = false;
        out.append(c);
      } else {
        gap = true;
      }
    }
    String key = out.toString();
    if (key.startsWith("the ")) {
      key = key.substring(4);
    }
    return key.contains("saint") ? SAINT.matcher(key).replaceAll("st") : key;
  }

  private static final java.util.regex.Pattern SAINT = java.util.regex.Pattern.compile("\\bsaint\\b");

  /** The alpha-2 code of an upper-case country code ({@link #country}), or null if it is none. */
  private static @Nullable String alpha2(String code) {
    if (code.equals("UK")) {
      return "GB"; // exceptionally reserved in ISO 3166-1 for the United Kingdom
    }
    if (code.length() == 2 && letters(code)) {
      return code;
    }
    return code.length() == 3 && letters(code) ? Iso.ALPHA2_BY_ALPHA3.get(code) : null;
  }

  /** Whether an upper-case code can be an ISO 3166-2 subdivision: one to three letters or digits. */
  private static boolean subdivision(String code) {
    return !code.isEmpty() && code.length() <= 3 && lettersOrDigits(code);
  }

  /**
   * Territory codes as the router compares them: {@link Rep#ANY_TERRITORY}, a country ({@link #country}) or a country
   * and an ISO 3166-2 subdivision of one to three letters or digits ({@code US-CA}, {@code USA-CA} becomes
   * {@code US-CA}, {@code FR-75}).
   */
  /** The longest postal code (letters and digits) a lead or a territory may give. */
  static final int MAX_POSTAL = 12;

  /**
   * A postal code as the router compares it: blanks and dashes dropped, upper case, letters and digits only, at most
   * {@link #MAX_POSTAL}. Null or blank: null.
   */
  static @Nullable String postalCode(@Nullable String value, String field) {
    String v = blankToNull(value);
    if (v == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '-' || Character.isWhitespace(c)) {
        continue;
      }
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        throw new IllegalArgumentException(field + " must be letters and digits (blanks and dashes are dropped) but"
            + " was '" + value + "'");
      }
      out.append(Character.toUpperCase(c));
    }
    if (out.length() == 0 || out.length() > MAX_POSTAL) {
      throw new IllegalArgumentException(field + " must have 1 to " + MAX_POSTAL + " letters and digits but was '"
          + value + "'");
    }
    return out.toString();
  }

  /**
   * A range of postal codes as a territory keeps it ({@code 94100-94199}, {@code K1A-K1Z}), or null when {@code spec}
   * is a prefix: two codes of one shape (as many characters, digits and letters in the same places) joined by
   * {@code -} or {@code ..}, blanks around them dropped. A range whose ends differ in shape or run backwards is refused
   * when written with {@code ..}, and so are two lettered parts of one length but different shapes joined by
   * {@code -} ({@code K1A-KZ1}); otherwise a dash between parts of unequal length is a prefix whose dash is dropped
   * ({@code 941-05} is {@code 94105}, as a ZIP+4 code is read; {@code 00-950} a Polish code). A range of one code is
   * that code, as a prefix.
   */
  static @Nullable String postalRange(@Nullable String country, String spec, String field, String value) {
    String s = spec.trim();
    int dots = s.indexOf("..");
    int dash = s.indexOf('-');
    boolean explicit = dots >= 0;
    int cut = explicit ? dots : dash;
    if (cut < 0 || (!explicit && s.indexOf('-', dash + 1) >= 0)) {
      return null;
    }
    String low = s.substring(0, cut).trim();
    String high = s.substring(cut + (explicit ? 2 : 1)).trim();
    if (!sameShape(low, high)) {
      boolean lettered = !low.isEmpty() && low.length() == high.length()
          && (low + high).chars().anyMatch(Character::isLetter);
      if (explicit || lettered) {
        // Two parts of one length with a letter are a range only with letters and digits in the same places; with the
        // dash dropped they would be a prefix no code starts with. A dash between parts of unequal length stays part
        // of a code ('PL:00-950', 'JP:100-0001').
        throw new IllegalArgumentException(field + " entries that are postal ranges must join two codes of one"
            + " shape, as many characters with digits and letters in the same places ('US:94100..94199',"
            + " 'US:94100-94199', 'CA:K1A-K1Z'), but had '" + value + "'");
      }
      return null;
    }
    int order = low.compareTo(high);
    if (order > 0) {
      throw new IllegalArgumentException(field + " entries that are postal ranges must run from low to high"
          + " ('" + (country == null ? "" : country + ":") + high + "-" + low + "') but had '" + value + "'");
    }
    return order == 0 ? low : low + "-" + high;
  }

  /**
   * True if {@code a} and {@code b} are codes of one shape: the same length (1 to 12), a digit or a letter A-Z in each
   * place alike.
   */
  private static boolean sameShape(String a, String b) {
    if (a.isEmpty() || a.length() > MAX_POSTAL || a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      boolean digits = x >= '0' && x <= '9' && y >= '0' && y <= '9';
      boolean letters = x >= 'A' && x <= 'Z' && y >= 'A' && y <= 'Z';
      if (!digits && !letters) {
        return false;
      }
    }
    return true;
  }

  /**
   * Countries whose postcodes are British in form (area, district, then the inward code); the router compares them so
   * (io.smartrouting.core.internal.PostalPrefixes keeps the same list).
   */
  private static final Set<String> BRITISH_POSTCODES = Set.of("GB", "GG", "JE", "IM");

  /**
   * A British postal territory written with a blank: an outward code and the start of an inward code. A sector
   * ({@code N1 9}) or a sector and a letter ({@code N1 9A}) keeps one blank, since without it {@code N19} is the
   * district N19; a whole inward code ({@code N1 9AA}) needs none and loses it, as a lead's postcode does.
   */
  private static String britishSector(String written, String field, String given) {
    int blank = 0;
    while (!Character.isWhitespace(written.charAt(blank))) {
      blank++;
    }
    String outward = written.substring(0, blank);
    String inward = written.substring(blank).trim();
    if (!outward.matches("[A-Z]{1,2}[0-9][0-9A-Z]?") || !inward.matches("[0-9][A-Z]{0,2}")) {
      throw new IllegalArgumentException(field + " entries that are British postal territories with a blank must be"
          + " an outward code and the start of an inward code, a sector such as 'GB:N1 9' or 'GB:SW1A 1' (an area"
          + " or a district is written without a blank: 'GB:S', 'GB:N19'), but had '" + given + "'");
    }
    return inward.length() == 3 ? outward + inward : outward + " " + inward;
  }

  static Set<String> territories(Collection<String> values, String field) {
    return codes(values, field, v -> {
      String t = v.toUpperCase(Locale.ROOT);
      if (t.equals(Rep.ANY_TERRITORY)) {
        return t;
      }
      int colon = t.indexOf(':');
      if (colon >= 0) {
        // A postal territory: country, colon, the prefix or the range of the codes it covers.
        String country = alpha2(t.substring(0, colon).trim());
        boolean british = country != null && BRITISH_POSTCODES.contains(country);
        if (british && (t.indexOf('-', colon) >= 0 || t.indexOf("..", colon) >= 0)) {
          // Elsewhere a dash inside a prefix is dropped ('941-05', as a ZIP+4 code); a British postcode has none, and
          // dropping it would read 'GB:N1-9' as the district N19, neither the sector N1 9 nor the districts N1 to N9.
          // Nor is there a range: districts are compared by number, not character by character (SW1 < SW10 < SW2).
          throw new IllegalArgumentException(field + " entries that are British postal territories have no dash or"
              + " range: a district is written 'GB:N19', a sector with a blank 'GB:N1 9', and a run of districts as"
              + " one entry each ('GB:N1', 'GB:N2', ...), but had '" + v + "'");
        }
        if (british && t.substring(colon + 1).trim().chars().anyMatch(Character::isWhitespace)) {
          return country + ":" + britishSector(t.substring(colon + 1).trim(), field, v);
        }
        String range = postalRange(country, t.substring(colon + 1), field, v);
        if (country != null && range != null) {
          return country + ":" + range;
        }
        String prefix;
        try {
          prefix = colon == t.length() - 1 ? null : postalCode(t.substring(colon + 1), field);
        } catch (IllegalArgumentException e) {
          prefix = null;
        }
        if (country == null || prefix == null) {
          throw new IllegalArgumentException(field + " entries must be a country code ('US'), a country and region"
              + " ('US-CA'), a country and postal-code prefix ('US:941') or '*' but had '" + v + "'");
        }
        return country + ":" + prefix;
      }
      int dash = t.indexOf('-');
      String country = alpha2(dash < 0 ? t : t.substring(0, dash));
      if (country == null || (dash >= 0 && !subdivision(t.substring(dash + 1)))) {
        throw new IllegalArgumentException(field + " entries must be a country code ('US'), a country and region"
            + " ('US-CA'), a country and postal-code prefix ('US:941') or '*' but had '" + v + "'" + regionNamed(v));
      }
      return dash < 0 ? country : country + t.substring(dash);
    });
  }

  /**
   * A language as the router compares it: its ISO 639-1 code, lower case. Accepted: two letters ({@code en}); a
   * language tag, of which the language is kept ({@code en-US}, {@code pt_BR}); an ISO 639-2 code ({@code eng},
   * {@code ger}), kept as its three letters when the language has no two-letter code ({@code fil}); the language's
   * English name ({@code English}) or its name in itself ({@code Deutsch}, {@code Español}), in any case, with or
   * without accents. Anything else is refused rather than matched against no rep. Null or blank: null.
   */
  static @Nullable String language(@Nullable String value, String field) {
    String v = blankToNull(value);
    if (v == null) {
      return null;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    int cut = indexOfAny(lower, '-', '_');
    String primary = cut < 0 ? lower : lower.substring(0, cut);
    String upperPrimary = primary.toUpperCase(Locale.ROOT);
    if (primary.length() == 2 && letters(upperPrimary)) {
      return primary;
    }
    if (primary.length() == 3 && letters(upperPrimary)) {
      // Languages without a two-letter code (fil, haw, yue) keep their three letters.
      return Iso.LANGUAGE_BY_ALPHA3.getOrDefault(primary, primary);
    }
    String name = cut < 0 ? nameKey(v) : null;
    if (name != null) {
      String byName = Iso.LANGUAGE_BY_NAME.get(name);
      if (byName == null) {
        byName = Endonyms.Languages.BY_NAME.get(name);
      }
      if (byName != null) {
        return byName;
      }
    }
    String hint = "";
    if (name != null) {
      // The nearest name in English or in the language itself ('Deutsh' is Deutsch, not Dutch).
      java.util.Set<String> names = new java.util.HashSet<>(Iso.LANGUAGE_BY_NAME.keySet());
      names.addAll(Endonyms.Languages.BY_NAME.keySet());
      String closest = io.smartrouting.spi.StrategyConfig.closest(name, names);
      if (closest != null) {
        String code = Iso.LANGUAGE_BY_NAME.get(closest);
        hint = "; did you mean '" + (code != null ? code : Endonyms.Languages.BY_NAME.get(closest)) + "' ("
            + closest + ")?";
      }
    }
    throw new IllegalArgumentException(field + " must be an ISO 639 language code such as 'en' (or a tag such as"
        + " 'en-US', or a name such as 'English') but was '" + value + "'" + hint);
  }

  /**
   * A lead's region as territories compare it: an ISO 3166-2 subdivision of one to three letters or digits, upper
   * case; {@code US-CA} for a lead of {@code country} US keeps {@code CA}. Null or blank: null.
   */
  static @Nullable String region(@Nullable String value, @Nullable String country, String field) {
    String v = upper(value);
    if (v == null) {
      return null;
    }
    int dash = v.indexOf('-');
    String sub = dash >= 0 && country != null && v.substring(0, dash).equals(country) ? v.substring(dash + 1) : v;
    if (!subdivision(sub)) {
      String byName = country == null ? null : Regions.BY_NAME.get(country + ":" + nameKey(value));
      if (byName != null) {
        return byName;
      }
      throw new IllegalArgumentException(field + " must be an ISO 3166-2 subdivision code such as 'CA' (or 'US-CA'"
          + " for a lead of the US; for a lead of the US, Canada or Australia also the state's or province's name,"
          + " such as 'California') but was '" + value + "'");
    }
    return sub;
  }

  /**
   * For a territory written as a country's name ({@code Germany}): {@code "; did you mean 'DE'?"}; as a state's or
   * province's name ({@code California}): {@code "; did you mean 'US-CA'?"}; else empty.
   */
  private static String regionNamed(String written) {
    String country = countryByName(written);
    if (country != null) {
      return "; did you mean '" + country + "'?";
    }
    String key = ":" + nameKey(written);
    String found = null;
    for (Map.Entry<String, String> e : Regions.BY_NAME.entrySet()) {
      if (e.getKey().endsWith(key)) {
        if (found != null) {
          return "";
        }
        found = e.getKey().substring(0, e.getKey().indexOf(':')) + "-" + e.getValue();
      }
    }
    return found == null ? "" : "; did you mean '" + found + "'?";
  }

  /** See {@link Codes#unknownPlace}; {@code t} is a territory as {@link #territories} keeps it. */
  static @Nullable String unknownPlace(String t) {
    if (t.equals(Rep.ANY_TERRITORY)) {
      return null;
    }
    int end = t.indexOf(':');
    int dash = t.indexOf('-');
    String country = t.substring(0, end >= 0 ? end : dash >= 0 ? dash : t.length());
    if (!Iso.COUNTRIES.contains(country)) {
      return "'" + country + "' is not a country code of ISO 3166-1";
    }
    if (end < 0 && dash >= 0) {
      Set<String> regions = Regions.CODES.get(country);
      String region = t.substring(dash + 1);
      if (regions != null && !regions.contains(region)) {
        return "'" + region + "' is not a state, province or territory code of " + country;
      }
    }
    return null;
  }

  /** Names of the states, provinces and territories of the US, Canada and Australia, as CRMs store them. */
  private static final class Regions {
    /** {@code country:name} ({@link #nameKey}) to the subdivision code. */
    static final Map<String, String> BY_NAME = byName();
    /** Country to the codes of its subdivisions in {@link #BY_NAME}. */
    static final Map<String, Set<String>> CODES = codes();

    private static Map<String, Set<String>> codes() {
      Map<String, Set<String>> out = new java.util.HashMap<>();
      BY_NAME.forEach((key, code) ->
          out.computeIfAbsent(key.substring(0, key.indexOf(':')), k -> new java.util.HashSet<>()).add(code));
      out.replaceAll((country, codes) -> Set.copyOf(codes));
      return Map.copyOf(out);
    }

    private static Map<String, String> byName() {
      Map<String, String> out = new java.util.HashMap<>();
      put(out, "US", "AL Alabama|AK Alaska|AZ Arizona|AR Arkansas|CA California|CO Colorado|CT Connecticut|"
          + "DE Delaware|FL Florida|GA Georgia|HI Hawaii|ID Idaho|IL Illinois|IN Indiana|IA Iowa|KS Kansas|"
          + "KY Kentucky|LA Louisiana|ME Maine|MD Maryland|MA Massachusetts|MI Michigan|MN Minnesota|"
          + "MS Mississippi|MO Missouri|MT Montana|NE Nebraska|NV Nevada|NH New Hampshire|NJ New Jersey|"
          + "NM New Mexico|NY New York|NC North Carolina|ND North Dakota|OH Ohio|OK Oklahoma|OR Oregon|"
          + "PA Pennsylvania|RI Rhode Island|SC South Carolina|SD South Dakota|TN Tennessee|TX Texas|UT Utah|"
          + "VT Vermont|VA Virginia|WA Washington|WV West Virginia|WI Wisconsin|WY Wyoming|"
          + "DC District of Columbia|DC Washington DC|DC Washington D.C.|PR Puerto Rico|GU Guam|"
          + "VI U.S. Virgin Islands|VI US Virgin Islands|AS American Samoa|MP Northern Mariana Islands|"
          + "UM United States Minor Outlying Islands");
      put(out, "CA", "AB Alberta|BC British Columbia|MB Manitoba|NB New Brunswick|NL Newfoundland and Labrador|"
          + "NL Newfoundland|NS Nova Scotia|NT Northwest Territories|NU Nunavut|ON Ontario|PE Prince Edward Island|"
          + "QC Quebec|QC Québec|SK Saskatchewan|YT Yukon");
      put(out, "AU", "NSW New South Wales|VIC Victoria|QLD Queensland|WA Western Australia|SA South Australia|"
          + "TAS Tasmania|ACT Australian Capital Territory|NT Northern Territory");
      return Map.copyOf(out);
    }

    private static void put(Map<String, String> out, String country, String entries) {
      for (String entry : entries.split("\\|")) {
        int space = entry.indexOf(' ');
        out.put(country + ":" + nameKey(entry.substring(space + 1)), entry.substring(0, space));
      }
    }
  }

  /** {@link #language} of each entry. */
  static Set<String> languages(Collection<String> values, String field) {
    return codes(values, field, v -> java.util.Objects.requireNonNull(language(v, field)));
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == a || c == b) {
        return i;
      }
    }
    return -1;
  }

  private static boolean letters(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return true;
  }

  private static boolean lettersOrDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 'A' || c > 'Z') && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Names of languages and countries in themselves ({@code Deutsch}, {@code español}; {@code Deutschland},
   * {@code Suisse}, {@code Schweiz}), as CRMs in other languages store them, from the JDK's locale data: loaded only
   * when a name is neither a code nor an English name, since reading every locale's names takes a tenth of a second
   * or more. A name that two countries or languages would share, or that is another's English name, is left out.
   * (Before, {@code Deutsch} was refused with "did you mean 'nl' (dutch)?", and {@code Deutschland} was refused.)
   */
  private static final class Endonyms {
    /** Each table in a class of its own, so that a language's name does not load every country's. */
    private static final class Languages {
      static final Map<String, String> BY_NAME = languages();
    }

    private static final class Countries {
      static final Map<String, String> BY_NAME = countries();
    }

    private static Map<String, String> languages() {
      Map<String, String> out = new java.util.HashMap<>();
      java.util.Set<String> shared = new java.util.HashSet<>();
      for (String code : Locale.getISOLanguages()) {
        if (code.length() == 2) {
          Locale l = new Locale(code);
          add(out, shared, nameKey(l.getDisplayLanguage(l)), code, Iso.LANGUAGE_BY_NAME);
        }
      }
      return Map.copyOf(out);
    }

    private static Map<String, String> countries() {
      Map<String, String> out = new java.util.HashMap<>();
      java.util.Set<String> shared = new java.util.HashSet<>();
      for (Locale l : Locale.getAvailableLocales()) {
        // Each country's names in its own languages (de-CH: Schweiz, fr-CH: Suisse).
        if (l.getCountry().length() == 2 && l.getScript().isEmpty() && l.getVariant().isEmpty()) {
          add(out, shared, nameKey(l.getDisplayCountry(l)), l.getCountry(), Iso.COUNTRY_BY_NAME);
        }
      }
      return Map.copyOf(out);
    }

    private static void add(Map<String, String> out, java.util.Set<String> shared, String key, String code,
        Map<String, String> english) {
      if (key.isEmpty() || key.equalsIgnoreCase(code) || shared.contains(key)) {
        return;
      }
      String other = english.get(key);
      String before = out.putIfAbsent(key, code);
      if ((other != null && !other.equals(code)) || (before != null && !before.equals(code))) {
        out.remove(key);
        shared.add(key);
      }
    }
  }

  /** The JDK's ISO 3166 and ISO 639 tables, loaded on first use. */
  private static final class Iso {
    static final Map<String, String> ALPHA2_BY_ALPHA3 = countriesByAlpha3();
    /** The countries officially assigned in ISO 3166-1 (the JDK's list), and {@code XK}, in common use for Kosovo. */
    static final Set<String> COUNTRIES = countries();

    private static Set<String> countries() {
      Set<String> out = new java.util.HashSet<>(java.util.Arrays.asList(Locale.getISOCountries()));
      out.add("XK");
      return Set.copyOf(out);
    }

    /** ISO 639-2 codes (terminology, and the bibliographic ones that differ) to ISO 639-1. */
    static final Map<String, String> LANGUAGE_BY_ALPHA3 = languagesByAlpha3();
    /** English names of languages, as {@link #nameKey} keeps them, to ISO 639-1. */
    static final Map<String, String> LANGUAGE_BY_NAME = languagesByName();
    /** English names of countries ({@link #nameKey}) and names in common use, to ISO 3166-1 alpha-2. */
    static final Map<String, String> COUNTRY_BY_NAME = countriesByName();

    private static Map<String, String> countriesByName() {
      Map<String, String> out = new java.util.HashMap<>();
      for (String alpha2 : Locale.getISOCountries()) {
        String name = new Locale("", alpha2).getDisplayCountry(Locale.ENGLISH);
        if (!name.isEmpty() && !name.equalsIgnoreCase(alpha2)) {
          out.putIfAbsent(nameKey(name), alpha2);
        }
      }
      // Names in common use that are not the standard English one (or that other JDK versions spell otherwise).
      String[] common = {"united states of america", "US", "great britain", "GB", "britain", "GB", "england", "GB",
          "scotland", "GB", "wales", "GB", "northern ireland", "GB", "holland", "NL", "czech republic", "CZ",
          "czechia", "CZ", "uae", "AE", "turkey", "TR", "turkiye", "TR", "ivory coast", "CI", "cote divoire", "CI",
          "hong kong", "HK", "macau", "MO", "macao", "MO", "south korea", "KR", "republic of korea", "KR",
          "viet nam", "VN", "vietnam", "VN", "russia", "RU", "russian federation", "RU", "burma", "MM",
          "myanmar", "MM", "macedonia", "MK", "north macedonia", "MK", "swaziland", "SZ", "eswatini", "SZ",
          "cape verde", "CV", "east timor", "TL", "timor leste", "TL", "bosnia", "BA", "vatican", "VA",
          "vatican city", "VA", "palestine", "PS", "taiwan", "TW", "laos", "LA", "syria", "SY", "iran", "IR",
          "bolivia", "BO", "venezuela", "VE", "tanzania", "TZ", "moldova", "MD", "brunei", "BN"};
      for (int i = 0; i < common.length; i += 2) {
        out.putIfAbsent(common[i], common[i + 1]);
      }
      return Map.copyOf(out);
    }

    private static Map<String, String> languagesByAlpha3() {
      Map<String, String> out = new java.util.HashMap<>();
      for (String code : Locale.getISOLanguages()) {
        try {
          String alpha3 = new Locale(code).getISO3Language();
          if (!alpha3.isEmpty() && !alpha3.equals(code)) {
            out.put(alpha3, code);
          }
        } catch (java.util.MissingResourceException e) {
          // No alpha-3 code known for this one.
        }
      }
      // ISO 639-2/B codes where they differ from the terminology codes above.
      String[] bibliographic = {"alb", "sq", "arm", "hy", "baq", "eu", "bur", "my", "chi", "zh", "cze", "cs", "dut",
          "nl", "fre", "fr", "geo", "ka", "ger", "de", "gre", "el", "ice", "is", "mac", "mk", "mao", "mi", "may", "ms",
          "per", "fa", "rum", "ro", "slo", "sk", "tib", "bo", "wel", "cy"};
      for (int i = 0; i < bibliographic.length; i += 2) {
        out.putIfAbsent(bibliographic[i], bibliographic[i + 1]);
      }
      return Map.copyOf(out);
    }

    private static Map<String, String> languagesByName() {
      Map<String, String> out = new java.util.HashMap<>();
      for (String code : Locale.getISOLanguages()) {
        if (code.length() == 2) {
          String key = nameKey(new Locale(code).getDisplayLanguage(Locale.ENGLISH));
          if (!key.isEmpty() && !key.equals(code)) {
            out.putIfAbsent(key, code);
          }
        }
      }
      return Map.copyOf(out);
    }

    private static Map<String, String> countriesByAlpha3() {
      Map<String, String> out = new java.util.HashMap<>();
      for (String alpha2 : Locale.getISOCountries()) {
        try {
          String alpha3 = new Locale("", alpha2).getISO3Country();
          if (!alpha3.isEmpty()) {
            out.put(alpha3, alpha2);
          }
        } catch (java.util.MissingResourceException e) {
          // No alpha-3 code known for this one: only its alpha-2 code is accepted.
        }
      }
      return Map.copyOf(out);
    }
  }

  /** Web domains as CRMs store them, each put in form by {@link Codes#domain}. */
  static Set<String> domains(Collection<String> values, String field) {
    return codes(values, field, v -> {
      try {
        return Codes.domain(v);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(field + " entry '" + v + "' names no domain", e);
      }
    });
  }

  /**
   * A builder's copy of a list argument: null elements kept, so that {@code build()} refuses them naming the field
   * ({@code List.copyOf} threw a bare NullPointerException first).
   */
  static <T> java.util.List<T> copy(Collection<? extends T> values, String field) {
    java.util.Objects.requireNonNull(values, field + " must not be null");
    return java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
  }

  static Set<String> normalisedSet(Collection<String> values, String field, boolean upper) {
    return codes(values, field, v -> upper ? v.toUpperCase(Locale.ROOT) : v.toLowerCase(Locale.ROOT));
  }

  /** Each entry trimmed and put in form by {@code form}; null or blank entries refused. */
  private static Set<String> codes(Collection<String> values, String field,
      java.util.function.UnaryOperator<String> form) {
    Set<String> out = new LinkedHashSet<>();
    for (String v : values) {
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException(field + " must not contain null or blank entries but was " + shown(values));
      }
      out.add(form.apply(v.trim()));
    }
    return Set.copyOf(out);
  }

  /** {@code values} with each entry quoted, so that a blank entry shows: {@code ['US', '']}, not {@code [US, ]}. */
  private static String shown(Collection<String> values) {
    java.util.StringJoiner j = new java.util.StringJoiner(", ", "[", "]");
    for (String v : values) {
      j.add(v == null ? "null" : "'" + v + "'");
    }
    return j.toString();
  }

  static Set<String> idSet(Collection<String> values, String field) {
    for (String v : values) {
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException(field + " must not contain null or blank entries but was " + shown(values));
      }
    }
    return Set.copyOf(new LinkedHashSet<>(values));
  }

  static java.util.List<String> idList(java.util.List<String> values, String field) {
    idSet(values, field);
    return java.util.List.copyOf(values);
  }

  static Map<String, String> attributes(Map<String, String> values, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
        throw new IllegalArgumentException(field + " must have non-blank keys and non-null values but had "
            + e.getKey() + "=" + e.getValue());
      }
      out.put(e.getKey(), e.getValue());
    }
    return Map.copyOf(out);
  }

  static double finiteAtLeast(double value, double min, String field) {
    if (Double.isNaN(value) || Double.isInfinite(value) || value < min) {
      throw new IllegalArgumentException(field + " must be a finite number >= " + min + " but was " + value);
    }
    return value;
  }
}
