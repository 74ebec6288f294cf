package io.smartrouting.config;

import io.smartrouting.core.Router;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a routing configuration file into a running router when the file changes: a valid new version is applied
 * with {@link Router#reconfigure}; one that fails its checks is reported and the router keeps the version it has.
 * Polls the file's content (every {@code interval}, default 2 s) rather than relying on file-system events, which
 * some volumes do not deliver, and the content of every file the document names ({@code roster_file},
 * {@code accounts_file}): a roster exported anew from the CRM reloads as an edited document does. A change is applied
 * once two checks in a row read it the same, so a file written in place is never applied half written (a reload waits
 * one interval more). Thread-safe; {@link #close()} stops it (the router stays open). A document that declares an
 * experiment reloads the routers of the experiment built from it when watched with
 * {@link #watch(Path, io.smartrouting.core.experiment.Experiment, Duration, Consumer)}.
 *
 * <pre>{@code
 * try (ConfigWatcher w = ConfigWatcher.watch(Path.of("routing.yaml"), router, Duration.ofSeconds(2),
 *     outcome -> log.info("{}", outcome))) { ... }
 * }</pre>
 */
public final class ConfigWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

  /**
   * What one reload did.
   *
   * @param applied true if the router took the new configuration
   * @param version the new configuration's version (null if it has none or was not applied)
   * @param generation the router's configuration generation afterwards
   * @param errors the problems that kept a new version out (empty when applied)
   */
  public record Outcome(boolean applied, @Nullable String version, long generation, List<ConfigError> errors) {}

  /**
   * What a reload is applied to: one router, or the routers of an experiment's variants ({@code apply} returns the
   * new generation; {@code generation} and {@code version} tell the one in use).
   */
  private record Target(java.util.function.ToLongFunction<RoutingConfig> apply,
      java.util.function.LongSupplier generation, java.util.function.Supplier<@Nullable String> version) {

    static Target of(Router router) {
      return new Target(config -> config.applyTo(router), router::configGeneration, router::configVersion);
    }

    /** The control's router tells the generation and version: every variant's router is reloaded alike. */
    static Target of(io.smartrouting.core.experiment.Experiment experiment) {
      Router control = experiment.router(experiment.variants().get(0));
      return new Target(config -> config.applyTo(experiment), control::configGeneration, control::configVersion);
    }
  }

  private final Path file;
  private final Target target;
  private final Consumer<Outcome> listener;
  private final @Nullable ScheduledExecutorService executor;
  private @Nullable String lastContent;
  /**
   * The files the document named when it was last read (by name as written, resolved against the document's folder),
   * each with its content then, or null where it could not be read: a change to one reloads the document.
   */
  private Map<String, @Nullable String> lastNamed = Map.of();
  /** The configuration last applied, or the one the file held when watching began; null if that did not load. */
  private volatile @Nullable RoutingConfig applied;

  private ConfigWatcher(Path file, Target target, Consumer<Outcome> listener, boolean schedule, Duration interval) {
    this.file = file;
    this.target = target;
    this.listener = listener;
    this.lastContent = read();
    if (lastContent != null) {
      // The files the running configuration named, as they are now; a document that no longer loads names none.
      Map<String, @Nullable String> named = new LinkedHashMap<>();
      try {
        applied = load(lastContent, named);
      } catch (RuntimeException e) {
        LOG.debug("routing configuration {} does not load as it is: {}", file, e.getMessage());
      }
      lastNamed = named;
    }
    if (schedule) {
      this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "smart-routing-config-watcher");
        t.setDaemon(true);
        return t;
      });
      long ms = interval.toMillis();
      executor.scheduleWithFixedDelay(this::checkQuietly, ms, ms, TimeUnit.MILLISECONDS);
    } else {
      this.executor = null;
    }
  }

  /**
   * Watches {@code file}, which {@code router} was configured from (its current content is taken as applied), and
   * applies each valid change.
   *
   * @param file the document
   * @param router the router it configured
   * @param interval how often to check the file
   * @param listener told of each check that found a change
   * @return the watcher, running
   * @throws IllegalArgumentException if {@code interval} is not positive
   */
  public static ConfigWatcher watch(Path file, Router router, Duration interval, Consumer<Outcome> listener) {
    Objects.requireNonNull(router, "router must not be null");
    return watch(file, Target.of(router), interval, listener);
  }

  /**
   * Watches {@code file}, whose experiment {@code experiment} was built from ({@link RoutingConfig#toExperiment}), and
   * applies each valid change to every variant's router ({@link RoutingConfig#applyTo(
   * io.smartrouting.core.experiment.Experiment)}); a change of the split is refused. The outcomes' generation and
   * version are the control router's.
   *
   * @param file the document
   * @param experiment the experiment it configured
   * @param interval how often to check the file
   * @param listener told of each check that found a change
   * @return the watcher, running
   * @throws IllegalArgumentException if {@code interval} is not positive
   */
  public static ConfigWatcher watch(Path file, io.smartrouting.core.experiment.Experiment experiment,
      Duration interval, Consumer<Outcome> listener) {
    Objects.requireNonNull(experiment, "experiment must not be null");
    return watch(file, Target.of(experiment), interval, listener);
  }

  private static ConfigWatcher watch(Path file, Target target, Duration interval, Consumer<Outcome> listener) {
    Objects.requireNonNull(file, "file must not be null");
    Objects.requireNonNull(listener, "listener must not be null");
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("watch interval must be positive but was " + interval);
    }
    return new ConfigWatcher(file, target, listener, true, interval);
  }

  /**
   * A watcher that checks only when {@link #checkNow()} is called (tests, or your own scheduler).
   *
   * @param file the document
   * @param router the router it configured
   * @param listener told of each check that found a change
   * @return the watcher
   */
  public static ConfigWatcher manual(Path file, Router router, Consumer<Outcome> listener) {
    return new ConfigWatcher(Objects.requireNonNull(file, "file"), Target.of(Objects.requireNonNull(router, "router")),
        Objects.requireNonNull(listener, "listener"), false, Duration.ofSeconds(1));
  }

  /**
   * As {@link #manual(Path, Router, Consumer)}, for an experiment's routers.
   *
   * @param file the document
   * @param experiment the experiment it configured
   * @param listener told of each check that found a change
   * @return the watcher
   */
  public static ConfigWatcher manual(Path file, io.smartrouting.core.experiment.Experiment experiment,
      Consumer<Outcome> listener) {
    return new ConfigWatcher(Objects.requireNonNull(file, "file"),
        Target.of(Objects.requireNonNull(experiment, "experiment")), Objects.requireNonNull(listener, "listener"), false,
        Duration.ofSeconds(1));
  }

  /**
   * Reads the file and, if its content changed since the last check, loads it and applies it when valid. (The
   * watcher's own checks apply a change only once two checks in a row read it the same, see {@link #check}; a caller
   * of this method decides when the files are complete.)
   *
   * @return what happened, or null if the file did not change (or cannot be read now)
   */
  public @Nullable Outcome checkNow() {
    return check(false);
  }

  /**
   * What a change looked like at the last scheduled check that saw it (the document, then each file it named), not
   * applied yet: a change is applied when the next check reads it the same. A file written in place is read half
   * written now and then (emptied, then filled); a roster cut short at a line's end is a valid document with fewer
   * reps, and applying it would offboard the others' leads before the next check put them back.
   */
  private @Nullable List<@Nullable String> unsettled;

  /**
   * {@link #checkNow()}; with {@code settled}, a change is applied only when it reads as at the previous such check.
   */
  synchronized @Nullable Outcome check(boolean settled) {
    String content = read();
    if (content == null || content.equals(lastContent) && !namedFileChanged()) {
      unsettled = null;
      return null;
    }
    if (settled) {
      List<@Nullable String> seen = new java.util.ArrayList<>();
      seen.add(content);
      for (String name : lastNamed.keySet()) {
        seen.add(readOrNull(besideDocument(name)));
      }
      if (!seen.equals(unsettled)) {
        unsettled = seen;
        return null; // a change, seen once: applied at the next check if it reads the same then
      }
    }
    unsettled = null;
    lastContent = content;
    Map<String, @Nullable String> named = new LinkedHashMap<>();
    Outcome outcome;
    try {
      RoutingConfig config = load(content, named);
      long generation = target.apply().applyAsLong(config);
      applied = config;
      outcome = new Outcome(true, config.version(), generation, List.of());
      LOG.info("routing configuration {} version {} applied (generation {})", file, config.version(), generation);
      for (String warning : config.warnings(java.time.LocalDate.now(java.time.ZoneOffset.UTC))) {
        LOG.warn("routing configuration {}: {}", file, warning);
      }
    } catch (ConfigException e) {
      outcome = new Outcome(false, null, target.generation().getAsLong(), e.errors());
      LOG.warn("routing configuration {} not applied: {} error(s); keeping version {}", file, e.errors().size(),
          target.version().get());
    } catch (IllegalArgumentException e) {
      // A valid document the running router cannot take (Router.reconfigure): one that turns learning on for a router
      // built without it, say. Told as a refused reload, as a document that fails its checks is.
      ConfigError refused = new ConfigError(file.toString(), 1, 1, "", "",
          "the running router cannot take this document: " + e.getMessage());
      outcome = new Outcome(false, null, target.generation().getAsLong(), List.of(refused));
      LOG.warn("routing configuration {} not applied: {}; keeping version {}", file, refused.message(),
          target.version().get());
    }
    lastNamed = named;
    listener.accept(outcome);
    return outcome;
  }

  /**
   * The configuration the router runs on as far as this watcher knows: the one it last applied, or the one the file
   * held when it began watching (which the router was built from); null if neither loaded. What the router's
   * {@link Router#configVersion()} says, with its whole document (chain, roster, policies) to read.
   *
   * @return the configuration, or null
   */
  public @Nullable RoutingConfig applied() {
    return applied;
  }

  /** Parses {@code content} as the document, noting in {@code named} each file it names with its content. */
  private RoutingConfig load(String content, Map<String, @Nullable String> named) {
    return RoutingConfig.parse(content, file.toString(), io.smartrouting.core.StrategyRegistry.load(), name -> {
      try {
        String text = Files.readString(besideDocument(name), StandardCharsets.UTF_8);
        named.put(name, text);
        return text;
      } catch (IOException e) {
        named.put(name, null); // read again on the next check: a file created later reloads the document
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /** Where the file the document names {@code name} is: beside the document, as {@link RoutingConfig#load} reads it. */
  private Path besideDocument(String name) {
    Path dir = file.toAbsolutePath().getParent();
    return dir == null ? Path.of(name) : dir.resolve(name);
  }

  /** True if a file the document named reads now, and differently from when it was last read (or could not be). */
  private boolean namedFileChanged() {
    for (Map.Entry<String, @Nullable String> e : lastNamed.entrySet()) {
      String now = readOrNull(besideDocument(e.getKey()));
      if (now == null) {
        continue; // gone, or being written: looked at again on the next check
      }
      if (!now.equals(e.getValue())) {
        return true;
      }
    }
    return false;
  }

  /** The file's content, or null if it cannot be read now. */
  private static @Nullable String readOrNull(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  private void checkQuietly() {
    try {
      check(true);
    } catch (RuntimeException e) {
      LOG.error("routing configuration {} could not be reloaded; keeping the version in use", file, e);
    }
  }

  private @Nullable String read() {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.warn("routing configuration {} cannot be read: {}", file, e.getMessage());
      return null;
    }
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
