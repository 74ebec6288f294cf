package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A postal range cut into prefixes covers exactly the codes of its length between its ends, and a longer code when
 * its first digits are such a code; and the cut stays small (at most 18 prefixes a digit of length), none inside
 * another.
 */
class PostalPrefixesProperties {

  record Range(String low, String high) {}

  @Provide
  Arbitrary<Range> ranges() {
    return Arbitraries.integers().between(1, 6).flatMap(len -> {
      long max = (long) Math.pow(10, len) - 1;
      Arbitrary<Long> n = Arbitraries.longs().between(0, max).edgeCases(c -> c.includeOnly(0L, max));
      return Combinators.combine(n, n).as((a, b) -> new Range(pad(Math.min(a, b), len), pad(Math.max(a, b), len)));
    });
  }

  private static String pad(long n, int len) {
    return String.format("%0" + len + "d", n);
  }

  @Property(tries = 1000)
  void aRangeCoversExactlyItsCodes(@ForAll("ranges") Range r, @ForAll("codes") List<Long> draws,
      @ForAll("suffixes") String suffix) {
    int len = r.low().length();
    List<String> prefixes = PostalPrefixes.of(r.low() + "-" + r.high());
    long lo = Long.parseLong(r.low());
    long hi = Long.parseLong(r.high());
    long max = (long) Math.pow(10, len);
    // The ends, their neighbours, and random codes of the range's length.
    long[] near = {lo - 1, lo, lo + 1, hi - 1, hi, hi + 1};
    for (long c : near) {
      if (c >= 0 && c < max) {
        check(prefixes, pad(c, len), suffix, c >= lo && c <= hi);
      }
    }
    for (long d : draws) {
      long c = Math.floorMod(d, max);
      check(prefixes, pad(c, len), suffix, c >= lo && c <= hi);
    }
    assertThat(prefixes.size()).isLessThanOrEqualTo(18 * len);
    for (String p : prefixes) {
      assertThat(p).isNotEmpty().hasSizeLessThanOrEqualTo(len);
      for (String q : prefixes) {
        if (p != q) {
          assertThat(q.startsWith(p)).as("%s inside %s", q, p).isFalse();
        }
      }
    }
  }

  private static void check(List<String> prefixes, String code, String suffix, boolean inRange) {
    boolean covered = prefixes.stream().anyMatch(code::startsWith);
    assertThat(covered).as("%s in %s", code, prefixes).isEqualTo(inRange);
    String longer = code + suffix; // a ZIP+4: covered by its first digits
    assertThat(prefixes.stream().anyMatch(longer::startsWith)).isEqualTo(inRange);
  }

  @Provide
  Arbitrary<List<Long>> codes() {
    return Arbitraries.longs().between(0, 999_999).list().ofSize(50);
  }

  @Provide
  Arbitrary<String> suffixes() {
    return Arbitraries.strings().numeric().ofMaxLength(4);
  }

  /** A range of codes of one random shape of digits and letters, with codes of that shape drawn beside it. */
  record Shaped(String low, String high, List<String> codes) {}

