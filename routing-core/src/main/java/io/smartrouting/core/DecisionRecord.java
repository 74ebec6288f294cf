package io.smartrouting.core;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.core.internal.JsonText;
import io.smartrouting.core.internal.TraceRecorder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A decision as a structured record, for an audit log: where the lead went and why, each step of the chain with its
 * outcome, every excluded rep with the reason, the factor scores of the candidates a scoring step ranked, and the
 * configuration version that decided. It carries ids only, never a lead's e-mail, name or company, so it can be
 * stored as it is. {@link #toJson()} writes it as one line of JSON. Immutable.
 *
 * <pre>{@code
 * Decision d = router.route(lead);
 * auditLog.append(router.record(d).toJson());
 * }</pre>
 */
public final class DecisionRecord {

  /** One step of the chain: its label, outcome ({@code ASSIGN NARROW PASS FAILED IGNORED RETRY}), rep, reason. */
  public record Step(String label, String outcome, @Nullable String repId, String reason, int candidates) {}

  /** One candidate a scoring step ranked: the step, the rep, its composite and its factor scores. */
  public record Score(String step, String repId, double composite, Map<String, Double> factors) {
    /**
     * Copies the factors.
     *
     * @param step the step that scored
     * @param repId the candidate
     * @param composite its composite score
     * @param factors its factor scores, by factor
     */
    public Score {
      factors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(factors));
    }
  }

  private final Decision decision;
  private final @Nullable String configVersion;
  private final List<Step> steps;
  private final @Nullable TraceRecorder trace;
  /** Every excluded rep by reason, made when first asked for ({@link #excluded()}, {@link #toJson()}). */
  private volatile @Nullable Map<String, List<String>> excluded;
  private final List<Score> scores;

  private DecisionRecord(Decision decision, @Nullable String configVersion, List<Step> steps,
      @Nullable TraceRecorder trace, List<Score> scores) {
    this.decision = decision;
    this.configVersion = configVersion;
    this.steps = List.copyOf(steps);
    this.trace = trace;
    this.scores = List.copyOf(scores);
  }

  /**
   * The record of {@code decision}, decided under configuration {@code configVersion} (null if unknown). A decision
   * that did not run the chain (a move by a person, an existing placement) has no steps, exclusions or scores.
   *
   * @param decision the decision
   * @param configVersion the configuration's version, or null
   * @return the record
   */
  public static DecisionRecord of(Decision decision, @Nullable String configVersion) {
    Objects.requireNonNull(decision, "decision must not be null");
    List<Step> steps = new ArrayList<>();
    List<Score> scores = new ArrayList<>();
    TraceRecorder t = decision.trace() instanceof TraceRecorder ? (TraceRecorder) decision.trace() : null;
    if (t != null) {
      for (TraceRecorder.StepRecord s : t.stepRecords()) {
        steps.add(new Step(s.label(), s.outcome(), s.repId(), s.reason(), s.candidates()));
      }
      for (TraceRecorder.ScoreRecord s : t.scoreRecords()) {
        scores.add(new Score(s.step(), s.repId(), s.composite(), s.factors()));
      }
    }
    return new DecisionRecord(decision, configVersion, steps, t, scores);
  }

  /** {@return the lead's id} */
  public String leadId() {
    return decision.leadId();
  }

  /** {@return the rep the lead went to, or null if it went to a queue} */
  public @Nullable String repId() {
    return decision.repId();
  }

  /** {@return the queue the lead went to, or null if it went to a rep} */
  public @Nullable String queue() {
    return decision.queue();
  }

  /** {@return the label of the step that decided (or of the move that made the decision)} */
  public String decidedBy() {
    return decision.decidedBy();
  }

  /** {@return when the decision was made} */
  public Instant decidedAt() {
    return decision.decidedAt();
  }

  /** {@return the configuration version that decided, or null if unknown} */
  public @Nullable String configVersion() {
    return configVersion;
  }

  /** {@return the chain's steps as they ran, in order} */
  public List<Step> steps() {
    return steps;
  }

  /**
   * Every rep that could not take the lead, grouped by the reason, in roster order. Made when first asked for (as the
   * decision's explanation is): with a large roster it is most of a record's cost, which {@link #toJson(int)} does
   * without. Empty if first asked for once the router no longer keeps the roster the lead was decided on
   * ({@link Router.Builder#keepReplacedRosters}; the JSON then says {@code "excluded_not_kept":true}).
   *
   * @return the excluded reps' ids by reason
   */
  public Map<String, List<String>> excluded() {
    Map<String, List<String>> made = excluded;
    if (made == null) {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      if (trace != null) {
        trace.exclusionRecords().forEach((k, v) -> copy.put(k, List.copyOf(v)));
      }
      made = java.util.Collections.unmodifiableMap(copy);
      excluded = made;
    }
    return made;
  }

  /** {@return the candidates scoring steps ranked, with their factor scores} */
  public List<Score> scores() {
    return scores;
  }

  /**
   * The record as one line of JSON (ids, codes and reasons; no personal data), every excluded rep listed: with a large
   * roster that is most of the record (about 10 KB at 1,000 reps, 100 KB at 10,000); {@link #toJson(int)} bounds it.
   *
   * @return the JSON line
   */
  public String toJson() {
    return toJson(Integer.MAX_VALUE);
  }

  /**
   * The record as one line of JSON, as {@link #toJson()} but listing at most {@code maxRepsPerReason} excluded reps
   * under each reason (the first in roster order); when some are left out, {@code excluded_counts} gives every
   * reason's full count. {@link #excluded()} still has them all.
   *
   * @param maxRepsPerReason the most reps listed under one reason
   * @return the JSON line
   * @throws IllegalArgumentException if {@code maxRepsPerReason} is negative
   */
  public String toJson(int maxRepsPerReason) {
    if (maxRepsPerReason < 0) {
      throw new IllegalArgumentException("maxRepsPerReason must be >= 0 but was " + maxRepsPerReason);
    }
    StringBuilder sb = new StringBuilder(INITIAL_CAPACITY);
    appendJson(sb, maxRepsPerReason);
    return sb.toString();
  }

  /** A record's line is about 1-2 KB with a few excluded reps listed per reason: room for it without regrowing. */
  static final int INITIAL_CAPACITY = 2048;

  /** Appends {@link #toJson(int)}'s line to {@code sb} ({@link EventRecord} writes it inside its own). */
  void appendJson(StringBuilder sb, int maxRepsPerReason) {
    sb.append('{');
    field(sb, "lead_id", decision.leadId());
    field(sb, "rep_id", decision.repId());
    field(sb, "queue", decision.queue());
    sb.append("\"tier\":").append(decision.tier() == null ? "null" : String.valueOf(decision.tier().number()))
        .append(',');
    field(sb, "segment", decision.segment() == null ? null : decision.segment().name());
    field(sb, "account_id", decision.accountId());
    field(sb, "decided_by", decision.decidedBy());
    JsonText.instantField(sb, "decided_at", decision.decidedAt());
    JsonText.instantField(sb, "sla_deadline", decision.slaDeadline());
    sb.append("\"roster_version\":").append(decision.rosterVersion()).append(',');
    field(sb, "config_version", configVersion);
    sb.append("\"flags\":[");
    boolean first = true;
    for (Flag f : decision.flags()) { // an EnumSet: in the enum's order
      sb.append(first ? "" : ",");
      quote(sb, f.name());
      first = false;
    }
    sb.append("],\"steps\":[");
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      sb.append(i == 0 ? "{" : ",{");
      field(sb, "label", s.label());
      field(sb, "outcome", s.outcome());
      field(sb, "rep_id", s.repId());
      field(sb, "reason", s.reason());
      sb.append("\"candidates\":").append(s.candidates()).append('}');
    }
    sb.append("],\"excluded\":{");
    // Each reason's count and its first reps: from the full lists when made, else without making them.
    Map<String, TraceRecorder.ExclusionGroup> groups = new LinkedHashMap<>();
    Map<String, List<String>> all = excluded;
    if (all == null && trace != null && maxRepsPerReason < Integer.MAX_VALUE) {
      groups = trace.exclusionSummary(maxRepsPerReason);
    } else {
      for (Map.Entry<String, List<String>> e : excluded().entrySet()) {
        groups.put(e.getKey(), new TraceRecorder.ExclusionGroup(e.getValue().size(), e.getValue()));
      }
    }
    first = true;
    boolean leftOut = false;
    for (Map.Entry<String, TraceRecorder.ExclusionGroup> e : groups.entrySet()) {
      sb.append(first ? "" : ",");
      quote(sb, e.getKey());
      sb.append(":[");
      List<String> ids = e.getValue().firstIds();
      int listed = Math.min(ids.size(), maxRepsPerReason);
      leftOut |= listed < e.getValue().count();
      for (int i = 0; i < listed; i++) {
        sb.append(i == 0 ? "" : ",");
        quote(sb, ids.get(i));
      }
      sb.append(']');
      first = false;
    }
    if (all == null && trace != null && !trace.rosterKept()) {
      sb.append("},\"excluded_not_kept\":true");
    } else {
      if (leftOut) {
        sb.append("},\"excluded_counts\":{");
        first = true;
        for (Map.Entry<String, TraceRecorder.ExclusionGroup> e : groups.entrySet()) {
          sb.append(first ? "" : ",");
          quote(sb, e.getKey());
          sb.append(':').append(e.getValue().count());
          first = false;
        }
      }
      sb.append('}');
    }
    sb.append(",\"scores\":[");
    for (int i = 0; i < scores.size(); i++) {
      Score s = scores.get(i);
      sb.append(i == 0 ? "{" : ",{");
      field(sb, "step", s.step());
      field(sb, "rep_id", s.repId());
      sb.append("\"composite\":");
      JsonText.number4(sb, s.composite());
      sb.append(",\"factors\":{");
      boolean f1 = true;
      for (Map.Entry<String, Double> f : s.factors().entrySet()) {
        sb.append(f1 ? "" : ",");
        quote(sb, f.getKey());
        sb.append(':');
        JsonText.number4(sb, f.getValue());
        f1 = false;
      }
      sb.append("}}");
    }
    sb.append("]}");
  }

  @Override
  public String toString() {
    return toJson();
  }

  private static void field(StringBuilder sb, String key, @Nullable String value) {
    JsonText.field(sb, key, value);
  }

  private static void quote(StringBuilder sb, String s) {
    JsonText.quote(sb, s);
  }

}
