package io.smartrouting.core.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.Router;
import io.smartrouting.core.StrategyRegistry;
import io.smartrouting.core.testing.TestStrategies;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpressionTest {

  private static final Lead HOSPITAL = Lead.builder("l1").country("US").region("CA").industry("Healthcare")
      .employees(2500).annualRecurringRevenue(80_000).icpScore(75).language("es").title("VP of Operations")
      .source(LeadSource.DEMO_REQUEST).email("jo@mercy.org").attribute("plan", "pro").attribute("seats", "120")
      .build();

  private static boolean lead(String expr) {
    return LeadCondition.parse(expr).test(HOSPITAL, Tier.TIER_1, Segment.ENTERPRISE, "acc-mercy");
  }

  @Test
  void leadConditionsCompareTextNumbersListsAndMissingValues() {
    assertThat(lead("industry IN ['healthcare','finance'] AND employees >= 1000")).isTrue();
    assertThat(lead("industry in ['finance'] or employees < 10")).isFalse();
    assertThat(lead("NOT (country = 'GB') AND region != 'NY'")).isTrue();
    assertThat(lead("tier = 1 AND segment = 'enterprise' AND account = 'acc-mercy'")).isTrue();
    assertThat(lead("title CONTAINS 'vp' AND source = 'DEMO_REQUEST'")).isTrue();
    assertThat(lead("email_domain = 'mercy.org' AND sales_qualified = false")).isTrue();
    assertThat(lead("attributes.plan = 'PRO' AND attributes.seats > 100")).isTrue();
    assertThat(lead("attributes.missing = 'x'")).isFalse();
    assertThat(lead("attributes.missing IS MISSING AND industry IS PRESENT")).isTrue();
    assertThat(lead("icp >= 70 AND arr > 50_000 AND language NOT IN ['en', 'de']")).isTrue();
    Lead bare = Lead.builder("bare").build();
    LeadCondition big = LeadCondition.parse("employees >= 1000");
    assertThat(big.test(bare, Tier.TIER_3, Segment.SMB, null)).as("a missing value never compares").isFalse();
    assertThat(LeadCondition.parse("NOT employees >= 1000").test(bare, Tier.TIER_3, Segment.SMB, null)).isTrue();
    // An attribute kept as text with its thousands grouped, as CRMs export numbers, compares as the number (it never
    // held until the night of 7 December 2026); a comma that may be a decimal one is no number.
    LeadCondition seats = LeadCondition.parse("attributes.seats >= 1000");
    for (String written : new String[] {"1,200", "12,000", "1,200.5", "+1,000"}) {
      assertThat(seats.test(Lead.builder("s").attributes(java.util.Map.of("seats", written)).build(), Tier.TIER_3,
          Segment.SMB, null)).as(written).isTrue();
    }
    for (String written : new String[] {"1,2", "1,20,000", "999", "many"}) {
      assertThat(seats.test(Lead.builder("s").attributes(java.util.Map.of("seats", written)).build(), Tier.TIER_3,
          Segment.SMB, null)).as(written).isFalse();
    }
  }

  @Test
  void repFiltersReadSetsSkillLevelsAndAttributes() {
    Rep ana = Rep.builder("ana").team("west").languages("es", "en").industries("healthcare").skill("healthcare", 8)
        .skill("Billing", 4).capacity(20).attribute("tenure", "5").build();
    assertThat(RepFilter.parse("skills HAS 'healthcare' AND languages HAS 'es' AND proficiency.healthcare >= 7")
        .matches(ana)).isTrue();
    assertThat(RepFilter.parse("proficiency.billing >= 5").matches(ana)).isFalse();
    assertThat(RepFilter.parse("proficiency.unknown >= 1").matches(ana)).isFalse();
    assertThat(RepFilter.parse("languages HAS ['fr', 'ES'] AND team = 'WEST' AND capacity > 10").matches(ana))
        .isTrue();
    assertThat(RepFilter.parse("attributes.tenure >= 3 AND role = 'AE' AND active = true").matches(ana)).isTrue();
  }

  @Test
  void errorsNameTheColumnAndPointAtIt() {
    assertThatThrownBy(() -> LeadCondition.parse("industy IN ['healthcare']"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageStartingWith("column 1: unknown lead field 'industy' (did you mean 'industry'?); known: [account,"
            + " arr, attributes.<name>,")
        .hasMessageEndingWith("\n  industy IN ['healthcare']\n  ^");
    ExpressionException e = org.junit.jupiter.api.Assertions.assertThrows(ExpressionException.class,
        () -> LeadCondition.parse("employees >= 'ten'"));
    assertThat(e.column()).isEqualTo(14);
    assertThat(e.reason()).isEqualTo("'employees' is a number, so compare it with a number, not ten");
    assertThat(e.getMessage()).endsWith("\n  employees >= 'ten'\n               ^");
    assertError("country = 'US' AND", 19, "expected a condition but the expression ended");
    assertError("country = 'US' employees > 5", 16, "unexpected 'employees' after a complete condition");
    assertError("country = 'US", 11, "the string starting here is not closed with '");
    assertError("industry IN 'x'", 13, "expected a list in brackets");
    assertError("industry IN []", 14, "a list must not be empty");
    assertError("(country = 'US'", 16, "expected a closing ')'");
    assertError("country ~ 'US'", 9, "unexpected character '~'");
    assertError("country HAS 'US'", 1, "HAS applies to lists; 'country' is text");
    assertError("country > 'US'", 9, "'country' is text: only = and != apply");
    assertError("sales_qualified = 'yes'", 19, "'sales_qualified' is true or false");
    assertError("", 1, "the lead expression is empty");
    assertError("country = US", 11, "expected a value but found 'US' (quote text: 'US')");
    assertThatThrownBy(() -> RepFilter.parse("languages = 'es'")).isInstanceOf(ExpressionException.class)
        .hasMessageContaining("'languages' is a list: use HAS");
    assertThatThrownBy(() -> RepFilter.parse("skill HAS 'x'")).hasMessageContaining("unknown rep field 'skill'")
        .hasMessageContaining("proficiency.<name>");
  }

  /**
   * A number no value of its field can take is a typo that makes a step never (or always) run: refused at the
   * number. Until 7 December 2026 {@code tier = 4} compiled and its step silently never ran.
   */
  @Test
  void aComparisonNoValueCanSatisfyIsRefused() {
    assertError("tier = 4", 8, "'tier' is 1, 2 or 3, so tier = 4 never holds");
    assertError("tier IN [1, 4]", 9, "'tier' is 1, 2 or 3, so tier = 4 never holds");
    assertError("tier != 0", 9, "'tier' is 1, 2 or 3, so tier != 0 always holds");
    assertError("tier = 1.5", 8, "'tier' is 1, 2 or 3, so tier = 1.5 never holds");
    assertError("icp > 100", 7, "'icp' is a whole number from 0 to 100, so icp > 100 never holds");
    assertError("icp < 0", 7, "'icp' is a whole number from 0 to 100, so icp < 0 never holds");
    assertError("country = 'US' AND employees < 0", 32, "'employees' is a whole number from 0, so employees < 0 never"
        + " holds");
    assertThatThrownBy(() -> RepFilter.parse("proficiency.sql >= 11"))
        .hasMessageContaining("'proficiency.sql' is a whole number from 1 to 10, so proficiency.sql >= 11 never holds");
    // What some value satisfies stays, the ends of the ranges included.
    for (String ok : new String[] {"tier = 3", "tier >= 1", "tier < 3", "icp >= 100", "icp > 99.5", "icp <= 0",
        "employees >= 0", "employees > 1000", "arr > 50000", "tier IN [1, 3]"}) {
      assertThat(LeadCondition.parse(ok).toString()).as(ok).isNotNull();
    }
    assertThat(RepFilter.parse("proficiency.sql >= 10 OR proficiency.sql < 2").toString()).isNotNull();
  }

  /**
   * A lead's source and segment and a rep's role and segments hold the names of their constants only: a string that
   * names none of them is refused at it, and one written as people write it is read as its name. Until 7 December
   * 2026 {@code segment = 'ENTERPRIZE'} or {@code source = 'Webinar'} (a CRM's own value) compiled, never held, and
   * {@code source = 'Demo Request'} never held either.
   */
  @Test
  void aConditionTellsWhichStringsItComparesAFieldWith() {
    LeadCondition c = LeadCondition.parse("country = 'USA' AND (industry IN ['retail', 'Finance'] OR industry != 'x')"
        + " AND title CONTAINS 'VP'");
    assertThat(c.comparedValues("country")).containsExactly("US");
    assertThat(c.comparedValues("industry")).containsExactly("retail", "Finance", "x");
    assertThat(c.comparedValues("title")).as("a text operator is not a comparison of the whole value").isEmpty();
    assertThat(c.comparedValues("account")).isEmpty();
    assertThat(LeadCondition.of("in Java", (lead, tier, segment, account) -> true).comparedValues("industry"))
        .isEmpty();
  }

  @Test
  void aClosedVocabularyTakesItsNamesOnly() {
    assertError("segment = 'ENTERPRIZE'", 11, "'ENTERPRIZE' cannot be a value of 'segment': it is one of [ENTERPRISE,"
        + " MID_MARKET, SMB]");
    assertError("source IN ['DEMO_REQUEST', 'Webinar']", 11, "'Webinar' cannot be a value of 'source': it is one of"
        + " [DEMO_REQUEST,");
    assertThatThrownBy(() -> RepFilter.parse("role = 'SALES'")).hasMessageContaining("'SALES' cannot be a value of"
        + " 'role': it is one of [");
    assertThatThrownBy(() -> RepFilter.parse("segments HAS 'Enterprize'")).hasMessageContaining("'Enterprize' cannot"
        + " be a value of 'segments'");
    Lead demo = Lead.builder("d").country("US").employees(5000).source(io.smartrouting.api.LeadSource.DEMO_REQUEST)
        .build();
    for (String written : new String[] {"source = 'Demo Request'", "source = 'demo-request'", "source = 'DEMO_REQUEST'",
        "source IN ['Demo Request', 'Trial']", "segment = 'Enterprise'", "segment != 'mid market'"}) {
      assertThat(LeadCondition.parse(written).test(demo, io.smartrouting.api.Tier.TIER_1,
          io.smartrouting.api.Segment.ENTERPRISE, null)).as(written).isTrue();
    }
    Rep sdr = Rep.builder("s").territories("US").role(io.smartrouting.api.RepRole.ACCOUNT_MANAGER)
        .segments(io.smartrouting.api.Segment.MID_MARKET).build();
    assertThat(RepFilter.parse("role = 'Account Manager' AND segments HAS 'mid-market'").matches(sdr)).isTrue();
  }

  @Test
  void codesInExpressionsMeanWhatTheyMeanOnLeadsAndReps() {
    // Reps and leads keep ISO codes ('en', 'US'), so 'English' or 'USA' written in a rule would have matched nothing.
    Rep ana = Rep.builder("ana").languages("en-US").territories("US-CA").build();
    assertThat(RepFilter.parse("languages HAS 'English' AND territories HAS 'usa-ca'").matches(ana)).isTrue();
    assertThat(RepFilter.parse("languages HAS ['ger', 'eng']").matches(ana)).isTrue();
    assertThat(lead("country = 'USA' AND language IN ['Spanish', 'pt'] AND country != 'DEU'")).isTrue();
    // Regions as leads keep them: 'us-ca' is CA; a name, which only a lead's country can read, is an error here,
    // since it would match no lead.
    assertThat(lead("region = 'us-ca' AND region IN ['ca', 'NY']")).isTrue();
    assertError("region = 'California'", 10, "'California' cannot be a value of 'region'");
    // A country's English name is its code on leads, and so in rules.
    assertThat(lead("country = 'United States' AND country IN ['Germany', 'U.S.A.']")).isTrue();
    assertError("country = 'Narnia'", 11, "'Narnia' cannot be a value of 'country': country must be"
        + " an ISO 3166-1 country code");
    ExpressionException e = org.junit.jupiter.api.Assertions.assertThrows(ExpressionException.class,
        () -> RepFilter.parse("territories HAS 'EMEA'"));
    assertThat(e.column()).isEqualTo(17);
    assertThat(e.reason()).startsWith("'EMEA' cannot be a value of 'territories': territory entries must be");
  }

  @Test
  void textStartsEndsOrContainsAnyOfSeveralStringsAndNotSays() {
    assertThat(lead("title STARTS WITH 'vp' AND email_domain ENDS WITH '.ORG'")).isTrue();
    assertThat(lead("title starts with ['Chief', 'Head of'] OR email_domain ENDS WITH ['.edu', '.gov']")).isFalse();
    assertThat(lead("title CONTAINS ['cfo', 'operations']")).as("any of the strings").isTrue();
    assertThat(lead("title NOT CONTAINS ['intern', 'student'] AND email_domain NOT ENDS WITH '.edu'")).isTrue();
    assertThat(lead("title NOT STARTS WITH 'vp'")).isFalse();
    assertThat(lead("title ENDS WITH 'vp'")).as("the start is not the end").isFalse();
    // Like NOT IN, a negated text operator is false for a missing value: no title is not 'a title without intern'.
    Lead bare = Lead.builder("bare").build();
    assertThat(LeadCondition.parse("title NOT CONTAINS 'intern'").test(bare, Tier.TIER_3, Segment.SMB, null))
        .isFalse();
    // Postal codes are kept without blanks, so a prefix written with one still reads as a prefix of leads' codes.
    Lead westminster = Lead.builder("w").country("GB").postalCode("SW1A 1AA").build();
    assertThat(LeadCondition.parse("postal_code STARTS WITH 'sw1a 1'").test(westminster, Tier.TIER_3, Segment.SMB,
        null)).isTrue();
    Rep ana = Rep.builder("ana").team("emea-west").build();
    assertThat(RepFilter.parse("team STARTS WITH 'EMEA-' AND team NOT ENDS WITH 'east'").matches(ana)).isTrue();
    assertError("title STARTS 'vp'", 14, "expected WITH after STARTS (STARTS WITH 'x')");
    assertError("employees STARTS WITH '1'", 1, "STARTS WITH applies to text; 'employees' is number");
    assertError("title CONTAINS ''", 16, "CONTAINS takes strings that are not empty");
    assertError("title ENDS WITH 5", 17, "ENDS WITH takes a quoted string or a list of strings, not 5");
    assertError("title NOT HAS 'x'", 11, "expected IN, CONTAINS, STARTS WITH or ENDS WITH after NOT");
    assertError("title BEGINS WITH 'x'", 7, "expected an operator (= != < <= > >= IN NOT IN HAS CONTAINS STARTS WITH");
    assertThatThrownBy(() -> RepFilter.parse("skills CONTAINS 'health'")).isInstanceOf(ExpressionException.class)
        .hasMessageContaining("CONTAINS applies to text; 'skills' is a list (use HAS, e.g. skills HAS 'x')");
  }

  @Test
  void freeMailReadsTheAddressByTheRoutersList() {
    LeadCondition personal = LeadCondition.parse("free_mail = true");
    assertThat(personal.test(Lead.builder("g").email("Kim@GMail.com").build(), Tier.TIER_3, Segment.SMB, null))
        .isTrue();
    assertThat(personal.test(Lead.builder("y").email("kim@mail.yahoo.com").build(), Tier.TIER_3, Segment.SMB, null))
        .as("a host under a free-mail domain").isTrue();
    assertThat(lead("free_mail = false")).as("mercy.org is a company's").isTrue();
    assertThat(LeadCondition.parse("free_mail IS MISSING").test(Lead.builder("n").build(), Tier.TIER_3, Segment.SMB,
        null)).as("no address, no answer").isTrue();
    assertThat(LeadCondition.parse("free_mail = false").test(Lead.builder("n").build(), Tier.TIER_3, Segment.SMB,
        null)).isFalse();
    assertThat(personal.test(HOSPITAL, Tier.TIER_1, Segment.ENTERPRISE, null, java.util.Set.of("mercy.org")))
        .as("the list given").isTrue();
    assertError("free_mail = 'yes'", 13, "'free_mail' is true or false");
    // A router reads it by its own list: a custom free-mail domain sends its leads to the nurture step.
    List<Rep> reps = List.of(Rep.builder("nurture").territories("*").capacity(50).build(),
        Rep.builder("sales").territories("*").capacity(50).build());
    try (Router router = Router.builder().roster(reps).strategies(StrategyRegistry.of()).manualTimers()
        .freeMailDomains(List.of("gmail.com", "freemail.example"))
        .step(ChainStep.of("personal", TestStrategies.LEAST_LOADED).when("free_mail = true")
            .reps("id = 'nurture'"))
        .step(ChainStep.of("business", TestStrategies.LEAST_LOADED).reps("id = 'sales'")).build()) {
      assertThat(router.route(Lead.builder("a").email("jo@freemail.example").build()).repId()).isEqualTo("nurture");
      Decision work = router.route(Lead.builder("b").email("jo@yahoo.com").build());
      assertThat(work.repId()).as("yahoo.com is not on this router's list").isEqualTo("sales");
      assertThat(work.explain()).contains("personal: SKIPPED - when 'free_mail = true' does not hold");
    }
  }

  private static void assertError(String expr, int column, String reasonStart) {
    ExpressionException e = org.junit.jupiter.api.Assertions.assertThrows(ExpressionException.class,
        () -> LeadCondition.parse(expr), expr);
    assertThat(e.reason()).as(expr).startsWith(reasonStart);
    assertThat(e.column()).as(expr).isEqualTo(column);
  }

  @Test
  void aStepRunsOnlyWhenItsConditionHoldsAndOnlyOverTheRepsItTargets() {
    List<Rep> reps = List.of(
        Rep.builder("generalist").territories("US").capacity(50).build(),
        Rep.builder("hc-junior").territories("US").languages("es").skill("healthcare", 4).capacity(50).build(),
        Rep.builder("hc-senior").territories("US").languages("es").skill("healthcare", 9).capacity(50).build());
    Router router = Router.builder().roster(reps).strategies(StrategyRegistry.of())
        .step(ChainStep.of("healthcare-experts", TestStrategies.LEAST_LOADED)
            .when("industry = 'healthcare' AND employees >= 1000")
            .reps("skills HAS 'healthcare' AND languages HAS 'es' AND proficiency.healthcare >= 7"))
        .step("everyone", TestStrategies.LEAST_LOADED).build();
    for (int i = 0; i < 5; i++) {
      Decision d = router.route(Lead.builder("big-" + i).country("US").industry("healthcare").employees(5000)
          .build());
      assertThat(d.repId()).isEqualTo("hc-senior");
      assertThat(d.decidedBy()).isEqualTo("healthcare-experts");
    }
    assertThat(router.route(Lead.builder("big-0").build()).explain())
        .contains("matching reps 'skills HAS 'healthcare' AND languages HAS 'es' AND proficiency.healthcare >= 7'");
    Decision small = router.route(Lead.builder("small").country("US").industry("healthcare").employees(50).build());
    assertThat(small.decidedBy()).isEqualTo("everyone");
    assertThat(small.explain()).contains("step 1 healthcare-experts: SKIPPED - when 'industry = 'healthcare' AND"
        + " employees >= 1000' does not hold for this lead");
  }

  @Test
  void conditionsAreEqualWhenTheyHoldForTheSameLeadsByConstruction() {
    // A CRM whose 'Referral' is what the router calls CONTENT.
    java.util.Map<String, LeadSource> crmNames = java.util.Map.of("Referral", LeadSource.CONTENT);
    LeadCondition plain = LeadCondition.parse("source = 'REFERRAL'");
    LeadCondition crm = LeadCondition.parse("source = 'REFERRAL'", crmNames);
    Lead content = Lead.builder("c").source(LeadSource.CONTENT).build();
    // One text, two readings.
    assertThat(crm.test(content, Tier.TIER_3, Segment.SMB, null)).isTrue();
    assertThat(plain.test(content, Tier.TIER_3, Segment.SMB, null)).isFalse();
    assertThat(crm).isNotEqualTo(plain);
    assertThat(crm).isEqualTo(LeadCondition.parse("source = 'REFERRAL'", java.util.Map.of("referral",
        LeadSource.CONTENT))).hasSameHashCodeAs(plain);
    assertThat(plain).isEqualTo(LeadCondition.parse("source = 'REFERRAL'"));
    // Written in Java, a condition is itself: a description says nothing of what its predicate tests.
    LeadCondition any = LeadCondition.of("custom", (lead, tier, segment, account) -> true);
    assertThat(any).isEqualTo(any).isNotEqualTo(LeadCondition.of("custom", (lead, tier, segment, account) -> false))
        .isNotEqualTo(LeadCondition.parse("tier = 1"));
    RepFilter mine = RepFilter.of("custom", rep -> true);
    assertThat(mine).isEqualTo(mine).isNotEqualTo(RepFilter.of("custom", rep -> false));
    assertThat(RepFilter.parse("role = 'AE'")).isEqualTo(RepFilter.parse("role = 'AE'"));
  }
}
