package io.smartrouting.api;

/**
 * How the SDK reads country, territory and language codes, for callers who want their own data in the same form
 * (the builders of {@link Lead} and {@link Rep}, and the routing expressions, use these).
 *
 * <ul>
 *   <li>country: ISO 3166-1 alpha-2, upper case; a known alpha-3 code becomes its alpha-2 code ({@code usa} is
 *       {@code US}); any two letters are kept (user-assigned codes such as {@code XK} are in use);</li>
 *   <li>territory: {@link Rep#ANY_TERRITORY}, a country, or a country and an ISO 3166-2 subdivision of one to three
 *       letters or digits ({@code USA-CA} is {@code US-CA});</li>
 *   <li>language: ISO 639-1, lower case; a tag keeps its language ({@code en-US} is {@code en}), an ISO 639-2 code its
 *       two-letter code where there is one ({@code ger} is {@code de}, {@code fil} stays {@code fil}), an English
 *       name its code ({@code English} is {@code en}).</li>
 * </ul>
 * Anything else is refused with {@link IllegalArgumentException}: a value no rep's codes could match would route the
 * lead as if it had none. Thread-safe; the tables come from the JDK's ISO data.
 */
public final class Codes {

  private Codes() {}

  /**
   * {@return the country code as the SDK compares it}
   *
   * @param country a country code, any case
   * @throws IllegalArgumentException if it is blank, or neither two letters nor a known alpha-3 code
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
   * {@return the language code as the SDK compares it}
   *
   * @param language a language code, tag or English name, any case
   * @throws IllegalArgumentException if it is blank or not a language
   * @throws NullPointerException if it is null
   */
  public static String language(String language) {
    java.util.Objects.requireNonNull(language, "language must not be null");
    return required(Checks.language(language, "language"), "language", language);
  }

  private static String required(@org.jspecify.annotations.Nullable String normalised, String field, String given) {
    if (normalised == null) {
      throw new IllegalArgumentException(field + " must not be blank but was '" + given + "'");
    }
    return normalised;
  }
}
