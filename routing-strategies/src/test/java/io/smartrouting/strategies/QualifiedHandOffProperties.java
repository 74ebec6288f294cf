package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Segment;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.core.state.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The SDR-to-AE hand-off ({@link Router.Builder#handOffQualifiedLeads}) under random work: leads routed (some
 * qualified already), contacted, qualified, updated with other facts, reassigned by a person, released, and time that
 * breaches deadlines and drains queues. With the hand-off on, a lead an SDR held when it became qualified leaves that
 * SDR at once and never comes back to it, and a qualified lead the chain places is with an AE (the chain's step for
 * qualified leads) or waits; with it off, qualifying never moves a lead. Either way no lead is lost or doubled and no
 * rep goes over its capacity, and every update is previewed first ({@link Router#previewUpdate}): the preview changes
 * nothing and says what the update then does.
 */
class QualifiedHandOffProperties {

  private static final Instant START = Instant.parse("2026-12-07T14:00:00Z");

  @Property(tries = 200)
  @StatisticsReport(onFailureOnly = true)
  void aQualifiedLeadLeavesItsSdrForGoodAndNoLeadIsLost(@ForAll long seed, @ForAll boolean handOff,
      @ForAll boolean withinTeam,
      @ForAll @IntRange(min = 1, max = 3) int sdrs, @ForAll @IntRange(min = 1, max = 3) int aes,
      @ForAll @IntRange(min = 10, max = 60) int steps) {
    Random rnd = new Random(seed);
    List<Rep> reps = new ArrayList<>();
    Map<String, Integer> capacity = new HashMap<>();
    Set<String> aeIds = new HashSet<>();
    Map<String, String> teams = new HashMap<>();
    for (int i = 0; i < sdrs + aes; i++) {
      boolean sdr = i < sdrs;
      String id = (sdr ? "sdr-" : "ae-") + i;
      int cap = 1 + rnd.nextInt(3);
      capacity.put(id, cap);
      if (!sdr) {
        aeIds.add(id);
      }
      // Two pods, and now and then a rep in none.
      String team = rnd.nextInt(5) == 0 ? null : "pod-" + rnd.nextInt(2);
      teams.put(id, team);
      reps.add(Rep.builder(id).territories("US").role(sdr ? RepRole.SDR : RepRole.AE).team(team).capacity(cap)
          .build());
    }
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    ManualClock clock = new ManualClock(START);
    // No outcome is reported here: every win the model holds is an SDR's qualification.
    ConversionModel model = new ConversionModel();
    Map<String, Integer> credits = new HashMap<>();
    Router.Builder b = Router.builder().roster(reps).clock(clock).manualTimers().maxOverride(0).learning(model)
        .listener(events::add).handOffQualifiedLeads(handOff).handOffWithinTeam(withinTeam)
        .step(ChainStep.of("round-robin").named("closers").when("sales_qualified = true").reps("role = 'AE'"))
        .step(ChainStep.of("round-robin").named("qualifiers").when("sales_qualified = false").reps("role = 'SDR'"));
    Map<String, Lead> open = new HashMap<>();
    // Leads handed off, and the SDR each left, which must never hold it again.
    Map<String, String> leftBy = new HashMap<>();
    // Qualified leads a person placed since they were qualified: the chain did not choose their holder.
    Set<String> placedByAPerson = new HashSet<>();
    int handedOff = 0;
    int podHandOffs = 0;
    try (Router router = b.build()) {
      for (int step = 0, n = 0; step < steps; step++) {
        int op = rnd.nextInt(10);
        List<String> ids = new ArrayList<>(open.keySet());
        java.util.Collections.sort(ids);
        String some = ids.isEmpty() ? null : ids.get(rnd.nextInt(ids.size()));
        if (op <= 2 || some == null) {
          Lead lead = Lead.builder("l" + n++).country("US").icpScore(rnd.nextBoolean() ? 80 : 20)
              .salesQualified(rnd.nextInt(5) == 0).build();
          router.route(lead);
          open.put(lead.id(), lead);
        } else if (op == 3) {
          router.recordContact(some, clock.instant());
        } else if (op <= 5) {
          Lead before = open.get(some);
          Placement was = router.placement(some).orElseThrow();
          int movesBefore = moves(events, RoutingEvent.Move.QUALIFIED);
          Lead qualified = Lead.builderFrom(before).salesQualified(true).build();
          // The AEs of the holder's pod that could take it now: room, and never a holder of it before.
          List<String> podWithRoom = new ArrayList<>();
          String pod = was.repId() == null ? null : teams.get(was.repId());
          for (String ae : aeIds) {
            if (pod != null && pod.equals(teams.get(ae)) && router.openLeads(ae) < capacity.get(ae)
                && !was.earlierHolders().contains(ae) && !ae.equals(was.repId())) {
              podWithRoom.add(ae);
            }
          }
          Decision said = previewChangingNothing(router, qualified);
          Decision d = router.update(qualified);
          assertAlike(said, d);
          open.put(some, qualified);
          if (!before.salesQualified()) {
            placedByAPerson.remove(some); // where it is now, a hand-off put it or it stayed with a rep or queue
          }
          Placement now = router.placement(some).orElseThrow();
          boolean fromSdr = was.repId() != null && was.repId().startsWith("sdr-");
          if (handOff && fromSdr && !before.salesQualified()) {
            assertThat(now.repId()).as("a lead %s qualified while %s held it", some, was.repId())
                .isNotEqualTo(was.repId());
            assertThat(moves(events, RoutingEvent.Move.QUALIFIED)).isEqualTo(movesBefore + 1);
            leftBy.put(some, was.repId());
            credits.merge(was.repId(), 1, Integer::sum);
            if (withinTeam && !podWithRoom.isEmpty()) {
              podHandOffs++;
              assertThat(now.repId()).as("%s, qualified under %s of %s, with %s of its pod free", some, was.repId(),
                  pod, podWithRoom).isIn(podWithRoom);
            }
            handedOff++;
          } else {
            assertThat(now.repId()).as("qualifying %s moves it only off an SDR, with the hand-off on", some)
                .isEqualTo(was.repId());
            assertThat(moves(events, RoutingEvent.Move.QUALIFIED)).isEqualTo(movesBefore);
          }
          assertThat(d.repId()).isEqualTo(now.repId());
        } else if (op == 6) {
          // A person's choice, never the SDR a lead left (that would be a person undoing the hand-off).
          String to = reps.get(rnd.nextInt(reps.size())).id();
          Placement p = router.placement(some).orElseThrow();
          if (!to.equals(leftBy.get(some)) && !to.equals(p.repId()) && router.openLeads(to) < capacity.get(to)) {
            router.reassign(some, to, "a person's choice");
            placedByAPerson.add(some);
          }
        } else if (op == 7) {
          router.release(some);
          open.remove(some);
          leftBy.remove(some);
          placedByAPerson.remove(some);
        } else if (op == 8) {
          Lead edited = Lead.builderFrom(open.get(some)).employees(10 + rnd.nextInt(100)).build();
          Decision said = previewChangingNothing(router, edited);
          assertAlike(said, router.update(edited));
          open.put(some, edited);
        } else {
          clock.advance(Duration.ofMinutes(1 + rnd.nextInt(90)));
          router.fireDueTimers();
        }
        check(router, open, leftBy, placedByAPerson, capacity, aeIds, handOff);
        for (Rep rep : reps) {
          long wins = 0;
          for (Segment segment : Segment.values()) {
            wins += model.estimate(rep.id(), segment, null).wins();
          }
          assertThat(wins).as("%s credited once for each lead qualified under it", rep.id())
              .isEqualTo((long) credits.getOrDefault(rep.id(), 0));
        }
        assertThat(model.outcomes()).isEqualTo((long) handedOff);
        assertThat(model.qualifiers()).as("the SDRs, a team of their own while the hand-off is on")
            .hasSize(handOff ? sdrs : 0);
      }
    }
    Statistics.label("handed off").collect(handedOff > 0);
    Statistics.label("handed off within a pod with room").collect(podHandOffs > 0);
    Statistics.label("handed off within a pod with room").coverage(c -> c.check(true).percentage(pct -> pct >= 3));
    Statistics.label("handed off").coverage(c -> c.check(true).percentage(pct -> pct >= 20));
  }

  private static void check(Router router, Map<String, Lead> open, Map<String, String> leftBy,
      Set<String> placedByAPerson, Map<String, Integer> capacity, Set<String> aeIds, boolean handOff) {
    Map<String, Integer> held = new HashMap<>();
    for (Map.Entry<String, Lead> e : open.entrySet()) {
      Placement p = router.placement(e.getKey()).orElse(null);
      assertThat(p).as("open lead %s has a place", e.getKey()).isNotNull();
      assertThat(p.repId() == null).as("lead %s with a rep or in a queue", e.getKey()).isNotEqualTo(p.queue() == null);
      if (p.repId() == null) {
        continue;
      }
      held.merge(p.repId(), 1, Integer::sum);
      assertThat(p.repId()).as("lead %s, handed off, back with the SDR it left", e.getKey())
          .isNotEqualTo(leftBy.get(e.getKey()));
      if (handOff && e.getValue().salesQualified() && !placedByAPerson.contains(e.getKey())) {
        assertThat(aeIds).as("holder of qualified lead %s (handed off: %s)", e.getKey(), leftBy.get(e.getKey()))
            .contains(p.repId());
      }
    }
    assertThat(router.openPlacements()).as("no lead open that the driver released").hasSize(open.size());
    held.forEach((rep, count) -> {
      assertThat(count).as("%s's open leads against its capacity", rep).isLessThanOrEqualTo(capacity.get(rep));
      assertThat(router.openLeads(rep)).as("%s's count against its placements", rep).isEqualTo(count);
    });
  }

  /** {@link Router#previewUpdate}, checked to change nothing: the lead's placement and every rep's count. */
  private static Decision previewChangingNothing(Router router, Lead lead) {
    Placement before = router.placement(lead.id()).orElseThrow();
    Map<String, Integer> counts = new HashMap<>();
    router.openPlacements().forEach(p -> {
      if (p.repId() != null) {
        counts.merge(p.repId(), 1, Integer::sum);
      }
    });
    Decision said = router.previewUpdate(lead);
    assertThat(router.placement(lead.id()).orElseThrow()).as("a preview moves nothing").isEqualTo(before);
    counts.forEach((rep, n) -> assertThat(router.openLeads(rep)).as("%s after a preview", rep).isEqualTo(n));
    return said;
  }

  /** The preview against the update that followed it: the same place, step, tier, segment, flags and deadline. */
  private static void assertAlike(Decision said, Decision made) {
    assertThat(said.repId()).as("rep of %s, previewed", made.leadId()).isEqualTo(made.repId());
    assertThat(said.queue()).as("queue of %s, previewed", made.leadId()).isEqualTo(made.queue());
    assertThat(said.decidedBy()).isEqualTo(made.decidedBy());
    assertThat(said.tier()).isEqualTo(made.tier());
    assertThat(said.segment()).isEqualTo(made.segment());
    assertThat(said.flags()).isEqualTo(made.flags());
    assertThat(said.slaDeadline()).isEqualTo(made.slaDeadline());
  }

  private static int moves(List<RoutingEvent> events, RoutingEvent.Move kind) {
    int n = 0;
    for (RoutingEvent e : events) {
      if (e instanceof RoutingEvent.LeadMoved m && m.move() == kind) {
        n++;
      }
    }
    return n;
  }
}
