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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The default chain's decision made the way a straightforward implementation would: streams over every rep to
 * filter, score and sort, no index. It exists to be measured against {@link Router}; a test proves it picks the
 * same rep. Account matching and classification are shared with the router, since they cost the same either way.
 * Single-threaded.
 */
public final class LinearScanRouter {

  /** Queue name for leads nobody can take. */
  public static final String QUEUE = "queue:" + Router.DEFAULT_FALLBACK_QUEUE;

  private static final double[] WEIGHTS = {0.30, 0.20, 0.25, 0.15, 0.10, 0.0};

  private final List<Rep> reps;
  private final AccountDirectory accounts;
  private final Map<String, int[]> open = new HashMap<>();
  private final Map<String, double[]> credits = new HashMap<>();
  private final Map<String, String> placements = new HashMap<>();

  public LinearScanRouter(List<Rep> reps, List<Account> accounts) {
    this.reps = List.copyOf(reps);
    this.accounts = new AccountDirectory(accounts, Router.DEFAULT_FREE_MAIL_DOMAINS);
    for (Rep r : reps) {
      open.put(r.id(), new int[1]);
      credits.put(r.id(), new double[1]);
    }
  }

  /** Routes and reserves; returns the rep id or {@link #QUEUE}. */
  public String route(Lead lead) {
    Account account = accounts.match(lead).account;
    Classification c = Classification.of(lead, account, ClassificationPolicy.defaults());
    // The account's people are eligible whatever the segment, and join the candidates whatever the industry.
    java.util.Set<String> people = account == null ? java.util.Set.of() : accounts.peopleOf(account);
    List<Rep> covering = reps.stream()
        .filter(r -> covers(r, lead, account))
        .filter(r -> r.segments().isEmpty() || r.segments().contains(c.segment) || people.contains(r.id()))
        .filter(r -> lead.language() == null || r.languages().isEmpty() || r.languages().contains(lead.language()))
        .collect(Collectors.toList());
    List<Rep> eligible = covering.stream().filter(Rep::active).collect(Collectors.toList());
    List<Rep> headroom = eligible.stream().filter(this::hasHeadroom).collect(Collectors.toList());
    List<Rep> candidates = withPeople(prefer(headroom, lead.industry()), headroom, people);
    List<Rep> ignoringCapacity = withPeople(prefer(eligible, lead.industry()), eligible, people);

    Rep winner = null;
    boolean override = false;
    if (account != null) {
      winner = accountOwner(account, lead, candidates);
    }
    if (winner == null && c.tier == Tier.TIER_1) {
      // Fastest within 10% count as equally fast; the least loaded of them wins, then the faster, then roster order.
      double fastest = ignoringCapacity.stream().mapToDouble(Rep::responseMinutes).min().orElse(0);
      winner = ignoringCapacity.stream()
          .filter(r -> r.responseMinutes() <= fastest * 1.10)
          .min(Comparator.comparingDouble((Rep r) -> r.capacity() <= 0 ? 1.0
              : (double) open.get(r.id())[0] / r.capacity()).thenComparingDouble(Rep::responseMinutes))
          .orElse(null);
      override = winner != null && !hasHeadroom(winner);
    }
    if (winner == null && c.tier == Tier.TIER_2) {
      winner = candidates.stream()
          .sorted(Comparator.comparingDouble((Rep r) -> -score(r, lead, c.segment, account)).thenComparing(Rep::id))
          .findFirst().orElse(null);
    }
    if (winner == null && c.tier == Tier.TIER_3 && !candidates.isEmpty()) {
      winner = roundRobin(candidates);
    }
    if (winner == null) {
      placements.put(lead.id(), QUEUE);
      return QUEUE;
    }
    int[] count = open.get(winner.id());
    if (!override && count[0] >= admitLimit(winner)) {
      placements.put(lead.id(), QUEUE);
      return QUEUE;
    }
    count[0]++;
    placements.put(lead.id(), winner.id());
    return winner.id();
  }

  /** Frees the lead's capacity. */
  public void release(String leadId) {
    String where = placements.remove(leadId);
    if (where != null && !where.equals(QUEUE)) {
      int[] count = open.get(where);
      count[0] = Math.max(0, count[0] - 1);
    }
  }

  private boolean covers(Rep r, Lead lead, Account account) {
    if (lead.country() == null) {
      return true;
    }
    if (account != null && (r.namedAccounts().contains(account.id()) || accounts.peopleOf(account)
        .contains(r.id()))) {
      return true;
    }
    return r.territories().contains(Rep.ANY_TERRITORY) || r.territories().contains(lead.country())
        || (lead.region() != null && r.territories().contains(lead.country() + "-" + lead.region()));
  }

