package io.smartrouting.config;

import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Tier;
import io.smartrouting.config.internal.Binder;
import io.smartrouting.config.internal.Node;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.QueuePolicy;
import io.smartrouting.core.Router;
import io.smartrouting.core.StrategyRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A routing configuration document, loaded and checked: reps, accounts, classification, the chain (strategies,
 * their settings, tier and {@code when} conditions, rep targeting), SLAs, escalation, after-hours, fallback and
 * wait-queue relaxation. One schema for YAML and JSON ({@code routing-config.schema.json} beside this class).
 *
 * <pre>{@code
 * RoutingConfig config = RoutingConfig.load(Path.of("routing.yaml"));   // ConfigException lists every problem
 * try (Router router = config.toBuilder().build()) { ... }
 * }</pre>
 *
 * Loading checks everything at once and throws {@link ConfigException} with every {@link ConfigError} (file, line,
 * column, path, value): unknown keys, wrong types, unknown strategies, weights that do not sum to 1, unknown time
 * zones, expressions that do not parse, references to reps, accounts or queues that do not exist, duplicate ids.
 * Immutable and thread-safe; {@link #toBuilder()} gives a fresh {@link Router.Builder} each time, so one configuration
 * can build routers for many tenants. {@code Router.Builder} stays the programmatic way.
 */
public final class RoutingConfig {

  private final String file;
  private final Binder.Result bound;
  private final List<Scenario> scenarios;
  /** The strategies the document was checked with; {@link #toBuilder()} builds with them. */
  private final StrategyRegistry registry;
  /** The chain this configuration builds: the document's, or its variant's. */
  private final List<ChainStep> chain;
  /** The learning policy this configuration builds with (the document's or its variant's), or null. */
  private final io.smartrouting.core.learning.@Nullable LearningPolicy learning;
  /** The experiment variant this configuration is, or null for the document itself. */
  private final @Nullable String variant;

  private RoutingConfig(String file, Binder.Result bound, StrategyRegistry registry) {
    this(file, bound, registry, bound.chain, bound.learning, null);
  }

  private RoutingConfig(String file, Binder.Result bound, StrategyRegistry registry, List<ChainStep> chain,
      io.smartrouting.core.learning.@Nullable LearningPolicy learning, @Nullable String variant) {
    this.file = file;
    this.bound = bound;
    this.registry = registry;
    this.chain = List.copyOf(chain);
    this.learning = learning;
    this.variant = variant;
    List<Scenario> s = new ArrayList<>();
    for (Binder.Scenario b : bound.scenarios) {
      s.add(new Scenario(b.name(), b.lead(), b.expect(), b.at(), b.variant()));
    }
    this.scenarios = List.copyOf(s);
  }

  /**
   * Loads and checks the document at {@code path} (JSON if its name ends in {@code .json}, else YAML), with the
   * strategies found by {@link StrategyRegistry#load()}.
   *
   * @param path the document
   * @return the configuration
   * @throws ConfigException listing every problem
   * @throws IOException if the file cannot be read
   */
  public static RoutingConfig load(Path path) throws IOException {
    return load(path, StrategyRegistry.load());
  }

  /**
   * As {@link #load(Path)}, with the strategies of {@code registry}.
   *
   * @param path the document
   * @param registry the strategies
   * @return the configuration
   * @throws IOException if the file cannot be read
   */
  public static RoutingConfig load(Path path, StrategyRegistry registry) throws IOException {
    Objects.requireNonNull(path, "path must not be null");
    Path dir = path.toAbsolutePath().getParent();
    return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString(), registry, name -> {
      try {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /**
   * Loads and checks a document on the classpath, e.g. {@code /examples/routing.yaml}.
   *
   * @param resource the resource's path
   * @return the configuration
   * @throws IllegalArgumentException if there is no such resource
   * @throws ConfigException listing every problem
   */
  public static RoutingConfig fromClasspath(String resource) {
    try (InputStream in = RoutingConfig.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no classpath resource '" + resource + "'");
      }
      String dir = resource.contains("/") ? resource.substring(0, resource.lastIndexOf('/') + 1) : "";
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource, StrategyRegistry.load(), name -> {
        try (InputStream f = RoutingConfig.class.getResourceAsStream(dir + name)) {
          if (f == null) {
            throw new java.io.UncheckedIOException(new IOException("no classpath resource '" + dir + name + "'"));
          }
          return new String(f.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read classpath resource '" + resource + "': " + e.getMessage(), e);
    }
  }

  /**
   * Parses and checks {@code content}; {@code file} names it in errors and decides the format (a name ending in
   * {@code .json}, or content starting with <code>{</code>, is JSON; anything else YAML).
   *
   * @param content the document's text
   * @param file its name
   * @return the configuration
   * @throws ConfigException listing every problem
   */
  public static RoutingConfig parse(String content, String file) {
    return parse(content, file, StrategyRegistry.load());
  }

  /**
   * As {@link #parse(String, String)}, with the strategies of {@code registry}; files the document names are read
   * relative to {@code file}'s folder.
   *
   * @param content the document's text
   * @param file its name
   * @param registry the strategies
   * @return the configuration
   */
  public static RoutingConfig parse(String content, String file, StrategyRegistry registry) {
    Path base = Path.of(file).toAbsolutePath().getParent();
    return parse(content, file, registry, name -> {
      try {
        return Files.readString(base == null ? Path.of(name) : base.resolve(name), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /**
   * As {@link #parse(String, String, StrategyRegistry)}, with the files the document names ({@code roster_file},
   * {@code accounts_file}) read by {@code files} (an {@link java.io.UncheckedIOException} for one that cannot be
   * read): what {@link ConfigWatcher} uses to see which files a document names.
   */
  static RoutingConfig parse(String content, String file, StrategyRegistry registry,
      java.util.function.Function<String, String> files) {
    Objects.requireNonNull(content, "content must not be null");
    Objects.requireNonNull(file, "file must not be null");
    Node.Parsed parsed = Node.parse(content, file, isJson(content, file));
    if (parsed.syntaxError() != null) {
      throw new ConfigException(List.of(parsed.syntaxError()), content);
    }
    Binder binder = new Binder(file, content, registry, files);
    Binder.Result result = binder.bind(Objects.requireNonNull(parsed.root()));
    if (!binder.errors().isEmpty()) {
      List<ConfigError> sorted = new ArrayList<>(binder.errors());
      sorted.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
          : Integer.compare(a.column(), b.column()));
      throw new ConfigException(sorted, content);
    }
    RoutingConfig config = new RoutingConfig(file, result, registry);
    // What only the router checks (an account domain that is no registrable domain, say) is this document's error
    // too: reported here, not first when an application builds the router from a configuration called valid.
    try (Router dry = config.toBuilder().manualTimers().build()) {
      Objects.requireNonNull(dry);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ConfigException(List.of(new ConfigError(file, 1, 1, "", "",
          "the router refuses this configuration: " + e.getMessage())), content);
    }
    Binder.ExperimentBound experiment = result.experiment;
    if (experiment != null) {
      for (int i = 0; i < experiment.variants().size(); i++) {
        String name = experiment.variants().get(i).name();
        try (Router dry = config.variant(name).toBuilder().manualTimers().build()) {
          Objects.requireNonNull(dry);
        } catch (IllegalArgumentException | IllegalStateException e) {
          throw new ConfigException(List.of(new ConfigError(file, 1, 1, "experiment.variants[" + i + "]", "",
              "the router refuses variant '" + name + "': " + e.getMessage())), content);
        }
      }
    }
    return config;
  }

  /**
   * Every problem in {@code content}, in document order; empty when it is a valid configuration.
   *
   * @param content the document's text
   * @param file its name
   * @return the errors, empty if none
   */
  public static List<ConfigError> validate(String content, String file) {
    try {
      parse(content, file);
      return List.of();
    } catch (ConfigException e) {
      return e.errors();
    }
  }

  private static boolean isJson(String content, String file) {
    return file.toLowerCase(java.util.Locale.ROOT).endsWith(".json") || content.stripLeading().startsWith("{");
  }

  /**
   * A new builder with everything this configuration says: roster, accounts, chain, classification, thresholds,
   * SLAs and their clocks, escalation, after-hours, fallback and queue policies, free-mail domains (the document's
   * added to {@link Router#DEFAULT_FREE_MAIL_DOMAINS}) and learning (a new model, see {@link #learning()}). Add what
   * is not configuration (a clock, a state store, listeners) and build. For a document that declares an experiment
   * this is the document's own chain (what a variant without a chain of its own runs), not the experiment:
   * {@link #toExperiment()} builds that, and {@link #variant(String)} each variant.
   *
   * @return the builder
   */
  public Router.Builder toBuilder() {
    // A variant's router tells its variant wherever it tells its version: decision records, audit events, metrics.
    String version = variant == null ? bound.version : bound.version == null ? variant : bound.version + "/" + variant;
    Router.Builder b = Router.builder().strategies(registry).roster(bound.reps).accounts(bound.accounts)
        .configVersion(version);
    for (ChainStep s : chain) {
      b.step(s);
    }
    if (bound.classification != null) {
      b.classification(bound.classification);
    }
    if (bound.capacityThreshold != null) {
      b.capacityThreshold(bound.capacityThreshold);
    }
    if (bound.regionlessReachRegions != null) {
      b.regionlessLeadsReachRegionReps(bound.regionlessReachRegions);
    }
    if (bound.maxOverride != null) {
      b.maxOverride(bound.maxOverride);
    }
    b.whenRepsLeave(bound.whenRepsLeave);
    b.whenAccountsMove(bound.moveLeadsWithAccounts);
    b.whenCoverageChanges(bound.moveUncoveredLeads);
    b.handOffQualifiedLeads(bound.handOffQualifiedLeads).handOffWithinTeam(bound.handOffWithinTeam);
    b.handOverWhenAway(bound.handOverWhenAway);
    for (io.smartrouting.api.Tier t : io.smartrouting.api.Tier.values()) {
      b.recycleStalledLeads(t, bound.recycleStalledLeads.get(t));
    }
    if (bound.outcomeWindow != null) {
      b.outcomeWindow(bound.outcomeWindow, Router.DEFAULT_OUTCOME_WINDOW_LEADS);
    }
    if (learning != null) {
      b.learning(newModel());
    }
    if (!bound.freeMailDomains.isEmpty()) {
      java.util.Set<String> free = new java.util.HashSet<>(Router.DEFAULT_FREE_MAIL_DOMAINS);
      free.addAll(bound.freeMailDomains);
      b.freeMailDomains(free);
    }
    for (Map.Entry<Tier, Duration> e : bound.sla.entrySet()) {
      b.sla(e.getKey(), e.getValue());
    }
    for (Tier t : bound.noSla) {
      b.sla(t, null);
    }
    bound.slaClocks.forEach(b::slaClock);
    if (bound.escalation != null) {
      b.escalation(bound.escalation);
    }
    if (bound.afterHours != null) {
      b.afterHours(bound.afterHours);
    }
    if (bound.fallbackQueue != null) {
      b.fallbackQueue(bound.fallbackQueue);
    }
    if (bound.managerFallback != null) {
      b.managerFallback(bound.managerFallback);
    }
    for (QueuePolicy q : bound.queuePolicies) {
      b.queuePolicy(q);
    }
    return b;
  }

  /** A model with the document's learning policy, started with its warm-start file's outcomes if it names one. */
  private io.smartrouting.core.learning.ConversionModel newModel() {
    io.smartrouting.core.learning.ConversionModel model =
        new io.smartrouting.core.learning.ConversionModel(java.util.Objects.requireNonNull(learning));
    if (bound.warmStartContent != null && bound.warmStartName != null) {
      try {
        model.warmStart(new java.io.StringReader(bound.warmStartContent), bound.warmStartName,
            bound.classification != null ? bound.classification
                : io.smartrouting.core.ClassificationPolicy.defaults());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e); // a string reader does not fail
      }
    }
    return model;
  }

  /**
   * The document's learning policy ({@code learning:}), or null when it has none. {@link #toBuilder()} gives each
   * builder a new {@link io.smartrouting.core.learning.ConversionModel} with it, started with the outcomes of
   * {@code learning.warm_start} when the document names that file (read once, when the document was loaded). A
   * running router keeps its model when it is {@linkplain #applyTo reconfigured}: what it learned stays, and a changed
   * learning section takes effect for routers built afterwards.
   *
   * @return the policy, or null
   */
  public io.smartrouting.core.learning.@Nullable LearningPolicy learning() {
    return learning;
  }

  /**
   * Gives {@code router} this configuration (see {@link Router#reconfigure}): the chain, roster, accounts and
   * policies change atomically for new decisions; open leads, timers, waiting leads and the state of unchanged steps
   * stay.
   *
   * @param router the router to configure
   * @return the router's new configuration generation
   */
  public long applyTo(Router router) {
    return router.reconfigure(toBuilder());
  }

  /**
   * What {@link #applyTo(Router)} would do now with {@code router}'s open leads, changing nothing and applying nothing
   * ({@link Router#previewReconfigure}): the leads of reps this document leaves out, moved as its
   * {@code when_reps_leave} says, those of accounts it gives to other people with {@code when_accounts_move}, and those
   * of reps whose coverage it changes with {@code when_coverage_changes}, each with where it would go, in the order
   * the reload moves them. For a person to confirm a new document against the leads being worked before it is applied.
   *
   * @param router the router the document would configure
   * @return the moves the reload would make
   */
  public List<io.smartrouting.api.Decision> previewOn(Router router) {
    Objects.requireNonNull(router, "router must not be null");
    return router.previewReconfigure(toBuilder());
  }

  /**
   * Gives each variant's router of {@code experiment} (built by {@link #toExperiment}) this document as that variant
   * runs it ({@link #applyTo(Router)} with {@link #variant(String)}): chains, roster, accounts and policies change for
   * new decisions; open leads, timers and counts stay. The split must be the running one (name, sticky key, variants
   * and their shares): a new split is a new experiment. Nothing is applied unless every variant's router can take its
   * part.
   *
   * @param experiment the experiment to configure
   * @return the control's new configuration generation (every variant's router advances by one)
   * @throws IllegalArgumentException if the document declares no experiment, another split, or a variant that learns
   *     where its running router was built without learning (learning is read when a router is built)
   */
  public long applyTo(io.smartrouting.core.experiment.Experiment experiment) {
    Objects.requireNonNull(experiment, "experiment must not be null");
    ExperimentPlan plan = experiment();
    if (plan == null) {
      throw new IllegalArgumentException(file + " declares no experiment, and experiment '" + experiment.name()
          + "' runs; its routers keep their configuration");
    }
    Map<String, Double> shares = new java.util.LinkedHashMap<>();
    plan.variants().forEach(v -> shares.put(v.name(), plan.fraction(v)));
    Map<String, Double> runningShares = new java.util.LinkedHashMap<>();
    experiment.variants().forEach(v -> runningShares.put(v, experiment.share(v)));
    String split = split(plan.name(), plan.stickyBy(), shares);
    String running = split(experiment.name(), experiment.stickyBy(), runningShares);
    if (!split.equals(running)) {
      throw new IllegalArgumentException("the running experiment's split is " + running + " and this document's is "
          + split + "; a new split is a new experiment: build it with toExperiment()");
    }
    List<RoutingConfig> parts = new ArrayList<>();
    for (String name : plan.names()) {
      RoutingConfig part = variant(name);
      if (part.learning() != null && experiment.router(name).learning().isEmpty()) {
        throw new IllegalArgumentException("variant '" + name + "' learns in this document, but its running router"
            + " was built without learning (learning is read when a router is built); no variant was changed");
      }
      parts.add(part);
    }
    for (RoutingConfig part : parts) {
      part.applyTo(experiment.router(Objects.requireNonNull(part.variant)));
    }
    return experiment.router(plan.control()).configGeneration();
  }

  /** An experiment's split in words: name, sticky key, and each variant's share of leads (to four places). */
  private static String split(String name, io.smartrouting.core.experiment.StickyKey key, Map<String, Double> shares) {
    java.util.StringJoiner j = new java.util.StringJoiner(", ", "'" + name + "' by " + key + " [", "]");
    shares.forEach((v, share) -> j.add(v + " " + String.format(java.util.Locale.ROOT, "%.4f", share)));
    return j.toString();
  }

  /** {@return the document's name, as given to the loader} */
  public String file() {
    return file;
  }

  /** {@return the document's {@code version}, or null if it has none} */
  public @Nullable String version() {
    return bound.version;
  }

  /** {@return the document's {@code description}, or null} */
  public @Nullable String description() {
    return bound.description;
  }

  /** {@return the reps, in document order} */
  public List<Rep> reps() {
    return List.copyOf(bound.reps);
  }

  /**
   * What a reload of this document does with the open leads of a rep it leaves out ({@code when_reps_leave},
   * {@link Router.Builder#whenRepsLeave}), or null: they stay with the rep (the default).
   *
   * @return the policy, or null
   */
  public io.smartrouting.core.@Nullable OffboardPolicy whenRepsLeave() {
    return bound.whenRepsLeave;
  }

  /**
   * Whether a reload of this document that gives accounts to other reps hands their open leads to the accounts' new
   * people ({@code when_accounts_move: move_open_leads}, {@link Router.Builder#whenAccountsMove}); false (keep, the
   * default): they stay with the reps working them.
   *
   * @return whether open leads follow their accounts
   */
  public boolean whenAccountsMove() {
    return bound.moveLeadsWithAccounts;
  }

  /**
   * Whether a reload of this document that changes what a rep covers (territories, named accounts, segments,
   * languages) routes again its open leads it no longer covers, not yet in contact ({@code when_coverage_changes:
   * move_uncovered_leads}, {@link Router.Builder#whenCoverageChanges}); false (keep, the default): they stay with it.
   *
   * @return whether open leads no longer covered are routed again
   */
  public boolean whenCoverageChanges() {
    return bound.moveUncoveredLeads;
  }

  /**
   * Whether a lead that an update makes sales-qualified while an SDR holds it is handed off, routed again through the
   * chain and never back to the SDR ({@code when_leads_qualify: hand_off} or {@code hand_off_within_team},
   * {@link Router.Builder#handOffQualifiedLeads}); false (keep, the default): it stays with the SDR.
   *
   * @return whether qualified leads leave their SDRs
   */
  public boolean whenLeadsQualify() {
    return bound.handOffQualifiedLeads;
  }

  /**
   * Whether a hand-off looks among the reps of the SDR's team first ({@code when_leads_qualify:
   * hand_off_within_team}, {@link Router.Builder#handOffWithinTeam}: SDR pods).
   *
   * @return whether qualified leads go to their SDR's team first
   */
  public boolean handOffWithinTeam() {
    return bound.handOffWithinTeam;
  }

  /**
   * The shortest declared time off whose start hands over a rep's open leads not yet in contact
   * ({@code hand_over_when_away: 2 days}, {@link Router.Builder#handOverWhenAway}), or null (the default, or
   * {@code off}): they wait for the rep's return or their deadlines.
   *
   * @return the shortest time off that hands leads over, or null
   */
  public @Nullable Duration handOverWhenAway() {
    return bound.handOverWhenAway;
  }

  /**
   * By tier, how long a lead its rep contacted may go without progress (a meeting, an opportunity, won or lost)
   * before it is routed again to another rep ({@code recycle_stalled_leads: 14 days} for every tier, or
   * {@code {tier1: 3 days, tier3: 30 days}}; {@link Router.Builder#recycleStalledLeads}); a tier it does not hold
   * (all of them by default, or with {@code off}) keeps contacted leads with their reps.
   *
   * @return the periods by tier, empty if none
   */
  public Map<io.smartrouting.api.Tier, Duration> recycleStalledLeads() {
    return java.util.Collections.unmodifiableMap(bound.recycleStalledLeads);
  }

  /** {@return the queues' policies ({@code queues:}: relaxations and claim windows), in document order} */
  public List<io.smartrouting.core.QueuePolicy> queuePolicies() {
    return List.copyOf(bound.queuePolicies);
  }

  /** {@return the accounts, in document order} */
  public List<Account> accounts() {
    return List.copyOf(bound.accounts);
  }

  /** {@return the chain, in order} */
  public List<ChainStep> chain() {
    return chain;
  }

  /**
   * The A/B test the document declares ({@code experiment:}), or null when it declares none or this is one of its
   * variants ({@link #variant(String)}).
   *
   * @return the plan, or null
   */
  public @Nullable ExperimentPlan experiment() {
    Binder.ExperimentBound e = bound.experiment;
    if (e == null || variant != null) {
      return null;
    }
    List<ExperimentPlan.Variant> vs = new ArrayList<>();
    for (Binder.VariantBound v : e.variants()) {
      vs.add(new ExperimentPlan.Variant(v.name(), v.share(), v.chain() != null, learningOf(v) != null));
    }
    return new ExperimentPlan(e.name(), e.stickyBy(), vs, e.rememberLeads());
  }

  /** The learning policy variant {@code v} builds with: its own, none when it says off, else the document's. */
  private io.smartrouting.core.learning.@Nullable LearningPolicy learningOf(Binder.VariantBound v) {
    return v.learningOff() ? null : v.learning() != null ? v.learning() : bound.learning;
  }

  /**
   * The document as experiment variant {@code name} runs it: everything the document says, with the variant's own
   * chain and learning where it has them. Its {@link #toBuilder()} builds that variant's router, whose configuration
   * version is the document's and the variant's name ({@code 2026-12-04.1/industry-first}; the name alone when the
   * document has no version), so that its decision records and audit events tell the variant; it works wherever a
   * configuration does (a preview, a simulation, a reload of that variant's router).
   *
   * @param name the variant's name
   * @return the variant's configuration
   * @throws IllegalArgumentException if the document declares no experiment or no variant of that name
   */
  public RoutingConfig variant(String name) {
    Objects.requireNonNull(name, "name must not be null");
    Binder.ExperimentBound e = bound.experiment;
    if (e == null || variant != null) {
      throw new IllegalArgumentException(file + (variant != null ? " is already variant '" + variant + "'"
          : " declares no experiment") + ", so it has no variant '" + name + "'");
    }
    for (Binder.VariantBound v : e.variants()) {
      if (v.name().equals(name)) {
        return new RoutingConfig(file, bound, registry, v.chain() != null ? v.chain() : bound.chain, learningOf(v),
            name);
      }
    }
    throw new IllegalArgumentException("experiment '" + e.name() + "' of " + file + " has no variant '" + name
        + "'; its variants: " + e.variants().stream().map(Binder.VariantBound::name).toList());
  }

  /**
   * The experiment variant this configuration is ({@link #variant(String)}), or null for the document itself.
   *
   * @return the variant's name, or null
   */
  public @Nullable String variantName() {
    return variant;
  }

  /**
   * The document's experiment, each variant's router built from {@link #variant(String)} with one new in-memory
   * state store they all share (so a rep's capacity counts every variant's leads) and the system clock. Close it to
   * close the routers.
   *
   * @return the experiment
   * @throws IllegalStateException if the document declares no experiment
   */
  public io.smartrouting.core.experiment.Experiment toExperiment() {
    return toExperiment(Router.Builder::build);
  }

  /**
   * As {@link #toExperiment()}, each variant's router built by {@code build} from its builder, which adds what is not
   * configuration (a clock, listeners) and builds. Every builder comes with the same new in-memory state store; one
   * that sets another must give every variant the same one (a shared store), or each variant counts only its own
   * leads against a rep's capacity.
   *
   * @param build builds a router from its builder
   * @return the experiment
   * @throws IllegalStateException if the document declares no experiment
   */
  public io.smartrouting.core.experiment.Experiment toExperiment(
      java.util.function.Function<Router.Builder, Router> build) {
    Objects.requireNonNull(build, "build must not be null");
    return toExperiment((variant, builder) -> build.apply(builder));
  }

  /**
   * As {@link #toExperiment(java.util.function.Function)}, {@code build} told each builder's variant name too (to
   * tag its meters or traces, say).
   *
   * @param build builds a router from its builder and its variant's name
   * @return the experiment
   * @throws IllegalStateException if the document declares no experiment
   */
  public io.smartrouting.core.experiment.Experiment toExperiment(
      java.util.function.BiFunction<String, Router.Builder, Router> build) {
    Objects.requireNonNull(build, "build must not be null");
    ExperimentPlan plan = experiment();
    if (plan == null) {
      throw new IllegalStateException(file + (variant != null ? " is variant '" + variant + "' of an experiment"
          : " declares no experiment") + ": build its router with toBuilder()");
    }
    io.smartrouting.core.experiment.Experiment.Builder b =
        io.smartrouting.core.experiment.Experiment.builder(plan.name()).stickyBy(plan.stickyBy())
            .rememberLeads(plan.rememberLeads());
    List<Router> built = new ArrayList<>();
    io.smartrouting.core.state.InMemoryStateStore shared = new io.smartrouting.core.state.InMemoryStateStore();
    // Each variant's router moves only its own leads when it moves leads it finds in the store (a reload's offboarding,
    // sweeps, and on a shared store the lease holder's timers and drains): with its own chain. A lead's variant is the
    // one this experiment routed it in; for a lead it did not route (another node's) the one its saved facts are
    // tagged with (every variant's router tags the facts it saves), else the split of those facts (saved before the
    // tags: they name the lead's account by id once it matched one, and keep no e-mail address).
    java.util.function.Function<Lead, String> split = io.smartrouting.core.experiment.Experiment.splitter(plan.name(),
        plan.stickyBy(), plan.names(), plan.variants().stream().map(ExperimentPlan.Variant::share).toList());
    java.util.concurrent.atomic.AtomicReference<io.smartrouting.core.experiment.Experiment> running =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.function.Function<Lead, String> variantOf = lead -> {
      io.smartrouting.core.experiment.Experiment e = running.get();
      return e == null ? split.apply(lead) : e.routedVariant(lead.id()).orElseGet(() -> split.apply(lead));
    };
    try {
      for (ExperimentPlan.Variant v : plan.variants()) {
        Router r = Objects.requireNonNull(build.apply(v.name(), variant(v.name()).toBuilder().stateStore(shared)
            .tagsSavedLeads(io.smartrouting.core.experiment.Experiment.VARIANT_ATTRIBUTE,
                io.smartrouting.core.experiment.Experiment.variantTag(plan.name(), v.name()))
            .ownsLeads(lead -> variantOf.apply(lead).equals(v.name()))),
            "build returned null for variant '" + v.name() + "'");
        built.add(r);
        b.variant(v.name(), r, v.share());
      }
      io.smartrouting.core.experiment.Experiment experiment = b.build();
      running.set(experiment);
      return experiment;
    } catch (RuntimeException e) {
      for (Router r : built) {
        r.close();
      }
      throw e;
    }
  }

  /** {@return the scenarios the document carries} */
  public List<Scenario> scenarios() {
    return scenarios;
  }

  /**
   * What routes {@code scenario}: the variant it names ({@link Scenario#variant()}), or this configuration. Build its
   * router with {@link #toBuilder()}.
   *
   * @param scenario the scenario
   * @return the configuration to route it with
   */
  public RoutingConfig forScenario(Scenario scenario) {
    Objects.requireNonNull(scenario, "scenario must not be null");
    return scenario.variant() == null ? this : variant(scenario.variant());
  }

  /**
   * The lead source a CRM's source value stands for: the document's {@code lead_sources} first ({@code Webinar:
   * content}, keys in any case, spaces, hyphens and underscores alike), then the source's own name in any such form
   * ({@code Demo Request}); null if neither. For code that builds leads from a CRM's records, as the CLI's lead files
   * are read.
   *
   * @return the lead source, or null if the value names none
   * @param crmValue the value as the CRM stores it
   */
  public io.smartrouting.api.@org.jspecify.annotations.Nullable LeadSource leadSource(String crmValue) {
    java.util.Objects.requireNonNull(crmValue, "crmValue must not be null");
    return Binder.leadSource(crmValue, bound.leadSources);
  }

  /**
   * The document's {@code lead_sources}: CRM source values (lower case, single spaces) and what each stands for.
   *
   * @return the sources by value
   */
  public java.util.Map<String, io.smartrouting.api.LeadSource> leadSources() {
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bound.leadSources));
  }

  /**
   * An industry that leads name and no rep of a configuration lists as expertise: such leads get no specialist
   * preference (generalists and any eligible rep take them), which is what a misspelt industry ({@code heathcare}),
   * or one written another way ({@code health care}), silently does. See {@link #industryGaps}.
   *
   * @param industry the industry as the leads name it (lower case)
   * @param leads how many of the leads name it
   * @param closest the industry a rep lists that is within two edits of it, the likely intended one; null if none
   */
  public record IndustryGap(String industry, int leads, @Nullable String closest) {}

  /**
   * The industries of {@code leads} that no rep of this configuration lists, in the order first met, each with how
   * many leads name it and the closest industry a rep does list. Empty when every lead's industry is worked by
   * someone (or no lead names one).
   *
   * @param leads the leads, for example a file about to be routed
   * @return the gaps
   */
  public List<IndustryGap> industryGaps(java.util.Collection<? extends Lead> leads) {
    java.util.Set<String> worked = new java.util.LinkedHashSet<>();
    for (Rep r : bound.reps) {
      worked.addAll(r.industries());
    }
    Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    for (Lead lead : leads) {
      String industry = lead.industry();
      if (industry != null && !worked.contains(industry)) {
        counts.merge(industry, 1, Integer::sum);
      }
    }
    List<IndustryGap> gaps = new java.util.ArrayList<>(counts.size());
    counts.forEach((industry, n) -> gaps.add(new IndustryGap(industry, n,
        io.smartrouting.config.internal.Names.closest(industry, worked))));
    return gaps;
  }

  /** How far ahead a holiday calendar should reach before {@link #warnings} says it runs out. */
  public static final int CALENDAR_NOTICE_DAYS = 60;

  /**
   * What is valid but likely wrong, as of {@code today}, one sentence each: a holiday calendar whose last date is
   * past, or within {@link #CALENDAR_NOTICE_DAYS} days, after which every day counts as a working day until next
   * year's holidays are added (the mistake a calendar written once makes a year later); and a chain step that only
   * ever sees leads no rep can take, because for every tier it runs for an earlier step without a condition or rep
   * filter assigns any lead with a candidate ({@code round-robin}, {@code weighted}; {@code tier-fast-track} for
   * Tier 1): a {@code returning-contact} put last, say; and a {@code same-company} before {@code returning-contact},
   * or either before {@code account-owner} when there are accounts (the more specific rule belongs first); and a
   * domain or company name that accounts of different families share, which matches none of them; and a
   * {@code recycle_stalled_leads} period shorter than a day (a bare number is minutes: {@code 14} is 14 minutes, not
   * days), which moves leads from reps still working them; and a time off whose cover is out of office or away
   * itself during part of it; and a rep's territory that names no country of ISO 3166-1, or no state, province or
   * territory of the US, Canada or Australia ({@code DX}, {@code US-CF}), which no lead matches; and an industry
   * spelt within two letters of one more reps list ({@code retial}, {@code retail}), whose reps no lead of the other
   * spelling sees as specialists; and a weighted step with fair-share bounds whose half-life gives each rep of its pool
   * a share under two leads, where the bounds spread the leads almost evenly; and {@code when_leads_qualify:
   * hand_off} with no rep of role SDR (it hands nothing off), or with no chain step whose condition reads
   * {@code sales_qualified} (a qualified lead handed off follows the steps any lead of its tier does, and may reach
   * another SDR), or with a step after that one which any lead reaches and an SDR may take (a qualified lead waiting
   * for an AE drains there), or, with learning, with a weighted step that weighs performance among SDRs and other
   * reps alike (their rates are of qualifications and of closed deals); and a queue's relax step that drops what an
   * earlier step of the queue drops already (it adds nothing); and each of these for an experiment's variants' own
   * chains.
   * {@code validate} in the CLI prints them, and
   * {@link ConfigWatcher} logs them when it applies a configuration.
   *
   * @param today the date to judge by (the CLI and the watcher use today's date in UTC)
   * @return the warnings, empty if none
   */
  public List<String> warnings(java.time.LocalDate today) {
    List<String> out = new java.util.ArrayList<>();
    bound.calendarEnds.forEach((name, last) -> {
      if (last.isBefore(today.plusDays(CALENDAR_NOTICE_DAYS))) {
        out.add("holiday calendar '" + name + "' runs out after " + last + (last.isBefore(today) ? " (past)"
            : " (in " + java.time.temporal.ChronoUnit.DAYS.between(today, last) + " days)")
            + ": later holidays count as working days until they are added");
      }
    });
    chainWarnings(out);
    conditionWarnings(out);
    fairShareWarnings(out);
    handOffWarnings(out);
    repWarnings(out);
    coverWarnings(out, today);
    if (bound.experiment != null && variant == null) {
      for (Binder.VariantBound v : bound.experiment.variants()) {
        if (v.chain() != null) {
          List<String> own = new ArrayList<>();
          RoutingConfig c = variant(v.name());
          c.chainWarnings(own);
          c.conditionWarnings(own);
          c.fairShareWarnings(own);
          c.handOffWarnings(own);
          c.filterWarnings(own);
          for (String w : own) {
            out.add("experiment variant '" + v.name() + "': " + w);
          }
        }
      }
    }
    accountWarnings(out);
    for (int i = 0; i < scenarios.size(); i++) {
      // A check that cannot fail: a warning, not an error, since what it routes is right either way.
      if (scenarios.get(i).expect().isEmpty()) {
        out.add("scenarios[" + i + "] '" + scenarios.get(i).name() + "' expects nothing, so it passes whatever the"
            + " router does: give it an expect with one or more of rep, team, queue and decided_by");
      }
    }
    for (io.smartrouting.core.QueuePolicy q : bound.queuePolicies) {
      // Steps come by their waits: a relaxation met again adds nothing, the earlier step applies already.
      java.util.Map<io.smartrouting.core.QueuePolicy.Relaxation, Duration> first =
          new java.util.EnumMap<>(io.smartrouting.core.QueuePolicy.Relaxation.class);
      for (io.smartrouting.core.QueuePolicy.Step step : q.steps()) {
        Duration earlier = first.putIfAbsent(step.relaxation(), step.after());
        if (earlier != null) {
          out.add("queues '" + q.queue() + "': relax drops " + dropName(step.relaxation()) + " after "
              + step.after().toMinutes() + " min and after " + earlier.toMinutes() + " min: the later step adds"
              + " nothing, the earlier applies from " + earlier.toMinutes() + " min");
        }
      }
      io.smartrouting.core.expr.RepFilter members = q.claimedBy();
      if (members != null && !bound.reps.isEmpty() && bound.reps.stream().noneMatch(members::matches)) {
        out.add("queues '" + q.queue() + "': claimed_by matches no rep of the roster (" + members.text() + "), so no rep"
            + " can claim its leads; check its names and values against the roster");
      }
      bound.sla.forEach((tier, due) -> {
        if (q.claimWindow().compareTo(due) >= 0) {
          out.add("queues '" + q.queue() + "': claim_window " + q.claimWindow().toMinutes() + " min is not shorter"
              + " than tier " + tier.number() + "'s first-contact SLA (" + due.toMinutes() + " min): a tier "
              + tier.number() + " lead nobody claims breaches it before the drain may push it to a rep");
        }
      });
    }
    bound.recycleStalledLeads.forEach((tier, recycle) -> {
      if (recycle.compareTo(Duration.ofDays(1)) < 0) {
        out.add("recycle_stalled_leads is " + recycle.toMinutes() + " minute(s) for tier " + tier.number() + ": a"
            + " lead its rep contacted moves to another rep unless progress is reported that soon (a bare number is"
            + " minutes; for days write '14 days')");
      }
    });
    return out;
  }

  /** {@return the word a configuration's {@code drop} names {@code r} by: segment, territory, language, manager} */
  private static String dropName(io.smartrouting.core.QueuePolicy.Relaxation r) {
    return r.name().toLowerCase(java.util.Locale.ROOT).replace("any_", "");
  }

  /**
   * Adds a warning for each domain that accounts of different families claim, and for each company name they share:
   * such a lead matches none of them (its decision is flagged {@code AMBIGUOUS_ACCOUNT}), which is right for a
   * shared host but, for a domain entered twice by mistake, sends every lead from it past its owner.
   */
  private void accountWarnings(List<String> out) {
    java.util.Set<String> freeMail = new java.util.HashSet<>(Router.DEFAULT_FREE_MAIL_DOMAINS);
    freeMail.addAll(bound.freeMailDomains);
    for (io.smartrouting.api.Account a : bound.accounts) {
      for (String d : a.domains()) {
        if (freeMail.contains(d.toLowerCase(java.util.Locale.ROOT))) {
          out.add("domain '" + d + "' of account '" + a.id() + "' is a free-mail domain, so no lead matches the"
              + " account by it (an address there is a person's, not the company's): the account matches by its other"
              + " domains, its name or its id only; leave it out, or take it off free_mail_domains");
        }
      }
    }
    if (bound.accounts.size() < 2) {
      return;
    }
    io.smartrouting.core.AccountConflicts conflicts = io.smartrouting.core.AccountConflicts.of(bound.accounts);
    conflicts.domains().forEach((domain, ids) -> out.add("domain '" + domain + "' is claimed by accounts "
        + quoted(ids) + ", which are not one family, so a lead from it matches none of them by its address (right"
        + " for a host several companies share; if it is one company's, give it to one account, or make one the"
        + " other's parent)"));
    conflicts.names().forEach((name, ids) -> out.add("accounts " + quoted(ids) + " have the same name (compared"
        + " as '" + name + "'), so a lead with that company name and no account's domain matches none of them by name"));
  }

  private static String quoted(List<String> ids) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < ids.size(); i++) {
      sb.append(i == 0 ? "" : i == ids.size() - 1 ? " and " : ", ").append('\'').append(ids.get(i)).append('\'');
    }
    return sb.toString();
  }

  /** The warnings about {@code when_leads_qualify: hand_off} (see {@link #warnings}). */
  private void handOffWarnings(List<String> out) {
    if (!bound.handOffQualifiedLeads) {
      return;
    }
    if (!bound.reps.isEmpty() && bound.reps.stream().noneMatch(r -> r.role() == io.smartrouting.api.RepRole.SDR)) {
      out.add("when_leads_qualify: hand_off hands nothing off: no rep of the roster has role SDR (only an SDR's lead"
          + " is handed off when it becomes sales-qualified)");
    }
    if (bound.handOffWithinTeam && bound.reps.stream().anyMatch(r -> r.role() == io.smartrouting.api.RepRole.SDR)
        && bound.reps.stream().noneMatch(r -> r.role() == io.smartrouting.api.RepRole.SDR && r.team() != null)) {
      out.add("when_leads_qualify: hand_off_within_team, but no SDR has a team: every hand-off looks among all reps,"
          + " as hand_off does (give each SDR the team of its pod)");
    }
    if (learning != null) {
      // The model credits an SDR its qualifications and the others their closes: rates of two steps of the funnel.
      for (int i = 0; i < chain.size(); i++) {
        ChainStep step = chain.get(i);
        String performance = step.config().get("weight.performance");
        io.smartrouting.core.expr.RepFilter reps = step.reps();
        if (!"weighted".equals(step.strategyName()) || performance == null || !positive(performance)) {
          continue;
        }
        boolean sdr = false;
        boolean other = false;
        for (io.smartrouting.api.Rep r : bound.reps) {
          if (reps == null || reps.matches(r)) {
            sdr |= r.role() == io.smartrouting.api.RepRole.SDR;
            other |= r.role() != io.smartrouting.api.RepRole.SDR;
          }
        }
        if (sdr && other) {
          out.add("chain[" + i + "] '" + step.label() + "' weighs performance among SDRs and other reps alike:"
              + " with when_leads_qualify: hand_off, learning rates an SDR by the leads it qualifies and the others"
              + " by the deals they close, which do not compare; give the SDRs a step of their own"
              + " (reps: role = 'SDR')");
        }
      }
    }
    int first = 0;
    while (first < chain.size() && !readsQualified(chain.get(first))) {
      first++;
    }
    if (first == chain.size()) {
      out.add("when_leads_qualify: hand_off, but no chain step's when reads sales_qualified: a qualified lead handed"
          + " off follows the steps any lead of its tier does and may reach another SDR; give qualified leads a step"
          + " of their own (when: sales_qualified = true, reps: role = 'AE')");
      return;
    }
    // After the step for qualified leads, a step that any lead reaches and an SDR may take: a qualified lead waiting
    // for an AE (all full, off shift) drains there, to another SDR.
    for (int i = first + 1; i < chain.size(); i++) {
      ChainStep step = chain.get(i);
      io.smartrouting.core.expr.RepFilter reps = step.reps();
      boolean sdrMayTake = bound.reps.stream().anyMatch(r -> r.role() == io.smartrouting.api.RepRole.SDR
          && (reps == null || reps.matches(r)));
      if (step.queue() == null && !readsQualified(step) && sdrMayTake) {
        out.add("chain[" + i + "] '" + step.label() + "' takes leads whatever sales_qualified says, and an SDR may"
            + " take them: with when_leads_qualify: hand_off, a qualified lead no step before it takes (its AEs full"
            + " or off shift) goes there, to another SDR; add when: sales_qualified = false");
      }
    }
  }

  /** True if {@code number} reads as a number above zero (a bad one is the strategy's error to name). */
  private static boolean positive(String number) {
    try {
      return Double.parseDouble(number.trim()) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** True if {@code step}'s condition reads {@code sales_qualified}. */
  private static boolean readsQualified(ChainStep step) {
    return step.when() != null && step.when().text().toLowerCase(java.util.Locale.ROOT).contains("sales_qualified");
  }

  /**
   * Adds a warning for each step whose reps filter matches no rep, and for each rep that can reach no lead with a
   * country: no territory, no named account, no account of which it is one of the people, and no rep it manages (a
   * manager may be there for escalations alone).
   */
  private void repWarnings(List<String> out) {
    Set<String> managers = new java.util.HashSet<>();
    for (Rep r : bound.reps) {
      managers.add(r.managerId());
    }
    Set<String> reached = new java.util.HashSet<>(managers);
    for (io.smartrouting.api.Account a : bound.accounts) {
      reached.add(a.ownerRepId());
      reached.add(a.backupRepId());
      reached.add(a.aeRepId());
      reached.addAll(a.teamRepIds());
    }
    filterWarnings(out);
    territoryWarnings(out, managers);
    industryWarnings(out);
    for (int i = 0; i < bound.reps.size(); i++) {
      Rep r = bound.reps.get(i);
      if (r.territories().isEmpty() && r.namedAccounts().isEmpty() && !reached.contains(r.id())) {
        out.add("reps[" + i + "] '" + r.id() + "' has no territories, no named accounts and no accounts of its own,"
            + " so it takes only leads without a country; give it territories ('US', 'US-CA', 'US:941', '*'),"
            + " or set them in rep_defaults");
      }
    }
  }

  /**
   * Adds a warning for each territory of the roster that names no place the ISO data knows ({@link
   * io.smartrouting.api.Codes#unknownPlace}: {@code DX}, {@code US-CF}), naming the reps that have it: accepted, since
   * user-assigned codes are in use, but a typo among them matches no lead. A country code of one's own is left alone
   * on a rep that manages others or has the manager's role ({@code HQ}: a manager kept for escalations, whom no lead
   * should match by territory).
   */
  private void territoryWarnings(List<String> out, Set<String> managers) {
    Map<String, List<String>> repsByTerritory = new java.util.TreeMap<>();
    for (Rep r : bound.reps) {
      boolean manager = managers.contains(r.id()) || r.role() == io.smartrouting.api.RepRole.MANAGER;
      for (String t : r.territories()) {
        if (!manager || t.indexOf('-') >= 0) {
          repsByTerritory.computeIfAbsent(t, k -> new java.util.ArrayList<>()).add(r.id());
        }
      }
    }
    repsByTerritory.forEach((territory, ids) -> {
      String why = io.smartrouting.api.Codes.unknownPlace(territory);
      if (why != null) {
        out.add("territory '" + territory + "' of " + repsNamed(ids) + ": " + why
            + ", so no lead with a known country or region matches it; check it for a typo");
      }
    });
  }

  /**
   * Adds a warning for each industry of the roster spelt within two edits of another that more reps list
   * ({@code retial} beside {@code retail}; of two spelt by as many reps, the one later in the alphabet), naming its
   * reps: a lead's industry matches a rep's only as spelt, so the reps of the other spelling are never specialists for those
   * leads, and the weighted step's industry factor and the generalist fallback treat them as strangers to it.
   */
  private void industryWarnings(List<String> out) {
    Map<String, List<String>> repsByIndustry = new java.util.TreeMap<>();
    for (Rep r : bound.reps) {
      for (String industry : r.industries()) {
        repsByIndustry.computeIfAbsent(industry, k -> new java.util.ArrayList<>()).add(r.id());
      }
    }
    repsByIndustry.forEach((industry, ids) -> {
      List<String> others = new java.util.ArrayList<>(repsByIndustry.keySet());
      others.remove(industry);
      String closest = io.smartrouting.config.internal.Names.closest(industry, others);
      if (closest == null) {
        return;
      }
      int theirs = repsByIndustry.get(closest).size();
      if (ids.size() < theirs || ids.size() == theirs && industry.compareTo(closest) > 0) {
        out.add("industry '" + industry + "' of " + repsNamed(ids) + " is spelt within two letters of '" + closest
            + "' (" + theirs + (theirs == 1 ? " rep" : " reps") + "): a lead's industry matches only as spelt, so"
            + " leads in '" + closest + "' never see " + (ids.size() == 1 ? "it" : "them") + " as specialists; if"
            + " they are one industry, spell it alike");
      }
    });
  }

  /** {@code rep 'ana'}, {@code reps 'ana' and 'bob'}, or the first three and how many more. */
  private static String repsNamed(List<String> ids) {
    return (ids.size() == 1 ? "rep " : "reps ") + (ids.size() <= 3 ? quoted(ids)
        : "'" + String.join("', '", ids.subList(0, 3)) + "' and " + (ids.size() - 3) + " more");
  }

  /**
   * Adds a warning for each time off not over by {@code today} whose cover cannot cover it: a rep out of office
   * ({@code active: false}), or on time off itself during part of it. Either way the cover is passed over then, and the
   * rep's hand-over and account leads go through the chain as without a cover. And for each time off that overlaps an
   * earlier one of the same rep with another cover (or none): while both run, the one that started first applies, so
   * the later one's cover stands in only after it.
   */
  private void coverWarnings(List<String> out, java.time.LocalDate today) {
    java.time.Instant from = today.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    Map<String, Rep> byId = new java.util.HashMap<>();
    for (Rep r : bound.reps) {
      byId.put(r.id(), r);
    }
    for (int i = 0; i < bound.reps.size(); i++) {
      Rep r = bound.reps.get(i);
      for (io.smartrouting.api.TimeOff t : r.timeOff()) {
        Rep cover = t.coverRepId() == null ? null : byId.get(t.coverRepId());
        if (cover == null || !t.end().isAfter(from)) {
          continue;
        }
        String which = "reps[" + i + "] '" + r.id() + "': the cover of its time off from " + t.start() + " to "
            + t.end() + ", '" + cover.id() + "', ";
        if (!cover.active()) {
          out.add(which + "is out of office (active: false), so it is passed over and the chain takes what it would"
              + " have covered; name a cover at work");
          continue;
        }
        for (io.smartrouting.api.TimeOff u : cover.timeOff()) {
          if (u.start().isBefore(t.end()) && t.start().isBefore(u.end())) {
            out.add(which + "is on time off itself from " + u.start() + " to " + u.end() + ", and passed over"
                + " while both are away: the chain takes what it would have covered then; name a cover at work then");
            break;
          }
        }
      }
      List<io.smartrouting.api.TimeOff> periods = r.timeOff(); // by start
      for (int b = 1; b < periods.size(); b++) {
        io.smartrouting.api.TimeOff later = periods.get(b);
        if (!later.end().isAfter(from)) {
          continue; // over
        }
        for (int a = 0; a < b; a++) {
          io.smartrouting.api.TimeOff first = periods.get(a);
          if (first.end().isAfter(later.start())
              && !java.util.Objects.equals(first.coverRepId(), later.coverRepId())) {
            out.add("reps[" + i + "] '" + r.id() + "': its time off from " + later.start() + " to " + later.end()
                + " (" + coverWords(later) + ") overlaps the one from " + first.start() + " to " + first.end() + " ("
                + coverWords(first) + "), which started first and applies while both run; merge them, or name one"
                + " cover");
            break;
          }
        }
      }
    }
  }

  private static String coverWords(io.smartrouting.api.TimeOff t) {
    return t.coverRepId() == null ? "no cover" : "cover '" + t.coverRepId() + "'";
  }

  /**
   * Adds a warning for each weighted step with fair-share bounds whose half-life is short for its pool of reps: over
   * a half-life of {@code h} decisions among {@code n} reps a rep's fair share is about {@code h / (ln 2 × n)} leads,
   * and with a share under two leads the bounds leave the scores little room (a rep that has had a lead is soon above
   * the maximum, or below the minimum again), so the leads spread almost evenly and learning lifts little: in the
   * simulator's default world with 80 reps, +6% conversion over round-robin at a half-life of 30 (a share of 0.54
   * leads), +10.5% at 74, +17% at 300 and +19.5% at 2,000, learning without bounds +22%.
   */
  private void fairShareWarnings(List<String> out) {
    for (int i = 0; i < chain.size(); i++) {
      ChainStep step = chain.get(i);
      if (!"weighted".equals(step.strategyName())
          || step.config().get("fairness.max") == null && step.config().get("fairness.min") == null) {
        continue;
      }
      double halfLife = step.config().getDouble("fairness.halfLife", 1000);
      io.smartrouting.core.expr.RepFilter filter = step.reps();
      long pool = bound.reps.stream().filter(r -> r.active() && (filter == null || filter.matches(r))).count();
      double share = halfLife / (Math.log(2) * Math.max(pool, 1));
      if (pool > 1 && share < 2) {
        long enough = (long) Math.ceil(5 * Math.log(2) * pool);
        out.add(String.format(java.util.Locale.ROOT, "chain[%d] '%s' keeps fair shares over a half-life of %s"
            + " decisions among %d reps: a rep's fair share is about %.2f leads, too few for the bounds to leave the"
            + " scores room (a rep that has had a lead is soon above its maximum or below its minimum again), so the"
            + " leads spread almost evenly and learning lifts little; a fairness.halfLife of at least %d gives each"
            + " rep a share of about 5 leads", i, step.label(), fmtNumber(halfLife), pool, share, enough));
      }
    }
  }

  private static String fmtNumber(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** Adds a warning for each chain step whose rep filter matches no rep of the roster. */
  private void filterWarnings(List<String> out) {
    for (int i = 0; i < chain.size(); i++) {
      io.smartrouting.core.expr.RepFilter filter = chain.get(i).reps();
      if (filter != null && !bound.reps.isEmpty() && bound.reps.stream().noneMatch(filter::matches)) {
        out.add("chain[" + i + "] '" + chain.get(i).label() + "' has a reps filter that no rep of the roster matches ("
            + filter.text() + "), so the step never assigns a lead; check its names and values against the roster");
      }
    }
  }

  /** The built-in steps that assign every lead they see while some rep is a candidate. */
  private static final Set<String> ASSIGN_ANY_CANDIDATE = Set.of("round-robin", "weighted");

  /**
   * Adds a warning for each string a step's condition compares a lead's {@code industry} with that no rep lists and
   * that is spelt within two letters of one a rep lists ({@code industry = 'helthcare'}), and for each it compares
   * {@code account} with that no account of the document has: the condition holds for no lead that way, so the step
   * never runs for the leads it was written for.
   */
  private void conditionWarnings(List<String> out) {
    Map<String, Integer> repsByIndustry = new java.util.TreeMap<>();
    for (Rep r : bound.reps) {
      r.industries().forEach(industry -> repsByIndustry.merge(industry, 1, Integer::sum));
    }
    java.util.Set<String> accountIds = new java.util.HashSet<>();
    bound.accounts.forEach(a -> accountIds.add(a.id()));
    for (int i = 0; i < chain.size(); i++) {
      io.smartrouting.core.expr.LeadCondition when = chain.get(i).when();
      if (when == null) {
        continue;
      }
      String step = "chain[" + i + "] '" + chain.get(i).label() + "'";
      for (String industry : when.comparedValues("industry")) {
        String lower = industry.toLowerCase(java.util.Locale.ROOT);
        String closest = repsByIndustry.containsKey(lower) ? null
            : io.smartrouting.config.internal.Names.closest(lower, repsByIndustry.keySet());
        if (closest != null) {
          int n = repsByIndustry.get(closest);
          out.add(step + " compares industry with '" + industry + "', which no rep lists and is spelt within two"
              + " letters of '" + closest + "' (" + n + (n == 1 ? " rep" : " reps") + "): a lead's industry matches"
              + " only as spelt; if they are one industry, spell it alike");
        }
      }
      for (String account : when.comparedValues("account")) {
        if (!accountIds.contains(account)) {
          String closest = io.smartrouting.config.internal.Names.closest(account, accountIds);
          out.add(step + " compares account with '" + account + "', which is no account's id in this configuration"
              + (closest == null ? "" : " (did you mean '" + closest + "'?)") + ", so it holds for no lead matched to"
              + " one of its accounts; accounts the router is given in code are not known here");
        }
      }
    }
  }

  /** Adds a warning for each chain step that runs only after earlier steps have assigned every lead they could. */
  private void chainWarnings(List<String> out) {
    java.util.EnumMap<io.smartrouting.api.Tier, String> takenBy =
        new java.util.EnumMap<>(io.smartrouting.api.Tier.class);
    for (int i = 0; i < chain.size(); i++) {
      ChainStep step = chain.get(i);
      Set<io.smartrouting.api.Tier> runs = step.tiers().isEmpty()
          ? java.util.EnumSet.allOf(io.smartrouting.api.Tier.class) : step.tiers();
      if (takenBy.keySet().containsAll(runs)) {
        java.util.Set<String> earlier = new java.util.TreeSet<>();
        for (io.smartrouting.api.Tier t : runs) {
          earlier.add(takenBy.get(t));
        }
        out.add("chain[" + i + "] '" + step.label() + "' only sees leads no rep can take now: " + String.join(", ",
            earlier) + " before it assign" + (earlier.size() == 1 ? "s" : "") + " every lead of " + tiersText(runs)
            + " that has a candidate; move it up the chain or give the earlier step a condition");
      }
      if (step.when() != null || step.reps() != null || step.strategyName() == null) {
        continue;
      }
      String name = step.strategyName();
      orderWarning(out, i, step, "same-company", "returning-contact",
          "a person writing again would go to the rep of their company's latest lead, not of their own");
      if (!bound.accounts.isEmpty()) {
        orderWarning(out, i, step, name, "account-owner", "a known account's lead would go to the rep of an"
            + " earlier lead of " + ("same-company".equals(name) ? "its company" : "its person")
            + " rather than to the account's people");
      }
      for (io.smartrouting.api.Tier t : runs) {
        if (ASSIGN_ANY_CANDIDATE.contains(name)
            || name.equals("tier-fast-track") && t == io.smartrouting.api.Tier.TIER_1) {
          takenBy.putIfAbsent(t, "'" + step.label() + "'");
        }
      }
    }
  }

  /**
   * Adds a warning when {@code step} (chain[{@code i}], unconditional) is a {@code first} that comes before the chain's
   * first {@code later} step, where {@code later} belongs first; {@code why} says what goes wrong.
   */
  private void orderWarning(List<String> out, int i, ChainStep step, String first, String later, String why) {
    if (!first.equals(step.strategyName()) || !Set.of("returning-contact", "same-company").contains(first)) {
      return;
    }
    for (int j = i + 1; j < chain.size(); j++) {
      if (later.equals(chain.get(j).strategyName())) {
        out.add("chain[" + i + "] '" + step.label() + "' comes before chain[" + j + "] '" + chain.get(j).label()
            + "': " + why + "; put '" + chain.get(j).label() + "' first");
        return;
      }
    }
  }

  private static String tiersText(Set<io.smartrouting.api.Tier> tiers) {
    java.util.StringJoiner j = new java.util.StringJoiner(", ", tiers.size() == 1 ? "tier " : "tiers ", "");
    for (io.smartrouting.api.Tier t : java.util.EnumSet.copyOf(tiers)) {
      j.add(Integer.toString(t.number()));
    }
    return j.toString();
  }

  @Override
  public String toString() {
    return "RoutingConfig[" + file + ", version " + bound.version + ", " + bound.reps.size() + " reps, "
        + bound.accounts.size() + " accounts, chain " + chain + (variant == null ? "" : ", variant " + variant)
        + (bound.experiment == null || variant != null ? "" : ", experiment " + bound.experiment.name()) + "]";
  }
}
