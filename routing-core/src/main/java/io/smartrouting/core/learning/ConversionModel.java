package io.smartrouting.core.learning;

import io.smartrouting.api.Segment;
import io.smartrouting.core.ClassificationPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversion statistics learned from closed outcomes, per rep × segment and rep × segment × industry, as Beta
 * posteriors with partial pooling:
 * <ol>
 *   <li>the team's rate for the segment, {@code (wins + 1) / (outcomes + 2)} over every rep;</li>
 *   <li>a rep's segment rate: Beta({@code k·team + wins}, {@code k·(1 − team) + losses}), where {@code k} is
 *       {@link LearningPolicy#priorStrength()}, so a rep with 3 outcomes is neither a star nor a failure;</li>
 *   <li>a rep's rate for an industry within the segment: the same, centred on the rep's segment rate, so industry
 *       data refines the estimate where there is any and changes nothing where there is none.</li>
 * </ol>
 *
 * <p>Give one model to {@link io.smartrouting.core.Router.Builder#learning(ConversionModel)}: the router credits
 * WON and LOST outcomes to the rep that held the lead, and the weighted strategy's {@code performance} factor
 * reads {@link #score}. One model may be shared by several routers (variants of an experiment, say).
 *
 * <p>Reps whose outcomes measure something else than deals make a team of their own ({@link #qualifiers}): the SDRs
 * of a router that hands qualified leads off are credited a win for each lead qualified under them, so their rate is a
 * qualification rate, centred on their own team's rather than on the deal-closing reps'.
 *
 * <p>Thread-safe; recording and reading are lock-free, and reading allocates nothing.
 */
public final class ConversionModel {

  private static final Logger LOG = LoggerFactory.getLogger(ConversionModel.class);
  private static final double Z95 = 1.959963984540054;
  private static final int SEGMENTS = Segment.values().length;

  private final LearningPolicy policy;
  private final long explorationThreshold;
  /** The counts; replaced as a whole by {@link #replaceWith}. */
  private volatile Tables tables = new Tables();
  /** Prior strengths per segment: [segment] for reps, [SEGMENTS + segment] for industries within a rep. */
  private volatile double[] strengths;
  private final java.util.concurrent.atomic.AtomicLong recorded = new java.util.concurrent.atomic.AtomicLong();
  private volatile long recordedAtEstimate;
  /** Per segment: the team's outcome count at which the segment's counts are halved next. */
  private final java.util.concurrent.atomic.AtomicLongArray nextHalving =
      new java.util.concurrent.atomic.AtomicLongArray(SEGMENTS);

  /** The reps of the qualifiers' team ({@link #qualifiers(Collection)}); empty: one team. */
  private volatile java.util.Set<String> qualifiers = java.util.Set.of();

  private static final class Tables {
    /** Every rep's outcomes but the qualifiers'. */
    final Cells team = new Cells();
    /** The qualifiers' outcomes. */
    final Cells qualifierTeam = new Cells();
    final ConcurrentHashMap<String, Cells> reps;

    Tables() {
      this(new ConcurrentHashMap<>());
    }

    Tables(ConcurrentHashMap<String, Cells> reps) {
      this.reps = reps;
    }

    /** The team rep {@code repId} is compared with. */
    Cells teamOf(String repId, java.util.Set<String> qualifiers) {
      return !qualifiers.isEmpty() && qualifiers.contains(repId) ? qualifierTeam : team;
    }

    /** Outcomes of segment {@code s} in both teams. */
    long outcomes(int s) {
      return team.counts.get(2 * s) + qualifierTeam.counts.get(2 * s);
    }
  }

  /** Wins and outcomes per segment, and per industry within each segment. */
  private static final class Cells {
    /** [2·segment] = outcomes, [2·segment + 1] = wins. Outcomes are counted first, so wins never exceed them. */
    final AtomicLongArray counts = new AtomicLongArray(2 * SEGMENTS);
    final ConcurrentHashMap<String, AtomicLongArray> byIndustry = new ConcurrentHashMap<>();

    void add(Segment segment, @Nullable String industry, boolean won) {
      add(counts, segment, won);
      if (industry != null) {
        add(byIndustry.computeIfAbsent(industry, k -> new AtomicLongArray(2 * SEGMENTS)), segment, won);
      }
    }

    private static void add(AtomicLongArray a, Segment segment, boolean won) {
      a.incrementAndGet(2 * segment.ordinal());
      if (won) {
        a.incrementAndGet(2 * segment.ordinal() + 1);
      }
    }
  }

  /** A model with {@link LearningPolicy#defaults()}. */
  public ConversionModel() {
    this(LearningPolicy.defaults());
  }

  /**
   * A model with {@code policy}.
   *
   * @param policy the learning policy
   */
  public ConversionModel(LearningPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy must not be null");
    this.explorationThreshold = (long) Math.floor(policy.explorationShare() * 1_000_000);
    double[] k = new double[2 * SEGMENTS];
    java.util.Arrays.fill(k, policy.priorStrength());
    this.strengths = k;
  }

  /** {@return the policy} */
  public LearningPolicy policy() {
    return policy;
  }

  /**
   * Records one closed outcome.
   *
   * @param repId the rep credited
   * @param segment the lead's segment
   * @param won true for WON, false for LOST
   * @param industry the lead's industry key (lower case), or null if unknown
   * @throws IllegalArgumentException if {@code repId} is blank
   */
  public void record(String repId, Segment segment, @Nullable String industry, boolean won) {
    Objects.requireNonNull(repId, "repId must not be null");
    Objects.requireNonNull(segment, "segment must not be null");
    if (repId.isBlank()) {
      throw new IllegalArgumentException("repId must not be blank");
    }
    String ind = industry == null || industry.isBlank() ? null : industry.trim().toLowerCase(Locale.ROOT);
    Tables t = tables;
    t.reps.computeIfAbsent(repId, k -> new Cells()).add(segment, ind, won);
    t.teamOf(repId, qualifiers).add(segment, ind, won);
    long halfLife = policy.halfLifeOutcomes();
    if (halfLife > 0) {
      // Both teams' outcomes count towards a halving, as a shared store counts every outcome of the segment.
      int s = segment.ordinal();
      long n = t.outcomes(s);
      long due = nextHalving.get(s);
      if (due == 0) {
        nextHalving.compareAndSet(s, 0, n + halfLife);
      } else if (n >= due && nextHalving.compareAndSet(s, due, Long.MAX_VALUE)) {
        halve(t, s);
        nextHalving.set(s, t.outcomes(s) + halfLife);
      }
    }
    if (policy.empiricalPrior()) {
      long n = recorded.incrementAndGet();
      // Re-estimate after every 5% more outcomes (at least 50): the strengths move slowly, the hot path reads them.
      if (n - recordedAtEstimate >= Math.max(50, n / 20)) {
        estimateStrengths();
      }
    }
  }

  /**
   * Halves every count of segment {@code s} (wins first, so wins never exceed outcomes even while outcomes are
   * recorded meanwhile): the older outcomes now weigh half.
   */
  private static void halve(Tables t, int s) {
    java.util.List<AtomicLongArray> all = new java.util.ArrayList<>();
    all.add(t.team.counts);
    all.add(t.qualifierTeam.counts);
    for (Cells c : t.reps.values()) {
      all.add(c.counts);
      all.addAll(c.byIndustry.values());
    }
    for (AtomicLongArray a : all) {
      a.getAndUpdate(2 * s + 1, w -> w / 2);
      a.getAndUpdate(2 * s, n -> n / 2);
    }
  }

  /**
   * The prior strength of the rep level (or, with {@code industryLevel}, of industries within a rep) in a segment.
   *
   * @param segment the segment
   * @param industryLevel true for industries within a rep, false for reps
   * @return the prior strength
   */
  public double priorStrength(Segment segment, boolean industryLevel) {
    return strengths[(industryLevel ? SEGMENTS : 0) + segment.ordinal()];
  }

  /**
   * Empirical Bayes by the method of moments: per segment, the spread of reps' rates around the team's, less what
   * sampling alone explains, gives the variance of true rates; the strength is {@code m(1-m)/variance - 1}
   * (between 2 and 1,000). Likewise for industry cells around their rep's segment rate. Too few reps or cells with
   * five outcomes or more (three) leaves the configured strength.
   */
  private synchronized void estimateStrengths() {
    recordedAtEstimate = recorded.get();
    Tables t = tables;
    java.util.Set<String> teams = qualifiers;
    double[] k = new double[2 * SEGMENTS];
    for (int s = 0; s < SEGMENTS; s++) {
      double spread = 0;
      double noise = 0;
      int reps = 0;
      double cellSpread = 0;
      double cellNoise = 0;
      int cells = 0;
      for (Map.Entry<String, Cells> e : t.reps.entrySet()) {
        Cells c = e.getValue();
        long n = c.counts.get(2 * s);
        if (n < 5) {
          continue;
        }
        double m = rate(t.teamOf(e.getKey(), teams), s); // the centre of the rep's own team
        double p = (double) c.counts.get(2 * s + 1) / n;
        spread += (p - m) * (p - m);
        noise += m * (1 - m) / n;
        reps++;
        for (AtomicLongArray ind : c.byIndustry.values()) {
          long in = ind.get(2 * s);
          if (in < 5) {
            continue;
          }
          double q = (double) ind.get(2 * s + 1) / in;
          cellSpread += (q - p) * (q - p);
          cellNoise += p * (1 - p) / in;
          cells++;
        }
      }
      double m = rate(t.team, s);
      k[s] = reps < 3 ? policy.priorStrength() : strength(m, spread / reps - noise / reps);
      k[SEGMENTS + s] = cells < 3 ? policy.priorStrength() : strength(m, cellSpread / cells - cellNoise / cells);
    }
    strengths = k;
  }

  private static double strength(double m, double trueVariance) {
    if (trueVariance <= 1e-9) {
      return 1000;
    }
    return Math.max(2, Math.min(1000, m * (1 - m) / trueVariance - 1));
  }

  /**
   * Closed outcomes recorded in all, over every rep and segment.
   *
   * @return the outcomes
   */
  public long outcomes() {
    long n = 0;
    Tables t = tables;
    for (int s = 0; s < SEGMENTS; s++) {
      n += t.outcomes(s);
    }
    return n;
  }

  /** {@return every rep's counts, per segment and per segment × industry: what a shared store keeps, or a backup} */
  public java.util.List<OutcomeCount> counts() {
    java.util.List<OutcomeCount> out = new java.util.ArrayList<>();
    for (Map.Entry<String, Cells> e : tables.reps.entrySet()) {
      Cells c = e.getValue();
      for (Segment seg : Segment.values()) {
        int s = seg.ordinal();
        long w = c.counts.get(2 * s + 1);
        long n = c.counts.get(2 * s);
        if (n > 0) {
          out.add(new OutcomeCount(e.getKey(), seg, null, n, w));
        }
        for (Map.Entry<String, AtomicLongArray> i : c.byIndustry.entrySet()) {
          long iw = i.getValue().get(2 * s + 1);
          long in = i.getValue().get(2 * s);
          if (in > 0) {
            out.add(new OutcomeCount(e.getKey(), seg, i.getKey(), in, iw));
          }
        }
      }
    }
    return out;
  }

  /**
   * Replaces every count with {@code counts} (segment-level entries have a null industry; each team is the sum of its
   * reps', the {@linkplain #qualifiers qualifiers'} apart), in
   * one atomic swap: how a router makes its model mirror the outcomes a shared store collected from every node. An
   * outcome recorded locally during the swap may be missing until the next replacement brings it back from the store.
   *
   * @param counts the counts
   */
  public synchronized void replaceWith(Collection<OutcomeCount> counts) {
    Objects.requireNonNull(counts, "counts must not be null");
    Tables next = new Tables();
    java.util.Set<String> q = qualifiers;
    for (OutcomeCount c : counts) {
      Cells cells = next.reps.computeIfAbsent(c.repId(), k -> new Cells());
      int s = c.segment().ordinal();
      AtomicLongArray target = c.industry() == null ? cells.counts
          : cells.byIndustry.computeIfAbsent(c.industry(), k -> new AtomicLongArray(2 * SEGMENTS));
      target.set(2 * s, c.outcomes());
      target.set(2 * s + 1, c.wins());
      if (c.industry() == null) {
        Cells team = next.teamOf(c.repId(), q);
        team.counts.addAndGet(2 * s, c.outcomes());
        team.counts.addAndGet(2 * s + 1, c.wins());
      }
    }
    tables = next;
    if (policy.empiricalPrior()) {
      estimateStrengths();
    }
  }

  /**
   * The team's rate for {@code segment}: {@code (wins + 1) / (outcomes + 2)} over every rep but the
   * {@linkplain #qualifiers qualifiers} (over every rep when there are none).
   *
   * @param segment the segment
   * @return the rate
   */
  public double teamRate(Segment segment) {
    return rate(tables.team, segment.ordinal());
  }

  /**
   * The rate of the team rep {@code repId} belongs to for {@code segment}: the qualifiers' own when it is one of the
   * {@linkplain #qualifiers qualifiers}, else {@link #teamRate(Segment)}. A rep's estimates are centred on it.
   *
   * @param repId the rep
   * @param segment the segment
   * @return the rate
   */
  public double teamRate(String repId, Segment segment) {
    Objects.requireNonNull(repId, "repId must not be null");
    Objects.requireNonNull(segment, "segment must not be null");
    return rate(tables.teamOf(repId, qualifiers), segment.ordinal());
  }

  private static double rate(Cells team, int s) {
    long wins = team.counts.get(2 * s + 1);
    long n = team.counts.get(2 * s);
    return (wins + 1.0) / (n + 2.0);
  }

  /**
   * Makes {@code repIds} a team of their own: reps whose credited outcomes measure something else than closed deals,
   * such as the SDRs of a router that hands qualified leads off ({@link
   * io.smartrouting.core.Router.Builder#handOffQualifiedLeads}), which credits an SDR a win for each lead qualified
   * under it. Their estimates are centred on their team's rate and the other reps' on the others' ({@link
   * #teamRate(String, Segment)}), so neither team's rate moves the other's estimates. Both teams are counted again
   * from the reps' counts; an outcome recorded meanwhile may be missing from a team's rate until the next count (a
   * change of this set, or {@link #replaceWith}). A router that hands leads off names its SDRs here whenever it takes
   * up a roster, and routers sharing a model should agree on them: the last set named holds.
   *
   * @param repIds the reps of the qualifiers' team; empty (the default) for one team of every rep
   * @throws NullPointerException if {@code repIds} or one of its ids is null
   */
  public void qualifiers(Collection<String> repIds) {
    java.util.Set<String> next = java.util.Set.copyOf(Objects.requireNonNull(repIds, "repIds must not be null"));
    synchronized (this) {
      if (next.equals(qualifiers)) {
        return;
      }
      qualifiers = next;
      Tables t = tables;
      Tables recounted = new Tables(t.reps);
      for (Map.Entry<String, Cells> e : t.reps.entrySet()) {
        AtomicLongArray from = e.getValue().counts;
        AtomicLongArray to = recounted.teamOf(e.getKey(), next).counts;
        for (int i = 0; i < from.length(); i++) {
          to.addAndGet(i, from.get(i));
        }
      }
      tables = recounted;
    }
    if (policy.empiricalPrior()) {
      estimateStrengths();
    }
  }

  /** {@return the reps of the qualifiers' team ({@link #qualifiers(Collection)}); empty when there is one team} */
  public java.util.Set<String> qualifiers() {
    return qualifiers;
  }

  /**
   * True if {@code leadId} is one of the {@link LearningPolicy#explorationShare()} of leads routed with optimistic
   * scores. Deterministic: the same id always gets the same answer under the same policy.
   *
   * @param leadId the lead
   * @return whether it is an exploration lead
   */
  public boolean isExplorationLead(String leadId) {
    if (explorationThreshold <= 0) {
      return false;
    }
    long h = io.smartrouting.core.internal.KeyHash.of(policy.explorationSalt(), leadId);
    return Long.remainderUnsigned(h, 1_000_000) < explorationThreshold;
  }

  /**
   * The performance score of a rep for a lead, in [0, 1]: the posterior mean, or when {@code explore} is true the
   * upper 95% bound (1.0 for a rep below {@link LearningPolicy#minOutcomesPerRep()} in the segment). Allocates
   * nothing; the routing hot path calls it once per candidate.
   *
   * @param repId the rep
   * @param segment the lead's segment
   * @param industry the lead's industry, or null
   * @param explore whether the lead explores
   * @return the score
   */
  public double score(String repId, Segment segment, @Nullable String industry, boolean explore) {
    Tables t = tables;
    Cells cells = t.reps.get(repId);
    int s = segment.ordinal();
    if (explore && (cells == null ? 0 : cells.counts.get(2 * s)) < policy.minOutcomesPerRep()) {
      return 1.0;
    }
    return posterior(cells, rate(t.teamOf(repId, qualifiers), s), segment, industry, explore ? Z95 : 0);
  }

  /**
   * The posterior mean plus {@code z} standard deviations, clipped to [0, 1]: the rep's segment posterior centred on
   * its team's rate {@code prior}, refined by its industry cell when there is one.
   */
  private double posterior(@Nullable Cells cells, double prior, Segment segment, @Nullable String industry,
      double z) {
    int s = segment.ordinal();
    double[] strength = strengths;
    double k = strength[s];
    // Wins before outcomes: outcomes are counted first, so this order never sees more wins than outcomes.
    long wins = cells == null ? 0 : cells.counts.get(2 * s + 1);
    long n = cells == null ? 0 : cells.counts.get(2 * s);
    double a = k * prior + wins;
    double b = k * (1 - prior) + (n - wins);
    AtomicLongArray ind = industry == null || cells == null ? null : cells.byIndustry.get(industry);
    if (ind != null) {
      long iw = ind.get(2 * s + 1);
      long in = ind.get(2 * s);
      double centre = a / (a + b);
      double k2 = strength[SEGMENTS + s];
      a = k2 * centre + iw;
      b = k2 * (1 - centre) + (in - iw);
    }
    double t = a + b;
    double mean = a / t;
    if (z == 0) {
      return mean;
    }
    return Math.max(0, Math.min(1, mean + z * Math.sqrt(a * b / (t * t * (t + 1)))));
  }

  /**
   * What the model believes about rep {@code repId} in {@code segment} (and {@code industry}, if not null).
   *
   * @param repId the rep
   * @param segment the segment
   * @param industry the industry, or null
   * @return the estimate
   */
  public ConversionEstimate estimate(String repId, Segment segment, @Nullable String industry) {
    Objects.requireNonNull(repId, "repId must not be null");
    Objects.requireNonNull(segment, "segment must not be null");
    String ind = industry == null ? null : industry.trim().toLowerCase(Locale.ROOT);
    Tables t = tables;
    Cells cells = t.reps.get(repId);
    int s = segment.ordinal();
    AtomicLongArray counts = cells == null ? null : ind == null ? cells.counts : cells.byIndustry.get(ind);
    long wins = counts == null ? 0 : counts.get(2 * s + 1);
    long n = counts == null ? 0 : counts.get(2 * s);
    double team = rate(t.teamOf(repId, qualifiers), s);
    return new ConversionEstimate(repId, segment, ind, posterior(cells, team, segment, ind, 0),
        posterior(cells, team, segment, ind, -Z95), posterior(cells, team, segment, ind, Z95), wins, n, team);
  }


  /**
   * Reads {@link #warmStart(Reader, String, ClassificationPolicy)} from a UTF-8 file.
   *
   * @param csv the file
   * @return what was loaded and skipped
   * @throws IOException if the file cannot be read
   */
  public WarmStartReport warmStart(Path csv) throws IOException {
    try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return warmStart(r, csv.getFileName().toString(), ClassificationPolicy.defaults());
    }
  }

  /**
   * Loads closed deals from a CSV export with a header row. Columns, by header name in any order, case-insensitive:
   * {@code rep} (required), {@code outcome} (required: {@code WON} or {@code LOST}; for an SDR's history under the
   * SDR-to-AE hand-off, {@code QUALIFIED} or {@code DISQUALIFIED}, which count as a win and a loss, as the router
   * credits an SDR, see {@link #qualifiers}), {@code industry}, and the
   * segment as {@code segment} ({@code ENTERPRISE}, {@code MID_MARKET}, {@code SMB}) or, where that is empty or
   * absent, derived from {@code employees} and {@code arr} with {@code classification}'s thresholds. Fields may be
   * quoted with {@code "}. Every good row is loaded; every bad row is skipped and reported with its line number and
   * column.
   *
   * @param csv the export
   * @param source its name, for problems
   * @param classification how deal sizes become segments
   * @return what was loaded and skipped
   * @throws IllegalArgumentException if the header lacks {@code rep} or {@code outcome}, or has none of
   *     {@code segment}, {@code employees}, {@code arr} (nothing could be loaded)
   * @throws IOException if reading fails
   */
  public WarmStartReport warmStart(Reader csv, String source, ClassificationPolicy classification)
      throws IOException {
    Objects.requireNonNull(csv, "csv must not be null");
    Objects.requireNonNull(source, "source must not be null");
    Objects.requireNonNull(classification, "classification must not be null");
    BufferedReader in = csv instanceof BufferedReader br ? br : new BufferedReader(csv);
    String header = in.readLine();
    if (header == null) {
      throw new IllegalArgumentException(source + ": empty file, expected a header row");
    }
    if (!header.isEmpty() && header.charAt(0) == '\uFEFF') {
      header = header.substring(1);
    }
    List<String> names = new ArrayList<>();
    for (String h : Csv.split(header)) {
      names.add(h.trim().toLowerCase(Locale.ROOT));
    }
    Map<String, Integer> col = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (col.putIfAbsent(names.get(i), i) != null) {
        throw new IllegalArgumentException(source + ": line 1: column '" + names.get(i) + "' appears twice");
      }
    }
    for (String required : List.of("rep", "outcome")) {
      if (!col.containsKey(required)) {
        throw new IllegalArgumentException(source + ": line 1: missing column '" + required + "' (header: "
            + names + ")");
      }
    }
    if (!col.containsKey("segment") && !col.containsKey("employees") && !col.containsKey("arr")) {
      throw new IllegalArgumentException(source + ": line 1: needs a 'segment' column or 'employees'/'arr' to "
          + "derive it (header: " + names + ")");
    }
    List<WarmStartReport.Problem> problems = new ArrayList<>();
    long loaded = 0;
    int lineNo = 1;
    String line;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      List<String> f;
      try {
        f = Csv.split(line);
      } catch (IllegalArgumentException e) {
        problems.add(new WarmStartReport.Problem(lineNo, "*", e.getMessage()));
        continue;
      }
      if (f.size() != names.size()) {
        problems.add(new WarmStartReport.Problem(lineNo, "*", "expected " + names.size() + " fields but found "
            + f.size()));
        continue;
      }
      String rep = field(f, col, "rep");
      if (rep == null) {
        problems.add(new WarmStartReport.Problem(lineNo, "rep", "rep is empty"));
        continue;
      }
      String outcomeText = field(f, col, "outcome");
      boolean won;
      if ("won".equalsIgnoreCase(outcomeText) || "qualified".equalsIgnoreCase(outcomeText)) {
        won = true;
      } else if ("lost".equalsIgnoreCase(outcomeText) || "disqualified".equalsIgnoreCase(outcomeText)) {
        won = false;
      } else {
        problems.add(new WarmStartReport.Problem(lineNo, "outcome", "outcome must be WON or LOST (QUALIFIED or"
            + " DISQUALIFIED for an SDR's leads) but was '" + outcomeText + "'"));
        continue;
      }
      Segment segment;
      try {
        segment = segmentOf(f, col, classification);
      } catch (IllegalArgumentException e) {
        String[] parts = e.getMessage().split(":", 2);
        problems.add(new WarmStartReport.Problem(lineNo, parts[0], parts[1].trim()));
        continue;
      }
      record(rep, segment, field(f, col, "industry"), won);
      loaded++;
    }
    WarmStartReport report = new WarmStartReport(source, loaded, problems);
    if (problems.isEmpty()) {
      LOG.info("warm start from {}: {} outcome(s) loaded", source, loaded);
    } else {
      LOG.warn("warm start from {}: {} outcome(s) loaded, {} row(s) skipped; first: {}", source, loaded,
          problems.size(), problems.get(0));
    }
    return report;
  }

  private static @Nullable String field(List<String> f, Map<String, Integer> col, String name) {
    Integer i = col.get(name);
    if (i == null) {
      return null;
    }
    String v = f.get(i).trim();
    return v.isEmpty() ? null : v;
  }

  /** The row's segment; throws with "column: message" when it cannot be read. */
  private static Segment segmentOf(List<String> f, Map<String, Integer> col, ClassificationPolicy policy) {
    String text = field(f, col, "segment");
    if (text != null) {
      String key = text.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
      if (key.equals("MID") || key.equals("MIDMARKET")) {
        key = "MID_MARKET";
      }
      try {
        return Segment.valueOf(key);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("segment: segment must be ENTERPRISE, MID_MARKET or SMB but was '"
            + text + "'", e);
      }
    }
    Long employees = number(f, col, "employees");
    Long arr = number(f, col, "arr");
    if (employees == null && arr == null) {
      throw new IllegalArgumentException("segment: no segment, employees or arr to tell the segment by");
    }
    // The routing rule itself, so that a deal learned from history and a lead routed today fall in one segment.
    return policy.segmentOf(
        employees == null ? java.util.OptionalInt.empty()
            : java.util.OptionalInt.of((int) Math.min(Integer.MAX_VALUE, employees)),
        arr == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(arr));
  }

  private static @Nullable Long number(List<String> f, Map<String, Integer> col, String name) {
    String v = field(f, col, name);
    if (v == null) {
      return null;
    }
    try {
      long n = Long.parseLong(v.replace("_", ""));
      if (n < 0) {
        throw new IllegalArgumentException(name + ": " + name + " must be >= 0 but was " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": " + name + " must be a whole number but was '" + v + "'", e);
    }
  }

  /** Splits one CSV line: comma-separated, fields optionally quoted with {@code "} ({@code ""} inside quotes). */
  static final class Csv {
    private Csv() {}

    static List<String> split(String line) {
      List<String> out = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      int i = 0;
      int n = line.length();
      while (true) {
        cur.setLength(0);
        if (i < n && line.charAt(i) == '"') {
          i++;
          while (true) {
            if (i >= n) {
              throw new IllegalArgumentException("unterminated quoted field in column " + (out.size() + 1));
            }
            char c = line.charAt(i++);
            if (c == '"') {
              if (i < n && line.charAt(i) == '"') {
                cur.append('"');
                i++;
              } else {
                break;
              }
            } else {
              cur.append(c);
            }
          }
          if (i < n && line.charAt(i) != ',') {
            throw new IllegalArgumentException("unexpected text after a quoted field in column " + (out.size() + 1));
          }
        } else {
          while (i < n && line.charAt(i) != ',') {
            cur.append(line.charAt(i++));
          }
        }
        out.add(cur.toString());
        if (i >= n) {
          return out;
        }
        i++; // the comma
      }
    }
  }
}
