package io.smartrouting.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code smartrouting.*} settings. One router from {@code smartrouting.config} (a resource location of a routing
 * configuration document, e.g. {@code classpath:routing.yaml} or {@code file:/etc/routing/acme.yaml}) or
 * {@code smartrouting.document} (the document itself, as a YAML block in {@code application.yaml}); or one router per
 * tenant under {@code smartrouting.tenants.<tenant>.config|document}.
 */
@ConfigurationProperties(prefix = "smartrouting")
public class SmartRoutingProperties {

  /** Whether to configure routers at all. */
  private boolean enabled = true;
  /** Location of the routing configuration document of the single router. */
  private @Nullable String config;
  /** The routing configuration document of the single router, inline. */
  private @Nullable String document;
  /**
   * How often each router's configuration document, and the files it names (roster_file, accounts_file), are checked
   * for changes; a valid change is applied to the running router (open leads, timers and round-robin turns stay), one
   * that fails its checks is logged and the router keeps its configuration. Unset (default): never. Only a document
   * at a file location (file:...) is watched: one inline or on the class path cannot change.
   */
  private @Nullable Duration reloadInterval;
  /** One router per tenant (tenant id → its document); when set, config and document are unused. */
  private Map<String, Tenant> tenants = new LinkedHashMap<>();
  /** The shared Redis state store; used when host is set and routing-state-redis is on the classpath. */
  private final Redis redis = new Redis();
  /** Micrometer settings. */
  private final Metrics metrics = new Metrics();
  /** OpenTelemetry settings. */
  private final Tracing tracing = new Tracing();

  /** {@return whether to configure routers at all} */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets {@code enabled}.
   *
   * @param enabled whether to configure routers at all
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** {@return location of the routing configuration document of the single router} */
  public @Nullable String getConfig() {
    return config;
  }

  /**
   * Sets {@code config}.
   *
   * @param config location of the routing configuration document of the single router
   */
  public void setConfig(@Nullable String config) {
    this.config = config;
  }

  /** {@return the routing configuration document of the single router, inline} */
  public @Nullable String getDocument() {
    return document;
  }

  /**
   * Sets {@code document}.
   *
   * @param document the routing configuration document of the single router, inline
   */
  public void setDocument(@Nullable String document) {
    this.document = document;
  }

  /**
   * {@return how often each router's configuration document, and the files it names (roster_file, accounts_file), are
   * checked for changes}
   */
  public @Nullable Duration getReloadInterval() {
    return reloadInterval;
  }

  /**
   * Sets {@code reloadInterval}.
   *
   * @param reloadInterval how often each router's configuration document, and the files it names (roster_file,
   *     accounts_file), are checked for changes
   */
  public void setReloadInterval(@Nullable Duration reloadInterval) {
    this.reloadInterval = reloadInterval;
  }

  /** {@return one router per tenant (tenant id → its document)} */
  public Map<String, Tenant> getTenants() {
    return tenants;
  }

  /**
   * Sets {@code tenants}.
   *
   * @param tenants one router per tenant (tenant id → its document)
   */
  public void setTenants(Map<String, Tenant> tenants) {
    this.tenants = tenants;
  }

  /** {@return the shared Redis state store} */
  public Redis getRedis() {
    return redis;
  }

  /** {@return micrometer settings} */
  public Metrics getMetrics() {
    return metrics;
  }

  /** {@return openTelemetry settings} */
  public Tracing getTracing() {
    return tracing;
  }

  /** One tenant's routing configuration document. */
  public static class Tenant {
    /** Location of the tenant's routing configuration document. */
    private @Nullable String config;
    /** The tenant's routing configuration document, inline. */
    private @Nullable String document;

    /** {@return location of the tenant's routing configuration document} */
    public @Nullable String getConfig() {
      return config;
    }

    /**
     * Sets {@code config}.
     *
     * @param config location of the tenant's routing configuration document
     */
    public void setConfig(@Nullable String config) {
      this.config = config;
    }

