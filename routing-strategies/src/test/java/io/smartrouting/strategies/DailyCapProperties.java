package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Daily, weekly and monthly caps, alone and together, over random rosters (caps, zones, capacities), random leads of
 * every tier over several days and weeks and random releases: no rep takes more than any of its caps in any of its own
 * days, weeks or months, no lead is lost, and a rep below all its caps and its capacity is never passed over for the
 * queue.
 */
class DailyCapProperties {

  private static final ZoneId[] ZONES = {ZoneId.of("UTC"), ZoneId.of("America/New_York"), ZoneId.of("Asia/Tokyo"),
      ZoneId.of("Pacific/Kiritimati"), ZoneId.of("America/Los_Angeles")};

  @Property(tries = 150)
  void noRepTakesMoreThanItsCapInAnyOfItsDaysAndNoLeadIsLost(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int repCount, @ForAll @IntRange(min = 10, max = 300) int leads) {
    Random rnd = new Random(seed);
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < repCount; i++) {
      int cap = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(6);
      // Each kind of cap on its own or with the others (a longer period's cap at least a shorter one's).
      int kinds = cap == 0 ? 0 : 1 + rnd.nextInt(7);
      int daily = (kinds & 1) != 0 ? cap : 0;
      int weekly = (kinds & 2) != 0 ? cap + rnd.nextInt(3 * cap) : 0;
      int monthly = (kinds & 4) != 0 ? Math.max(cap, weekly) + rnd.nextInt(4 * cap) : 0;
      reps.add(Rep.builder("r" + i).territories("*").timeZone(ZONES[rnd.nextInt(ZONES.length)])
          .capacity(1 + rnd.nextInt(12)).dailyCap(daily).weeklyCap(weekly).monthlyCap(monthly)
          .responseMinutes(1 + rnd.nextInt(60)).build());
    }
    ManualClock clock = new ManualClock(Instant.parse("2026-12-04T00:00:00Z").plusSeconds(rnd.nextInt(86_400)));
    Map<String, Integer> perRepDay = new HashMap<>();
    List<String> open = new ArrayList<>();
    try (Router router = Router.builder().roster(reps).clock(clock).manualTimers().defaultChain().build()) {
      for (int n = 0; n < leads; n++) {
        clock.advance(java.time.Duration.ofMinutes(rnd.nextInt(240)));
        int kind = rnd.nextInt(10);
        Lead.Builder b = Lead.builder("L" + n).country("US").employees(10 + rnd.nextInt(5000));
        if (kind == 0) {
          b.source(LeadSource.DEMO_REQUEST);
        } else {
          b.icpScore(kind < 4 ? 90 : 20);
        }
        Decision d = router.route(b.build());
        assertThat(router.placement(d.leadId())).as("lead %s placed", d.leadId()).isPresent();
        if (d.repId() != null) {
          Rep rep = reps.get(Integer.parseInt(d.repId().substring(1)));
          for (int k = 0; k < 3; k++) {
            String period = periodKey(rep, k, clock.instant());
            int taken = perRepDay.merge(period, 1, Integer::sum);
            if (cap(rep, k) > 0) {
              assertThat(taken).as("%s", period).isLessThanOrEqualTo(cap(rep, k));
            }
          }
          open.add(d.leadId());
        } else {
          // Queued: then every rep was at one of its caps or at its capacity.
          for (Rep rep : reps) {
            boolean capped = false;
            for (int k = 0; k < 3; k++) {
              capped |= cap(rep, k) > 0
                  && perRepDay.getOrDefault(periodKey(rep, k, clock.instant()), 0) >= cap(rep, k);
            }
            boolean full = router.openLeads(rep.id()) >= rep.capacity() * 0.9;
            assertThat(capped || full).as("%s passed over for the queue (lead %s)", rep.id(), d.leadId()).isTrue();
          }
        }
        if (!open.isEmpty() && rnd.nextInt(3) > 0) {
          router.release(open.remove(rnd.nextInt(open.size())));
        }
      }
    }
  }

  /**
   * The rep's period of kind {@code k} (0 day, 1 week, 2 month) at {@code at}, as a key: the rep, the kind and the
   * period's first day in the rep's zone (its day, its week's Monday, the 1st of its month).
   */
  private static String periodKey(Rep rep, int k, Instant at) {
    LocalDate day = LocalDate.ofInstant(at, rep.timeZone());
    LocalDate first = k == 1 ? day.with(java.time.temporal.ChronoField.DAY_OF_WEEK, 1)
        : k == 2 ? day.withDayOfMonth(1) : day;
    return rep.id() + "/" + k + "@" + first;
  }

  private static int cap(Rep rep, int k) {
    return k == 0 ? rep.dailyCap() : k == 1 ? rep.weeklyCap() : rep.monthlyCap();
  }
}
