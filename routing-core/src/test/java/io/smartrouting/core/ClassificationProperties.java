package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.internal.Classification;
import io.smartrouting.core.testing.Worlds;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Classification is total and monotone in company size; remembered title answers are the computed ones. */
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

  @Provide
  Arbitrary<List<String>> titles() {
    // Few words, so titles repeat (answers come from memory) and many share a slot (answers must not be mixed up).
    Arbitrary<String> word = Arbitraries.of("CEO", "C.E.O.", "VP", "Sales", "Assistant", "to", "the", "Product",
        "Owner", "Intern", "Director", "of", "IT", "Engineer", "Head", "Geschäftsführer", "Marketing", "Co-Founder");
    return word.list().ofMinSize(1).ofMaxSize(4).map(w -> String.join(" ", w)).list().ofMinSize(1).ofMaxSize(3000);
  }

  @Property(tries = 100)
  void aRememberedTitleAnswersAsMatchingItAfreshDoes(@ForAll("titles") List<String> titles) {
    ClassificationPolicy remembering = ClassificationPolicy.builder().build();
    for (String title : titles) {
      // A fresh policy remembers nothing, so it matches the patterns; a new String, as each lead brings its own.
      boolean fresh = ClassificationPolicy.builder().build().isExecutiveTitle(title);
      assertThat(remembering.isExecutiveTitle(new String(title))).as(title).isEqualTo(fresh);
    }
  }
}
