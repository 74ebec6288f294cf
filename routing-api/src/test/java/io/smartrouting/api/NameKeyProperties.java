package io.smartrouting.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A country's or state's name is read into the key names are compared by as the rule says (written here as regular
 * expressions, as it first was): lower case, accents, dots, commas and apostrophes dropped, {@code &} as "and",
 * other runs one space, no leading "the", "saint" as "st".
 */
class NameKeyProperties {

  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> piece = Arbitraries.oneOf(
        Arbitraries.of("The", "the", "United", "States", "Saint", "saint", "St.", "Kitts", "&", " & ", "&&", "and",
            "Côte", "d'Ivoire", "d’Ivoire", "U.S.A.", "Bosnia", "Herzegovina", "Québec", ",", ".", " ", "  ", "\t",
            "-", "\u00A0", "\u2003", "São", "Tomé", "Åland", "ß", "İ", "saintly", "3", "the the"),
        Arbitraries.chars().range(' ', '~').map(String::valueOf));
    return piece.list().ofMaxSize(7).map(p -> String.join("", p));
  }

  @Property(tries = 5000)
  void theKeyIsTheRulesKey(@ForAll("names") String name) {
    assertThat(Checks.nameKey(name)).as("'%s'", name).isEqualTo(byTheRule(name));
  }

  private static String byTheRule(String name) {
    String s = java.text.Normalizer.normalize(name.trim().toLowerCase(Locale.ROOT), java.text.Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK || c == '.' || c == ',' || c == '\'' || c == '’') {
        continue;
      }
      out.append(c == '&' ? " and " : Character.isLetterOrDigit(c) ? String.valueOf(c) : " ");
    }
    String key = out.toString().trim().replaceAll("\\s+", " ");
    key = key.startsWith("the ") ? key.substring(4) : key;
    return key.replaceAll("\\bsaint\\b", "st");
  }
}
