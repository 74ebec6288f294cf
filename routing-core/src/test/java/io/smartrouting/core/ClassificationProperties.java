package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.internal.Classification;
import io.smartrouting.core.testing.Worlds;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Classification is total and monotone in company size. */
class ClassificationProperties {

  @Provide
  Arbitrary<Lead> leads() {
    return Worlds.leads();
  }

  @Property(tries = 500)
  void everyLeadGetsATierAndASegment(@ForAll("leads") Lead lead) {
    Classification c = Classification.of(lead, ClassificationPolicy.defaults());
    assertThat(c.tier).isNotNull();
    assertThat(c.segment).isNotNull();
    if (lead.source().isHandRaiser()) {
      assertThat(c.tier).isEqualTo(Tier.TIER_1);
    }
    if (lead.employees().isPresent() && lead.employees().getAsInt() >= 1000) {
      assertThat(c.segment).isEqualTo(Segment.ENTERPRISE);
    }
    assertThat(c.segmentDefaulted)
        .isEqualTo(lead.employees().isEmpty() && lead.annualRecurringRevenue().isEmpty());
  }
}
