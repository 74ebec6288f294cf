package io.smartrouting.examples;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A deterministic stream of realistic sample leads. */
final class SampleLeads {
  private SampleLeads() {}

  private static final String[][] PLACES = {
      {"US", "CA"}, {"US", "WA"}, {"US", "NY"}, {"US", "MA"}, {"US", "TX"}, {"US", "IL"}, {"US", "FL"},
      {"CA", "ON"}, {"GB", null}, {"IE", null}, {"DE", null}, {"AT", null}, {"CH", null}, {"FR", null},
      {"ES", null}, {"MX", null}, {"BR", null}, {"JP", null}};
  private static final String[] LANGUAGE = {"en", "en", "en", "en", "en", "en", "en", "en", "en", "en", "de", "de",
      "de", "fr", "es", "es", "pt", "ja"};
  private static final String[] INDUSTRIES = {"healthcare", "finance", "software", "retail", "manufacturing",
      "education"};
  private static final String[] TITLES = {"Director of IT", "VP Marketing", "Software Engineer",
      "Marketing Manager", "Analyst", "Office Manager", "Consultant", "Procurement Lead", "Data Engineer",
      "Sales Operations", "IT Manager", "Product Manager", "Accountant", "Nurse Practitioner", "Student",
      "Founder", "Engineer", "Operations Lead", "HR Generalist", "Buyer"};
  private static final String[] ACCOUNT_DOMAINS = {"acme.co.uk", "globex.com", "globex-health.com", "initech.com",
      "umbrella.de", "hooli.com", "stark.com", "wayne.com", "soylent.fr", "shared-host.net"};
  private static final String[] FREE_MAIL = {"gmail.com", "outlook.com", "yahoo.com"};

  /** {@code count} leads from {@code seed}; the same arguments always give the same leads. */
  static List<Lead> generate(long seed, int count) {
    Random rnd = new Random(seed);
    List<Lead> leads = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int place = rnd.nextInt(PLACES.length);
      Lead.Builder b = Lead.builder(String.format("L%05d", i + 1))
          .country(PLACES[place][0]).region(PLACES[place][1]).language(LANGUAGE[place])
          .industry(rnd.nextInt(8) == 0 ? null : INDUSTRIES[rnd.nextInt(INDUSTRIES.length)])
          .title(TITLES[rnd.nextInt(TITLES.length)]);
      int roll = rnd.nextInt(100);
      b.source(roll < 8 ? LeadSource.DEMO_REQUEST : roll < 11 ? LeadSource.CONTACT_SALES
          : roll < 40 ? LeadSource.CONTENT : roll < 60 ? LeadSource.EVENT : roll < 80 ? LeadSource.TRIAL
          : LeadSource.UNKNOWN);
      if (rnd.nextInt(10) != 0) {
        // Company sizes: many small companies, a long tail of large ones.
        b.employees((int) Math.min(200_000, Math.round(Math.exp(rnd.nextGaussian() * 1.6 + 4.5))));
      }
      if (rnd.nextInt(3) == 0) {
        b.annualRecurringRevenue(1_000L * (5 + rnd.nextInt(120)));
      }
      if (rnd.nextInt(3) != 0) {
        b.icpScore(rnd.nextInt(101));
      }
      int mail = rnd.nextInt(100);
      if (mail < 12) {
        b.email("contact" + i + "@" + ACCOUNT_DOMAINS[rnd.nextInt(ACCOUNT_DOMAINS.length)]);
        b.salesQualified(rnd.nextInt(6) == 0);
      } else if (mail < 30) {
        b.email("person" + i + "@" + FREE_MAIL[rnd.nextInt(FREE_MAIL.length)]);
        b.companyName(rnd.nextInt(4) == 0 ? "Acme, Inc." : "Company " + rnd.nextInt(500));
      } else {
        b.email("person" + i + "@company" + rnd.nextInt(2000) + ".example");
      }
      leads.add(b.build());
    }
    return leads;
  }
}
