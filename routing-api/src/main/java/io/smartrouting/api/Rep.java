package io.smartrouting.api;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A sales rep (or any assignee: a team inbox, a partner) that can receive leads.
 *
 * <p>Implementations must be immutable. {@link #builder(String)} makes a validated default implementation.
 *
 * <p>Hard criteria a router applies with the rep's profile:
 * <ul>
 *   <li>territory: the lead's country ({@code US}) or country-region ({@code US-CA}) is in {@link #territories()},
 *       or a postal territory of its country is a prefix of its postal code ({@code US:941} for {@code 94105}) or a
 *       range its code's first characters fall in ({@code US:94100-94199}, {@code CA:K1A-K2C}), or
 *       {@link #territories()} contains {@link #ANY_TERRITORY}, or the lead's account is one of
 *       {@link #namedAccounts()};</li>
 *   <li>segment: the lead's segment is in {@link #segments()}; an empty set covers every segment;</li>
 *   <li>language: the lead's language is in {@link #languages()}; an empty set places no language constraint;</li>
 *   <li>availability: {@link #active()} is true (false means out of office);</li>
 *   <li>capacity: the rep's open leads are below the router's threshold share of {@link #capacity()};</li>
 *   <li>caps: fewer than {@link #dailyCap()} new leads taken today, in the rep's own day, fewer than
 *       {@link #weeklyCap()} this week and fewer than {@link #monthlyCap()} this month (each when set).</li>
 * </ul>
 * {@link #industries()} is the rep's expertise: specialists are preferred for leads of their industries, reps
 * with an empty set are generalists.
 */
public interface Rep {

  /** Territory code that covers the whole world. */
  String ANY_TERRITORY = "*";

  /** {@return unique, non-blank id of the rep} */
  String id();

  /** {@return display name (personal data): shown to people, never logged above DEBUG} */
  @Nullable String name();

  /** {@return team the rep belongs to, if any} */
  @Nullable String team();

  /** {@return the rep's role} */
  RepRole role();

  /** {@return id of the rep's manager (another rep id), if any} */
  @Nullable String managerId();

  /**
   * {@return territory codes, upper case: a country {@code US}, a region {@code US-CA}, a postal-code prefix
   * {@code US:941} (the codes of the country that start with it), a range of postal codes
   * {@code US:94100-94199} or {@link #ANY_TERRITORY}}
   */
  Set<String> territories();

  /** {@return ids of named accounts the rep covers regardless of territory} */
  Set<String> namedAccounts();

  /** {@return industry expertise keys, lower case; empty for a generalist} */
  Set<String> industries();

  /**
   * Segments the rep works; empty means all segments.
   *
   * @return the set
   */
  Set<Segment> segments();

  /**
   * Languages the rep speaks, ISO 639-1 lower case; empty means no language constraint.
   *
   * @return the set
   */
  Set<String> languages();

  /** {@return the rep's time zone} */
  ZoneId timeZone();

  /** {@return maximum number of open leads, {@code >= 0}} */
  int capacity();

  /**
   * The most new leads the rep takes from the routing chain in one day, counted in the rep's own day
   * ({@link #timeZone()}, midnight to midnight); 0 (the default) sets no cap. Capacity bounds the leads a rep holds
   * open; this bounds how many arrive in a day however fast they are closed. Leads of an account the rep owns or works
   * (the account's people), a person's explicit reassignment, an offboarding hand-off and the manager fallback are
   * neither stopped nor counted by it.
   *
   * @return the daily cap, {@code >= 0}; 0 for none
   */
  default int dailyCap() {
    return 0;
  }

  /**
   * The most new leads the rep takes from the routing chain in one week, counted in the rep's own week
   * ({@link #timeZone()}, Monday 00:00 to the next Monday 00:00); 0 (the default) sets no cap. As {@link #dailyCap()}
   * otherwise: a part-time rep, say, takes at most 15 new leads a week however they fall on its days. A rep may have
   * a daily cap too (5 a day and 20 a week); each holds, and a lead counts in both.
   *
   * @return the weekly cap, {@code >= 0}; 0 for none
   */
  default int weeklyCap() {
    return 0;
  }

  /**
   * The most new leads the rep takes from the routing chain in one calendar month, counted in the rep's own month
   * ({@link #timeZone()}); 0 (the default) sets no cap. As {@link #dailyCap()} otherwise, and with a daily or weekly
   * cap beside it each holds.
   *
   * @return the monthly cap, {@code >= 0}; 0 for none
   */
  default int monthlyCap() {
    return 0;
  }

  /** {@return round-robin weight, finite and {@code > 0}; a rep of weight 2 gets twice the share of weight 1} */
  double weight();

  /** {@return typical minutes to first contact from the rep's profile, the prior for live response statistics} */
  double responseMinutes();

  /** {@return false while the rep is out of office or otherwise unavailable} */
  boolean active();

  /** {@return free-form attributes for custom strategies; unmodifiable} */
  Map<String, String> attributes();

  /**
   * Weekly working hours in {@link #timeZone()}; the rep gets leads only while on shift. Default
   * {@link WorkingHours#ALWAYS}.
   * @return weekly working hours in {@link #timeZone()}; the rep gets leads only while on shift
   */
  default WorkingHours workingHours() {
    return WorkingHours.ALWAYS;
  }

  /**
   * Holidays and out-of-office periods; the rep gets no leads during any of them. Default none.
   *
   * @return the list
   */
  default List<TimeOff> timeOff() {
    return List.of();
  }

  /**
   * The declared time off ({@link #timeOff()}) that covers {@code at}, or null if the rep has none then: what the
   * router reads to tell why the rep is away, until when, and who covers its desk.
   *
   * @param at an instant, on the router's clock
   * @return the period away at {@code at} (the first of them, in the list's order), or null
   */
  default @Nullable TimeOff timeOffAt(java.time.Instant at) {
    for (TimeOff t : timeOff()) {
      if (t.covers(at)) {
        return t;
      }
    }
    return null;
  }

  /**
   * Skills with a proficiency level from 1 (beginner) to 10 (expert), keyed by skill name in lower case, for rep
   * targeting ({@code skills HAS 'healthcare' AND proficiency.healthcare >= 7}); unmodifiable. Default none.
   * @return the integer>
   */
  default Map<String, Integer> skills() {
    return Map.of();
  }

  /**
   * Returns a builder for the default immutable implementation.
   *
   * @param id the id
   * @return a new builder
   */
  static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Returns a builder initialised with every field of {@code rep}, to derive a changed copy.
   *
   * @param rep the rep
   * @return a new builder
   */
  static Builder builderFrom(Rep rep) {
    return new Builder(rep.id()).name(rep.name()).team(rep.team()).role(rep.role()).managerId(rep.managerId())
        .territories(rep.territories()).namedAccounts(rep.namedAccounts()).industries(rep.industries())
        .segments(rep.segments()).languages(rep.languages()).timeZone(rep.timeZone()).capacity(rep.capacity())
        .dailyCap(rep.dailyCap()).weeklyCap(rep.weeklyCap()).monthlyCap(rep.monthlyCap()).weight(rep.weight()).responseMinutes(rep.responseMinutes()).active(rep.active())
        .attributes(rep.attributes()).workingHours(rep.workingHours()).timeOff(rep.timeOff())
        .skills(rep.skills());
  }

  /**
   * Builds validated, immutable {@link Rep}s. Defaults: role {@link RepRole#AE}, time zone UTC, capacity 20, no
   * daily cap, weight 1, response 60 minutes, active, no territories. Not thread-safe.
   */
  final class Builder {
    private String id;
    private @Nullable String name;
    private @Nullable String team;
    private RepRole role = RepRole.AE;
    private @Nullable String managerId;
    private Collection<String> territories = List.of();
    private Collection<String> namedAccounts = List.of();
    private Collection<String> industries = List.of();
    private Set<Segment> segments = EnumSet.noneOf(Segment.class);
    private Collection<String> languages = List.of();
    private @Nullable ZoneId timeZone = ZoneOffset.UTC;
    private @Nullable String timeZoneId;
    private int capacity = 20;
    private int dailyCap;
    private int weeklyCap;
    private int monthlyCap;
    private double weight = 1.0;
    private double responseMinutes = 60.0;
    private boolean active = true;
    private Map<String, String> attributes = new LinkedHashMap<>();
    private WorkingHours workingHours = WorkingHours.ALWAYS;
    private List<TimeOff> timeOff = List.of();
    private Map<String, Integer> skills = new LinkedHashMap<>();

    private Builder(String id) {
      this.id = id;
    }

    /**
     * Sets the rep id.
     *
     * @param id the rep id
     * @return this builder
     */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the display name.
     *
     * @param name the display name
     * @return this builder
     */
    public Builder name(@Nullable String name) {
      this.name = Checks.blankToNull(name);
      return this;
    }

    /**
     * Sets the team.
     *
     * @param team the team
     * @return this builder
     */
    public Builder team(@Nullable String team) {
      this.team = Checks.blankToNull(team);
      return this;
    }

    /**
     * Sets the role.
     *
     * @param role the role
     * @return this builder
     */
    public Builder role(RepRole role) {
      this.role = role;
      return this;
    }

    /**
     * Sets the manager's rep id.
     *
     * @param managerId the manager's rep id
     * @return this builder
     */
    public Builder managerId(@Nullable String managerId) {
      this.managerId = Checks.blankToNull(managerId);
      return this;
    }

    /**
     * Sets the territory codes: an ISO 3166-1 country ({@code US}; alpha-3 {@code USA} is kept as {@code US}), a
     * country and an ISO 3166-2 region ({@code US-CA}), a country and a postal-code prefix ({@code US:941}: the
     * leads of the US whose postal code starts with 941; blanks and dashes in the prefix are dropped, as in leads'
     * codes; a British one is an area, a district or a sector, {@code GB:SW1} covering SW1A but not SW10,
     * {@code GB:N1 9} the sector N1 9 with its blank kept, {@code GB:N19} the district, and no dash), a country and a
     * range of postal codes whose ends have one shape, as many characters with digits and letters in the same places
     * ({@code US:94105-94117} or {@code US:94105..94117}: those five-digit codes, and longer codes whose first five
     * digits are one of them; {@code CA:K1A-K2C}: the Canadian areas K1A to K2C, a letter, a digit and a letter, and
     * the codes that start with one; none British), or {@code *} for anywhere; any case. {@link #build()} refuses
     * anything else ({@code United States}, {@code EMEA}, a range that runs backwards, {@code CA:K1A-KZ1},
     * {@code GB:N1-9}), which no lead's country would match as meant.
     *
     * @param territories the territory codes ({@code US}, {@code US-CA}, {@code US:941}, {@code US:94100-94199},
     *     {@code *})
     * @return this builder
     */
    public Builder territories(Collection<String> territories) {
      this.territories = Checks.copy(territories, "rep.territories");
      return this;
    }

    /**
     * Sets the territory codes.
     *
     * @param territories the territory codes
     * @return this builder
     */
    public Builder territories(String... territories) {
      return territories(java.util.Arrays.asList(territories));
    }

    /**
     * Sets the named-account ids.
     *
     * @param accountIds the named-account ids
     * @return this builder
     */
    public Builder namedAccounts(Collection<String> accountIds) {
      this.namedAccounts = Checks.copy(accountIds, "rep.namedAccounts");
      return this;
    }

    /**
     * Sets the industry expertise keys.
     *
     * @param industries the industry expertise keys
     * @return this builder
     */
    public Builder industries(Collection<String> industries) {
      this.industries = Checks.copy(industries, "rep.industries");
      return this;
    }

    /**
     * Sets the industry expertise keys.
     *
     * @param industries the industry expertise keys
     * @return this builder
     */
    public Builder industries(String... industries) {
      return industries(java.util.Arrays.asList(industries));
    }

    /**
     * Sets the segments worked; empty means all.
     *
     * @param segments the segments worked; empty means all
     * @return this builder
     */
    public Builder segments(Collection<Segment> segments) {
      if (Checks.copy(segments, "rep.segments").contains(null)) {
        throw new NullPointerException("rep.segments must not contain null but was " + segments);
      }
      this.segments = segments.isEmpty() ? EnumSet.noneOf(Segment.class) : EnumSet.copyOf(segments);
      return this;
    }

    /**
     * Sets the segments worked.
     *
     * @param segments the segments worked
     * @return this builder
     */
    public Builder segments(Segment... segments) {
      return segments(java.util.Arrays.asList(segments));
    }

    /**
     * Sets the languages spoken, each kept as its ISO 639-1 code as {@link Lead.Builder#language} keeps a lead's
     * ({@code en}, {@code en-US}, {@code eng} and {@code English} are all {@code en}); {@link #build()} refuses an
     * entry that is none of these.
     *
     * @param languages the languages spoken (ISO 639-1)
     * @return this builder
     */
    public Builder languages(Collection<String> languages) {
      this.languages = Checks.copy(languages, "rep.languages");
      return this;
    }

    /**
     * Sets the languages spoken (ISO 639-1).
     *
     * @param languages the languages spoken (ISO 639-1)
     * @return this builder
     */
    public Builder languages(String... languages) {
      return languages(java.util.Arrays.asList(languages));
    }

    /**
     * Sets the time zone.
     *
     * @param timeZone the time zone
     * @return this builder
     */
    public Builder timeZone(ZoneId timeZone) {
      this.timeZone = timeZone;
      this.timeZoneId = null;
      return this;
    }

    /**
     * Sets the time zone by id (e.g. {@code America/New_York}); an unknown id fails in {@link #build()}.
     *
     * @param timeZoneId the time zone by id (e.g. {@code America/New_York}); an unknown id fails in {@link #build()}
     * @return this builder
     */
    public Builder timeZone(String timeZoneId) {
      this.timeZoneId = timeZoneId;
      this.timeZone = null;
      return this;
    }

    /**
     * Sets the capacity (maximum open leads); must be {@code >= 0}.
     *
     * @param capacity the capacity (maximum open leads); must be {@code >= 0}
     * @return this builder
     */
    public Builder capacity(int capacity) {
      this.capacity = capacity;
      return this;
    }

    /**
     * Sets the daily cap ({@link Rep#dailyCap()}): at most this many new leads a day from the routing chain, in the
     * rep's own day; 0 for none (the default); must be {@code >= 0}.
     *
     * @param dailyCap the most new leads a day; 0 for no cap
     * @return this builder
     */
    public Builder dailyCap(int dailyCap) {
      this.dailyCap = dailyCap;
      return this;
    }

    /**
     * Sets the weekly cap ({@link Rep#weeklyCap()}): at most this many new leads a week (Monday to Sunday) from the
     * routing chain, in the rep's own week; 0 for none (the default); must be {@code >= 0}, and not below a daily
     * cap beside it (which would then never bind).
     *
     * @param weeklyCap the most new leads a week; 0 for no cap
     * @return this builder
     */
    public Builder weeklyCap(int weeklyCap) {
      this.weeklyCap = weeklyCap;
      return this;
    }

    /**
     * Sets the monthly cap ({@link Rep#monthlyCap()}): at most this many new leads a calendar month from the routing
     * chain, in the rep's own month; 0 for none (the default); must be {@code >= 0}, and not below a daily or weekly
     * cap beside it.
     *
     * @param monthlyCap the most new leads a month; 0 for no cap
     * @return this builder
     */
    public Builder monthlyCap(int monthlyCap) {
      this.monthlyCap = monthlyCap;
      return this;
    }

    /**
     * Sets the round-robin weight; must be finite and {@code > 0}.
     *
     * @param weight the round-robin weight; must be finite and {@code > 0}
     * @return this builder
     */
    public Builder weight(double weight) {
      this.weight = weight;
      return this;
    }

    /**
     * Sets the typical minutes to first contact; must be finite and {@code >= 0}.
     *
     * @param responseMinutes the typical minutes to first contact; must be finite and {@code >= 0}
     * @return this builder
     */
    public Builder responseMinutes(double responseMinutes) {
      this.responseMinutes = responseMinutes;
      return this;
    }

    /**
     * Sets whether the rep is active (false: out of office).
     *
     * @param active whether the rep is active (false: out of office)
     * @return this builder
     */
    public Builder active(boolean active) {
      this.active = active;
      return this;
    }

    /**
     * Sets one custom attribute.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder attribute(String key, String value) {
      this.attributes.put(key, value);
      return this;
    }

    /**
     * Sets the weekly working hours, in the rep's time zone (default {@link WorkingHours#ALWAYS}).
     *
     * @param workingHours the weekly working hours, in the rep's time zone (default {@link WorkingHours#ALWAYS})
     * @return this builder
     */
    public Builder workingHours(WorkingHours workingHours) {
      this.workingHours = java.util.Objects.requireNonNull(workingHours, "rep.workingHours must not be null");
      return this;
    }

    /**
     * Sets the holidays and out-of-office periods (replacing any set before).
     *
     * @param periods the holidays and out-of-office periods (replacing any set before)
     * @return this builder
     */
    public Builder timeOff(Collection<TimeOff> periods) {
      List<TimeOff> copy = new java.util.ArrayList<>(periods);
      if (copy.contains(null)) {
        throw new NullPointerException("rep.timeOff must not contain null periods");
      }
      this.timeOff = copy;
      return this;
    }

    /**
     * Sets the holidays and out-of-office periods.
     *
     * @param periods the holidays and out-of-office periods
     * @return this builder
     */
    public Builder timeOff(TimeOff... periods) {
      return timeOff(java.util.Arrays.asList(periods));
    }

    /**
     * Adds skill {@code name} at proficiency {@code level} (1 to 10; checked by {@link #build()}).
     * @param name the name
     * @param level the level
     * @return this builder
     */
    public Builder skill(String name, int level) {
      this.skills.put(name, level);
      return this;
    }

    /**
     * Replaces all skills (name to proficiency level, 1 to 10).
     *
     * @param skills the skills
     * @return this builder
     */
    public Builder skills(Map<String, Integer> skills) {
      this.skills = new LinkedHashMap<>(skills);
      return this;
    }

    /**
     * Replaces all custom attributes.
     *
     * @param attributes the attributes
     * @return this builder
     */
    public Builder attributes(Map<String, String> attributes) {
      this.attributes = new LinkedHashMap<>(attributes);
      return this;
    }

    /**
     * Validates and builds the rep.
     *
     * @return the rep
     * @throws IllegalArgumentException naming the field and value: blank id, negative capacity or daily cap, NaN,
     *     infinite or non-positive weight, negative or NaN response minutes, unknown time zone id, blank set entries
     */
    public Rep build() {
      String repId = Checks.requireId(id, "rep.id");
      if (capacity < 0) {
        throw new IllegalArgumentException("rep.capacity must be >= 0 but was " + capacity + " (rep " + repId + ")");
      }
      if (dailyCap < 0) {
        throw new IllegalArgumentException("rep.dailyCap must be >= 0 (0: no cap) but was " + dailyCap + " (rep "
            + repId + ")");
      }
      if (weeklyCap < 0) {
        throw new IllegalArgumentException("rep.weeklyCap must be >= 0 (0: no cap) but was " + weeklyCap + " (rep "
            + repId + ")");
      }
      if (monthlyCap < 0) {
        throw new IllegalArgumentException("rep.monthlyCap must be >= 0 (0: no cap) but was " + monthlyCap + " (rep "
            + repId + ")");
      }
      // A shorter period's cap above a longer one's would never bind: most likely the two were swapped.
      int[] caps = {dailyCap, weeklyCap, monthlyCap};
      String[] names = {"dailyCap", "weeklyCap", "monthlyCap"};
      for (int shorter = 0; shorter < 2; shorter++) {
        for (int longer = shorter + 1; longer < 3; longer++) {
          if (caps[shorter] > 0 && caps[longer] > 0 && caps[shorter] > caps[longer]) {
            throw new IllegalArgumentException("rep." + names[longer] + " must not be below rep." + names[shorter]
                + ", which would never bind, but had " + caps[longer] + " against " + caps[shorter] + " (rep " + repId
                + ")");
          }
        }
      }
      if (Double.isNaN(weight) || Double.isInfinite(weight) || weight <= 0) {
        throw new IllegalArgumentException("rep.weight must be a finite number > 0 but was " + weight
            + " (rep " + repId + ")");
      }
      Checks.finiteAtLeast(responseMinutes, 0, "rep.responseMinutes");
      ZoneId zone = timeZone;
      if (zone == null) {
        try {
          zone = Codes.timeZone(String.valueOf(timeZoneId));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("rep.timeZone: " + e.getMessage() + " (rep " + repId + ")", e);
        }
      }
      Set<Segment> segs = segments.isEmpty() ? Set.of() : Set.copyOf(segments);
      return new DefaultRep(repId, name, team, role, managerId,
          Checks.territories(territories, "rep.territories"),
          Checks.idSet(namedAccounts, "rep.namedAccounts"),
          Checks.normalisedSet(industries, "rep.industries", false),
          segs,
          Checks.languages(languages, "rep.languages"),
          zone, capacity, dailyCap, weeklyCap, monthlyCap, weight, responseMinutes, active, Checks.attributes(attributes, "rep.attributes"),
          workingHours, sortedTimeOff(timeOff), checkedSkills(skills, repId));
    }

    private static Map<String, Integer> checkedSkills(Map<String, Integer> skills, String repId) {
      Map<String, Integer> out = new LinkedHashMap<>();
      for (Map.Entry<String, Integer> e : skills.entrySet()) {
        String name = e.getKey();
        if (name == null || name.isBlank()) {
          throw new IllegalArgumentException("rep.skills must not have a blank skill name (rep " + repId + ")");
        }
        Integer level = e.getValue();
        if (level == null || level < 1 || level > 10) {
          throw new IllegalArgumentException("rep.skills." + name.trim() + " must be a level from 1 to 10 but was "
              + level + " (rep " + repId + ")");
        }
        out.put(name.trim().toLowerCase(java.util.Locale.ROOT), level);
      }
      return java.util.Collections.unmodifiableMap(out);
    }

    private static List<TimeOff> sortedTimeOff(List<TimeOff> periods) {
      List<TimeOff> sorted = new java.util.ArrayList<>(periods);
      sorted.sort(java.util.Comparator.comparing(TimeOff::start));
      return List.copyOf(sorted);
    }
  }
}