    /** {@return the tenant's routing configuration document, inline} */
    public @Nullable String getDocument() {
      return document;
    }

    /**
     * Sets {@code document}.
     *
     * @param document the tenant's routing configuration document, inline
     */
    public void setDocument(@Nullable String document) {
      this.document = document;
    }
  }

  /** The Redis server that holds the shared state of every node (keys per tenant). */
  public static class Redis {
    /** Host name; the store is configured only when this is set. */
    private @Nullable String host;
    /** Port. */
    private int port = 6379;
    /** ACL user, if any. */
    private @Nullable String user;
    /** Password, if any. */
    private @Nullable String password;
    /** Timeout of one call. */
    private Duration timeout = Duration.ofSeconds(2);
    /**
     * Redis Cluster instead of one server: some of its nodes as host:port; set this or host. Every
     * tenant's keys live in one slot (the tenant is their hash tag).
     */
    private List<String> clusterNodes = new ArrayList<>();
    /**
     * How long a release made with releaseAsync waits for a decision of this node to carry it before it is
     * sent alone; unset: the store's default (2 ms).
     */
    private @Nullable Duration releaseDelay;
    /** Replicas that must confirm every write (WAIT); 0 (default): Redis's asynchronous replication. */
    private int replicaAcks;
    /** How long the replicas of replica-acks may take to confirm a write. */
    private Duration replicaAckTimeout = Duration.ofMillis(50);
    /**
     * How long a thread that uses Redis alone polls for the answer before it sleeps; 0 (default): sleeps at once.
     * Saves tens of microseconds a round trip on a VM at the price of a busy core while polling; one host only.
     */
    private Duration spinWait = Duration.ZERO;
    /**
     * Pooled connections per tenant; unset: the store's default (16). With shared-connections, the size of the
     * one pool every tenant uses (unset: 32).
     */
    private @Nullable Integer maxConnections;
    /**
     * One pool of connections for every tenant of this service instead of a pool per tenant (false by default): a
     * service with many tenants then holds max-connections connections to Redis in all. Not with
     * spin-wait.
     */
    private boolean sharedConnections;
    /**
     * How long a released lead is kept for outcomes reported to any node; unset: a learning router's attribution
     * window (90 days by default), nothing kept without learning; 0: deleted at release.
     */
    private @Nullable Duration keepReleasedLeads;

    /** {@return how long a released lead is kept for outcomes reported to any node} */
    public @Nullable Duration getKeepReleasedLeads() {
      return keepReleasedLeads;
    }

    /**
     * Sets {@code keepReleasedLeads}.
     *
     * @param keepReleasedLeads how long a released lead is kept for outcomes reported to any node
     */
    public void setKeepReleasedLeads(@Nullable Duration keepReleasedLeads) {
      this.keepReleasedLeads = keepReleasedLeads;
    }

    /**
     * {@return how long a release made with releaseAsync waits for a decision of this node to carry it before it is
     * sent alone}
     */
    public @Nullable Duration getReleaseDelay() {
      return releaseDelay;
    }

    /**
     * Sets {@code releaseDelay}.
     *
     * @param releaseDelay how long a release made with releaseAsync waits for a decision of this node to carry it
     *     before it is sent alone
     */
    public void setReleaseDelay(@Nullable Duration releaseDelay) {
      this.releaseDelay = releaseDelay;
    }

    /** {@return replicas that must confirm every write (WAIT)} */
    public int getReplicaAcks() {
      return replicaAcks;
    }

    /**
     * Sets {@code replicaAcks}.
     *
     * @param replicaAcks replicas that must confirm every write (WAIT)
     */
    public void setReplicaAcks(int replicaAcks) {
      this.replicaAcks = replicaAcks;
    }

    /** {@return how long the replicas of replica-acks may take to confirm a write} */
    public Duration getReplicaAckTimeout() {
      return replicaAckTimeout;
    }

    /**
     * Sets {@code replicaAckTimeout}.
     *
     * @param replicaAckTimeout how long the replicas of replica-acks may take to confirm a write
     */
    public void setReplicaAckTimeout(Duration replicaAckTimeout) {
      this.replicaAckTimeout = replicaAckTimeout;
    }

