package io.smartrouting.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.smartrouting.config.ConfigWatcher;
import io.smartrouting.config.RoutingConfig;
import io.smartrouting.core.Router;
import io.smartrouting.core.experiment.Experiment;
import io.opentelemetry.api.OpenTelemetry;
import io.smartrouting.micrometer.RoutingMeterBinder;
import io.smartrouting.opentelemetry.RoutingTracing;
import io.smartrouting.state.redis.RedisStateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Builds the routers {@code smartrouting.*} describes (see {@link SmartRoutingProperties}): a {@link RoutingTenants}
 * bean always, and a {@link Router} bean when a single router is configured. Adds, when their libraries are present,
 * Micrometer meters ({@code smartrouting.*} meters tagged with the tenant), OpenTelemetry spans of every decision and
 * move (when the application has an {@code OpenTelemetry} bean), the Redis state store (when
 * {@code smartrouting.redis.host} is set), an actuator health indicator ({@code smartRouting}: state store reachable,
 * reports journaled during an outage, whether this node holds the timer lease, leads waiting per queue, the last
 * reload with {@code smartrouting.reload-interval}) and an info contributor (config version, roster size per tenant).
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "smartrouting", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(SmartRoutingProperties.class)
public class SmartRoutingAutoConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(SmartRoutingAutoConfiguration.class);

  /**
   * Every configured tenant's router, built from its document and the customizers.
   *
   * @param properties the {@code smartrouting.*} properties
   * @param resources where documents are read from
   * @param customizers the application's customizers
   * @param openLeads the application's sources of leads already open, taken up as each router is built
   * @return the tenants' routers
   */
  @Bean
  @ConditionalOnMissingBean
  public RoutingTenants smartRoutingTenants(SmartRoutingProperties properties, ResourceLoader resources,
      ObjectProvider<RouterBuilderCustomizer> customizers, ObjectProvider<OpenLeadsSource> openLeads) {
    Map<String, String[]> sources = sources(properties);
    Duration reload = properties.getReloadInterval();
    if (reload != null && (reload.isZero() || reload.isNegative())) {
      throw new IllegalStateException("smartrouting.reload-interval must be positive (leave it unset not to reload)"
          + " but was " + reload);
    }
    Map<String, Router> routers = new LinkedHashMap<>();
    Map<String, Experiment> experiments = new LinkedHashMap<>();
    Map<String, RoutingConfig> configs = new LinkedHashMap<>();
    Map<String, ConfigWatcher> watchers = new LinkedHashMap<>();
    Map<String, ConfigWatcher.Outcome> reloads = new ConcurrentHashMap<>();
    List<RouterBuilderCustomizer> all = customizers.orderedStream().toList();
    List<OpenLeadsSource> books = openLeads.orderedStream().toList();
    try {
      for (Map.Entry<String, String[]> e : sources.entrySet()) {
        String tenant = e.getKey();
        RoutingConfig config = load(tenant, e.getValue()[0], e.getValue()[1], resources);
        configs.put(tenant, config);
        io.smartrouting.config.ExperimentPlan plan = config.experiment();
        java.util.function.Function<java.nio.file.Path, ConfigWatcher> watcher;
        if (plan == null) {
          Router.Builder builder = config.toBuilder();
          all.forEach(c -> c.customize(tenant, builder));
          Router router = builder.build();
          routers.put(tenant, router);
          all.forEach(c -> c.built(tenant, router));
          adoptOpenLeads(tenant, config, books, router::adopt);
          LOG.info("smart routing: tenant '{}' routes with {} (config version {})", tenant, config,
              router.configVersion());
          watcher = file -> ConfigWatcher.watch(file, router, properties.getReloadInterval(), told(tenant, reloads));
        } else {
          // One router per variant, all on one store (the builder's, or the one the customizers give every variant).
          Experiment experiment = config.toExperiment((variant, b) -> {
            all.forEach(c -> c.customize(tenant, variant, b));
            Router router = b.build();
            routers.put(tenant + "/" + variant, router);
            all.forEach(c -> c.built(tenant, variant, router));
            return router;
          });
          experiments.put(tenant, experiment);
          adoptOpenLeads(tenant, config, books, experiment::adopt);
          LOG.info("smart routing: tenant '{}' runs experiment '{}' (variants {}, sticky by {}) with {}: route its"
              + " leads through RoutingTenants.experiment(tenant)", tenant, plan.name(), plan.names(),
              plan.stickyBy(), config);
          watcher = file -> ConfigWatcher.watch(file, experiment, properties.getReloadInterval(),
              told(tenant, reloads));
        }
        for (String warning : config.warnings(java.time.LocalDate.now(java.time.ZoneOffset.UTC))) {
          LOG.warn("smart routing: tenant '{}': {}", tenant, warning);
        }
        if (properties.getReloadInterval() != null) {
          ConfigWatcher w = watch(tenant, e.getValue()[0], resources, watcher);
          if (w != null) {
            watchers.put(tenant, w);
          }
        }
      }
    } catch (RuntimeException e) {
      watchers.values().forEach(ConfigWatcher::close);
      routers.values().forEach(Router::close);
      throw e;
    }
    return new RoutingTenants(routers, experiments, configs, watchers, reloads);
  }

  /**
   * Takes up what every {@link OpenLeadsSource} gives for {@code tenant} through {@code adopt}; a lead that cannot be
   * taken up fails the start, naming the tenant (the exception names the lead).
   */
  private static void adoptOpenLeads(String tenant, RoutingConfig config, List<OpenLeadsSource> books,
      java.util.function.Function<io.smartrouting.core.ExistingLead, io.smartrouting.api.Decision> adopt) {
    if (books.isEmpty()) {
      return;
    }
    int held = 0;
    int waiting = 0;
    int open = 0;
    for (OpenLeadsSource book : books) {
      Iterable<io.smartrouting.core.ExistingLead> leads = book.openLeads(tenant, config);
      if (leads == null) {
        continue;
      }
      for (io.smartrouting.core.ExistingLead lead : leads) {
        io.smartrouting.api.Decision d;
        try {
          d = adopt.apply(lead);
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException("smart routing: tenant '" + tenant + "': an open lead of " + book
              + " cannot be taken up: " + e.getMessage(), e);
        }
        if (!"adopted".equals(d.decidedBy())) { // open already (Router.adopt's documented decidedBy otherwise)
          open++;
        } else if (d.repId() != null) {
          held++;
        } else {
          waiting++;
        }
      }
    }
    LOG.info("smart routing: tenant '{}': took up {} open lead(s) held by reps and {} waiting in queues ({} open"
        + " already, left where they are)", tenant, held, waiting, open);
  }

  /** Notes each reload of {@code tenant} for the health indicator and logs a refused one problem by problem. */
  private static java.util.function.Consumer<ConfigWatcher.Outcome> told(String tenant,
      Map<String, ConfigWatcher.Outcome> reloads) {
    return outcome -> {
      reloads.put(tenant, outcome);
      if (!outcome.applied()) {
        outcome.errors().forEach(error -> LOG.warn("smart routing: tenant '{}': {}", tenant, error));
      }
    };
  }

  /**
   * A watcher that reloads {@code tenant}'s document at {@code location} into its router every {@code interval}, or
   * null (with a warning) when the document is not a file: inline, on the class path or at a URL it cannot change.
   * Each reload's outcome goes to {@code reloads}, by tenant, for the health indicator.
   */
  private static @Nullable ConfigWatcher watch(String tenant, @Nullable String location, ResourceLoader resources,
      java.util.function.Function<java.nio.file.Path, ConfigWatcher> watcher) {
    java.nio.file.Path file = null;
    if (location != null && !location.startsWith("classpath:")) {
      Resource resource = resources.getResource(location);
      try {
        file = resource.isFile() ? resource.getFile().toPath() : null;
      } catch (IOException e) {
        file = null;
      }
    }
    if (file == null) {
      LOG.warn("smart routing: tenant '{}': smartrouting.reload-interval is set, but its document is {}, which cannot"
          + " change while the application runs, so it is not watched; give a file: location to reload it", tenant,
          location == null ? "inline" : "'" + location + "'");
      return null;
    }
    return watcher.apply(file);
  }

  /**
   * The router, when one is configured (with several tenants, use {@link RoutingTenants#router(String)}). Made when
   * first asked for: when the document declares an experiment there is no one router, and asking for it fails saying
   * so (route through the {@link Experiment} bean) rather than routing every lead with one variant's chain.
   *
   * @param tenants the tenants' routers
   * @return the router
   */
  @Bean(destroyMethod = "")
  @org.springframework.context.annotation.Lazy
  @ConditionalOnMissingBean
  @Conditional(SingleRouter.class)
  public Router smartRoutingRouter(RoutingTenants tenants) {
    return tenants.router(tenants.tenants().iterator().next());
  }

  /**
   * The experiment, when one router is configured and its document declares one (its leads go through it, which picks
   * each lead's variant). Made when first asked for; asking for it when the document declares none fails saying so.
   *
   * @param tenants the tenants' routers
   * @return the experiment
   */
  @Bean(destroyMethod = "")
  @org.springframework.context.annotation.Lazy
  @ConditionalOnMissingBean
  @Conditional(SingleRouter.class)
  public Experiment smartRoutingExperiment(RoutingTenants tenants) {
    String tenant = tenants.tenants().iterator().next();
    return tenants.experiment(tenant).orElseThrow(() -> new IllegalStateException("the routing document of tenant '"
        + tenant + "' declares no experiment: use the Router bean"));
  }

  private static Map<String, String[]> sources(SmartRoutingProperties p) {
    Map<String, String[]> out = new LinkedHashMap<>();
    if (!p.getTenants().isEmpty()) {
      if (p.getConfig() != null || p.getDocument() != null) {
        throw new IllegalStateException("smartrouting.tenants is set, so smartrouting.config and "
            + "smartrouting.document must not be: give every tenant its own config or document");
      }
      p.getTenants().forEach((tenant, t) -> out.put(tenant, new String[] {t.getConfig(), t.getDocument()}));
    } else {
      out.put(RoutingTenants.DEFAULT_TENANT, new String[] {p.getConfig(), p.getDocument()});
    }
    return out;
  }

  private static RoutingConfig load(String tenant, @Nullable String location, @Nullable String document,
      ResourceLoader resources) {
    String where = RoutingTenants.DEFAULT_TENANT.equals(tenant) ? "smartrouting" : "smartrouting.tenants." + tenant;
    if ((location == null) == (document == null)) {
      throw new IllegalStateException(where + ": set exactly one of " + where + ".config (a document's location, "
          + "e.g. classpath:routing.yaml) and " + where + ".document (the document inline)"
          + (location == null ? "; neither is set" : "; both are set"));
    }
    if (document != null) {
      return RoutingConfig.parse(document, where + ".document");
    }
    if (location.startsWith("classpath:")) {
      String path = location.substring("classpath:".length());
      return RoutingConfig.fromClasspath(path.startsWith("/") ? path : "/" + path);
    }
    Resource resource = resources.getResource(location);
    try {
      if (resource.isFile()) {
        return RoutingConfig.load(resource.getFile().toPath());
      }
      if (!resource.exists()) {
        throw new IllegalStateException(where + ".config: no document at '" + location + "'");
      }
      try (InputStream in = resource.getInputStream()) {
        return RoutingConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), location);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(where + ".config: cannot read '" + location + "': " + e.getMessage(), e);
    }
  }

  /** Matches when {@code smartrouting.tenants} is empty. */
  static final class SingleRouter extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      boolean tenants = Binder.get(context.getEnvironment())
          .bind("smartrouting.tenants", Bindable.mapOf(String.class, Object.class)).map(m -> !m.isEmpty())
          .orElse(false);
      return tenants ? ConditionOutcome.noMatch("smartrouting.tenants configures several routers")
          : ConditionOutcome.match("one router");
    }
  }

  /** Micrometer meters for every tenant's router, bound to every registry Spring Boot configures. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterRegistry.class, RoutingMeterBinder.class})
  static class MetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RoutingMeters smartRoutingMeters(SmartRoutingProperties properties) {
      return new RoutingMeters(properties.getMetrics().isPerRepGauges());
    }
  }

  /** One {@link RoutingMeterBinder} per tenant: instruments each builder, then binds all of them to a registry. */
  public static final class RoutingMeters implements RouterBuilderCustomizer, MeterBinder {
    private final boolean perRepGauges;
    private final Map<String, RoutingMeterBinder> binders = new ConcurrentHashMap<>();
    private final List<MeterRegistry> registries = new ArrayList<>();

    RoutingMeters(boolean perRepGauges) {
      this.perRepGauges = perRepGauges;
    }

    @Override
    public void customize(String tenant, Router.Builder builder) {
      instrument(tenant, "smartrouting", builder);
    }

    @Override
    public void built(String tenant, Router router) {
      binders.get(tenant).attach(router);
    }

    /** A variant's router of an experiment: its meters tagged {@code router=smartrouting/<variant>}. */
    @Override
    public void customize(String tenant, String variant, Router.Builder builder) {
      instrument(tenant + "/" + variant, "smartrouting/" + variant, builder, tenant);
    }

    @Override
    public void built(String tenant, String variant, Router router) {
      binders.get(tenant + "/" + variant).attach(router);
    }

    private void instrument(String tenant, String routerName, Router.Builder builder) {
      instrument(tenant, routerName, builder, tenant);
    }

    /** A binder for the router known here as {@code key}, tagged with {@code tenant} and {@code routerName}. */
    private synchronized void instrument(String key, String routerName, Router.Builder builder, String tenant) {
      RoutingMeterBinder binder = RoutingMeterBinder.builder().tenant(tenant).routerName(routerName)
          .perRepGauges(perRepGauges).build();
      binder.instrument(builder);
      binders.put(key, binder);
      registries.forEach(binder::bindTo);
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
      registries.add(registry);
      binders.values().forEach(b -> b.bindTo(registry));
    }
  }

  /**
   * OpenTelemetry spans for every tenant's decisions and moves ({@link RoutingTracing}: {@code smartrouting.route} and
   * {@code smartrouting.move}, children of the caller's current span), when routing-opentelemetry is on the class path
   * and the application has an {@link OpenTelemetry} bean (Spring Boot's own or its own); off with
   * {@code smartrouting.tracing.enabled=false}.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({OpenTelemetry.class, RoutingTracing.class})
  @ConditionalOnProperty(prefix = "smartrouting.tracing", name = "enabled", matchIfMissing = true)
  static class TracingConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RoutingSpans smartRoutingSpans(ObjectProvider<OpenTelemetry> openTelemetry) {
      return new RoutingSpans(openTelemetry);
    }
  }

  /**
   * Instruments each tenant's builder with a {@link RoutingTracing} of the application's {@link OpenTelemetry} bean,
   * looked up when the routers are built (so that no order between auto-configurations matters); does nothing when
   * there is none, or more than one.
   */
  public static final class RoutingSpans implements RouterBuilderCustomizer {
    private final ObjectProvider<OpenTelemetry> openTelemetry;

    RoutingSpans(ObjectProvider<OpenTelemetry> openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    @Override
    public void customize(String tenant, Router.Builder builder) {
      OpenTelemetry otel = openTelemetry.getIfUnique();
      if (otel != null) {
        RoutingTracing.create(otel, tenant).instrument(builder);
      }
    }
  }

  /** The Redis state store, one per tenant, closed with the context. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(RedisStateStore.class)
  @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression(
      "'${smartrouting.redis.host:}' != '' or '${smartrouting.redis.cluster-nodes:}' != ''")
  static class RedisConfiguration {

    @Bean
    RedisStores smartRoutingRedisStores(SmartRoutingProperties properties) {
      return new RedisStores(properties.getRedis());
    }
  }

  /**
   * Gives each tenant's builder a {@link RedisStateStore} for that tenant; with {@code shared-connections}, all on one
   * {@link io.smartrouting.state.redis.RedisConnections} pool.
   */
  static final class RedisStores implements RouterBuilderCustomizer, AutoCloseable {
    private final SmartRoutingProperties.Redis redis;
    private final List<RedisStateStore> stores = new ArrayList<>();
    private io.smartrouting.state.redis.@Nullable RedisConnections shared;

    RedisStores(SmartRoutingProperties.Redis redis) {
      this.redis = redis;
    }

    /** The pool the tenants share, made on first use. */
    private io.smartrouting.state.redis.RedisConnections shared() {
      if (shared == null) {
        io.smartrouting.state.redis.RedisConnections.Builder c = io.smartrouting.state.redis.RedisConnections
            .builder().timeout(redis.getTimeout());
        if (redis.getClusterNodes().isEmpty()) {
          c.endpoint(redis.getHost(), redis.getPort());
        } else {
          c.cluster(redis.getClusterNodes());
        }
        if (redis.getPassword() != null) {
          c.credentials(redis.getUser(), redis.getPassword());
        }
        if (redis.getMaxConnections() != null) {
          c.maxConnections(redis.getMaxConnections());
        }
        shared = c.build();
      }
      return shared;
    }

    /** The store each tenant's experiment variants share on this node, made for the first variant. */
    private final Map<String, RedisStateStore> forVariants = new java.util.HashMap<>();

    @Override
    public synchronized void customize(String tenant, String variant, Router.Builder builder) {
      // One store instance for every variant of a tenant: they share its reps' capacity and its timer lease, and each
      // owns its variant's leads through it.
      builder.stateStore(forVariants.computeIfAbsent(tenant, this::newStore));
    }

    @Override
    public synchronized void customize(String tenant, Router.Builder builder) {
      builder.stateStore(newStore(tenant));
    }

    /** A new store of {@code tenant} with the configured settings, closed with the others. */
    private RedisStateStore newStore(String tenant) {
      RedisStateStore.Builder b = RedisStateStore.builder(tenant).timeout(redis.getTimeout());
      if (redis.isSharedConnections()) {
        b.connections(shared());
      } else if (redis.getClusterNodes().isEmpty()) {
        b.endpoint(redis.getHost(), redis.getPort());
      } else {
        b.cluster(redis.getClusterNodes());
      }
      if (redis.getPassword() != null && !redis.isSharedConnections()) {
        b.credentials(redis.getUser(), redis.getPassword());
      }
      if (redis.getReleaseDelay() != null) {
        b.releaseDelay(redis.getReleaseDelay());
      }
      if (redis.getReplicaAcks() != 0) {
        b.replicaAcks(redis.getReplicaAcks(), redis.getReplicaAckTimeout());
      }
      if (!redis.getSpinWait().isZero()) {
        b.spinWait(redis.getSpinWait());
      }
      if (redis.getMaxConnections() != null && !redis.isSharedConnections()) {
        b.maxConnections(redis.getMaxConnections());
      }
      if (redis.getKeepReleasedLeads() != null) {
        b.keepReleasedLeads(redis.getKeepReleasedLeads());
      }
      RedisStateStore store = b.build();
      stores.add(store);
      return store;
    }

    /** The stores made so far, one per tenant. */
    synchronized List<RedisStateStore> stores() {
      return List.copyOf(stores);
    }

    @Override
    public synchronized void close() {
      stores.forEach(RedisStateStore::close);
      if (shared != null) {
        shared.close();
      }
    }
  }

  /**
   * Actuator: health (state store, waiting leads), info (config version, roster) and the {@code routingreps} endpoint
   * (who may take leads now and why not).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class ActuatorConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "smartRoutingHealthIndicator")
    HealthIndicator smartRoutingHealthIndicator(RoutingTenants tenants) {
      return () -> {
        boolean up = true;
        Health.Builder health = Health.unknown();
        for (Map.Entry<String, Router> e : tenants.routers().entrySet()) {
          Router r = e.getValue();
          boolean available = r.stateStoreAvailable();
          up &= available;
          Map<String, Object> detail = new LinkedHashMap<>();
          detail.put("stateStore", available ? "reachable" : "unavailable");
          detail.put("unreconciledLeads", r.unreconciledLeads());
          detail.put("journaledReports", r.journaledReports());
          detail.put("timerLease", r.holdsTimerLease() ? "held" : "another node");
          io.smartrouting.core.RoutingMetrics m = r.metrics();
          detail.put("queueDepth", m.queueDepth());
          detail.put("queueOldestWait", RoutingRepsEndpoint.waits(m));
          ConfigWatcher.Outcome reload = tenants.lastReload(e.getKey());
          if (reload != null) {
            // A refused reload leaves the router on its last good configuration: still up, but someone must look.
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("applied", reload.applied());
            last.put("configVersion", r.configVersion());
            last.put("configGeneration", reload.generation());
            if (!reload.applied()) {
              last.put("errors", reload.errors().size());
              last.put("firstError", reload.errors().isEmpty() ? null : reload.errors().get(0).toString());
            }
            detail.put("lastReload", last);
          }
          health.withDetail(e.getKey(), detail);
        }
        return (up ? health.up() : health.down()).build();
      };
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    RoutingRepsEndpoint routingRepsEndpoint(RoutingTenants tenants) {
      return new RoutingRepsEndpoint(tenants);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    RoutingExperimentsEndpoint routingExperimentsEndpoint(RoutingTenants tenants) {
      return new RoutingExperimentsEndpoint(tenants);
    }

    @Bean
    @ConditionalOnMissingBean(name = "smartRoutingInfoContributor")
    InfoContributor smartRoutingInfoContributor(RoutingTenants tenants) {
      return info -> {
        Map<String, Object> all = new LinkedHashMap<>();
        tenants.routers().forEach((tenant, r) -> {
          Map<String, Object> detail = new LinkedHashMap<>();
          detail.put("configVersion", r.configVersion());
          detail.put("configGeneration", r.configGeneration());
          detail.put("rosterSize", r.roster().size());
          detail.put("chain", r.chain());
          all.put(tenant, detail);
        });
        info.withDetail("smartrouting", all);
      };
    }
  }
}
