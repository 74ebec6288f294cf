package io.smartrouting.spring;

import io.smartrouting.config.ConfigWatcher;
import io.smartrouting.config.RoutingConfig;
import io.smartrouting.core.Router;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The routers the starter built, one per tenant ({@code default} when a single router is configured). Closes them
 * when the application context closes.
 */
public final class RoutingTenants implements AutoCloseable {

  /** The tenant name of the single router configured by {@code smartrouting.config} or {@code document}. */
  public static final String DEFAULT_TENANT = "default";

  private final Map<String, Router> routers;
  private final Map<String, RoutingConfig> configs;
  /** The watchers that reload the tenants' documents ({@code smartrouting.reload-interval}); closed first. */
  private final List<ConfigWatcher> watchers;

  /** Each watched tenant's last reload, kept up to date by its watcher. */
  private final Map<String, ConfigWatcher.Outcome> reloads;

  RoutingTenants(Map<String, Router> routers, Map<String, RoutingConfig> configs, List<ConfigWatcher> watchers,
      Map<String, ConfigWatcher.Outcome> reloads) {
    this.routers = Collections.unmodifiableMap(new LinkedHashMap<>(routers));
    this.configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    this.watchers = List.copyOf(watchers);
    this.reloads = reloads;
  }

  /** What the last reload of {@code tenant}'s document did, or null if none was made (or it is not watched). */
  ConfigWatcher.@Nullable Outcome lastReload(String tenant) {
    return reloads.get(tenant);
  }

  /** The tenant ids, in configuration order. */
  public Set<String> tenants() {
    return routers.keySet();
  }

  /**
   * The router of {@code tenant}.
   *
   * @throws IllegalArgumentException naming the known tenants if there is none of that name
   */
  public Router router(String tenant) {
    Objects.requireNonNull(tenant, "tenant must not be null");
    Router r = routers.get(tenant);
    if (r == null) {
      throw new IllegalArgumentException("no router for tenant '" + tenant + "'; configured: " + routers.keySet());
    }
    return r;
  }

  /**
   * The configuration document each tenant's router was built from (after a reload, the router's own
   * {@link Router#configVersion()} and {@link Router#roster()} say what it runs on).
   */
  public RoutingConfig config(String tenant) {
    router(tenant);
    return configs.get(tenant);
  }

  /** Every tenant's router. */
  public Map<String, Router> routers() {
    return routers;
  }

  @Override
  public void close() {
    watchers.forEach(ConfigWatcher::close);
    routers.values().forEach(Router::close);
  }
}
