package io.smartrouting.examples;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic stream of realistic sample leads: places, languages, industries, sizes and sources at random; one
 * lead in eight is a contact of a known account, most of them from the account's home country.
 */
final class SampleLeads {
  private SampleLeads() {}

  private static final String[][] PLACES = {
      {"US", "CA"}, {"US", "WA"}, {"US", "NY"}, {"US", "MA"}, {"US", "TX"}, {"US", "IL"}, {"US", "FL"},
      {"CA", "ON"}, {"GB", null}, {"IE", null}, {"DE", null}, {"AT", null}, {"CH", null}, {"FR", null},
      {"ES", null}, {"MX", null}, {"BR", null}, {"JP", null}};
  private static final String[] ZONE = {"America/Los_Angeles", "America/Los_Angeles", "America/New_York",
      "America/New_York", "America/Chicago", "America/Chicago", "America/New_York", "America/Toronto", "Europe/London",
      "Europe/Dublin", "Europe/Berlin", "Europe/Vienna", "Europe/Zurich", "Europe/Paris", "Europe/Madrid",
      "America/Mexico_City", "America/Sao_Paulo", "Asia/Tokyo"};
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
  /** Where each account domain's people mostly are: an index into {@link #PLACES}. */
  private static final int[] ACCOUNT_HOME = {8, 2, 3, 4, 10, 0, 5, 2, 13, 5};
  /** Share of an account's contacts outside its home country (an overseas office). */
  private static final int ABROAD_PERCENT = 10;
  private static final String[] FREE_MAIL = {"gmail.com", "outlook.com", "yahoo.com"};

  /** {@code count} leads from {@code seed}; the same arguments always give the same leads. */
  static List<Lead> generate(long seed, int count) {
    Random rnd = new Random(seed);
    List<Lead> leads = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int place = rnd.nextInt(PLACES.length);
      Lead.Builder b = Lead.builder(String.format("L%05d", i + 1))
          .country(PLACES[place][0]).region(PLACES[place][1]).language(LANGUAGE[place])
          .timeZone(java.time.ZoneId.of(ZONE[place]))
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
        int account = rnd.nextInt(ACCOUNT_DOMAINS.length);
        b.email("contact" + i + "@" + ACCOUNT_DOMAINS[account]);
        b.salesQualified(rnd.nextInt(6) == 0);
        atHome(b, ACCOUNT_HOME[account], rnd);
      } else if (mail < 30) {
        b.email("person" + i + "@" + FREE_MAIL[rnd.nextInt(FREE_MAIL.length)]);
        boolean acme = rnd.nextInt(4) == 0;
        b.companyName(acme ? "Acme, Inc." : "Company " + rnd.nextInt(500));
        if (acme) {
          atHome(b, ACCOUNT_HOME[0], rnd);
        }
      } else {
        int company = rnd.nextInt(2000);
        b.email("person" + i + "@company" + company + ".example");
        asCompany(b, company);
      }
      leads.add(b.build());
    }
    returningContacts(leads, new Random(seed + 1));
    colleagues(leads, new Random(seed + 2));
    return leads;
  }

  /**
   * A company's own facts, the same for all its people: where it is, its industry and its size, drawn from its number
   * alone (so the leads' own draws stay as they were).
   */
  private static void asCompany(Lead.Builder b, int company) {
    Random facts = new Random(7919L * company + 1);
    int place = facts.nextInt(PLACES.length);
    b.country(PLACES[place][0]).region(PLACES[place][1]).language(LANGUAGE[place])
        .timeZone(java.time.ZoneId.of(ZONE[place]))
        .industry(facts.nextInt(8) == 0 ? null : INDUSTRIES[facts.nextInt(INDUSTRIES.length)]);
    if (facts.nextInt(10) != 0) {
      b.employees((int) Math.min(200_000, Math.round(Math.exp(facts.nextGaussian() * 1.6 + 4.5))));
    }
  }

  /** Percent of leads that are a colleague's: another person of the company of a lead shortly before. */
  static final int COLLEAGUE_PERCENT = 5;

  /**
   * Makes {@link #COLLEAGUE_PERCENT} of the leads another person of the company (not an account) of one of the 30
   * leads before: the same place, size, industry and domain, an address of their own. Drawn apart from the rest, as
   * {@link #returningContacts} is.
   */
  private static void colleagues(List<Lead> leads, Random rnd) {
    for (int i = 1; i < leads.size(); i++) {
      if (rnd.nextInt(100) >= COLLEAGUE_PERCENT) {
        continue;
      }
      Lead earlier = leads.get(Math.max(0, i - 1 - rnd.nextInt(30)));
      String email = earlier.email();
      if (email == null || !email.contains("@company")) {
        continue;
      }
      Lead mine = leads.get(i);
      Lead.Builder colleague = Lead.builderFrom(mine).country(earlier.country()).region(earlier.region())
          .language(earlier.language()).timeZone(earlier.timeZone()).industry(earlier.industry())
          .email("colleague" + i + email.substring(email.indexOf('@')));
      earlier.employees().ifPresent(colleague::employees);
      leads.set(i, colleague.build());
    }
  }

  /** Percent of leads that are a second lead of a person who wrote shortly before. */
  static final int RETURNING_PERCENT = 6;

  /**
   * Makes {@link #RETURNING_PERCENT} of the leads a person's second lead: the same person (address, place, company)
   * as one of the 30 leads before, now writing again, perhaps asking for a demo. Drawn apart from the leads
   * themselves, so the other leads stay as they were.
   */
  private static void returningContacts(List<Lead> leads, Random rnd) {
    for (int i = 1; i < leads.size(); i++) {
      if (rnd.nextInt(100) >= RETURNING_PERCENT) {
        continue;
      }
      Lead earlier = leads.get(Math.max(0, i - 1 - rnd.nextInt(30)));
      Lead.Builder again = Lead.builderFrom(earlier).id(leads.get(i).id());
      if (rnd.nextInt(3) == 0) {
        again.source(LeadSource.DEMO_REQUEST);
      }
      leads.set(i, again.build());
    }
  }

  /** Most of an account's contacts are in its home country; {@link #ABROAD_PERCENT} are elsewhere. */
  private static void atHome(Lead.Builder b, int home, Random rnd) {
    if (rnd.nextInt(100) >= ABROAD_PERCENT) {
      b.country(PLACES[home][0]).region(PLACES[home][1]).language(LANGUAGE[home])
          .timeZone(java.time.ZoneId.of(ZONE[home]));
    }
  }
}
