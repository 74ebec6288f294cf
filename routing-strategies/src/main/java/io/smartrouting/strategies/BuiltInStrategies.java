package io.smartrouting.strategies;

import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.RoutingStrategyProvider;
import io.smartrouting.spi.StrategyConfig;
import java.util.Set;

/** The names of the built-in strategies and their providers, registered in {@code META-INF/services}. */
public final class BuiltInStrategies {
  private BuiltInStrategies() {}

  /** Name of {@link WeightedStrategy}. */
  public static final String WEIGHTED = "weighted";
  /** Name of {@link RoundRobinStrategy}. */
  public static final String ROUND_ROBIN = "round-robin";
  /** Name of {@link AccountOwnerStrategy}. */
  public static final String ACCOUNT_OWNER = "account-owner";
  /** Name of {@link TierFastTrackStrategy}. */
  public static final String TIER_FAST_TRACK = "tier-fast-track";
  /** Name of {@link ReturningContactStrategy}. */
  public static final String RETURNING_CONTACT = "returning-contact";
  /** Name of {@link SameCompanyStrategy}. */
  public static final String SAME_COMPANY = "same-company";

  /** Provides {@code weighted}; config keys {@code weight.<factor>} and {@code response.referenceMinutes}. */
  public static final class WeightedProvider implements RoutingStrategyProvider {
    @Override
    public String name() {
      return WEIGHTED;
    }

    @Override
    public String description() {
      return "weighted decision matrix: territory, industry, segment, capacity, response speed, performance";
    }

    @Override
    public RoutingStrategy create(StrategyConfig config) {
      return WeightedStrategy.fromConfig(config);
    }
  }

  /** Provides {@code round-robin}; config keys {@code state.key} (shared turns key, default {@code round-robin}) and
   * {@code catchUp.maxLeads} (leads owed to a rep back from time off, default 0: off). */
  public static final class RoundRobinProvider implements RoutingStrategyProvider {
    @Override
    public String name() {
      return ROUND_ROBIN;
    }

    @Override
    public String description() {
      return "weighted round-robin over the qualified reps, fair within one lead per rep";
    }

    @Override
    public RoutingStrategy create(StrategyConfig config) {
      config.requireOnlyKeys(Set.of("state.key", "catchUp.maxLeads"));
      return new RoundRobinStrategy(config.getString("state.key", RoundRobinStrategy.DEFAULT_STATE_KEY),
          config.getInt("catchUp.maxLeads", 0));
    }
  }

  /** Provides {@code account-owner}; no config keys. */
  public static final class AccountOwnerProvider implements RoutingStrategyProvider {
    @Override
    public String name() {
      return ACCOUNT_OWNER;
    }

    @Override
    public String description() {
      return "account-based routing: owner, then account team, then backup; sales-qualified leads to the AE";
    }

    @Override
    public RoutingStrategy create(StrategyConfig config) {
      config.requireOnlyKeys(Set.of());
      return new AccountOwnerStrategy();
    }
  }

  /**
   * Provides {@code tier-fast-track}; config keys {@code response.tolerance} (default 0.10) and {@code bestFirst}
   * ({@code auto}, the default, {@code true} or {@code false}: how large candidate sets are read, with the same pick).
   */
  public static final class TierFastTrackProvider implements RoutingStrategyProvider {
    @Override
    public String name() {
      return TIER_FAST_TRACK;
    }

    @Override
    public String description() {
      return "Tier 1 to the fastest-responding qualified rep, overriding capacity with a flag";
    }

    @Override
    public RoutingStrategy create(StrategyConfig config) {
      config.requireOnlyKeys(Set.of("response.tolerance", "bestFirst"));
      return new TierFastTrackStrategy(config.getDouble("response.tolerance", TierFastTrackStrategy.DEFAULT_TOLERANCE),
          java.util.Objects.requireNonNullElse(config.get("bestFirst"), "auto"));
    }
  }

  /**
   * Provides {@code returning-contact}; config key {@code withinDays} (0 to 365, default 0: open leads only; else also
   * the contact's lead closed last, if within that many days).
   */
  public static final class ReturningContactProvider implements RoutingStrategyProvider {
    @Override
    public String name() {
      return RETURNING_CONTACT;
    }

    @Override
    public String description() {
      return "a returning contact (same e-mail address) to the rep of its open lead, when that rep may take it";
    }

    @Override
    public RoutingStrategy create(StrategyConfig config) {
      config.requireOnlyKeys(Set.of("withinDays"));
      return new ReturningContactStrategy(config.getInt("withinDays", 0));
    }
  }

  /**
   * Provides {@code same-company}; config key {@code withinDays} (0 to 365, default 0: open leads only; else also the
   * company's lead closed last, if within that many days).
   */
  public static final class SameCompanyProvider implements RoutingStrategyProvider {
    @Override
    public String name() {
      return SAME_COMPANY;
    }

    @Override
    public String description() {
      return "a lead from a company (e-mail or website domain) to the rep of another of its open leads, when that rep"
          + " may take it";
    }

    @Override
    public RoutingStrategy create(StrategyConfig config) {
      config.requireOnlyKeys(Set.of("withinDays"));
      return new SameCompanyStrategy(config.getInt("withinDays", 0));
    }
  }
}