  @Provide
  Arbitrary<Shaped> shaped() {
    return Arbitraries.strings().withChars("DL").ofMinLength(1).ofMaxLength(5).flatMap(shape -> {
      Arbitrary<String> code = Combinators.combine(shape.chars().mapToObj(c -> c == 'D'
          ? Arbitraries.chars().range('0', '9') : Arbitraries.chars().range('A', 'Z')).toList())
          .as(cs -> cs.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining()));
      return Combinators.combine(code, code, code.list().ofSize(40)).as((a, b, codes) -> a.compareTo(b) <= 0
          ? new Shaped(a, b, codes) : new Shaped(b, a, codes));
    });
  }

  /**
   * A range of codes with letters (each place a digit or a letter, as both ends have it there) covers exactly the codes
   * of its shape between its ends, in the order of characters, and a longer code when its first characters are one;
   * the cut stays small (at most 50 prefixes a place), none inside another.
   */
  @Property(tries = 1000)
  void aRangeOfCodesWithLettersCoversExactlyItsCodes(@ForAll("shaped") Shaped r, @ForAll("suffixes") String suffix) {
    List<String> prefixes = PostalPrefixes.of(r.low() + "-" + r.high());
    List<String> codes = new java.util.ArrayList<>(r.codes());
    codes.add(r.low());
    codes.add(r.high());
    for (String c : codes) {
      check(prefixes, c, suffix, c.compareTo(r.low()) >= 0 && c.compareTo(r.high()) <= 0);
    }
    assertThat(prefixes.size()).isLessThanOrEqualTo(50 * r.low().length());
    for (String p : prefixes) {
      assertThat(p).isNotEmpty().hasSizeLessThanOrEqualTo(r.low().length());
      for (String q : prefixes) {
        if (p != q) {
          assertThat(q.startsWith(p)).as("%s inside %s", q, p).isFalse();
        }
      }
    }
  }

  @Example
  void aBritishPostcodeIsComparedByAreaAndDistrict() {
    assertThat(PostalPrefixes.canonical("GB", "SW1A1AA")).isEqualTo("SW|01A|1AA");
    assertThat(PostalPrefixes.canonical("GB", "SW109AA")).isEqualTo("SW|10|9AA");
    assertThat(PostalPrefixes.canonical("GB", "N19AA")).as("N1 9AA").isEqualTo("N|01|9AA");
    assertThat(PostalPrefixes.canonical("GB", "N195AB")).as("N19 5AB").isEqualTo("N|19|5AB");
    assertThat(PostalPrefixes.canonical("GB", "N19")).as("a territory: the district").isEqualTo("N|19");
    assertThat(PostalPrefixes.canonical("GB", "SW")).isEqualTo("SW|");
    assertThat(PostalPrefixes.canonical("GB", "SW1A1")).as("a sector").isEqualTo("SW|01A|1");
    assertThat(PostalPrefixes.canonical("GB", "N1 9")).as("the sector N1 9, blank kept").isEqualTo("N|01|9");
    assertThat(PostalPrefixes.display("GB", "N19GU")).as("shown with its blank").isEqualTo("N1 9GU");
    assertThat(PostalPrefixes.display("GB", "N19")).as("not a whole postcode").isEqualTo("N19");
    assertThat(PostalPrefixes.display("US", "94105")).isEqualTo("94105");
    assertThat(PostalPrefixes.canonical("GB", "SW1A 1")).isEqualTo("SW|01A|1");
    assertThat(PostalPrefixes.canonical("GB", "N19AA")).startsWith(PostalPrefixes.canonical("GB", "N1 9"))
        .doesNotStartWith(PostalPrefixes.canonical("GB", "N19"));
    assertThat(PostalPrefixes.canonical("JE", "JE24WD")).isEqualTo("JE|02|4WD");
    assertThat(PostalPrefixes.canonical("GB", "12345")).as("not British in form").isEqualTo("12345");
    assertThat(PostalPrefixes.canonical("US", "SW1A1AA")).as("elsewhere, as written").isEqualTo("SW1A1AA");
    assertThat(PostalPrefixes.covers("GB", "SW1", "SW1A1AA")).isTrue();
    assertThat(PostalPrefixes.covers("GB", "SW1", "SW1P3BT")).isTrue();
    assertThat(PostalPrefixes.covers("GB", "SW1", "SW109AA")).as("district 10").isFalse();
    assertThat(PostalPrefixes.covers("GB", "S", "SW1A1AA")).as("Sheffield is not south-west London").isFalse();
    assertThat(PostalPrefixes.covers("GB", "S", "S12AB")).isTrue();
    assertThat(PostalPrefixes.covers("GB", "SW", "SW109AA")).isTrue();
    assertThat(PostalPrefixes.covers("GB", "N19", "N19AA")).as("N1 9AA is not in N19").isFalse();
    assertThat(PostalPrefixes.covers("GB", "N1", "N19AA")).isTrue();
    assertThat(PostalPrefixes.covers("GB", "SW1A1", "SW1A1AA")).as("a sector").isTrue();
  }

  @Example
  void aRangeIsItsFewestPrefixes() {
    assertThat(PostalPrefixes.of("94100-94199")).containsExactly("941");
    assertThat(PostalPrefixes.of("94100-94349")).containsExactly("941", "942", "9430", "9431", "9432", "9433",
        "9434");
    assertThat(PostalPrefixes.of("94105-94117")).hasSize(13).first().isEqualTo("94105");
    assertThat(PostalPrefixes.of("00000-99999")).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    assertThat(PostalPrefixes.of("941")).containsExactly("941");
    assertThat(PostalPrefixes.of("K1A-K1Z")).containsExactly("K1");
    assertThat(PostalPrefixes.of("K1A-K2C")).containsExactly("K1", "K2A", "K2B", "K2C");
    assertThat(PostalPrefixes.of("1000AA-1099ZZ")).containsExactly("10");
  }
}
