package io.smartrouting.core.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The text operators compare in place (no lower-cased copies on the decision path); they must mean what lower-casing
 * both sides and asking {@link String#contains}, {@link String#startsWith} or {@link String#endsWith} means.
 */
class TextOperatorProperties {

  @Property(tries = 2000)
  void inPlaceComparisonsMeanWhatLowerCasedOnesMean(@ForAll("texts") String text, @ForAll("parts") String part) {
    String t = text.toLowerCase(Locale.ROOT);
    String p = part.toLowerCase(Locale.ROOT);
    assertThat(Compiler.textHolds(text, part, 0)).as("contains").isEqualTo(t.contains(p));
    assertThat(Compiler.textHolds(text, part, 1)).as("starts with").isEqualTo(t.startsWith(p));
    assertThat(Compiler.textHolds(text, part, 2)).as("ends with").isEqualTo(t.endsWith(p));
  }

  @Property(tries = 500)
  void aPartCutFromTheTextIsFoundWhereverItWasCut(@ForAll("texts") String text, @ForAll int from, @ForAll int to) {
    if (text.isEmpty()) {
      return;
    }
    int a = Math.floorMod(from, text.length());
    int b = a + 1 + Math.floorMod(to, text.length() - a);
    String part = text.substring(a, b).toUpperCase(Locale.ROOT);
    assertThat(Compiler.textHolds(text, part, 0)).isTrue();
    assertThat(Compiler.textHolds(text, text.substring(0, b), 1)).isTrue();
    assertThat(Compiler.textHolds(text, text.substring(a), 2)).isTrue();
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().withChars("abAB.- éÉü").ofMaxLength(12);
  }

  @Provide
  Arbitrary<String> parts() {
    return Arbitraries.strings().withChars("abAB.- éÉü").ofMinLength(1).ofMaxLength(4);
  }
}
