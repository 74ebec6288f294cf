package io.smartrouting.core.testing;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik arbitraries of small, overlapping rosters and leads, so that every criterion both passes and fails. */
public final class Worlds {
  private Worlds() {}

  static final List<String> TERRITORIES = List.of("US", "US-CA", "US-NY", "DE", "FR", "*", "US:9", "US:941",
      "DE:10", "US:94100-94399", "DE:10115-10117", "GB:SW1", "GB:S", "GB:N19", "GB:N1 9");
  /**
   * Leads' postal codes, picked by their number: some under one postal territory, some under two, some just outside
   * a range, some none.
   */
  static final List<String> POSTAL_CODES = java.util.Arrays.asList("94105", "94301", "10115", "90210", "9", null,
      null, "94400", "10118", "941051234", "SW1A1AA", "SW109AA", "S12AB", "N19AA", "N195AB", "N18AA");
  static final List<String> COUNTRIES = List.of("US", "DE", "FR", "GB");
  static final List<String> REGIONS = List.of("CA", "NY", "TX");
  static final List<String> LANGUAGES = List.of("en", "de", "fr");
  static final List<String> INDUSTRIES = List.of("healthcare", "finance", "retail");
  /**
   * Reps' named-account lists, mostly none: {@code acct} is the account of the properties that give leads one, so
   * some reps cover its leads by name outside their territory.
   */
  static final List<List<String>> NAMED_ACCOUNTS = List.of(List.of(), List.of(), List.of(), List.of(),
      List.of("acct"), List.of("acct", "other"), List.of("other"));

  public static Arbitrary<List<Rep>> rosters(int min, int max, int maxCapacity) {
    Arbitrary<Rep.Builder> one = Combinators.combine(
        Arbitraries.of(TERRITORIES).set().ofMinSize(1).ofMaxSize(3),
        Arbitraries.of(Segment.class).set().ofMaxSize(2),
        Arbitraries.of(LANGUAGES).set().ofMaxSize(2),
        Arbitraries.of(INDUSTRIES).set().ofMaxSize(2),
        Arbitraries.integers().between(0, maxCapacity),
        Arbitraries.integers().between(0, 9),
        Arbitraries.doubles().between(1, 240),
        Arbitraries.of(NAMED_ACCOUNTS))
        .as((t, s, l, i, cap, activeRoll, resp, named) -> Rep.builder("x").territories(t)
            .segments(s.isEmpty() ? EnumSet.noneOf(Segment.class) : EnumSet.copyOf(s)).languages(l)
            .industries(i).capacity(cap).active(activeRoll > 1).responseMinutes(resp).namedAccounts(named));
    return one.list().ofMinSize(min).ofMaxSize(max).map(builders -> {
      List<Rep> reps = new ArrayList<>();
      for (int i = 0; i < builders.size(); i++) {
        reps.add(Rep.builderFrom(builders.get(i).build()).id("rep-" + i).build());
      }
      return reps;
    });
  }

  public static Arbitrary<Lead> leads() {
    return Combinators.combine(
        Arbitraries.of(COUNTRIES).injectNull(0.1),
        Arbitraries.of(REGIONS).injectNull(0.3),
        Arbitraries.of(LANGUAGES).injectNull(0.2),
        Arbitraries.of(INDUSTRIES).injectNull(0.2),
        Arbitraries.integers().between(1, 5000).injectNull(0.2),
        Arbitraries.of(LeadSource.class),
        Arbitraries.integers().between(0, 100).injectNull(0.3),
        Arbitraries.integers().between(0, 1_000_000))
        .as((country, region, lang, industry, employees, source, icp, n) -> {
          Lead.Builder b = Lead.builder("lead-" + n).country(country).region(region).language(lang)
              .industry(industry).source(source).postalCode(POSTAL_CODES.get(n % POSTAL_CODES.size()));
          if (employees != null) {
            b.employees(employees);
          }
          if (icp != null) {
            b.icpScore(icp);
          }
          return b.build();
        });
  }

  /** Gives every lead in the list a distinct id, keeping the rest. */
  public static List<Lead> distinctIds(List<Lead> leads) {
    List<Lead> out = new ArrayList<>();
    for (int i = 0; i < leads.size(); i++) {
      out.add(Lead.builderFrom(leads.get(i)).id("lead-" + i).build());
    }
    return out;
  }
}
