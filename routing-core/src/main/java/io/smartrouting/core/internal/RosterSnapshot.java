package io.smartrouting.core.internal;

import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.core.state.RepState;
import io.smartrouting.core.state.RoutingStateStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, versioned roster compiled into an index: for every attribute value, the bitset of rep ordinals
 * that have it, so hard criteria are word-wise ANDs. Built once per roster update, never changed. Not API.
 */
public final class RosterSnapshot {

  public final long version;
  /** What the explanations of this snapshot's decisions reach it through ({@link Handle}). */
  public final Handle handle;

  /**
   * The one reference from a decision's explanation to the snapshot it was decided on. The router holds its current
   * snapshot and the last few it replaced, then {@linkplain #release releases} the handle: the remembered decisions
   * (idempotency window, open leads) no longer keep that roster alive, and their explanations render in brief.
   */
  public static final class Handle {
    private volatile @Nullable RosterSnapshot snapshot;
    /** The snapshot's version, reps, words and free-mail domains: what a brief explanation still reads. */
    public final long version;
    public final int size;
    public final int words;
    public final java.util.Set<String> freeMailDomains;

    Handle(RosterSnapshot snapshot) {
      this.snapshot = snapshot;
      this.version = snapshot.version;
      this.size = snapshot.reps.length;
      this.words = snapshot.words;
      this.freeMailDomains = snapshot.accounts.freeMailDomains();
    }

    /** The snapshot, or null once released. */
    public @Nullable RosterSnapshot get() {
      return snapshot;
    }

    /** Lets the snapshot go: explanations made on it render without it from now on. */
    public void release() {
      snapshot = null;
    }
  }

  public final Rep[] reps;
  public final RepState[] states;
  /** Per ordinal: reservations succeed while open leads are below this (the capacity threshold share). */
  public final int[] admitLimit;
  /**
   * Per ordinal: the most open leads a bounded capacity override may reach (capacity plus the router's override
   * share, rounded up); a Tier 1 fast-track or a one-to-one account never takes a rep beyond it.
   */
  public final int[] overrideLimit;
  /**
   * Per kind of period ({@link #DAY}, {@link #WEEK}, {@link #MONTH}) and ordinal: the rep's cap in that period
   * ({@link Rep#dailyCap()}, {@link Rep#weeklyCap()}, {@link Rep#monthlyCap()}), 0 for none.
   */
  private final int[][] caps;
  /** Per ordinal: its kinds of cap, bit {@code 1 << kind}; 0 for an uncapped rep. */
  private final byte[] capKinds;
  public static final int DAY = 0;
  public static final int WEEK = 1;
  public static final int MONTH = 2;
  private static final String[] PERIOD_WORDS = {"day", "week", "month"};
  /** The ordinals with a cap, ascending. */
  private final int[] cappedReps;
  /** The periods of the capped reps' time zones, kept per zone for the rest of its day. */
  private final ZonePeriods zonePeriods;
  /** Per ordinal: the index of its time zone in {@link #zonePeriods}, or -1 for an uncapped rep. */
  private final int[] zoneOf;
  /**
   * Reps that reached their daily cap in their day as this router last saw it: a hint like {@link #saturated} (the
   * store's counted reservation stays the guard), set by {@link #refreshCap} after a reservation or a refusal, and
   * cleared by {@link #refreshCaps} once the rep's day has ended.
   */
  private final AtomicLongArray dayFull;
  /** Per ordinal: when the period in which its {@link #dayFull} bit was set ends (epoch milliseconds). */
  private final long[] dayFullUntil;
  /** Per ordinal: the kind of the period at its cap when its {@link #dayFull} bit was last set. */
  private final byte[] dayFullKind;
  /** Per ordinal, copied from the reps for {@link #live}: capacity and the profile's minutes to first contact. */
  private final int[] capacity;
  private final double[] profileResponseMinutes;
  public final int words;
  public final AccountDirectory accounts;

  private final Map<String, Integer> ordinalById;
  /** Country code to reps covering the whole country. */
  private final Map<String, long[]> territory = new HashMap<>();
  /** Country code to region code to reps covering that region. */
  private final Map<String, Map<String, long[]>> regions = new HashMap<>();
  /**
   * Country code to reps covering the whole country or any region of it: the territory of a lead with a country and
   * no region when such leads may reach region reps ({@link LeadFacts#anyRegion}); only for countries with region reps.
   */
  private final Map<String, long[]> countryOrAnyRegion = new HashMap<>();
  private final long[] anyTerritory;
  /** Country code to its postal territories ({@code US:941}), for countries some rep covers by postal code. */
  private final Map<String, PostalIndex> postal = new HashMap<>();

  /**
   * One country's postal territories: per prefix (lower case, as {@link RegionTable} keeps keys), the reps of that
   * prefix and of every shorter prefix of it, so the longest prefix of a lead's code in the table is the whole answer.
   * The reps as ascending ordinals, not bits: a roster's postal codes can be tens of thousands, each with a few reps.
   */
  private record PostalIndex(RegionTable<int[]> byPrefix, int shortest, int longest) {}
  /**
   * Per account id: the reps that cover it as a named account (its people and its parents', see
   * {@link AccountDirectory#peopleOf}, and the reps that name it, {@link Rep#namedAccounts}), as ordinals, ascending.
   * Ordinals rather than bits: a tenant has many more accounts than an account has reps, and a bitset per account
   * costs the whole roster's words (at 100,000 reps and 5,000 accounts, 62 MB against 0.1 MB).
   */
  private final Map<String, int[]> namedAccount = new HashMap<>();
  /**
   * By account id, the people it names (owner, team, backup, AE) who are not on this roster, in the account's order:
   * its leads cannot reach them. Empty when every account's people are reps of the roster.
   */
  public final Map<String, List<String>> peopleOffRoster = new java.util.TreeMap<>();
  /** Per account id: its people and its parents' people (see {@link AccountDirectory#peopleOf}), ascending ordinals. */
  private final Map<String, int[]> accountPeopleOrdinals = new HashMap<>();
  /**
   * Per one-to-one account id: its people and every rep of the owner's team, the only reps its leads may reach. The
   * owner team's own set, shared by its accounts, when the account's people are all in it.
   */
  private final Map<String, long[]> ownerTeam = new HashMap<>();
  private final EnumMap<Segment, long[]> segment = new EnumMap<>(Segment.class);
  private final Map<String, long[]> language = new HashMap<>();
  private final long[] anyLanguage;
  private final Map<String, long[]> industry = new HashMap<>();

