package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The one-pass reading of an ASCII company name gives the key the general path gives (Unicode decomposition, then
 * the steps as regular expressions), for names with mixed case, punctuation, ampersands, a leading "the", legal-form
 * suffixes and any other ASCII character; a name with any other character takes the general path.
 */
class CompanyNameProperties {

  @Provide
  Arbitrary<String> names() {
    // Pieces that meet every rule, and single characters from the whole of ASCII (controls included).
    Arbitrary<String> piece = Arbitraries.oneOf(
        Arbitraries.of("The", "the", "THE", "Acme", "acme", "ACME", "Home", "Depot", "3M", "A", "and", "Inc", "inc.",
            "Inc.", "LLC", "Ltd", "GmbH", "Co", "Company", "S.A.", "plc", "AG", "&", " & ", "&&", ".", "'", ",", ", ",
            " ", "  ", "\t", "-", "_", "/", "(", ")", "A.C.M.E", "O'Brien", "the the", "theatre", "co-op"),
        Arbitraries.chars().range((char) 0, (char) 127).map(String::valueOf));
    return piece.list().ofMaxSize(8).map(p -> String.join("", p));
  }

  @Property(tries = 5000)
  void theOnePassReadingGivesTheGeneralPathsKey(@ForAll("names") String name) {
    assertThat(AccountDirectory.normaliseCompanyName(name)).as("'%s'", name)
        .isEqualTo(AccountDirectory.normaliseSlowly(name));
  }

  @Test
  void examples() {
    for (String name : List.of("Acme, Inc.", "The Acme Company", "A&B Holdings Ltd", "&Co", "The", "the the co",
        "Müller & Söhne GmbH", "Café’s Ltd")) {
      assertThat(AccountDirectory.normaliseCompanyName(name)).as(name)
          .isEqualTo(AccountDirectory.normaliseSlowly(name));
    }
    assertThat(AccountDirectory.normaliseCompanyName("A&B Holdings Ltd")).isEqualTo("a and b holdings");
    assertThat(AccountDirectory.normaliseCompanyName("The Home Depot, Inc.")).isEqualTo("home depot");
    assertThat(AccountDirectory.normaliseCompanyName("O'Brien & Co.")).isEqualTo("obrien and");
  }
}
