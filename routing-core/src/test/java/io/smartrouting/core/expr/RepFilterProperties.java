package io.smartrouting.core.expr;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Rep;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random rep filters, written as text and evaluated by a plain Java reading of the documented rules (a list field
 * HAS any of the strings, ignoring case; a skill level the rep lacks is missing, so every comparison with it is
 * false; text operators as for leads), must agree with the compiled filter on random reps: what decides which reps a
 * chain step may choose from.
 */
class RepFilterProperties {


  private static final List<String> TEAMS = List.of("emea-west", "EMEA-east", "na-west", "apac");
  private static final List<String> SKILLS = List.of("healthcare", "billing", "Security");
  private static final List<String> LANGUAGES = List.of("en", "de", "fr");

  @Property(tries = 1000)
  void aCompiledFilterMeansWhatItsTextSays(@ForAll("filters") Written<Rep> f, @ForAll("reps") List<Rep> reps) {
    RepFilter compiled = RepFilter.parse(f.text());
    for (Rep rep : reps) {
      assertThat(compiled.matches(rep)).as("%s on %s %s %s", f.text(), rep.team(), rep.skills(), rep.languages())
          .isEqualTo(f.meaning().test(rep));
    }
  }

  @Provide
  Arbitrary<List<Rep>> reps() {
    Arbitrary<Rep> one = Combinators.combine(Arbitraries.of(TEAMS).injectNull(0.2),
        Arbitraries.of(SKILLS).set().ofMaxSize(3), Arbitraries.integers().between(1, 10),
        Arbitraries.of(LANGUAGES).set().ofMaxSize(2), Arbitraries.integers().between(0, 60),
        Arbitraries.of(true, false)).as((team, skills, level, languages, capacity, active) -> {
          Rep.Builder b = Rep.builder("r").team(team).languages(List.copyOf(languages)).capacity(capacity)
              .active(active);
          int l = level;
          for (String s : skills) {
            b.skill(s, l);
            l = l % 10 + 1;
          }
          return b.build();
        });
    return one.list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<Written<Rep>> filters() {
    return filter(3);
  }

  private Arbitrary<Written<Rep>> filter(int depth) {
    return Written.nested(Arbitraries.oneOf(team(), has("skills", SKILLS, r -> r.skills().keySet()),
        has("languages", LANGUAGES, Rep::languages), proficiency(), capacity(), active()), depth);
  }

  private static Arbitrary<Written<Rep>> team() {
    Arbitrary<Written<Rep>> eq = Arbitraries.of(TEAMS).map(t -> new Written<Rep>("team = '" + t.toUpperCase(Locale.ROOT) + "'",
        r -> r.team() != null && r.team().equalsIgnoreCase(t)));
    Arbitrary<Written<Rep>> prefix = Combinators.combine(Arbitraries.of("emea", "na-", "WEST", "apac"),
        Arbitraries.of(true, false)).as((p, starts) -> new Written<Rep>(
            "team " + (starts ? "STARTS WITH" : "ENDS WITH") + " '" + p + "'", r -> {
              if (r.team() == null) {
                return false;
              }
              String t = r.team().toLowerCase(Locale.ROOT);
              String q = p.toLowerCase(Locale.ROOT);
              return starts ? t.startsWith(q) : t.endsWith(q);
            }));
    Arbitrary<Written<Rep>> missing = Arbitraries.of(true, false).map(m -> new Written<Rep>(
        "team " + (m ? "IS MISSING" : "IS PRESENT"), r -> (r.team() == null) == m));
    return Arbitraries.oneOf(eq, prefix, missing);
  }

  private static Arbitrary<Written<Rep>> has(String field, List<String> values,
      java.util.function.Function<Rep, Set<String>> read) {
    return Arbitraries.of(values).list().ofMinSize(1).ofMaxSize(2).map(ws -> new Written<Rep>(field + " HAS "
        + Written.list(ws.stream().map(w -> w.toUpperCase(Locale.ROOT)).toList()), r -> read.apply(r).stream()
        .anyMatch(v -> ws.stream().anyMatch(v::equalsIgnoreCase))));
  }

  private static Arbitrary<Written<Rep>> proficiency() {
    // Levels are 1 to 10, so "< 1" is refused as never holding (ExpressionTest): "<" from 2.
    return Combinators.combine(Arbitraries.of(SKILLS), Arbitraries.integers().between(1, 10), Arbitraries.of(">=", "<"))
        .filter((skill, n, op) -> !(op.equals("<") && n == 1))
        .as((skill, n, op) -> new Written<Rep>("proficiency." + skill + " " + op + " " + n, r -> {
          Integer level = r.skills().get(skill.toLowerCase(Locale.ROOT));
          return level != null && (op.equals(">=") ? level >= n : level < n);
        }));
  }

  private static Arbitrary<Written<Rep>> capacity() {
    return Arbitraries.integers().between(0, 60).map(n -> new Written<Rep>("capacity > " + n, r -> r.capacity() > n));
  }

  private static Arbitrary<Written<Rep>> active() {
    return Arbitraries.of(true, false).map(a -> new Written<Rep>("active = " + a, r -> r.active() == a));
  }
}