  /**
   * Roster size, in words, from which {@link #qualify(LeadFacts, long[], long[], long[])} reads a cached bucket of the
   * lead's kind ({@link QualifiedBuckets}): on a smaller roster combining the criteria costs no more than reading it.
   */
  static final int BUCKET_WORDS = 64;

  /** The buckets of a large roster ({@link #BUCKET_WORDS}), or null. */
  private final @Nullable QualifiedBuckets buckets;

  public final long[] generalists;
  public final long[] active;
  public final long[] all;
  /**
   * Reps at or above their capacity threshold, kept current by every reservation and release through
   * {@link #refreshSaturation(int)}. A hint that makes the capacity filter a word-wise AND NOT: the atomic
   * reservation stays the guard, so a stale bit can cost a re-pick but never an over-assignment.
   */
  private final AtomicLongArray saturated;
  /** Reps at or above their {@link #overrideLimit}, kept like {@link #saturated}: not even an override may take them. */
  private final AtomicLongArray overFull;
  /**
   * Per ordinal, two longs side by side: capacity (high 32 bits) and open leads (low 32 bits), then the mean minutes
   * to first contact (a double's bits), as this router last read them from the store: exact after every reservation,
   * release and contact this router makes, and re-read for every rep on each timer tick ({@link #refreshAll()}) for
   * changes made elsewhere. Scoring a candidate reads one cache line here instead of a state object and a rep per
   * candidate (those misses dominated scoring at 100,000 reps). A hint like {@link #saturated}: the atomic
   * reservation on the store stays the guard.
   */
  private final long[] live;
  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.arrayElementVarHandle(long[].class);

  /** Who may be assigned when, cached between schedule changes. */
  public final Availability availability;
  /** Ordinals of the active reps with declared time off ({@link Rep#timeOff()}), in roster order. */
  public final int[] withTimeOff;
  /** True if some rep's declared time off names a cover ({@link #accountPeopleAt}). */
  private final boolean coversNamed;

  public RosterSnapshot(long version, Collection<? extends Rep> roster, RoutingStateStore store,
      double capacityThreshold, AccountDirectory accounts) {
    this(version, roster, store, capacityThreshold, accounts, new Availability.Overrides(), DEFAULT_OVERRIDE_SHARE);
  }

  /** The default bounded override: capacity plus 20%. */
  public static final double DEFAULT_OVERRIDE_SHARE = 0.2;

