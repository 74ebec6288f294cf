package io.smartrouting.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ModelTest {

  @Test
  void leadBuilderNormalisesAndKeepsPersonalDataOutOfToString() {
    Lead lead = Lead.builder("l1").country(" us ").region("ca").industry(" Healthcare ").language("EN")
        .email("jane@acme.com").contactName("Jane Doe").companyName("  ").build();
    assertThat(lead.country()).isEqualTo("US");
    assertThat(lead.region()).isEqualTo("CA");
    assertThat(lead.industry()).isEqualTo("healthcare");
    assertThat(lead.language()).isEqualTo("en");
    assertThat(lead.companyName()).isNull();
    assertThat(lead.source()).isEqualTo(LeadSource.UNKNOWN);
    assertThat(lead.toString()).doesNotContain("jane").doesNotContain("Jane");
    assertThat(Lead.builderFrom(lead).build()).isEqualTo(lead);
  }

  @Test
  void repBuilderDefaultsAndNormalises() {
    Rep rep = Rep.builder("r1").name("Sam Rep").territories("us-ca", "*").industries("Finance")
        .timeZone("America/Los_Angeles").build();
    assertThat(rep.territories()).containsExactlyInAnyOrder("US-CA", "*");
    assertThat(rep.industries()).containsExactly("finance");
    assertThat(rep.timeZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
    assertThat(rep.capacity()).isEqualTo(20);
    assertThat(rep.weight()).isEqualTo(1.0);
    assertThat(rep.active()).isTrue();
    assertThat(rep.segments()).isEmpty();
    assertThat(rep.toString()).doesNotContain("Sam");
    assertThat(Rep.builderFrom(rep).build()).isEqualTo(rep);
  }

  @Test
  void aDecisionNamesExactlyOnePlace() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThatThrownBy(() -> Decision.builder("l").decidedBy("x").decidedAt(now).build())
        .hasMessageContaining("exactly one of repId or queue");
    assertThatThrownBy(() -> Decision.builder("l").rep("a").queue("q").decidedBy("x").decidedAt(now).build())
        .hasMessageContaining("exactly one of repId or queue");
    Decision d = Decision.builder("l").queue("q").decidedBy("fallback").decidedAt(now).tier(Tier.TIER_2)
        .flag(Flag.FALLBACK_QUEUE).trace(() -> "  step 1 x: PASS").build();
    assertThat(d.isAssigned()).isFalse();
    assertThat(d.explain()).startsWith("Lead l -> queue q (decided by fallback), tier 2")
        .contains("flags [FALLBACK_QUEUE]").endsWith("  step 1 x: PASS");
  }

  @Test
  void accountNeedsAName() {
    assertThatThrownBy(() -> Account.builder("a").build()).hasMessageContaining("account.name must not be blank");
    Account a = Account.builder("a").name("Acme").domains("ACME.com").build();
    assertThat(a.domains()).containsExactly("acme.com");
  }
}
