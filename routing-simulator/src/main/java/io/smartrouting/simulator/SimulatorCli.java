package io.smartrouting.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The simulator's command line: {@code simulate --seed 7 --leads 20000 --json target/sim.json}. */
@Command(name = "routing-simulator", mixinStandardHelpOptions = true,
    description = "Measures routing strategies against round-robin in a seeded synthetic world before go-live.",
    subcommands = {SimulatorCli.Simulate.class})
public final class SimulatorCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Runs the CLI and exits with its status. */
  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine().execute(args));
  }

  /** The command line {@link #main} runs: the errors as messages, the version on every command. */
  static CommandLine commandLine() {
    return withVersion(errorsAsMessages(new CommandLine(new SimulatorCli())), "routing-simulator");
  }

  /**
   * {@code cl}, with {@code --version} answering {@code <name> <version>} (the version these tools were built as) on
   * it and on every command below it; a command of picocli's own answers nothing unless it is given a version.
   */
  public static CommandLine withVersion(CommandLine cl, String name) {
    String[] line = {name + " " + version()};
    giveVersion(cl, () -> line);
    return cl;
  }

  private static void giveVersion(CommandLine cl, CommandLine.IVersionProvider provider) {
    cl.getCommandSpec().versionProvider(provider);
    cl.getSubcommands().values().forEach(sub -> giveVersion(sub, provider));
  }

  /** The version these tools were built as (the Maven project's), read from a resource the build fills in. */
  static String version() {
    try (java.io.InputStream in = SimulatorCli.class.getResourceAsStream("version.txt")) {
      String v = in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      return v.isEmpty() || v.startsWith("${") ? "(version unknown: not built by Maven)" : v;
    } catch (IOException e) {
      return "(version unknown: " + e.getMessage() + ")";
    }
  }

  /**
   * {@code cl}, made to report the errors a user can fix as one message each, without a stack trace: a configuration
   * with errors (exit 1, every error), a file that cannot be read (exit 2), a value refused (exit 1). The routing CLI
   * uses it too.
   */
  public static CommandLine errorsAsMessages(CommandLine cl) {
    // Named values in any case (--date-order dmy), as configurations read them.
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      java.io.PrintWriter err = commandLine.getErr();
      if (ex instanceof io.smartrouting.config.ConfigException) {
        err.println(ex.getMessage());
        return 1;
      }
      if (ex instanceof java.nio.file.NoSuchFileException) {
        err.println("error: no such file: " + ex.getMessage());
        return 2;
      }
      if (ex instanceof IOException) {
        err.println("error: cannot read " + ex.getMessage());
        return 2;
      }
      if (ex instanceof IllegalArgumentException) {
        err.println("error: " + ex.getMessage());
        return 1;
      }
      throw ex;
    });
    return cl;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'simulate --help'");
  }

  /** The {@code simulate} command. */
  @Command(name = "simulate", mixinStandardHelpOptions = true, subcommands = {SimulatorCli.ReplayCommand.class},
      description = "Runs round-robin, the default chain, the default chain with learning and an oracle side by "
          + "side on the same leads, and reports lift over round-robin with 95%% intervals over replications.")
  public static final class Simulate implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the world and the lead streams "
        + "(default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--leads", defaultValue = "20000", description = "Leads per replication, at least 1,000 "
        + "(default ${DEFAULT-VALUE}).")
    int leads;

    @Option(names = "--replications", defaultValue = "5", description = "Replications, each a new lead stream in "
        + "the same world (default ${DEFAULT-VALUE}; at least 2 for intervals).")
    int replications;

    @Option(names = "--reps", defaultValue = "40", description = "Reps in the world, at least 2 "
        + "(default ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--leads-per-day", defaultValue = "500", description = "Leads per business day (default "
        + "${DEFAULT-VALUE}).")
    double leadsPerDay;

    @Option(names = "--world", defaultValue = "default", description = "default (reps differ) or flat (all reps "
        + "identical: the control that smart routing must not lose).")
    String world;

    @Option(names = "--assume", description = "Change a numeric assumption of the world, e.g. --assume "
        + "specialistLift=1.5 --assume decayMinutes=90 (repeatable; an unknown name lists them all).")
    java.util.Map<String, Double> assume = new java.util.LinkedHashMap<>();

    @Option(names = "--json", description = "Also write the results as JSON to this file.")
    Path json;

    @Option(names = "--chart", description = "Also draw cumulative conversions by strategy to this PNG file.")
    Path chart;

    @Option(names = "--quiet", description = "No progress bar (it is off anyway when not on a terminal).")
    boolean quiet;

    @Option(names = "--config", description = "Also run the chain of this routing configuration (YAML or JSON: its"
        + " steps, classification, threshold and queues, on the world's reps) as 'config', to see its lift over"
        + " round-robin before it goes live; a configuration with an experiment runs each variant on every lead,"
        + " as 'config/NAME'.")
    Path config;

    @Override
    public Integer call() throws IOException {
      if (leads < Results.REGRET_WINDOW) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--leads must be at least "
            + Results.REGRET_WINDOW + " but was " + leads);
      }
      if (replications < 2) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--replications must be at least 2 for an "
            + "interval but was " + replications);
      }
      if (reps < 2) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--reps must be at least 2 but was " + reps);
      }
      if (!(leadsPerDay > 0) || Double.isInfinite(leadsPerDay)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--leads-per-day must be > 0 but was "
            + leadsPerDay);
      }
      boolean flat = switch (world.toLowerCase(Locale.ROOT)) {
        case "default" -> false;
        case "flat" -> true;
        default -> throw new CommandLine.ParameterException(spec.commandLine(), "--world must be 'default' or "
            + "'flat' but was '" + world + "'");
      };
      PrintStream err = System.err;
      boolean bar = !quiet && System.console() != null;
      World.Assumptions assumptions = World.assumptions(flat, reps, leadsPerDay);
      for (java.util.Map.Entry<String, Double> e : assume.entrySet()) {
        try {
          assumptions = assumptions.with(e.getKey(), e.getValue());
        } catch (IllegalArgumentException ex) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--assume: " + ex.getMessage());
        }
      }
      io.smartrouting.config.RoutingConfig routing = null;
      EnumSet<Strategy> strategies = EnumSet.complementOf(EnumSet.of(Strategy.CONFIGURED));
      if (config != null) {
        routing = io.smartrouting.config.RoutingConfig.load(config);
        strategies.add(Strategy.CONFIGURED);
        io.smartrouting.config.ExperimentPlan plan = routing.experiment();
        List<io.smartrouting.config.RoutingConfig> chains = new java.util.ArrayList<>();
        if (plan == null) {
          chains.add(routing);
        } else {
          for (String v : plan.names()) {
            chains.add(routing.variant(v));
          }
        }
        java.util.Set<String> noted = new java.util.HashSet<>();
        List<io.smartrouting.api.Rep> roster = new World(assumptions, seed).roster(); // the world every run uses
        for (io.smartrouting.config.RoutingConfig c : chains) {
          for (io.smartrouting.core.ChainStep step : c.chain()) {
            if (step.reps() != null && noted.add(step.reps().text())) {
              // Said as it is for this world, where "may match none" left a column of zeros unexplained.
              long matching = roster.stream().filter(step.reps()::matches).count();
              err.println("note: step '" + step.label() + "'" + (c.variantName() == null ? ""
                  : " of variant '" + c.variantName() + "'") + " picks reps by '" + step.reps().text() + "': "
                  + (matching == 0 ? "none" : matching + " of " + roster.size()) + " of the world's generated reps"
                  + " match it (ids rep-000..., no teams, each of the default role, AE)"
                  + (matching == 0 ? ", so the config column routes no lead through this step" : ""));
            }
          }
        }
      }
      Results results = simulate(assumptions, seed, leads, replications, strategies, routing, bar ? err : null);
      System.out.print(results.toText());
      if (json != null) {
        write(json, Json.write(results.toJson()));
        System.out.println("\nJSON written to " + json);
      }
      if (chart != null) {
        drawChart(results, chart);
        System.out.println("Chart written to " + chart);
      }
      return 0;
    }
  }

  /** Runs every replication of every strategy; prints a progress bar to {@code progress} if it is not null. */
  static Results simulate(World.Assumptions assumptions, long seed, int leads, int replications,
      EnumSet<Strategy> strategies, PrintStream progress) {
    return simulate(assumptions, seed, leads, replications, strategies, null, progress);
  }

  /** As above, {@code config} being what {@link Strategy#CONFIGURED} runs (needed only when it is among them). */
  static Results simulate(World.Assumptions assumptions, long seed, int leads, int replications,
      EnumSet<Strategy> strategies, io.smartrouting.config.@org.jspecify.annotations.Nullable RoutingConfig config,
      PrintStream progress) {
    long start = System.nanoTime();
    World world = new World(assumptions, seed);
    Results results = new Results(assumptions, seed, leads);
    // A configuration with an experiment runs as its variants, each on the whole stream, instead of as one chain.
    io.smartrouting.config.ExperimentPlan plan = strategies.contains(Strategy.CONFIGURED) && config != null
        ? config.experiment() : null;
    int columns = strategies.size() + (plan == null ? 0 : plan.variants().size() - 1);
    long total = (long) leads * replications * columns;
    AtomicLong done = new AtomicLong();
    int[] shown = {-1};
    for (int r = 0; r < replications; r++) {
      LeadStream stream = new LeadStream(seed * 1_000_003L + r, leads, assumptions.leadsPerDay());
      java.util.function.IntConsumer step = n -> {
        if (progress == null) {
          return;
        }
        int pct = (int) (100 * done.addAndGet(n) / total);
        if (pct != shown[0]) {
          shown[0] = pct;
          progress.print("\r[" + "#".repeat(pct / 4) + " ".repeat(25 - pct / 4) + "] " + pct + "%");
        }
      };
      for (Strategy s : strategies) {
        if (s == Strategy.CONFIGURED && plan != null) {
          for (io.smartrouting.config.ExperimentPlan.Variant v : plan.variants()) {
            results.add(Simulation.run(world, stream, s, java.util.Objects.requireNonNull(config).variant(v.name()),
                "config/" + v.name(), variantDescription(plan, v), step));
          }
        } else {
          results.add(Simulation.run(world, stream, s, config, step));
        }
      }
    }
    if (progress != null) {
      progress.print("\r" + " ".repeat(40) + "\r");
    }
    results.seconds = (System.nanoTime() - start) / 1e9;
    return results;
  }

  /** What a variant's column ran: its chain, learning, and the share it would get live. */
  static String variantDescription(io.smartrouting.config.ExperimentPlan plan,
      io.smartrouting.config.ExperimentPlan.Variant v) {
    return String.format(Locale.ROOT, "variant '%s'%s of experiment '%s' in --config (%.0f%% of leads live; here"
        + " every lead): %s, learning %s", v.name(), v.name().equals(plan.control()) ? " (control)" : "",
        plan.name(), 100 * plan.fraction(v), v.ownChain() ? "its own chain" : "the document's chain",
        v.learns() ? "on" : "off");
  }

  static void drawChart(Results results, Path file) throws IOException {
    XYChart chart = new XYChartBuilder().width(900).height(540)
        .title("Cumulative conversions by strategy (replication 1, world '" + results.assumptions.name() + "')")
        .xAxisTitle("leads routed").yAxisTitle("won leads").build();
    for (String label : results.labels()) {
      Simulation.Run run = results.runsOf(label).get(0);
      int points = 200;
      int step = Math.max(1, run.leads / points);
      double[] x = new double[run.leads / step];
      double[] y = new double[x.length];
      int won = 0;
      int p = 0;
      for (int i = 0; i < run.leads && p < x.length; i++) {
        won += run.wonByLead[i] ? 1 : 0;
        if ((i + 1) % step == 0) {
          x[p] = i + 1;
          y[p++] = won;
        }
      }
      chart.addSeries(label, x, y).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  static void write(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }


  /** {@code simulate replay}: the team's own closed deals replayed through the SDK's chains. */
  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = "Splits a closed-deals export in time, warm-starts learning on the earlier part, routes every "
          + "later deal afresh through round-robin, weighted, learning and performance-only chains, and reports each "
          + "chain's expected win rate, lift over round-robin with a 95%% bootstrap interval, and the reps it starves.")
  public static final class ReplayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--history", required = true, description = "Closed deals CSV: date, rep, outcome (WON/LOST), "
        + "industry (or sector), optional country, segment or employees/arr.")
    java.nio.file.Path history;

    @Option(names = "--roster", required = true, description = "Reps CSV, the columns of the demo's --roster "
        + "(id, territories, industries, segments, languages, capacity, ...).")
    java.nio.file.Path roster;

    @Option(names = "--train", defaultValue = "0.7", description = "Earlier share of the deals to warm-start on "
        + "(default ${DEFAULT-VALUE}).")
    double train;

    @Option(names = "--open-days", defaultValue = "14", description = "Days a routed lead holds its rep's capacity "
        + "in the replay (default ${DEFAULT-VALUE}).")
    int openDays;

    @Option(names = "--half-life", defaultValue = "0", description = "Closed outcomes per segment after which the "
        + "learned counts weigh half, so learning follows reps who changed (default ${DEFAULT-VALUE}: never).")
    long halfLife;

    @Option(names = "--bootstrap", defaultValue = "1000", description = "Bootstrap resamples (default "
        + "${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "7", description = "Bootstrap seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--date-order", defaultValue = "AUTO", description = "Numeric dates such as 3/4/2026: MDY "
        + "(month first), DMY (day first), or AUTO: what the file's dates show (default ${DEFAULT-VALUE}).")
    DealDates.Order dateOrder;

    @Override
    public Integer call() {
      try {
        List<io.smartrouting.api.Rep> reps;
        try (java.io.Reader r = java.nio.file.Files.newBufferedReader(roster)) {
          reps = io.smartrouting.config.RosterFiles.reps(r, roster.getFileName().toString());
        }
        List<Replay.Deal> deals;
        try (java.io.Reader r = java.nio.file.Files.newBufferedReader(history)) {
          deals = Replay.readHistory(r, history.getFileName().toString(),
              io.smartrouting.core.ClassificationPolicy.defaults(), dateOrder);
        }
        if (bootstrap < 100) {
          throw new IllegalArgumentException("--bootstrap must be at least 100 but was " + bootstrap);
        }
        spec.commandLine().getOut().print(Replay.run(deals, reps, train, openDays, seed, bootstrap,
            io.smartrouting.core.learning.LearningPolicy.builder().halfLifeOutcomes(halfLife).build()).toText());
        spec.commandLine().getOut().flush();
        return 0;
      } catch (java.nio.file.NoSuchFileException e) {
        spec.commandLine().getErr().println("no such file: " + e.getFile());
        return 2;
      } catch (IOException e) {
        spec.commandLine().getErr().println("cannot read: " + e.getMessage());
        return 2;
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return 1;
      }
    }
  }
}
