package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.AccountTier;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.spi.StrategyConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A large roster's decisions start from sparse cached buckets and go over only the words those list, with a thread's
 * arrays cleaned word by word between decisions; a small roster's go over every word. The same reps decide the same:
 * over random worlds, the default chain on a few dozen reps and on the same reps spread, in their order, through 4,200
 * (the others inactive and covering Japan only, so never candidates) gives every lead of a random sequence of routes,
 * releases and contacts the same rep or queue, step, tier and flags.
 */
class LargeRosterAgreementProperties {

  private static final int LARGE = 4_200;

  @Property(tries = 25)
  void spreadThroughALargeRosterTheSameRepsDecideTheSame(@ForAll long seed,
      @ForAll @Size(min = 20, max = 120) List<@IntRange(min = 0, max = 99) Integer> ops) {
    Random rnd = new Random(seed);
    List<Rep> reps = new ArrayList<>();
    // Enough reps that the weighted step walks best-first on the large roster too (candidates squared >= roster).
    int n = 70 + rnd.nextInt(60);
    String[] territories = {"US", "US-CA", "US-NY", "CA", "*"};
    for (int i = 0; i < n; i++) {
      Rep.Builder b = Rep.builder("r" + i).territories(territories[rnd.nextInt(territories.length)])
          .capacity(1 + rnd.nextInt(5)).responseMinutes(2 + rnd.nextInt(120)).weight(1 + rnd.nextInt(3));
      if (rnd.nextBoolean()) {
        b.industries(RandomLeads.INDUSTRIES[rnd.nextInt(3)]);
      }
      if (rnd.nextInt(3) == 0) {
        b.segments(Segment.values()[rnd.nextInt(3)]);
      }
      if (rnd.nextInt(4) == 0) {
        b.languages(rnd.nextBoolean() ? "fr" : "en");
      }
      if (i > 0 && rnd.nextInt(5) == 0) {
        b.managerId("r0");
      }
      reps.add(b.build());
    }
    List<Rep> spread = new ArrayList<>(LARGE);
    boolean[] at = new boolean[LARGE];
    for (int placed = 0; placed < n; ) {
      int o = rnd.nextInt(LARGE);
      if (!at[o]) {
        at[o] = true;
        placed++;
      }
    }
    for (int o = 0, next = 0; o < LARGE; o++) {
      spread.add(at[o] ? reps.get(next++) : Rep.builder("filler-" + o).territories("JP").active(false).build());
    }
    List<Account> accounts = List.of(Account.builder("acc-a").name("Alpha").domains("alpha.com").ownerRepId("r1")
        .tier(AccountTier.values()[rnd.nextInt(3)]).build());
    boolean managers = rnd.nextBoolean();
    ManualClock smallClock = new ManualClock(Instant.parse("2026-12-02T14:00:00Z"));
    ManualClock largeClock = new ManualClock(smallClock.instant());
    // The default chain; half the worlds with the weighted step walking best-first, which asks whether each rep it
    // meets is a candidate (a bit left from an earlier decision would be a wrong yes).
    // A returning contact goes to the rep holding the person's open lead if that rep is a candidate now (the same
    // person may write from another country).
    List<ChainStep> chain = List.of(ChainStep.of("returning-contact"), ChainStep.of("account-owner"),
        ChainStep.of("tier-fast-track").onlyFor(Tier.TIER_1),
        ChainStep.of("weighted", StrategyConfig.of("bestFirst", rnd.nextBoolean() ? "true" : "auto"))
            .onlyFor(Tier.TIER_2),
        ChainStep.of("round-robin").onlyFor(Tier.TIER_3));
    Router.Builder smallBuilder = Router.builder().roster(reps).accounts(accounts).clock(smallClock).manualTimers()
        .managerFallback(managers);
    Router.Builder largeBuilder = Router.builder().roster(spread).accounts(accounts).clock(largeClock)
        .manualTimers().managerFallback(managers);
    for (ChainStep step : chain) {
      smallBuilder.step(step);
      largeBuilder.step(step);
    }
    Router small = smallBuilder.build();
    Router large = largeBuilder.build();
    List<String> open = new ArrayList<>();
    int next = 0;
    for (int op : ops) {
      if (op < 60) {
        Lead lead = RandomLeads.lead("lead-" + next++, rnd, true, 6, "alpha.com");
        if (lead.email() == null) {
          lead = Lead.builderFrom(lead).email("person" + rnd.nextInt(12) + "@prospect.example").build();
        }
        Decision a = small.route(lead);
        Decision b = large.route(lead);
        assertThat(b.repId()).as("rep of %s", lead).isEqualTo(a.repId());
        assertThat(b.queue()).isEqualTo(a.queue());
        assertThat(b.decidedBy()).isEqualTo(a.decidedBy());
        assertThat(b.tier()).isEqualTo(a.tier());
        assertThat(b.flags()).isEqualTo(a.flags());
        open.add(lead.id());
      } else if (op < 80 && !open.isEmpty()) {
        String id = open.remove(rnd.nextInt(open.size()));
        small.release(id);
        large.release(id);
      } else if (op < 90 && !open.isEmpty()) {
        String id = open.get(rnd.nextInt(open.size()));
        if (small.placement(id).orElseThrow().repId() != null) {
          small.recordContact(id, smallClock.instant());
          large.recordContact(id, largeClock.instant());
        }
      } else {
        Duration d = Duration.ofMinutes(1 + rnd.nextInt(90));
        smallClock.advance(d);
        largeClock.advance(d);
        small.fireDueTimers();
        large.fireDueTimers();
      }
    }
  }
}