  private static int admitLimit(Rep r) {
    return (int) Math.min(r.capacity(), Math.ceil(r.capacity() * 0.9 - 1e-9));
  }

  private boolean hasHeadroom(Rep r) {
    return open.get(r.id())[0] < admitLimit(r);
  }

  private static List<Rep> prefer(List<Rep> from, String industry) {
    if (industry == null) {
      return from;
    }
    List<Rep> specialists = from.stream().filter(r -> r.industries().contains(industry)).collect(Collectors.toList());
    if (!specialists.isEmpty()) {
      return specialists;
    }
    List<Rep> generalists = from.stream().filter(r -> r.industries().isEmpty()).collect(Collectors.toList());
    return generalists.isEmpty() ? from : generalists;
  }

  /** The reps of {@code pool} (roster order) that are in {@code preferred} or are the account's people. */
  private static List<Rep> withPeople(List<Rep> preferred, List<Rep> pool, java.util.Set<String> people) {
    if (people.isEmpty()) {
      return preferred;
    }
    java.util.Set<Rep> keep = new java.util.HashSet<>(preferred);
    return pool.stream().filter(r -> keep.contains(r) || people.contains(r.id())).collect(Collectors.toList());
  }

  private Rep accountOwner(Account account, Lead lead, List<Rep> candidates) {
    for (String id : ownerOrder(account, lead, accounts)) {
      for (Rep r : candidates) {
        if (r.id().equals(id)) {
          return r;
        }
      }
    }
    return null;
  }

  /**
   * The account-owner strategy's order: the AE for a sales-qualified lead, then per account up the parent chain its
   * owner, team and backup. Shared by the baselines.
   */
  static List<String> ownerOrder(Account account, Lead lead, AccountDirectory accounts) {
    List<String> order = new ArrayList<>();
    if (lead.salesQualified() && account.aeRepId() != null) {
      order.add(account.aeRepId());
    }
    for (Account a = account; a != null; a = a.parentAccountId() == null ? null : accounts.byId(a.parentAccountId())) {
      if (a.ownerRepId() != null) {
        order.add(a.ownerRepId());
      }
      order.addAll(a.teamRepIds());
      if (a.backupRepId() != null) {
        order.add(a.backupRepId());
      }
    }
    return order;
  }

  private double score(Rep r, Lead lead, Segment segment, Account account) {
    double[] s = new double[6];
    if (lead.country() == null) {
      s[0] = Double.NaN;
    } else if ((account != null && (r.namedAccounts().contains(account.id())
        || AccountDirectory.people(account).contains(r.id())))
        || (lead.region() != null && r.territories().contains(lead.country() + "-" + lead.region()))) {
      s[0] = 1.0;
    } else if (r.territories().contains(lead.country())) {
      s[0] = 0.75;
    } else {
      s[0] = r.territories().contains(Rep.ANY_TERRITORY) ? 0.5 : 0.0;
    }
    if (lead.industry() == null) {
      s[1] = Double.NaN;
    } else {
      s[1] = r.industries().isEmpty() ? 0.5 : r.industries().contains(lead.industry()) ? 1.0 : 0.0;
    }
    s[2] = r.segments().contains(segment) ? 1.0 : r.segments().isEmpty() ? 0.6 : 0.0;
    s[3] = r.capacity() <= 0 ? 0.0 : Math.max(0.0, 1.0 - (double) open.get(r.id())[0] / r.capacity());
    s[4] = 30.0 / (30.0 + Math.max(0.0, r.responseMinutes()));
    s[5] = Double.NaN;
    double composite = 0;
    for (int i = 0; i < s.length; i++) {
      composite += WEIGHTS[i] * (Double.isNaN(s[i]) ? 0.5 : s[i]);
    }
    return composite;
  }

  private Rep roundRobin(List<Rep> candidates) {
    double total = 0;
    for (Rep r : candidates) {
      total += r.weight();
    }
    Rep winner = null;
    double soonest = Double.POSITIVE_INFINITY;
    Rep ahead = null;
    double aheadCredit = Double.NEGATIVE_INFINITY;
    for (Rep r : candidates) {
      double[] credit = credits.get(r.id());
      double share = r.weight() / total;
      credit[0] += share;
      if (credit[0] >= -1e-12) {
        double steps = (1.0 - credit[0]) / share;
        if (steps < soonest - 1e-12) {
          soonest = steps;
          winner = r;
        }
      } else if (credit[0] > aheadCredit) {
        aheadCredit = credit[0];
        ahead = r;
      }
    }
    Rep chosen = winner != null ? winner : ahead;
    credits.get(chosen.id())[0] -= 1.0;
    return chosen;
  }
}
