package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.testing.Worlds;
import io.smartrouting.spi.CandidateSet;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.StrategyResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The two candidate sets a strategy sees, on rosters that fill up (reps below, at and above their capacity threshold,
 * at the bounded override's limit, at their daily caps), with and without the lead's industry: each set's
 * {@code size()} is the number of its members; without an industry, each set is every qualified rep with room under
 * its limit (a plain filter over the roster); every candidate is below its capacity threshold and every rep of the
 * set ignoring capacity below its override limit; and where the lead's industry has a specialist among a set, everyone
 * in that set is one (each set takes the industry preference on its own: specialists who are full but may take an
 * override, and generalists with headroom). The capacity pass counts its sets
 * without reading every member, so these are the checks that its arithmetic holds.
 */
class CandidateSetsProperties {

  private static final double THRESHOLD = 0.9;
  private static final double OVERRIDE_SHARE = 0.2;

  @Provide
  Arbitrary<List<Rep>> rosters() {
    // Up to 200 reps so the bitsets span several words; small capacities so reps fill up within a try.
    return Worlds.rosters(1, 200, 6);
  }

  @Provide
  Arbitrary<List<Lead>> leads() {
    return Worlds.leads().list().ofMinSize(1).ofMaxSize(120);
  }

  @Property(tries = 300)
  void eachSetsSizeIsItsMembersAndEveryMemberHasRoom(@ForAll("rosters") List<Rep> generated,
      @ForAll("leads") List<Lead> leads, @ForAll boolean dailyCaps) {
    List<Rep> roster = new ArrayList<>();
    for (int i = 0; i < generated.size(); i++) {
      Rep r = generated.get(i);
      roster.add(dailyCaps && i % 3 == 0 ? Rep.builderFrom(r).dailyCap(1 + i % 2).build() : r);
    }
    List<String> problems = new ArrayList<>();
    int[] decisions = {0};
    int[] overridden = {0};
    Router router = Router.builder().roster(roster).clock(new ManualClock(Instant.parse("2026-03-02T15:00:00Z")))
        .strategies(StrategyRegistry.of()).capacityThreshold(THRESHOLD)
        .step("probe", ctx -> {
          decisions[0]++;
          check(ctx, roster, problems);
          // Every other lead overrides capacity (least loaded of the set ignoring it), so reps pass their threshold
          // and reach their override limit; the others take the first candidate.
          CandidateSet pool = decisions[0] % 2 == 0 ? ctx.candidatesIgnoringCapacity() : ctx.candidates();
          int best = -1;
          for (int o = pool.first(); o >= 0; o = pool.next(o)) {
            if (best < 0 || ctx.openLeads(o) < ctx.openLeads(best)) {
              best = o;
            }
          }
          if (best < 0) {
            return StrategyResult.pass("nobody");
          }
          if (!ctx.hasHeadroom(best)) {
            overridden[0]++;
            return StrategyResult.assign(best, "override").withFlag(Flag.CAPACITY_OVERRIDE);
          }
          return StrategyResult.assign(best, "first");
        }).build();
    try {
      for (Lead lead : Worlds.distinctIds(leads)) {
        router.route(lead);
      }
    } finally {
      router.close();
    }
    assertThat(problems).isEmpty();
  }

  private static void check(RoutingContext ctx, List<Rep> roster, List<String> problems) {
    CandidateSet current = ctx.candidates();
    CandidateSet ignoring = ctx.candidatesIgnoringCapacity();
    int n = 0;
    for (int o = current.first(); o >= 0; o = current.next(o)) {
      n++;
      Rep r = roster.get(o);
      int admit = (int) Math.min(r.capacity(), Math.ceil(r.capacity() * THRESHOLD - 1e-9));
      if (ctx.openLeads(o) >= admit) {
        problems.add(r.id() + " is a candidate with " + ctx.openLeads(o) + " open leads of " + r.capacity());
      }
    }
    if (n != current.size()) {
      problems.add("candidates: size " + current.size() + " but " + n + " members");
    }
    int m = 0;
    for (int o = ignoring.first(); o >= 0; o = ignoring.next(o)) {
      m++;
      Rep r = roster.get(o);
      int limit = r.capacity() + (int) Math.ceil(r.capacity() * OVERRIDE_SHARE - 1e-9);
      if (ctx.openLeads(o) >= limit) {
        problems.add(r.id() + " ignores capacity with " + ctx.openLeads(o) + " open leads of " + r.capacity());
      }
    }
    if (m != ignoring.size()) {
      problems.add("ignoring capacity: size " + ignoring.size() + " but " + m + " members");
    }
    String industry = ctx.lead().industry();
    if (industry == null) {
      // No industry preference: each set is every qualified rep with room under its limit (all leads are today's and
      // none is released, so a rep's open leads are what it took today).
      io.smartrouting.core.internal.LeadFacts facts = new io.smartrouting.core.internal.LeadFacts(ctx.lead(), null,
          java.util.Set.of(), io.smartrouting.core.internal.Classification.of(ctx.lead(),
              ClassificationPolicy.defaults()).segment);
      for (int o = 0; o < roster.size(); o++) {
        Rep r = roster.get(o);
        boolean qualified = io.smartrouting.core.internal.HardCriteria.check(r, facts)
            == io.smartrouting.core.internal.HardCriteria.OK;
        int open = ctx.openLeads(o);
        boolean capped = r.dailyCap() > 0 && open >= r.dailyCap();
        int admit = (int) Math.min(r.capacity(), Math.ceil(r.capacity() * THRESHOLD - 1e-9));
        int limit = r.capacity() + (int) Math.ceil(r.capacity() * OVERRIDE_SHARE - 1e-9);
        if (current.contains(o) != (qualified && !capped && open < admit)) {
          problems.add(r.id() + " with " + open + " of " + r.capacity() + (current.contains(o) ? " is" : " is not")
              + " a candidate");
        }
        if (ignoring.contains(o) != (qualified && !capped && open < limit)) {
          problems.add(r.id() + " with " + open + " of " + r.capacity() + (ignoring.contains(o) ? " is" : " is not")
              + " among the reps ignoring capacity");
        }
      }
    } else {
      for (CandidateSet set : List.of(current, ignoring)) {
        boolean anySpecialist = false;
        boolean allSpecialists = true;
        for (int o = set.first(); o >= 0; o = set.next(o)) {
          boolean specialist = roster.get(o).industries().contains(industry);
          anySpecialist |= specialist;
          allSpecialists &= specialist;
        }
        if (anySpecialist && !allSpecialists) {
          problems.add("a set mixes specialists of " + industry + " with others");
        }
      }
    }
  }
}
