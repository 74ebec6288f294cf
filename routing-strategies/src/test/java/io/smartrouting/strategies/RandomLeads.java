package io.smartrouting.strategies;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import java.util.Random;

/** Random leads for the property tests: US or CA, an industry or none, every tier, some of known accounts. */
final class RandomLeads {

  static final String[] INDUSTRIES = {"healthcare", "finance", "retail", null};

  private RandomLeads() {}

  /**
   * A lead drawn from {@code rnd}: with {@code languages}, one in four speaks en or fr; one in {@code emailOneIn}
   * writes from one of {@code accountDomains}.
   */
  static Lead lead(String id, Random rnd, boolean languages, int emailOneIn, String... accountDomains) {
    Lead.Builder b = Lead.builder(id).country(rnd.nextInt(5) == 0 ? "CA" : "US")
        .industry(INDUSTRIES[rnd.nextInt(INDUSTRIES.length)]);
    if (languages && rnd.nextInt(4) == 0) {
      b.language(rnd.nextBoolean() ? "fr" : "en");
    }
    int kind = rnd.nextInt(10);
    if (kind < 2) {
      b.source(LeadSource.DEMO_REQUEST);
    } else if (kind < 4) {
      b.icpScore(70 + rnd.nextInt(30));
    }
    if (rnd.nextInt(4) > 0) {
      b.employees(rnd.nextInt(3000));
    }
    if (rnd.nextInt(emailOneIn) == 0) {
      String domain = accountDomains.length == 1 ? accountDomains[0]
          : accountDomains[rnd.nextInt(accountDomains.length)];
      b.email("p" + rnd.nextInt(100) + "@" + domain);
    }
    return b.build();
  }
}
