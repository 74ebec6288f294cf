package io.smartrouting.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Country and territory codes are compared as ISO 3166-1 alpha-2 and languages as ISO 639-1: a lead from "USA" must
 * meet the reps of "US", one in "en-US" the reps who speak "en", and a value nothing could match is refused instead
 * of sending the lead to whoever covers everywhere.
 */
class CountryAndLanguageCodeTest {

  @Test
  void aMisspeltLanguageOrAStateWrittenAsATerritorySaysWhatItProbablyMeant() {
    assertThatThrownBy(() -> Rep.builder("r").languages("Englsh").build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("but was 'Englsh'; did you mean 'en' (english)?");
    assertThatThrownBy(() -> Rep.builder("r").languages("Deutsh").build())
        .hasMessageContaining("but was 'Deutsh'; did you mean 'de' (deutsch)?");
    assertThatThrownBy(() -> Rep.builder("r").territories("California").build())
        .hasMessageContaining("but had 'California'; did you mean 'US-CA'?");
    assertThatThrownBy(() -> Rep.builder("r").territories("Ontario").build())
        .hasMessageContaining("did you mean 'CA-ON'?");
    assertThatThrownBy(() -> Rep.builder("r").territories("EMEA").build()).hasMessageNotContaining("did you mean");
  }

  @Test
  void aLeadsCountryIsKeptAsItsAlpha2Code() {
    assertThat(Lead.builder("l1").country("us").build().country()).isEqualTo("US");
    assertThat(Lead.builder("l2").country(" USA ").build().country()).isEqualTo("US");
    assertThat(Lead.builder("l3").country("deu").build().country()).isEqualTo("DE");
    assertThat(Lead.builder("l4").country("XK").build().country()).isEqualTo("XK"); // user-assigned, in use
    assertThat(Lead.builder("l5").country("  ").build().country()).isNull();
  }

  @Test
  void everyAlpha3CodeTheJdkKnowsBecomesItsAlpha2Code() {
    for (String alpha2 : Locale.getISOCountries()) {
      String alpha3 = new Locale("", alpha2).getISO3Country();
      assertThat(Lead.builder("l").country(alpha3).build().country()).as(alpha3).isEqualTo(alpha2);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"U", "ABC", "1A", "EMEA", "Germnay", "Korea", "Deutschlnd", "United"})
  void aCountryNoTerritoryCouldMatchIsRefusedNamingTheField(String bad) {
    assertThatThrownBy(() -> Lead.builder("l1").country(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lead.country must be an ISO 3166-1 country code such as 'US' or 'USA', or a country's name"
            + " such as 'Germany' or 'Deutschland', but was '" + bad + "'");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"Deutschland,DE", "DEUTSCHLAND,DE", "España,ES", "Espana,ES",
      "Schweiz,CH", "Suisse,CH", "Svizzera,CH", "Österreich,AT", "osterreich,AT", "Nederland,NL", "België,BE",
      "Belgique,BE", "Sverige,SE", "Polska,PL", "Brasil,BR", "日本,JP", "대한민국,KR"})
  void aCountryWrittenInItsOwnLanguageIsItsCode(String given, String code) {
    // 'Deutschland' was refused: a CRM in German stores it so.
    assertThat(Lead.builder("l1").country(given).build().country()).as(given).isEqualTo(code);
  }

  @Test
  void aTerritoryWrittenAsACountrysNameSaysItsCode() {
    assertThatThrownBy(() -> Rep.builder("r").territories("Germany").build())
        .hasMessageContaining("but had 'Germany'; did you mean 'DE'?");
    assertThatThrownBy(() -> Rep.builder("r").territories("Deutschland").build())
        .hasMessageContaining("did you mean 'DE'?");
  }

  @Test
  void aCountryAsCrmsStoreItIsItsCode() {
    Map<String, String> written = new LinkedHashMap<>();
    written.put("United States", "US");
    written.put("united states of america", "US");
    written.put("U.S.", "US");
    written.put("U.S.A.", "US");
    written.put("UK", "GB");
    written.put("United Kingdom", "GB");
    written.put("England", "GB");
    written.put("Germany", "DE");
    written.put("the Netherlands", "NL");
    written.put("Côte d\u2019Ivoire", "CI");
    written.put("Bosnia & Herzegovina", "BA");
    written.put("Saint Lucia", "LC");
    written.put("México", "MX");
    written.put("UAE", "AE");
    for (Map.Entry<String, String> e : written.entrySet()) {
      assertThat(Lead.builder("l").country(e.getKey()).build().country()).as(e.getKey()).isEqualTo(e.getValue());
    }
    // Every country's English name as this JDK spells it, in any case.
    for (String alpha2 : Locale.getISOCountries()) {
      String name = new Locale("", alpha2).getDisplayCountry(Locale.ENGLISH);
      if (!name.equalsIgnoreCase(alpha2)) {
        assertThat(Lead.builder("l").country(name.toUpperCase(Locale.ROOT)).build().country()).as(name)
            .isEqualTo(alpha2);
      }
    }
    // A rep's territory UK is the United Kingdom too, so that the two meet.
    assertThat(Rep.builder("ana").territories("UK", "uk-LND").build().territories())
        .containsExactlyInAnyOrder("GB", "GB-LND");
  }

  @Test
  void repTerritoriesAreNormalisedTheSameWay() {
    Rep rep = Rep.builder("ana").territories("usa-ca", "GBR", "fr-75", "*", "de").build();
    assertThat(rep.territories()).containsExactlyInAnyOrder("US-CA", "GB", "FR-75", "*", "DE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"EMEA", "United States", "US-", "US-CALI", "US-C.A", "-CA", "US:", ":941", "US:94.1",
      "EMEA:941", "US:1234567890123"})
  void aTerritoryNoLeadCouldMatchIsRefusedNamingTheRep(String bad) {
    assertThatThrownBy(() -> Rep.builder("ana").territories(bad).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("rep.territories entries must be a country code ('US'), a country and region"
            + " ('US-CA'), a country and postal-code prefix ('US:941') or '*' but had '" + bad + "'");
  }

  @Test
  void aPostalTerritoryIsKeptAsCountryColonPrefix() {
    Rep rep = Rep.builder("ana").territories("usa:94-1", "gb:sw1a", "UK:EC1").build();
    assertThat(rep.territories()).containsExactlyInAnyOrder("US:941", "GB:SW1A", "GB:EC1");
    assertThat(Codes.postalCode(" 94105-1234 ")).isEqualTo("941051234");
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "EN", "en-US", "en_GB", "eng", "English", "english"})
  void aLeadsLanguageIsKeptAsItsIso6391Code(String given) {
    // 'en-US' used to be compared as it was, so such a lead met none of the reps who speak 'en'.
    assertThat(Lead.builder("l1").language(given).build().language()).isEqualTo("en");
  }

  @Test
  void otherLanguagesTheSameWay() {
    assertThat(Lead.builder("l1").language("ger").build().language()).isEqualTo("de");
    assertThat(Lead.builder("l2").language("pt_BR").build().language()).isEqualTo("pt");
    assertThat(Lead.builder("l3").language("Spanish").build().language()).isEqualTo("es");
    assertThat(Lead.builder("l4").language("fil").build().language()).isEqualTo("fil"); // no two-letter code
    assertThat(Rep.builder("ana").languages("English", "es-MX", "deu").build().languages())
        .containsExactlyInAnyOrder("en", "es", "de");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"Deutsch,de", "deutsch,de", "Español,es", "espanol,es", "Français,fr",
      "francais,fr", "Italiano,it", "Português,pt", "Nederlands,nl", "Svenska,sv", "Polski,pl", "Suomi,fi",
      "日本語,ja", "Dutch,nl", "German,de"})
  void aLanguageWrittenInItselfIsItsCode(String given, String code) {
    // 'Deutsch' was refused with "did you mean 'nl' (dutch)?": a hint that would send German leads to Dutch speakers.
    assertThat(Lead.builder("l1").language(given).build().language()).as(given).isEqualTo(code);
    assertThat(Rep.builder("ana").languages(given).build().languages()).as(given).containsExactly(code);
  }

