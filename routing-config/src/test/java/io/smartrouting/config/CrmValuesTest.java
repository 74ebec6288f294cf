package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.api.Segment;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values as CRMs and spreadsheets write them are read as meant: named constants in any case with spaces or hyphens
 * ({@code Demo Request}, {@code mid-market}), numbers quoted as text in JSON. What cannot be read is one clear error,
 * with the likely intended constant.
 */
class CrmValuesTest {

  @Test
  void leadSourcesInAnyCaseWithSpacesOrHyphens() throws Exception {
    List<Lead> leads = LeadFiles.csv(new StringReader("id,source\na,Demo Request\nb,contact-sales\nc, TRIAL \n"
        + "d,demo_request\n"), "leads.csv");
    assertThat(leads).extracting(Lead::source).containsExactly(LeadSource.DEMO_REQUEST, LeadSource.CONTACT_SALES,
        LeadSource.TRIAL, LeadSource.DEMO_REQUEST);
    List<Lead> json = LeadFiles.json("[{\"id\":\"j\",\"source\":\"Contact Sales\"}]", "leads.json");
    assertThat(json).extracting(Lead::source).containsExactly(LeadSource.CONTACT_SALES);
  }

  @Test
  void aCheckboxAsCrmExportsWriteIt() throws Exception {
    // '1' and 'y' were refused while 'Yes' was read: an export that writes checkboxes as 1/0 failed on every row.
    List<Lead> leads = LeadFiles.csv(new StringReader("id,sales_qualified\na,1\nb,0\nc,Y\nd,n\ne,Yes\nf,FALSE\ng,\n"),
        "leads.csv");
    assertThat(leads).extracting(Lead::salesQualified).containsExactly(true, false, true, false, true, false, false);
    assertThatThrownBy(() -> LeadFiles.csv(new StringReader("id,sales_qualified\na,maybe\n"), "leads.csv"))
        .hasMessageContaining("leads.csv line 2: column 'sales_qualified' must be true or false (or yes/no, y/n, 1/0)"
            + " but was 'maybe'");
    // JSON the same way, as numbers quoted as text are read.
    List<Lead> json = LeadFiles.json("[{\"id\":\"j1\",\"sales_qualified\":1},{\"id\":\"j2\",\"sales_qualified\":\"Yes\"},"
        + "{\"id\":\"j3\",\"sales_qualified\":false},{\"id\":\"j4\",\"sales_qualified\":\"0\"}]", "leads.json");
    assertThat(json).extracting(Lead::salesQualified).containsExactly(true, true, false, false);
    assertThatThrownBy(() -> LeadFiles.json("[{\"id\":\"j\",\"sales_qualified\":2}]", "leads.json"))
        .hasMessageContaining("sales_qualified: must be true or false (or yes/no, y/n, 1/0)");
  }

