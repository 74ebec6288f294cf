package io.smartrouting.simulator;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The leads of one replication, generated once and replayed to every strategy with the same random draws
 * (common random numbers), so that differences between strategies are differences of routing, not of luck.
 */
final class LeadStream {

  /** Monday 2 November 2026, 09:00 UTC. */
  static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

  /** One lead with its draws: whether contact succeeds, whether it converts, how fast the rep responds. */
  static final class SimLead {
    final int index;
    final Lead lead;
    final Instant arrival;
    final Tier tier;
    final Segment segment;
    final String industry;
    final String language;
    final double contactDraw;
    final double convertDraw;
    final double responseDraw;

    SimLead(int index, Lead lead, Instant arrival, Tier tier, Segment segment, String industry, String language,
        double contactDraw, double convertDraw, double responseDraw) {
      this.index = index;
      this.lead = lead;
      this.arrival = arrival;
      this.tier = tier;
      this.segment = segment;
      this.industry = industry;
      this.language = language;
      this.contactDraw = contactDraw;
      this.convertDraw = convertDraw;
      this.responseDraw = responseDraw;
    }
  }

  final List<SimLead> leads;

  LeadStream(long seed, int count, double leadsPerDay) {
    SplittableRandom r = new SplittableRandom(seed);
    List<SimLead> out = new ArrayList<>(count);
    double meanGapSeconds = 8 * 3600 / leadsPerDay;
    ZonedDateTime t = START.atZone(ZoneOffset.UTC);
    for (int i = 0; i < count; i++) {
      t = t.plusNanos((long) (-Math.log(1 - r.nextDouble()) * meanGapSeconds * 1e9));
      t = intoBusinessHours(t);
      double tierDraw = r.nextDouble();
      Tier tier = tierDraw < 0.10 ? Tier.TIER_1 : tierDraw < 0.45 ? Tier.TIER_2 : Tier.TIER_3;
      double segDraw = r.nextDouble();
      Segment segment = segDraw < 0.50 ? Segment.SMB : segDraw < 0.85 ? Segment.MID_MARKET : Segment.ENTERPRISE;
      int employees = switch (segment) {
        case SMB -> 10 + r.nextInt(150);
        case MID_MARKET -> 250 + r.nextInt(650);
        case ENTERPRISE -> 1500 + r.nextInt(20_000);
      };
      String industry = World.INDUSTRIES.get(r.nextInt(World.INDUSTRIES.size()));
      double langDraw = r.nextDouble();
      String language = langDraw < 0.85 ? "en" : langDraw < 0.94 ? "de" : "fr";
      Lead.Builder b = Lead.builder(String.format("lead-%06d", i)).country("US").industry(industry)
          .employees(employees).language(language);
      if (tier == Tier.TIER_1) {
        b.source(LeadSource.DEMO_REQUEST);
      } else {
        b.source(LeadSource.CONTENT).icpScore(tier == Tier.TIER_2 ? 70 + r.nextInt(31) : r.nextInt(70));
      }
      out.add(new SimLead(i, b.build(), t.toInstant(), tier, segment, industry, language, r.nextDouble(),
          r.nextDouble(), World.gaussian(r)));
    }
    this.leads = List.copyOf(out);
  }

  /** Moves a time outside Mon-Fri 09:00-17:00 UTC forward by the closed time it fell into. */
  static ZonedDateTime intoBusinessHours(ZonedDateTime t) {
    while (true) {
      if (t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY) {
        t = t.plusDays(1);
        continue;
      }
      if (t.getHour() >= 17) {
        // Carry the overflow past 17:00 into the next morning.
        Duration over = Duration.between(t.withHour(17).withMinute(0).withSecond(0).withNano(0), t);
        t = t.plusDays(1).withHour(9).withMinute(0).withSecond(0).withNano(0).plus(over);
        continue;
      }
      if (t.getHour() < 9) {
        t = t.withHour(9).withMinute(0).withSecond(0).withNano(0);
        continue;
      }
      return t;
    }
  }
}
