package io.smartrouting.spi;

import io.smartrouting.api.Flag;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link RoutingStrategy} made of a lead: assign a candidate, narrow the candidates for later steps,
 * or pass. Every result carries a non-blank reason for the decision trace. Immutable.
 */
public final class StrategyResult {

  /** The three things a strategy can do. */
  public enum Kind {
    /** The lead goes to {@link #ordinal()}; the chain stops. */
    ASSIGN,
    /** Later steps see only {@link #narrowed()}. */
    NARROW,
    /** No opinion; later steps see the same candidates. */
    PASS
  }

  private final Kind kind;
  private final int ordinal;
  private final @Nullable CandidateSet narrowed;
  private final String reason;
  private final long flagBits;
  private final @Nullable ScoreBreakdown scores;

  private StrategyResult(Kind kind, int ordinal, @Nullable CandidateSet narrowed, String reason, long flagBits,
      @Nullable ScoreBreakdown scores) {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a strategy result needs a non-blank reason");
    }
    this.kind = kind;
    this.ordinal = ordinal;
    this.narrowed = narrowed;
    this.reason = reason;
    this.flagBits = flagBits;
    this.scores = scores;
  }

  /**
   * Assigns the lead to the candidate at {@code ordinal}.
   *
   * @param ordinal the rep's ordinal in the roster snapshot
   * @param reason why, in words a person reads in the decision's explanation
   * @return the strategy result
   * @throws IllegalArgumentException if the ordinal is negative or the reason blank
   */
  public static StrategyResult assign(int ordinal, String reason) {
    if (ordinal < 0) {
      throw new IllegalArgumentException("assigned ordinal must be >= 0 but was " + ordinal);
    }
    return new StrategyResult(Kind.ASSIGN, ordinal, null, reason, 0L, null);
  }

  /**
   * Assigns the lead to candidate {@code ordinal}, with the scores behind the choice: one object where
   * {@code assign(ordinal, reason).withScores(scores)} makes two.
   *
   * @param ordinal the chosen candidate's ordinal
   * @param reason why, for the trace
   * @param scores the scores of the best candidates, the chosen one first
   * @return the result
   * @throws IllegalArgumentException if {@code ordinal} is negative or {@code reason} blank
   */
  public static StrategyResult assign(int ordinal, String reason, ScoreBreakdown scores) {
    if (ordinal < 0) {
      throw new IllegalArgumentException("assigned ordinal must be >= 0 but was " + ordinal);
    }
    return new StrategyResult(Kind.ASSIGN, ordinal, null, reason, 0L, Objects.requireNonNull(scores, "scores"));
  }

  /**
   * Narrows the candidates of later steps to {@code subset} (intersected with the current candidates).
   *
   * @param subset the subset
   * @param reason why, in words a person reads in the decision's explanation
   * @return the strategy result
   */
  public static StrategyResult narrow(CandidateSet subset, String reason) {
    return new StrategyResult(Kind.NARROW, -1, Objects.requireNonNull(subset, "subset"), reason, 0L, null);
  }

  /**
   * Passes: no opinion on this lead.
   *
   * @param reason why, in words a person reads in the decision's explanation
   * @return the strategy result
   */
  public static StrategyResult pass(String reason) {
    return new StrategyResult(Kind.PASS, -1, null, reason, 0L, null);
  }

  /**
   * A copy of this result that also carries {@code flag}.
   *
   * @param flag the flag
   * @return a copy of this result that also carries {@code flag}
   */
  public StrategyResult withFlag(Flag flag) {
    return new StrategyResult(kind, ordinal, narrowed, reason, flagBits | (1L << flag.ordinal()), scores);
  }

  /**
   * A copy of this result that keeps {@code breakdown} for the trace.
   *
   * @param breakdown the breakdown
   * @return a copy of this result that keeps {@code breakdown} for the trace
   */
  public StrategyResult withScores(ScoreBreakdown breakdown) {
    return new StrategyResult(kind, ordinal, narrowed, reason, flagBits, Objects.requireNonNull(breakdown));
  }

  /** {@return what the strategy did} */
  public Kind kind() {
    return kind;
  }

  /** {@return the assigned ordinal, or -1 unless {@link Kind#ASSIGN}} */
  public int ordinal() {
    return ordinal;
  }

  /** {@return the narrowed candidates for {@link Kind#NARROW}, else null} */
  public @Nullable CandidateSet narrowed() {
    return narrowed;
  }

  /** {@return why, in words a person reads in {@link io.smartrouting.api.Decision#explain()}} */
  public String reason() {
    return reason;
  }

  /**
   * Flags to add to the decision.
   *
   * @return the set
   */
  public Set<Flag> flags() {
    EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
    for (Flag f : Flag.values()) {
      if ((flagBits & (1L << f.ordinal())) != 0) {
        set.add(f);
      }
    }
    return set;
  }

  /** {@return true if the result carries any flag} */
  public boolean hasFlags() {
    return flagBits != 0;
  }

  /**
   * True if the result carries {@code flag}.
   *
   * @param flag the flag
   * @return true if the result carries {@code flag}
   */
  public boolean hasFlag(Flag flag) {
    return (flagBits & (1L << flag.ordinal())) != 0;
  }

  /** {@return factor scores kept for the trace, if the strategy scored} */
  public @Nullable ScoreBreakdown scores() {
    return scores;
  }

  @Override
  public String toString() {
    return "StrategyResult[" + kind + (kind == Kind.ASSIGN ? " " + ordinal : "")
        + (narrowed != null ? " to " + narrowed.size() : "") + ": " + reason + "]";
  }
}
