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

  private final String leadId;
  private final @Nullable String repId;
  private final @Nullable String queue;
  private final @Nullable Tier tier;
  private final @Nullable Segment segment;
  private final @Nullable String accountId;
  private static final EnumSet<Flag> NO_FLAGS = EnumSet.noneOf(Flag.class);

  private final EnumSet<Flag> flags;
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
    this.repId = b.repId;
    this.queue = b.queue;
    this.tier = b.tier;
    this.segment = b.segment;
    this.accountId = b.accountId;
    this.flags = b.flags.isEmpty() ? NO_FLAGS : b.flags.clone();
    this.decidedBy = Checks.requireId(b.decidedBy, "decision.decidedBy");
    this.decidedAt = Objects.requireNonNull(b.decidedAt, "decision.decidedAt must not be null");
    this.rosterVersion = b.rosterVersion;
    this.slaDeadline = b.slaDeadline;
    this.trace = b.trace;
  }

  /** Returns a builder; routers use it, and so can tests and custom front ends. */
  public static Builder builder(String leadId) {
    return new Builder(leadId);
  }

  /** The routed lead's id. */
  public String leadId() {
    return leadId;
  }

  /** The assigned rep's id, or null when the lead was queued. */
  public @Nullable String repId() {
    return repId;
  }

  /** The queue the lead was placed in, or null when it was assigned to a rep. */
  public @Nullable String queue() {
    return queue;
  }

  /** True when the lead was assigned to a rep. */
  public boolean isAssigned() {
    return repId != null;
  }

  /** The lead's tier, once classified. */
  public @Nullable Tier tier() {
    return tier;
  }

  /** The lead's segment, once classified. */
  public @Nullable Segment segment() {
    return segment;
  }

  /** The id of the account the lead was matched to, if any. */
  public @Nullable String accountId() {
    return accountId;
  }

  /** Flags for people and systems downstream; an unmodifiable view. */
  public Set<Flag> flags() {
    return java.util.Collections.unmodifiableSet(flags);
  }

  /** True if the decision carries {@code flag}. */
  public boolean hasFlag(Flag flag) {
    return flags.contains(flag);
  }

  /** Name of the chain step that decided, or {@code fallback}. */
  public String decidedBy() {
    return decidedBy;
  }

  /** When the decision was made, by the router's clock. */
  public Instant decidedAt() {
    return decidedAt;
  }

  /** Version of the roster snapshot the decision was made on. */
  public long rosterVersion() {
    return rosterVersion;
  }

  /** Deadline for first contact, if an SLA applies to the lead's tier. */
  public @Nullable Instant slaDeadline() {
    return slaDeadline;
  }

  /** The trace behind this decision. */
  public DecisionTrace trace() {
    return trace;
  }

  /**
   * Renders a readable, multi-line explanation: the outcome, then every step that ran, every excluded rep with
   * the reason, the factor scores where a strategy scored, and the winner.
   */
  public String explain() {
    StringBuilder sb = new StringBuilder(256);
    sb.append("Lead ").append(leadId).append(" -> ");
    if (repId != null) {
      sb.append("rep ").append(repId);
    } else {
      sb.append("queue ").append(queue);
    }
    sb.append(" (decided by ").append(decidedBy).append(')');
    if (tier != null) {
      sb.append(", tier ").append(tier.number());
    }
    if (segment != null) {
      sb.append(", segment ").append(segment);
    }
    if (accountId != null) {
      sb.append(", account ").append(accountId);
    }
    if (!flags.isEmpty()) {
      sb.append(", flags ").append(flags);
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
    return "Decision[lead=" + leadId + (repId != null ? ", rep=" + repId : ", queue=" + queue) + ", by="
        + decidedBy + ", tier=" + tier + ", segment=" + segment + ", flags=" + flags + "]";
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
    private final EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
    private String decidedBy = "unknown";
    private @Nullable Instant decidedAt;
    private long rosterVersion;
    private @Nullable Instant slaDeadline;
    private DecisionTrace trace = DecisionTrace.EMPTY;

    private Builder(String leadId) {
      this.leadId = leadId;
    }

    /** Clears every field and starts a decision for {@code leadId}. */
    public Builder reset(String leadId) {
      this.leadId = leadId;
      this.repId = null;
      this.queue = null;
      this.tier = null;
      this.segment = null;
      this.accountId = null;
      this.flags.clear();
      this.decidedBy = "unknown";
      this.decidedAt = null;
      this.rosterVersion = 0;
      this.slaDeadline = null;
      this.trace = DecisionTrace.EMPTY;
      return this;
    }

    /** Assigns the lead to a rep. */
    public Builder rep(@Nullable String repId) {
      this.repId = repId;
      return this;
    }

    /** Places the lead in a queue. */
    public Builder queue(@Nullable String queue) {
      this.queue = queue;
      return this;
    }

    /** Sets the tier. */
    public Builder tier(@Nullable Tier tier) {
      this.tier = tier;
      return this;
    }

    /** Sets the segment. */
    public Builder segment(@Nullable Segment segment) {
      this.segment = segment;
      return this;
    }

    /** Sets the matched account id. */
    public Builder accountId(@Nullable String accountId) {
      this.accountId = accountId;
      return this;
    }

    /** Adds flags. */
    public Builder flags(Set<Flag> flags) {
      this.flags.addAll(flags);
      return this;
    }

    /** Adds one flag. */
    public Builder flag(Flag flag) {
      this.flags.add(flag);
      return this;
    }

    /** Sets the name of the deciding step. */
    public Builder decidedBy(String decidedBy) {
      this.decidedBy = decidedBy;
      return this;
    }

    /** Sets the decision instant. */
    public Builder decidedAt(Instant decidedAt) {
      this.decidedAt = decidedAt;
      return this;
    }

    /** Sets the roster version. */
    public Builder rosterVersion(long rosterVersion) {
      this.rosterVersion = rosterVersion;
      return this;
    }

    /** Sets the first-contact deadline. */
    public Builder slaDeadline(@Nullable Instant slaDeadline) {
      this.slaDeadline = slaDeadline;
      return this;
    }

    /** Sets the trace. */
    public Builder trace(DecisionTrace trace) {
      this.trace = Objects.requireNonNull(trace, "trace");
      return this;
    }

    /**
     * Builds the decision.
     *
     * @throws IllegalArgumentException unless exactly one of rep and queue is set, or if the lead id is blank
     * @throws NullPointerException if decidedAt was not set
     */
    public Decision build() {
      return new Decision(this);
    }
  }
}
