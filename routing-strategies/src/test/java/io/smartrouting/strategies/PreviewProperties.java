package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.AccountTier;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.WorkingHours;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.state.Placement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@code preview(lead)} is the {@code route(lead)} that follows it on the same state, and changes nothing: over random
 * worlds and random sequences of routes, releases, contacts and time passing, every preview equals the route after it
 * (rep or queue, deciding step, tier, segment, account, flags, deadline and the whole explanation), a second preview
 * equals the first, and open placements, open counts, waiting leads, armed timers and metrics are the same before
 * and after the preview. Round-robin turns are covered by the equality itself: a preview that took a turn would make
 * the route after it pick the next rep; so are fair shares, in a third of the tries, whose chain weighs with them.
 */
class PreviewProperties {

  private static final String[] INDUSTRIES = RandomLeads.INDUSTRIES;

  @Property(tries = 200)
  void previewIsTheRouteThatFollowsAndChangesNothing(@ForAll long seed,
      @ForAll @Size(min = 5, max = 60) List<@IntRange(min = 0, max = 99) Integer> ops) {
    Random rnd = new Random(seed);
    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T14:00:00Z"));
    List<Rep> reps = new ArrayList<>();
    int n = 3 + rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      Rep.Builder b = Rep.builder("r" + i).team(i % 2 == 0 ? "east" : "west").territories(i % 3 == 0 ? "*" : "US")
          .capacity(1 + rnd.nextInt(4)).responseMinutes(5 + rnd.nextInt(40)).weight(1 + rnd.nextInt(2));
      if (rnd.nextBoolean()) {
        b.industries(INDUSTRIES[rnd.nextInt(3)]);
      }
      if (rnd.nextInt(3) == 0) {
        b.segments(Segment.values()[rnd.nextInt(3)]);
      }
      if (rnd.nextInt(3) == 0) {
        b.timeZone("America/New_York").workingHours(WorkingHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0)));
      }
      if (i > 0 && rnd.nextInt(4) == 0) {
        b.managerId("r0");
      }
      reps.add(b.build());
    }
    List<Account> accounts = List.of(Account.builder("acc-a").name("Alpha").domains("alpha.com").ownerRepId("r1")
        .tier(AccountTier.values()[rnd.nextInt(3)]).build());
    Router.Builder builder = Router.builder().roster(reps).accounts(accounts).clock(clock).manualTimers();
    if (rnd.nextInt(3) == 0) {
      // A rule that places one industry's leads in a queue, first: previewed as it routes.
      builder.step(io.smartrouting.core.ChainStep.toQueue("pool").when("industry = '" + INDUSTRIES[0] + "'"));
    }
    if (rnd.nextInt(3) == 0) {
      // The weighted step with fair-share bounds over a short window, so that reps reach their maximum share: a
      // preview passes over the reps the route passes over (until 6 December 2026 it judged by the shares before the
      // decision, and a rep at its maximum was passed over in the preview and picked by the route).
      builder.step(io.smartrouting.core.ChainStep.of("tier-fast-track").onlyFor(io.smartrouting.api.Tier.TIER_1))
          .step("weighted", io.smartrouting.spi.StrategyConfig.of("fairness.min", "0.5", "fairness.max", "1.5",
              "fairness.halfLife", Integer.toString(5 + rnd.nextInt(30))));
    } else {
      builder.defaultChain();
    }
    Router router = builder.managerFallback(rnd.nextBoolean()).build();
    List<String> open = new ArrayList<>();
    int next = 0;
    for (int op : ops) {
      if (op < 55) {
        Lead lead = lead("lead-" + next++, rnd);
        String before = state(router);
        Decision preview = router.preview(lead);
        assertThat(state(router)).as("a preview changes nothing").isEqualTo(before);
        assertSame(router.preview(lead), preview);
        Decision routed = router.route(lead);
        assertSame(preview, routed);
        open.add(routed.leadId());
      } else if (op < 75 && !open.isEmpty()) {
        router.release(open.remove(rnd.nextInt(open.size())));
      } else if (op < 85 && !open.isEmpty()) {
        String id = open.get(rnd.nextInt(open.size()));
        Placement p = router.placement(id).orElseThrow();
        if (p.repId() != null) {
          router.recordContact(id, clock.instant());
        }
      } else if (op < 95) {
        clock.advance(Duration.ofMinutes(1 + rnd.nextInt(240)));
        router.fireDueTimers();
      } else if (!open.isEmpty()) {
        // An open lead previews as the decision it has.
        String id = open.get(rnd.nextInt(open.size()));
        Placement p = router.placement(id).orElseThrow();
        Decision again = router.preview(Lead.builder(id).country("US").build());
        assertThat(again.repId() != null ? again.repId() : again.queue()).isNotNull();
        assertThat(p.repId() != null || p.queue() != null).isTrue();
      }
    }
  }

  private static Lead lead(String id, Random rnd) {
    return RandomLeads.lead(id, rnd, false, 6, "alpha.com");
  }


  private static void assertSame(Decision a, Decision b) {
    assertThat(b.repId()).as("rep of %s", a.leadId()).isEqualTo(a.repId());
    assertThat(b.queue()).isEqualTo(a.queue());
    assertThat(b.decidedBy()).isEqualTo(a.decidedBy());
    assertThat(b.tier()).isEqualTo(a.tier());
    assertThat(b.segment()).isEqualTo(a.segment());
    assertThat(b.accountId()).isEqualTo(a.accountId());
    assertThat(b.flags()).isEqualTo(a.flags());
    assertThat(b.slaDeadline()).isEqualTo(a.slaDeadline());
    assertThat(b.decidedAt()).isEqualTo(a.decidedAt());
    assertThat(b.explain()).isEqualTo(a.explain());
  }

  /** Everything a preview must leave as it was, as text. */
  private static String state(Router router) {
    TreeSet<String> placements = new TreeSet<>();
    for (Placement p : router.openPlacements()) {
      placements.add(p.toString());
    }
    TreeMap<String, Integer> open = new TreeMap<>();
    for (Rep r : router.roster()) {
      open.put(r.id(), router.openLeads(r.id()));
    }
    return placements + "\n" + open + "\nwaiting " + router.waitingLeads() + ", timers " + router.armedTimers()
        + "\n" + router.metrics().toText();
  }
}
