package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Territories drawn by postal code ({@code US:941}): a rep covers the leads of that country whose postal code starts
 * with the prefix, however the code was typed; a longer prefix is a narrower territory inside a shorter one.
 */
class PostalTerritoryTest {

  private static final List<Rep> REPS = List.of(
      Rep.builder("ana").territories("US:941").build(), // San Francisco
      Rep.builder("bob").territories("us:9").build(), // the west coast, typed in lower case
      Rep.builder("cy").territories("US-NY").build(),
      Rep.builder("dee").territories("GB:SW1A").build());

  private static Router router() {
    return Router.builder().roster(REPS).manualTimers().step("weighted").build();
  }

  private static Lead lead(String id, String country, String postalCode) {
    return Lead.builder(id).country(country).postalCode(postalCode).build();
  }

  @Test
  void aRepCoversTheLeadsOfItsCountryWhosePostalCodeStartsWithItsPrefix() {
    try (Router router = router()) {
      Decision sf = router.route(lead("L1", "US", "94105-1234"));
      assertThat(sf.repId()).isIn("ana", "bob");
      assertThat(sf.explain()).contains("2 meet territory");
      Decision la = router.route(lead("L2", "US", "90210"));
      assertThat(la.repId()).as("only the west coast's rep").isEqualTo("bob");
      assertThat(la.explain()).contains("excluded, outside territory (lead in US, postal code 90210): ana, cy, dee");
      Decision london = router.route(lead("L3", "GB", "sw1a 1aa"));
      assertThat(london.repId()).as("typed in lower case with a blank").isEqualTo("dee");
      Decision germany = router.route(lead("L4", "DE", "94105"));
      assertThat(germany.repId()).as("a US prefix covers US codes only").isNull();
      Decision noCode = router.route(Lead.builder("L5").country("US").build());
      assertThat(noCode.repId()).as("no postal code: no postal territory covers it").isNull();
      assertThat(noCode.explain()).contains("postal code (reps who cover postal codes of US cannot qualify by them)");
      Decision ny = router.route(Lead.builder("L6").country("US").region("NY").postalCode("10001").build());
      assertThat(ny.repId()).as("regions still work beside postal codes").isEqualTo("cy");
    }
  }

