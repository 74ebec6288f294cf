package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.internal.Classification;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassificationTest {

  @ParameterizedTest(name = "{0} / {1} / icp {2} -> {3}")
  @CsvSource(nullValues = "-", value = {
      "DEMO_REQUEST, -, -, TIER_1",
      "CONTACT_SALES, -, 20, TIER_1",
      "CONTENT, Director of IT, -, TIER_1",
      "CONTENT, VP Engineering, -, TIER_1",
      "CONTENT, Chief Medical Officer, -, TIER_1",
      "CONTENT, CFO, -, TIER_1",
      "CONTENT, Head of Growth, -, TIER_1",
      "CONTENT, C.E.O., -, TIER_1",
      "CONTENT, V.P. Sales, -, TIER_1",
      "CONTENT, Dir. of Sales Ops, 10, TIER_3",
      "CONTENT, Geschäftsführer, -, TIER_1",
      "CONTENT, GESCHAEFTSFUEHRER, -, TIER_1",
      "CONTENT, Directeur général, -, TIER_1",
      "CONTENT, Directora de Ventas, -, TIER_1",
      "CONTENT, Amministratore Delegato, -, TIER_1",
      "CONTENT, Sachbearbeiter Einkauf, -, TIER_3",
      "CONTENT, Software Engineer, 70, TIER_2",
      "CONTENT, Marketing Manager, 69, TIER_3",
      "UNKNOWN, -, -, TIER_3",
      "CONTENT, Directory Services Admin, -, TIER_3",
      // The people who work for an executive, owners of a product and interns are not executives (they were Tier 1).
      "CONTENT, Assistant to the CEO, -, TIER_3",
      "CONTENT, Executive Assistant to the CFO & COO, -, TIER_3",
      "CONTENT, EA to the VP Sales, -, TIER_3",
      "CONTENT, Assistentin der Geschäftsführung, -, TIER_3",
      "CONTENT, Assistante du PDG, -, TIER_3",
      "CONTENT, Secretaria del Director General, -, TIER_3",
      "CONTENT, Product Owner, -, TIER_3",
      "CONTENT, Intern - Office of the CEO, -, TIER_3",
      "CONTENT, CEO Office Intern, 75, TIER_2",
      "CONTENT, Praktikant Geschäftsführung, -, TIER_3",
      // An executive word outside them still counts.
      "CONTENT, Product Owner & Co-Founder, -, TIER_1",
      "CONTENT, Business Owner, -, TIER_1",
      "CONTENT, Assistant Vice President, -, TIER_1",
      "CONTENT, CEO (formerly assistant to the CFO), -, TIER_1",
      "CONTENT, Chief of Staff to the CEO, -, TIER_1",
      "CONTENT, Chief Internal Auditor, -, TIER_1",
      "CONTENT, A.s.s.i.s.t.a.n.t to the C.E.O., -, TIER_3"})
  void tiers(LeadSource source, String title, Integer icp, Tier expected) {
    Lead.Builder b = Lead.builder("l").source(source).title(title);
    if (icp != null) {
      b.icpScore(icp);
    }
    assertThat(Classification.of(b.build(), ClassificationPolicy.defaults()).tier).isEqualTo(expected);
  }

  @Test
  void nonExecutivePatternsAreConfigurableAndCheckedLikeTheExecutiveOnes() {
    ClassificationPolicy none = ClassificationPolicy.builder().nonExecutiveTitles(List.of()).build();
    assertThat(none.isExecutiveTitle("Assistant to the CEO")).as("turned off").isTrue();
    ClassificationPolicy own = ClassificationPolicy.builder().nonExecutiveTitles(List.of("\\bformer\\b.*")).build();
    assertThat(own.isExecutiveTitle("Former CEO")).isFalse();
    assertThat(own.isExecutiveTitle("Assistant to the CEO")).as("replaces the defaults").isTrue();
    assertThat(ClassificationPolicy.defaults().isExecutiveTitle("Former CEO")).isTrue();
    assertThatThrownBy(() -> ClassificationPolicy.builder().nonExecutiveTitles(List.of("(unclosed")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("classification.nonExecutiveTitles has an invalid pattern '(unclosed'");
  }

  @ParameterizedTest(name = "employees {0}, ARR {1} -> {2} (defaulted {3})")
  @CsvSource(nullValues = "-", value = {
      "1000, -, ENTERPRISE, false",
      "999, -, MID_MARKET, false",
      "50, 50000, ENTERPRISE, false",
      "50, 49999, SMB, false",
      "200, -, MID_MARKET, false",
      "199, -, SMB, false",
      "-, 60000, ENTERPRISE, false",
      "-, -, SMB, true"})
  void segments(Integer employees, Long arr, Segment expected, boolean defaulted) {
    Lead.Builder b = Lead.builder("l");
    if (employees != null) {
      b.employees(employees);
    }
    if (arr != null) {
      b.annualRecurringRevenue(arr);
    }
    Classification c = Classification.of(b.build(), ClassificationPolicy.defaults());
    assertThat(c.segment).isEqualTo(expected);
    assertThat(c.segmentDefaulted).isEqualTo(defaulted);
  }
}
