package io.smartrouting.api;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where a lead went and why. A router always returns a decision: the lead is either assigned to a rep or placed
 * in a named queue, never both, never neither.
 *
 * <p>Immutable and thread-safe.
 */
public final class Decision {

  private static final Flag[] FLAGS = Flag.values();
  private static final Tier[] TIERS = Tier.values();
  private static final Segment[] SEGMENTS = Segment.values();
  /** Bits of {@link #bits} above the flags: tier + 1 (0: none), segment + 1 (0: none), and "held by a queue". */
  private static final int TIER_SHIFT = 56;
  private static final int SEGMENT_SHIFT = 59;
  private static final long QUEUED = 1L << 63;

  static {
    if (FLAGS.length > TIER_SHIFT || TIERS.length > 6 || SEGMENTS.length > 6) {
      throw new AssertionError("Decision packs flags, tier and segment in one long");
    }
  }

  private final String leadId;
  /** The rep's id, or the queue's name when {@link #QUEUED} is set. */
  private final String holder;
  private final @Nullable String accountId;
  /**
   * One bit per {@link Flag} ordinal, then the tier and segment and whether a queue holds the lead: no set and no
   * field per enum, so that a decision, the one object a router must allocate, stays small.
   */
  private final long bits;
  private final String decidedBy;
  private final Instant decidedAt;
  private final long rosterVersion;
  private final @Nullable Instant slaDeadline;
  private final DecisionTrace trace;

  private Decision(Builder b) {
    this.leadId = Checks.requireId(b.leadId, "decision.leadId");
    if ((b.repId == null) == (b.queue == null)) {
      throw new IllegalArgumentException("decision must name exactly one of repId or queue but had repId="
          + b.repId + ", queue=" + b.queue + " (lead " + b.leadId + ")");
    }
    this.holder = b.repId != null ? b.repId : b.queue;
    this.accountId = b.accountId;
    this.bits = b.flags & ((1L << TIER_SHIFT) - 1)
        | (b.tier == null ? 0L : b.tier.ordinal() + 1L) << TIER_SHIFT
        | (b.segment == null ? 0L : b.segment.ordinal() + 1L) << SEGMENT_SHIFT
        | (b.repId == null ? QUEUED : 0L);
    this.decidedBy = Checks.requireId(b.decidedBy, "decision.decidedBy");
    this.decidedAt = Objects.requireNonNull(b.decidedAt, "decision.decidedAt must not be null");
    this.rosterVersion = b.rosterVersion;
    this.slaDeadline = b.slaDeadline;
    this.trace = b.trace;
  }

  /**
   * Returns a builder; routers use it, and so can tests and custom front ends.
   *
   * @param leadId the lead id
   * @return a new builder
   */
  public static Builder builder(String leadId) {
    return new Builder(leadId);
  }

  /** {@return the routed lead's id} */
  public String leadId() {
    return leadId;
  }

  /** {@return the assigned rep's id, or null when the lead was queued} */
  public @Nullable String repId() {
    return (bits & QUEUED) == 0 ? holder : null;
  }

  /** {@return the queue the lead was placed in, or null when it was assigned to a rep} */
  public @Nullable String queue() {
    return (bits & QUEUED) != 0 ? holder : null;
  }

  /** {@return true when the lead was assigned to a rep} */
  public boolean isAssigned() {
    return (bits & QUEUED) == 0;
  }

  /** {@return the lead's tier, once classified} */
  public @Nullable Tier tier() {
    int t = (int) (bits >>> TIER_SHIFT) & 7;
    return t == 0 ? null : TIERS[t - 1];
  }

  /** {@return the lead's segment, once classified} */
  public @Nullable Segment segment() {
    int g = (int) (bits >>> SEGMENT_SHIFT) & 7;
    return g == 0 ? null : SEGMENTS[g - 1];
  }

  /** {@return the id of the account the lead was matched to, if any} */
  public @Nullable String accountId() {
    return accountId;
  }

  /**
   * Flags for people and systems downstream; an unmodifiable view.
   *
   * @return the set
   */
  public Set<Flag> flags() {
    EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
    for (long f = flagBits(); f != 0; f &= f - 1) {
      set.add(FLAGS[Long.numberOfTrailingZeros(f)]);
    }
    return java.util.Collections.unmodifiableSet(set);
  }

  /**
   * True if the decision carries {@code flag}.
   *
   * @param flag the flag
   * @return true if the decision carries {@code flag}
   */
  public boolean hasFlag(Flag flag) {
    return (bits & (1L << flag.ordinal())) != 0;
  }

  private long flagBits() {
    return bits & ((1L << TIER_SHIFT) - 1);
  }

  /** {@return name of the chain step that decided, or {@code fallback}} */
  public String decidedBy() {
    return decidedBy;
  }

  /** {@return when the decision was made, by the router's clock} */
  public Instant decidedAt() {
    return decidedAt;
  }

  /** {@return version of the roster snapshot the decision was made on} */
  public long rosterVersion() {
    return rosterVersion;
  }

  /** {@return deadline for first contact, if an SLA applies to the lead's tier} */
  public @Nullable Instant slaDeadline() {
    return slaDeadline;
  }

  /** {@return the trace behind this decision} */
  public DecisionTrace trace() {
    return trace;
  }

