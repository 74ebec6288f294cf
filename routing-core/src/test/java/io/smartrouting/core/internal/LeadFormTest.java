package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import org.junit.jupiter.api.Test;

/** What counts as a lead known by its id only, when a router tags the facts it saves. */
class LeadFormTest {

  @Test
  void aLeadWhoseOnlyAttributeIsTheRoutersTagHasNoRoutingFacts() {
    Lead idOnly = Lead.builder("l1").build();
    Lead tagged = Lead.builder("l1").attribute("smartrouting.experiment", "e/a").build();
    Lead withAttribute = Lead.builder("l1").attribute("campaign", "q4").build();
    Lead taggedWithAttribute = Lead.builder("l1").attribute("smartrouting.experiment", "e/a")
        .attribute("campaign", "q4").build();
    assertThat(LeadForm.hasNoRoutingFacts(idOnly, null)).isTrue();
    assertThat(LeadForm.hasNoRoutingFacts(idOnly, "smartrouting.experiment")).isTrue();
    assertThat(LeadForm.hasNoRoutingFacts(tagged, "smartrouting.experiment")).as("the tag alone").isTrue();
    assertThat(LeadForm.hasNoRoutingFacts(tagged, null)).as("an attribute when the router tags nothing").isFalse();
    assertThat(LeadForm.hasNoRoutingFacts(tagged, "other")).isFalse();
    assertThat(LeadForm.hasNoRoutingFacts(withAttribute, "smartrouting.experiment")).isFalse();
    assertThat(LeadForm.hasNoRoutingFacts(taggedWithAttribute, "smartrouting.experiment")).isFalse();
    assertThat(LeadForm.hasNoRoutingFacts(Lead.builder("l1").country("US").build(), null)).isFalse();
  }
}
