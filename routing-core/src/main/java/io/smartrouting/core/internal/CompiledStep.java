package io.smartrouting.core.internal;

import io.smartrouting.api.Lead;
import org.jspecify.annotations.Nullable;
import io.smartrouting.api.Tier;
import io.smartrouting.spi.RoutingStrategy;
import java.util.Set;

/** A chain step resolved to a strategy instance, with its conditions. Not API. */
public final class CompiledStep {
  final String label;
  final RoutingStrategy strategy;
  private final int tierMask;
  private final Set<Tier> tiers;
  private final String conditionText;
  final io.smartrouting.core.expr.@Nullable LeadCondition when;
  final io.smartrouting.core.expr.@Nullable RepFilter reps;
  /** The rep filter evaluated over one roster snapshot. */
  private record Mask(RosterSnapshot snapshot, long[] bits) {}
  private volatile @Nullable Mask mask;

  public CompiledStep(String label, RoutingStrategy strategy, Set<Tier> tiers) {
    this(label, strategy, tiers, null, null);
  }

  public CompiledStep(String label, RoutingStrategy strategy, Set<Tier> tiers,
      io.smartrouting.core.expr.@Nullable LeadCondition when, io.smartrouting.core.expr.@Nullable RepFilter reps) {
    this.label = label;
    this.strategy = strategy;
    this.tiers = Set.copyOf(tiers);
    int mask = 0;
    for (Tier t : tiers) {
      mask |= 1 << t.ordinal();
    }
    this.tierMask = tiers.isEmpty() ? -1 : mask;
    this.conditionText = "runs for " + new java.util.TreeSet<>(tiers) + " only";
    this.when = when;
    this.reps = reps;
  }

  /** The strategy of the steps {@link #forExplanations} makes: never asked. */
  private static final RoutingStrategy EXPLAINED_ONLY =
      ctx -> io.smartrouting.spi.StrategyResult.pass("a step kept for explanations only");

  /**
   * {@code steps} as the explanations of their decisions read them: labels, tiers, conditions and rep filters, without
   * the strategy instances (their state is sized to the roster: a round-robin's credits, a weighted step's profile)
   * and without the rep filters' masks (each holds the roster it was made on). Made once per chain; remembered
   * decisions keep these, so a reconfiguration's old strategies and rosters go once the router lets them go.
   */
  static CompiledStep[] forExplanations(CompiledStep[] steps) {
    CompiledStep[] out = new CompiledStep[steps.length];
    for (int i = 0; i < steps.length; i++) {
      CompiledStep s = steps[i];
      out[i] = new CompiledStep(s.label, EXPLAINED_ONLY, s.tiers, s.when, s.reps);
    }
    return out;
  }

  boolean appliesTo(Tier tier) {
    return (tierMask & (1 << tier.ordinal())) != 0;
  }

  /**
   * True if the step runs for this lead: its tier, and its {@code when} condition if it has one ({@code freeMail}: the
   * router's free-mail domains, for {@code free_mail}).
   */
  boolean appliesTo(Lead lead, Classification c, io.smartrouting.api.@Nullable Account account,
      java.util.Set<String> freeMail) {
    return appliesTo(c.tier) && (when == null || when.test(lead, c.tier, c.segment,
        account == null ? null : account.id(), freeMail));
  }

  /**
   * The reps the step's filter matches on {@code snap}, as a bitset, or null if the step has no filter. Evaluated
   * once per snapshot (each rep once), then reused by every decision on that snapshot.
   */
  long @Nullable [] repMask(RosterSnapshot snap) {
    if (reps == null) {
      return null;
    }
    Mask m = mask;
    if (m == null || m.snapshot() != snap) {
      long[] bits = new long[snap.words];
      for (int o = 0; o < snap.size(); o++) {
        if (reps.matches(snap.reps[o])) {
          Bits.set(bits, o);
        }
      }
      m = new Mask(snap, bits);
      mask = m;
    }
    return m.bits();
  }

  String conditionText() {
    return conditionText;
  }

  public String label() {
    return label;
  }

  public RoutingStrategy strategy() {
    return strategy;
  }
}