  public RosterSnapshot(long version, Collection<? extends Rep> roster, RoutingStateStore store,
      double capacityThreshold, AccountDirectory accounts, Availability.Overrides overrides, double overrideShare) {
    this.version = version;
    this.accounts = accounts;
    this.reps = roster.toArray(new Rep[0]);
    int n = reps.length;
    this.words = Bits.words(n);
    this.buckets = words >= BUCKET_WORDS ? new QualifiedBuckets(words) : null;
    this.states = new RepState[n];
    this.admitLimit = new int[n];
    this.overrideLimit = new int[n];
    this.capacity = new int[n];
    this.profileResponseMinutes = new double[n];
    this.ordinalById = new HashMap<>(n * 2);
    this.anyTerritory = new long[words];
    this.anyLanguage = new long[words];
    this.generalists = new long[words];
    this.active = new long[words];
    this.all = new long[words];
    this.saturated = new AtomicLongArray(words);
    this.overFull = new AtomicLongArray(words);
    this.live = new long[2 * n];
    this.caps = new int[][] {new int[n], new int[n], new int[n]};
    this.capKinds = new byte[n];
    this.dayFull = new AtomicLongArray(words);
    this.dayFullUntil = new long[n];
    this.dayFullKind = new byte[n];
    this.responseLog = new AtomicLongArray(Integer.highestOneBit(Math.max(64, Math.min(RESPONSE_LOG, n)) * 2 - 1));
    int capped = 0;
    for (Segment s : Segment.values()) {
      segment.put(s, new long[words]);
    }
    for (int o = 0; o < n; o++) {
      Rep r = reps[o];
      if (r == null) {
        throw new NullPointerException("roster must not contain null reps (position " + o + ")");
      }
      if (ordinalById.put(r.id(), o) != null) {
        throw new IllegalArgumentException("duplicate rep id '" + r.id() + "' in roster");
      }
    }
    java.util.Set<String> ownerTeams = new java.util.HashSet<>();
    for (io.smartrouting.api.Account a : accounts.all()) {
      for (String id : accounts.peopleOf(a)) {
        Integer o = ordinalById.get(id);
        if (o != null) {
          append(namedAccount, a.id(), o);
          append(accountPeopleOrdinals, a.id(), o);
        }
      }
      for (String id : a.people()) {
        if (!ordinalById.containsKey(id)) {
          peopleOffRoster.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(id);
        }
      }
      Integer owner = a.ownerRepId() == null ? null : ordinalById.get(a.ownerRepId());
      if (a.tier() == io.smartrouting.api.AccountTier.ONE_TO_ONE && owner != null && reps[owner].team() != null) {
        ownerTeams.add(reps[owner].team());
      }
    }
    seal(accountPeopleOrdinals);
    // One pass over the roster for every team that owns a one-to-one account, not one per account.
    Map<String, long[]> teams = new HashMap<>();
    for (int o = 0; !ownerTeams.isEmpty() && o < n; o++) {
      String team = reps[o].team();
      if (team != null && ownerTeams.contains(team)) {
        Bits.set(teams.computeIfAbsent(team, k -> new long[words]), o);
      }
    }
    for (io.smartrouting.api.Account a : accounts.all()) {
      if (a.tier() == io.smartrouting.api.AccountTier.ONE_TO_ONE) {
        Integer owner = a.ownerRepId() == null ? null : ordinalById.get(a.ownerRepId());
        long[] team = owner == null || reps[owner].team() == null ? null : teams.get(reps[owner].team());
        int[] people = accountPeopleOrdinals.get(a.id());
        boolean inTeam = team != null;
        for (int k = 0; inTeam && people != null && k < people.length; k++) {
          inTeam = Bits.get(team, people[k]);
        }
        if (!inTeam) {
          team = team == null ? new long[words] : team.clone();
          Bits.setAll(team, people);
        }
        ownerTeam.put(a.id(), team);
      }
    }
    Map<String, Map<String, int[]>> postalPrefixes = new HashMap<>();
    for (int o = 0; o < n; o++) {
      Rep r = reps[o];
      states[o] = store.rep(r.id());
      admitLimit[o] = admitLimit(r.capacity(), capacityThreshold);
      overrideLimit[o] = overrideLimit(r.capacity(), overrideShare);
      capacity[o] = r.capacity();
      caps[DAY][o] = r.dailyCap();
      caps[WEEK][o] = r.weeklyCap();
      caps[MONTH][o] = r.monthlyCap();
      for (int k = DAY; k <= MONTH; k++) {
        if (caps[k][o] > 0) {
          capKinds[o] |= (byte) (1 << k);
          if (!states[o].countsDays()) {
            throw new IllegalArgumentException("rep '" + r.id() + "' has a " + ADJECTIVES[k] + " cap ("
                + caps[k][o] + ") but the state store " + store.getClass().getSimpleName() + " does not count caps");
          }
        }
      }
      if (Integer.bitCount(capKinds[o]) > 1 && !states[o].countsSeveralPeriods()) {
        throw new IllegalArgumentException("rep '" + r.id() + "' has caps of several periods (" + r.dailyCap()
            + " a day, " + r.weeklyCap() + " a week, " + r.monthlyCap() + " a month) but the state store "
            + store.getClass().getSimpleName() + " counts one cap a rep");
      }
      if (capKinds[o] != 0) {
        capped++;
      }
      profileResponseMinutes[o] = r.responseMinutes();
      Bits.set(all, o);
      for (String t : r.territories()) {
        int dash = t.indexOf('-');
        int colon = t.indexOf(':');
        if (Rep.ANY_TERRITORY.equals(t)) {
          Bits.set(anyTerritory, o);
        } else if (colon > 0) {
          String country = t.substring(0, colon);
          Map<String, int[]> byPrefix = postalPrefixes.computeIfAbsent(country, k -> new HashMap<>());
          for (String prefix : PostalPrefixes.of(t.substring(colon + 1))) {
            append(byPrefix, PostalPrefixes.canonical(country, prefix), o);
          }
        } else if (dash > 0 && dash < t.length() - 1) {
          Bits.set(regions.computeIfAbsent(t.substring(0, dash), k -> new HashMap<>())
              .computeIfAbsent(t.substring(dash + 1), k -> new long[words]), o);
        } else {
          Bits.set(territory.computeIfAbsent(t, k -> new long[words]), o);
        }
      }
      for (String a : r.namedAccounts()) {
        append(namedAccount, a, o);
      }
      for (Segment s : Segment.values()) {
        if (r.segments().isEmpty() || r.segments().contains(s)) {
          Bits.set(segment.get(s), o);
        }
      }
      if (r.languages().isEmpty()) {
        Bits.set(anyLanguage, o);
      }
      for (String l : r.languages()) {
        Bits.set(language.computeIfAbsent(l, k -> new long[words]), o);
      }
      if (r.industries().isEmpty()) {
        Bits.set(generalists, o);
      }
      for (String i : r.industries()) {
        Bits.set(industry.computeIfAbsent(i, k -> new long[words]), o);
      }
      if (r.active()) {
        Bits.set(active, o);
      }
    }
    seal(namedAccount);
    postalPrefixes.forEach((country, byPrefix) -> postal.put(country, postalIndex(byPrefix)));
    regions.forEach((country, byRegion) -> {
      long[] union = new long[words];
      orIfPresent(union, territory.get(country));
      for (long[] region : byRegion.values()) {
        Bits.or(union, region);
      }
      countryOrAnyRegion.put(country, union);
    });
    this.cappedReps = new int[capped];
    java.util.Set<java.time.ZoneId> zones = new java.util.LinkedHashSet<>();
    for (int o = 0, k = 0; o < n; o++) {
      if (capKinds[o] != 0) {
        cappedReps[k++] = o;
        zones.add(reps[o].timeZone());
      }
    }
    this.zonePeriods = new ZonePeriods(zones);
    this.zoneOf = new int[n];
    for (int o = 0; o < n; o++) {
      zoneOf[o] = capKinds[o] != 0 ? zonePeriods.index(reps[o].timeZone()) : -1;
    }
    refreshAll();
    this.logResponses = true;
    this.availability = new Availability(reps, active, overrides);
    int[] off = new int[n];
    int k = 0;
    boolean covers = false;
    for (int o = 0; o < n; o++) {
      if (reps[o].active() && !reps[o].timeOff().isEmpty()) {
        off[k++] = o;
      }
      for (io.smartrouting.api.TimeOff t : reps[o].timeOff()) {
        covers |= t.coverRepId() != null;
      }
    }
    this.withTimeOff = java.util.Arrays.copyOf(off, k);
    this.coversNamed = covers;
    this.handle = new Handle(this);
  }

  /**
   * The snapshot that replaced this one (a roster, accounts or configuration update), or null while this one is in
   * force. A decision or release that began on this snapshot and changes a rep's units after the swap refreshes the
   * rep here, where the new snapshot, built from the store a moment before, would not see it until the next tick: so
   * every refresh of a rep here is passed on to its successor ({@link #replacedBy}).
   */
  private volatile @Nullable RosterSnapshot successor;

  /**
   * Records that {@code next} replaced this snapshot: from now on a refresh of one of this snapshot's reps also
   * refreshes the same rep in {@code next}. Called as the router swaps ({@link ReplacedRosters#replaced}), before
   * {@code next} reads the store ({@link #refreshAll}), so that a change either lands before that read or is passed on.
   */
  public void replacedBy(RosterSnapshot next) {
    successor = next;
  }

  /** Brings the saturation bit and the open-leads copy of rep {@code o} in line with its open leads. */
  public void refreshSaturation(int o) {
    refreshSaturationHere(o);
    RosterSnapshot next = successor;
    if (next != null) {
      int n = next.ordinalOf(reps[o].id());
      if (n >= 0) {
        next.refreshSaturation(n);
      }
    }
  }

  private void refreshSaturationHere(int o) {
    int w = o >>> 6;
    long bit = 1L << o;
    while (true) {
      int open = states[o].openLeads();
      // Written before the re-check below, so of two racing refreshes the later state is the one that stays; and only
      // when it changes: every tick refreshes every rep, and a write would take the line from the caches of the
      // threads routing with it (at 100,000 reps, 1.6 MB of lines a second for nothing).
      long value = ((long) capacity[o] << 32) | (open & 0xFFFF_FFFFL);
      if ((long) LONGS.getOpaque(live, 2 * o) != value) {
        LONGS.setOpaque(live, 2 * o, value);
      }
      if (setBit(saturated, w, bit, open >= admitLimit[o]) & setBit(overFull, w, bit, open >= overrideLimit[o])
          && states[o].openLeads() == open) {
        return;
      }
    }
  }

  private static final String[] ADJECTIVES = {"daily", "weekly", "monthly"};

