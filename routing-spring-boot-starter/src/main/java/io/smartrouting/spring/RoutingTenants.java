package io.smartrouting.spring;

import io.smartrouting.config.ConfigWatcher;
import io.smartrouting.config.RoutingConfig;
import io.smartrouting.core.Router;
import io.smartrouting.core.experiment.Experiment;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The routers the starter built, one per tenant ({@code default} when a single router is configured), and, for a
 * tenant whose document declares an experiment, the {@link Experiment} of one router per variant (named
 * {@code tenant/variant} among {@link #routers()}). Closes them when the application context closes.
 */
public final class RoutingTenants implements AutoCloseable {

  /** The tenant name of the single router configured by {@code smartrouting.config} or {@code document}. */
  public static final String DEFAULT_TENANT = "default";

  private final Map<String, Router> routers;
  private final Map<String, RoutingConfig> configs;
  /** The experiments of the tenants whose documents declare one, by tenant. */
  private final Map<String, Experiment> experiments;

  /** Each watched tenant's last reload, kept up to date by its watcher. */
  private final Map<String, ConfigWatcher.Outcome> reloads;

  /** The watchers that reload the tenants' documents ({@code smartrouting.reload-interval}), by tenant; closed first. */
  private final Map<String, ConfigWatcher> watcherOf;

  RoutingTenants(Map<String, Router> routers, Map<String, Experiment> experiments, Map<String, RoutingConfig> configs,
      Map<String, ConfigWatcher> watchers, Map<String, ConfigWatcher.Outcome> reloads) {
    this.routers = Collections.unmodifiableMap(new LinkedHashMap<>(routers));
    this.experiments = Collections.unmodifiableMap(new LinkedHashMap<>(experiments));
    this.configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    this.watcherOf = Map.copyOf(watchers);
    this.reloads = reloads;
  }

  /**
   * What the last reload of {@code tenant}'s document did, or null if none was made (or it is not watched); a
   * variant's router ({@code tenant/variant}) answers with its tenant's.
   */
  ConfigWatcher.@Nullable Outcome lastReload(String tenantOrRouter) {
    ConfigWatcher.Outcome o = reloads.get(tenantOrRouter);
    int slash = tenantOrRouter.indexOf('/');
    return o != null || slash < 0 ? o : reloads.get(tenantOrRouter.substring(0, slash));
  }

  /**
   * The tenant ids, in configuration order.
   *
   * @return the tenant ids
   */
  public Set<String> tenants() {
    return configs.keySet();
  }

  /**
   * The router of {@code tenant}, or of a variant of its experiment ({@code tenant/variant}).
   *
   * @param tenant a tenant id, or {@code tenant/variant}
   * @return its router
   * @throws IllegalArgumentException naming the known tenants if there is none of that name, or if the tenant runs an
   *     experiment (its leads go through {@link #experiment(String)}, which picks each lead's variant)
   */
  public Router router(String tenant) {
    Objects.requireNonNull(tenant, "tenant must not be null");
    Router r = routers.get(tenant);
    if (r == null) {
      Experiment e = experiments.get(tenant);
      if (e != null) {
        throw new IllegalArgumentException("tenant '" + tenant + "' runs experiment '" + e.name() + "' (variants "
            + e.variants() + "): route its leads through RoutingTenants.experiment(\"" + tenant + "\"), which picks"
            + " each lead's variant, or name a variant's router ('" + tenant + "/" + e.variants().get(0) + "')");
      }
      throw noTenant(tenant);
    }
    return r;
  }

  /**
   * A router that sees {@code tenant}'s roster and open leads: its own, or, for a tenant running an experiment, its
   * control's (the variants share the roster and the store); null if there is no such tenant.
   */
  @Nullable Router viewOf(String tenant) {
    Router r = routers.get(tenant);
    Experiment e = experiments.get(tenant);
    return r != null || e == null ? r : e.router(e.variants().get(0));
  }

  /**
   * The experiment {@code tenant}'s document declares, built with one router per variant; empty if it declares none.
   *
   * @param tenant the tenant id
   * @return its experiment, or empty
   */
  public java.util.Optional<Experiment> experiment(String tenant) {
    Objects.requireNonNull(tenant, "tenant must not be null");
    return java.util.Optional.ofNullable(experiments.get(tenant));
  }

  /**
   * The configuration document {@code tenant}'s router runs on: the one it was built from, or, when its document is
   * watched ({@code smartrouting.reload-interval}), the one last reloaded into it.
   *
   * @param tenant the tenant id
   * @return its configuration
   * @throws IllegalArgumentException naming the known tenants if there is none of that name
   */
  public RoutingConfig config(String tenant) {
    Objects.requireNonNull(tenant, "tenant must not be null");
    if (!configs.containsKey(tenant)) {
      throw noTenant(tenant);
    }
    ConfigWatcher watcher = watcherOf.get(tenant);
    RoutingConfig reloaded = watcher == null ? null : watcher.applied();
    return reloaded != null ? reloaded : configs.get(tenant);
  }

  private IllegalArgumentException noTenant(String tenant) {
    return new IllegalArgumentException("no router for tenant '" + tenant + "'; configured: " + configs.keySet());
  }

  /**
   * Every router: each tenant's, and each experiment variant's as {@code tenant/variant}.
   *
   * @return the routers by tenant (and {@code tenant/variant})
   */
  public Map<String, Router> routers() {
    return routers;
  }

  @Override
  public void close() {
    watcherOf.values().forEach(ConfigWatcher::close);
    routers.values().forEach(Router::close);
  }
}
