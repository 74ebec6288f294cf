package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.AccountTier;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.internal.TraceRecorder;
import io.smartrouting.core.testing.TestStrategies;
import io.smartrouting.core.testing.Worlds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The exclusions of a decision's record and explanation, grouped by reason (the hard criteria counted from bitsets a
 * word at a time, the other reasons asked rep by rep), are what asking every rep of the roster why it was excluded
 * ({@link TraceRecorder#whyExcluded}, which reads the rep's own criteria) and grouping the answers in roster order
 * gives: the same reasons in the same order, the same reps under each, the same counts, however few are listed. With
 * accounts of every tier, reps made unavailable, a step that narrows in half the tries, a step with a rep filter in
 * half (which takes the industry preference among its own reps where the roster's left it none), transfers (earlier
 * holders excluded) and reps filling up, so that every reason appears.
 */
class ExclusionSummaryProperties {

  @Provide
  Arbitrary<List<Rep>> rosters() {
    // Up to 300 reps, so the bitsets span several words; capacity 0-2, so that many reps are full.
    return Worlds.rosters(1, 300, 2);
  }

  @Provide
  Arbitrary<List<Lead>> leads() {
    return Worlds.leads().list().ofMinSize(1).ofMaxSize(12).map(Worlds::distinctIds);
  }

  @Property(tries = 250)
  void groupedExclusionsAreEveryRepAskedInRosterOrder(@ForAll("rosters") List<Rep> roster,
      @ForAll("leads") List<Lead> leads, @ForAll AccountTier tier, @ForAll boolean narrowing, @ForAll boolean filtered,
      @ForAll long seed) {
    // An account whose people work its leads whatever their segment (and one left off the roster); one-to-one in some
    // tries, so that only they may take its leads.
    Account account = Account.builder("acct").name("Acct").domains("acct.example").ownerRepId("rep-1")
        .teamRepIds(List.of("rep-2", "rep-missing")).tier(tier).build();
    Router.Builder b = Router.builder().roster(roster).accounts(List.of(account))
        .clock(new ManualClock(Instant.parse("2026-12-07T15:00:00Z"))).manualTimers()
        .strategies(StrategyRegistry.of());
    if (narrowing) {
      b.step("even", TestStrategies.EVEN_ONLY); // a step that narrows, so that candidates are narrowed out
    }
    // A step that may pick some reps only: where the industry preference leaves it none, it takes its own.
    ChainStep last = ChainStep.of("ll", TestStrategies.LEAST_LOADED);
    Router router = b.step(filtered ? last.reps(io.smartrouting.core.expr.RepFilter.of("without industries",
        r -> r.industries().isEmpty())) : last).build();
    java.util.Random rnd = new java.util.Random(seed);
    for (int i = 0; i < Math.min(3, roster.size()); i++) {
      router.setAvailable(roster.get(rnd.nextInt(roster.size())).id(), false); // unavailable, with its reason
    }
    for (int i = 0; i < leads.size(); i++) {
      Lead lead = leads.get(i);
      if (i % 3 == 0) {
        lead = Lead.builderFrom(lead).email(lead.id() + "@acct.example").build();
      }
      Decision d = router.route(lead); // nothing released: reps fill up as the leads come
      assertGroupedAsAsked(d, roster);
      if (d.repId() != null && rnd.nextBoolean()) {
        // Moved on: its holders so far are excluded as having held it.
        assertGroupedAsAsked(router.transfer(d.leadId()), roster);
      }
    }
  }

  private static void assertGroupedAsAsked(Decision d, List<Rep> roster) {
    if (!(d.trace() instanceof TraceRecorder)) {
      return; // a decision made without the chain (a lead that stayed in its queue) has no exclusions
    }
    TraceRecorder t = (TraceRecorder) d.trace();
    Map<String, List<String>> asked = new LinkedHashMap<>();
    for (int o = 0; o < roster.size(); o++) {
      String why = t.whyExcluded(o);
      if (why != null) {
        asked.computeIfAbsent(why, k -> new ArrayList<>()).add(roster.get(o).id());
      }
    }
    // As lists of entries: the order of the reasons is part of what is compared.
    assertThat(List.copyOf(t.exclusionRecords().entrySet())).as("every excluded rep of %s", d.explain())
        .isEqualTo(List.copyOf(asked.entrySet()));
    for (int listed : new int[] {0, 1, 3}) {
      Map<String, TraceRecorder.ExclusionGroup> expected = new LinkedHashMap<>();
      asked.forEach((why, ids) -> expected.put(why,
          new TraceRecorder.ExclusionGroup(ids.size(), ids.subList(0, Math.min(listed, ids.size())))));
      assertThat(List.copyOf(t.exclusionSummary(listed).entrySet())).as("the first %d of each reason", listed)
          .isEqualTo(List.copyOf(expected.entrySet()));
    }
  }
}