  /** True if rep {@code o} has a cap of some period. */
  public boolean capped(int o) {
    return capKinds[o] != 0;
  }

  /** Rep {@code o}'s cap in periods of {@code kind}, 0 for none. */
  public int cap(int o, int kind) {
    return caps[kind][o];
  }

  /**
   * Fills {@code periods} and {@code capsOut} (each of length 3 at least) with rep {@code o}'s caps at {@code now},
   * shortest period first, and returns how many it has.
   */
  public int capTerms(int o, java.time.Instant now, long[] periods, int[] capsOut) {
    int n = 0;
    for (int k = DAY; k <= MONTH; k++) {
      if (caps[k][o] > 0) {
        periods[n] = period(o, k, now);
        capsOut[n++] = caps[k][o];
      }
    }
    return n;
  }

  /** True if rep {@code o} would be at one of its caps at {@code now} after taking {@code more} leads. */
  public boolean fullWith(int o, int more, java.time.Instant now) {
    for (int k = DAY; k <= MONTH; k++) {
      if (caps[k][o] > 0 && states[o].takenOn(period(o, k, now)) + more >= caps[k][o]) {
        return true;
      }
    }
    return false;
  }

  /** The longest period in which rep {@code o} took its cap at {@code now}, or -1 if none. */
  public int fullKind(int o, java.time.Instant now) {
    for (int k = MONTH; k >= DAY; k--) {
      if (caps[k][o] > 0 && states[o].takenOn(period(o, k, now)) >= caps[k][o]) {
        return k;
      }
    }
    return -1;
  }

  /**
   * The kind of rep {@code o}'s cap that binds at {@code now}: the longest period at its cap, else the one with the
   * fewest leads left (the longer on a tie); -1 for an uncapped rep.
   */
  public int bindingKind(int o, java.time.Instant now) {
    int best = -1;
    int bestLeft = Integer.MAX_VALUE;
    for (int k = MONTH; k >= DAY; k--) {
      if (caps[k][o] > 0) {
        int left = Math.max(0, caps[k][o] - states[o].takenOn(period(o, k, now)));
        if (left < bestLeft) {
          best = k;
          bestLeft = left;
        }
      }
    }
    return best;
  }

  /** The period a kind of cap counts, in a word: {@code day}, {@code week} or {@code month}. */
  public static String unit(int kind) {
    return PERIOD_WORDS[kind];
  }

  /**
   * The kind of period in which rep {@code o} was at its cap when its {@link #dayFull} bit was last set (a hint, as
   * the bit is; {@link #DAY} if never).
   */
  public int fullKindHint(int o) {
    return dayFullKind[o];
  }

  /** True if some rep of the roster has a cap. */
  public boolean hasDailyCaps() {
    return cappedReps.length > 0;
  }

  /**
   * The number of rep {@code o}'s period of {@code kind} at {@code now}
   * ({@link RepState#tryReserve(int, String, long, int)}): the epoch day in its time zone; for a week
   * {@link RepState#WEEKS} plus the epoch day of its Monday; for a month {@link RepState#MONTHS} plus the months since
   * 1970-01.
   */
  public long period(int o, int kind, java.time.Instant now) {
    int z = zoneOf[o];
    return z >= 0 ? zonePeriods.period(z, kind, now)
        : ZonePeriods.numberOf(kind, java.time.LocalDate.ofInstant(now, reps[o].timeZone()));
  }

  /** The first day of the period of {@code kind} that holds {@code date}: the date, its week's Monday, or the 1st. */
  static java.time.LocalDate periodStart(int kind, java.time.LocalDate date) {
    return kind == WEEK ? date.minusDays(date.getDayOfWeek().getValue() - 1L)
        : kind == MONTH ? date.withDayOfMonth(1) : date;
  }

  /** The first day after the period of {@code kind} that starts on {@code start}. */
  private static java.time.LocalDate periodEnd(int kind, java.time.LocalDate start) {
    return kind == WEEK ? start.plusDays(7) : kind == MONTH ? start.plusMonths(1) : start.plusDays(1);
  }

  /** Leads rep {@code o} took in the period of its binding cap ({@link #bindingKind}) as this router knows them. */
  public int takenToday(int o, java.time.Instant now) {
    int k = bindingKind(o, now);
    return k < 0 ? 0 : states[o].takenOn(period(o, k, now));
  }

  /** Brings rep {@code o}'s {@link #dayFull} bit in line with its leads in its periods (after a reservation). */
  public void refreshCap(int o, java.time.Instant now) {
    refreshCapHere(o, now);
    RosterSnapshot next = successor;
    if (next != null) {
      int n = next.ordinalOf(reps[o].id());
      if (n >= 0) {
        next.refreshCap(n, now);
      }
    }
  }

  private void refreshCapHere(int o, java.time.Instant now) {
    if (capKinds[o] == 0) {
      return;
    }
    int full = fullKind(o, now);
    long until = Long.MAX_VALUE;
    if (full >= 0) {
      // Written before the bit, so that a pass that sees the bit sees when it may clear it: the end of the longest
      // period at its cap (a rep at its weekly cap stays out until Monday, whatever its day).
      java.time.ZoneId zone = reps[o].timeZone();
      java.time.LocalDate today = java.time.LocalDate.ofInstant(now, zone);
      until = periodEnd(full, periodStart(full, today)).atStartOfDay(zone).toInstant().toEpochMilli();
      dayFullKind[o] = (byte) full;
      LONGS.setOpaque(dayFullUntil, o, until);
    }
    int w = o >>> 6;
    long bit = 1L << o;
    while (!setBit(dayFull, w, bit, full >= 0)) {
      Thread.onSpinWait();
    }
    if (full >= 0) {
      // After the bit: a refreshCaps pass that reset the earliest end before this line still finds the bit.
      nextDayEnd.accumulateAndGet(until, Math::min);
    }
  }

  /**
   * Clears the {@link #dayFull} bit of every rep whose day has ended by {@code now} (a new day, a new count); with
   * {@code all}, re-reads every capped rep's count (a new snapshot).
   */
  public void refreshCaps(java.time.Instant now, boolean all) {
    long millis = now.toEpochMilli();
    nextDayEnd.set(Long.MAX_VALUE);
    for (int o : cappedReps) {
      if (all) {
        refreshCap(o, now);
      } else if ((dayFull.get(o >>> 6) & (1L << o)) != 0) {
        long until = (long) LONGS.getOpaque(dayFullUntil, o);
        if (millis >= until) {
          refreshCap(o, now);
        } else {
          nextDayEnd.accumulateAndGet(until, Math::min);
        }
      }
    }
  }

