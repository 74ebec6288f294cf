package io.smartrouting.spring;

import io.smartrouting.config.ConfigWatcher;
import io.smartrouting.config.RoutingConfig;
import io.smartrouting.core.Router;
import java.util.Collections;
import java.util.LinkedHashMap;
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

  /** Each watched tenant's last reload, kept up to date by its watcher. */
  private final Map<String, ConfigWatcher.Outcome> reloads;

  /** The watchers that reload the tenants' documents ({@code smartrouting.reload-interval}), by tenant; closed first. */
  private final Map<String, ConfigWatcher> watcherOf;

  RoutingTenants(Map<String, Router> routers, Map<String, RoutingConfig> configs,
      Map<String, ConfigWatcher> watchers, Map<String, ConfigWatcher.Outcome> reloads) {
    this.routers = Collections.unmodifiableMap(new LinkedHashMap<>(routers));
    this.configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    this.watcherOf = Map.copyOf(watchers);
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
   * The configuration document {@code tenant}'s router runs on: the one it was built from, or, when its document is
   * watched ({@code smartrouting.reload-interval}), the one last reloaded into it.
   */
  public RoutingConfig config(String tenant) {
    router(tenant);
    ConfigWatcher watcher = watcherOf.get(tenant);
    RoutingConfig reloaded = watcher == null ? null : watcher.applied();
    return reloaded != null ? reloaded : configs.get(tenant);
  }

  /** Every tenant's router. */
  public Map<String, Router> routers() {
    return routers;
  }

  @Override
  public void close() {
    watcherOf.values().forEach(ConfigWatcher::close);
    routers.values().forEach(Router::close);
  }
}
