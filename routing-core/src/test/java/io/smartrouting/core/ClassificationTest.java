package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.internal.Classification;
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
      "CONTENT, Directory Services Admin, -, TIER_3"})
  void tiers(LeadSource source, String title, Integer icp, Tier expected) {
    Lead.Builder b = Lead.builder("l").source(source).title(title);
    if (icp != null) {
      b.icpScore(icp);
    }
    assertThat(Classification.of(b.build(), ClassificationPolicy.defaults()).tier).isEqualTo(expected);
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