  /**
   * {@link #refreshCaps refreshCaps(now, false)} if some rep's day at its cap has ended by {@code now}: one read when
   * none has, so every decision may ask (a router whose timers do not tick still lets a capped rep back the next day).
   */
  public void clearEndedDays(java.time.Instant now) {
    if (now.toEpochMilli() >= nextDayEnd.get()) {
      synchronized (nextDayEnd) {
        if (now.toEpochMilli() >= nextDayEnd.get()) {
          refreshCaps(now, false);
        }
      }
    }
  }

  /** The earliest end of a day in which some rep was at its cap (epoch milliseconds), or the largest long. */
  private final java.util.concurrent.atomic.AtomicLong nextDayEnd =
      new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);

  /** Word {@code w} of the reps that reached their daily cap today (a hint; see {@link #dayFull}). */
  public long dayFullWord(int w) {
    return dayFull.getOpaque(w);
  }

  /** True if rep {@code o}'s bit of {@link #dayFullWord} is set: at one of its caps, as last recorded. */
  public boolean isDayFull(int o) {
    return (dayFullWord(o >>> 6) & (1L << o)) != 0;
  }

  /** Sets or clears {@code bit} of word {@code w}; false if a concurrent change made the compare-and-set fail. */
  private static boolean setBit(AtomicLongArray bits, int w, long bit, boolean on) {
    long cur = bits.get(w);
    long next = on ? cur | bit : cur & ~bit;
    return cur == next || bits.compareAndSet(w, cur, next);
  }

  /**
   * Reserves one lead for manager {@code o} if the manager is on the roster ({@code o >= 0}), available, and below
   * full capacity (managers are not held to the capacity threshold). Used by the manager fallback and by SLA
   * escalation.
   */
  public boolean tryTakeManager(int o, long[] available, String leadId) {
    if (o < 0 || !Bits.get(available, o) || !states[o].tryReserve(reps[o].capacity(), leadId)) {
      return false;
    }
    refreshSaturation(o);
    return true;
  }

  /** True if {@link #tryTakeManager} would reserve for manager {@code o} now (changes nothing). */
  public boolean canTakeManager(int o, long[] available) {
    return o >= 0 && Bits.get(available, o) && states[o].openLeads() < reps[o].capacity();
  }

  /** Brings the response-minutes copy of rep {@code o} in line with its statistics (after a recorded contact). */
  public void refreshResponse(int o) {
    refreshResponseHere(o);
    RosterSnapshot next = successor;
    if (next != null) {
      int n = next.ordinalOf(reps[o].id());
      if (n >= 0) {
        next.refreshResponse(n);
      }
    }
  }

  private void refreshResponseHere(int o) {
    double prior = profileResponseMinutes[o];
    boolean changed = false;
    while (true) {
      double mean = states[o].meanResponseMinutes(prior);
      long bits = Double.doubleToRawLongBits(mean);
      if ((long) LONGS.getOpaque(live, 2 * o + 1) != bits) {
        LONGS.setOpaque(live, 2 * o + 1, bits);
        changed = true;
      }
      if (Double.compare(states[o].meanResponseMinutes(prior), mean) == 0) {
        break;
      }
    }
    if (changed && logResponses) {
      // The value is written before its change is counted: a reader that sees the count sees the value.
      long seq = responseChanges.getAndIncrement();
      responseLog.set((int) (seq & (responseLog.length() - 1)), (seq << 32) | o);
    }
  }

  /** The most response-minutes changes the log remembers (a power of two). */
  static final int RESPONSE_LOG = 4096;
  /**
   * Starts far from every recent snapshot's count (the snapshot's serial number modulo 2^22, times 2^40: never
   * negative, as the SPI promises), so a count read on an earlier snapshot, even of the same roster version, is never
   * mistaken for one of this snapshot.
   */
  private final java.util.concurrent.atomic.AtomicLong responseChanges =
      new java.util.concurrent.atomic.AtomicLong((SNAPSHOTS.incrementAndGet() & 0x3F_FFFFL) << 40);
  private static final java.util.concurrent.atomic.AtomicLong SNAPSHOTS = new java.util.concurrent.atomic.AtomicLong();
  /**
   * Ring of the latest changes: {@code seq << 32 | ordinal}; the sequence number tells a stale slot. As long as the
   * roster (a power of two from 64 to {@link #RESPONSE_LOG}): a reader that missed more changes than there are reps
   * re-sorts them for about what replaying the changes would cost, and a router per small tenant keeps 512 bytes here
   * instead of 32 KB.
   */
  private final AtomicLongArray responseLog;
  /** Off while the snapshot is built (every value is new then; readers start after). */
  private boolean logResponses;

  /** See {@link io.smartrouting.spi.RoutingContext#responseChanges()}. */
  public long responseChanges() {
    return responseChanges.get();
  }

  /** See {@link io.smartrouting.spi.RoutingContext#responseChangesSince(long, int[])}. */
  public int responseChangesSince(long since, int[] out) {
    long until = responseChanges.get();
    long count = until - since; // a difference, so it stays right when the counts wrap around
    int mask = responseLog.length() - 1;
    if (count < 0 || count > Math.min(out.length, mask + 1)) {
      return -1;
    }
    int n = 0;
    for (long seq = since; seq != until; seq++) {
      long entry = responseLog.get((int) (seq & mask));
      if ((entry >>> 32) != (seq & 0xFFFF_FFFFL)) {
        return -1; // overwritten, or counted but not written yet
      }
      out[n++] = (int) entry;
    }
    return n;
  }

  /**
   * Re-reads every rep's open leads and response statistics from the store (when a snapshot is built, and on every
   * timer tick for changes other routers made).
   */
  public void refreshAll() {
    for (int o = 0; o < reps.length; o++) {
      refreshSaturation(o);
      refreshResponse(o);
    }
  }

  /** Open leads of rep {@code o} as this router last saw them (see {@link #refreshAll()}). */
  public int openLeads(int o) {
    return (int) (long) LONGS.getOpaque(live, 2 * o);
  }

  /** Open leads divided by capacity (1 for capacity 0) as this router last saw them. */
  public double loadRatio(int o) {
    long v = (long) LONGS.getOpaque(live, 2 * o);
    int cap = (int) (v >>> 32);
    return cap <= 0 ? 1.0 : (double) (int) v / cap;
  }

  /** Mean minutes to first contact of rep {@code o} as this router last saw them (see {@link #refreshAll()}). */
  public double responseMinutes(int o) {
    return Double.longBitsToDouble((long) LONGS.getOpaque(live, 2 * o + 1));
  }

  /**
   * True if some rep in {@code available} is below its {@link #overrideLimit} as this router last saw it: false when
   * no decision could assign anyone now (every assignment, an override's or a manager's too, takes an available rep
   * below that limit), read a word at a time.
   */
  public boolean anyHasRoom(long[] available) {
    for (int w = 0; w < available.length && w < words; w++) {
      if ((available[w] & ~overFull.getOpaque(w)) != 0) {
        return true;
      }
    }
    return false;
  }

  /** The saturation word {@code w}. */
  public long saturatedWord(int w) {
    return saturated.getOpaque(w);
  }

  /** Word {@code w} of the reps at or above their {@link #overrideLimit}. */
  public long overFullWord(int w) {
    return overFull.getOpaque(w);
  }

  /** Open leads must stay below {@code ceil(capacity * threshold)}: at or above the threshold share, skipped. */
  static int admitLimit(int capacity, double threshold) {
    return (int) Math.min(capacity, Math.ceil(capacity * threshold - 1e-9));
  }

  /** Capacity plus {@code share} of it rounded up: the ceiling of a bounded override. */
  static int overrideLimit(int capacity, double share) {
    return (int) Math.min(Integer.MAX_VALUE, capacity + (long) Math.ceil(capacity * share - 1e-9));
  }

  /**
   * The ordinals of the people of account {@code accountId} (its own, then its parents'), ascending, or null if none
   * is on the roster. Not to be written.
   */
  public int @Nullable [] accountPeopleOrdinals(String accountId) {
    return accountPeopleOrdinals.get(accountId);
  }

  /**
   * For a one-to-one account: the only reps its leads may reach (its people and the owner's team); else null. Not to
   * be written (accounts of one team share it).
   */
  public long @Nullable [] ownerTeam(String accountId) {
    return ownerTeam.get(accountId);
  }

  /**
   * {@link #accountPeopleOrdinals} at {@code at}: with, for each person on declared time off then whose time off names
   * a cover on the roster ({@link io.smartrouting.api.TimeOff#coverRepId()}), that cover, who stands in for the person
   * for the account's leads (ascending). The same array when no time off of the people names a cover then, so that
   * the usual account lead allocates nothing.
   */
  public int @Nullable [] accountPeopleAt(String accountId, java.time.Instant at) {
    int[] people = accountPeopleOrdinals.get(accountId);
    if (people == null || !coversNamed) {
      return people;
    }
    int[] out = people;
    for (int o : people) {
      io.smartrouting.api.TimeOff t = reps[o].timeOffAt(at);
      Integer cover = t == null || t.coverRepId() == null ? null : ordinalById.get(t.coverRepId());
      if (cover != null && !Pipeline.contains(out, cover)) {
        out = java.util.Arrays.copyOf(out, out.length + 1);
        out[out.length - 1] = cover;
      }
    }
    if (out != people) {
      java.util.Arrays.sort(out);
    }
    return out;
  }

  /** True if {@code peopleAt} ({@link #accountPeopleAt}) has a cover standing in, not only the account's own people. */
  private boolean standsIn(String accountId, int @Nullable [] peopleAt) {
    return peopleAt != null && peopleAt != accountPeopleOrdinals.get(accountId);
  }

  /**
   * The ids of {@code people} (the account's people by id, as {@link AccountDirectory.Match#people} has them) with
   * those of {@code peopleAt} ({@link #accountPeopleAt}) added: {@code people} itself when {@code peopleAt} is the
   * account's own people, so that only a decision with a cover standing in allocates.
   */
  public java.util.Set<String> peopleIdsAt(String accountId, java.util.Set<String> people, int @Nullable [] peopleAt) {
    if (!standsIn(accountId, peopleAt)) {
      return people;
    }
    java.util.Set<String> out = new java.util.HashSet<>(people);
    for (int o : peopleAt) {
      out.add(reps[o].id());
    }
    return java.util.Collections.unmodifiableSet(out);
  }

  /**
   * {@link #ownerTeam} with the covers {@link #accountPeopleAt} added to the account's {@code people}: a cover standing
   * in for one of a one-to-one account's people may take its leads. The same array when {@code peopleAt} is the
   * account's own people.
   */
  public long @Nullable [] ownerTeamAt(String accountId, int @Nullable [] peopleAt) {
    long[] team = ownerTeam.get(accountId);
    if (team == null || !standsIn(accountId, peopleAt)) {
      return team;
    }
    long[] out = team.clone();
    Bits.setAll(out, peopleAt);
    return out;
  }

  /** Capacity of rep {@code o} as compiled into this snapshot. */
  public int capacity(int o) {
    return capacity[o];
  }

  public int size() {
    return reps.length;
  }

  public int ordinalOf(String repId) {
    Integer o = ordinalById.get(repId);
    return o == null ? -1 : o;
  }

  public List<Rep> repList() {
    return List.of(reps);
  }

  /**
   * Writes into {@code dst} the reps that meet every hard criterion except capacity and industry preference:
   * territory (or named account), segment, language, active. Before the availability filter, the same set is
   * copied into {@code beforeAvailability} when that is not null.
   */
  public void qualify(LeadFacts f, long[] dst, long @Nullable [] beforeAvailability) {
    qualify(f, active, dst, beforeAvailability);
  }

  /** The reps working segment {@code s} (those with no segment work every one). Not to be written. */
  long[] segmentBits(Segment s) {
    return segment.get(s);
  }

  /** The reps speaking {@code language}, or null if none does. Not to be written. */
  long @Nullable [] speakersOf(String language) {
    return this.language.get(language);
  }

  /** The reps with no language constraint. Not to be written. */
  long[] anyLanguageBits() {
    return anyLanguage;
  }

  /** True if some rep covers postal codes of {@code country} (a lead there without a code cannot reach it by one). */
  public boolean hasPostalReps(String country) {
    return postal.containsKey(country);
  }

  /** True if some rep covers only regions of {@code country} (so a lead there without a region cannot reach it). */
  public boolean hasRegionReps(String country) {
    return regions.containsKey(country);
  }

  /** As {@link #qualify(LeadFacts, long[], long[])}, with {@code available} as the availability filter. */
  public void qualify(LeadFacts f, long[] available, long[] dst, long @Nullable [] beforeAvailability) {
    long[] before = qualifyShared(f, available, dst, beforeAvailability);
    if (beforeAvailability != null && before != beforeAvailability) {
      System.arraycopy(before, 0, beforeAvailability, 0, before.length);
    }
  }

  /**
   * As {@link #qualify(LeadFacts, long[], long[], long[])}, without copying a large roster's set before availability:
   * returns that set, which is {@code beforeAvailability} itself, or (where the lead's kind has a bucket, and the lead
   * reaches no rep by a named account or a postal code) the bucket's own set, shared by every decision and not to be
   * written. (Returns null if {@code beforeAvailability} is null and nothing was written.)
   */
  public long @Nullable [] qualifyShared(LeadFacts f, long[] available, long[] dst,
      long @Nullable [] beforeAvailability) {
    long[] country = null;
    long[] region = null;
    int[] named = null;
    int[] postalCode = null;
    boolean everywhere = f.country == null;
    if (!everywhere) {
      country = countryBits(f);
      region = f.region == null ? null : regionBits(f);
      named = f.accountId == null ? null : namedAccount.get(f.accountId);
      postalCode = f.postalCode == null ? null : postalReps(f);
    }
    long[] seg = f.anySegment ? all : segment.get(f.segment);
    boolean anyLanguageOk = f.language == null;
    long[] speakers = anyLanguageOk ? null : language.get(f.language);
    if (buckets != null) {
      // A large roster: the lead's kind (territory, segment, language) read from its bucket, made on first use. A
      // named account's and a postal code's reps, too many kinds to keep, are added to the lead's own copy.
      int slot = QualifiedBuckets.slot(country, region, seg, speakers, everywhere, anyLanguageOk);
      QualifiedBuckets.Bucket b = buckets.find(slot, country, region, seg, speakers, everywhere, anyLanguageOk);
      if (b == null) {
        long[] qualified = new long[words];
        combine(country, region, seg, speakers, everywhere, anyLanguageOk, all, qualified, null);
        b = buckets.add(slot,
            new QualifiedBuckets.Bucket(country, region, seg, speakers, everywhere, anyLanguageOk, qualified));
      }
      if (b != null) {
        long[] q = b.qualified;
        for (int i = 0; i < dst.length; i++) {
          dst[i] = q[i] & available[i];
        }
        if (named == null && postalCode == null) {
          return q;
        }
        if (beforeAvailability != null) {
          System.arraycopy(q, 0, beforeAvailability, 0, q.length);
        }
        qualifyListed(named, postalCode, seg, speakers, anyLanguageOk, available, dst, beforeAvailability);
        return beforeAvailability;
      }
    }
    combine(country, region, seg, speakers, everywhere, anyLanguageOk, available, dst, beforeAvailability);
    qualifyListed(named, postalCode, seg, speakers, anyLanguageOk, available, dst, beforeAvailability);
    return beforeAvailability;
  }

  /** {@link #qualifyListed(int[], long[], long[], boolean, long[], long[], long[])} for both lists, each if any. */
  private void qualifyListed(int @Nullable [] named, int @Nullable [] postalCode, long[] seg,
      long @Nullable [] speakers, boolean anyLanguageOk, long[] available, long[] dst,
      long @Nullable [] beforeAvailability) {
    if (named != null) {
      qualifyListed(named, seg, speakers, anyLanguageOk, available, dst, beforeAvailability);
    }
    if (postalCode != null) {
      qualifyListed(postalCode, seg, speakers, anyLanguageOk, available, dst, beforeAvailability);
    }
  }

  /**
   * Adds the reps {@code territory} lists (a named account's, a postal code's) to what {@link #combine} wrote, each
   * if it meets segment, language and active, as {@link #combine} keeps a territory's reps word by word.
   */
  private void qualifyListed(int[] territory, long[] seg, long @Nullable [] speakers, boolean anyLanguageOk,
      long[] available, long[] dst, long @Nullable [] beforeAvailability) {
    for (int o : territory) {
      int i = o >>> 6;
      long v = (1L << o) & seg[i] & all[i];
      if (!anyLanguageOk) {
        v &= anyLanguage[i] | (speakers == null ? 0L : speakers[i]);
      }
      if (beforeAvailability != null) {
        beforeAvailability[i] |= v;
      }
      dst[i] |= v & available[i];
    }
  }

  /** The criteria's bitsets combined in one pass over the words (see {@link #qualify}). */
  private void combine(long @Nullable [] country, long @Nullable [] region, long[] seg, long @Nullable [] speakers,
      boolean everywhere, boolean anyLanguageOk, long[] available, long[] dst, long @Nullable [] beforeAvailability) {
    for (int i = 0; i < dst.length; i++) {
      long v;
      if (everywhere) {
        v = -1L;
      } else {
        v = anyTerritory[i];
        if (country != null) {
          v |= country[i];
        }
        if (region != null) {
          v |= region[i];
        }
      }
      v &= seg[i];
      if (!anyLanguageOk) {
        v &= anyLanguage[i] | (speakers == null ? 0L : speakers[i]);
      }
      v &= all[i];
      if (beforeAvailability != null) {
        beforeAvailability[i] = v;
      }
      dst[i] = v & available[i];
    }
  }

  /**
   * Adds to {@code dst} (and {@code beforeAvailability}) the account's {@code people} who speak the lead's language
   * and are active (and, for {@code dst}, available): the account is their territory and its leads are theirs
   * whatever the segment.
   */
  public void qualifyPeople(LeadFacts f, int[] people, long[] available, long[] dst, long[] beforeAvailability) {
    boolean anyLanguageOk = f.language == null;
    // Every segment: the roster's set stands for the segment's.
    qualifyListed(people, all, anyLanguageOk ? null : language.get(f.language), anyLanguageOk, available, dst,
        beforeAvailability);
  }

  /**
   * Fills {@code out} (two slots) with the bitsets {@link #territoryMatch} needs for one lead: region and country;
   * false (nothing filled) when the lead has no country.
   */
  public boolean territoryBits(LeadFacts f, long[][] out) {
    if (f.country == null) {
      return false;
    }
    out[0] = f.region == null ? null : regionBits(f);
    out[1] = countryBits(f);
    return true;
  }

  /** The reps covering the lead's account as a named account ({@link #namedAccount}), or null. Not to be written. */
  public int @Nullable [] namedAccountReps(LeadFacts f) {
    return f.accountId == null || f.country == null ? null : namedAccount.get(f.accountId);
  }

  /**
   * The reps whose postal territories of the lead's country cover its postal code, ascending, or null. Not to be
   * written.
   */
  public int @Nullable [] postalCodeReps(LeadFacts f) {
    return f.country == null || f.postalCode == null ? null : postalReps(f);
  }

  /**
   * The reps whose territory covers the lead of {@code f}, as {@link HardCriteria#inTerritory} decides it rep by rep:
   * everywhere reps, the lead's country (or, for a lead that may reach region reps, any region of it), its region,
   * its account as a named account, and the account's people; every rep when the lead has no country. A new bitset.
   */
  public long[] coveringTerritory(LeadFacts f) {
    long[] dst = new long[words];
    coveringTerritory(f, dst);
    return dst;
  }

  /** As {@link #coveringTerritory(LeadFacts)}, written into {@code dst} ({@link #words} long). */
  public void coveringTerritory(LeadFacts f, long[] dst) {
    if (f.country == null) {
      System.arraycopy(all, 0, dst, 0, words);
      return;
    }
    System.arraycopy(anyTerritory, 0, dst, 0, words);
    orIfPresent(dst, countryBits(f));
    if (f.region != null) {
      orIfPresent(dst, regionBits(f));
    }
    if (f.postalCode != null) {
      Bits.setAll(dst, postalReps(f));
    }
    if (f.accountId != null) {
      Bits.setAll(dst, namedAccount.get(f.accountId));
      for (String id : f.accountPeople) {
        int o = ordinalOf(id);
        if (o >= 0) {
          Bits.set(dst, o);
        }
      }
    }
  }

  /**
   * How rep {@code o} covers the lead, with bitsets from {@link #territoryBits}, the named account's reps from
   * {@link #namedAccountReps} and the postal code's from {@link #postalCodeReps}.
   */
  public io.smartrouting.spi.TerritoryMatch territoryMatch(long @Nullable [][] bits, int @Nullable [] named,
      int @Nullable [] postalCode, int o) {
    if (bits == null) {
      return io.smartrouting.spi.TerritoryMatch.UNKNOWN;
    }
    if (named != null && java.util.Arrays.binarySearch(named, o) >= 0) {
      return io.smartrouting.spi.TerritoryMatch.ACCOUNT;
    }
    if (Bits.get(bits[0], o) || postalCode != null && java.util.Arrays.binarySearch(postalCode, o) >= 0) {
      // A postal territory is at least as narrow as a region: it scores as one.
      return io.smartrouting.spi.TerritoryMatch.REGION;
    }
    if (Bits.get(bits[1], o)) {
      return io.smartrouting.spi.TerritoryMatch.COUNTRY;
    }
    return Bits.get(anyTerritory, o) ? io.smartrouting.spi.TerritoryMatch.GLOBAL
        : io.smartrouting.spi.TerritoryMatch.NONE;
  }

  /** The specialists for {@code industry}, or null when the roster has none. */
  public long[] specialists(String industryKey) {
    return industry.get(industryKey);
  }

  /**
   * The reps that match {@code f}'s country: those covering all of it, and for a lead that may reach region reps
   * ({@link LeadFacts#anyRegion}) those covering any region of it too (they then score as a country match).
   */
  private long @Nullable [] countryBits(LeadFacts f) {
    if (f.anyRegion && f.region == null) {
      long[] wide = countryOrAnyRegion.get(f.country);
      if (wide != null) {
        return wide;
      }
    }
    return territory.get(f.country);
  }

  private long @Nullable [] regionBits(LeadFacts f) {
    Map<String, long[]> byRegion = regions.get(f.country);
    return byRegion == null ? null : byRegion.get(f.region);
  }

  /**
   * {@link PostalIndex} of one country's prefixes and their reps ({@link #append}ed): each prefix's set takes in its
   * shorter ones'.
   */
  private static PostalIndex postalIndex(Map<String, int[]> byPrefix) {
    seal(byPrefix);
    Map<String, int[]> closed = new HashMap<>();
    int shortest = Integer.MAX_VALUE;
    int longest = 0;
    for (Map.Entry<String, int[]> e : byPrefix.entrySet()) {
      String p = e.getKey();
      int[] reps = e.getValue();
      for (int len = 1; len < p.length(); len++) {
        int[] shorter = byPrefix.get(p.substring(0, len));
        if (shorter != null) {
          reps = union(reps, shorter);
        }
      }
      closed.put(p.toLowerCase(java.util.Locale.ROOT), reps);
      shortest = Math.min(shortest, p.length());
      longest = Math.max(longest, p.length());
    }
    return new PostalIndex(new RegionTable<>(closed), shortest, longest);
  }

  /**
   * The reps whose postal territories of the lead's country cover its postal code (a prefix of it), or null: the set
   * of the longest prefix of the code in the country's table, found without copying the code (a British postcode is
   * first put in its {@link PostalPrefixes#canonical} form, as the table's keys are).
   */
  private int @Nullable [] postalReps(LeadFacts f) {
    String code = f.postalCode;
    PostalIndex idx = code == null || postal.isEmpty() ? null : postal.get(f.country);
    if (idx == null) {
      return null;
    }
    code = PostalPrefixes.canonical(f.country, code); // itself, but for a British postcode
    for (int len = Math.min(idx.longest(), code.length()); len >= idx.shortest(); len--) {
      int[] reps = idx.byPrefix().get(code, 0, len);
      if (reps != null) {
        return reps;
      }
    }
    return null;
  }

  /**
   * Appends {@code o} to the ordinals of {@code key} in {@code lists}, whose arrays keep their count in slot 0 until
   * {@link #seal}.
   */
  private static void append(Map<String, int[]> lists, String key, int o) {
    int[] list = lists.get(key);
    if (list == null || list[0] + 1 == list.length) {
      list = list == null ? new int[4] : java.util.Arrays.copyOf(list, 2 * list.length);
      lists.put(key, list);
    }
    list[++list[0]] = o;
  }

  /** Makes every list of {@link #append} its ordinals alone, ascending and each once. */
  private static void seal(Map<String, int[]> lists) {
    lists.replaceAll((key, list) -> {
      int[] sorted = java.util.Arrays.copyOfRange(list, 1, list[0] + 1);
      java.util.Arrays.sort(sorted);
      int n = 0;
      for (int k = 0; k < sorted.length; k++) {
        if (n == 0 || sorted[k] != sorted[n - 1]) {
          sorted[n++] = sorted[k];
        }
      }
      return n == sorted.length ? sorted : java.util.Arrays.copyOf(sorted, n);
    });
  }

  /** The ordinals of two ascending arrays, ascending and each once. */
  private static int[] union(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      int next = j == b.length || i < a.length && a[i] <= b[j] ? a[i] : b[j];
      i += i < a.length && a[i] == next ? 1 : 0;
      j += j < b.length && b[j] == next ? 1 : 0;
      out[n++] = next;
    }
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  private static void orIfPresent(long[] dst, long[] src) {
    if (src != null) {
      Bits.or(dst, src);
    }
  }
}
