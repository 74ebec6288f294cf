package io.smartrouting.benchmarks;

import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.api.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A realistic generated tenant, deterministic from a seed: reps spread over 50 US states and 20 countries,
 * industries, segments, languages and capacities, about 5% out of office; accounts owned by reps; and a
 * pre-generated lead stream with roughly 10% Tier 1, 20% Tier 2 and 10% from known accounts.
 */
public final class BenchWorld {

  static final String[] US_STATES = {"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL",
      "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
      "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI",
      "WY"};
  static final String[] COUNTRIES = {"CA", "GB", "IE", "DE", "AT", "CH", "FR", "BE", "NL", "ES", "IT", "PT", "SE",
      "NO", "DK", "FI", "PL", "BR", "MX", "AU"};
  static final String[] COUNTRY_LANGUAGE = {"en", "en", "en", "de", "de", "de", "fr", "fr", "nl", "es", "it", "pt",
      "sv", "no", "da", "fi", "pl", "pt", "es", "en"};
  static final String[] INDUSTRIES = {"healthcare", "finance", "software", "retail", "manufacturing", "education",
      "energy", "media", "logistics", "government"};

  public final List<Rep> reps;
  public final List<Account> accounts;
  public final List<Lead> leads;

  private BenchWorld(List<Rep> reps, List<Account> accounts, List<Lead> leads) {
    this.reps = reps;
    this.accounts = accounts;
    this.leads = leads;
  }

  /** A world of {@code repCount} reps, one account per 20 reps, and {@code leadCount} leads with distinct ids. */
  public static BenchWorld generate(long seed, int repCount, int leadCount) {
    return generate(seed, repCount, leadCount, Math.max(5, repCount / 20));
  }

  /** A world of {@code repCount} reps, {@code accountCount} accounts and {@code leadCount} leads with distinct ids. */
  public static BenchWorld generate(long seed, int repCount, int leadCount, int accountCount) {
    Random rnd = new Random(seed);
    List<Rep> reps = new ArrayList<>(repCount);
    for (int i = 0; i < repCount; i++) {
      Rep.Builder b = Rep.builder("rep-" + i).team("team-" + (i % 40)).capacity(20 + rnd.nextInt(41))
          .weight(1 + rnd.nextInt(3)).responseMinutes(2 + rnd.nextInt(180)).active(rnd.nextInt(20) != 0)
          .role(i % 25 == 0 ? RepRole.MANAGER : RepRole.AE);
      if (i >= 25) {
        b.managerId("rep-" + (i / 25 * 25 - 25));
      }
      int territories = 1 + rnd.nextInt(3);
      List<String> t = new ArrayList<>();
      List<String> languages = new ArrayList<>();
      for (int k = 0; k < territories; k++) {
        if (rnd.nextInt(100) < 60) {
          t.add("US-" + US_STATES[rnd.nextInt(US_STATES.length)]);
          if (!languages.contains("en")) {
            languages.add("en");
          }
        } else {
          int c = rnd.nextInt(COUNTRIES.length);
          t.add(COUNTRIES[c]);
          if (!languages.contains(COUNTRY_LANGUAGE[c])) {
            languages.add(COUNTRY_LANGUAGE[c]);
          }
        }
      }
      if (rnd.nextInt(500) == 0) {
        t.add(Rep.ANY_TERRITORY);
      }
      b.territories(t).languages(rnd.nextInt(4) == 0 ? List.of() : languages);
      int seg = rnd.nextInt(10);
      b.segments(seg < 3 ? List.of(Segment.ENTERPRISE) : seg < 6 ? List.of(Segment.MID_MARKET)
          : seg < 9 ? List.of(Segment.SMB) : List.of());
      if (rnd.nextInt(3) != 0) {
        b.industries(INDUSTRIES[rnd.nextInt(INDUSTRIES.length)]);
      }
      reps.add(b.build());
    }
    List<Account> accounts = new ArrayList<>();
    for (int a = 0; a < accountCount; a++) {
      Account.Builder b = Account.builder("acct-" + a).name("Account " + a + " Inc").domains("account" + a + ".com")
          .ownerRepId("rep-" + rnd.nextInt(repCount));
      if (rnd.nextBoolean()) {
        b.teamRepIds(List.of("rep-" + rnd.nextInt(repCount)));
      }
      if (rnd.nextInt(4) == 0) {
        b.aeRepId("rep-" + rnd.nextInt(repCount));
      }
      accounts.add(b.build());
    }
    List<Lead> leads = new ArrayList<>(leadCount);
    for (int l = 0; l < leadCount; l++) {
      leads.add(lead(rnd, "lead-" + seed + "-" + l, accountCount));
    }
    return new BenchWorld(List.copyOf(reps), List.copyOf(accounts), List.copyOf(leads));
  }

  private static Lead lead(Random rnd, String id, int accountCount) {
    Lead.Builder b = Lead.builder(id);
    if (rnd.nextInt(100) < 60) {
      b.country("US").region(US_STATES[rnd.nextInt(US_STATES.length)]).language("en");
    } else {
      int c = rnd.nextInt(COUNTRIES.length);
      b.country(COUNTRIES[c]).language(COUNTRY_LANGUAGE[c]);
    }
    if (rnd.nextInt(8) != 0) {
      b.industry(INDUSTRIES[rnd.nextInt(INDUSTRIES.length)]);
    }
    int size = rnd.nextInt(10);
    if (size != 0) {
      b.employees(size < 5 ? 5 + rnd.nextInt(190) : size < 8 ? 200 + rnd.nextInt(800) : 1000 + rnd.nextInt(50_000));
    }
    int tier = rnd.nextInt(100);
    if (tier < 10) {
      b.source(LeadSource.DEMO_REQUEST);
    } else if (tier < 30) {
      b.icpScore(70 + rnd.nextInt(31)).source(LeadSource.CONTENT);
    } else {
      b.icpScore(rnd.nextInt(70)).source(LeadSource.TRIAL);
    }
    if (rnd.nextInt(10) == 0) {
      b.email("buyer@account" + rnd.nextInt(accountCount) + ".com").salesQualified(rnd.nextInt(5) == 0);
    } else {
      b.email("someone@prospect" + rnd.nextInt(1_000_000) + ".example");
    }
    return b.build();
  }
}
