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
  void aNullInABuildersListIsRefusedNamingTheField() {
    // Each of these threw a bare NullPointerException ("null") from a list copy before the field could be named.
    java.util.List<String> withNull = java.util.Arrays.asList("US", null);
    assertThatThrownBy(() -> Rep.builder("x").territories(withNull).build())
        .hasMessage("rep.territories must not contain null or blank entries but was ['US', null]");
    // A blank entry shows as one, quoted, where it printed as nothing at all ("but was [US, ]").
    assertThatThrownBy(() -> Rep.builder("x").territories("US", " ").build())
        .hasMessage("rep.territories must not contain null or blank entries but was ['US', ' ']");
    assertThatThrownBy(() -> Rep.builder("x").territories("US", null).build())
        .hasMessageStartingWith("rep.territories must not contain null");
    assertThatThrownBy(() -> Rep.builder("x").languages("en", null).build())
        .hasMessageStartingWith("rep.languages must not contain null");
    assertThatThrownBy(() -> Rep.builder("x").industries("health", null).build())
        .hasMessageStartingWith("rep.industries must not contain null");
    assertThatThrownBy(() -> Rep.builder("x").namedAccounts(withNull).build())
        .hasMessageStartingWith("rep.namedAccounts must not contain null");
    assertThatThrownBy(() -> Rep.builder("x").segments(Segment.SMB, null))
        .hasMessage("rep.segments must not contain null but was [SMB, null]");
    assertThatThrownBy(() -> Rep.builder("x").territories((java.util.List<String>) null))
        .hasMessage("rep.territories must not be null");
    assertThatThrownBy(() -> Account.builder("a").name("A").domains("a.com", null).build())
        .hasMessageStartingWith("account.domains must not contain null");
    assertThatThrownBy(() -> Account.builder("a").name("A").teamRepIds(withNull).build())
        .hasMessageStartingWith("account.teamRepIds must not contain null");
  }

  @Test
  void anAccountsPeopleAreItsOwnerTeamBackupAndAeInThatOrderEachOnce() {
    Account acme = Account.builder("acme").name("Acme").ownerRepId("ana").teamRepIds(java.util.List.of("bo", "ana"))
        .backupRepId("cy").aeRepId("ana").build();
    assertThat(acme.people()).containsExactly("ana", "bo", "cy");
    assertThat(Account.builder("none").name("None").build().people()).isEmpty();
    assertThatThrownBy(() -> acme.people().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anAccountCopiedWithAnotherOwnerKeepsEverythingElse() {
    Account acme = Account.builder("acme").name("Acme").domains("acme.com", "acme.co.uk").ownerRepId("ana")
        .teamRepIds(java.util.List.of("bo")).backupRepId("cy").aeRepId("dee").parentAccountId("acme-group")
        .industry("Retail").employees(1200).annualRecurringRevenue(90_000).tier(AccountTier.ONE_TO_FEW).build();
    Account moved = Account.builderFrom(acme).ownerRepId("bo").build();
    assertThat(moved.ownerRepId()).isEqualTo("bo");
    assertThat(moved).usingRecursiveComparison().ignoringFields("ownerRepId").isEqualTo(acme);
    assertThat(Account.builderFrom(acme).build()).isEqualTo(acme);
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
  void aDecisionGivesBackEveryTierSegmentFlagAndHolderItWasBuiltWith() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    // Tier, segment, flags and "queued" share one long inside the decision: every combination must come back alike.
    for (Tier tier : java.util.Arrays.copyOf(Tier.values(), Tier.values().length + 1)) {
      for (Segment segment : java.util.Arrays.copyOf(Segment.values(), Segment.values().length + 1)) {
        for (boolean queued : new boolean[] {false, true}) {
          Decision.Builder b = Decision.builder("l").decidedBy("x").decidedAt(now).tier(tier).segment(segment);
          java.util.EnumSet<Flag> flags = java.util.EnumSet.noneOf(Flag.class);
          for (Flag f : Flag.values()) {
            if ((f.ordinal() + (tier == null ? 0 : tier.ordinal()) + (queued ? 1 : 0)) % 2 == 0) {
              flags.add(f);
              b.flag(f);
            }
          }
          Decision d = (queued ? b.queue("q") : b.rep("r")).build();
          assertThat(d.tier()).isEqualTo(tier);
          assertThat(d.segment()).isEqualTo(segment);
          assertThat(d.flags()).isEqualTo(flags);
          for (Flag f : Flag.values()) {
            assertThat(d.hasFlag(f)).as("%s", f).isEqualTo(flags.contains(f));
          }
          assertThat(d.isAssigned()).isEqualTo(!queued);
          assertThat(d.repId()).isEqualTo(queued ? null : "r");
          assertThat(d.queue()).isEqualTo(queued ? "q" : null);
        }
      }
    }
  }

  @Test
  void aPackedScoreBreakdownReadsAsTheRowByRowOne() {
    java.util.List<String> factors = java.util.List.of("a", "b");
    double[] weights = {0.25, 0.75};
    io.smartrouting.spi.ScoreBreakdown rows = new io.smartrouting.spi.ScoreBreakdown(factors, weights,
        new int[] {7, 3}, new double[] {0.9, 0.4}, new double[][] {{1.0, 0.8}, {Double.NaN, 0.2}});
    io.smartrouting.spi.ScoreBreakdown packed = io.smartrouting.spi.ScoreBreakdown.packed(factors, weights,
        new int[] {7, 3}, new float[] {0.9f, 1.0f, 0.8f, 0.4f, Float.NaN, 0.2f});
    for (io.smartrouting.spi.ScoreBreakdown b : java.util.List.of(rows, packed)) {
      assertThat(b.rows()).isEqualTo(2);
      assertThat(b.ordinal(1)).isEqualTo(3);
      // The packed form keeps floats: the same to about seven significant digits.
      assertThat(b.composite(0)).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-7));
      assertThat(b.composite(1)).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-7));
      assertThat(b.score(0, 1)).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-7));
      assertThat(b.score(1, 0)).isNaN();
      assertThat(b.weight(1)).isEqualTo(0.75);
      // A factor or row out of range is an error, not the next row's value.
      assertThatThrownBy(() -> b.score(0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> b.composite(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
    assertThatThrownBy(() -> io.smartrouting.spi.ScoreBreakdown.packed(factors, weights, new int[] {7, 3},
        new float[5])).hasMessageContaining("rows=5").hasMessageContaining("expected ordinals x (factors + 1) = 6");
    assertThatThrownBy(() -> new io.smartrouting.spi.ScoreBreakdown(factors, weights, new int[] {7},
        new double[] {0.9}, new double[][] {{1.0}})).hasMessageContaining("row 0 has 1 factor scores");
  }

  @Test
  void accountNeedsAName() {
    assertThatThrownBy(() -> Account.builder("a").build()).hasMessageContaining("account.name must not be blank");
    Account a = Account.builder("a").name("Acme").domains("ACME.com").build();
    assertThat(a.domains()).containsExactly("acme.com");
  }
}
