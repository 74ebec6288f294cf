package io.smartrouting.core;

import io.smartrouting.api.Tier;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyConfig;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One step of a routing chain: a strategy (by registered name, or an instance), its configuration, and an
 * optional condition on the lead's tier. Immutable; the {@code with}/{@code onlyFor} methods return copies.
 */
public final class ChainStep {

  private final String label;
  private final @Nullable String strategyName;
  private final @Nullable RoutingStrategy instance;
  private final StrategyConfig config;
  private final Set<Tier> tiers;

  private ChainStep(String label, @Nullable String strategyName, @Nullable RoutingStrategy instance,
      StrategyConfig config, Set<Tier> tiers) {
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("chain step label must not be blank but was '" + label + "'");
    }
    this.label = label;
    this.strategyName = strategyName;
    this.instance = instance;
    this.config = Objects.requireNonNull(config, "config");
    this.tiers = tiers.isEmpty() ? Set.of() : Set.copyOf(tiers);
  }

  /** A step running the registered strategy {@code strategyName} with its default configuration. */
  public static ChainStep of(String strategyName) {
    return of(strategyName, StrategyConfig.empty());
  }

  /** A step running the registered strategy {@code strategyName} with {@code config}. */
  public static ChainStep of(String strategyName, StrategyConfig config) {
    if (strategyName == null || strategyName.isBlank()) {
      throw new IllegalArgumentException("strategy name must not be blank but was '" + strategyName + "'");
    }
    return new ChainStep(strategyName, strategyName, null, config, Set.of());
  }

  /** A step running a strategy instance directly, without the registry. */
  public static ChainStep of(String label, RoutingStrategy strategy) {
    return new ChainStep(label, null, Objects.requireNonNull(strategy, "strategy"), StrategyConfig.empty(),
        Set.of());
  }

  /** A copy that runs only for leads of the given tiers. */
  public ChainStep onlyFor(Tier... tiers) {
    if (tiers.length == 0) {
      throw new IllegalArgumentException("onlyFor needs at least one tier");
    }
    return new ChainStep(label, strategyName, instance, config, EnumSet.copyOf(List.of(tiers)));
  }

  /** A copy with another label, to tell apart two steps of the same strategy in traces. */
  public ChainStep named(String newLabel) {
    return new ChainStep(newLabel, strategyName, instance, config, tiers);
  }

  /** The label used in traces and decisions ({@code decidedBy}). */
  public String label() {
    return label;
  }

  /** The registered strategy name, or null for an instance step. */
  public @Nullable String strategyName() {
    return strategyName;
  }

  /** The strategy instance, or null for a registered one. */
  public @Nullable RoutingStrategy instance() {
    return instance;
  }

  /** The step's configuration. */
  public StrategyConfig config() {
    return config;
  }

  /** The tiers the step runs for; empty means all. */
  public Set<Tier> tiers() {
    return tiers;
  }

  @Override
  public String toString() {
    return label + (tiers.isEmpty() ? "" : " (tiers " + tiers + ")") + (config.isEmpty() ? "" : " " + config);
  }
}
