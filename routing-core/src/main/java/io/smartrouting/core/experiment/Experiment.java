package io.smartrouting.core.experiment;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An A/B test between routing variants: each variant is a {@link Router} (a chain or a configuration), and every
 * lead goes to one variant picked by a hash of its {@link StickyKey} salted with the experiment's name, so the same
 * key always lands in the same variant, across restarts and nodes.
 *
 * <pre>{@code
 * Experiment exp = Experiment.builder("learning-v1")
 *     .variant("control", controlRouter, 50)
 *     .variant("learning", learningRouter, 50)
 *     .stickyBy(StickyKey.ACCOUNT)
 *     .build();
 * Decision d = exp.route(lead);
 * exp.recordContact(d.leadId(), contactedAt);
 * exp.recordOutcome(d.leadId(), Outcome.WON);
 * ExperimentReport report = exp.report();
 * }</pre>
 *
 * <p>Route, contact, outcome and release calls go through the experiment so that it can count them per variant.
 * It remembers each routed lead (its variant and routing time, about 100 bytes) until {@link #forget}, the end of the
 * experiment, or {@link Builder#rememberLeads} newer ones (200,000 by default). A contact, outcome or release of a lead it did not route (on many nodes, another node's; or one
 * routed before a restart) still reaches the lead's variant's router, told by the facts its store keeps.
 *
 * <p>Where the counts are kept: when the variants' routers share one state store that keeps shared tallies (Redis,
 * {@link io.smartrouting.core.state.RoutingStateStore#sharesTallies()}), in that store, so that every node's
 * experiment of this name counts into one report: a lead counted where it was first placed, its first contact
 * (which the store tells apart) and its WON or LOST once (for the outcome window) whichever node is told; one more
 * script a routed lead, first contact and close. Otherwise ({@link #sharesCounts()} false) in this process, for the
 * leads it routed. Thread-safe. {@link #close()} closes the variants' routers.
 */
public final class Experiment implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Experiment.class);

  private final String name;
  private final long salt;
  private final StickyKey stickyKey;
  private final double alpha;
  private final String[] names;
  private final Router[] routers;
  private final double[] shares;
  private final double[] cumulative;
  private final Counters[] counters;
  /**
   * The leads this experiment routed, oldest first, at most {@link Builder#rememberLeads} of them (the oldest forgotten
   * beyond that): a lock per experiment, held for a map operation only.
   */
  private final Map<String, Entry> leads;
  private volatile boolean mismatchLogged;
  /**
   * How long before a call to {@link #route} the router's answer must have been decided for the lead to be one this
   * experiment forgot and is sent again (not counted again), rather than the same lead sent twice at once.
   */
  private static final Duration RESENT_AFTER = Duration.ofSeconds(1);
  /** Whether {@link #atMostLeads} has logged a variant's counts over its leads. */
  private volatile boolean overCountLogged;
  /**
   * The variants' one state store when it keeps shared tallies (Redis): every node's experiment then counts there, and
   * the report is every node's; null: this process counts in {@link #counters}.
   */
  private final io.smartrouting.core.state.@Nullable RoutingStateStore tallies;
  /** The name of the experiment's tallies in the store. */
  private final String talliesName;
  /** Counts the store refused (unreachable): the shared report misses them. */
  private final AtomicLong talliesLost = new AtomicLong();

  private static final class Counters {
    final AtomicLong leads = new AtomicLong();
    final AtomicLong assigned = new AtomicLong();
    final AtomicLong contacted = new AtomicLong();
    final AtomicLong won = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final DoubleAdder minutesToContact = new DoubleAdder();
  }

  /**
   * One routed (or adopted) lead: its variant, when it was routed, and what has been counted for it. An adopted lead
   * is not counted, nor is one whose routing the shared counts lost: its contacts and outcomes go to its variant's
   * router only.
   */
  private static final class Entry {
    final int variant;
    final Instant routedAt;
    volatile boolean counted;
    boolean contacted;
    boolean closed;

    Entry(int variant, Instant routedAt, boolean counted) {
      this.variant = variant;
      this.routedAt = routedAt;
      this.counted = counted;
    }
  }

  private Experiment(Builder b) {
    this.name = b.name;
    this.salt = salt(b.name);
    this.stickyKey = b.stickyKey;
    this.alpha = b.srmAlpha;
    int n = b.names.size();
    this.names = b.names.toArray(new String[0]);
    this.routers = b.routers.toArray(new Router[0]);
    this.shares = new double[n];
    this.cumulative = new double[n];
    this.counters = new Counters[n];
    double[] c = cumulative(b.weights);
    double total = b.weights.stream().mapToDouble(Double::doubleValue).sum();
    for (int i = 0; i < n; i++) {
      cumulative[i] = c[i];
      shares[i] = b.weights.get(i) / total;
      counters[i] = new Counters();
    }
    io.smartrouting.core.state.RoutingStateStore store = routers[0].stateStore();
    boolean oneStore = true;
    for (Router r : routers) {
      oneStore &= r.stateStore() == store;
    }
    this.tallies = oneStore && store.sharesTallies() ? store : null;
    if (!oneStore) {
      warnOfRepsOnTwoStores(b.name, names, routers);
    }
    this.talliesName = "experiment:" + name;
    int remember = b.rememberLeads;
    this.leads = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > remember;
      }
    });
  }

  /**
   * Warns when two variants' routers keep their live state in different stores yet have reps in common: each store
   * counts only its own variant's open leads, so such a rep can be given up to its capacity by every variant (and a
   * lead's placement is unknown to the other variants). Variants with rosters of their own may keep stores of their own.
   */
  private static void warnOfRepsOnTwoStores(String name, String[] names, Router[] routers) {
    for (int i = 0; i < routers.length; i++) {
      for (int j = i + 1; j < routers.length; j++) {
        if (routers[i].stateStore() == routers[j].stateStore()) {
          continue;
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (io.smartrouting.api.Rep r : routers[i].roster()) {
          ids.add(r.id());
        }
        int common = 0;
        for (io.smartrouting.api.Rep r : routers[j].roster()) {
          if (ids.contains(r.id())) {
            common++;
          }
        }
        if (common > 0) {
          LOG.warn("experiment '{}': variants '{}' and '{}' keep live state in different stores but share {} rep(s):"
              + " each counts only its own variant's leads against a rep's capacity, so together they can exceed it;"
              + " build every variant's router on the same state store", name, names[i], names[j], common);
          return;
        }
      }
    }
  }

  /**
   * True if the counts are kept in the variants' shared state store (they share one, and it keeps shared tallies, as
   * Redis does): then every node's experiment of this name counts there and {@link #report()} is every node's. False:
   * the counts are this process's.
   *
   * @return whether the counts are shared
   */
  public boolean sharesCounts() {
    return tallies != null;
  }

  private static final String LEADS = "leads|";
  private static final String ASSIGNED = "assigned|";
  private static final String CONTACTED = "contacted|";
  private static final String MINUTES = "minutes|";
  private static final String WON = "won|";
  private static final String LOST = "lost|";

  /**
   * Adds to the shared tallies ({@link #tallies}) the counts {@code fields} (field prefix, delta, ...) of variant
   * {@code v}, once per {@code onceKey} when one is given. The counts never fail a call: a store that cannot be reached
   * loses them (logged, and counted in {@link #countsLost()}). Returns false when it lost them.
   */
  private boolean tally(@Nullable String onceKey, int v, Object... fields) {
    Map<String, Double> deltas = new java.util.HashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      deltas.put(fields[i] + names[v], ((Number) fields[i + 1]).doubleValue());
    }
    try {
      java.util.Objects.requireNonNull(tallies).addTallies(talliesName, onceKey, Router.DEFAULT_OUTCOME_WINDOW,
          deltas);
      return true;
    } catch (RuntimeException e) {
      if (talliesLost.getAndIncrement() == 0) {
        LOG.warn("experiment '{}': its shared counts could not be written ({}); the report misses them", name,
            e.toString());
      }
      return false;
    }
  }

  /**
   * Counts the shared tallies lost because the store could not be reached (0 when the counts are this process's).
   *
   * @return the tallies lost
   */
  public long countsLost() {
    return talliesLost.get();
  }

  private static long salt(String name) {
    return hash(0x9e3779b97f4a7c15L, name);
  }

  /** The running totals of {@code weights} over their sum, the last exactly 1. */
  private static double[] cumulative(List<Double> weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double[] out = new double[weights.size()];
    double run = 0;
    for (int i = 0; i < out.length; i++) {
      run += weights.get(i) / total;
      out[i] = run;
    }
    out[out.length - 1] = 1.0;
    return out;
  }

  /**
   * The variant of {@code variants} (with relative {@code weights}) a lead falls in, as an experiment named
   * {@code name} that splits by {@code key} picks it: the function such an {@link Experiment} uses, for code that
   * needs it before the experiment's routers are built (each variant's router owning its own leads,
   * {@link Router.Builder#ownsLeads}).
   *
   * @param name the experiment's name (the hash salt)
   * @param key what a lead is split by
   * @param variants the variants' names, control first
   * @param weights their relative weights
   * @return the function from a lead to its variant's name
   * @throws IllegalArgumentException on no variants, or a count of weights other than the variants'
   */
  public static java.util.function.Function<Lead, String> splitter(String name, StickyKey key, List<String> variants,
      List<Double> weights) {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(key, "key must not be null");
    if (variants.isEmpty() || variants.size() != weights.size()) {
      throw new IllegalArgumentException("splitter needs one weight a variant but got " + variants.size()
          + " variant(s) and " + weights.size() + " weight(s)");
    }
    long salt = salt(name);
    double[] cumulative = cumulative(weights);
    String[] names = variants.toArray(new String[0]);
    return lead -> names[index(name, names, salt, cumulative, key, lead)];
  }

  /**
   * The custom attribute in which the routers of an experiment's variants keep a lead's variant with the facts they
   * save ({@link Router.Builder#tagsSavedLeads}, value {@link #variantTag}): a router that finds the lead in a shared
   * store then knows its variant even when the saved facts no longer give its sticky key (they keep no e-mail
   * address, and name an account matched by address by its id). A lead carrying this experiment's tag is in the
   * variant it names, whatever its sticky key says.
   */
  public static final String VARIANT_ATTRIBUTE = "smartrouting.experiment";

  /**
   * The value of {@link #VARIANT_ATTRIBUTE} for variant {@code variant} of experiment {@code experiment}.
   *
   * @param experiment the experiment's name
   * @param variant the variant's name
   * @return the attribute's value
   */
  public static String variantTag(String experiment, String variant) {
    return Objects.requireNonNull(experiment, "experiment must not be null") + "/"
        + Objects.requireNonNull(variant, "variant must not be null");
  }

  /**
   * The index of {@code lead}'s variant: the one its {@link #VARIANT_ATTRIBUTE} names for experiment {@code name},
   * else by the hash of its sticky key.
   */
  private static int index(String name, String[] names, long salt, double[] cumulative, StickyKey key, Lead lead) {
    String tag = lead.attributes().get(VARIANT_ATTRIBUTE);
    if (tag != null && tag.length() > name.length() && tag.charAt(name.length()) == '/' && tag.startsWith(name)) {
      for (int i = 0; i < names.length; i++) {
        if (tag.length() == name.length() + 1 + names[i].length() && tag.endsWith(names[i])) {
          return i;
        }
      }
    }
    return index(salt, cumulative, key.keyOf(lead));
  }

  /** How many routed leads an experiment remembers unless told otherwise ({@link Builder#rememberLeads}). */
  public static final int DEFAULT_REMEMBERED_LEADS = 200_000;

  /**
   * A builder for experiment {@code name} (also the hash salt: a new name reshuffles the split).
   *
   * @param name the experiment's name
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** {@return the experiment's name} */
  public String name() {
    return name;
  }

  /** {@return the variant names, control first} */
  public List<String> variants() {
    return List.of(names);
  }

  /** {@return what is hashed to pick a lead's variant} */
  public StickyKey stickyBy() {
    return stickyKey;
  }

  /**
   * The share of leads variant {@code variant} gets, from 0 to 1 (the weights it was built with, normalised).
   *
   * @param variant the variant's name
   * @return its share
   * @throws IllegalArgumentException if there is no variant of that name
   */
  public double share(String variant) {
    return shares[variantIndex(variant)];
  }

  /**
   * The variant {@code lead} belongs to: deterministic in the lead's sticky key, or the one its
   * {@link #VARIANT_ATTRIBUTE} names for this experiment.
   *
   * @param lead the lead
   * @return the variant's name
   */
  public String variantOf(Lead lead) {
    Objects.requireNonNull(lead, "lead must not be null");
    return names[indexOf(lead)];
  }

  /**
   * The variant a sticky key belongs to (see {@link StickyKey}).
   *
   * @param key a sticky key's value
   * @return the variant's name
   */
  public String variantOfKey(String key) {
    return names[indexOf(Objects.requireNonNull(key, "key must not be null"))];
  }

  private int indexOf(String key) {
    return index(salt, cumulative, key);
  }

  /** The index of {@code lead}'s variant: the one its tag names, else by its sticky key. */
  private int indexOf(Lead lead) {
    return index(name, names, salt, cumulative, stickyKey, lead);
  }

  private static int index(long salt, double[] cumulative, String key) {
    double u = (hash(salt, key) >>> 11) * 0x1.0p-53;
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }

  private static long hash(long seed, String key) {
    return io.smartrouting.core.internal.KeyHash.of(seed ^ 0xcbf29ce484222325L, key);
  }

  /**
   * Routes {@code lead} through its variant's router. Routing the same lead again returns that router's
   * (idempotent) decision and counts the lead once; a lead this experiment routed before goes to the variant it was
   * routed in, whatever its sticky key says now. A lead it has forgotten ({@link Builder#rememberLeads}) that is still
   * open is not counted again either: its router answers with its placement, or with the decision it made, more than
   * a second before the call (a forgotten lead sent again within a second of its routing, which takes that many other
   * leads in between, is counted again). A lead taken up as it stood ({@link #adopt}) that it has forgotten, sent
   * again, is not counted, nor are its later contacts and close, as when it was adopted.
   *
   * @param lead the lead
   * @return the variant router's decision
   */
  public Decision route(Lead lead) {
    Objects.requireNonNull(lead, "lead must not be null");
    // A lead routed before goes back to its variant, even if its sticky key has changed since (another address).
    Entry known = leads.get(lead.id());
    int v = known != null ? known.variant : indexOf(lead);
    Instant asked = known == null ? routers[v].clock().instant() : null;
    Decision d = routers[v].route(lead);
    // Counted where it was first placed, once: not again when the router answers with a decision made well before this
    // call (a lead this experiment routed and has since forgotten, sent again: the decision kept in the router's
    // idempotency window, or its open placement's). Well before: a lead sent twice at once, from two threads, is
    // decided (or placed) by one of them during the other's call, and counted by the thread whose entry goes in.
    boolean placedBefore = asked != null && d.decidedAt().isBefore(asked.minus(RESENT_AFTER));
    // A lead the router took up as it stood (adopt) and this experiment has forgotten, sent again: no variant decided
    // it, so neither it nor its later contacts and close count, as when it was adopted.
    boolean adopted = io.smartrouting.core.internal.Adoptions.ADOPTED.equals(d.decidedBy());
    Entry e = new Entry(v, d.decidedAt(), !adopted);
    if (leads.putIfAbsent(d.leadId(), e) == null && !adopted) {
      if (tallies != null) {
        // A lead decided while the store was unreachable is not counted (it is lost to the counts, as their writes
        // would be). Its contacts and close are not counted either when its routing is not: a variant's rates stay
        // over the leads counted.
        if (d.hasFlag(io.smartrouting.api.Flag.STATE_UNAVAILABLE)) {
          talliesLost.incrementAndGet();
          e.counted = false;
        } else if (!io.smartrouting.core.internal.Pipeline.isExistingPlacement(d) && !placedBefore) {
          // (Another node's placement, the same lead sent to two nodes, is that node's count.)
          if (!tally(null, v, LEADS, 1, ASSIGNED, d.repId() != null ? 1 : 0)) {
            e.counted = false;
          }
        }
      } else if (!placedBefore) {
        counters[v].leads.incrementAndGet();
        if (d.repId() != null) {
          counters[v].assigned.incrementAndGet();
        }
      }
    }
    return d;
  }

  /**
   * Takes up a lead already open outside the experiment ({@link Router#adopt}: at go-live, or after a restart on the
   * in-memory store) in the router of its variant: the one this experiment routed it in, else the one whose router
   * already holds it, else the one its {@link #VARIANT_ATTRIBUTE} or sticky key names, as {@link #route} splits it.
   * It is not counted in the report, nor are its later contacts and outcomes: the experiment compares the variants'
   * decisions, and no variant decided this lead. {@link #routedVariant} names its variant, so that it moves with
   * that variant's router, and {@link #recordContact}, {@link #release} and {@link #recordOutcome} reach it there.
   * Where the counts are shared ({@link #sharesCounts()}), the adoption also marks the lead's first contact and close
   * as counted in the store (for {@link Router#DEFAULT_OUTCOME_WINDOW}, as every close is), so that no node counts
   * them when told them, the nodes that did not adopt it included.
   *
   * @param existing the lead and where it stands
   * @return the variant router's decision ({@code "adopted"}, or the placement of a lead already open)
   * @throws NullPointerException if {@code existing} is null
   * @throws IllegalArgumentException as {@link Router#adopt}
   * @throws io.smartrouting.core.state.StateUnavailableException as {@link Router#adopt}
   */
  public Decision adopt(io.smartrouting.core.ExistingLead existing) {
    Objects.requireNonNull(existing, "existing must not be null");
    Lead lead = existing.lead();
    Entry known = entry(lead.id());
    int v;
    if (known != null) {
      v = known.variant;
    } else {
      int holding = variantOfUnrouted(lead.id());
      v = holding >= 0 ? holding : indexOf(lead);
    }
    Decision d = routers[v].adopt(existing);
    if (known == null && !io.smartrouting.core.internal.Pipeline.isExistingPlacement(d)) {
      leads.putIfAbsent(d.leadId(), new Entry(v, d.decidedAt(), false));
      if (tallies != null) {
        // Another node, told of this lead's contact or close, finds them counted already: nothing is added.
        tally(contactedKey(d.leadId()), v);
        tally(closedKey(d.leadId()), v);
      }
    }
    return d;
  }

  /**
   * Records the first contact of a lead in its variant's router, and in the counts. A lead this experiment did not
   * route (another node's, or one routed before a restart) goes to the router of the variant its saved facts name
   * ({@link #VARIANT_ATTRIBUTE}, else their split). Where the counts are shared ({@link #sharesCounts()}) the contact
   * counts when the router records it as the lead's first (whichever node it is told to); otherwise the first contact
   * told to this experiment of a lead it routed counts.
   *
   * @param leadId the lead
   * @param at when its rep first contacted it
   * @return false if no variant's router knows the lead; where the counts are shared, or for a lead it did not route,
   *     what the router answered; else false if its contact was counted before
   */
  public boolean recordContact(String leadId, Instant at) {
    Objects.requireNonNull(at, "at must not be null");
    Entry e = entry(leadId);
    if (e == null) {
      int v = variantOfUnrouted(leadId);
      if (v < 0) {
        return false;
      }
      // Counted where the counts are shared: the lead's first contact, whichever node is told (the router says).
      Instant routedAt = tallies == null ? null
          : routers[v].placement(leadId).map(io.smartrouting.core.state.Placement::firstRoutedAt).orElse(null);
      boolean first = routers[v].recordContact(leadId, at);
      if (first && routedAt != null) {
        // Once per lead: an adopted lead's contact was marked counted when it was adopted.
        tally(contactedKey(leadId), v, CONTACTED, 1, MINUTES, minutesBetween(routedAt, at));
      }
      return first;
    }
    boolean first = routers[e.variant].recordContact(leadId, at);
    if (!e.counted) {
      return first;
    }
    if (tallies != null) {
      if (first) {
        tally(null, e.variant, CONTACTED, 1, MINUTES, minutesBetween(e.routedAt, at));
      }
      return first;
    }
    synchronized (e) {
      if (e.contacted) {
        return false;
      }
      e.contacted = true;
    }
    counters[e.variant].contacted.incrementAndGet();
    counters[e.variant].minutesToContact.add(minutesBetween(e.routedAt, at));
    return true;
  }

  private static double minutesBetween(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMillis() / 60_000.0);
  }

  /**
   * Records an outcome in the lead's variant's router; WON and LOST count once per lead in the experiment (where the
   * counts are shared, once whichever nodes are told, within the outcome window). A lead it did not route goes to the
   * router of the variant its saved facts name (see {@link #recordContact}), and counts only where the counts are
   * shared.
   *
   * @param leadId the lead
   * @param outcome what happened
   * @return false if no variant's router knows the lead; for a lead it did not route, what the router answered
   */
  public boolean recordOutcome(String leadId, Outcome outcome) {
    Objects.requireNonNull(outcome, "outcome must not be null");
    return recordOutcomeIn(leadId, outcome, null);
  }

  /**
   * Records an outcome that is rep {@code repId}'s work in the lead's variant's router
   * ({@link Router#recordOutcome(String, String, Outcome)}: credited to that rep even if the lead moved on since);
   * WON and LOST count once per lead in the experiment; a lead it did not route as in
   * {@link #recordOutcome(String, Outcome)}.
   *
   * @param leadId the lead
   * @param repId the rep whose work it was
   * @param outcome what happened
   * @return false if no variant's router knows the lead; for a lead it did not route, what the router answered
   * @throws IllegalArgumentException if the variant's router knows {@code repId} neither on its roster nor as a
   *     holder of the lead (nothing counted)
   */
  public boolean recordOutcome(String leadId, String repId, Outcome outcome) {
    Objects.requireNonNull(repId, "repId must not be null");
    Objects.requireNonNull(outcome, "outcome must not be null");
    return recordOutcomeIn(leadId, outcome, repId);
  }

  private boolean recordOutcomeIn(String leadId, Outcome outcome, @Nullable String repId) {
    Entry e = entry(leadId);
    if (e == null) {
      int v = variantOfUnrouted(leadId);
      boolean known = v >= 0 && (repId == null ? routers[v].recordOutcome(leadId, outcome)
          : routers[v].recordOutcome(leadId, repId, outcome));
      if (known && outcome.isTerminal() && tallies != null) {
        tallyClosed(v, leadId, outcome);
      }
      return known;
    }
    if (repId == null) {
      routers[e.variant].recordOutcome(leadId, outcome);
    } else {
      routers[e.variant].recordOutcome(leadId, repId, outcome);
    }
    if (outcome.isTerminal() && e.counted) {
      synchronized (e) {
        if (e.closed) {
          return true;
        }
        e.closed = true;
      }
      if (tallies != null) {
        tallyClosed(e.variant, leadId, outcome);
      } else {
        (outcome == Outcome.WON ? counters[e.variant].won : counters[e.variant].lost).incrementAndGet();
      }
    }
    return true;
  }

  /** A lead's WON or LOST in the shared tallies, once per lead whichever nodes are told (for the outcome window). */
  private void tallyClosed(int v, String leadId, Outcome outcome) {
    tally(closedKey(leadId), v, outcome == Outcome.WON ? WON : LOST, 1);
  }

  /** The shared once-key of a lead's close in the counts. */
  private String closedKey(String leadId) {
    return talliesName + ":closed:" + leadId;
  }

  /** The shared once-key of the first contact of a lead this experiment did not route, in the counts. */
  private String contactedKey(String leadId) {
    return talliesName + ":contacted:" + leadId;
  }

  /**
   * Releases the lead in its variant's router (the experiment keeps counting its outcomes): for a lead it did not
   * route, the variant its saved facts name (see {@link #recordContact}).
   *
   * @param leadId the lead
   * @return what the router answered; false if no variant's router knows the lead
   */
  public boolean release(String leadId) {
    int v = variantHolding(leadId);
    return v >= 0 && routers[v].release(leadId);
  }

  /**
   * The index of the variant whose router holds lead {@code leadId}: the one that routed it, else as
   * {@link #variantOfUnrouted} finds it; -1 if none.
   */
  private int variantHolding(String leadId) {
    Entry e = entry(leadId);
    return e != null ? e.variant : variantOfUnrouted(leadId);
  }

  /**
   * Tells the variant's router of an open lead its new facts ({@link Router#update}): the router that routed it, else,
   * for a lead this experiment did not route, the variant its saved facts name (see {@link #release}). The lead may
   * move as that router is set to move it (an SDR's lead made sales-qualified is handed off by a variant that hands
   * leads off), always within its variant; the experiment counts it as before, in that variant.
   *
   * @param lead the lead with its new facts (same id)
   * @return where the lead is now, as {@link Router#update} says
   * @throws IllegalArgumentException if no variant's router knows the lead (never routed, or released)
   */
  public Decision update(Lead lead) {
    return routers[variantToUpdate(lead)].update(lead);
  }

  /**
   * What {@link #update} would do now with the facts {@code lead}, changing nothing ({@link Router#previewUpdate} in
   * the lead's variant's router).
   *
   * @param lead the lead with its new facts (same id)
   * @return where the lead would be
   * @throws IllegalArgumentException if no variant's router knows the lead (never routed, or released)
   */
  public Decision previewUpdate(Lead lead) {
    return routers[variantToUpdate(lead)].previewUpdate(lead);
  }

  /** The index of the variant whose router holds {@code lead}, as {@link #release} finds it; an exception if none. */
  private int variantToUpdate(Lead lead) {
    java.util.Objects.requireNonNull(lead, "lead must not be null");
    int v = variantHolding(lead.id());
    if (v < 0) {
      throw new IllegalArgumentException("update: no variant of experiment '" + name + "' knows lead '" + lead.id()
          + "' (route it first)");
    }
    return v;
  }

  /**
   * The variant of a lead this experiment did not route (another node's, or one routed before a restart): the one the
   * facts a variant's router knows for it name ({@link Router#leadFacts}: the {@link #VARIANT_ATTRIBUTE} its
   * routers save, else the split of those facts) when that variant's router is on the same store (the variants share
   * one), else the first router that knows it; -1 if none does.
   */
  private int variantOfUnrouted(String leadId) {
    for (int i = 0; i < routers.length; i++) {
      java.util.Optional<Lead> facts = routers[i].leadFacts(leadId);
      if (facts.isPresent()) {
        int named = indexOf(facts.get());
        return routers[named].stateStore() == routers[i].stateStore() ? named : i;
      }
    }
    return -1;
  }

  /**
   * Erases a lead from every variant's router ({@link Router#erase}: an open lead is released first, and what the
   * router and its store keep of it is removed) and {@linkplain #forget forgets} it here. The experiment's counts keep
   * what they counted, which names no lead.
   *
   * @param leadId the lead
   * @return true if a variant's router, or this experiment, knew the lead
   */
  public boolean erase(String leadId) {
    boolean known = leads.remove(leadId) != null;
    for (Router r : routers) {
      known |= r.erase(leadId);
    }
    return known;
  }

  /**
   * Forgets a lead: later contacts and outcomes for it are not counted.
   *
   * @param leadId the lead
   */
  public void forget(String leadId) {
    leads.remove(leadId);
  }

  /**
   * The variant lead {@code leadId} was routed in, if this experiment routed it (and has not forgotten it): its
   * router ({@link #router}) is the one to update, reassign or move the lead with. The lead's sticky key may have
   * changed since (an update of its e-mail, say), so {@link #variantOf} may name another variant now.
   *
   * @param leadId the lead
   * @return the variant's name, or empty
   */
  public java.util.Optional<String> routedVariant(String leadId) {
    Entry e = entry(leadId);
    return e == null ? java.util.Optional.empty() : java.util.Optional.of(names[e.variant]);
  }

  /**
   * The router of variant {@code variant}.
   *
   * @param variant the variant's name
   * @return its router
   */
  public Router router(String variant) {
    return routers[variantIndex(variant)];
  }

  /** The index of variant {@code variant}; an exception naming the variants if there is none. */
  private int variantIndex(String variant) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(variant)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no variant '" + variant + "' in experiment '" + name + "'; variants: "
        + List.of(names));
  }

  private @Nullable Entry entry(String leadId) {
    return leads.get(Objects.requireNonNull(leadId, "leadId must not be null"));
  }

  /**
   * Statistics now: per variant, the sample-ratio check over routed leads (logged once at WARN when it first
   * flags a mismatch), and every treatment against the control on contact rate and conversion rate. Every node's
   * when {@link #sharesCounts()}, read from the store. Shared counts may hold more contacts or wins in a variant than
   * leads (those of leads routed before the counts were kept, told to a node since): the variant's stats say what
   * was counted, and its comparisons count at most its leads (logged once at WARN) rather than fail.
   *
   * @return the report
   * @throws io.smartrouting.core.state.StateUnavailableException if the counts are shared and the store cannot be read
   */
  public ExperimentReport report() {
    List<VariantStats> stats = new ArrayList<>();
    long[] observed = new long[names.length];
    Map<String, Double> shared = tallies == null ? null : tallies.tallies(talliesName);
    for (int i = 0; i < names.length; i++) {
      VariantStats v;
      if (shared != null) {
        long contacted = count(shared, CONTACTED, i);
        v = new VariantStats(names[i], shares[i], count(shared, LEADS, i), count(shared, ASSIGNED, i), contacted,
            count(shared, WON, i), count(shared, LOST, i),
            contacted == 0 ? Double.NaN : shared.getOrDefault(MINUTES + names[i], 0.0) / contacted);
      } else {
        Counters c = counters[i];
        long contacted = c.contacted.get();
        v = new VariantStats(names[i], shares[i], c.leads.get(), c.assigned.get(), contacted, c.won.get(),
            c.lost.get(), contacted == 0 ? Double.NaN : c.minutesToContact.sum() / contacted);
      }
      stats.add(v);
      observed[i] = v.leads();
    }
    SampleRatioCheck srm = Statistics.sampleRatio(observed, shares, alpha);
    if (srm.mismatch() && !mismatchLogged) {
      mismatchLogged = true;
      LOG.warn("experiment '{}': {}; check assignment and data collection before trusting results", name, srm);
    }
    List<ProportionTest> tests = new ArrayList<>();
    VariantStats control = stats.get(0);
    for (int i = 1; i < stats.size(); i++) {
      VariantStats t = stats.get(i);
      tests.add(Statistics.twoProportion("contact rate " + t.name() + " vs " + control.name(),
          atMostLeads(control, control.contacted()), control.leads(), atMostLeads(t, t.contacted()), t.leads()));
      tests.add(Statistics.twoProportion("conversion rate " + t.name() + " vs " + control.name(),
          atMostLeads(control, control.won()), control.leads(), atMostLeads(t, t.won()), t.leads()));
    }
    return new ExperimentReport(name, stats, srm, tests);
  }

  /**
   * {@code count} (a variant's contacts or wins) for a test, at most the variant's leads. Shared counts can hold more:
   * contacts and closes told to a node of leads whose routing the counts do not hold (routed by a version that kept
   * no shared counts, or on a node whose counts' write failed). The variant's stats keep what was counted; logged once
   * at WARN.
   */
  private long atMostLeads(VariantStats v, long count) {
    if (count <= v.leads()) {
      return count;
    }
    if (!overCountLogged) {
      overCountLogged = true;
      LOG.warn("experiment '{}': variant '{}' counts {} contacts and {} wins over {} leads: contacts or closes of leads"
          + " routed before its counts were kept, or whose routing was not counted; its comparisons count at most its"
          + " leads",
          name, v.name(), v.contacted(), v.won(), v.leads());
    }
    return v.leads();
  }

  private long count(Map<String, Double> shared, String kind, int variant) {
    return Math.round(shared.getOrDefault(kind + names[variant], 0.0));
  }

  /**
   * Offboards rep {@code repId} in every variant's router ({@link Router#offboard}): each moves the open leads it owns
   * with its own chain (every lead, for routers built without {@link Router.Builder#ownsLeads}, so the first moves
   * them all).
   *
   * @param repId the rep who leaves
   * @param policy where its leads go
   * @return the decisions of the leads moved, variant by variant
   */
  public List<Decision> offboard(String repId, io.smartrouting.core.OffboardPolicy policy) {
    List<Decision> moved = new ArrayList<>();
    for (Router r : routers) {
      moved.addAll(r.offboard(repId, policy));
    }
    return moved;
  }

  /**
   * What {@link #offboard} would do now, changing nothing: each variant's {@link Router#previewOffboard}, in variant
   * order, a lead listed once, under the first variant whose router would move it (as the offboarding moves it once:
   * routers built without {@link Router.Builder#ownsLeads} each see every open lead of the rep, and the first moves
   * them all). Within a variant each lead sees the room the variant's earlier moves would take; a variant's moves do
   * not see the room another variant's would take, so where the variants share reps near their capacity, the
   * offboarding may place a later variant's leads otherwise.
   *
   * @param repId the rep who would leave
   * @param policy where its leads would go
   * @return the moves, variant by variant, each variant's oldest first; empty if the rep holds no open lead
   * @throws IllegalArgumentException as {@link Router#previewOffboard}
   */
  public List<Decision> previewOffboard(String repId, io.smartrouting.core.OffboardPolicy policy) {
    List<Decision> moves = new ArrayList<>();
    java.util.Set<String> listed = new java.util.HashSet<>();
    for (Router r : routers) {
      for (Decision d : r.previewOffboard(repId, policy)) {
        if (listed.add(d.leadId())) {
          moves.add(d);
        }
      }
    }
    return moves;
  }

  /** Closes every variant's router (see {@link Router#close()}); the counts and {@link #report()} stay readable. */
  @Override
  public void close() {
    for (Router r : routers) {
      r.close();
    }
  }

  /** Builds {@link Experiment}s; the first variant is the control. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final List<String> names = new ArrayList<>();
    private final List<Router> routers = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private StickyKey stickyKey = StickyKey.LEAD_ID;
    private double srmAlpha = 0.001;
    private int rememberLeads = DEFAULT_REMEMBERED_LEADS;

    private Builder(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("experiment name must not be blank but was '" + name + "'");
      }
      this.name = name;
    }

    /**
     * Adds a variant with a relative traffic weight (weights are normalised; 50 and 50 is an even split).
     *
     * @param variant the variant's name
     * @param router its router
     * @param weight its relative traffic weight
     * @return this builder
     * @throws IllegalArgumentException on a blank or duplicate name, a weight that is not finite and positive,
     *     or a router already used by another variant
     */
    public Builder variant(String variant, Router router, double weight) {
      if (variant == null || variant.isBlank()) {
        throw new IllegalArgumentException("variant name must not be blank but was '" + variant + "'");
      }
      Objects.requireNonNull(router, "router of variant '" + variant + "' must not be null");
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("weight of variant '" + variant + "' must be finite and > 0 but was "
            + weight);
      }
      if (names.contains(variant)) {
        throw new IllegalArgumentException("duplicate variant name '" + variant + "'");
      }
      for (Router r : routers) {
        if (r == router) {
          throw new IllegalArgumentException("variant '" + variant + "' uses a router already used by another "
              + "variant; each variant needs its own router so that state and counts stay apart");
        }
      }
      names.add(variant);
      routers.add(router);
      weights.add(weight);
      return this;
    }

    /**
     * What to hash (default {@link StickyKey#LEAD_ID}).
     *
     * @param key the key
     * @return this builder
     */
    public Builder stickyBy(StickyKey key) {
      this.stickyKey = Objects.requireNonNull(key, "stickyKey must not be null");
      return this;
    }

    /**
     * The most routed leads the experiment remembers (their variant and routing time, about 100 bytes each; default
     * {@value Experiment#DEFAULT_REMEMBERED_LEADS}): beyond it the oldest are forgotten, as by
     * {@link Experiment#forget}. A forgotten lead is still told apart by the facts its store keeps (its variant's
     * router gets its contacts, outcomes and release), but only where the counts are shared
     * ({@link Experiment#sharesCounts()}) are those counted.
     *
     * @param leads the most leads remembered
     * @return this builder
     * @throws IllegalArgumentException if {@code leads} is less than 1
     */
    public Builder rememberLeads(int leads) {
      if (leads < 1) {
        throw new IllegalArgumentException("rememberLeads must be at least 1 but was " + leads);
      }
      this.rememberLeads = leads;
      return this;
    }

    /**
     * The p-value below which the sample-ratio check flags a mismatch (default 0.001).
     *
     * @param alpha the p-value threshold
     * @return this builder
     */
    public Builder sampleRatioAlpha(double alpha) {
      if (!(alpha > 0 && alpha < 1)) {
        throw new IllegalArgumentException("sampleRatioAlpha must be in (0, 1) but was " + alpha);
      }
      this.srmAlpha = alpha;
      return this;
    }

    /**
     * Builds the experiment.
     *
     * @return the experiment
     * @throws IllegalArgumentException with fewer than two variants
     */
    public Experiment build() {
      if (names.size() < 2) {
        throw new IllegalArgumentException("experiment '" + name + "' needs at least 2 variants but has "
            + names.size());
      }
      return new Experiment(this);
    }
  }
}
