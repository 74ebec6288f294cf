package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The audit line's own writers of instants and numbers write exactly what the JDK's formatters write, on the values an
 * audit line holds (instants of any era, nanosecond fractions of every length; scores of every size and sign, ties of
 * the fourth decimal included).
 */
class JsonTextProperties {

  @Property(tries = 3000)
  void anInstantIsWrittenAsInstantToStringWritesIt(@ForAll("instants") Instant t) {
    StringBuilder sb = new StringBuilder();
    JsonText.instant(sb, t);
    assertThat(sb.toString()).isEqualTo(t.toString());
  }

  @Provide
  Arbitrary<Instant> instants() {
    // Mostly around today; some of any era the JDK writes (before 1970, after 9999).
    Arbitrary<Long> seconds = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.longs().between(1_600_000_000L, 1_900_000_000L)),
        Tuple.of(1, Arbitraries.longs().between(-62_000_000_000L, 300_000_000_000L)));
    Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0),
        Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
        Arbitraries.integers().between(0, 999_999).map(us -> us * 1000),
        Arbitraries.integers().between(0, 999_999_999));
    return seconds.flatMap(s -> nanos.map(n -> Instant.ofEpochSecond(s, n)));
  }

  @Example
  void theEdgesOfTheFastRange() {
    for (Instant t : new Instant[] {Instant.EPOCH, Instant.ofEpochSecond(-1, 999_999_999),
        Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
        Instant.parse("2024-02-29T12:00:00.000001Z"), Instant.MIN, Instant.MAX}) {
      anInstantIsWrittenAsInstantToStringWritesIt(t);
    }
  }

  @Property(tries = 5000)
  void aNumberIsWrittenAsFormatWritesIt(@ForAll("numbers") double d) {
    StringBuilder sb = new StringBuilder();
    JsonText.number4(sb, d);
    assertThat(sb.toString()).isEqualTo(String.format(Locale.ROOT, "%.4f", d));
  }

  @Provide
  Arbitrary<Double> numbers() {
    // Scores are mostly in [0, 1] or a few units; ties of the fourth decimal (k + 0.5) / 10,000 and their neighbours
    // one ulp away are where a rounding could differ.
    Arbitrary<Double> ties = Arbitraries.integers().between(0, 2_000_000)
        .flatMap(k -> Arbitraries.of(-1, 0, 1).map(step -> {
          double tie = (k + 0.5) / 10_000;
          return step < 0 ? Math.nextDown(tie) : step > 0 ? Math.nextUp(tie) : tie;
        }));
    return Arbitraries.oneOf(Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(-100, 100),
        Arbitraries.doubles().between(0, 1e12), ties, ties.map(x -> -x),
        Arbitraries.of(0.0, -0.0, 1e-5, 5e-5, 0.99995, 999_999.99995, 1e6, Double.MIN_VALUE, Double.MAX_VALUE));
  }

  @Example
  void notANumberIsNull() {
    for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      StringBuilder sb = new StringBuilder();
      JsonText.number4(sb, d);
      assertThat(sb.toString()).isEqualTo("null");
    }
  }
}