  @Test
  void aSourceThatIsNoneSaysWhichItLikelyIsOnceAtItsLine() {
    // The row's file and line once, not twice (the reader used to wrap the row's own error again).
    assertThatThrownBy(() -> LeadFiles.csv(new StringReader("id,source\na,Demo Reqest\n"), "leads.csv"))
        .hasMessage("leads.csv line 2: column 'source' must be one of [DEMO_REQUEST, CONTACT_SALES, TRIAL, EVENT,"
            + " CONTENT, REFERRAL, OUTBOUND, UNKNOWN] but was 'Demo Reqest'; did you mean 'DEMO_REQUEST'?");
    assertThatThrownBy(() -> LeadFiles.csv(new StringReader("id,country\na,Neverland\n"), "leads.csv"))
        .hasMessageStartingWith("leads.csv line 2: lead.country ");
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> LeadFiles.json("[{\"id\":\"j\",\"source\":\"webinar\"}]", "leads.json"));
    assertThat(e.errors()).singleElement().hasToString("leads.json:1:21: [0].source: must be one of [DEMO_REQUEST,"
        + " CONTACT_SALES, TRIAL, EVENT, CONTENT, REFERRAL, OUTBOUND, UNKNOWN]; a configuration's lead_sources can name"
        + " what a CRM's own values stand for (was 'webinar')");
  }

  /**
   * A second YAML document after '---', or a second JSON value on a line of leads, is an error where it starts: it
   * was ignored until the night of 7 December 2026. A closing '---' with nothing after it is no second document.
   */
  @Test
  void aSecondDocumentInOneFileIsAnErrorNotIgnored() {
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> LeadFiles.json("{\"id\":\"a\",\"country\":\"US\"}\n{\"id\":\"b\"} {\"id\":\"c\"}\n", "leads.jsonl"));
    assertThat(e.errors()).singleElement().hasToString("leads.jsonl:2:12: more than one JSON value (another starts"
        + " here), where one is read: the rest would be ignored");
    String doc = "reps:\n  - {id: ana, territories: [US]}\nchain:\n  - strategy: round-robin\n";
    assertThat(RoutingConfig.validate(doc + "---\n", "routing.yaml")).isEmpty();
    assertThat(RoutingConfig.validate("---\n" + doc + "...\n", "routing.yaml")).isEmpty();
    assertThat(RoutingConfig.validate(doc + "---\nreps: []\n", "routing.yaml")).singleElement().asString()
        .contains("routing.yaml:6:1: more than one YAML document");
  }

  @Test
  void aJsonKeyNamedAsCrmExportsNameAFieldSaysWhichFieldItIs() {
    // A CSV column 'State/Province' is read as the region; the same name as a JSON key is still an error, which named
    // only the known keys (the region among 17 others) until 6 December.
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> LeadFiles.json("[{\"id\":\"j\",\"state\":\"CA\",\"Job Title\":\"CFO\",\"employes\":5}]",
            "leads.json"));
    assertThat(e.errors()).extracting(Object::toString).containsExactly(
        "leads.json:1:12: [0].state: unknown key 'state'; did you mean 'region'? (what CRM exports call 'state' is"
            + " the lead's 'region') (was 'state')",
        "leads.json:1:25: [0].Job Title: unknown key 'Job Title'; did you mean 'title'? (what CRM exports call"
            + " 'Job Title' is the lead's 'title') (was 'Job Title')",
        "leads.json:1:43: [0].employes: unknown key 'employes'; did you mean 'employees'? Known: [account, arr,"
            + " attributes, company, country, email, employees, icp, id, industry, language, postal_code, region,"
            + " sales_qualified, source, time_zone, title, website] (was 'employes')");
  }

  @Test
  void numbersQuotedAsTextInJsonAreNumbers() {
    List<Lead> leads = LeadFiles.json("[{\"id\":\"j\",\"employees\":\"5000\",\"arr\":\" 60000 \",\"icp\":\"+80\"}]",
        "leads.json");
    assertThat(leads).singleElement().satisfies(l -> {
      assertThat(l.employees()).hasValue(5000);
      assertThat(l.annualRecurringRevenue()).hasValue(60000L);
      assertThat(l.icpScore()).hasValue(80);
    });
    // Thousands grouped with commas read as numbers; grouped with dots, an amount is ambiguous (fifty, or fifty
    // thousand) and refused, where it used to read as 50.
    assertThat(LeadFiles.json("[{\"id\":\"j\",\"employees\":\"5,000\"}]", "leads.json").get(0).employees())
        .hasValue(5000);
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> LeadFiles.json("[{\"id\":\"j\",\"arr\":\"50.000\"}]", "leads.json"));
    assertThat(e.errors()).singleElement().asString()
        .contains("[0].arr: '50.000' is ambiguous (a decimal point, or thousands grouped with dots): write it"
            + " without grouping (50000)");
    assertThatThrownBy(() -> LeadFiles.csv(new StringReader("id,arr\na,1.250.000\n"), "leads.csv"))
        .hasMessageContaining("column 'arr' '1.250.000' is ambiguous");
  }

  @Test
  void rosterConstantsInAnyCaseWithSpacesOrHyphens() throws Exception {
    List<Rep> reps = RosterFiles.reps(new StringReader("id,segments,role\nana,Mid Market;smb,Manager\n"
        + "ben,mid-market,ae\n"), "reps.csv");
    assertThat(reps.get(0).segments()).containsExactlyInAnyOrder(Segment.MID_MARKET, Segment.SMB);
    assertThat(reps.get(0).role()).isEqualTo(RepRole.MANAGER);
    assertThat(reps.get(1).segments()).containsExactly(Segment.MID_MARKET);
    RoutingConfig c = RoutingConfig.parse("reps:\n  - {id: cleo, segments: [Mid Market, enterprise]}\n"
        + "chain:\n  - strategy: round-robin\n", "routing.yaml");
    assertThat(c.reps().get(0).segments()).containsExactlyInAnyOrder(Segment.MID_MARKET, Segment.ENTERPRISE);
  }

  @Test
  void durationsAsPeopleWriteThem() {
    RoutingConfig c = RoutingConfig.parse("reps:\n  - {id: ana}\nchain:\n  - strategy: round-robin\n"
        + "sla:\n  tier1: 5 minutes\n  tier2: 1 hour\n  tier3: 2 days\n", "routing.yaml");
    try (io.smartrouting.core.Router r = c.toBuilder().build()) {
      io.smartrouting.api.Decision d = r.route(Lead.builder("l").source(LeadSource.DEMO_REQUEST).build());
      assertThat(java.time.Duration.between(d.decidedAt(), d.slaDeadline())).hasMinutes(5);
    }
    for (String text : List.of("90 sec", "90 seconds", "90s", "15 min", "15 mins", "15m", "4 hrs", "4 hours", "4h",
        "2 days", "2d", "PT15M")) {
      assertThat(RoutingConfig.validate("reps:\n  - {id: ana}\nchain:\n  - strategy: round-robin\n"
          + "sla:\n  tier1: " + text + "\n", "routing.yaml")).as(text).isEmpty();
    }
  }

  @Test
  void anAmountWithCentsIsRoundedAndNaNOrInfinityIsAnError() throws Exception {
    List<Lead> csv = LeadFiles.csv(new StringReader("id,arr\na,60000.6\nb,49999.4\n"), "leads.csv");
    assertThat(csv).extracting(l -> l.annualRecurringRevenue().getAsLong()).containsExactly(60001L, 49999L);
    assertThat(LeadFiles.json("[{\"id\":\"j\",\"arr\":60000.5}]", "leads.json").get(0).annualRecurringRevenue())
        .hasValue(60001L);
    // Java reads these as numbers: an ARR of NaN used to become 0, and Infinity the largest amount, silently.
    for (String bad : List.of("NaN", "Infinity", "0x1p3", "-5")) {
      assertThatThrownBy(() -> LeadFiles.csv(new StringReader("id,arr\na," + bad + "\n"), "leads.csv"))
          .as(bad).hasMessageStartingWith("leads.csv line 2: column 'arr' must be");
    }
    assertThatThrownBy(() -> RosterFiles.reps(new StringReader("id,weight\nana,NaN\n"), "reps.csv"))
        .hasMessage("reps.csv line 2: column 'weight' must be a number but was 'NaN'");
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> LeadFiles.json("[{\"id\":\"j\",\"arr\":-1}]", "leads.json"));
    assertThat(e.errors()).singleElement().asString().contains("[0].arr: must be a number from 0");
  }

  @Test
  void anAccountsWebsiteAddressIsReadAsItsDomain() {
    // CRMs keep an account's website, not its domain: it was refused, and only when the router was built.
    RoutingConfig c = RoutingConfig.parse("reps:\n  - {id: ana}\naccounts:\n  - {id: acme, name: Acme, domains:"
        + " [\"https://www.Acme.com/pricing?x=1\", \"ACME.co.uk.\"], owner: ana}\nchain:\n"
        + "  - strategy: account-owner\n", "routing.yaml");
    assertThat(c.accounts().get(0).domains()).containsExactlyInAnyOrder("acme.com", "acme.co.uk");
    try (io.smartrouting.core.Router r = c.toBuilder().build()) {
      assertThat(r.route(Lead.builder("l").email("cfo@acme.com").build()).repId()).isEqualTo("ana");
    }
  }

  @Test
  void freeMailDomainsAreAddedToTheBuiltInListAndNeverMatchAnAccount() {
    String doc = "reps:\n  - {id: ana, territories: [IT]}\n  - {id: ben, territories: [IT]}\naccounts:\n"
        + "  - {id: libero, name: Libero, domains: [libero.it], owner: ben}\n"
        + "free_mail_domains: [Libero.IT, '@virgilio.it']\n"
        + "chain:\n  - strategy: account-owner\n  - strategy: round-robin\n";
    RoutingConfig c = RoutingConfig.parse(doc, "routing.yaml");
    try (io.smartrouting.core.Router r = c.toBuilder().build()) {
      assertThat(r.route(Lead.builder("1").country("IT").email("mario@libero.it").build()).accountId())
          .as("an address at a free-mail host is nobody's account").isNull();
      assertThat(r.route(Lead.builder("2").country("IT").email("anna@gmail.com").build()).accountId())
          .as("the built-in list stays").isNull();
    }
    try (io.smartrouting.core.Router r = RoutingConfig.parse(doc.replace("free_mail_domains: [Libero.IT,"
        + " '@virgilio.it']\n", ""), "routing.yaml").toBuilder().build()) {
      assertThat(r.route(Lead.builder("1").country("IT").email("mario@libero.it").build()).accountId())
          .as("without it, the domain matches the account").isEqualTo("libero");
    }
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> RoutingConfig.parse(doc.replace("'@virgilio.it'", "'not a domain'"), "routing.yaml"));
    assertThat(e.errors()).singleElement().asString().isEqualTo("routing.yaml:6:32: free_mail_domains[1]: must be a"
        + " domain such as libero.it (free-mail domains added to the built-in list) (was 'not a domain')");
  }

  @Test
  void workingHoursAsPeopleWriteThem() {
    java.time.ZoneId utc = java.time.ZoneId.of("UTC");
    java.time.Instant mondayTen = java.time.Instant.parse("2026-03-02T10:00:00Z");
    java.time.Instant mondayEight = java.time.Instant.parse("2026-03-02T08:00:00Z");
    java.time.Instant mondayHalfFive = java.time.Instant.parse("2026-03-02T17:30:00Z");
    for (String hours : List.of("MON-FRI 09:00-17:00", "Mon-Fri 9:00-17:00", "Monday-Friday 9am-5pm",
        "mon - fri 9 AM - 5 PM", "MON,TUE,WED,THU,FRI 09:00-17:00")) {
      RoutingConfig c = RoutingConfig.parse("reps:\n  - {id: ana, time_zone: UTC, working_hours: '" + hours
          + "'}\nchain:\n  - strategy: round-robin\n", "routing.yaml");
      io.smartrouting.api.WorkingHours wh = c.reps().get(0).workingHours();
      assertThat(wh.covers(mondayTen, utc)).as(hours).isTrue();
      assertThat(wh.covers(mondayEight, utc)).as(hours).isFalse();
      assertThat(wh.covers(mondayHalfFive, utc)).as(hours).isFalse();
    }
    assertThat(RoutingConfig.validate("reps:\n  - {id: ana, working_hours: 'Mon-Fri 13pm-5pm'}\nchain:\n"
        + "  - strategy: round-robin\n", "routing.yaml")).singleElement().asString()
        .contains("working hours: '13pm' is not a time of day");
    // An hour past 23 is told as a time of day, where java.time's "Invalid value for HourOfDay" came through.
    assertThat(RoutingConfig.validate("reps:\n  - {id: ana, working_hours: 'Mon-Fri 25:00-26:00'}\nchain:\n"
        + "  - strategy: round-robin\n", "routing.yaml")).singleElement().asString()
        .contains("working hours: '25:00' is not a time of day (hours 0 to 23, minutes 0 to 59; 24:00 for the end of"
            + " a day)");
    assertThat(RoutingConfig.validate("reps:\n  - {id: ana, working_hours: 'Mon-Fri 9:75-17:00'}\nchain:\n"
        + "  - strategy: round-robin\n", "routing.yaml")).singleElement().asString()
        .contains("working hours: '9:75' is not a time of day");
    // "9-5" as people say it is 9am to 5pm; read literally it ends before it starts, so the error says what to write.
    assertThat(RoutingConfig.validate("reps:\n  - {id: ana, working_hours: 'Mon-Fri 9-5'}\nchain:\n"
        + "  - strategy: round-robin\n", "routing.yaml")).singleElement().asString()
        .contains("'9-5' ends before it starts (09:00 to 05:00); did you mean 09:00-17:00 (9am-5pm)?");
    // A night shift in 24-hour times keeps the night-shift advice, without a guess: '+1' says it ends the next day.
    assertThat(RoutingConfig.validate("reps:\n  - {id: ana, working_hours: 'Mon-Fri 22:00-06:00'}\nchain:\n"
        + "  - strategy: round-robin\n", "routing.yaml")).singleElement().asString()
        .contains("for a night shift ending the next day").contains("22:00-06:00+1").doesNotContain("did you mean");
  }

  @Test
  void nightShiftsEndTheNextDayWhenWrittenWithPlusOne() {
    java.time.ZoneId utc = java.time.ZoneId.of("UTC");
    // 2 March 2026 is a Monday; 6 March a Friday, 7 March a Saturday.
    for (String text : List.of("Mon-Fri 22:00-06:00+1", "mon-fri 10pm-6am +1", "22:00-06:00+1 weekdays",
        "Mon-Fri 22:00 - 06:00 + 1")) {
      io.smartrouting.api.WorkingHours wh = RoutingConfig.parse("reps:\n  - {id: ana, time_zone: UTC, working_hours: '"
          + text + "'}\nchain:\n  - strategy: round-robin\n", "routing.yaml").reps().get(0).workingHours();
      assertThat(wh.covers(java.time.Instant.parse("2026-03-02T23:00:00Z"), utc)).as(text).isTrue();
      assertThat(wh.covers(java.time.Instant.parse("2026-03-03T05:59:00Z"), utc)).as(text).isTrue();
      assertThat(wh.covers(java.time.Instant.parse("2026-03-03T06:00:00Z"), utc)).as(text).isFalse();
      assertThat(wh.covers(java.time.Instant.parse("2026-03-07T03:00:00Z"), utc)).as("%s: Friday's night", text)
          .isTrue();
      assertThat(wh.covers(java.time.Instant.parse("2026-03-02T03:00:00Z"), utc)).as("%s: Sunday has none", text)
          .isFalse();
      assertThat(wh.toString()).isEqualTo("WorkingHours[MON 22:00-06:00+1, TUE 22:00-06:00+1, WED 22:00-06:00+1,"
          + " THU 22:00-06:00+1, FRI 22:00-06:00+1]");
    }
    assertThat(RoutingConfig.validate("reps:\n  - {id: ana, working_hours: 'Mon-Fri 09:00-17:00+1'}\nchain:\n"
        + "  - strategy: round-robin\n", "routing.yaml")).singleElement().asString()
        .contains("night shift 09:00-17:00+1 must end the next day before or at 09:00");
    assertThat(RoutingConfig.validate("reps:\n  - {id: ana, working_hours: 'Mon 22:00-06:00+1; Tue 05:00-09:00'}"
        + "\nchain:\n  - strategy: round-robin\n", "routing.yaml")).singleElement().asString()
        .contains("shifts overlap: MONDAY 22:00-06:00+1 and TUESDAY 05:00-09:00");
  }

  @Test
  void schedulesAsPeopleWriteThem() {
    // Each of these was refused ("working hours must look like ..."): day words, the span first, several shifts in
    // one value (as a roster CSV's cell already took them), and a lunch break.
    java.time.ZoneId utc = java.time.ZoneId.of("UTC");
    java.util.function.Function<String, io.smartrouting.api.WorkingHours> hours = text -> RoutingConfig.parse(
        "reps:\n  - {id: ana, time_zone: UTC, working_hours: '" + text + "'}\nchain:\n  - strategy: round-robin\n",
        "routing.yaml").reps().get(0).workingHours();
    // 2 March 2026 is a Monday, 7 March a Saturday, 8 March a Sunday.
    java.util.function.BiPredicate<io.smartrouting.api.WorkingHours, String> at =
        (wh, instant) -> wh.covers(java.time.Instant.parse(instant), utc);
    io.smartrouting.api.WorkingHours weekdays = hours.apply("Weekdays 9-17");
    assertThat(at.test(weekdays, "2026-03-02T10:00:00Z")).isTrue();
    assertThat(at.test(weekdays, "2026-03-07T10:00:00Z")).isFalse();
    io.smartrouting.api.WorkingHours weekends = hours.apply("weekends 10:00-14:00");
    assertThat(at.test(weekends, "2026-03-08T11:00:00Z")).isTrue();
    assertThat(at.test(weekends, "2026-03-02T11:00:00Z")).isFalse();
    io.smartrouting.api.WorkingHours daily = hours.apply("Daily 08:00-20:00");
    assertThat(at.test(daily, "2026-03-08T09:00:00Z")).isTrue();
    assertThat(at.test(daily, "2026-03-02T21:00:00Z")).isFalse();
    for (String spanFirst : List.of("9am-5pm Mon-Fri", "9-17 weekdays")) {
      io.smartrouting.api.WorkingHours wh = hours.apply(spanFirst);
      assertThat(at.test(wh, "2026-03-02T10:00:00Z")).as(spanFirst).isTrue();
      assertThat(at.test(wh, "2026-03-02T08:00:00Z")).as(spanFirst).isFalse();
      assertThat(at.test(wh, "2026-03-07T10:00:00Z")).as(spanFirst).isFalse();
    }
    io.smartrouting.api.WorkingHours two = hours.apply("Mon-Fri 09:00-17:00; Sat 10:00-14:00");
    assertThat(at.test(two, "2026-03-07T11:00:00Z")).isTrue();
    assertThat(at.test(two, "2026-03-08T11:00:00Z")).isFalse();
    for (String lunch : List.of("Mon-Fri 9:00-12:00, 13:00-17:00", "Mon-Fri 9am-12pm and 1pm-5pm")) {
      io.smartrouting.api.WorkingHours wh = hours.apply(lunch);
      assertThat(at.test(wh, "2026-03-02T11:00:00Z")).as(lunch).isTrue();
      assertThat(at.test(wh, "2026-03-02T12:30:00Z")).as(lunch).isFalse();
      assertThat(at.test(wh, "2026-03-02T13:30:00Z")).as(lunch).isTrue();
    }
    // The '9-5' reading stays an error that says what to write, whatever the days are written as.
    assertThat(RoutingConfig.validate("reps:\n  - {id: ana, working_hours: 'Weekdays 9-5'}\nchain:\n"
        + "  - strategy: round-robin\n", "routing.yaml")).singleElement().asString()
        .contains("did you mean 09:00-17:00 (9am-5pm)?");
  }

  @Test
  void tiersAsTheExplanationsNameThem() {
    for (String tiers : List.of("[1, 2]", "[TIER_1, TIER_2]", "[tier1, tier2]", "[Tier 1, T2]")) {
      RoutingConfig c = RoutingConfig.parse("reps:\n  - {id: ana}\nchain:\n  - strategy: tier-fast-track\n"
          + "    tiers: " + tiers + "\n  - strategy: round-robin\n", "routing.yaml");
      assertThat(c.chain().get(0).tiers()).as(tiers)
          .containsExactlyInAnyOrder(io.smartrouting.api.Tier.TIER_1, io.smartrouting.api.Tier.TIER_2);
    }
    assertThat(RoutingConfig.validate("reps:\n  - {id: ana}\nchain:\n  - strategy: round-robin\n"
        + "    tiers: [TIER_4]\n", "routing.yaml")).singleElement().asString().contains("tiers[0]: must be");
  }

  @Test
  void leadsWithoutARegionCanBeLetReachRegionReps() {
    String doc = "reps:\n  - {id: ca, territories: [US-CA]}\nchain:\n  - strategy: round-robin\n";
    Lead noRegion = Lead.builder("l").country("US").build();
    try (io.smartrouting.core.Router r = RoutingConfig.parse(doc, "routing.yaml").toBuilder().build()) {
      assertThat(r.route(noRegion).queue()).isNotNull();
    }
    try (io.smartrouting.core.Router r = RoutingConfig.parse("leads_without_region: any region\n" + doc,
        "routing.yaml").toBuilder().build()) {
      assertThat(r.route(noRegion).repId()).isEqualTo("ca");
    }
    assertThat(RoutingConfig.validate("leads_without_region: sometimes\n" + doc, "routing.yaml")).singleElement()
        .asString().contains("leads_without_region: must be any_region");
  }

  @Test
  void titlesThatAreNotExecutiveAreConfigurableAndABadPatternIsAnErrorAtItsEntry() {
    String doc = "reps:\n  - {id: ana, territories: [US]}\nchain:\n  - strategy: round-robin\n";
    Lead assistant = Lead.builder("a").country("US").title("Assistant to the CEO").build();
    Lead former = Lead.builder("f").country("US").title("Former CEO").build();
    try (io.smartrouting.core.Router r = RoutingConfig.parse(doc, "routing.yaml").toBuilder().manualTimers()
        .build()) {
      assertThat(r.preview(assistant).tier()).isEqualTo(io.smartrouting.api.Tier.TIER_3);
      assertThat(r.preview(former).tier()).isEqualTo(io.smartrouting.api.Tier.TIER_1);
    }
    String own = "classification:\n  non_executive_titles: ['\\bformer\\b.*']\n" + doc;
    try (io.smartrouting.core.Router r = RoutingConfig.parse(own, "routing.yaml").toBuilder().manualTimers()
        .build()) {
      assertThat(r.preview(former).tier()).isEqualTo(io.smartrouting.api.Tier.TIER_3);
      assertThat(r.preview(assistant).tier()).as("the list replaces the defaults")
          .isEqualTo(io.smartrouting.api.Tier.TIER_1);
    }
    assertThat(RoutingConfig.validate("classification:\n  non_executive_titles:\n    - intern\n    - '(unclosed'\n"
        + "  executive_titles: ['[ceo']\n" + doc, "routing.yaml")).extracting(Object::toString).containsExactly(
            "routing.yaml:4:7: classification.non_executive_titles[1]: is not a regular expression: Unclosed group"
                + " near index 9 (was '(unclosed')",
            "routing.yaml:5:22: classification.executive_titles[0]: is not a regular expression: Unclosed character"
                + " class near index 3 (was '[ceo')");
  }

  @Test
  void theOutcomeWindowIsADurationOrOff() {
    String doc = "reps:\n  - {id: ana, territories: [US]}\nchain:\n  - strategy: round-robin\n";
    Lead lead = Lead.builder("deal").country("US").employees(5000).build();
    for (String setting : List.of("", "outcome_window: 120 days\n", "outcome_window: off\n",
        "outcome_window: false\n", "outcome_window: 7d\n")) {
      io.smartrouting.core.ManualClock clock =
          new io.smartrouting.core.ManualClock(java.time.Instant.parse("2026-03-02T15:00:00Z"));
      try (io.smartrouting.core.Router r = RoutingConfig.parse(setting + doc, "routing.yaml").toBuilder()
          .clock(clock).manualTimers().build()) {
        r.route(lead);
        r.release("deal");
        clock.advance(java.time.Duration.ofDays(100));
        boolean counted = setting.contains("120");
        assertThat(r.recordOutcome("deal", io.smartrouting.api.Outcome.WON)).as(setting).isEqualTo(counted);
      }
    }
    assertThat(RoutingConfig.validate("outcome_window: sometimes\n" + doc, "routing.yaml")).singleElement()
        .asString().contains("outcome_window: a duration must look like");
  }

  @Test
  void aLeadsFileListsEveryBadLeadOrKeepsTheGoodOnes() throws Exception {
    StringBuilder csv = new StringBuilder("id,country,employees\n");
    for (int i = 0; i < 30; i++) {
      csv.append("l").append(i).append(',').append(i % 6 == 0 ? "Narnia" : "Germany").append(",40\n");
    }
    java.nio.file.Path file = java.nio.file.Files.createTempFile("leads", ".csv");
    try {
      java.nio.file.Files.writeString(file, csv.toString());
      assertThatThrownBy(() -> LeadFiles.read(file)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("5 bad lead(s) in " + file + ":\n" + file + " line 2: lead.country must be")
          .hasMessageContaining(file + " line 26: ");
      LeadFiles.Read read = LeadFiles.readValid(file);
      assertThat(read.leads()).hasSize(25).allSatisfy(l -> assertThat(l.country()).isEqualTo("DE"));
      assertThat(read.problems()).hasSize(5).allSatisfy(p -> assertThat(p).contains("'Narnia'"));
      StringBuilder many = new StringBuilder("id,employees\n");
      for (int i = 0; i < 25; i++) {
        many.append("m").append(i).append(",lots\n");
      }
      java.nio.file.Files.writeString(file, many.toString());
      assertThatThrownBy(() -> LeadFiles.read(file)).hasMessageStartingWith("25 bad lead(s)")
          .hasMessageEndingWith("... and 5 more bad lead(s)");
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  @Test
  void aCrmsOwnLeadSourcesReadAsWhatTheyStandFor() throws Exception {
    String doc = "lead_sources:\n  Webinar: content\n  Inbound-Demo: Demo Request\n"
        + "reps:\n  - {id: ana, territories: [US]}\nchain:\n  - strategy: round-robin\n"
        + "scenarios:\n  - name: demo\n    lead: {id: s1, country: US, source: INBOUND DEMO}\n"
        + "    expect: {rep: ana}\n";
    RoutingConfig c = RoutingConfig.parse(doc, "routing.yaml");
    assertThat(c.scenarios().get(0).lead().source()).isEqualTo(LeadSource.DEMO_REQUEST);
    assertThat(c.leadSource("webinar")).isEqualTo(LeadSource.CONTENT);
    assertThat(c.leadSource("Contact Sales")).isEqualTo(LeadSource.CONTACT_SALES);
    assertThat(c.leadSource("Trade Show")).isNull();
    java.nio.file.Path file = java.nio.file.Files.createTempFile("leads", ".csv");
    try {
      java.nio.file.Files.writeString(file, "id,source\nl1,Webinar\nl2,inbound_demo\nl3,Trade Show\n");
      LeadFiles.Read read = LeadFiles.readValid(file, false, c);
      assertThat(read.leads()).extracting(Lead::source).containsExactly(LeadSource.CONTENT, LeadSource.DEMO_REQUEST);
      assertThat(read.problems()).singleElement().asString().contains("'Trade Show'",
          "nor is it one of the configuration's lead_sources");
      // Without the configuration the CRM's values are not known, and the error says where to name them.
      assertThatThrownBy(() -> LeadFiles.read(file)).hasMessageContaining("'Webinar'")
          .hasMessageContaining("a configuration's lead_sources can name what a CRM's own values stand for");
      java.nio.file.Files.writeString(file, "[{\"id\": \"j1\", \"source\": \"webinar\"}]");
      assertThat(LeadFiles.read(file, c)).extracting(Lead::source).containsExactly(LeadSource.CONTENT);
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
    assertThat(RoutingConfig.validate("lead_sources: {Webinar: contnet}\nreps:\n  - {id: ana}\nchain:\n"
        + "  - strategy: round-robin\n", "routing.yaml")).singleElement().asString()
        .contains("lead_sources.Webinar: must be one of", "did you mean 'CONTENT'?");
  }

  /**
   * A step's condition compares the source with the CRM's own values as lead_sources names them (since the night of
   * 7 December 2026: 'Webinar' never held, the lead's source being CONTENT); a value neither a source nor one of
   * lead_sources is an error at it, where it compiled and never held.
   */
  @Test
  void aStepsConditionReadsTheCrmsOwnLeadSources() throws Exception {
    String doc = "lead_sources:\n  Webinar: content\nreps:\n  - {id: ana, territories: [US]}\n"
        + "  - {id: nurture, territories: [US]}\nchain:\n  - strategy: round-robin\n    label: webinars\n"
        + "    when: \"source IN ['Webinar', 'Trade Show']\"\n    reps: \"id = 'nurture'\"\n"
        + "  - strategy: round-robin\n    reps: \"id = 'ana'\"\n";
    assertThat(RoutingConfig.validate(doc, "routing.yaml")).singleElement().asString()
        .contains("chain[0].when: 'Trade Show' cannot be a value of 'source': it is one of [DEMO_REQUEST,");
    RoutingConfig c = RoutingConfig.parse(doc.replace(", 'Trade Show'", ""), "routing.yaml");
    try (io.smartrouting.core.Router r = c.toBuilder().manualTimers().build()) {
      assertThat(r.preview(Lead.builder("w").country("US").source(LeadSource.CONTENT).build()).repId())
          .isEqualTo("nurture");
      assertThat(r.preview(Lead.builder("t").country("US").source(LeadSource.TRIAL).build()).repId())
          .isEqualTo("ana");
    }
  }

  @Test
  void aLeadValueTheBuilderRefusesIsAnErrorAtItsLineAmongTheOthers() {
    // It used to end the validation with one error and no line.
    List<ConfigError> errors = RoutingConfig.validate("reps:\n  - {id: ana, territories: [US]}\nchain:\n"
        + "  - strategy: round-robin\nscenarios:\n  - name: x\n    lead: {id: s1, country: Narnia, language: Elvish}\n"
        + "    expect: {rep: ana}\n", "routing.yaml");
    assertThat(errors).extracting(ConfigError::path)
        .containsExactly("scenarios[0].lead.country", "scenarios[0].lead.language");
    assertThat(errors).extracting(ConfigError::line).containsOnly(7);
  }

  @Test
  void everyBadCodeOfARepIsAnErrorAtItsEntry() {
    // Reported at the rep, and only the first, before.
    List<ConfigError> errors = RoutingConfig.validate("reps:\n  - {id: ana, territories: [US, EMEA, LATAM],"
        + " languages: [en, Elvish]}\nchain:\n  - strategy: round-robin\n", "routing.yaml");
    assertThat(errors).extracting(ConfigError::path).containsExactly("reps[0].territories[1]",
        "reps[0].territories[2]", "reps[0].languages[1]");
    assertThat(errors).extracting(ConfigError::column).doesNotHaveDuplicates();
  }

  @Test
  void anAccountsOwnerNamedAsACrmNamesPeopleIsThatRep() throws Exception {
    String reps = "reps:\n  - {id: ana, name: Ana Lopez, territories: [US]}\n"
        + "  - {id: bo, name: Bo Kim, territories: [US]}\n  - {id: bo2, name: Bo Kim, territories: [US]}\n"
        + "chain:\n  - strategy: account-owner\n";
    RoutingConfig c = RoutingConfig.parse(reps + "accounts:\n  - {id: acme, name: Acme, domains: [acme.com],"
        + " owner: ana lopez, team: [ANA LOPEZ]}\n", "routing.yaml");
    assertThat(c.accounts().get(0).ownerRepId()).isEqualTo("ana");
    assertThat(c.accounts().get(0).teamRepIds()).containsExactly("ana");
    // Two reps of one name: the name names no one, and the error says which ids to choose from.
    assertThat(RoutingConfig.validate(reps + "accounts:\n  - {id: acme, name: Acme, domains: [acme.com],"
        + " owner: Bo Kim}\n", "routing.yaml")).singleElement().asString()
        .contains("no rep with id 'Bo Kim' in reps; 2 reps are named 'Bo Kim' (bo, bo2): use an id");
    // An accounts file as a CRM exports it, owners by name.
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("accounts");
    try {
      java.nio.file.Files.writeString(dir.resolve("accounts.csv"), "id,name,domains,owner\nacme,Acme,acme.com,"
          + "Ana Lopez\n");
      java.nio.file.Files.writeString(dir.resolve("routing.yaml"), reps + "accounts_file: accounts.csv\n");
      assertThat(RoutingConfig.load(dir.resolve("routing.yaml")).accounts().get(0).ownerRepId()).isEqualTo("ana");
      // A domain the router would refuse is an error at its row and column, where the router's refusal named the
      // document's first line.
      java.nio.file.Files.writeString(dir.resolve("accounts.csv"), "id,name,domains,owner\nacme,Acme,acme.com,"
          + "Ana Lopez\nbits,Bits,\"bits.io; co.uk\",Ana Lopez\n");
      assertThatThrownBy(() -> RoutingConfig.load(dir.resolve("routing.yaml"))).isInstanceOf(ConfigException.class)
          .hasMessageContaining("accounts.csv line 3").hasMessageContaining("column 'domains'")
          .hasMessageContaining("'co.uk' is not a company's domain");
    } finally {
      java.nio.file.Files.deleteIfExists(dir.resolve("accounts.csv"));
      java.nio.file.Files.deleteIfExists(dir.resolve("routing.yaml"));
      java.nio.file.Files.deleteIfExists(dir);
    }
  }

  @Test
  void numbersWithTheirThousandsGroupedReadAsNumbers() throws Exception {
    List<Lead> csv = LeadFiles.csv(new StringReader("id,employees,arr\na,\"1,200\",\"50,000.00\"\n"), "leads.csv");
    assertThat(csv.get(0).employees()).hasValue(1200);
    assertThat(csv.get(0).annualRecurringRevenue()).hasValue(50_000L);
    List<Lead> json = LeadFiles.json("[{\"id\": \"j\", \"employees\": \"12,500\", \"arr\": \"1,250,000\"}]",
        "leads.json");
    assertThat(json.get(0).employees()).hasValue(12_500);
    assertThat(json.get(0).annualRecurringRevenue()).hasValue(1_250_000L);
    // A comma that groups no thousands is no number: 1,2 could be a decimal comma.
    assertThatThrownBy(() -> LeadFiles.csv(new StringReader("id,employees\na,\"1,2\"\n"), "leads.csv"))
        .hasMessageContaining("column 'employees' must be a whole number but was '1,2'");
  }
}
