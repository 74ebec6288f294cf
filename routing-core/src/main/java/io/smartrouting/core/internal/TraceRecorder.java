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

  private final RosterSnapshot snapshot;
  private final Lead lead;
  private final LeadFacts facts;
  private final Classification classification;
  private final AccountDirectory.Match match;
  private final @Nullable String enrichmentNote;

  int eligible;
  int eligibleIgnoringCapacity;
  int headroom;
  IndustryMode mode = IndustryMode.NO_INDUSTRY;
  IndustryMode modeIgnoringCapacity = IndustryMode.NO_INDUSTRY;
  private int capacityExcludedTotal;
  private int[] capacityOrdinals;
  private int[] capacityOpen;
  private final List<Step> steps = new ArrayList<>(4);
  private int winner = -1;
  private boolean override;
  private @Nullable String fallback;

  private static final class Step {
    final String label;
    final String outcome;
    final @Nullable String reason;
    final int candidatesBefore;
    final int ordinal;
    final @Nullable CandidateSet narrowed;
    final @Nullable ScoreBreakdown scores;

    Step(String label, String outcome, @Nullable String reason, int candidatesBefore, int ordinal,
        @Nullable CandidateSet narrowed, @Nullable ScoreBreakdown scores) {
      this.label = label;
      this.outcome = outcome;
      this.reason = reason;
      this.candidatesBefore = candidatesBefore;
      this.ordinal = ordinal;
      this.narrowed = narrowed;
      this.scores = scores;
    }
  }

  TraceRecorder(RosterSnapshot snapshot, Lead lead, LeadFacts facts, Classification classification,
      AccountDirectory.Match match, @Nullable String enrichmentNote) {
    this.snapshot = snapshot;
    this.lead = lead;
    this.facts = facts;
    this.classification = classification;
    this.match = match;
    this.enrichmentNote = enrichmentNote;
    this.capacityOrdinals = null;
    this.capacityOpen = null;
  }

  void capacityExcluded(int ordinal, int open) {
    if (capacityOrdinals == null) {
      capacityOrdinals = new int[8];
      capacityOpen = new int[8];
    }
    if (capacityExcludedTotal < MAX_CAPACITY_RECORDS) {
      if (capacityExcludedTotal == capacityOrdinals.length) {
        capacityOrdinals = java.util.Arrays.copyOf(capacityOrdinals, capacityOrdinals.length * 2);
        capacityOpen = java.util.Arrays.copyOf(capacityOpen, capacityOpen.length * 2);
      }
      capacityOrdinals[capacityExcludedTotal] = ordinal;
      capacityOpen[capacityExcludedTotal] = open;
    }
    capacityExcludedTotal++;
  }

  void skipped(String label, String why) {
    steps.add(new Step(label, "SKIPPED", why, -1, -1, null, null));
  }

  void result(String label, StrategyResult r, int candidatesBefore) {
    steps.add(new Step(label, r.kind().name(), r.reason(), candidatesBefore, r.ordinal(), r.narrowed(),
        r.scores()));
  }

  void problem(String label, String outcome, String why, int candidatesBefore) {
    steps.add(new Step(label, outcome, why, candidatesBefore, -1, null, null));
  }

  void winner(int ordinal, boolean capacityOverride) {
    this.winner = ordinal;
    this.override = capacityOverride;
  }

  void fallback(String description) {
    this.fallback = description;
  }

  @Override
  public String render() {
    StringBuilder sb = new StringBuilder(512);
    sb.append("  classify: tier ").append(classification.tier.number()).append(" (")
        .append(classification.tierReasonText()).append("), segment ").append(classification.segment)
        .append(classification.segmentDefaulted ? " (default: no employee count or ARR)" : "").append('\n');
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
    if (enrichmentNote != null) {
      sb.append("  enrich: ").append(enrichmentNote).append('\n');
    }
    List<String> missing = new ArrayList<>(4);
    if (facts.country == null) {
      missing.add("country (territory not applied)");
    }
    if (facts.language == null) {
      missing.add("language (not applied)");
    }
    if (facts.industry == null) {
      missing.add("industry (no specialist preference)");
    }
    if (!missing.isEmpty()) {
      sb.append("  missing factors: ").append(String.join(", ", missing)).append('\n');
    }
    sb.append("  qualify: ").append(snapshot.size()).append(" reps -> ").append(eligible)
        .append(" meet territory/segment/language/availability -> ").append(headroom)
        .append(" below the capacity threshold");
    if (facts.industry != null) {
      sb.append(" -> ").append(describeMode(mode));
    }
    sb.append('\n');
    renderExclusions(sb);
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      sb.append("  step ").append(i + 1).append(' ').append(s.label).append(": ").append(s.outcome);
      if (s.ordinal >= 0 && s.ordinal < snapshot.size()) {
        sb.append(' ').append(snapshot.reps[s.ordinal].id());
      }
      if (s.narrowed != null) {
        sb.append(" to ").append(s.narrowed.size()).append(" of ").append(s.candidatesBefore);
      }
      if (s.reason != null) {
        sb.append(" - ").append(s.reason);
      }
      sb.append('\n');
      if (s.scores != null) {
        renderScores(sb, s.scores);
      }
    }
    if (winner >= 0) {
      sb.append("  winner: ").append(snapshot.reps[winner].id())
          .append(override ? " (capacity threshold overridden)" : "");
    } else {
      sb.append("  winner: none; ").append(fallback == null ? "fallback" : fallback);
    }
    return sb.toString();
  }

  private String describeMode(IndustryMode m) {
    switch (m) {
      case SPECIALISTS:
        return "specialists in '" + facts.industry + "' only";
      case GENERALISTS:
        return "no eligible '" + facts.industry + "' specialist: generalists";
      case ANY_ELIGIBLE:
        return "no eligible '" + facts.industry + "' specialist or generalist: any eligible rep";
      default:
        return "no industry preference";
    }
  }

  private void renderExclusions(StringBuilder sb) {
    // Group by reason so that a large roster stays readable: each reason once, with the reps it excluded.
    java.util.LinkedHashMap<String, List<String>> byReason = new java.util.LinkedHashMap<>();
    long[] specialists = facts.industry == null ? null : snapshot.specialists(facts.industry);
    for (int o = 0; o < snapshot.size(); o++) {
      Rep rep = snapshot.reps[o];
      String why = null;
      int code = HardCriteria.check(rep, facts);
      if (code != HardCriteria.OK) {
        why = HardCriteria.describe(code, facts);
      } else {
        int c = capacityIndex(o);
        if (c >= 0) {
          why = "at or above the capacity threshold";
          byReason.computeIfAbsent(why, k -> new ArrayList<>())
              .add(rep.id() + " (" + capacityOpen[c] + " of " + rep.capacity() + " open)");
          continue;
        } else if (mode == IndustryMode.SPECIALISTS && !Bits.get(specialists, o)) {
          why = "not a '" + facts.industry + "' specialist";
        } else if (mode == IndustryMode.GENERALISTS && !Bits.get(snapshot.generalists, o)) {
          why = "specialist in other industries; generalists preferred";
        } else {
          String step = narrowedOutBy(o);
          if (step != null) {
            why = "narrowed out by step " + step;
          }
        }
      }
      if (why != null) {
        byReason.computeIfAbsent(why, k -> new ArrayList<>()).add(rep.id());
      }
    }
    for (java.util.Map.Entry<String, List<String>> e : byReason.entrySet()) {
      List<String> ids = e.getValue();
      sb.append("    excluded, ").append(e.getKey()).append(": ");
      int shown = Math.min(ids.size(), MAX_LISTED_EXCLUSIONS);
      sb.append(String.join(", ", ids.subList(0, shown)));
      if (ids.size() > shown) {
        sb.append(" and ").append(ids.size() - shown).append(" more");
      }
      sb.append('\n');
    }
    if (capacityExcludedTotal > MAX_CAPACITY_RECORDS) {
      sb.append("    excluded, at or above the capacity threshold: ")
          .append(capacityExcludedTotal - MAX_CAPACITY_RECORDS).append(" more reps\n");
    }
  }

  private int capacityIndex(int ordinal) {
    int n = Math.min(capacityExcludedTotal, MAX_CAPACITY_RECORDS);
    for (int i = 0; i < n; i++) {
      if (capacityOrdinals[i] == ordinal) {
        return i;
      }
    }
    return -1;
  }

  private @Nullable String narrowedOutBy(int ordinal) {
    for (Step s : steps) {
      if (s.narrowed != null && !s.narrowed.contains(ordinal)) {
        return s.label;
      }
    }
    return null;
  }

  private void renderScores(StringBuilder sb, ScoreBreakdown b) {
    for (int row = 0; row < b.rows(); row++) {
      int o = b.ordinal(row);
      sb.append("    ").append(row == 0 ? "best " : "next ")
          .append(o >= 0 && o < snapshot.size() ? snapshot.reps[o].id() : "#" + o)
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

  /** The id of the lead, for logs. */
  String leadId() {
    return lead.id();
  }
}
