package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.core.ClassificationPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The grouped expression finds what the plain alternation of the same patterns finds, match for match (start and
 * end), on titles mixing the patterns' words, other words, punctuation and letters whose case folds outside ASCII;
 * for the default lists and for lists drawn from patterns that may and may not be grouped.
 */
class TitlePatternsProperties {

  private static final List<String> PATTERNS = List.of("\\bchief\\b", "\\bc[a-z]?[eotfimrs]o\\b", "\\bvp\\b",
      "\\bvice[ -]president\\b", "\\bhead of\\b", "\\bco-founder\\b", "\\bfounder\\b", "\\bCEO\\b", "ceo", "\\bk\\w+",
      "\\bvorstand", "gesch(ä|ae|a)ftsf(ü|ue|u)hrer", "\\bdirett(ore|rice)\\b", "\\bfundador(a)?\\b",
      "\\bfoo|bar", "\\bx?vp", "\\b(?i)head", "\\b(executive )?assistant (to|of)\\b.*", "\\bv[|]p", "\\bv[^a]p",
      "^(?=.*\\bintern\\b).*", "\\bhead\\b", "\\bs", "\\bdir\\b", "\\bdirector\\b", "\\bowner\\b", "\\bpresident\\b");

  @Provide
  Arbitrary<List<String>> patternLists() {
    return Arbitraries.of(PATTERNS).list().ofMinSize(1).ofMaxSize(10);
  }

  @Provide
  Arbitrary<String> titles() {
    Arbitrary<String> piece = Arbitraries.oneOf(
        Arbitraries.of("Chief", "CEO", "C.E.O.", "cto", "Ceo", "VP", "vp", "xvp", "Vice President", "vice-president",
            "Head of", "head", "of", "Co-Founder", "founder", "Kelvin", "\u212Aelvin", "Vorstandsvorsitzender",
            "Geschäftsführer", "GESCHAEFTSFUEHRER", "direttore", "fundadora", "foo", "bar", "Executive Assistant to",
            "Intern", "internal", "Director", "Dir", "Owner", "Product Owner", "Sales", "s", "President", "v|p", "vxp",
            " ", ", ", "-", "&", "_", "/", "3", "\u00C9", "ß"),
        Arbitraries.chars().range(' ', '~').map(String::valueOf));
    return piece.list().ofMaxSize(7).map(p -> String.join(" ", p));
  }

  @Property(tries = 3000)
  void theGroupedExpressionFindsWhatThePlainAlternationFinds(@ForAll("patternLists") List<String> patterns,
      @ForAll("titles") String title) {
    assertSameMatches(patterns, title);
  }

  @Property(tries = 2000)
  void soDoesItForTheDefaultLists(@ForAll("titles") String title) {
    assertSameMatches(ClassificationPolicy.DEFAULT_EXECUTIVE_TITLES, title);
    assertSameMatches(ClassificationPolicy.DEFAULT_NON_EXECUTIVE_TITLES, title);
  }

  @Test
  void theDefaultsAreGroupedAndWhatCannotBeStaysAsWritten() {
    String joined = TitlePatterns.join(ClassificationPolicy.DEFAULT_EXECUTIVE_TITLES);
    assertThat(joined).startsWith("\\b(?=[cvsehdpfo])(?:c(?:hief\\b|[a-z]?[eotfimrs]o\\b|o-founder\\b)|v(?:p\\b|"
        + "ice[ -]president\\b)").contains("|gesch(ä|ae|a)ftsf(ü|ue|u)hrer|\\b(?=[vdpfac])(?:v(?:orstand)|");
    assertThat(TitlePatterns.groupable("\\bfoo|bar")).isFalse();
    assertThat(TitlePatterns.groupable("\\bx?vp")).isFalse();
    assertThat(TitlePatterns.groupable("\\b(?i)head")).isFalse();
    assertThat(TitlePatterns.groupable("\\bv[|]p")).isTrue();
    assertThat(TitlePatterns.groupable("\\bdirett(ore|rice)\\b")).isTrue();
  }

  private static void assertSameMatches(List<String> patterns, String title) {
    int flags = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    assertThat(matches(TitlePatterns.compile(patterns), title)).as("%s in '%s'", patterns, title)
        .isEqualTo(matches(Pattern.compile(String.join("|", patterns), flags), title));
  }

  private static List<String> matches(Pattern p, String title) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(title);
    while (m.find()) {
      out.add(m.start() + "-" + m.end());
    }
    return out;
  }
}
