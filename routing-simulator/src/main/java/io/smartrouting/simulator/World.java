package io.smartrouting.simulator;

import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.api.WorkingHours;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The synthetic world, deterministic from a seed: reps with hidden true conversion rates, response times and
 * contact reliability, and the rules that turn a routing choice into contact and conversion. Every assumption is a
 * field of {@link Assumptions} and is printed with the results.
 */
final class World {

  static final List<String> INDUSTRIES = List.of("fintech", "healthcare", "retail", "manufacturing", "software");
  static final List<String> LANGUAGES = List.of("en", "de", "fr");

  /** The world's rules, printed with every run. "flat" makes every rep identical. */
  record Assumptions(String name, int reps, boolean flat, double leadsPerDay, Map<Segment, Double> baseConversion,
      Map<Tier, Double> tierLift, double repSkillSpread, double industrySkillSpread, double specialistLift,
      double offIndustryPenalty, double languageMismatchPenalty, double decayFloor, double decayMinutes,
      double reachFloor, double reachMinutes,
      double overloadFrom, double overloadSlope, double workingHoursContactDays, double uncontactedReleaseHours) {

    /**
     * A copy with the numeric assumption {@code name} set to {@code value} (for {@code --assume name=value}).
     *
     * @throws IllegalArgumentException naming the known assumptions if {@code name} is not one of them
     */
    Assumptions with(String name, double value) {
      java.lang.reflect.RecordComponent[] parts = Assumptions.class.getRecordComponents();
      Object[] args = new Object[parts.length];
      List<String> numeric = new ArrayList<>();
      boolean found = false;
      try {
        for (int i = 0; i < parts.length; i++) {
          args[i] = parts[i].getAccessor().invoke(this);
          if (parts[i].getType() == double.class) {
            numeric.add(parts[i].getName());
            if (parts[i].getName().equals(name)) {
              args[i] = value;
              found = true;
            }
          }
        }
        if (!found) {
          throw new IllegalArgumentException("unknown assumption '" + name + "'; numeric assumptions: " + numeric);
        }
        if (!Double.isFinite(value) || value < 0) {
          throw new IllegalArgumentException("assumption " + name + " must be finite and >= 0 but was " + value);
        }
        if (name.endsWith("Minutes") && value == 0) {
          // exp(-minutes / 0) is NaN for a reply in the same minute: every such lead would silently never convert
          throw new IllegalArgumentException("assumption " + name + " is a time constant and must be > 0 but was 0");
        }
        if (name.endsWith("Floor") && value > 1) {
          throw new IllegalArgumentException("assumption " + name
              + " is the share left after the longest wait and must be at most 1 but was " + value);
        }
        Class<?>[] types = new Class<?>[parts.length];
        for (int i = 0; i < parts.length; i++) {
          types[i] = parts[i].getType();
        }
        return Assumptions.class.getDeclaredConstructor(types).newInstance(args);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot copy assumptions", e);
      }
    }

    Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("world", name);
      m.put("reps", reps);
      m.put("repsIdentical", flat);
      m.put("leadsPerBusinessDay", leadsPerDay);
      m.put("arrivals", "Poisson, Mon-Fri 09:00-17:00 UTC; reps work the same hours");
      m.put("leadMix", "Tier 1 10% / Tier 2 35% / Tier 3 55%; SMB 50% / MID 35% / ENT 15%; en 85% / de 9% / fr 6%");
      m.put("baseConversionGivenContact", baseConversion.toString());
      m.put("tierLift", tierLift.toString());
      m.put("repSkill", flat ? "1.0 for everyone" : "lognormal, sigma " + repSkillSpread + ", per rep x segment");
      m.put("industrySkill", flat ? "1.0 for everyone" : "lognormal, sigma " + industrySkillSpread
          + ", per rep x industry");
      m.put("specialist", "x" + specialistLift + " in own industry, x" + offIndustryPenalty + " in another");
      m.put("languageMismatch", "x" + languageMismatchPenalty);
      m.put("decayWithTimeToContact", String.format(Locale.ROOT, "%.2f + %.2f * exp(-minutes / %.0f)", decayFloor,
          1 - decayFloor, decayMinutes));
      m.put("responseTime", flat ? "median 20 min for everyone, lognormal sigma 0.6, slower when loaded"
          : "rep median 3-90 min (profile shows it with +-30% error), lognormal sigma 0.6, slower when loaded");
      m.put("contact", (flat ? "reliability 85% for everyone" : "rep reliability 70-95%")
          + String.format(Locale.ROOT, " x (%.2f + %.2f * exp(-minutes / %.0f)): slow replies reach fewer leads",
          reachFloor, 1 - reachFloor, reachMinutes));
      m.put("overload", String.format(Locale.ROOT, "above %.0f%% of capacity, contact chance falls %.1f x the excess",
          100 * overloadFrom, overloadSlope));
      m.put("leadHeld", "until " + workingHoursContactDays + " day(s) after contact, or " + uncontactedReleaseHours
          + " h if never contacted; the outcome is reported at release");
      m.put("slaForReport", "Tier 1 5 min, Tier 2 60 min, Tier 3 240 min (measured, not enforced)");
      return m;
    }
  }

  static Assumptions assumptions(boolean flat, int reps, double leadsPerDay) {
    Map<Segment, Double> base = new EnumMap<>(Segment.class);
    base.put(Segment.ENTERPRISE, 0.10);
    base.put(Segment.MID_MARKET, 0.14);
    base.put(Segment.SMB, 0.18);
    Map<Tier, Double> lift = new EnumMap<>(Tier.class);
    lift.put(Tier.TIER_1, 1.8);
    lift.put(Tier.TIER_2, 1.2);
    lift.put(Tier.TIER_3, 0.8);
    return new Assumptions(flat ? "flat" : "default", reps, flat, leadsPerDay, base, lift, 0.45, 0.30, 1.3, 0.85,
        0.5, 0.4, 45, 0.55, 120, 0.7, 1.5, 1.5, 24);
  }

  /** One rep's hidden truth and its public profile. */
  static final class SimRep {
    final Rep profile;
    final double[] skill = new double[Segment.values().length];
    final Map<String, Double> industrySkill = new LinkedHashMap<>();
    final double medianMinutes;
    final double reliability;

    SimRep(Rep profile, double medianMinutes, double reliability) {
      this.profile = profile;
      this.medianMinutes = medianMinutes;
      this.reliability = reliability;
    }
  }

  final Assumptions a;
  final List<SimRep> reps;
  final Map<String, SimRep> byId = new LinkedHashMap<>();

  World(Assumptions a, long seed) {
    this.a = a;
    SplittableRandom r = new SplittableRandom(seed ^ 0x77_0121dL);
    List<SimRep> out = new ArrayList<>();
    WorkingHours hours = WorkingHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0));
    for (int i = 0; i < a.reps(); i++) {
      String id = String.format(Locale.ROOT, "rep-%03d", i);
      Rep.Builder b = Rep.builder(id).territories("*").timeZone("UTC").workingHours(hours);
      double median;
      double reliability;
      int capacity;
      if (a.flat()) {
        median = 20;
        reliability = 0.85;
        capacity = 30;
        b.languages("en", "de", "fr");
      } else {
        median = 3 * Math.exp(r.nextDouble() * Math.log(30));
        reliability = 0.70 + 0.25 * r.nextDouble();
        capacity = 20 + r.nextInt(21);
        List<String> langs = new ArrayList<>(List.of("en"));
        if (i % 5 == 1 || i % 7 == 3) {
          langs.add("de");
        }
        if (i % 6 == 2 || i % 7 == 5) {
          langs.add("fr");
        }
        b.languages(langs.toArray(new String[0]));
        if (i % 3 == 0) {
          b.industries(INDUSTRIES.get(r.nextInt(INDUSTRIES.size())));
        }
        if (i % 4 == 0) {
          b.segments(Segment.ENTERPRISE, Segment.MID_MARKET);
        }
      }
      double profileMinutes = a.flat() ? median : median * (0.7 + 0.6 * r.nextDouble());
      b.capacity(capacity).responseMinutes(profileMinutes);
      SimRep rep = new SimRep(b.build(), median, reliability);
      for (Segment s : Segment.values()) {
        rep.skill[s.ordinal()] = a.flat() ? 1.0 : Math.exp(a.repSkillSpread() * gaussian(r) - a.repSkillSpread()
            * a.repSkillSpread() / 2);
      }
      for (String ind : INDUSTRIES) {
        rep.industrySkill.put(ind, a.flat() ? 1.0 : Math.exp(a.industrySkillSpread() * gaussian(r)
            - a.industrySkillSpread() * a.industrySkillSpread() / 2));
      }
      out.add(rep);
      byId.put(id, rep);
    }
    this.reps = List.copyOf(out);
  }

  static double gaussian(SplittableRandom r) {
    double u1 = 1 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  List<Rep> roster() {
    List<Rep> out = new ArrayList<>();
    for (SimRep r : reps) {
      out.add(r.profile);
    }
    return out;
  }

  /** Conversion chance of a contacted lead, before the decay with time to contact. */
  double fit(SimRep rep, LeadStream.SimLead lead) {
    double p = a.baseConversion().get(lead.segment) * a.tierLift().get(lead.tier) * rep.skill[lead.segment.ordinal()]
        * rep.industrySkill.get(lead.industry);
    if (!rep.profile.industries().isEmpty()) {
      p *= rep.profile.industries().contains(lead.industry) ? a.specialistLift() : a.offIndustryPenalty();
    }
    if (!rep.profile.languages().contains(lead.language)) {
      p *= a.languageMismatchPenalty();
    }
    return Math.min(0.95, p);
  }

  double decay(double minutes) {
    return a.decayFloor() + (1 - a.decayFloor()) * Math.exp(-minutes / a.decayMinutes());
  }

  /**
   * Chance that the rep reaches the lead at all, at this load (open / capacity) when assigned, if the rep first
   * tries after {@code minutes}.
   */
  double contactChance(SimRep rep, double load, double minutes) {
    double excess = Math.max(0, load - a.overloadFrom());
    double reach = a.reachFloor() + (1 - a.reachFloor()) * Math.exp(-minutes / a.reachMinutes());
    return rep.reliability * reach * Math.max(0.2, 1 - a.overloadSlope() * excess);
  }

  /** Minutes to first contact for a response draw {@code z} at this load. */
  double responseMinutes(SimRep rep, double z, double load) {
    return rep.medianMinutes * Math.exp(0.6 * z) * (1 + 2 * Math.max(0, load - 0.5));
  }

  /** What a lead is worth, in expected wins, if given to this rep now: what the oracle maximises. */
  double expectedConversion(SimRep rep, LeadStream.SimLead lead, double load) {
    // E[decay] under the lognormal response time, approximated at the median.
    double minutes = responseMinutes(rep, 0, load);
    return contactChance(rep, load, minutes) * fit(rep, lead) * decay(minutes);
  }
}