    /** {@return how long a thread that uses Redis alone polls for the answer before it sleeps} */
    public Duration getSpinWait() {
      return spinWait;
    }

    /**
     * Sets {@code spinWait}.
     *
     * @param spinWait how long a thread that uses Redis alone polls for the answer before it sleeps
     */
    public void setSpinWait(Duration spinWait) {
      this.spinWait = spinWait;
    }

    /**
     * {@return one pool of connections for every tenant of this service instead of a pool per tenant (false by
     * default)}
     */
    public boolean isSharedConnections() {
      return sharedConnections;
    }

    /**
     * Sets {@code sharedConnections}.
     *
     * @param sharedConnections one pool of connections for every tenant of this service instead of a pool per tenant
     *     (false by default)
     */
    public void setSharedConnections(boolean sharedConnections) {
      this.sharedConnections = sharedConnections;
    }

    /** {@return pooled connections per tenant} */
    public @Nullable Integer getMaxConnections() {
      return maxConnections;
    }

    /**
     * Sets {@code maxConnections}.
     *
     * @param maxConnections pooled connections per tenant
     */
    public void setMaxConnections(@Nullable Integer maxConnections) {
      this.maxConnections = maxConnections;
    }

    /** {@return redis Cluster instead of one server} */
    public List<String> getClusterNodes() {
      return clusterNodes;
    }

    /**
     * Sets {@code clusterNodes}.
     *
     * @param clusterNodes redis Cluster instead of one server
     */
    public void setClusterNodes(List<String> clusterNodes) {
      this.clusterNodes = clusterNodes;
    }

    /** {@return host name} */
    public @Nullable String getHost() {
      return host;
    }

    /**
     * Sets {@code host}.
     *
     * @param host host name
     */
    public void setHost(@Nullable String host) {
      this.host = host;
    }

    /** {@return port} */
    public int getPort() {
      return port;
    }

    /**
     * Sets {@code port}.
     *
     * @param port port
     */
    public void setPort(int port) {
      this.port = port;
    }

    /** {@return ACL user, if any} */
    public @Nullable String getUser() {
      return user;
    }

    /**
     * Sets {@code user}.
     *
     * @param user ACL user, if any
     */
    public void setUser(@Nullable String user) {
      this.user = user;
    }

    /** {@return password, if any} */
    public @Nullable String getPassword() {
      return password;
    }

    /**
     * Sets {@code password}.
     *
     * @param password password, if any
     */
    public void setPassword(@Nullable String password) {
      this.password = password;
    }

    /** {@return timeout of one call} */
    public Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets {@code timeout}.
     *
     * @param timeout timeout of one call
     */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** Micrometer settings. */
  public static class Metrics {
    /** One load gauge per rep id (off: a large roster means many time series). */
    private boolean perRepGauges;

    /** {@return one load gauge per rep id (off} */
    public boolean isPerRepGauges() {
      return perRepGauges;
    }

    /**
     * Sets {@code perRepGauges}.
     *
     * @param perRepGauges one load gauge per rep id (off
     */
    public void setPerRepGauges(boolean perRepGauges) {
      this.perRepGauges = perRepGauges;
    }
  }

  /** OpenTelemetry settings. */
  public static class Tracing {
    /**
     * Whether every decision and move of every tenant is a span (smartrouting.route, smartrouting.move) when
     * routing-opentelemetry is on the class path and the application has an OpenTelemetry bean.
     */
    private boolean enabled = true;

    /**
     * {@return whether every decision and move of every tenant is a span (smartrouting.route, smartrouting.move) when
     * routing-opentelemetry is on the class path and the application has an OpenTelemetry bean}
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets {@code enabled}.
     *
     * @param enabled whether every decision and move of every tenant is a span (smartrouting.route,
     *     smartrouting.move) when routing-opentelemetry is on the class path and the application has an OpenTelemetry
     *     bean
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
