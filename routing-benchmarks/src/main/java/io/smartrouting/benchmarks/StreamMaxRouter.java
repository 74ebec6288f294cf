package io.smartrouting.benchmarks;

import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ClassificationPolicy;
import io.smartrouting.core.Router;
import io.smartrouting.core.internal.AccountDirectory;
import io.smartrouting.core.internal.Classification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * The default chain's decision as a competent straightforward implementation makes it: no index and no sorting,
 * but nothing wasteful either. At roster load every rep's territories, industries, languages and named accounts
 * become small int codes in arrays by roster position (so a check is an int comparison, not a string hash); per
 * lead, one {@link IntStream} pass over the roster filters the qualified reps into an int array (first against a
 * one-word summary of each rep's territories, so most reps cost one load from a flat array), and each stage is
 * a pass over those few ({@code filter} then a reducing max or min: no sort, no boxing, no object per rep); live
 * state is in arrays; the weighted score is computed in place.
 *
 * <p>This is the peer to measure against. {@link LinearScanRouter} (filter, collect, sort every candidate) stays
 * as the {@code sortAllCandidates} benchmark, a weaker peer. {@code BaselineAgreementTest} proves this one decides
 * as the router does. Single-threaded.
 */
public final class StreamMaxRouter {

  private static final double W_TERRITORY = 0.30;
  private static final double W_INDUSTRY = 0.20;
  private static final double W_SEGMENT = 0.25;
  private static final double W_CAPACITY = 0.15;
  private static final double W_RESPONSE = 0.10;
  private static final double W_PERFORMANCE = 0.0;
  private static final int NONE = -1;

  private final Rep[] reps;
  private final int n;
  private final boolean[] active;
  /** Territory codes per rep; {@link #anyTerritory} marks reps who cover everywhere. */
  private final int[][] territories;
  private final boolean[] anyTerritory;
  /**
   * A one-word summary of what each rep covers, by roster position: bit {@code code % 64} of every territory and named
   * account it lists (every bit for a rep who covers everywhere). A lead's territory, region and account bits that
   * miss it rule the rep out with one load from a flat array; a hit is then checked exactly. The usual first filter
   * of a scan that wants to touch as little as it can per rep.
   */
  private final long[] coverBits;
  private final int[][] industries;
  private final int[][] languages;
  private final int[][] namedAccounts;
  /** Bit s set: the rep lists segment s; 0: works all segments. */
  private final int[] segmentBits;
  private final int[] capacity;
  private final int[] admit;
  private final double[] responseMinutes;
  private final double[] weight;
  /** Rank of the rep's id in sorted order, for the weighted tie-break. */
  private final int[] idRank;
  private final int[] open;
  private final double[] credit;
  private final Map<String, Integer> codes = new HashMap<>();
  private final Map<String, Integer> position = new HashMap<>();
  private final Map<String, Integer> placements = new HashMap<>();
  private final AccountDirectory accounts;

  public StreamMaxRouter(List<Rep> roster, List<Account> accountList) {
    this.reps = roster.toArray(new Rep[0]);
    this.n = reps.length;
    this.active = new boolean[n];
    this.territories = new int[n][];
    this.anyTerritory = new boolean[n];
    this.coverBits = new long[n];
    this.industries = new int[n][];
    this.languages = new int[n][];
    this.namedAccounts = new int[n][];
    this.segmentBits = new int[n];
    this.capacity = new int[n];
    this.admit = new int[n];
    this.responseMinutes = new double[n];
    this.weight = new double[n];
    this.idRank = new int[n];
    this.open = new int[n];
    this.credit = new double[n];
    for (int i = 0; i < n; i++) {
      Rep r = reps[i];
      active[i] = r.active();
      territories[i] = codes(r.territories());
      anyTerritory[i] = r.territories().contains(Rep.ANY_TERRITORY);
      industries[i] = codes(r.industries());
      languages[i] = codes(r.languages());
      namedAccounts[i] = codes(r.namedAccounts());
      coverBits[i] = anyTerritory[i] ? -1L : bits(territories[i]) | bits(namedAccounts[i]);
      for (Segment s : r.segments()) {
        segmentBits[i] |= 1 << s.ordinal();
      }
      capacity[i] = r.capacity();
      admit[i] = (int) Math.min(r.capacity(), Math.ceil(r.capacity() * 0.9 - 1e-9));
      responseMinutes[i] = r.responseMinutes();
      weight[i] = r.weight();
      position.put(r.id(), i);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> reps[a].id().compareTo(reps[b].id()));
    for (int k = 0; k < n; k++) {
      idRank[order[k]] = k;
    }
    this.accounts = new AccountDirectory(accountList, Router.DEFAULT_FREE_MAIL_DOMAINS);
  }

  private int[] codes(Set<String> values) {
    int[] out = new int[values.size()];
    int k = 0;
    for (String v : values) {
      out[k++] = codes.computeIfAbsent(v, x -> codes.size());
    }
    return out;
  }

  private static long bits(int[] codes) {
    long b = 0;
    for (int c : codes) {
      b |= 1L << (c & 63);
    }
    return b;
  }

  private static long bit(int code) {
    return code < 0 ? 0L : 1L << (code & 63);
  }

  private int code(String value) {
    if (value == null) {
      return NONE;
    }
    Integer c = codes.get(value);
    return c == null ? Integer.MIN_VALUE : c; // a value no rep has: matches nothing
  }

  private static boolean has(int[] set, int code) {
    for (int v : set) {
      if (v == code) {
        return true;
      }
    }
    return false;
  }

  /** One lead's facts as codes, and the account's people as roster positions. */
  private final class LeadView {
    final Lead lead;
    final Segment segment;
    final int segmentBit;
    final int country;
    final int countryRegion;
    final int language;
    final int industry;
    final int account;
    /** {@link #coverBits} a rep must share with the lead to cover it; all bits when the lead has no country. */
    final long coverMask;
    /** Roster positions of the account's people (a handful), and of its own people (without parents'). */
    final int[] people;
    final int[] ownPeople;

    LeadView(Lead lead, Account acct, Set<String> peopleIds, Segment segment) {
      this.lead = lead;
      this.segment = segment;
      this.segmentBit = 1 << segment.ordinal();
      this.country = code(lead.country());
      this.countryRegion = lead.country() != null && lead.region() != null
          ? code(lead.country() + "-" + lead.region()) : Integer.MIN_VALUE;
      this.language = code(lead.language());
      this.industry = code(lead.industry());
      this.account = acct == null ? NONE : code(acct.id());
      this.coverMask = country == NONE ? -1L : bit(country) | bit(countryRegion) | bit(account);
      this.people = positions(peopleIds);
      this.ownPeople = acct == null ? NO_PEOPLE : positions(AccountDirectory.people(acct));
    }

    boolean person(int i) {
      return people.length != 0 && has(people, i);
    }
  }

  private static final int[] NO_PEOPLE = {};

  private int[] positions(Set<String> ids) {
    if (ids.isEmpty()) {
      return NO_PEOPLE;
    }
    int[] out = new int[ids.size()];
    int k = 0;
    for (String id : ids) {
      Integer p = position.get(id);
      if (p != null) {
        out[k++] = p;
      }
    }
    return k == out.length ? out : java.util.Arrays.copyOf(out, k);
  }

  /** Routes and reserves; returns the rep id or {@link LinearScanRouter#QUEUE}. */
  public String route(Lead lead) {
    AccountDirectory.Match m = accounts.match(lead);
    Account account = m.account;
    Classification c = Classification.of(lead, account, ClassificationPolicy.defaults());
    Set<String> peopleIds = account == null ? Set.of() : accounts.peopleOf(account);
    LeadView v = new LeadView(lead, account, peopleIds, c.segment);

    // One pass over the roster: the qualified reps (territory first, the most selective test). Every later stage
    // works on these few positions only.
    int[] qualified = IntStream.range(0, n).filter(i -> ((coverBits[i] & v.coverMask) != 0 || v.coverMask == -1L
        || v.person(i))
        && covers(i, v) && active[i]
        && (segmentBits[i] == 0 || (segmentBits[i] & v.segmentBit) != 0 || v.person(i))
        && (v.language == NONE || languages[i].length == 0 || has(languages[i], v.language))).toArray();
    IntPredicate withHeadroom = i -> open[i] < admit[i];

    // Specialists, else generalists, else anyone: the best industry class present (the account's people stay in).
    int best = v.industry == NONE ? 0 : IntStream.of(qualified).filter(withHeadroom)
        .map(i -> industryClass(i, v.industry)).max().orElse(0);
    IntPredicate candidate = i -> withHeadroom.test(i)
        && (v.industry == NONE || industryClass(i, v.industry) == best || v.person(i));

    int winner = -1;
    boolean override = false;
    if (account != null) {
      winner = accountOwner(account, lead, qualified, candidate);
    }
    if (winner < 0 && c.tier == Tier.TIER_1) {
      int bestAny = v.industry == NONE ? 0 : IntStream.of(qualified).map(i -> industryClass(i, v.industry)).max()
          .orElse(0);
      IntPredicate eligible = i -> v.industry == NONE || industryClass(i, v.industry) == bestAny || v.person(i);
      double fastest = IntStream.of(qualified).filter(eligible).mapToDouble(i -> responseMinutes[i]).min().orElse(0);
      // Fastest within 10% count as equally fast; the least loaded of them wins, then the faster, then roster order.
      winner = IntStream.of(qualified).filter(i -> responseMinutes[i] <= fastest * 1.10 && eligible.test(i))
          .reduce((a, b) -> fasterTrack(b, a) ? b : a).orElse(-1);
      override = winner >= 0 && !withHeadroom.test(winner);
    }
    if (winner < 0 && c.tier == Tier.TIER_2) {
      winner = IntStream.of(qualified).filter(candidate).reduce((a, b) -> better(b, a, v) ? b : a).orElse(-1);
    }
    if (winner < 0 && c.tier == Tier.TIER_3) {
      winner = roundRobin(qualified, candidate);
    }
    if (winner < 0 || (!override && open[winner] >= admit[winner])) {
      placements.put(lead.id(), -1);
      return LinearScanRouter.QUEUE;
    }
    open[winner]++;
    placements.put(lead.id(), winner);
    return reps[winner].id();
  }

  /** Frees the lead's capacity. */
  public void release(String leadId) {
    Integer where = placements.remove(leadId);
    if (where != null && where >= 0) {
      open[where] = Math.max(0, open[where] - 1);
    }
  }

  private boolean covers(int i, LeadView v) {
    if (v.country == NONE) {
      return true;
    }
    if (v.account != NONE && (has(namedAccounts[i], v.account) || v.person(i))) {
      return true;
    }
    return anyTerritory[i] || has(territories[i], v.country) || has(territories[i], v.countryRegion);
  }

  private int industryClass(int i, int industry) {
    return has(industries[i], industry) ? 2 : industries[i].length == 0 ? 1 : 0;
  }

  private boolean fasterTrack(int a, int b) {
    double la = capacity[a] <= 0 ? 1.0 : (double) open[a] / capacity[a];
    double lb = capacity[b] <= 0 ? 1.0 : (double) open[b] / capacity[b];
    if (la != lb) {
      return la < lb;
    }
    if (responseMinutes[a] != responseMinutes[b]) {
      return responseMinutes[a] < responseMinutes[b];
    }
    return a < b;
  }

  private boolean better(int a, int b, LeadView v) {
    double sa = score(a, v);
    double sb = score(b, v);
    if (sa != sb) {
      return sa > sb;
    }
    return idRank[a] < idRank[b];
  }

  private double score(int i, LeadView v) {
    double territory;
    if (v.country == NONE) {
      territory = 0.5;
    } else if ((v.account != NONE && (has(namedAccounts[i], v.account) || has(v.ownPeople, i)))
        || has(territories[i], v.countryRegion)) {
      territory = 1.0;
    } else if (has(territories[i], v.country)) {
      territory = 0.75;
    } else {
      territory = anyTerritory[i] ? 0.5 : 0.0;
    }
    double industry = v.industry == NONE ? 0.5
        : industries[i].length == 0 ? 0.5 : has(industries[i], v.industry) ? 1.0 : 0.0;
    double seg = (segmentBits[i] & v.segmentBit) != 0 ? 1.0 : segmentBits[i] == 0 ? 0.6 : 0.0;
    double cap = capacity[i] <= 0 ? 0.0 : Math.max(0.0, 1.0 - (double) open[i] / capacity[i]);
    double response = 30.0 / (30.0 + Math.max(0.0, responseMinutes[i]));
    // Summed in the router's factor order, so equal scores stay equal to the last bit.
    return W_TERRITORY * territory + W_INDUSTRY * industry + W_SEGMENT * seg + W_CAPACITY * cap
        + W_RESPONSE * response + W_PERFORMANCE * 0.5;
  }

  private int accountOwner(Account account, Lead lead, int[] qualified, IntPredicate candidate) {
    for (String id : LinearScanRouter.ownerOrder(account, lead, accounts)) {
      Integer i = position.get(id);
      if (i != null && has(qualified, i) && candidate.test(i)) {
        return i;
      }
    }
    return -1;
  }

  /** Weighted round-robin by credits: every candidate earns its share, the first to reach one whole lead wins. */
  private int roundRobin(int[] qualified, IntPredicate candidate) {
    double total = IntStream.of(qualified).filter(candidate).mapToDouble(i -> weight[i]).sum();
    if (total == 0 && IntStream.of(qualified).noneMatch(candidate)) {
      return -1;
    }
    int winner = -1;
    double soonest = Double.POSITIVE_INFINITY;
    int ahead = -1;
    double aheadCredit = Double.NEGATIVE_INFINITY;
    for (int i : qualified) {
      if (!candidate.test(i)) {
        continue;
      }
      double share = weight[i] / total;
      credit[i] += share;
      if (credit[i] >= -1e-12) {
        double steps = (1.0 - credit[i]) / share;
        if (steps < soonest - 1e-12) {
          soonest = steps;
          winner = i;
        }
      } else if (credit[i] > aheadCredit) {
        aheadCredit = credit[i];
        ahead = i;
      }
    }
    int chosen = winner >= 0 ? winner : ahead;
    credit[chosen] -= 1.0;
    return chosen;
  }
}