  /**
   * Renders a readable, multi-line explanation: the outcome, then every step that ran, every excluded rep with
   * the reason, the factor scores where a strategy scored, and the winner.
   *
   * @return the string
   */
  public String explain() {
    StringBuilder sb = new StringBuilder(256);
    sb.append("Lead ").append(leadId).append(" -> ");
    sb.append(isAssigned() ? "rep " : "queue ").append(holder);
    sb.append(" (decided by ").append(decidedBy).append(')');
    Tier tier = tier();
    if (tier != null) {
      sb.append(", tier ").append(tier.number());
    }
    Segment segment = segment();
    if (segment != null) {
      sb.append(", segment ").append(segment);
    }
    if (accountId != null) {
      sb.append(", account ").append(accountId);
    }
    if (flagBits() != 0) {
      sb.append(", flags ").append(flags());
    }
    if (slaDeadline != null) {
      sb.append(", first contact due by ").append(slaDeadline);
    }
    sb.append(", roster v").append(rosterVersion).append(", at ").append(decidedAt);
    String rendered = trace.render();
    if (!rendered.isEmpty()) {
      sb.append('\n').append(rendered);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "Decision[lead=" + leadId + (isAssigned() ? ", rep=" : ", queue=") + holder + ", by="
        + decidedBy + ", tier=" + tier() + ", segment=" + segment() + ", flags=" + flags() + "]";
  }

  /**
   * Builds {@link Decision}s. Not thread-safe. {@link #build()} may be called repeatedly, and
   * {@link #reset(String)} readies the builder for another decision, so a router can keep one per thread.
   */
  public static final class Builder {
    private String leadId;
    private @Nullable String repId;
    private @Nullable String queue;
    private @Nullable Tier tier;
    private @Nullable Segment segment;
    private @Nullable String accountId;
    private long flags;
    private String decidedBy = "unknown";
    private @Nullable Instant decidedAt;
    private long rosterVersion;
    private @Nullable Instant slaDeadline;
    private DecisionTrace trace = DecisionTrace.EMPTY;

    private Builder(String leadId) {
      this.leadId = leadId;
    }

    /**
     * Clears every field and starts a decision for {@code leadId}.
     *
     * @param leadId clears every field and starts a decision for {@code leadId}
     * @return this builder
     */
    public Builder reset(String leadId) {
      this.leadId = leadId;
      this.repId = null;
      this.queue = null;
      this.tier = null;
      this.segment = null;
      this.accountId = null;
      this.flags = 0L;
      this.decidedBy = "unknown";
      this.decidedAt = null;
      this.rosterVersion = 0;
      this.slaDeadline = null;
      this.trace = DecisionTrace.EMPTY;
      return this;
    }

    /**
     * Assigns the lead to a rep.
     *
     * @param repId assigns the lead to a rep
     * @return this builder
     */
    public Builder rep(@Nullable String repId) {
      this.repId = repId;
      return this;
    }

    /**
     * Places the lead in a queue.
     *
     * @param queue places the lead in a queue
     * @return this builder
     */
    public Builder queue(@Nullable String queue) {
      this.queue = queue;
      return this;
    }

    /**
     * Sets the tier.
     *
     * @param tier the tier
     * @return this builder
     */
    public Builder tier(@Nullable Tier tier) {
      this.tier = tier;
      return this;
    }

    /**
     * Sets the segment.
     *
     * @param segment the segment
     * @return this builder
     */
    public Builder segment(@Nullable Segment segment) {
      this.segment = segment;
      return this;
    }

    /**
     * Sets the matched account id.
     *
     * @param accountId the matched account id
     * @return this builder
     */
    public Builder accountId(@Nullable String accountId) {
      this.accountId = accountId;
      return this;
    }

    /**
     * Adds flags.
     *
     * @param flags flags
     * @return this builder
     */
    public Builder flags(Set<Flag> flags) {
      for (Flag f : flags) {
        flag(f);
      }
      return this;
    }

    /**
     * Adds one flag.
     *
     * @param flag one flag
     * @return this builder
     */
    public Builder flag(Flag flag) {
      this.flags |= 1L << Objects.requireNonNull(flag, "flag must not be null").ordinal();
      return this;
    }

    /**
     * Sets the name of the deciding step.
     *
     * @param decidedBy the name of the deciding step
     * @return this builder
     */
    public Builder decidedBy(String decidedBy) {
      this.decidedBy = decidedBy;
      return this;
    }

    /**
     * Sets the decision instant.
     *
     * @param decidedAt the decision instant
     * @return this builder
     */
    public Builder decidedAt(Instant decidedAt) {
      this.decidedAt = decidedAt;
      return this;
    }

    /**
     * Sets the roster version.
     *
     * @param rosterVersion the roster version
     * @return this builder
     */
    public Builder rosterVersion(long rosterVersion) {
      this.rosterVersion = rosterVersion;
      return this;
    }

    /**
     * Sets the first-contact deadline.
     *
     * @param slaDeadline the first-contact deadline
     * @return this builder
     */
    public Builder slaDeadline(@Nullable Instant slaDeadline) {
      this.slaDeadline = slaDeadline;
      return this;
    }

    /**
     * Sets the trace.
     *
     * @param trace the trace
     * @return this builder
     */
    public Builder trace(DecisionTrace trace) {
      this.trace = Objects.requireNonNull(trace, "trace");
      return this;
    }

    /**
     * Builds the decision.
     *
     * @return the decision
     * @throws IllegalArgumentException unless exactly one of rep and queue is set, or if the lead id is blank
     * @throws NullPointerException if decidedAt was not set
     */
    public Decision build() {
      return new Decision(this);
    }
  }
}
