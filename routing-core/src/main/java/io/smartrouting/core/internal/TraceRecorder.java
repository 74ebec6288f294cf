package io.smartrouting.core.internal;

import io.smartrouting.api.DecisionTrace;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.spi.CandidateSet;
import io.smartrouting.spi.ScoreBreakdown;
import io.smartrouting.spi.StrategyResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Records a decision compactly while it is made and renders text only in {@link #render()}: exclusions are
 * recomputed from the immutable snapshot, so recording costs little. Not API.
 */
public final class TraceRecorder implements DecisionTrace {

  /** How the industry preference resolved. */
  public enum IndustryMode { NO_INDUSTRY, SPECIALISTS, GENERALISTS, ANY_ELIGIBLE }

  static final int MAX_LISTED_EXCLUSIONS = 12;
  private static final int MAX_CAPACITY_RECORDS = 64;

  /**
   * The snapshot the decision was made on, reached through its handle: once the router lets that roster go (it keeps
   * the last few it replaced), the explanation renders in brief ({@link #render(RosterSnapshot)}) instead of keeping
   * the roster alive for as long as the decision is remembered.
   */
  private final RosterSnapshot.Handle roster;
  private final Lead lead;
  /**
   * The facts the decision used, rebuilt from the lead, its account match and classification on the first render
   * (the router reuses its own instance for the next decision); which criteria a relaxation or follow-the-sun
   * dropped is all the trace keeps of them.
   */
  private volatile @Nullable LeadFacts facts;
  private final Classification classification;
  private final AccountDirectory.Match match;
  private final CompiledStep[] chain;

  int eligible;
  int headroom;
  private static final IndustryMode[] MODES = IndustryMode.values();
  /**
   * The first three steps, while each was a result (the usual case: a chain records one or two), kept in fields so
   * that recording them allocates nothing; {@link #steps} takes over from the first problem or fourth step. Each
   * step's chain index takes {@link #INDEX_BITS} bits of {@link #inlineSteps}, and the candidates it had
   * {@link #COUNT_BITS} bits of {@link #bits}; a step that does not fit goes to {@link #steps}.
   */
  private @Nullable StrategyResult result0;
  private @Nullable StrategyResult result1;
  private @Nullable StrategyResult result2;
  private int inlineSteps;
  private static final int INDEX_BITS = 10;
  private static final int COUNT_BITS = 19;
  /**
   * The inline steps' candidate counts (bits 0 to 56), then the industry mode and four flags: every field here is
   * paid for by every decision, so what fits in a bit is kept in one.
   */
  private long bits;
  private static final int MODE_SHIFT = 3 * COUNT_BITS;
  private static final long OVERRIDE = 1L << 59;
  private static final long SEGMENT_DROPPED = 1L << 60;
  private static final long TERRITORY_DROPPED = 1L << 61;
  /** A step of the chain decided: the last step recorded (the walk stopped there). */
  private static final long STEP_WON = 1L << 62;
  /** The lead had a country and no region, and reps of any region of its country could take it. */
  private static final long ANY_REGION = 1L << 63;
  /** Every step, once one was a problem or there were more than three; null before. */
  private Step @Nullable [] steps;
  private int stepCount;
  /** The rep the lead went to, or null: its object, so that a brief explanation still names it. */
  private @Nullable Rep winner;
  /** Availability at decision time, for explaining who was away and why. */
  Availability.@Nullable View availability;

  /**
   * What most decisions leave empty, apart so that a decision without any of it carries none of its fields: notes,
   * the fallback, the reps excluded by a reassignment, a one-to-one account's team, the account's candidates, and
   * the reps full at decision time.
   */
  private static final class Extras {
    static final Extras NONE = new Extras();

    @Nullable String enrichmentNote;
    /** The lead's language was a criterion dropped by a wait queue's relaxation. */
    boolean languageDropped;
    @Nullable String fallback;
    /** Reps a reassignment excluded (they held the lead before), or null. */
    long @Nullable [] excludedHolders;
    /** A routing note shown before the steps: after-hours policy, reassignment. */
    @Nullable String note;
    /** For a one-to-one account: the only reps its leads may reach, or null. */
    long @Nullable [] ownerTeam;
    /** Why the reps outside {@link #ownerTeam} were excluded, when a move kept to some reps set it; else null. */
    @Nullable String ownerTeamWhy;
    /** The account's people with the covers standing in for them ({@link RosterSnapshot#peopleIdsAt}), or null. */
    java.util.@Nullable Set<String> peopleAt;
    /** The account's people who joined the candidates whatever the industry preference (and tier's capacity). */
    int @Nullable [] accountCandidates;
    /**
     * Every rep excluded for capacity: the first {@link #MAX_CAPACITY_RECORDS} with their open leads, the rest in
     * {@code capacityMore}.
     */
    int capacityExcludedTotal;
    int @Nullable [] capacityOrdinals;
    int @Nullable [] capacityOpen;
    /** The reps excluded for capacity beyond the first {@link #MAX_CAPACITY_RECORDS} (a roster bitset), or null. */
    long @Nullable [] capacityMore;
    /**
     * The chain steps (a bit by index) whose rep filter let none of the preferred reps through, that took the industry
     * preference among the reps they may pick: their generalists, or any of them.
     */
    long stepGeneralists;
    long stepAnyone;
  }

  private @Nullable Extras extras;

  /** The extras to write, made on first need. */
  private Extras extras() {
    Extras x = extras;
    if (x == null) {
      x = new Extras();
      extras = x;
    }
    return x;
  }

  /** The extras to read: empty when none were written. */
  private Extras read() {
    Extras x = extras;
    return x == null ? Extras.NONE : x;
  }

  /** Reps a reassignment excluded (they held the lead before); null: none. */
  void excludedHolders(long @Nullable [] holders) {
    if (holders != null) {
      extras().excludedHolders = holders;
    }
  }

  /** A routing note shown before the steps (after-hours policy, reassignment); null: none. */
  void note(@Nullable String text) {
    if (text != null) {
      extras().note = text;
    }
  }

  /** For a one-to-one account: the only reps its leads may reach; null: any. */
  void ownerTeam(long @Nullable [] team, @Nullable String why) {
    if (team != null) {
      Extras x = extras();
      x.ownerTeam = team;
      x.ownerTeamWhy = why;
    }
  }

  /** The account's people the decision used, when covers stood in for some of them (not {@code match.people}). */
  void peopleAt(java.util.Set<String> people) {
    if (people != match.people) {
      extras().peopleAt = people;
      facts = null;
    }
  }

  /** The account's people who joined the candidates whatever the industry preference. */
  void accountCandidates(int @Nullable [] candidates) {
    if (candidates != null) {
      extras().accountCandidates = candidates;
    }
  }

  /** One strategy call: its result, or a problem the pipeline recorded instead. */
  private static final class Step {
    final String label;
    final @Nullable StrategyResult result;
    final @Nullable String problem;
    final @Nullable String problemWhy;
    final int candidatesBefore;
    /** The step's index in the chain. */
    final int index;

    Step(int index, String label, @Nullable StrategyResult result, @Nullable String problem,
        @Nullable String problemWhy, int candidatesBefore) {
      this.index = index;
      this.label = label;
      this.result = result;
      this.problem = problem;
      this.problemWhy = problemWhy;
      this.candidatesBefore = candidatesBefore;
    }
  }

  private static final int INLINE_STEPS = 3;

  private void add(Step step) {
    Step[] all = steps;
    if (all == null) {
      all = new Step[Math.max(4, stepCount + 2)];
      for (int k = 0; k < stepCount; k++) {
        all[k] = step(k);
      }
    } else if (stepCount == all.length) {
      all = java.util.Arrays.copyOf(all, all.length * 2);
    }
    all[stepCount++] = step;
    steps = all;
  }

  /** Step {@code k} as recorded (made from the inline fields when there is no array yet). */
  private Step step(int k) {
    Step[] all = steps;
    if (all != null) {
      return all[k];
    }
    return new Step(index(k), label(k), result(k), null, null,
        (int) (bits >>> (k * COUNT_BITS)) & ((1 << COUNT_BITS) - 1));
  }

  /** The chain index of step {@code k}, allocating nothing. */
  private int index(int k) {
    Step[] all = steps;
    if (all != null) {
      return all[k].index;
    }
    return (inlineSteps >>> (k * INDEX_BITS)) & ((1 << INDEX_BITS) - 1);
  }

  /** The label of step {@code k}, allocating nothing. */
  private String label(int k) {
    Step[] all = steps;
    if (all != null) {
      return all[k].label;
    }
    return chain[index(k)].label;
  }

  /** The result of step {@code k}, or null for a problem; allocating nothing. */
  private @Nullable StrategyResult result(int k) {
    Step[] all = steps;
    if (all != null) {
      return all[k].result;
    }
    return k == 0 ? result0 : k == 1 ? result1 : result2;
  }

  TraceRecorder(RosterSnapshot snapshot, Lead lead, boolean segmentDropped, boolean territoryDropped,
      boolean anyRegion, Classification classification,
      AccountDirectory.Match match, @Nullable String enrichmentNote, CompiledStep[] chain) {
    this.chain = chain;
    this.roster = snapshot.handle;
    this.lead = lead;
    this.bits = (segmentDropped ? SEGMENT_DROPPED : 0L) | (territoryDropped ? TERRITORY_DROPPED : 0L)
        | (anyRegion ? ANY_REGION : 0L);
    this.classification = classification;
    this.match = match;
    if (enrichmentNote != null) {
      extras().enrichmentNote = enrichmentNote;
    }
  }

  /** Notes that a wait queue's relaxation dropped the lead's language as a criterion. */
  void languageDropped() {
    extras().languageDropped = true;
  }

  /** The facts the decision used (see {@link #facts}). */
  private LeadFacts facts() {
    LeadFacts f = facts;
    if (f == null) {
      java.util.Set<String> people = read().peopleAt;
      f = new LeadFacts(lead, match.account, people != null ? people : match.people, classification.segment);
      f.anyRegion = (bits & ANY_REGION) != 0;
      boolean languageDropped = read().languageDropped;
      if ((bits & (SEGMENT_DROPPED | TERRITORY_DROPPED)) != 0 || languageDropped) {
        f = f.relaxed((bits & SEGMENT_DROPPED) != 0, (bits & TERRITORY_DROPPED) != 0, languageDropped);
      }
      facts = f;
    }
    return f;
  }

  /** The {@code open} count {@link #capacityExcluded} is given for a rep at its daily cap (not its open leads). */
  static final int DAILY_CAP = -1;

  /**
   * Rep {@code ordinal} could not take the lead for capacity, holding {@code open} leads now ({@link #DAILY_CAP}: it
   * had taken its daily cap of leads today). Every such rep is kept,
   * so that explanations and records name them all whenever they are written: the first
   * {@link #MAX_CAPACITY_RECORDS} with their open leads, the rest as a bitset made on the first of them.
   */
  void capacityExcluded(int ordinal, int open) {
    Extras x = extras();
    if (x.capacityExcludedTotal >= MAX_CAPACITY_RECORDS) {
      long[] more = x.capacityMore;
      if (more == null) {
        more = new long[roster.words];
        x.capacityMore = more;
      }
      Bits.set(more, ordinal);
      x.capacityExcludedTotal++;
      return;
    }
    int[] ordinals = x.capacityOrdinals;
    int[] opens = x.capacityOpen;
    if (ordinals == null || opens == null) {
      ordinals = new int[8];
      opens = new int[8];
    }
    if (x.capacityExcludedTotal == ordinals.length) {
      ordinals = java.util.Arrays.copyOf(ordinals, ordinals.length * 2);
      opens = java.util.Arrays.copyOf(opens, opens.length * 2);
    }
    ordinals[x.capacityExcludedTotal] = ordinal;
    opens[x.capacityExcludedTotal] = open;
    x.capacityOrdinals = ordinals;
    x.capacityOpen = opens;
    x.capacityExcludedTotal++;
  }

  /** True if {@link #capacityExcluded} recorded rep {@code ordinal}. */
  boolean wasCapacityExcluded(int ordinal) {
    long[] more = read().capacityMore;
    return capacityIndex(ordinal) >= 0 || (more != null && Bits.get(more, ordinal));
  }

  /** Step {@code index} of the chain returned {@code r}, with {@code candidatesBefore} candidates. */
  void result(int index, StrategyResult r, int candidatesBefore) {
    if (steps == null && stepCount < INLINE_STEPS && index < (1 << INDEX_BITS)
        && candidatesBefore < (1 << COUNT_BITS)) {
      if (stepCount == 0) {
        result0 = r;
      } else if (stepCount == 1) {
        result1 = r;
      } else {
        result2 = r;
      }
      inlineSteps |= index << (stepCount * INDEX_BITS);
      bits |= (long) candidatesBefore << (stepCount * COUNT_BITS);
      stepCount++;
      return;
    }
    add(new Step(index, chain[index].label, r, null, null, candidatesBefore));
  }

  /** Step {@code index} of the chain had a problem instead of a result ({@code outcome}: FAILED, RETRY, ...). */
  void problem(int index, String outcome, String why, int candidatesBefore) {
    add(new Step(index, chain[index].label, null, outcome, why, candidatesBefore));
  }

  /** Step {@code index} of the chain decided: the step just recorded. */
  void winnerStep(int index) {
    if (stepCount == 0 || index(stepCount - 1) != index) {
      throw new IllegalStateException("the deciding step is the last one recorded");
    }
    bits |= STEP_WON;
  }

  /** The chain index of the step that decided, or -1. */
  private int winnerStep() {
    return (bits & STEP_WON) != 0 ? index(stepCount - 1) : -1;
  }

  /** How the industry preference resolved. */
  IndustryMode mode() {
    return MODES[(int) (bits >>> MODE_SHIFT) & 3];
  }

  /**
   * Step {@code index}'s rep filter let none of the preferred candidates through, and it took the industry preference
   * among the reps it may pick: {@code m}.
   */
  void stepIndustry(int index, IndustryMode m) {
    if (index < 64 && (m == IndustryMode.GENERALISTS || m == IndustryMode.ANY_ELIGIBLE)) {
      Extras x = extras();
      if (m == IndustryMode.GENERALISTS) {
        x.stepGeneralists |= 1L << index;
      } else {
        x.stepAnyone |= 1L << index;
      }
    }
  }

  void mode(IndustryMode m) {
    bits = bits & ~(3L << MODE_SHIFT) | (long) m.ordinal() << MODE_SHIFT;
  }

  void winner(RosterSnapshot snapshot, int ordinal, boolean capacityOverride) {
    this.winner = snapshot.reps[ordinal];
    bits = capacityOverride ? bits | OVERRIDE : bits & ~OVERRIDE;
  }

  void fallback(String description) {
    extras().fallback = description;
  }

  @Override
  public String render() {
    return render(roster.get());
  }

  /**
   * The explanation, with the per-rep exclusions read from {@code snapshot}; without it (the router let that roster
   * go), in brief: the same lines but the excluded reps, and reps other than the winner by ordinal.
   */
  private String render(@Nullable RosterSnapshot snapshot) {
    StringBuilder sb = new StringBuilder(512);
    sb.append("  classify: tier ").append(classification.tier.number()).append(" (")
        .append(classification.tierReasonText()).append("), segment ").append(classification.segment)
        .append(classification.segmentDefaulted ? " (default: no employee count or ARR)"
            : classification.segmentFromAccount && match.account != null
            ? " (from account " + match.account.id() + "'s size)" : "").append('\n');
    sb.append("  account: ");
    if (match.account != null) {
      sb.append("matched ").append(match.account.id()).append(" by ")
          .append(match.how.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" '").append(match.key)
          .append("'\n");
    } else if (match.ambiguous) {
      sb.append("ambiguous: '").append(match.key).append("' is claimed by several accounts; none matched\n");
    } else {
      sb.append("no match\n");
    }
    String enrichmentNote = read().enrichmentNote;
    if (enrichmentNote != null) {
      sb.append("  enrich: ").append(enrichmentNote).append('\n');
    }
    List<String> missing = new ArrayList<>(4);
    if (facts().country == null) {
      missing.add("country (territory not applied)");
    }
    String country = facts().country;
    if (country != null && facts().region == null && snapshot != null && snapshot.hasRegionReps(country)) {
      missing.add(facts().anyRegion ? "region (reps of any region of " + country + " qualify, as a country match)"
          : "region (reps who cover only regions of " + country + " cannot qualify)");
    }
    if (country != null && facts().postalCode == null && snapshot != null && snapshot.hasPostalReps(country)) {
      missing.add("postal code (reps who cover postal codes of " + country + " cannot qualify by them)");
    }
    if (facts().language == null) {
      missing.add(read().languageDropped ? "language (relaxed after the wait: reps of any language qualify)"
          : "language (not applied)");
    }
    if (facts().industry == null) {
      missing.add("industry (no specialist preference)");
    }
    if (!missing.isEmpty()) {
      sb.append("  missing factors: ").append(String.join(", ", missing)).append('\n');
    }
    sb.append("  qualify: ").append(roster.size).append(" reps -> ").append(eligible)
        .append(" meet territory/segment/language/availability -> ").append(headroom)
        .append(" below the capacity threshold");
    if (facts().industry != null) {
      sb.append(" -> ").append(describeMode(mode()));
    }
    sb.append('\n');
    if (snapshot != null) {
      renderExclusions(snapshot, sb);
    } else {
      sb.append("    excluded: not listed (roster version ").append(roster.version)
          .append(", which this lead was decided on, has been replaced and is no longer kept)\n");
    }
    String note = read().note;
    if (note != null) {
      sb.append("  ").append(note).append('\n');
    }
    // Skipped steps are not recorded while routing; they are derived here from the chain and the tier.
    boolean reached = true;
    int won = winnerStep();
    for (int i = 0; i < chain.length && reached; i++) {
      CompiledStep cs = chain[i];
      if (!cs.appliesTo(classification.tier)) {
        sb.append("  step ").append(i + 1).append(' ').append(cs.label).append(": SKIPPED - ")
            .append(cs.conditionText()).append('\n');
        continue;
      }
      if (cs.when != null && !cs.appliesTo(lead, classification, match.account, roster.freeMailDomains)) {
        sb.append("  step ").append(i + 1).append(' ').append(cs.label).append(": SKIPPED - when '")
            .append(cs.when.text()).append("' does not hold for this lead\n");
        continue;
      }
      for (int k = 0; k < stepCount; k++) {
        if (!label(k).equals(cs.label)) {
          continue;
        }
        Step s = step(k);
        StrategyResult r = s.result;
        sb.append("  step ").append(i + 1).append(' ').append(s.label).append(": ")
            .append(r != null ? r.kind().name() : s.problem);
        if (r != null && r.ordinal() >= 0 && r.ordinal() < roster.size) {
          String id = stepRepId(snapshot, k, r);
          sb.append(' ').append(id != null ? id : "#" + r.ordinal());
        }
        if (r != null && r.narrowed() != null) {
          sb.append(" to ").append(r.narrowed().size()).append(" of ").append(s.candidatesBefore);
        }
        sb.append(" - ").append(r != null ? r.reason() : s.problemWhy);
        if (cs.reps != null) {
          sb.append(" (among ").append(s.candidatesBefore).append(" candidate(s) matching reps '")
              .append(cs.reps.text()).append('\'');
          long bit = i < 64 ? 1L << i : 0;
          if ((read().stepGeneralists & bit) != 0 || (read().stepAnyone & bit) != 0) {
            sb.append("; no eligible '").append(facts().industry).append("' specialist among them: ")
                .append((read().stepGeneralists & bit) != 0 ? "its generalists" : "any of them");
          }
          sb.append(')');
        }
        sb.append('\n');
        if (r != null && r.scores() != null) {
          renderScores(snapshot, sb, r.scores());
        }
      }
      reached = i != won;
    }
    if (winner != null) {
      sb.append("  winner: ").append(winner.id())
          .append((bits & OVERRIDE) != 0 ? " (capacity threshold overridden)" : "");
    } else {
      String fallback = read().fallback;
      sb.append("  winner: none; ").append(fallback == null ? "fallback" : fallback);
    }
    return sb.toString();
  }

  private String describeMode(IndustryMode m) {
    switch (m) {
      case SPECIALISTS:
        return "specialists in '" + facts().industry + "' only";
      case GENERALISTS:
        return "no eligible '" + facts().industry + "' specialist: generalists";
      case ANY_ELIGIBLE:
        return "no eligible '" + facts().industry + "' specialist or generalist: any eligible rep";
      default:
        return "no industry preference";
    }
  }

  /** One step as recorded: label, outcome (ASSIGN, NARROW, PASS, FAILED, ...), the rep it named, why. */
  public record StepRecord(String label, String outcome, @Nullable String repId, String reason, int candidates) {}

  /** One scored candidate: rep id, composite, and the factor scores by factor name. */
  public record ScoreRecord(String step, String repId, double composite, java.util.Map<String, Double> factors) {}

  /** True while the router keeps the roster the decision was made on: the exclusions can still be listed. */
  public boolean rosterKept() {
    return roster.get() != null;
  }

  /** The steps as they ran, in order. */
  public List<StepRecord> stepRecords() {
    RosterSnapshot snapshot = roster.get();
    List<StepRecord> out = new ArrayList<>(stepCount);
    for (int k = 0; k < stepCount; k++) {
      Step st = step(k);
      StrategyResult r = st.result;
      String rep = r == null || r.ordinal() < 0 || r.ordinal() >= roster.size ? null : stepRepId(snapshot, k, r);
      out.add(new StepRecord(st.label, r != null ? r.kind().name() : String.valueOf(st.problem), rep,
          r != null ? r.reason() : String.valueOf(st.problemWhy), st.candidatesBefore));
    }
    return out;
  }

  /** The factor scores every scoring step recorded, best first as the step listed them. */
  public List<ScoreRecord> scoreRecords() {
    RosterSnapshot snapshot = roster.get();
    List<ScoreRecord> out = new ArrayList<>();
    for (int k = 0; k < stepCount; k++) {
      StrategyResult r = result(k);
      io.smartrouting.spi.ScoreBreakdown b = r == null ? null : r.scores();
      if (b == null) {
        continue;
      }
      for (int row = 0; row < b.rows(); row++) {
        java.util.Map<String, Double> factors = new java.util.LinkedHashMap<>();
        for (int f = 0; f < b.factors().size(); f++) {
          factors.put(b.factors().get(f), b.score(row, f));
        }
        int o = b.ordinal(row);
        out.add(new ScoreRecord(label(k), o >= 0 && o < roster.size && snapshot != null ? snapshot.reps[o].id() : "?",
            b.composite(row), factors));
      }
    }
    return out;
  }

  /** Every rep that could not take the lead, by reason (every id, not the shortened list of the explanation). */
  public java.util.Map<String, List<String>> exclusionRecords() {
    java.util.LinkedHashMap<String, List<String>> out = new java.util.LinkedHashMap<>();
    RosterSnapshot snapshot = roster.get();
    if (snapshot == null) {
      return out; // the roster is no longer kept (see render)
    }
    excludedByReason(snapshot, false, Integer.MAX_VALUE).forEach((why, group) -> out.put(why, group.ids));
    return out;
  }

  /** How many reps one reason excluded, and the first of them in roster order. */
  public record ExclusionGroup(int count, List<String> firstIds) {}

  /** The reps that could not take the lead, by reason: each reason's count and its first {@code listed} reps. */
  public java.util.Map<String, ExclusionGroup> exclusionSummary(int listed) {
    java.util.LinkedHashMap<String, ExclusionGroup> out = new java.util.LinkedHashMap<>();
    RosterSnapshot snapshot = roster.get();
    if (snapshot == null) {
      return out;
    }
    excludedByReason(snapshot, false, listed).forEach((why, group) -> out.put(why, new ExclusionGroup(group.count,
        List.copyOf(group.ids))));
    return out;
  }

  /** The reps excluded for one reason: how many, and the first of them in roster order. */
  private static final class Excluded {
    int count;
    final List<String> ids = new ArrayList<>();
  }

  /** A reason's group while the summary is made: its count, its first ordinal and its first listed ordinals. */
  private static final class Group {
    final String why;
    int count;
    int first = Integer.MAX_VALUE;
    int[] ordinals = new int[4];
    int listedCount;

    Group(String why) {
      this.why = why;
    }

    /** Counts rep {@code o}, the next in roster order, and lists it if fewer than {@code listed} are. */
    void add(int o, int listed) {
      if (count++ == 0) {
        first = o;
      }
      list(o, listed);
    }

    /**
     * Takes in {@code other}, a group of the same text (a text two kinds of group could share; none do today): the
     * counts added, the first {@code listed} reps of both in roster order.
     */
    void absorb(Group other, int listed) {
      int[] both = java.util.Arrays.copyOf(ordinals, listedCount + other.listedCount);
      System.arraycopy(other.ordinals, 0, both, listedCount, other.listedCount);
      java.util.Arrays.sort(both);
      ordinals = both;
      listedCount = Math.min(both.length, listed);
      count += other.count;
      first = Math.min(first, other.first);
    }

    /** Lists rep {@code o} if fewer than {@code listed} are (its count is the caller's). */
    void list(int o, int listed) {
      if (listedCount < listed) {
        if (listedCount == ordinals.length) {
          ordinals = java.util.Arrays.copyOf(ordinals, ordinals.length * 2);
        }
        ordinals[listedCount++] = o;
      }
    }
  }

  /**
   * The reps that could not take the lead, grouped by reason in the order the reasons first appear in the roster,
   * each group with its count and its first {@code listed} reps; with {@code openCounts}, a rep excluded for capacity
   * as {@code id (open of capacity open)}, as the explanation shows it.
   *
   * <p>The reasons that are the lead's hard criteria are known from bitsets and counted a word at a time: the reps
   * outside the lead's territory ({@link RosterSnapshot#coveringTerritory}), then those in it that do not work its
   * segment, then those that do not speak its language. Only the reps left are asked one by one, and each criterion's
   * text is made once: at 100,000 reps, asking every rep in the territory was most of an audit line's time.
   */
  private java.util.LinkedHashMap<String, Excluded> excludedByReason(RosterSnapshot snapshot, boolean openCounts,
      int listed) {
    LeadFacts f = facts();
    long[] specialists = f.industry == null ? null : snapshot.specialists(f.industry);
    String[] described = new String[DESCRIBED_SLOTS];
    long[] covering = snapshot.coveringTerritory(f);
    Criteria criteria = new Criteria(snapshot, f);
    List<Group> groups = new ArrayList<>();
    Group outside = new Group(described(HardCriteria.TERRITORY, described));
    Group bySegment = new Group(described(HardCriteria.SEGMENT, described));
    Group byLanguage = new Group(described(HardCriteria.LANGUAGE, described));
    groups.add(outside);
    groups.add(bySegment);
    groups.add(byLanguage);
    java.util.HashMap<String, Group> byText = new java.util.HashMap<>();
    long[] segment = criteria.segment;
    long[] all = snapshot.all;
    // The reasons after the hard criteria whose text is the same for every rep, in reason()'s order, as bitsets: the
    // reps they exclude are counted a word at a time too. The others (availability's text of each rep, the account's
    // people, capacity and caps, a narrowing step) are asked rep by rep, as reason() would answer.
    Extras x = read();
    Group outsideTeam = x.ownerTeam == null ? null : new Group(describedOnce(OUTSIDE_OWNER_TEAM, described));
    Group heldBefore = x.excludedHolders == null ? null : new Group(HELD);
    IndustryMode mode = mode();
    long[] preferred = mode == IndustryMode.SPECIALISTS ? specialists
        : mode == IndustryMode.GENERALISTS ? snapshot.generalists : null;
    Group notPreferred = mode == IndustryMode.SPECIALISTS ? new Group(describedOnce(NOT_SPECIALIST, described))
        : mode == IndustryMode.GENERALISTS ? new Group("specialist in other industries; generalists preferred") : null;
    for (Group g : new Group[] {outsideTeam, heldBefore, notPreferred}) {
      if (g != null) {
        groups.add(g);
      }
    }
    int[] capacityOrdinals = capacityOrdinalsSorted(x);
    int nextCapacity = 0;
    boolean narrowing = anyStepNarrowed();
    long[] admitted = admittedBySteps(snapshot);
    Group last = null;
    // One pass over the roster's words, in roster order.
    for (int w = 0; w < covering.length; w++) {
      long in = covering[w];
      long seg = segment != null ? in & ~segment[w] & ~criteria.people[w] : 0;
      long left = in & ~seg;
      long lang = criteria.languageRequired
          ? left & ~criteria.anyLanguage[w] & ~(criteria.speakers == null ? 0 : criteria.speakers[w]) : 0;
      addWord(outside, all[w] & ~in, w, listed);
      addWord(bySegment, seg, w, listed);
      addWord(byLanguage, lang, w, listed);
      long rest = left & ~lang;
      if (rest == 0) {
        continue;
      }
      long asked = 0; // the reps asked one by one
      if (outsideTeam != null) {
        addWord(outsideTeam, rest & ~x.ownerTeam[w], w, listed);
        rest &= x.ownerTeam[w];
      }
      long may = availability != null ? availability.available[w] : snapshot.active[w];
      asked |= rest & ~may;
      rest &= may;
      if (heldBefore != null) {
        addWord(heldBefore, rest & x.excludedHolders[w], w, listed);
        rest &= ~x.excludedHolders[w];
      }
      long full = x.capacityMore == null ? 0 : x.capacityMore[w];
      // (Ordinals of words skipped above, with no rep left to ask, are passed over.)
      for (; nextCapacity < capacityOrdinals.length && capacityOrdinals[nextCapacity] >>> 6 <= w; nextCapacity++) {
        if (capacityOrdinals[nextCapacity] >>> 6 == w) {
          full |= 1L << capacityOrdinals[nextCapacity];
        }
      }
      asked |= rest & (criteria.people[w] | full);
      rest &= ~(criteria.people[w] | full);
      if (notPreferred != null) {
        long other = (preferred == null ? rest : rest & ~preferred[w]) & ~(admitted == null ? 0 : admitted[w]);
        addWord(notPreferred, other, w, listed);
        rest &= ~other;
      }
      if (narrowing) {
        asked |= rest; // the candidates of the first step, unless a later step narrowed them out
      }
      for (; asked != 0; asked &= asked - 1) {
        int o = (w << 6) + Long.numberOfTrailingZeros(asked);
        String why = reason(snapshot, o, specialists, described, covering, criteria);
        if (why == null) {
          continue;
        }
        Group g = last != null && last.why == why ? last : byText.get(why);
        if (g == null) {
          g = new Group(why);
          byText.put(why, g);
          groups.add(g);
        }
        g.add(o, listed);
        last = g;
      }
    }
    // In the order the reasons first appear in the roster; a text two kinds of group share is one group.
    groups.removeIf(g -> g.count == 0);
    groups.sort(java.util.Comparator.comparingInt(g -> g.first));
    java.util.Map<String, Group> kept = new java.util.HashMap<>();
    for (Group g : groups) {
      Group same = kept.putIfAbsent(g.why, g);
      if (same != null) {
        same.absorb(g, listed);
      }
    }
    java.util.LinkedHashMap<String, Excluded> byReason = new java.util.LinkedHashMap<>();
    for (Group g : groups) {
      if (kept.get(g.why) == g) {
        Excluded e = new Excluded();
        e.count = g.count;
        for (int i = 0; i < g.listedCount; i++) {
          e.ids.add(listedId(snapshot, g.ordinals[i], g.why, openCounts));
        }
        byReason.put(g.why, e);
      }
    }
    return byReason;
  }

  /** The reps recorded as excluded for capacity (the first {@link #MAX_CAPACITY_RECORDS}), in roster order. */
  private static int[] capacityOrdinalsSorted(Extras x) {
    int[] ordinals = x.capacityOrdinals;
    if (ordinals == null) {
      return new int[0];
    }
    int[] sorted = java.util.Arrays.copyOf(ordinals, Math.min(x.capacityExcludedTotal, MAX_CAPACITY_RECORDS));
    java.util.Arrays.sort(sorted);
    return sorted;
  }

  /** True if a step of the chain narrowed the candidates (then {@link #narrowedOutBy} may exclude a candidate). */
  private boolean anyStepNarrowed() {
    for (int k = 0; k < stepCount; k++) {
      StrategyResult r = result(k);
      if (r != null && r.narrowed() != null) {
        return true;
      }
    }
    return false;
  }

  /** Adds the reps set in {@code bits}, word {@code w} of the roster, to group {@code g}: counted at once. */
  private static void addWord(Group g, long bits, int w, int listed) {
    if (bits == 0) {
      return;
    }
    if (g.count == 0) {
      g.first = (w << 6) + Long.numberOfTrailingZeros(bits);
    }
    for (long b = bits; b != 0 && g.listedCount < listed; b &= b - 1) {
      g.list((w << 6) + Long.numberOfTrailingZeros(b), listed);
    }
    g.count += Long.bitCount(bits);
  }

  /** Rep {@code o}'s id as an exclusion lists it: with {@code openCounts}, a capacity or cap reason's figures too. */
  private String listedId(RosterSnapshot snapshot, int o, String why, boolean openCounts) {
    String id = snapshot.reps[o].id();
    if (!openCounts) {
      return id;
    }
    int c = CAPACITY_REASON.equals(why) ? capacityIndex(o) : -1;
    return c >= 0 ? id + " (" + read().capacityOpen[c] + " of " + snapshot.reps[o].capacity() + " open)"
        : why.startsWith(CAP_REASON_START)
        ? id + " (" + snapshot.cap(o, snapshot.fullKindHint(o)) + " a " + RosterSnapshot.unit(snapshot.fullKindHint(o))
            + ")" : id;
  }

  private void renderExclusions(RosterSnapshot snapshot, StringBuilder sb) {
    // Group by reason so that a large roster stays readable: each reason once, with the first reps it excluded.
    for (java.util.Map.Entry<String, Excluded> e
        : excludedByReason(snapshot, true, MAX_LISTED_EXCLUSIONS).entrySet()) {
      Excluded group = e.getValue();
      sb.append("    excluded, ").append(e.getKey()).append(": ");
      sb.append(String.join(", ", group.ids));
      if (group.count > group.ids.size()) {
        sb.append(" and ").append(group.count - group.ids.size()).append(" more");
      }
      sb.append('\n');
    }
  }

  private static final String CAPACITY_REASON = "at or above the capacity threshold";
  /** Why a rep at its cap is skipped, by its cap's period ({@link RosterSnapshot#unit}). */
  private static final String CAP_REASON_START = "took its ";
  private static final java.util.Map<String, String> CAP_REASON = java.util.Map.of("day", "took its daily cap of new leads today",
      "week", "took its weekly cap of new leads this week", "month", "took its monthly cap of new leads this month");

  /** Hard criterion {@code code}'s text for this lead, made once per {@code described} (null: made now). */
  /** Slots of the texts an exclusion summary makes once: the hard criteria's codes, then these two. */
  /**
   * Why a move passed over a rep: it holds the lead now (a transfer, an offboarding, a hand-off) or held it before.
   * Until 7 December 2026 "held this lead before", which read oddly for the rep being offboarded or handing off.
   */
  static final String HELD = "holds or held this lead, and a move does not give it back";
  private static final int NOT_SPECIALIST = HardCriteria.INACTIVE + 1;
  private static final int OUTSIDE_OWNER_TEAM = HardCriteria.INACTIVE + 2;
  private static final int DESCRIBED_SLOTS = HardCriteria.INACTIVE + 3;

  /**
   * The text of {@link #NOT_SPECIALIST} or {@link #OUTSIDE_OWNER_TEAM}, made once per summary when {@code described}
   * keeps it (a text made and hashed per rep was a third of an audit line's time at 100,000 reps).
   */
  private String describedOnce(int slot, String @Nullable [] described) {
    String d = described == null ? null : described[slot];
    if (d == null) {
      String why = read().ownerTeamWhy;
      d = slot == NOT_SPECIALIST ? "not a '" + facts().industry + "' specialist"
          : why != null ? why : "outside the owner's team (one-to-one account " + facts().accountId + ")";
      if (described != null) {
        described[slot] = d;
      }
    }
    return d;
  }

  private String described(int code, String @Nullable [] described) {
    if (described == null) {
      return HardCriteria.describe(code, facts());
    }
    String d = described[code];
    return d != null ? d : (described[code] = HardCriteria.describe(code, facts()));
  }

  /**
   * Why rep {@code o} could not take this lead, in words, as far as the decision has got (hard criteria, the
   * account's rules, availability, earlier holders, capacity, industry preference, narrowing steps); null if it was
   * a candidate, read from the roster the decision was made on.
   *
   * @throws IllegalStateException if the router no longer keeps that roster
   */
  public @Nullable String whyExcluded(int o) {
    RosterSnapshot snapshot = roster.get();
    if (snapshot == null) {
      throw new IllegalStateException("roster version " + roster.version + " is no longer kept");
    }
    return whyExcluded(snapshot, o);
  }

  /**
   * {@link #whyExcluded(int)} read from {@code snapshot}, the roster the decision is being made on: what strategies
   * read through {@link io.smartrouting.spi.RoutingContext#exclusionReason(int)}.
   */
  public @Nullable String whyExcluded(RosterSnapshot snapshot, int o) {
    String industry = facts().industry;
    return reason(snapshot, o, industry == null ? null : snapshot.specialists(industry), null, null, null);
  }

  /**
   * The lead's hard criteria after the territory as the snapshot's bitsets hold them, so that a rep's code is a few bit
   * reads rather than reads of the rep's own sets: at 100,000 reps, reading the rep objects of everyone in the
   * territory was nine tenths of an audit line's time.
   */
  private static final class Criteria {
    /** The reps working the lead's segment, or null for a lead of any segment. */
    final long @Nullable [] segment;
    /** The account's people, who work its leads whatever their segment. */
    final long[] people;
    /** True if the lead has a language; then {@link #anyLanguage} and {@link #speakers} may take it. */
    final boolean languageRequired;
    final long[] anyLanguage;
    final long @Nullable [] speakers;
    final long[] active;

    Criteria(RosterSnapshot snapshot, LeadFacts f) {
      this.segment = f.anySegment ? null : snapshot.segmentBits(f.segment);
      this.people = new long[snapshot.words];
      for (String id : f.accountPeople) {
        int o = snapshot.ordinalOf(id);
        if (o >= 0) {
          Bits.set(people, o);
        }
      }
      this.languageRequired = f.language != null;
      this.anyLanguage = snapshot.anyLanguageBits();
      this.speakers = f.language == null ? null : snapshot.speakersOf(f.language);
      this.active = snapshot.active;
    }

    /** {@link HardCriteria#checkInTerritory} of rep {@code o}. */
    int checkInTerritory(int o) {
      if (segment != null && !Bits.get(segment, o) && !Bits.get(people, o)) {
        return HardCriteria.SEGMENT;
      }
      if (languageRequired && !Bits.get(anyLanguage, o) && (speakers == null || !Bits.get(speakers, o))) {
        return HardCriteria.LANGUAGE;
      }
      return Bits.get(active, o) ? HardCriteria.OK : HardCriteria.INACTIVE;
    }
  }

  /** {@link HardCriteria#checkInTerritory} of rep {@code o} read from the bitsets, for the property that both agree. */
  public static int checkInTerritoryFromBits(RosterSnapshot snapshot, LeadFacts f, int o) {
    return new Criteria(snapshot, f).checkInTerritory(o);
  }

  /**
   * {@link #whyExcluded}, with the hard criteria's texts made once ({@code described}) and the reps outside the
   * lead's territory known from {@code covering} ({@link RosterSnapshot#coveringTerritory}), so that an explanation
   * over a large roster asks only the reps in the territory rep by rep.
   */
  private @Nullable String reason(RosterSnapshot snapshot, int o, long @Nullable [] specialists,
      String @Nullable [] described, long @Nullable [] covering, @Nullable Criteria criteria) {
    if (covering != null && !Bits.get(covering, o)) {
      return described(HardCriteria.TERRITORY, described);
    }
    // A rep the territory bitset covers is not asked its territories again, nor, with the criteria's bitsets, read at
    // all unless it is unavailable (rep by rep, those reads were most of an audit line's time at 100,000 reps).
    boolean accountPerson;
    int code;
    if (covering != null && criteria != null) {
      accountPerson = Bits.get(criteria.people, o);
      code = criteria.checkInTerritory(o);
    } else {
      Rep rep = snapshot.reps[o];
      accountPerson = facts().accountPeople.contains(rep.id());
      code = covering != null ? HardCriteria.checkInTerritory(rep, facts()) : HardCriteria.check(rep, facts());
    }
    if (code != HardCriteria.OK && code != HardCriteria.INACTIVE) {
      return described(code, described);
    }
    Extras x = read();
    long[] ownerTeam = x.ownerTeam;
    long[] excludedHolders = x.excludedHolders;
    int[] accountCandidates = x.accountCandidates;
    if (ownerTeam != null && !Bits.get(ownerTeam, o)) {
      return describedOnce(OUTSIDE_OWNER_TEAM, described);
    }
    if (availability != null && !Bits.get(availability.available, o)) {
      String why = availability.whyUnavailable(snapshot.reps[o]);
      return why == null ? "unavailable" : why;
    }
    if (availability == null && code == HardCriteria.INACTIVE) {
      return HardCriteria.describe(code, facts());
    }
    if (excludedHolders != null && Bits.get(excludedHolders, o)) {
      return HELD;
    }
    if (accountPerson && accountCandidates != null && Pipeline.contains(accountCandidates, o)) {
      String step = narrowedOutBy(o);
      return step == null ? null : "narrowed out by step " + step;
    }
    if (wasCapacityExcluded(o)) {
      return accountPerson ? "account person at capacity for this account's tier"
          : !atDailyCap(snapshot, o) ? CAPACITY_REASON : CAP_REASON.get(RosterSnapshot.unit(snapshot.fullKindHint(o)));
    }
    if (!accountPerson && mode() == IndustryMode.SPECIALISTS && !Bits.get(specialists, o)
        && !admittedByStep(snapshot, o)) {
      return describedOnce(NOT_SPECIALIST, described);
    }
    if (!accountPerson && mode() == IndustryMode.GENERALISTS && !Bits.get(snapshot.generalists, o)
        && !admittedByStep(snapshot, o)) {
      return "specialist in other industries; generalists preferred";
    }
    String step = narrowedOutBy(o);
    return step == null ? null : "narrowed out by step " + step;
  }

  /**
   * True if rep {@code o} was a candidate of a step that took the industry preference among the reps its filter
   * matches ({@link #stepIndustry}): its generalists, or any of them. Such a rep was not excluded for the preference.
   */
  private boolean admittedByStep(RosterSnapshot snapshot, int o) {
    Extras x = read();
    for (long b = x.stepGeneralists | x.stepAnyone; b != 0; b &= b - 1) {
      int i = Long.numberOfTrailingZeros(b);
      io.smartrouting.core.expr.RepFilter reps = chain[i].reps;
      if (reps != null && reps.matches(snapshot.reps[o])
          && ((x.stepAnyone >>> i & 1) != 0 || Bits.get(snapshot.generalists, o))) {
        return true;
      }
    }
    return false;
  }

  /** The reps {@link #admittedByStep} admits, as a roster bitset; null when no step took the preference so. */
  private long @Nullable [] admittedBySteps(RosterSnapshot snapshot) {
    Extras x = read();
    if ((x.stepGeneralists | x.stepAnyone) == 0) {
      return null;
    }
    long[] out = new long[snapshot.words];
    for (int o = 0; o < snapshot.size(); o++) {
      if (admittedByStep(snapshot, o)) {
        Bits.set(out, o);
      }
    }
    return out;
  }

  /** True if rep {@code o} was recorded as at its daily cap (beyond the recorded few: the snapshot's hint says so). */
  private boolean atDailyCap(RosterSnapshot snapshot, int o) {
    if (!snapshot.capped(o)) {
      return false;
    }
    int c = capacityIndex(o);
    int[] opens = read().capacityOpen;
    return c >= 0 && opens != null ? opens[c] == DAILY_CAP
        : snapshot.isDayFull(o);
  }

  private int capacityIndex(int ordinal) {
    Extras x = read();
    int[] ordinals = x.capacityOrdinals;
    int n = ordinals == null ? 0 : Math.min(x.capacityExcludedTotal, MAX_CAPACITY_RECORDS);
    for (int i = 0; i < n; i++) {
      if (ordinals[i] == ordinal) {
        return i;
      }
    }
    return -1;
  }

  private @Nullable String narrowedOutBy(int ordinal) {
    for (int k = 0; k < stepCount; k++) {
      StrategyResult r = result(k);
      if (r != null && r.narrowed() != null && !r.narrowed().contains(ordinal)) {
        return label(k);
      }
    }
    return null;
  }

  private void renderScores(@Nullable RosterSnapshot snapshot, StringBuilder sb, ScoreBreakdown b) {
    for (int row = 0; row < b.rows(); row++) {
      int o = b.ordinal(row);
      sb.append("    ").append(row == 0 ? "best " : "next ")
          .append(o >= 0 && o < roster.size && snapshot != null ? snapshot.reps[o].id() : "#" + o)
          .append(String.format(Locale.ROOT, " composite %.3f:", b.composite(row)));
      for (int f = 0; f < b.factors().size(); f++) {
        double v = b.score(row, f);
        sb.append(' ').append(b.factors().get(f)).append('=')
            .append(Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v))
            .append(String.format(Locale.ROOT, "x%.2f", b.weight(f)));
      }
      sb.append('\n');
    }
  }

  /**
   * The id of the rep step record {@code k} picked ({@code r}'s ordinal), read from {@code snapshot}; without it, the
   * winner's when the step is the one that decided, else null.
   */
  private @Nullable String stepRepId(@Nullable RosterSnapshot snapshot, int k, StrategyResult r) {
    if (snapshot != null) {
      return snapshot.reps[r.ordinal()].id();
    }
    Rep w = winner;
    return w != null && k == stepCount - 1 && (bits & STEP_WON) != 0 ? w.id() : null;
  }

  /** The id of the lead, for logs. */
  String leadId() {
    return lead.id();
  }

  /** The lead as it was routed (after enrichment): its routing facts, for moving it later. */
  public Lead lead() {
    return lead;
  }
}
