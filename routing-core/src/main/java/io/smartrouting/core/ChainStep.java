package io.smartrouting.core;

import io.smartrouting.core.expr.LeadCondition;
import io.smartrouting.core.expr.RepFilter;
import io.smartrouting.api.Tier;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyConfig;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One step of a routing chain: a strategy (by registered name, or an instance), its configuration, an optional
 * condition on the lead's tier, an optional {@code when} condition on the lead ({@link LeadCondition}) and optional
 * rep targeting ({@link RepFilter}: the step's strategy sees only the candidates the filter matches). Immutable; the
 * {@code onlyFor}/{@code when}/{@code reps}/{@code named} methods return copies.
 */
public final class ChainStep {

  private final String label;
  private final @Nullable String strategyName;
  private final @Nullable RoutingStrategy instance;
  private final StrategyConfig config;
  private final Set<Tier> tiers;
  private final @Nullable LeadCondition when;
  private final @Nullable RepFilter reps;

  private ChainStep(String label, @Nullable String strategyName, @Nullable RoutingStrategy instance,
      StrategyConfig config, Set<Tier> tiers) {
    this(label, strategyName, instance, config, tiers, null, null);
  }

  private ChainStep(String label, @Nullable String strategyName, @Nullable RoutingStrategy instance,
      StrategyConfig config, Set<Tier> tiers, @Nullable LeadCondition when, @Nullable RepFilter reps) {
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("chain step label must not be blank but was '" + label + "'");
    }
    this.label = label;
    this.strategyName = strategyName;
    this.instance = instance;
    this.config = Objects.requireNonNull(config, "config");
    this.tiers = tiers.isEmpty() ? Set.of() : Set.copyOf(tiers);
    this.when = when;
    this.reps = reps;
  }

  /**
   * A step running the registered strategy {@code strategyName} with its default configuration.
   *
   * @param strategyName the strategy's registered name
   * @return the step
   */
  public static ChainStep of(String strategyName) {
    return of(strategyName, StrategyConfig.empty());
  }

  /**
   * A step running the registered strategy {@code strategyName} with {@code config}.
   *
   * @param strategyName the strategy's registered name
   * @param config its configuration
   * @return the step
   */
  public static ChainStep of(String strategyName, StrategyConfig config) {
    if (strategyName == null || strategyName.isBlank()) {
      throw new IllegalArgumentException("strategy name must not be blank but was '" + strategyName + "'");
    }
    return new ChainStep(strategyName, strategyName, null, config, Set.of());
  }

  /**
   * A step running a strategy instance directly, without the registry.
   *
   * @param label the step's name in traces and decisions
   * @param strategy the strategy
   * @return the step
   */
  public static ChainStep of(String label, RoutingStrategy strategy) {
    return new ChainStep(label, null, Objects.requireNonNull(strategy, "strategy"), StrategyConfig.empty(),
        Set.of());
  }

  /**
   * A step that places every lead it runs for in queue {@code queue} instead of giving it a rep, as an assignment rule
   * that assigns to a queue does: usually with {@link #when} or {@link #onlyFor} ("partner referrals wait in
   * 'partners'"), and later steps never see those leads. The queue drains as any queue does, its {@link QueuePolicy}
   * (relaxations, a claim window for reps' {@link Router#claimNext}) applying; a drain, a transfer or a reassignment
   * after a breach passes over the step, so that the lead can be given a rep. Labelled {@code queue:<name>} (see
   * {@link #named}); the decision is flagged {@link io.smartrouting.api.Flag#QUEUED_BY_RULE}.
   *
   * @param queue the queue's name
   * @return the step
   * @throws IllegalArgumentException if {@code queue} is blank
   */
  public static ChainStep toQueue(String queue) {
    if (queue == null || queue.isBlank()) {
      throw new IllegalArgumentException("toQueue: queue must not be blank but was '" + queue + "'");
    }
    return new ChainStep("queue:" + queue, null, new io.smartrouting.core.internal.QueueStep(queue),
        StrategyConfig.empty(), Set.of());
  }

  /**
   * The queue a {@link #toQueue} step places leads in; null for a strategy step.
   *
   * @return the queue, or null
   */
  public @Nullable String queue() {
    return instance instanceof io.smartrouting.core.internal.QueueStep q ? q.queue() : null;
  }

  /**
   * A copy that runs only for leads of the given tiers.
   *
   * @param tiers the tiers (none: every tier)
   * @return the copy
   */
  public ChainStep onlyFor(Tier... tiers) {
    if (tiers.length == 0) {
      throw new IllegalArgumentException("onlyFor needs at least one tier");
    }
    return new ChainStep(label, strategyName, instance, config, EnumSet.copyOf(List.of(tiers)), when, reps);
  }

  /**
   * A copy with another label, to tell apart two steps of the same strategy in traces.
   *
   * @param newLabel the label
   * @return the copy
   */
  public ChainStep named(String newLabel) {
    return new ChainStep(newLabel, strategyName, instance, config, tiers, when, reps);
  }

  /**
   * A copy that runs only for leads {@code condition} holds for (as well as the tier condition, if any).
   *
   * @param condition the condition
   * @return the copy
   */
  public ChainStep when(LeadCondition condition) {
    return new ChainStep(label, strategyName, instance, config, tiers, Objects.requireNonNull(condition, "when"),
        reps);
  }

  /**
   * A copy that runs only for leads the expression holds for (see {@link LeadCondition}).
   *
   * @param expression a lead condition, such as {@code industry = 'healthcare' AND employees >= 1000}
   * @return the copy
   * @throws io.smartrouting.core.expr.ExpressionException if the expression is not valid
   */
  public ChainStep when(String expression) {
    return when(LeadCondition.parse(expression));
  }

  /**
   * A copy whose strategy sees only the candidates {@code filter} matches.
   *
   * @param filter the filter
   * @return the copy
   */
  public ChainStep reps(RepFilter filter) {
    return new ChainStep(label, strategyName, instance, config, tiers, when, Objects.requireNonNull(filter, "reps"));
  }

  /**
   * A copy whose strategy sees only the candidates the expression matches (see {@link RepFilter}).
   *
   * @param expression a rep filter, such as {@code skills HAS 'healthcare'}
   * @return the copy
   * @throws io.smartrouting.core.expr.ExpressionException if the expression is not valid
   */
  public ChainStep reps(String expression) {
    return reps(RepFilter.parse(expression));
  }

  /** {@return the lead condition, or null if the step runs for every lead of its tiers} */
  public @Nullable LeadCondition when() {
    return when;
  }

  /** {@return the rep targeting, or null if the step sees every candidate} */
  public @Nullable RepFilter reps() {
    return reps;
  }

  /** {@return the label used in traces and decisions ({@code decidedBy})} */
  public String label() {
    return label;
  }

  /** {@return the registered strategy name, or null for an instance step} */
  public @Nullable String strategyName() {
    return strategyName;
  }

  /** {@return the strategy instance, or null for a registered one} */
  public @Nullable RoutingStrategy instance() {
    return instance;
  }

  /** {@return the step's configuration} */
  public StrategyConfig config() {
    return config;
  }

  /**
   * The tiers the step runs for; empty means all.
   *
   * @return the tiers, or an empty set for all
   */
  public Set<Tier> tiers() {
    return tiers;
  }

  @Override
  public String toString() {
    return label + (tiers.isEmpty() ? "" : " (tiers " + tiers + ")") + (when == null ? "" : " when " + when)
        + (reps == null ? "" : " reps " + reps) + (config.isEmpty() ? "" : " " + config);
  }
}
