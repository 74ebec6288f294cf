package io.smartrouting.core.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Segment;
import io.smartrouting.core.ClassificationPolicy;
import io.smartrouting.core.internal.Classification;
import java.io.IOException;
import java.io.StringReader;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * One segment rule: a deal learned by warm start and a lead routed today with the same size fall in the same
 * segment, thresholds included (issue: ARR 50,000 without employees was SMB in warm start and ENTERPRISE in routing).
 */
class SegmentRuleProperties {

  @Provide
  Arbitrary<Integer> employees() {
    return Arbitraries.oneOf(Arbitraries.integers().between(0, 5000),
        Arbitraries.of(0, 199, 200, 201, 999, 1000, 1001)).injectNull(0.3);
  }

  @Provide
  Arbitrary<Long> arr() {
    return Arbitraries.oneOf(Arbitraries.longs().between(0, 200_000),
        Arbitraries.of(0L, 49_999L, 50_000L, 50_001L)).injectNull(0.3);
  }

  @Property(tries = 500)
  void warmStartAndRoutingClassifyAlike(@ForAll("employees") Integer employees, @ForAll("arr") Long arr,
      @ForAll boolean customThresholds) throws IOException {
    if (employees == null && arr == null) {
      return; // such a row is reported and skipped by warm start; routing gives the default segment, flagged
    }
    ClassificationPolicy policy = customThresholds
        ? ClassificationPolicy.builder().enterpriseEmployees(700).midMarketEmployees(50).enterpriseArr(20_000).build()
        : ClassificationPolicy.defaults();
    Lead.Builder lead = Lead.builder("L-1").country("US");
    if (employees != null) {
      lead.employees(employees);
    }
    if (arr != null) {
      lead.annualRecurringRevenue(arr);
    }
    Segment routed = Classification.of(lead.build(), policy).segment;

    ConversionModel model = new ConversionModel();
    String csv = "rep,outcome,employees,arr\nana,WON," + (employees == null ? "" : employees) + ","
        + (arr == null ? "" : arr) + "\n";
    WarmStartReport report = model.warmStart(new StringReader(csv), "deals.csv", policy);
    assertThat(report.problems()).isEmpty();
    assertThat(model.estimate("ana", routed, null).outcomes()).as("learned in the routed segment %s", routed)
        .isEqualTo(1);
  }

  @Example
  void arrAtTheThresholdIsEnterpriseEverywhere() throws IOException {
    ConversionModel model = new ConversionModel();
    model.warmStart(new StringReader("rep,outcome,arr\nana,WON,50000\n"), "deals.csv",
        ClassificationPolicy.defaults());
    assertThat(model.estimate("ana", Segment.ENTERPRISE, null).outcomes()).isEqualTo(1);
    assertThat(Classification.of(Lead.builder("L").annualRecurringRevenue(50_000).build(),
        ClassificationPolicy.defaults()).segment).isEqualTo(Segment.ENTERPRISE);
  }
}
