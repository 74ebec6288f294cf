package io.smartrouting.testkit;

import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.api.Segment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

/**
 * A small generated world, deterministic from its seed: reps spread over territories, segments, languages and
 * industries (some out of office, some with little capacity), accounts owned by some of them, and leads that
 * exercise every tier, segment and account-matching path. Immutable.
 *
 * @param reps the roster
 * @param accounts the known accounts
 * @param leads the leads, with distinct ids
 */
public record ContractWorld(List<Rep> reps, List<Account> accounts, List<Lead> leads) {

  private static final String[] TERRITORIES = {"US", "US-CA", "US-NY", "DE", "GB", "*"};
  private static final String[] COUNTRIES = {"US", "US", "DE", "GB", "FR"};
  private static final String[] REGIONS = {"CA", "NY", "TX"};
  private static final String[] LANGUAGES = {"en", "de", "fr"};
  private static final String[] INDUSTRIES = {"healthcare", "finance", "retail", "software"};
  private static final String[] TITLES = {"Director of IT", "VP Sales", "Engineer", "Analyst", "CEO", null};

  /**
   * Generates a world of {@code repCount} reps and {@code leadCount} leads from {@code seed}.
   *
   * @param seed the random seed: one seed, one world
   * @param repCount how many reps
   * @param leadCount how many leads
   * @return the world
   */
  public static ContractWorld generate(long seed, int repCount, int leadCount) {
    Random rnd = new Random(seed);
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < repCount; i++) {
      Rep.Builder b = Rep.builder("rep-" + i)
          .territories(pick(rnd, TERRITORIES), pick(rnd, TERRITORIES))
          .capacity(rnd.nextInt(6))
          .weight(1 + rnd.nextInt(3))
          .responseMinutes(1 + rnd.nextInt(120))
          .active(rnd.nextInt(8) != 0)
          .role(rnd.nextInt(4) == 0 ? RepRole.SDR : RepRole.AE);
      if (rnd.nextBoolean()) {
        b.segments(EnumSet.of(Segment.values()[rnd.nextInt(3)]));
      }
      if (rnd.nextInt(3) == 0) {
        b.languages(pick(rnd, LANGUAGES));
      }
      if (rnd.nextBoolean()) {
        b.industries(pick(rnd, INDUSTRIES));
      }
      if (i > 0 && rnd.nextInt(4) == 0) {
        b.managerId("rep-0");
      }
      reps.add(b.build());
    }
    List<Account> accounts = new ArrayList<>();
    int accountCount = repCount == 0 ? 0 : 1 + rnd.nextInt(5);
    for (int a = 0; a < accountCount; a++) {
      Account.Builder b = Account.builder("acct-" + a).name("Company " + a + " Inc").domains("company" + a + ".com");
      b.ownerRepId(rnd.nextInt(5) == 0 ? "rep-missing" : "rep-" + rnd.nextInt(repCount));
      if (rnd.nextBoolean()) {
        b.teamRepIds(List.of("rep-" + rnd.nextInt(repCount), "rep-" + rnd.nextInt(repCount)));
      }
      if (rnd.nextBoolean()) {
        b.backupRepId("rep-" + rnd.nextInt(repCount));
      }
      if (rnd.nextBoolean()) {
        b.aeRepId("rep-" + rnd.nextInt(repCount));
      }
      accounts.add(b.build());
    }
    List<Lead> leads = new ArrayList<>();
    for (int l = 0; l < leadCount; l++) {
      Lead.Builder b = Lead.builder("lead-" + seed + "-" + l)
          .country(rnd.nextInt(10) == 0 ? null : pick(rnd, COUNTRIES))
          .region(rnd.nextBoolean() ? pick(rnd, REGIONS) : null)
          .industry(rnd.nextInt(5) == 0 ? null : pick(rnd, INDUSTRIES))
          .language(rnd.nextInt(4) == 0 ? null : pick(rnd, LANGUAGES))
          .title(pick(rnd, TITLES))
          .source(LeadSource.values()[rnd.nextInt(LeadSource.values().length)])
          .salesQualified(rnd.nextInt(5) == 0);
      if (rnd.nextInt(5) != 0) {
        b.employees(rnd.nextInt(5000));
      }
      if (rnd.nextBoolean()) {
        b.icpScore(rnd.nextInt(101));
      }
      if (accountCount > 0 && rnd.nextInt(3) == 0) {
        b.email("someone@company" + rnd.nextInt(accountCount) + ".com");
      } else {
        b.email("someone@example" + l + ".org");
      }
      leads.add(b.build());
    }
    return new ContractWorld(List.copyOf(reps), List.copyOf(accounts), List.copyOf(leads));
  }

  private static String pick(Random rnd, String[] values) {
    return values[rnd.nextInt(values.length)];
  }
}
