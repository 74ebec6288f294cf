package io.smartrouting.core.internal;

import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.core.state.RepState;
import io.smartrouting.core.state.RoutingStateStore;
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
  public final Rep[] reps;
  public final RepState[] states;
  /** Per ordinal: reservations succeed while open leads are below this (the capacity threshold share). */
  public final int[] admitLimit;
  public final int words;
  public final AccountDirectory accounts;

  private final Map<String, Integer> ordinalById;
  /** Country code to reps covering the whole country. */
  private final Map<String, long[]> territory = new HashMap<>();
  /** Country code to region code to reps covering that region. */
  private final Map<String, Map<String, long[]>> regions = new HashMap<>();
  private final long[] anyTerritory;
  private final Map<String, long[]> namedAccount = new HashMap<>();
  private final EnumMap<Segment, long[]> segment = new EnumMap<>(Segment.class);
  private final Map<String, long[]> language = new HashMap<>();
  private final long[] anyLanguage;
  private final Map<String, long[]> industry = new HashMap<>();
  public final long[] generalists;
  public final long[] active;
  public final long[] all;
  /**
   * Reps at or above their capacity threshold, kept current by every reservation and release through
   * {@link #refreshSaturation(int)}. A hint that makes the capacity filter a word-wise AND NOT: the atomic
   * reservation stays the guard, so a stale bit can cost a re-pick but never an over-assignment.
   */
  private final AtomicLongArray saturated;

  /** Who may be assigned when, cached between schedule changes. */
  public final Availability availability;

  public RosterSnapshot(long version, Collection<? extends Rep> roster, RoutingStateStore store,
      double capacityThreshold, AccountDirectory accounts) {
    this(version, roster, store, capacityThreshold, accounts, new Availability.Overrides());
  }

  public RosterSnapshot(long version, Collection<? extends Rep> roster, RoutingStateStore store,
      double capacityThreshold, AccountDirectory accounts, Availability.Overrides overrides) {
    this.version = version;
    this.accounts = accounts;
    this.reps = roster.toArray(new Rep[0]);
    int n = reps.length;
    this.words = Bits.words(n);
    this.states = new RepState[n];
    this.admitLimit = new int[n];
    this.ordinalById = new HashMap<>(n * 2);
    this.anyTerritory = new long[words];
    this.anyLanguage = new long[words];
    this.generalists = new long[words];
    this.active = new long[words];
    this.all = new long[words];
    this.saturated = new AtomicLongArray(words);
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
    for (io.smartrouting.api.Account a : accounts.all()) {
      for (String id : AccountDirectory.people(a)) {
        Integer o = ordinalById.get(id);
        if (o != null) {
          Bits.set(namedAccount.computeIfAbsent(a.id(), k -> new long[words]), o);
        }
      }
    }
    for (int o = 0; o < n; o++) {
      Rep r = reps[o];
      states[o] = store.rep(r.id());
      admitLimit[o] = admitLimit(r.capacity(), capacityThreshold);
      Bits.set(all, o);
      for (String t : r.territories()) {
        int dash = t.indexOf('-');
        if (Rep.ANY_TERRITORY.equals(t)) {
          Bits.set(anyTerritory, o);
        } else if (dash > 0 && dash < t.length() - 1) {
          Bits.set(regions.computeIfAbsent(t.substring(0, dash), k -> new HashMap<>())
              .computeIfAbsent(t.substring(dash + 1), k -> new long[words]), o);
        } else {
          Bits.set(territory.computeIfAbsent(t, k -> new long[words]), o);
        }
      }
      for (String a : r.namedAccounts()) {
        Bits.set(namedAccount.computeIfAbsent(a, k -> new long[words]), o);
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
    refreshAllSaturation();
    this.availability = new Availability(reps, active, overrides);
  }

  /** Brings the saturation bit of rep {@code o} in line with its open leads. */
  public void refreshSaturation(int o) {
    int w = o >>> 6;
    long bit = 1L << o;
    while (true) {
      int open = states[o].openLeads();
      boolean full = open >= admitLimit[o];
      long cur = saturated.get(w);
      long next = full ? cur | bit : cur & ~bit;
      if ((cur == next || saturated.compareAndSet(w, cur, next)) && states[o].openLeads() == open) {
        return;
      }
    }
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

  /** Refreshes every rep's saturation bit (after a snapshot is published). */
  public void refreshAllSaturation() {
    for (int o = 0; o < reps.length; o++) {
      refreshSaturation(o);
    }
  }

  /** The saturation word {@code w}. */
  public long saturatedWord(int w) {
    return saturated.get(w);
  }

  /** Open leads must stay below {@code ceil(capacity * threshold)}: at or above the threshold share, skipped. */
  static int admitLimit(int capacity, double threshold) {
    return (int) Math.min(capacity, Math.ceil(capacity * threshold - 1e-9));
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

  /** As {@link #qualify(LeadFacts, long[], long[])}, with {@code available} as the availability filter. */
  public void qualify(LeadFacts f, long[] available, long[] dst, long @Nullable [] beforeAvailability) {
    // One pass over the words: every criterion's bitset is looked up once, then combined word by word.
    long[] country = null;
    long[] region = null;
    long[] named = null;
    boolean everywhere = f.country == null;
    if (!everywhere) {
      country = territory.get(f.country);
      region = f.region == null ? null : regionBits(f);
      named = f.accountId == null ? null : namedAccount.get(f.accountId);
    }
    long[] seg = segment.get(f.segment);
    boolean anyLanguageOk = f.language == null;
    long[] speakers = anyLanguageOk ? null : language.get(f.language);
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
        if (named != null) {
          v |= named[i];
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

  /** The bitsets {@link #territoryMatch} needs for one lead: account, region, country. */
  public long @Nullable [][] territoryBits(LeadFacts f) {
    if (f.country == null) {
      return null;
    }
    return new long[][] {f.accountId == null ? null : namedAccount.get(f.accountId),
        f.region == null ? null : regionBits(f), territory.get(f.country)};
  }

  /** How rep {@code o} covers the lead, with bitsets from {@link #territoryBits}. */
  public io.smartrouting.spi.TerritoryMatch territoryMatch(long @Nullable [][] bits, int o) {
    if (bits == null) {
      return io.smartrouting.spi.TerritoryMatch.UNKNOWN;
    }
    if (Bits.get(bits[0], o)) {
      return io.smartrouting.spi.TerritoryMatch.ACCOUNT;
    }
    if (Bits.get(bits[1], o)) {
      return io.smartrouting.spi.TerritoryMatch.REGION;
    }
    if (Bits.get(bits[2], o)) {
      return io.smartrouting.spi.TerritoryMatch.COUNTRY;
    }
    return Bits.get(anyTerritory, o) ? io.smartrouting.spi.TerritoryMatch.GLOBAL
        : io.smartrouting.spi.TerritoryMatch.NONE;
  }

  /** The specialists for {@code industry}, or null when the roster has none. */
  public long[] specialists(String industryKey) {
    return industry.get(industryKey);
  }

  private long @Nullable [] regionBits(LeadFacts f) {
    Map<String, long[]> byRegion = regions.get(f.country);
    return byRegion == null ? null : byRegion.get(f.region);
  }

  private static void orIfPresent(long[] dst, long[] src) {
    if (src != null) {
      Bits.or(dst, src);
    }
  }
}
