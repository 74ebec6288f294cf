package io.smartrouting.core.internal;

import io.smartrouting.api.Tier;
import io.smartrouting.spi.RoutingStrategy;
import java.util.Set;

/** A chain step resolved to a strategy instance. Not API. */
public final class CompiledStep {
  final String label;
  final RoutingStrategy strategy;
  private final int tierMask;
  private final Set<Tier> tiers;
  private final String conditionText;

  public CompiledStep(String label, RoutingStrategy strategy, Set<Tier> tiers) {
    this.label = label;
    this.strategy = strategy;
    this.tiers = Set.copyOf(tiers);
    int mask = 0;
    for (Tier t : tiers) {
      mask |= 1 << t.ordinal();
    }
    this.tierMask = tiers.isEmpty() ? -1 : mask;
    this.conditionText = "runs for " + new java.util.TreeSet<>(tiers) + " only";
  }

  boolean appliesTo(Tier tier) {
    return (tierMask & (1 << tier.ordinal())) != 0;
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