  @ParameterizedTest
  @ValueSource(strings = {"e", "x1", "Klingonese", "en US"})
  void aLanguageNoRepCouldSpeakIsRefusedNamingTheField(String bad) {
    assertThatThrownBy(() -> Lead.builder("l1").language(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lead.language must be an ISO 639 language code such as 'en' (or a tag such as 'en-US', or a"
            + " name such as 'English') but was '" + bad + "'");
    assertThatThrownBy(() -> Rep.builder("ana").languages(bad).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("rep.languages must be an ISO 639 language code");
  }

  @Test
  void aLeadsRegionIsItsSubdivisionCode() {
    assertThat(Lead.builder("l1").country("US").region("ca").build().region()).isEqualTo("CA");
    assertThat(Lead.builder("l2").country("usa").region("US-CA").build().region()).isEqualTo("CA");
    assertThat(Lead.builder("l3").country("FR").region("75").build().region()).isEqualTo("75");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Calif", "CA.", "GB-ENG", "Bavaria", "Ontario"})
  void aRegionNoTerritoryCouldMatchIsRefused(String bad) {
    // 'Calif' would make the lead 'US-CALIF', which no rep of 'US-CA' covers; Ontario is no US state.
    assertThatThrownBy(() -> Lead.builder("l1").country("US").region(bad).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lead.region must be an ISO 3166-2 subdivision code such as 'CA' (or 'US-CA' for a lead of the"
            + " US; for a lead of the US, Canada or Australia also the state's or province's name, such as"
            + " 'California') but was '" + bad + "'");
  }

  @Test
  void aStateOrProvinceAsCrmsStoreItIsItsCode() {
    String[][] written = {{"US", "California", "CA"}, {"United States", "new york", "NY"},
        {"US", "Washington, D.C.", "DC"}, {"US", "Washington", "WA"}, {"CA", "Québec", "QC"},
        {"Canada", "British Columbia", "BC"}, {"AU", "New South Wales", "NSW"}, {"AU", "Western Australia", "WA"}};
    for (String[] w : written) {
      assertThat(Lead.builder("l").country(w[0]).region(w[1]).build().region()).as(w[0] + "/" + w[1])
          .isEqualTo(w[2]);
    }
    // Codes (for rules and callers' own data) reads a code alone or behind its country, never a name.
    assertThat(Codes.region("us-ca")).isEqualTo("CA");
    assertThat(Codes.region(" nsw ")).isEqualTo("NSW");
    assertThatThrownBy(() -> Codes.region("California")).hasMessageContaining("but was 'California'");
    // A name is read against the lead's own country only: Victoria is a state of Australia, not of Canada.
    assertThatThrownBy(() -> Lead.builder("l").country("CA").region("Victoria").build())
        .hasMessageContaining("but was 'Victoria'");
    assertThatThrownBy(() -> Lead.builder("l").region("California").build())
        .hasMessageContaining("but was 'California'");
  }

  @Test
  void timeZonesInAnyCaseAndAbbreviationsToldTheIdToUse() {
    assertThat(Codes.timeZone("europe/paris")).isEqualTo(java.time.ZoneId.of("Europe/Paris"));
    assertThat(Codes.timeZone(" America/New_York ")).isEqualTo(java.time.ZoneId.of("America/New_York"));
    assertThat(Codes.timeZone("UTC")).isEqualTo(java.time.ZoneId.of("UTC"));
    assertThat(Codes.timeZone("+01:00")).isEqualTo(java.time.ZoneOffset.ofHours(1));
    // An abbreviation the JDK does not take would fail; the one it does not mean DST with is not guessed at.
    assertThatThrownBy(() -> Codes.timeZone("PST")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'PST' is not a time zone id; use 'America/Los_Angeles', the IANA id, which follows daylight"
            + " saving time");
    assertThatThrownBy(() -> Codes.timeZone("Eastern Time")).hasMessageContaining("use 'America/New_York'");
    assertThatThrownBy(() -> Codes.timeZone("Mars/Base")).hasMessageContaining("use an IANA id such as");
    // Standard-time abbreviations: the zone that follows daylight saving, or the fixed offset if that is meant.
    assertThatThrownBy(() -> Codes.timeZone("EST")).hasMessageContaining("use 'America/New_York'")
        .hasMessageContaining("'-05:00' if a fixed offset is meant");
    assertThatThrownBy(() -> Codes.timeZone("mst")).hasMessageContaining("America/Phoenix");
    assertThatThrownBy(() -> Codes.timeZone("HST")).hasMessageContaining("use 'Pacific/Honolulu'");
    assertThatThrownBy(() -> Rep.builder("ana").timeZone("CET Summer").build())
        .hasMessageStartingWith("rep.timeZone: 'CET Summer' is not a time zone id").hasMessageEndingWith("(rep ana)");
  }

  @Test
  void aWebsiteAddressNamesItsDomain() {
    assertThat(Codes.domain("https://www.Acme.com/pricing?x=1#top")).isEqualTo("acme.com");
    assertThat(Codes.domain("ACME.co.uk.")).isEqualTo("acme.co.uk");
    assertThat(Codes.domain("http://user@shop.acme.com:8080/")).isEqualTo("shop.acme.com");
    assertThatThrownBy(() -> Codes.domain("https:///path")).hasMessageContaining("names no domain");
    assertThat(Account.builder("a").name("A").domains("https://www.acme.com/").build().domains())
        .containsExactly("acme.com");
    assertThatThrownBy(() -> Account.builder("a").name("A").domains("http://").build())
        .hasMessage("account.domains entry 'http://' names no domain");
  }

  @Test
  void aTerritoryThatNamesNoKnownPlaceIsSaidWhy() {
    assertThat(Codes.unknownPlace("DX")).isEqualTo("'DX' is not a country code of ISO 3166-1");
    assertThat(Codes.unknownPlace("dx-12")).isEqualTo("'DX' is not a country code of ISO 3166-1");
    assertThat(Codes.unknownPlace("XX:941")).isEqualTo("'XX' is not a country code of ISO 3166-1");
    assertThat(Codes.unknownPlace("us-cf")).isEqualTo("'CF' is not a state, province or territory code of US");
    assertThat(Codes.unknownPlace("CA-QB")).isEqualTo("'QB' is not a state, province or territory code of CA");
    assertThat(Codes.unknownPlace("AU-VIX")).isEqualTo("'VIX' is not a state, province or territory code of AU");
    // Known places, user-assigned XK, postal territories and other countries' subdivisions (not checked) pass.
    for (String known : new String[] {"*", "US", "usa", "US-CA", "US-DC", "US-PR", "US-UM", "CA-QC", "AU-NSW", "GB",
        "UK", "XK", "DE-BY", "FR-75", "US:941", "CA:K1A-K2C"}) {
      assertThat(Codes.unknownPlace(known)).as(known).isNull();
    }
    assertThatThrownBy(() -> Codes.unknownPlace("Germany-X")).isInstanceOf(IllegalArgumentException.class);
  }
}
