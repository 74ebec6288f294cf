package io.smartrouting.state.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/**
 * One pool of Redis connections that the stores of many tenants share ({@link RedisStateStore.Builder#connections}):
 * a vendor that keeps one store per tenant in one JVM then holds {@link Builder#maxConnections} connections to Redis
 * in all, not that many per tenant (a thousand tenants with their own pools held a thousand idle connections at
 * least). Tenants stay apart as they do with pools of their own: every key a store touches carries its tenant
 * ({@code sr:{tenant}:...}); what they share is the sockets, so one tenant's burst can wait for a connection another
 * tenant's calls hold (size the pool for the routing threads of the whole JVM). The connections log in as one Redis
 * user: tenants whose Redis users differ (an ACL user per tenant) need stores with pools of their own.
 *
 * <p>Thread-safe. The owner closes it, after the stores that use it (a store's {@code close} leaves it open); a store
 * whose pool was closed answers as during an outage ({@link io.smartrouting.core.state.StateUnavailableException}).
 */
public final class RedisConnections implements AutoCloseable {

  private final UnifiedJedis redis;
  private final String description;
  private final Duration timeout;
  private final java.util.concurrent.atomic.AtomicInteger stores = new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean closed;

  private RedisConnections(Builder b) {
    this.timeout = b.timeout;
    this.description = "RedisConnections[" + (b.clusterSeeds.isEmpty() ? "endpoint=" + b.host + ":" + b.port
        : "cluster=" + b.clusterSeeds) + ", timeout=" + b.timeout + ", maxConnections=" + b.maxConnections + "]";
    int millis = (int) b.timeout.toMillis();
    this.redis = connect(b.host, b.port, b.clusterSeeds, b.user, b.password, millis, millis, b.maxConnections,
        "smartrouting-shared");
  }

  /**
   * A client on {@code host:port}, or on the cluster of {@code clusterSeeds} when there are any, with a pool of
   * {@code maxConnections}: connect and wait-for-a-connection bounded by {@code timeoutMillis}, each answer by
   * {@code readTimeoutMillis}. What every store's own pool and every shared pool are made with.
   */
  static UnifiedJedis connect(String host, int port, List<HostAndPort> clusterSeeds, @Nullable String user,
      @Nullable String password, int timeoutMillis, int readTimeoutMillis, int maxConnections, String clientName) {
    DefaultJedisClientConfig.Builder client = clientConfig(user, password, timeoutMillis, readTimeoutMillis,
        clientName);
    GenericObjectPoolConfig<Connection> pool = poolConfig(maxConnections, timeoutMillis);
    if (clusterSeeds.isEmpty()) {
      return new JedisPooled(new HostAndPort(host, port), client.build(), pool);
    }
    // Every key is hash-tagged with the tenant ({@code sr:{tenant}:...}), so one tenant's scripts and pipelines
    // touch one slot, on one master; the client follows MOVED/ASK redirections.
    return new JedisCluster(new java.util.LinkedHashSet<>(clusterSeeds), client.build(),
        RedisStateStore.CLUSTER_ATTEMPTS, pool);
  }

  static DefaultJedisClientConfig.Builder clientConfig(@Nullable String user, @Nullable String password,
      int timeoutMillis, int readTimeoutMillis, String clientName) {
    DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(readTimeoutMillis)
        .blockingSocketTimeoutMillis(readTimeoutMillis).clientName(clientName);
    if (user != null) {
      client.user(user).password(password);
    } else if (password != null) {
      client.password(password);
    }
    return client;
  }

  static GenericObjectPoolConfig<Connection> poolConfig(int maxConnections, int waitMillis) {
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(maxConnections);
    pool.setMaxIdle(maxConnections);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(Duration.ofMillis(waitMillis));
    pool.setJmxEnabled(false);
    return pool;
  }

  /**
   * A builder for a pool on localhost:6379 of 32 connections, 100 ms timeouts.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The client the stores share; refused once closed. */
  UnifiedJedis attach() {
    if (closed) {
      throw new IllegalStateException(description + " is closed");
    }
    stores.incrementAndGet();
    return redis;
  }

  /** A store that used the pool closed. */
  void detach() {
    stores.decrementAndGet();
  }

  /** The bound on each answer and on waiting for a connection. */
  Duration timeout() {
    return timeout;
  }

  /** {@return how many stores built on these connections are open} */
  public int stores() {
    return stores.get();
  }

  /** Closes the connections; stores still using them answer as during an outage from then on. */
  @Override
  public void close() {
    closed = true;
    redis.close();
  }

  @Override
  public String toString() {
    return description;
  }

  /** Builds {@link RedisConnections}. Not thread-safe. */
  public static final class Builder {
    private String host = "localhost";
    private int port = 6379;
    private final List<HostAndPort> clusterSeeds = new ArrayList<>();
    private Duration timeout = Duration.ofMillis(100);
    private int maxConnections = 32;
    private @Nullable String user;
    private @Nullable String password;

    private Builder() {}

    /**
     * One Redis server's host and port (default localhost:6379); replaces {@link #cluster}.
     *
     * @param host the server's host name
     * @param port its port
     * @return this builder
     * @throws IllegalArgumentException if the host is blank or the port outside 1..65535
     */
    public Builder endpoint(String host, int port) {
      RedisStateStore.Builder.checkEndpoint(host, port);
      this.host = host;
      this.port = port;
      clusterSeeds.clear();
      return this;
    }

    /**
     * Redis Cluster: {@code seeds} are {@code host:port} of some of its nodes, as {@link RedisStateStore.Builder#cluster}
     * reads them. Replaces {@link #endpoint}.
     *
     * @param seeds some of the cluster's nodes, each {@code host:port}
     * @return this builder
     * @throws IllegalArgumentException if {@code seeds} is empty or an entry is not {@code host:port}, naming it
     */
    public Builder cluster(List<String> seeds) {
      List<HostAndPort> parsed = RedisStateStore.Builder.seeds(seeds);
      clusterSeeds.clear();
      clusterSeeds.addAll(parsed);
      return this;
    }

    /**
     * Bound on connecting, on each answer and on waiting for a free connection (default 100 ms).
     *
     * @param timeout the bound, positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = RedisStateStore.Builder.positive(timeout, "timeout");
      return this;
    }

    /**
     * Connections in the pool (default 32: at least the routing threads of the whole JVM is best).
     *
     * @param n the most pooled connections
     * @return this builder
     */
    public Builder maxConnections(int n) {
      this.maxConnections = RedisStateStore.Builder.atLeastOne(n, "maxConnections");
      return this;
    }

    /**
     * Redis ACL user and password (Redis 6+) that every tenant's calls use.
     *
     * @param user the ACL user, or null for the default user
     * @param password its password
     * @return this builder
     */
    public Builder credentials(@Nullable String user, String password) {
      this.user = user;
      this.password = Objects.requireNonNull(password, "password must not be null");
      return this;
    }

    /**
     * The pool; connects lazily, so building never fails because Redis is down.
     *
     * @return the pool
     */
    public RedisConnections build() {
      return new RedisConnections(this);
    }
  }
}
