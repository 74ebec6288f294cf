package io.smartrouting.core;

import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.RoutingStrategyProvider;
import io.smartrouting.spi.StrategyConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strategies by name. {@link #load()} discovers {@link RoutingStrategyProvider}s with {@link ServiceLoader}; a
 * provider that fails to load is reported in {@link #problems()} and logged, and does not hide the others.
 * Immutable and thread-safe once built.
 */
public final class StrategyRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(StrategyRegistry.class);

  private final Map<String, RoutingStrategyProvider> providers;
  private final List<String> problems;

  private StrategyRegistry(Map<String, RoutingStrategyProvider> providers, List<String> problems) {
    this.providers = providers;
    this.problems = List.copyOf(problems);
  }

  /**
   * Discovers providers with the thread context class loader (or this class's loader if there is none).
   *
   * @return the registry
   */
  public static StrategyRegistry load() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return load(cl != null ? cl : StrategyRegistry.class.getClassLoader());
  }

  /**
   * Discovers providers visible to {@code loader}.
   *
   * @param loader the class loader to search
   * @return the registry
   */
  public static StrategyRegistry load(ClassLoader loader) {
    return fromLoader(ServiceLoader.load(RoutingStrategyProvider.class, loader));
  }

  /**
   * Discovers providers from an existing service loader (for tests and module layers).
   *
   * @param loader the service loader
   * @return the registry
   */
  public static StrategyRegistry fromLoader(ServiceLoader<RoutingStrategyProvider> loader) {
    Map<String, RoutingStrategyProvider> found = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    Iterator<RoutingStrategyProvider> it = loader.iterator();
    while (true) {
      RoutingStrategyProvider p;
      try {
        if (!it.hasNext()) {
          break;
        }
        p = it.next();
      } catch (ServiceConfigurationError e) {
        String problem = "could not load a strategy provider: " + e.getMessage();
        problems.add(problem);
        LOG.warn("{}", problem, e);
        continue;
      }
      register(found, problems, p);
    }
    LOG.debug("strategies discovered: {}", found.keySet());
    return new StrategyRegistry(found, problems);
  }

  /**
   * A registry of exactly {@code providers}, without discovery.
   *
   * @param providers the providers
   * @return the registry
   */
  public static StrategyRegistry of(RoutingStrategyProvider... providers) {
    Map<String, RoutingStrategyProvider> found = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (RoutingStrategyProvider p : providers) {
      register(found, problems, p);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new StrategyRegistry(found, problems);
  }

  private static void register(Map<String, RoutingStrategyProvider> found, List<String> problems,
      RoutingStrategyProvider p) {
    String name;
    try {
      name = p.name();
    } catch (RuntimeException e) {
      problems.add("provider " + p.getClass().getName() + " failed in name(): " + e);
      LOG.warn("strategy provider {} failed in name()", p.getClass().getName(), e);
      return;
    }
    if (name == null || name.isBlank()) {
      problems.add("provider " + p.getClass().getName() + " has a blank name");
      return;
    }
    RoutingStrategyProvider previous = found.putIfAbsent(name, p);
    if (previous != null) {
      String problem = "strategy name '" + name + "' is provided by both " + previous.getClass().getName()
          + " and " + p.getClass().getName() + "; the first one is used";
      problems.add(problem);
      LOG.warn("{}", problem);
    }
  }

  /** {@return the registered names, sorted} */
  public TreeSet<String> names() {
    return new TreeSet<>(providers.keySet());
  }

  /**
   * Providers that could not be loaded or clashed, in words; empty when all went well.
   *
   * @return the problems, empty if none
   */
  public List<String> problems() {
    return problems;
  }

  /**
   * True if {@code name} is registered.
   *
   * @param name a strategy name
   * @return whether it is registered
   */
  public boolean contains(String name) {
    return providers.containsKey(name);
  }

  /**
   * The registered name {@code name} differs from only in case, hyphens, underscores or spaces ({@code Round Robin}
   * for {@code round-robin}), or null: for "did you mean" in errors.
   *
   * @param name a strategy name as a user wrote it
   * @return the registered name, or null
   */
  public @Nullable String spelledAlike(String name) {
    String key = squashed(name);
    for (String known : providers.keySet()) {
      if (squashed(known).equals(key)) {
        return known;
      }
    }
    return null;
  }

  private static String squashed(String name) {
    return name.replaceAll("[-_\\s]", "").toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Creates the strategy {@code name} with {@code config}.
   *
   * @param name the strategy's registered name
   * @param config its configuration
   * @return a new strategy
   * @throws UnknownStrategyException if no provider has that name, listing the known ones
   * @throws IllegalArgumentException if the provider rejects the configuration, naming the strategy
   */
  public RoutingStrategy create(String name, StrategyConfig config) {
    RoutingStrategyProvider p = providers.get(name);
    if (p == null) {
      StringBuilder msg = new StringBuilder("Unknown strategy '").append(name).append('\'');
      String meant = spelledAlike(name);
      if (meant == null) {
        meant = io.smartrouting.spi.StrategyConfig.closest(name, new java.util.TreeSet<>(providers.keySet()));
      }
      if (meant != null) {
        msg.append("; did you mean '").append(meant).append("'?");
      }
      msg.append("; known: ").append(names())
          .append(". Strategies are discovered with ServiceLoader: put the jar that provides '")
          .append(name).append("' on the classpath (it lists its provider in META-INF/services/")
          .append(RoutingStrategyProvider.class.getName()).append(')');
      if (!problems.isEmpty()) {
        msg.append("; providers that failed to load: ").append(problems);
      }
      throw new UnknownStrategyException(name, providers.keySet(), msg.toString());
    }
    RoutingStrategy s;
    try {
      s = p.create(config);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("strategy '" + name + "' rejected its config: " + e.getMessage(), e);
    }
    if (s == null) {
      throw new IllegalStateException("strategy provider '" + name + "' returned null from create()");
    }
    return s;
  }

  @Override
  public String toString() {
    return "StrategyRegistry" + providers.keySet() + (problems.isEmpty() ? "" : " problems=" + problems);
  }
}
