package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.AccountTier;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.WorkingHours;
import io.smartrouting.core.DecisionRecord;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * An audit record accounts for every rep of the roster, and says what held when the lead was decided: over random
 * worlds (up to 140 reps with room for one or two leads, so that often more than 64 are full at once; accounts of
 * every tier, languages, segments, industries, working hours) and random sequences of routes, releases and time
 * passing, each rep of a decision's record is either a candidate of the first step that ran or excluded for exactly
 * one reason, and the record written later, after other leads came and went, is the one written at once.
 */
class RecordCoverageProperties {

  private static final String[] INDUSTRIES = RandomLeads.INDUSTRIES;

  @Property(tries = 120)
  void everyRepIsACandidateOrExcludedOnceAndALateRecordSaysTheSame(@ForAll long seed,
      @ForAll @Size(min = 40, max = 250) List<@IntRange(min = 0, max = 99) Integer> ops) {
    Random rnd = new Random(seed);
    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T14:00:00Z"));
    List<Rep> reps = new ArrayList<>();
    int n = 20 + rnd.nextInt(121);
    for (int i = 0; i < n; i++) {
      Rep.Builder b = Rep.builder("r" + i).territories(i % 7 == 0 ? "*" : rnd.nextInt(5) == 0 ? "CA" : "US")
          .capacity(1 + rnd.nextInt(2)).responseMinutes(5 + rnd.nextInt(40)).active(rnd.nextInt(15) != 0);
      if (rnd.nextBoolean()) {
        b.industries(INDUSTRIES[rnd.nextInt(3)]);
      }
      if (rnd.nextInt(3) == 0) {
        b.segments(Segment.values()[rnd.nextInt(3)]);
      }
      if (rnd.nextInt(4) == 0) {
        b.languages(rnd.nextBoolean() ? "fr" : "en");
      }
      if (rnd.nextInt(4) == 0) {
        b.timeZone("America/New_York").workingHours(WorkingHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0)));
      }
      reps.add(b.build());
    }
    List<Account> accounts = List.of(
        Account.builder("acc-a").name("Alpha").domains("alpha.com").ownerRepId("r1")
            .teamRepIds(List.of("r2", "r3")).tier(AccountTier.values()[rnd.nextInt(3)]).build(),
        Account.builder("acc-b").name("Beta").domains("beta.com").ownerRepId("r4").backupRepId("r5")
            .tier(AccountTier.values()[rnd.nextInt(3)]).build());
    Router router = Router.builder().roster(reps).accounts(accounts).clock(clock).manualTimers().defaultChain()
        .build();
    List<String> open = new ArrayList<>();
    List<DecisionRecord> written = new ArrayList<>();
    List<String> writtenAtOnce = new ArrayList<>();
    int next = 0;
    for (int op : ops) {
      if (op < 70) {
        Decision d = router.route(lead("lead-" + next++, rnd));
        open.add(d.leadId());
        DecisionRecord record = router.record(d);
        assertCoversTheRoster(record, n, d);
        written.add(record);
        writtenAtOnce.add(record.toJson());
      } else if (op < 85 && !open.isEmpty()) {
        router.release(open.remove(rnd.nextInt(open.size())));
      } else {
        clock.advance(Duration.ofMinutes(1 + rnd.nextInt(240)));
        router.fireDueTimers();
      }
    }
    for (int i = 0; i < written.size(); i++) {
      assertThat(written.get(i).toJson()).as("record %d written late", i).isEqualTo(writtenAtOnce.get(i));
    }
  }

  private static void assertCoversTheRoster(DecisionRecord record, int rosterSize, Decision d) {
    Set<String> excluded = new HashSet<>();
    int listed = 0;
    for (List<String> ids : record.excluded().values()) {
      excluded.addAll(ids);
      listed += ids.size();
    }
    assertThat(listed).as("a rep excluded for two reasons in %s", d.explain()).isEqualTo(excluded.size());
    int candidates = record.steps().isEmpty() ? 0 : record.steps().get(0).candidates();
    assertThat(listed + candidates).as("excluded plus candidates of the first step in %s", d.explain())
        .isEqualTo(rosterSize);
  }

  private static Lead lead(String id, Random rnd) {
    return RandomLeads.lead(id, rnd, true, 5, "alpha.com", "beta.com");
  }

}