  @Test
  void aPostalTerritoryScoresAsARegion() {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US:941").build(),
        Rep.builder("bob").territories("US").build());
    try (Router router = Router.builder().roster(reps).manualTimers().step("weighted").build()) {
      Decision d = router.route(lead("L1", "US", "94105"));
      assertThat(d.repId()).as("the narrower territory scores higher").isEqualTo("ana");
    }
  }

  @Test
  void aRangeOfPostalCodesCoversTheCodesBetweenItsEnds() {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US:94105-94117").build(),
        Rep.builder("bob").territories("US:94118..94199", "DE:10115-10117").build());
    try (Router router = Router.builder().roster(reps).manualTimers().step("weighted").build()) {
      assertThat(router.route(lead("L1", "US", "94105")).repId()).isEqualTo("ana");
      assertThat(router.route(lead("L2", "US", "94117-2020")).repId()).as("a ZIP+4 by its first five").isEqualTo("ana");
      assertThat(router.route(lead("L3", "US", "94118")).repId()).isEqualTo("bob");
      assertThat(router.route(lead("L4", "US", "94104")).repId()).as("just below the first range").isNull();
      assertThat(router.route(lead("L5", "US", "9411")).repId()).as("too short to be in a range of five digits")
          .isNull();
      assertThat(router.route(lead("L6", "DE", "10117")).repId()).isEqualTo("bob");
      Decision outside = router.route(lead("L7", "DE", "10118"));
      assertThat(outside.repId()).isNull();
      assertThat(outside.explain()).contains("outside territory (lead in DE, postal code 10118): ana, bob");
    }
    assertThat(Rep.builder("r").territories("us: 94100 .. 94199", "US:941-05", "US:12-34", "US:7-7").build()
        .territories()).containsExactlyInAnyOrder("US:94100-94199", "US:94105", "US:12-34", "US:7");
  }

  @Test
  void aRangeOfCodesWithLettersCoversTheCodesOfItsShapeBetweenItsEnds() {
    // Canadian forward sortation areas (letter, digit, letter) and Dutch codes (four digits, two letters).
    List<Rep> reps = List.of(Rep.builder("ottawa").territories("CA:K1A-K2C").build(),
        Rep.builder("amsterdam").territories("nl:1000aa - 1099zz").build());
    try (Router router = Router.builder().roster(reps).manualTimers().step("weighted").build()) {
      assertThat(router.route(lead("L1", "CA", "K1A 0B1")).repId()).as("the range's first area").isEqualTo("ottawa");
      assertThat(router.route(lead("L2", "CA", "k1z 9z9")).repId()).as("every K1 area").isEqualTo("ottawa");
      assertThat(router.route(lead("L3", "CA", "K2C 3M4")).repId()).as("the last area").isEqualTo("ottawa");
      Decision after = router.route(lead("L4", "CA", "K2E 7J5"));
      assertThat(after.repId()).as("past the range").isNull();
      assertThat(after.explain()).contains("outside territory (lead in CA, postal code K2E7J5)");
      assertThat(router.route(lead("L5", "CA", "K0A 1A0")).repId()).as("before it").isNull();
      assertThat(router.route(lead("L6", "NL", "1012 AB")).repId()).isEqualTo("amsterdam");
      assertThat(router.route(lead("L7", "NL", "1100 AA")).repId()).isNull();
    }
    assertThat(Rep.builder("r").territories("ca: k1a .. k1z", "AR:C1000-C1499").build().territories())
        .containsExactlyInAnyOrder("CA:K1A-K1Z", "AR:C1000-C1499");
  }

  @Test
  void aBritishTerritoryIsAnAreaOrADistrictNeverPartOfOne() {
    List<Rep> reps = List.of(Rep.builder("ana").territories("GB:SW1").build(),
        Rep.builder("bob").territories("GB:S").build(),
        Rep.builder("cy").territories("GB:N19").build(),
        Rep.builder("dee").territories("GB:N1").build(),
        Rep.builder("eve").territories("GB:SW10").build());
    try (Router router = Router.builder().roster(reps).manualTimers().step("weighted").build()) {
      assertThat(router.route(lead("L1", "GB", "SW1A 1AA")).repId()).as("SW1A is part of SW1").isEqualTo("ana");
      assertThat(router.route(lead("L2", "GB", "sw10 9aa")).repId()).as("district 10, not 1").isEqualTo("eve");
      assertThat(router.route(lead("L3", "GB", "S1 2AB")).repId()).isEqualTo("bob");
      Decision westminster = router.route(lead("L4", "GB", "SW1P 3BT"));
      assertThat(westminster.repId()).isEqualTo("ana");
      assertThat(westminster.explain()).as("the area S is Sheffield, not SW").contains("1 meet territory");
      assertThat(router.route(lead("L5", "GB", "N1 9AA")).repId()).as("N1 9AA lies in N1, not N19")
          .isEqualTo("dee");
      assertThat(router.route(lead("L6", "GB", "N19 5AB")).repId()).isEqualTo("cy");
    }
    assertThat(Rep.builder("r").territories(" uk: sw1a ").build().territories()).containsExactly("GB:SW1A");
  }

  @Test
  void aBritishSectorKeepsItsBlankAndCoversItsOwnCodesOnly() {
    // The sector N1 9 and the district N19 differ by a blank only. Each rep covers one place, so a lead goes to the
    // rep of the place it lies in, or to the queue.
    List<Rep> reps = List.of(Rep.builder("sector").territories("gb:n1  9").build(),
        Rep.builder("district").territories("GB:N19").build(),
        Rep.builder("westminster").territories("GB:SW1A 1").build(),
        Rep.builder("unit").territories("GB:EC1A 1BB").build());
    assertThat(reps.get(0).territories()).containsExactly("GB:N1 9");
    assertThat(reps.get(3).territories()).as("a whole postcode needs no blank").containsExactly("GB:EC1A1BB");
    try (Router router = Router.builder().roster(reps).manualTimers().step("weighted").build()) {
      assertThat(router.route(lead("S1", "GB", "N1 9AA")).repId()).isEqualTo("sector");
      assertThat(router.route(lead("S2", "GB", "n19ab")).repId()).as("written without its blank").isEqualTo("sector");
      Decision district = router.route(lead("S3", "GB", "N19 1AA"));
      assertThat(district.repId()).as("district N19, not sector N1 9").isEqualTo("district");
      assertThat(district.explain()).as("the code as a person reads it")
          .contains("outside territory (lead in GB, postal code N19 1AA)");
      assertThat(router.route(lead("S4", "GB", "N1 8AA")).repId()).as("another sector of N1").isNull();
      assertThat(router.route(lead("S5", "GB", "SW1A 1AA")).repId()).isEqualTo("westminster");
      assertThat(router.route(lead("S6", "GB", "SW1A 2AA")).repId()).isNull();
      assertThat(router.route(lead("S7", "GB", "EC1A 1BB")).repId()).isEqualTo("unit");
      assertThat(router.route(lead("S8", "GB", "EC1A 1BC")).repId()).isNull();
    }
    for (String bad : List.of("GB:N 19", "GB:N1 99", "GB:N1 A", "GB:SW1AB 1", "JE:2 3")) {
      assertThatThrownBy(() -> Rep.builder("r").territories(bad).build()).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rep.territories")
          .hasMessageContaining("a sector such as 'GB:N1 9'").hasMessageContaining(bad);
    }
  }

  @Test
  void aDashInABritishTerritoryIsRefusedRatherThanDropped() {
    // Elsewhere a dash inside a prefix is dropped (a ZIP+4 code: 'US:941-05' is 'US:94105'). Dropped here it would
    // give 'GB:N1-9' the district N19, neither the sector N1 9 nor the districts N1 to N9 the writer meant.
    assertThat(Rep.builder("r").territories("US:941-05").build().territories()).containsExactly("US:94105");
    for (String bad : List.of("GB:N1-9", "gb:n1 - 9", "GB:N1-N9", "JE:2-3", "IM:IM1-2", "GB:1-9")) {
      assertThatThrownBy(() -> Rep.builder("r").territories(bad).build()).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rep.territories")
          .hasMessageContaining("British postal territories have no dash")
          .hasMessageContaining("a sector with a blank 'GB:N1 9'").hasMessageContaining(bad);
    }
  }

  @Test
  void aBadRangeIsRefusedSayingWhatToWrite() {
    assertThatThrownBy(() -> Rep.builder("r").territories("US:94199-94100").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rep.territories")
        .hasMessageContaining("from low to high ('US:94100-94199')");
    assertThatThrownBy(() -> Rep.builder("r").territories("US:941..94199").build())
        .hasMessageContaining("rep.territories").hasMessageContaining("two codes of one shape");
    assertThatThrownBy(() -> Rep.builder("r").territories("GB:SW1..SW9").build())
        .hasMessageContaining("British postal territories have no dash or range");
    // Ends of one length with letters and digits in different places are no range: with the dash dropped they would
    // be a prefix no code starts with.
    for (String bad : List.of("CA:K1A-KZ1", "ca:k1a - 1ka", "AR:C1000-11499", "NL:1000AA..10990Z")) {
      assertThatThrownBy(() -> Rep.builder("r").territories(bad).build()).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rep.territories")
          .hasMessageContaining("two codes of one shape, as many characters with digits and letters in the same"
              + " places").hasMessageContaining("'CA:K1A-K1Z'").hasMessageContaining(bad);
    }
    // A dash between parts of unequal length is part of a code, as countries write theirs.
    assertThat(Rep.builder("r").territories("PL:00-950", "JP:100-0001", "BR:01310-100", "NL:1012-AB").build()
        .territories()).containsExactlyInAnyOrder("PL:00950", "JP:1000001", "BR:01310100", "NL:1012AB");
  }

  @Test
  void badPostalCodesAndTerritoriesAreRefusedByName() {
    assertThatThrownBy(() -> Lead.builder("x").postalCode("941#05")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lead.postalCode").hasMessageContaining("941#05");
    assertThatThrownBy(() -> Lead.builder("x").postalCode("1234567890123")).hasMessageContaining("lead.postalCode");
    assertThatThrownBy(() -> Rep.builder("r").territories("US:").build()).hasMessageContaining("rep.territories")
        .hasMessageContaining("US:941");
    assertThatThrownBy(() -> Rep.builder("r").territories("Narnia:941").build())
        .hasMessageContaining("rep.territories");
    assertThat(Rep.builder("r").territories("usa:94 1").build().territories()).containsExactly("US:941");
    assertThat(Lead.builder("x").postalCode("  ").build().postalCode()).isNull();
  }
}
