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
 * Daily and weekly caps over random rosters (caps, zones, capacities), random leads of every tier over several days
 * and weeks and random releases: no rep takes more than its cap in any of its own days (or weeks), no lead is lost,
 * and a rep below its cap and capacity is never passed over for the queue.
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
      // A third of the capped reps count by the week, a sixth by the month (and take more in one).
      int period = rnd.nextInt(6);
      boolean weekly = period < 2;
      boolean monthly = period == 2;
      reps.add(Rep.builder("r" + i).territories("*").timeZone(ZONES[rnd.nextInt(ZONES.length)])
          .capacity(1 + rnd.nextInt(12)).dailyCap(weekly || monthly ? 0 : cap).weeklyCap(weekly ? 3 * cap : 0)
          .monthlyCap(monthly ? 6 * cap : 0).responseMinutes(1 + rnd.nextInt(60)).build());
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
          LocalDate day = period(rep, clock.instant());
          int taken = perRepDay.merge(rep.id() + "@" + day, 1, Integer::sum);
          if (cap(rep) > 0) {
            assertThat(taken).as("%s in the period of %s", rep.id(), day).isLessThanOrEqualTo(cap(rep));
          }
          open.add(d.leadId());
        } else {
          // Queued: then every rep was at its cap today or at its capacity.
          for (Rep rep : reps) {
            LocalDate day = period(rep, clock.instant());
            boolean capped = cap(rep) > 0 && perRepDay.getOrDefault(rep.id() + "@" + day, 0) >= cap(rep);
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

  /** The first day of the rep's cap period at {@code at}: its day, or its week's Monday for a weekly cap. */
  private static LocalDate period(Rep rep, Instant at) {
    LocalDate day = LocalDate.ofInstant(at, rep.timeZone());
    return rep.weeklyCap() > 0 ? day.with(java.time.temporal.ChronoField.DAY_OF_WEEK, 1)
        : rep.monthlyCap() > 0 ? day.withDayOfMonth(1) : day;
  }

  private static int cap(Rep rep) {
    return Math.max(rep.dailyCap(), Math.max(rep.weeklyCap(), rep.monthlyCap()));
  }
}
