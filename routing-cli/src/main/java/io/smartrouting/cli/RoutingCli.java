package io.smartrouting.cli;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.config.ConfigDiff;
import io.smartrouting.config.LeadFiles;
import io.smartrouting.config.RoutingConfig;
import io.smartrouting.config.Scenario;
import io.smartrouting.core.Router;
import io.smartrouting.simulator.SimulatorCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code routing} command: {@code validate}, {@code route}, {@code explain}, {@code diff}, {@code reps},
 * {@code history}, {@code report} and {@code simulate}.
 * Exit codes: 0 done (and valid), 1 the configuration or the leads are not valid (or a scenario fails), 2 the command
 * line is wrong or a file cannot be read. User errors print a message, never a stack trace.
 */
@Command(name = "routing", mixinStandardHelpOptions = true,
    description = "Validate, run and compare routing configurations; simulate strategies before go-live.",
    subcommands = {RoutingCli.Validate.class, RoutingCli.Route.class, RoutingCli.Explain.class,
        RoutingCli.Diff.class, RoutingCli.Offboard.class, RoutingCli.Reps.class, History.class, Report.class,
        SimulatorCli.Simulate.class})
public final class RoutingCli implements Runnable {

  /** A configuration or leads file that is not valid. */
  static final int INVALID = 1;
  /** A wrong command line or a file that cannot be read. */
  static final int USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine().execute(args));
  }

  /** The command line, with the exit codes and the no-stack-trace error handling. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new RoutingCli());
    // Errors a user can fix are one message each, no stack trace (exit 1 invalid, 2 unreadable): as the simulator.
    SimulatorCli.errorsAsMessages(cl);
    // --version on every command, with the version it was built as (it printed a fixed 0.1.0, and nothing on a
    // subcommand: 'routing validate --version').
    return SimulatorCli.withVersion(cl, "routing");
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing command: validate, route, explain, diff, offboard, reps, history, report or simulate (try --help)");
  }

  /** How a command reading a file of leads treats bad leads and unknown columns ({@code route}, {@code diff}, ...). */
  static final class LeadFileOptions {
    @Option(names = "--skip-invalid", description = "Use the good leads of a file with bad ones, listing the bad ones"
        + " on standard error (default: a file with a bad lead is refused, every bad lead listed).")
    boolean skipInvalid;

    @Option(names = "--ignore-other-columns", description = "Leave out CSV columns that name no lead field (a CRM"
        + " export's First Name, Phone), listing them on standard error; a column spelt like a field is still an"
        + " error.")
    boolean ignoreOtherColumns;
  }

  /** {@code --open FILE}: the leads already open, taken up before the command routes ({@code route}, ...). */
  static final class OpenLeadsOption {
    @Option(names = "--open", paramLabel = "OPEN", description = "Leads already open, taken up as they stand before"
        + " anything is routed (Router.adopt), so that reps' loads and queues count them: a CRM's export of the leads"
        + " reps hold and queues keep, CSV or JSON, each a lead's fields with rep (or Lead Owner) or queue, since (or"
        + " Assigned At: 2026-12-01T09:30:00Z), and optionally contacted_at, first_contact_deadline (false: no"
        + " deadline, for a backlog) and its SLA history (first_routed_at, missed_deadlines, earlier_holders).")
    @org.jspecify.annotations.Nullable Path file;
  }

  /** What taking up a file of open leads did: the leads by id, and the summary for standard error. */
  record Adopted(java.util.Set<String> ids, String summary) {}

  /**
   * Reads {@code option}'s file of open leads (columns named by {@code config}) and has {@code adopt} take each up;
   * nothing when no file is given. An open lead that cannot be taken up (times after {@code --at}) is an error naming
   * the file.
   */
  static Adopted adoptOpen(OpenLeadsOption option, RoutingConfig config, boolean ignoreOtherColumns,
      java.util.function.Function<io.smartrouting.core.ExistingLead, Decision> adopt) throws IOException {
    Path file = option.file;
    if (file == null) {
      return new Adopted(java.util.Set.of(), "");
    }
    List<io.smartrouting.core.ExistingLead> open = io.smartrouting.config.LeadFiles.readOpen(file, ignoreOtherColumns,
        config);
    java.util.Set<String> ids = new java.util.LinkedHashSet<>();
    java.util.Map<String, Integer> byQueue = new java.util.TreeMap<>();
    java.util.Map<String, Integer> held = new java.util.HashMap<>();
    int timed = 0;
    for (io.smartrouting.core.ExistingLead e : open) {
      Decision d;
      try {
        d = adopt.apply(e);
      } catch (IllegalArgumentException ex) {
        throw notTakenUp(file, ex);
      }
      ids.add(d.leadId());
      if (d.repId() != null) {
        held.merge(d.repId(), 1, Integer::sum);
      } else {
        byQueue.merge(d.queue(), 1, Integer::sum);
      }
      timed += d.slaDeadline() != null && e.contactedAt() == null ? 1 : 0;
    }
    // The reps the book fills: they get no new leads until some of it is released.
    java.util.Set<String> full = new java.util.TreeSet<>();
    for (io.smartrouting.api.Rep r : config.reps()) {
      if (held.getOrDefault(r.id(), 0) >= r.capacity()) {
        full.add(r.id());
      }
    }
    int waiting = byQueue.values().stream().mapToInt(Integer::intValue).sum();
    String summary = String.format(Locale.ROOT, "took up %d open lead(s) of %s: %d held by %d rep(s)%s, %d waiting%s;"
        + " %d with a first-contact deadline running", ids.size(), file, ids.size() - waiting, held.size(),
        full.isEmpty() ? "" : " (" + full.size() + " of them at or over capacity, given no new leads: "
            + firstTen(List.copyOf(full)) + ")", waiting, byQueue.isEmpty() ? "" : " " + byQueue, timed);
    return new Adopted(ids, summary);
  }

  /** An open lead of {@code file} that could not be taken up ({@code e} names it): the file named, and the option. */
  static IllegalArgumentException notTakenUp(Path file, IllegalArgumentException e) {
    return new IllegalArgumentException(file + ": " + e.getMessage() + " (--at sets the instant of the run)", e);
  }

  /**
   * The leads of {@code file}: all of them, or with {@code skipInvalid} the good ones, the bad ones listed on standard
   * error (at most {@link LeadFiles#LISTED}, the rest counted). A refused file's error says how to route the good
   * leads anyway.
   */
  static List<Lead> readLeads(CommandLine.Model.CommandSpec spec, Path file, RoutingConfig config,
      boolean skipInvalid, boolean ignoreOtherColumns) throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    LeadFiles.Read read;
    try {
      if (!skipInvalid && !ignoreOtherColumns) {
        return LeadFiles.read(file, config); // JSON errors with their carets
      }
      read = LeadFiles.readValid(file, ignoreOtherColumns, config);
      if (!read.ignoredColumns().isEmpty()) {
        err.println("ignored " + read.ignoredColumns().size() + " column(s) of " + file + " that name no lead"
            + " field: " + String.join(", ", read.ignoredColumns()));
      }
      if (!skipInvalid) {
        return read.leadsIfAllGood(file.toString());
      }
    } catch (io.smartrouting.config.ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // What would get the file read: the option for the problem at hand.
      // A problem of the header (line 1) is not one of a lead: skipping bad leads would not get past it.
      boolean header = e.getMessage().contains(" line 1: ");
      boolean unknownColumn = e.getMessage().contains("unknown column");
      boolean typo = e.getMessage().contains("did you mean");
      throw new IllegalArgumentException(e.getMessage() + (unknownColumn && !ignoreOtherColumns && !typo
          ? "\n(--ignore-other-columns leaves out columns that name no lead field)"
          : !header && !skipInvalid ? "\n(--skip-invalid routes the good leads and lists the bad ones)" : ""), e);
    }
    List<String> problems = read.problems();
    if (!problems.isEmpty()) {
      err.println("skipped " + problems.size() + " invalid lead(s) of " + file + ", " + read.leads().size()
          + " read:");
      for (int i = 0; i < Math.min(LeadFiles.LISTED, problems.size()); i++) {
        err.println("  " + problems.get(i));
      }
      if (problems.size() > LeadFiles.LISTED) {
        err.println("  ... and " + (problems.size() - LeadFiles.LISTED) + " more");
      }
    }
    return read.leads();
  }

  private static Clock clockAt(CommandLine.Model.CommandSpec spec, String at) {
    if (at == null || at.equals("now")) {
      return Clock.systemUTC();
    }
    return Clock.fixed(instant(spec, "--at", at, " (or 'now')"), ZoneOffset.UTC);
  }

  /** The instant option {@code option} gives as {@code value}, or a usage error that says how to write one. */
  static Instant instant(CommandLine.Model.CommandSpec spec, String option, String value, String orElse) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " must be an instant such as "
          + "2026-03-02T15:00:00Z" + orElse + " but was '" + value + "'");
    }
  }

  /** {@code validate CONFIG}: every error at once; the configuration's scenarios are run too. */
  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Checks routing configurations and prints every problem (file:line:column: path: message)."
          + " Runs the scenarios each configuration carries. Exit 0 when all are valid, 1 when one is not.")
  static final class Validate implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "CONFIG", description = "Routing configurations (YAML or JSON): one, or"
        + " every tenant's, each checked on its own.")
    List<Path> configs;

    @Option(names = "--at", defaultValue = "2026-03-02T15:00:00Z", description = "The instant scenarios are routed"
        + " at, unless a scenario gives its own 'at' (default ${DEFAULT-VALUE}; 'now' for the clock).")
    String at;

    @Option(names = "--json", description = "Print one JSON object a line on standard output instead, one for each"
        + " configuration, for a CI job or an editor: file, valid, version, reps, accounts, chain, experiment (name,"
        + " sticky_by, remember_leads, variants: name, share, own_chain, chain, learning; null without one), errors (file, line,"
        + " column, path, value, message), scenarios (run, failed: name and problem) and warnings. The exit code is"
        + " the same.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      int exit = 0;
      for (Path config : configs) {
        exit = Math.max(exit, validate(config));
      }
      return exit;
    }

    /** Checks one configuration and prints what it found; its exit code. */
    private int validate(Path config) throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      RoutingConfig c;
      try {
        c = RoutingConfig.load(config);
      } catch (io.smartrouting.config.ConfigException e) {
        if (!json) {
          if (configs.size() == 1) {
            throw e;
          }
          spec.commandLine().getErr().println(e.getMessage());
          return INVALID;
        }
        out.println(JSON.writeValueAsString(report(config, null, e.errors(), List.of(), List.of())));
        return INVALID;
      }
      List<String[]> failed = new java.util.ArrayList<>();
      for (Scenario s : c.scenarios()) {
        Clock clock = s.at() != null ? Clock.fixed(s.at(), ZoneOffset.UTC) : clockAt(spec, at);
        try (Router router = c.forScenario(s).toBuilder().clock(clock).manualTimers().build()) {
          Decision d = router.route(s.lead());
          String problem = s.mismatch(d, c.reps());
          if (problem != null) {
            failed.add(new String[] {s.name(), problem});
          }
        }
      }
      // Judged by today's date, whatever --at says: they are about keeping the document up to date.
      List<String> warnings = c.warnings(java.time.LocalDate.now(java.time.ZoneOffset.UTC));
      if (json) {
        out.println(JSON.writeValueAsString(report(config, c, List.of(), failed, warnings)));
        return failed.isEmpty() ? 0 : INVALID;
      }
      for (String[] f : failed) {
        spec.commandLine().getErr().println(config + ": scenario '" + f[0] + "': " + f[1]);
      }
      out.printf(Locale.ROOT, "%s: %s (%s: %s, %s, chain %s%s; %d of %d scenarios as"
          + " expected)%n", config, failed.isEmpty() ? "valid" : "valid, but scenarios fail", version(c),
          count(c.reps().size(), "rep"), count(c.accounts().size(), "account"), labels(c),
          c.learning() == null ? "" : "; learning on",
          c.scenarios().size() - failed.size(), c.scenarios().size());
      io.smartrouting.config.ExperimentPlan plan = c.experiment();
      if (plan != null) {
        out.printf(Locale.ROOT, "  experiment '%s', sticky by %s%s:%n", plan.name(),
            plan.stickyBy().name().toLowerCase(Locale.ROOT),
            plan.rememberLeads() == io.smartrouting.core.experiment.Experiment.DEFAULT_REMEMBERED_LEADS ? ""
                : ", a process remembering " + plan.rememberLeads() + " routed leads");
        for (io.smartrouting.config.ExperimentPlan.Variant v : plan.variants()) {
          RoutingConfig vc = c.variant(v.name());
          out.printf(Locale.ROOT, "    %s%s: %.1f%% of leads, chain %s%s%s%n", v.name(),
              v.name().equals(plan.control()) ? " (control)" : "", 100 * plan.fraction(v), labels(vc),
              v.ownChain() ? "" : " (the document's)", v.learns() ? "; learning on" : "");
        }
      }
      for (String warning : warnings) {
        spec.commandLine().getErr().println("warning: " + config + ": " + warning);
      }
      return failed.isEmpty() ? 0 : INVALID;
    }

    /** What {@code --json} prints: {@code c} null when the document did not load (then {@code errors} say why). */
    private static java.util.Map<String, Object> report(Path config,
        @org.jspecify.annotations.Nullable RoutingConfig c, List<io.smartrouting.config.ConfigError> errors,
        List<String[]> failed, List<String> warnings) {
      java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
      r.put("file", config.toString());
      r.put("valid", c != null);
      r.put("version", c == null ? null : c.version());
      r.put("reps", c == null ? 0 : c.reps().size());
      r.put("accounts", c == null ? 0 : c.accounts().size());
      r.put("chain", c == null ? List.of() : c.chain().stream().map(io.smartrouting.core.ChainStep::label).toList());
      io.smartrouting.config.ExperimentPlan plan = c == null ? null : c.experiment();
      if (plan != null) {
        java.util.Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("name", plan.name());
        e.put("sticky_by", plan.stickyBy().name().toLowerCase(Locale.ROOT));
        e.put("remember_leads", plan.rememberLeads());
        List<java.util.Map<String, Object>> vs = new java.util.ArrayList<>();
        for (io.smartrouting.config.ExperimentPlan.Variant v : plan.variants()) {
          java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
          m.put("name", v.name());
          m.put("share", v.share());
          m.put("own_chain", v.ownChain());
          m.put("chain", c.variant(v.name()).chain().stream().map(io.smartrouting.core.ChainStep::label).toList());
          m.put("learning", v.learns());
          vs.add(m);
        }
        e.put("variants", vs);
        r.put("experiment", e);
      } else {
        r.put("experiment", null);
      }
      List<java.util.Map<String, Object>> errs = new java.util.ArrayList<>();
      for (io.smartrouting.config.ConfigError e : errors) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("file", e.file());
        m.put("line", e.line());
        m.put("column", e.column());
        m.put("path", e.path());
        m.put("value", e.value());
        m.put("message", e.message());
        errs.add(m);
      }
      r.put("errors", errs);
      java.util.Map<String, Object> scenarios = new java.util.LinkedHashMap<>();
      scenarios.put("run", c == null ? 0 : c.scenarios().size());
      List<java.util.Map<String, String>> failures = new java.util.ArrayList<>();
      for (String[] f : failed) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("name", f[0]);
        m.put("problem", f[1]);
        failures.add(m);
      }
      scenarios.put("failed", failures);
      r.put("scenarios", scenarios);
      r.put("warnings", warnings);
      return r;
    }
  }

  /** Writes {@code validate --json}'s report. */
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** {@code route CONFIG LEADS}: one JSON line per lead. */
  @Command(name = "route", mixinStandardHelpOptions = true,
      description = "Routes a file of leads (CSV or JSON) in order through one router built from the configuration"
          + " and prints one JSON decision record per line (ids, steps, exclusions, scores; no personal data).")
  static final class Route implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "A routing configuration (YAML or JSON).")
    Path config;

    @Parameters(index = "1", paramLabel = "LEADS", description = "Leads: CSV with a header, or JSON.")
    Path leads;

    @Option(names = "--at", defaultValue = "now", description = "The instant the leads are routed at (default: now).")
    String at;

    @CommandLine.Mixin
    LeadFileOptions files;

    @Option(names = "--max-excluded", paramLabel = "N", description = "List at most N excluded reps under each"
        + " reason, with every reason's count in excluded_counts (default: all; a large roster's every record"
        + " then names most of it).")
    @org.jspecify.annotations.Nullable Integer maxExcluded;

    @Option(names = "--variant", paramLabel = "NAME", description = "With a configuration that declares an"
        + " experiment: route every lead through this variant (default: each lead through its own variant, split as"
        + " the experiment says, each record naming it).")
    @org.jspecify.annotations.Nullable String variant;

    /** What a lead id seen again in the file means. */
    enum Repeats { ANSWER, UPDATE }

    @Option(names = "--repeats", paramLabel = "ANSWER|UPDATE", defaultValue = "answer", description = "A lead id seen"
        + " again: 'answer' (default) answers it with the first decision, as a repeated delivery is; 'update' reads"
        + " the open lead anew with the later row's facts (Router.update), as an export of lead changes means it.")
    Repeats repeats;

    @CommandLine.Mixin
    OpenLeadsOption open;

    @Override
    public Integer call() throws IOException {
      if (maxExcluded != null && maxExcluded < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--max-excluded must be >= 0 but was "
            + maxExcluded);
      }
      RoutingConfig c = RoutingConfig.load(config);
      List<Lead> all = readLeads(spec, leads, c, files.skipInvalid, files.ignoreOtherColumns);
      PrintWriter out = spec.commandLine().getOut();
      Progress progress = Progress.forTerminal(all.size(), spec.commandLine().getErr());
      java.util.Set<String> seen = new java.util.HashSet<>();
      java.util.Set<String> repeated = new java.util.LinkedHashSet<>();
      java.util.Map<String, Integer> bySteps = new java.util.TreeMap<>();
      java.util.Map<String, Integer> byQueue = new java.util.TreeMap<>();
      java.util.Map<String, Integer> queuedCountries = new java.util.HashMap<>();
      java.util.Set<String> repsUsed = new java.util.HashSet<>();
      int assigned = 0;
      int updates = 0;
      int movedByUpdates = 0;
      int answered = 0;
      int maxReps = maxExcluded == null ? Integer.MAX_VALUE : maxExcluded;
      RoutingConfig used = variant == null ? c : variantOf(spec, c, variant);
      java.time.Clock clock = clockAt(spec, at);
      // A configuration with an experiment splits the file between its variants, which share the reps' capacity.
      io.smartrouting.core.experiment.Experiment exp = used.experiment() == null ? null
          : used.toExperiment(b -> b.clock(clock).manualTimers().build());
      Router single = exp != null ? null : used.toBuilder().clock(clock).manualTimers().build();
      java.util.Map<String, int[]> byVariant = new java.util.LinkedHashMap<>();
      Adopted adopted;
      try {
        adopted = adoptOpen(open, c, files.ignoreOtherColumns, e -> exp != null ? exp.adopt(e)
            : java.util.Objects.requireNonNull(single).adopt(e));
        // A lead of the file that is open already is one seen before: answered where it stands, or read anew.
        seen.addAll(adopted.ids());
        for (Lead lead : all) {
          boolean again = !seen.add(lead.id());
          // A lead seen before stays in the variant it was routed in, whatever its facts say now.
          String v = exp == null ? null : exp.routedVariant(lead.id()).orElse(exp.variantOf(lead));
          Router router = exp == null ? java.util.Objects.requireNonNull(single) : exp.router(v);
          if (again && repeats == Repeats.UPDATE) {
            // A change of a lead routed above: read anew where it is.
            io.smartrouting.core.state.Placement before = router.placement(lead.id()).orElseThrow();
            Decision u = router.update(lead);
            out.println(withVariant(v, router.record(u).toJson(maxReps)));
            updates++;
            movedByUpdates += java.util.Objects.equals(before.repId(), u.repId())
                && java.util.Objects.equals(before.queue(), u.queue()) ? 0 : 1;
            progress.step();
            continue;
          }
          if (again) {
            // A repeated id is answered with the first decision (the idempotency window): say so, once per id.
            repeated.add(lead.id());
          }
          Decision d = exp == null ? router.route(lead) : exp.route(lead);
          out.println(withVariant(v, router.record(d).toJson(maxReps)));
          if (again) {
            // Its first decision again: counted once, where the lead was first routed or taken up.
            answered++;
            progress.step();
            continue;
          }
          bySteps.merge(d.decidedBy(), 1, Integer::sum);
          if (v != null) {
            int[] n = byVariant.computeIfAbsent(v, k -> new int[2]);
            n[0]++;
            n[1] += d.isAssigned() ? 1 : 0;
          }
          if (d.isAssigned()) {
            assigned++;
            repsUsed.add(d.repId());
          } else {
            byQueue.merge(d.queue(), 1, Integer::sum);
            queuedCountries.merge(lead.country() == null ? "no country" : lead.country(), 1, Integer::sum);
          }
          progress.step();
        }
      } finally {
        if (exp != null) {
          exp.close();
        } else {
          java.util.Objects.requireNonNull(single).close();
        }
      }
      progress.done();
      out.flush();
      // The summary goes to standard error, so that standard output stays one JSON record a line.
      if (!adopted.summary().isEmpty()) {
        spec.commandLine().getErr().println(adopted.summary());
      }
      int routed = all.size() - updates - answered;
      spec.commandLine().getErr().println(String.format(Locale.ROOT, "routed %d lead(s): %d to %d rep(s), %d queued%s;"
          + " decided by %s%s%s", routed, assigned, repsUsed.size(), routed - assigned,
          byQueue.isEmpty() ? "" : " " + byQueue + " (by country: " + mostFirst(queuedCountries, 5) + ")",
          bySteps, updates == 0 ? "" : String.format(Locale.ROOT, "; %d update(s) of leads routed above, %d of them"
              + " moved elsewhere", updates, movedByUpdates),
          answered == 0 ? "" : "; " + answered + " repeat(s) answered with the first decision"));
      if (exp != null) {
        spec.commandLine().getErr().println(experimentSummary(java.util.Objects.requireNonNull(used.experiment()),
            byVariant));
      } else if (variant != null) {
        spec.commandLine().getErr().println("all through variant '" + variant + "' of experiment '"
            + java.util.Objects.requireNonNull(c.experiment()).name() + "'");
      }
      if (!repeated.isEmpty()) {
        spec.commandLine().getErr().println("warning: " + repeated.size() + " lead id(s) appear more than once in "
            + leads + (open.file == null ? "; each was routed once" : " or are open in " + open.file + "; each was"
            + " routed or taken up once") + " and its repeats answered with that first decision: "
            + (repeated.size() <= 10 ? repeated : List.copyOf(repeated).subList(0, 10) + " and "
                + (repeated.size() - 10) + " more") + " (--repeats update reads a repeat as a change of the lead)");
      }
      warnIndustryGaps(spec, c, all, leads);
      return 0;
    }
  }

  /**
   * Variant {@code name} of {@code c}'s experiment, for {@code --variant}: a bad name, or a configuration without an
   * experiment, is a usage error naming what there is.
   */
  static RoutingConfig variantOf(CommandLine.Model.CommandSpec spec, RoutingConfig c, String name) {
    io.smartrouting.config.ExperimentPlan plan = c.experiment();
    if (plan == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--variant " + name + ": " + c.file()
          + " declares no experiment");
    }
    if (!plan.names().contains(name)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--variant " + name + ": experiment '"
          + plan.name() + "' has no variant '" + name + "'; its variants: " + plan.names());
    }
    return c.variant(name);
  }

  /** A decision record's JSON with the variant that made it first, or as it is without an experiment. */
  static String withVariant(@org.jspecify.annotations.Nullable String variant, String json) {
    if (variant == null) {
      return json;
    }
    try {
      return "{\"variant\":" + JSON.writeValueAsString(variant) + "," + json.substring(1);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e); // a string always writes
    }
  }

  /** How the leads split: per variant routed and assigned, against the declared shares. */
  static String experimentSummary(io.smartrouting.config.ExperimentPlan plan, java.util.Map<String, int[]> counts) {
    int routed = counts.values().stream().mapToInt(n -> n[0]).sum();
    StringBuilder sb = new StringBuilder("experiment '" + plan.name() + "' (sticky by "
        + plan.stickyBy().name().toLowerCase(Locale.ROOT) + "):");
    for (io.smartrouting.config.ExperimentPlan.Variant v : plan.variants()) {
      int[] n = counts.getOrDefault(v.name(), new int[2]);
      sb.append(String.format(Locale.ROOT, " %s %d lead(s) (%.1f%%, share %.1f%%), %d assigned;", v.name(), n[0],
          routed == 0 ? 0.0 : 100.0 * n[0] / routed, 100 * plan.fraction(v), n[1]));
    }
    sb.setLength(sb.length() - 1);
    return sb.toString();
  }

  /** The {@code top} largest counts, largest first (ties by key), as {@code key n, key n and k more}. */
  static String mostFirst(java.util.Map<String, Integer> counts, int top) {
    List<java.util.Map.Entry<String, Integer>> sorted = new java.util.ArrayList<>(counts.entrySet());
    sorted.sort(java.util.Map.Entry.<String, Integer>comparingByValue().reversed()
        .thenComparing(java.util.Map.Entry.comparingByKey()));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(top, sorted.size()); i++) {
      sb.append(i == 0 ? "" : ", ").append(sorted.get(i).getKey()).append(' ').append(sorted.get(i).getValue());
    }
    if (sorted.size() > top) {
      sb.append(" and ").append(sorted.size() - top).append(" more");
    }
    return sb.toString();
  }

  /**
   * Warns when leads name industries no rep works: their leads got no specialist preference, which a misspelt or
   * differently written industry does without any other sign.
   */
  static void warnIndustryGaps(CommandLine.Model.CommandSpec spec, RoutingConfig c, List<Lead> leads, Path file) {
    List<RoutingConfig.IndustryGap> gaps = c.industryGaps(leads);
    if (gaps.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder("warning: ").append(gaps.size())
        .append(gaps.size() == 1 ? " industry" : " industries").append(" in ").append(file)
        .append(gaps.size() == 1 ? " is" : " are").append(" no rep's expertise, so those leads had no specialist"
            + " preference: ");
    for (int i = 0; i < Math.min(gaps.size(), 10); i++) {
      RoutingConfig.IndustryGap g = gaps.get(i);
      sb.append(i == 0 ? "" : ", ").append('\'').append(g.industry()).append("' (").append(g.leads())
          .append(g.leads() == 1 ? " lead" : " leads");
      if (g.closest() != null) {
        sb.append("; did you mean '").append(g.closest()).append("'?");
      }
      sb.append(')');
    }
    if (gaps.size() > 10) {
      sb.append(" and ").append(gaps.size() - 10).append(" more");
    }
    spec.commandLine().getErr().println(sb);
  }

  /** {@code explain CONFIG LEAD}: the explanation of one decision, changing nothing. */
  @Command(name = "explain", mixinStandardHelpOptions = true,
      description = "Explains what the configuration does with one lead: every step, every excluded rep and why, the"
          + " scores. LEAD is a JSON object, a file of leads (the first, or --id), or 'scenario:NAME'.")
  static final class Explain implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "A routing configuration (YAML or JSON).")
    Path config;

    @Parameters(index = "1", paramLabel = "LEAD", description = "{\"id\": \"L1\", \"country\": \"US\", ...}, a leads"
        + " file, or scenario:NAME.")
    String lead;

    @Option(names = "--id", description = "With a leads file: the id of the lead to explain.")
    String id;

    @Option(names = "--at", defaultValue = "now", description = "The instant of the decision (default: now).")
    String at;

    @Option(names = "--variant", paramLabel = "NAME", description = "With a configuration that declares an"
        + " experiment: explain the decision of this variant (default: the variant the lead falls in).")
    @org.jspecify.annotations.Nullable String variant;

    @CommandLine.Mixin
    OpenLeadsOption open;

    @Option(names = "--ignore-other-columns", description = "With --open: leave out CSV columns that name no field.")
    boolean ignoreOtherColumns;

    @Override
    public Integer call() throws IOException {
      RoutingConfig c = RoutingConfig.load(config);
      Lead l = Scenarios.lead(c, lead, id);
      PrintWriter out = spec.commandLine().getOut();
      java.time.Clock clock = clockAt(spec, at);
      Scenario scenario = Scenarios.named(c, lead);
      if (variant == null && scenario != null && scenario.variant() != null) {
        variant = scenario.variant(); // the scenario's own variant
      }
      if (variant == null && c.experiment() != null) {
        try (io.smartrouting.core.experiment.Experiment exp =
            c.toExperiment(b -> b.clock(clock).manualTimers().build())) {
          Adopted adopted = adoptOpen(open, c, ignoreOtherColumns, exp::adopt);
          String v = exp.routedVariant(l.id()).orElse(exp.variantOf(l));
          out.println("experiment '" + exp.name() + "': the lead falls in variant '" + v + "'"
              + (v.equals(exp.variants().get(0)) ? " (the control)" : ""));
          out.println(exp.router(v).preview(l).explain());
          if (!adopted.summary().isEmpty()) {
            spec.commandLine().getErr().println(adopted.summary());
          }
        }
        return 0;
      }
      RoutingConfig explained = variant == null ? c : variantOf(spec, c, variant);
      try (Router router = explained.toBuilder().clock(clock).manualTimers().build()) {
        Adopted adopted = adoptOpen(open, c, ignoreOtherColumns, router::adopt);
        out.println(router.preview(l).explain());
        if (!adopted.summary().isEmpty()) {
          spec.commandLine().getErr().println(adopted.summary());
        }
      }
      return 0;
    }
  }

  /** {@code reps CONFIG}: who may take leads at an instant, and why not. */
  @Command(name = "reps", mixinStandardHelpOptions = true,
      description = "Lists the configuration's reps (defaults and holiday calendars applied), whether each may"
          + " take a lead at an instant: 'available', or why not (off shift, holiday, time off, inactive), its caps,"
          + " the accounts it works, with its role in each (owner, team, backup, AE), and whose desk it covers then"
          + " (a colleague's time off naming it).")
  static final class Reps implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "A routing configuration (YAML or JSON).")
    Path config;

    @Option(names = "--at", defaultValue = "now", description = "The instant to look at (default: now).")
    String at;

    @CommandLine.Mixin
    OpenLeadsOption open;

    @Option(names = "--ignore-other-columns", description = "With --open: leave out CSV columns that name no field.")
    boolean ignoreOtherColumns;

    @Override
    public Integer call() throws IOException {
      RoutingConfig c = RoutingConfig.load(config);
      Clock clock = clockAt(spec, at);
      PrintWriter out = spec.commandLine().getOut();
      int width = 2;
      for (io.smartrouting.api.Rep r : c.reps()) {
        width = Math.max(width, r.id().length());
      }
      int available = 0;
      // Each rep's accounts and its role in them, as territory planning reads a roster.
      java.util.Map<String, List<String>> accountsOf = new java.util.HashMap<>();
      for (io.smartrouting.api.Account a : c.accounts()) {
        java.util.Map<String, String> roles = new java.util.LinkedHashMap<>();
        if (a.ownerRepId() != null) {
          roles.putIfAbsent(a.ownerRepId(), "owner");
        }
        a.teamRepIds().forEach(id -> roles.putIfAbsent(id, "team"));
        if (a.backupRepId() != null) {
          roles.putIfAbsent(a.backupRepId(), "backup");
        }
        if (a.aeRepId() != null) {
          roles.merge(a.aeRepId(), "AE", (was, ae) -> was + ", AE");
        }
        roles.forEach((id, role) -> accountsOf.computeIfAbsent(id, k -> new java.util.ArrayList<>())
            .add(a.id() + " (" + role + ")"));
      }
      // Who covers whose desk now (a time off naming a cover), for the cover's line.
      java.util.Map<String, List<String>> covering = new java.util.HashMap<>();
      for (io.smartrouting.api.Rep r : c.reps()) {
        io.smartrouting.api.TimeOff t = r.timeOffAt(clock.instant());
        if (t != null && t.coverRepId() != null) {
          covering.computeIfAbsent(t.coverRepId(), k -> new java.util.ArrayList<>()).add(r.id() + " until " + t.end());
        }
      }
      Adopted adopted;
      try (Router router = c.toBuilder().clock(clock).manualTimers().build()) {
        adopted = adoptOpen(open, c, ignoreOtherColumns, router::adopt);
        for (io.smartrouting.api.Rep r : c.reps()) {
          java.util.Optional<String> why = router.unavailability(r.id());
          available += why.isEmpty() ? 1 : 0;
          String back = "";
          if (why.isPresent()) {
            Instant again = availableAgain(r, clock.instant());
            back = again == null ? "; not back by itself" : "; back " + again;
          }
          // "at most 5 new leads a day, 20 a week"
          StringBuilder cap = new StringBuilder();
          int[] caps = {r.dailyCap(), r.weeklyCap(), r.monthlyCap()};
          String[] units = {"day", "week", "month"};
          for (int k = 0; k < 3; k++) {
            if (caps[k] > 0) {
              cap.append(cap.length() == 0 ? "; at most " + caps[k] + " new leads a " : ", " + caps[k] + " a ")
                  .append(units[k]);
            }
          }
          List<String> accounts = accountsOf.get(r.id());
          List<String> covers = covering.get(r.id());
          // With the book: how much of its capacity it holds (a rep at its router's threshold gets no new leads).
          String load = open.file == null ? "" : "; holds " + router.openLeads(r.id()) + " of its capacity of "
              + r.capacity();
          out.printf(Locale.ROOT, "%-" + width + "s  %-22s  %s%s%s%s%s%s%n", r.id(), zoneName(r.timeZone()),
              why.orElse("available"), back, load, cap, accounts == null ? "" : "; accounts: "
              + String.join(", ", accounts), covers == null ? "" : "; covering for " + String.join(", ", covers));
        }
      }
      out.printf(Locale.ROOT, "%d of %d reps available at %s%n", available, c.reps().size(), clock.instant());
      if (!adopted.summary().isEmpty()) {
        out.println(adopted.summary());
      }
      return 0;
    }
  }

  /** A zone as people write it: {@code UTC} rather than the offset's id {@code Z}. */
  static String zoneName(java.time.ZoneId zone) {
    return zone.equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
  }

  /**
   * The first instant from {@code from} at which {@code rep} is on shift and not on time off by its schedule, or null
   * if it never is (inactive, no shifts, or not within a year of schedule changes).
   */
  static @org.jspecify.annotations.Nullable Instant availableAgain(io.smartrouting.api.Rep rep, Instant from) {
    if (!rep.active()) {
      return null;
    }
    Instant t = from;
    for (int i = 0; i < 1_000; i++) {
      io.smartrouting.api.TimeOff away = null;
      for (io.smartrouting.api.TimeOff off : rep.timeOff()) {
        if (off.covers(t)) {
          away = off;
        }
      }
      if (away != null) {
        t = away.end();
      } else if (rep.workingHours().covers(t, rep.timeZone())) {
        return t;
      } else {
        t = rep.workingHours().nextChange(t, rep.timeZone());
        if (t == null) {
          return null;
        }
      }
    }
    return null;
  }

  /** {@code diff CONFIG_A CONFIG_B LEADS}: which leads go somewhere else. */
  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = "Previews a file of leads under two configurations and reports how many go somewhere else, from"
          + " whom to whom.")
  static final class Diff implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG_A", description = "The configuration in use.")
    Path a;

    @Parameters(index = "1", paramLabel = "CONFIG_B", description = "The configuration proposed.")
    Path b;

    @Parameters(index = "2", paramLabel = "LEADS", description = "Leads: CSV with a header, or JSON.")
    Path leads;

    @Option(names = "--top", defaultValue = "20", description = "Moves listed (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--details", description = "Also list every lead that moves.")
    boolean details;

    @Option(names = "--sequence", description = "Route the file in order through each configuration (capacity and"
        + " round-robin turns count, as in a run) instead of previewing each lead against empty reps.")
    boolean sequence;

    @Option(names = "--at", defaultValue = "now", description = "The instant of the decisions (default: now).")
    String at;

    @CommandLine.Mixin
    LeadFileOptions files;

    @Option(names = "--json", description = "Print the comparison as one JSON object instead, for a CI job or a bot:"
        + " before, after (file, version), mode, leads, moved, moves, changes (every lead that moves), open_leads_settings,"
        + " experiment, reps_joining, reps_leaving, leavers_open_leads, reps_covering_other_leads, accounts_changing_hands,"
        + " accounts_changing_owner (another owner among the same people), open (with --open: the leads taken up),"
        + " and with --sequence or --open realigned, handed_over and offboarded (the open leads a reload would move).")
    boolean json;

    @CommandLine.Mixin
    OpenLeadsOption open;

    @Override
    public Integer call() throws IOException {
      RoutingConfig ca = RoutingConfig.load(a);
      RoutingConfig cb = RoutingConfig.load(b);
      // Sources are read through the configuration in use: the CRM's values mean what they meant.
      List<Lead> all = readLeads(spec, leads, ca, files.skipInvalid, files.ignoreOtherColumns);
      List<io.smartrouting.core.ExistingLead> book = open.file == null ? List.of()
          : io.smartrouting.config.LeadFiles.readOpen(open.file, files.ignoreOtherColumns, ca);
      ConfigDiff diff;
      try {
        diff = ConfigDiff.compare(ca, cb, all, book, clockAt(spec, at),
            sequence ? ConfigDiff.Mode.SEQUENCE : ConfigDiff.Mode.PREVIEW);
      } catch (IllegalArgumentException e) {
        throw open.file == null ? e : notTakenUp(open.file, e);
      }
      // The leads whose reload the diff names: the open file's, and in sequence the file's left open after a.
      boolean reloads = sequence || open.file != null;
      String leftOpen = open.file == null ? "with the file's leads open after a"
          : "with the " + book.size() + " lead(s) of " + open.file + (sequence ? " and the file's" : "") + " open"
              + (sequence ? " after a" : "");
      // With --json the text goes nowhere and the same parts are gathered into one object.
      PrintWriter out = json ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
      java.util.Map<String, Object> j = new java.util.LinkedHashMap<>();
      j.put("before", fileAndVersion(a, ca));
      j.put("after", fileAndVersion(b, cb));
      j.put("mode", sequence ? "sequence" : "preview");
      j.put("open", book.size());
      out.printf(Locale.ROOT, "%s (%s) -> %s (%s)%n", a, version(ca), b, version(cb));
      // What a reload does with leads already open: no lead of the file shows it, so it is said here.
      List<String> lifecycle = lifecycleChanges(ca, cb);
      j.put("open_leads_settings", lifecycle);
      if (!lifecycle.isEmpty()) {
        out.printf(Locale.ROOT, "open leads' settings changed: %s%n", String.join("; ", lifecycle));
      }
      String experiment = experimentChange(ca, cb);
      j.put("experiment", experiment);
      if (experiment != null) {
        out.printf(Locale.ROOT, "experiment: %s%n", experiment);
      }
      // A roster change is what most reviews of a new document are about: who joins, and who leaves with what.
      java.util.Set<String> before = new java.util.LinkedHashSet<>();
      ca.reps().forEach(r -> before.add(r.id()));
      java.util.Set<String> after = new java.util.LinkedHashSet<>();
      cb.reps().forEach(r -> after.add(r.id()));
      List<String> joining = after.stream().filter(id -> !before.contains(id)).toList();
      List<String> leaving = before.stream().filter(id -> !after.contains(id)).toList();
      j.put("reps_joining", joining);
      j.put("reps_leaving", leaving);
      j.put("leavers_open_leads", cb.whenRepsLeave() == null ? "kept" : leavePolicy(cb.whenRepsLeave()));
      if (!joining.isEmpty() || !leaving.isEmpty()) {
        out.printf(Locale.ROOT, "reps joining: %s; leaving: %s%s%n", firstTen(joining), firstTen(leaving),
            leaving.isEmpty() ? "" : " (their open leads on a reload: "
                + (cb.whenRepsLeave() == null ? "kept, with a warning; when_reps_leave moves them" : "moved as "
                + leavePolicy(cb.whenRepsLeave())) + ")");
      }
      if (reloads && !leaving.isEmpty() && cb.whenRepsLeave() != null) {
        // The file's leads, routed through a and left open: those of reps leaving, moved as b says.
        java.util.Map<String, Integer> byMove = new java.util.TreeMap<>();
        diff.offboarded().forEach(ch -> byMove.merge(ch.before() + " -> " + ch.after(), 1, Integer::sum));
        out.printf(Locale.ROOT, "%s, a reload of b moves %d of them from reps who leave%s%n", leftOpen,
            diff.offboarded().size(), byMove.isEmpty() ? "" : ": " + byMove);
      }
      // Reps on both whose coverage changes (a territory realignment): whose open leads a reload may route again.
      java.util.Map<String, io.smartrouting.api.Rep> repsBefore = new java.util.HashMap<>();
      ca.reps().forEach(r -> repsBefore.put(r.id(), r));
      List<String> realigned = new java.util.ArrayList<>();
      List<java.util.Map<String, String>> realignedJson = new java.util.ArrayList<>();
      for (io.smartrouting.api.Rep r : cb.reps()) {
        io.smartrouting.api.Rep old = repsBefore.get(r.id());
        String change = old == null ? "" : coverageChange(old, r);
        if (!change.isEmpty()) {
          realigned.add(r.id() + " (" + change + ")");
          realignedJson.add(java.util.Map.of("rep", r.id(), "change", change));
        }
      }
      j.put("reps_covering_other_leads", realignedJson);
      if (!realigned.isEmpty()) {
        out.printf(Locale.ROOT, "reps covering other leads: %s (their open leads they no longer cover on a reload: %s)%n",
            firstTen(realigned), cb.whenCoverageChanges() ? "routed again, when_coverage_changes: move_uncovered_leads"
                : "kept; when_coverage_changes: move_uncovered_leads routes them again");
      }
      if (reloads && !realigned.isEmpty()) {
        // The file's leads, routed through a and left open: those a reload of b would take from a realigned rep.
        java.util.Map<String, Integer> byMove = new java.util.TreeMap<>();
        diff.realigned().forEach(ch -> byMove.merge(ch.before() + " -> " + ch.after(), 1, Integer::sum));
        out.printf(Locale.ROOT, "%s, a reload of b %s %d of them from a rep who no longer covers them%s%n",
            leftOpen, cb.whenCoverageChanges() ? "routes again" : "would route again (with"
            + " when_coverage_changes: move_uncovered_leads)", diff.realigned().size(),
            byMove.isEmpty() ? "" : ": " + byMove);
      }
      // Accounts given to other reps: whose open leads a reload may hand over.
      java.util.Map<String, io.smartrouting.api.Account> accountsBefore = new java.util.HashMap<>();
      ca.accounts().forEach(acc -> accountsBefore.put(acc.id(), acc));
      List<String> moving = new java.util.ArrayList<>();
      List<java.util.Map<String, String>> movingJson = new java.util.ArrayList<>();
      List<String> reowned = new java.util.ArrayList<>();
      List<java.util.Map<String, String>> reownedJson = new java.util.ArrayList<>();
      for (io.smartrouting.api.Account acc : cb.accounts()) {
        io.smartrouting.api.Account old = accountsBefore.get(acc.id());
        // Handed to others when someone who worked it no longer does (an added team member takes nothing away).
        if (old != null && !acc.people().containsAll(old.people())) {
          String change = java.util.Objects.equals(old.ownerRepId(), acc.ownerRepId())
              ? "people " + old.people() + " -> " + acc.people() : "owner " + old.ownerRepId() + " -> "
              + acc.ownerRepId();
          moving.add(acc.id() + " (" + change + ")");
          movingJson.add(java.util.Map.of("account", acc.id(), "change", change));
        } else if (old != null && !java.util.Objects.equals(old.ownerRepId(), acc.ownerRepId())) {
          // Another owner among the same people (the backup made owner): new leads go to the new owner, while the
          // open ones stay, their holders still working the account.
          String change = "owner " + old.ownerRepId() + " -> " + acc.ownerRepId();
          reowned.add(acc.id() + " (" + change + ")");
          reownedJson.add(java.util.Map.of("account", acc.id(), "change", change));
        }
      }
      j.put("accounts_changing_hands", movingJson);
      j.put("accounts_changing_owner", reownedJson);
      if (!reowned.isEmpty()) {
        out.printf(Locale.ROOT, "accounts given another owner among their people: %s (their new leads go to the new"
            + " owner; their open leads stay, as their holders still work the accounts)%n", firstTen(reowned));
      }
      if (!moving.isEmpty()) {
        out.printf(Locale.ROOT, "accounts changing hands: %s (their open leads on a reload: %s)%n", firstTen(moving),
            cb.whenAccountsMove() ? "handed to the accounts' new people, when_accounts_move: move_open_leads"
                : "kept by the reps working them; when_accounts_move: move_open_leads hands them over");
      }
      if (reloads && !moving.isEmpty()) {
        // The file's leads, routed through a and left open: those a reload of b would hand to the accounts' people.
        java.util.Map<String, Integer> byMove = new java.util.TreeMap<>();
        diff.handedOver().forEach(ch -> byMove.merge(ch.before() + " -> " + ch.after(), 1, Integer::sum));
        out.printf(Locale.ROOT, "%s, a reload of b %s %d of them to the accounts' new people%s%n", leftOpen,
            cb.whenAccountsMove() ? "hands over" : "would hand over (with when_accounts_move:"
            + " move_open_leads)", diff.handedOver().size(), byMove.isEmpty() ? "" : ": " + byMove);
      }
      String book0 = open.file == null ? "" : ", with the " + book.size() + " open lead(s) held under each (b's as"
          + " its reload leaves them)";
      out.println(sequence ? "the file routed in order through each (capacity and round-robin turns count)" + book0
          : open.file != null ? "each lead previewed against the reps" + book0
          : "each lead previewed against empty reps (--sequence: the file routed in order, so capacity counts)");
      out.print(diff.toText(top));
      if (details) {
        for (ConfigDiff.Change ch : diff.changes()) {
          out.printf(Locale.ROOT, "  %s: %s -> %s%n", ch.leadId(), ch.before(), ch.after());
        }
      }
      if (json) {
        j.put("leads", diff.leads());
        j.put("moved", diff.moved());
        j.put("moves", diff.moves());
        j.put("changes", changesJson(diff.changes()));
        j.put("realigned", changesJson(diff.realigned()));
        j.put("handed_over", changesJson(diff.handedOver()));
        j.put("offboarded", changesJson(diff.offboarded()));
        spec.commandLine().getOut().println(JSON.writeValueAsString(j));
        spec.commandLine().getOut().flush();
        return 0;
      }
      out.flush(); // print does not flush picocli's buffered writer; without --details the summary was lost
      return 0;
    }
  }

  /** A configuration as {@code diff --json} names it: its file and its version (null without one). */
  private static java.util.Map<String, Object> fileAndVersion(Path file, RoutingConfig c) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("file", file.toString());
    m.put("version", c.version());
    return m;
  }

  /** {@code changes} as {@code diff --json} writes them: lead, before, after. */
  private static List<java.util.Map<String, String>> changesJson(List<ConfigDiff.Change> changes) {
    List<java.util.Map<String, String>> out = new java.util.ArrayList<>(changes.size());
    for (ConfigDiff.Change ch : changes) {
      java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
      m.put("lead", ch.leadId());
      m.put("before", ch.before());
      m.put("after", ch.after());
      out.add(m);
    }
    return out;
  }

  /**
   * What changes in what a rep covers, as {@code territories [US-CA] -> [US-NY]}, each changed part joined by
   * {@code ; }; empty if nothing does (the parts a router's realignment compares: territories, named accounts,
   * segments, languages).
   */
  static String coverageChange(io.smartrouting.api.Rep a, io.smartrouting.api.Rep b) {
    List<String> parts = new java.util.ArrayList<>();
    coveragePart(parts, "territories", a.territories(), b.territories());
    coveragePart(parts, "named accounts", a.namedAccounts(), b.namedAccounts());
    coveragePart(parts, "segments", a.segments(), b.segments());
    coveragePart(parts, "languages", a.languages(), b.languages());
    return String.join("; ", parts);
  }

  private static void coveragePart(List<String> parts, String name, java.util.Set<?> a, java.util.Set<?> b) {
    if (!a.equals(b)) {
      parts.add(name + " " + new java.util.TreeSet<>(a.stream().map(String::valueOf).toList()) + " -> "
          + new java.util.TreeSet<>(b.stream().map(String::valueOf).toList()));
    }
  }

  /** {@code none}, the ids, or the first ten of them and how many more. */
  private static String firstTen(List<String> ids) {
    return ids.isEmpty() ? "none" : ids.size() <= 10 ? ids.toString()
        : ids.subList(0, 10) + " and " + (ids.size() - 10) + " more";
  }

  /** A configuration's {@code when_leads_qualify}, as written. */
  private static String qualify(RoutingConfig c) {
    return c.handOffWithinTeam() ? "hand_off_within_team" : c.whenLeadsQualify() ? "hand_off" : "keep";
  }

  /** {@code n} and {@code noun}, plural unless {@code n} is 1: "1 rep", "58 reps". */
  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** {@code version X}, or {@code no version} for a document without one. */
  private static String version(RoutingConfig c) {
    return c.version() == null ? "no version" : "version " + c.version();
  }

  private static String labels(RoutingConfig c) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < c.chain().size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(c.chain().get(i).label());
    }
    return sb.append(']').toString();
  }

  /**
   * The settings for leads already open that differ between two configurations ({@code when_reps_leave},
   * {@code when_accounts_move}, {@code when_coverage_changes}, {@code hand_over_when_away},
   * {@code recycle_stalled_leads}, then each queue's claim window and relaxations as {@code queues.<name>}), each as
   * {@code name: before -> after}, in that order.
   */
  /**
   * How the experiment differs between two configurations, or null if it does not: declared or dropped, a new split
   * (which a watched experiment refuses), and the variants whose chain or learning changed.
   */
  static @org.jspecify.annotations.Nullable String experimentChange(RoutingConfig a, RoutingConfig b) {
    io.smartrouting.config.ExperimentPlan pa = a.experiment();
    io.smartrouting.config.ExperimentPlan pb = b.experiment();
    if (pa == null && pb == null) {
      return null;
    }
    if (pa == null || pb == null) {
      return split(pa) + " -> " + split(pb);
    }
    StringBuilder sb = new StringBuilder();
    if (!split(pa).equals(split(pb))) {
      sb.append(split(pa)).append(" -> ").append(split(pb)).append(" (a new split: a watched experiment refuses it;"
          + " build a new one)");
    }
    List<String> changed = new java.util.ArrayList<>();
    for (String v : pb.names()) {
      if (!pa.names().contains(v)) {
        continue;
      }
      RoutingConfig va = a.variant(v);
      RoutingConfig vb = b.variant(v);
      List<String> what = new java.util.ArrayList<>();
      if (!va.chain().toString().equals(vb.chain().toString())) {
        what.add("chain " + labels(va) + " -> " + labels(vb));
      }
      if (!String.valueOf(va.learning()).equals(String.valueOf(vb.learning()))) {
        what.add(va.learning() == null ? "learning on" : vb.learning() == null ? "learning off" : "learning settings");
      }
      if (!what.isEmpty()) {
        changed.add(v + " (" + String.join(", ", what) + ")");
      }
    }
    if (!changed.isEmpty()) {
      sb.append(sb.length() == 0 ? "" : "; ").append("variants changed: ").append(String.join(", ", changed));
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /** An experiment's split in words ({@code 'name' by account [control 50%, hold 50%]}), or {@code none}. */
  private static String split(io.smartrouting.config.@org.jspecify.annotations.Nullable ExperimentPlan plan) {
    if (plan == null) {
      return "none";
    }
    java.util.StringJoiner j = new java.util.StringJoiner(", ", "'" + plan.name() + "' by "
        + plan.stickyBy().name().toLowerCase(Locale.ROOT) + " [", "]");
    for (io.smartrouting.config.ExperimentPlan.Variant v : plan.variants()) {
      j.add(String.format(Locale.ROOT, "%s %.1f%%", v.name(), 100 * plan.fraction(v)));
    }
    return j.toString();
  }

  /** {@code offboard CONFIG LEADS REP}: where a leaving rep's open leads would go, changing nothing. */
  @Command(name = "offboard", mixinStandardHelpOptions = true,
      description = "Routes a file of leads in order through the configuration, leaves them open, and previews"
          + " offboarding a rep: where each of its open leads would go and why, changing nothing.")
  static final class Offboard implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "A routing configuration (YAML or JSON).")
    Path config;

    @Parameters(index = "1", paramLabel = "LEADS", description = "Leads routed and left open: CSV with a header, or"
        + " JSON (with --open, a file of just a header or [] routes none).")
    Path leads;

    @Parameters(index = "2", paramLabel = "REP", description = "The rep who leaves.")
    String rep;

    @Option(names = "--policy", paramLabel = "POLICY", description = "reroute, account_backup_first, queue:NAME or"
        + " rep:ID (default: the configuration's when_reps_leave, or reroute).")
    @org.jspecify.annotations.Nullable String policy;

    @Option(names = "--at", defaultValue = "now", description = "The instant of the decisions (default: now).")
    String at;

    @CommandLine.Mixin
    LeadFileOptions files;

    @Option(names = "--json", description = "Print one JSON object instead: config (file, version), rep, policy,"
        + " leads, open, held, moves (lead, rep or queue, decided_by, reason, variant) and by_destination.")
    boolean json;

    @CommandLine.Mixin
    OpenLeadsOption open;

    @Override
    public Integer call() throws IOException {
      RoutingConfig c = RoutingConfig.load(config);
      List<Lead> all = readLeads(spec, leads, c, files.skipInvalid, files.ignoreOtherColumns);
      io.smartrouting.core.OffboardPolicy p = policy == null
          ? java.util.Objects.requireNonNullElse(c.whenRepsLeave(), io.smartrouting.core.OffboardPolicy.reroute())
          : offboardPolicy(spec, policy);
      if (c.reps().stream().noneMatch(r -> r.id().equals(rep))) {
        throw new CommandLine.ParameterException(spec.commandLine(), "rep '" + rep + "' is not in " + config);
      }
      java.time.Clock clock = clockAt(spec, at);
      // As route: a configuration with an experiment splits the file between its variants, sharing the reps.
      io.smartrouting.core.experiment.Experiment exp = c.experiment() == null ? null
          : c.toExperiment(b -> b.clock(clock).manualTimers().build());
      Router single = exp != null ? null : c.toBuilder().clock(clock).manualTimers().build();
      List<Decision> moves;
      java.util.Map<String, String> variantOfLead = new java.util.HashMap<>();
      Adopted adopted;
      try {
        adopted = adoptOpen(open, c, files.ignoreOtherColumns, e -> {
          if (exp == null) {
            return java.util.Objects.requireNonNull(single).adopt(e);
          }
          Decision d = exp.adopt(e);
          variantOfLead.put(d.leadId(), exp.routedVariant(d.leadId()).orElse(null));
          return d;
        });
        for (Lead lead : all) {
          if (exp == null) {
            java.util.Objects.requireNonNull(single).route(lead);
          } else {
            exp.route(lead);
            variantOfLead.put(lead.id(), exp.routedVariant(lead.id()).orElse(null));
          }
        }
        moves = exp == null ? java.util.Objects.requireNonNull(single).previewOffboard(rep, p)
            : exp.previewOffboard(rep, p);
      } finally {
        if (exp != null) {
          exp.close();
        } else {
          java.util.Objects.requireNonNull(single).close();
        }
      }
      java.util.Map<String, Integer> byDestination = new java.util.TreeMap<>();
      List<java.util.Map<String, Object>> movesJson = new java.util.ArrayList<>();
      for (Decision d : moves) {
        String to = d.repId() != null ? "rep " + d.repId() : "queue " + d.queue();
        byDestination.merge(to, 1, Integer::sum);
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("lead", d.leadId());
        m.put("rep", d.repId());
        m.put("queue", d.queue());
        m.put("decided_by", d.decidedBy());
        String reason = reasonOf(d);
        m.put("reason", reason.isEmpty() ? null : reason);
        m.put("variant", variantOfLead.get(d.leadId()));
        movesJson.add(m);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        java.util.Map<String, Object> j = new java.util.LinkedHashMap<>();
        j.put("config", fileAndVersion(config, c));
        j.put("rep", rep);
        j.put("policy", leavePolicy(p));
        j.put("leads", all.size());
        j.put("open", adopted.ids().size());
        j.put("held", moves.size());
        j.put("moves", movesJson);
        j.put("by_destination", byDestination);
        out.println(JSON.writeValueAsString(j));
        return 0;
      }
      if (!adopted.summary().isEmpty()) {
        spec.commandLine().getErr().println(adopted.summary());
      }
      out.printf(Locale.ROOT, "%s (%s): with %s open, %s holds %d; offboarding it (%s) would move %s%n", config,
          version(c), open.file == null ? "the file's " + all.size() + " lead(s)" : adopted.ids().size()
              + " lead(s) of " + open.file + " and the file's " + all.size(), rep, moves.size(), leavePolicy(p),
          moves.isEmpty() ? "nothing" : "them: " + byDestination);
      for (java.util.Map<String, Object> m : movesJson) {
        out.printf(Locale.ROOT, "  %s -> %s (%s%s)%s%n", m.get("lead"), m.get("rep") != null ? "rep " + m.get("rep")
            : "queue " + m.get("queue"), m.get("decided_by"), m.get("reason") == null ? "" : ": " + m.get("reason"),
            m.get("variant") == null ? "" : " [variant " + m.get("variant") + "]");
      }
      return 0;
    }
  }

  /**
   * The reason the deciding step gave (the last step's when none is named so: a queue, a fallback); for a move made
   * outside the chain (to a queue, a cover, an account's backup), which has no steps, its explanation's one line.
   */
  private static String reasonOf(Decision d) {
    List<io.smartrouting.core.DecisionRecord.Step> steps = io.smartrouting.core.DecisionRecord.of(d, null).steps();
    if (steps.isEmpty()) {
      return d.trace().render().strip().replaceAll("\\s*\\R\\s*", "; ");
    }
    String reason = "";
    for (io.smartrouting.core.DecisionRecord.Step step : steps) {
      if (step.label().equals(d.decidedBy())) {
        return step.reason();
      }
      reason = step.reason();
    }
    return reason;
  }

  /** A policy as {@code offboard --policy} writes it, or a usage error naming the four forms. */
  static io.smartrouting.core.OffboardPolicy offboardPolicy(CommandLine.Model.CommandSpec spec, String text) {
    String t = text.trim();
    if (t.equals("reroute")) {
      return io.smartrouting.core.OffboardPolicy.reroute();
    }
    if (t.equals("account_backup_first")) {
      return io.smartrouting.core.OffboardPolicy.accountBackupFirst();
    }
    if (t.startsWith("queue:") && !t.substring(6).isBlank()) {
      return io.smartrouting.core.OffboardPolicy.toQueue(t.substring(6).trim());
    }
    if (t.startsWith("rep:") && !t.substring(4).isBlank()) {
      return io.smartrouting.core.OffboardPolicy.toRep(t.substring(4).trim());
    }
    throw new CommandLine.ParameterException(spec.commandLine(), "--policy must be reroute, account_backup_first,"
        + " queue:NAME or rep:ID but was '" + text + "'");
  }

  /**
   * {@code when_reps_leave} as a document spells it: keep, reroute, account_backup_first, queue:NAME (and, for a policy
   * naming a cover, rep ID).
   */
  private static String leavePolicy(io.smartrouting.core.@org.jspecify.annotations.Nullable OffboardPolicy p) {
    return p == null ? "keep" : p.queue() != null ? "queue:" + p.queue() : p.cover() != null ? "rep " + p.cover()
        : p.triesAccountBackupFirst() ? "account_backup_first" : "reroute";
  }

  static List<String> lifecycleChanges(RoutingConfig a, RoutingConfig b) {
    List<String> out = new java.util.ArrayList<>();
    change(out, "when_reps_leave", leavePolicy(a.whenRepsLeave()), leavePolicy(b.whenRepsLeave()));
    change(out, "when_accounts_move", a.whenAccountsMove() ? "move_open_leads" : "keep",
        b.whenAccountsMove() ? "move_open_leads" : "keep");
    change(out, "when_coverage_changes", a.whenCoverageChanges() ? "move_uncovered_leads" : "keep",
        b.whenCoverageChanges() ? "move_uncovered_leads" : "keep");
    change(out, "when_leads_qualify", qualify(a), qualify(b));
    change(out, "hand_over_when_away", period(a.handOverWhenAway()), period(b.handOverWhenAway()));
    change(out, "recycle_stalled_leads", periods(a.recycleStalledLeads()), periods(b.recycleStalledLeads()));
    java.util.Map<String, String> qa = queues(a);
    java.util.Map<String, String> qb = queues(b);
    java.util.Set<String> names = new java.util.TreeSet<>(qa.keySet());
    names.addAll(qb.keySet());
    for (String q : names) {
      change(out, "queues." + q, qa.getOrDefault(q, "drained at once"), qb.getOrDefault(q, "drained at once"));
    }
    return out;
  }

  /** Each queue's policy in words: its claim window and its relaxations ({@code claim window 10m, relax ...}). */
  private static java.util.Map<String, String> queues(RoutingConfig c) {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    for (io.smartrouting.core.QueuePolicy q : c.queuePolicies()) {
      List<String> parts = new java.util.ArrayList<>();
      if (!q.claimWindow().isZero()) {
        parts.add("claim window " + period(q.claimWindow()));
      }
      if (q.claimedBy() != null) {
        parts.add("claimed by " + q.claimedBy().text());
      }
      for (io.smartrouting.core.QueuePolicy.Step st : q.steps()) {
        parts.add("drop " + st.relaxation().name().toLowerCase(java.util.Locale.ROOT).replace("any_", "")
            + (st.after().isZero() ? " from the start" : " after " + period(st.after())));
      }
      out.put(q.queue(), parts.isEmpty() ? "drained at once" : String.join(", ", parts));
    }
    return out;
  }

  private static void change(List<String> out, String name, String before, String after) {
    if (!before.equals(after)) {
      out.add(name + ": " + before + " -> " + after);
    }
  }

  /** A duration as a document would write it ({@code 14 days}, {@code 6h}, {@code 90m}), or {@code off}. */
  private static String period(java.time.@org.jspecify.annotations.Nullable Duration d) {
    if (d == null) {
      return "off";
    }
    long m = d.toMinutes();
    return m % 1440 == 0 ? m / 1440 + (m == 1440 ? " day" : " days") : m % 60 == 0 ? m / 60 + "h" : m + "m";
  }

  /** Recycling periods by tier: one period when every tier has the same, else {@code tier1 3 days, tier3 off}. */
  private static String periods(java.util.Map<io.smartrouting.api.Tier, java.time.Duration> byTier) {
    java.util.Set<java.time.Duration> distinct = new java.util.HashSet<>(byTier.values());
    if (byTier.size() == io.smartrouting.api.Tier.values().length && distinct.size() == 1) {
      return period(distinct.iterator().next());
    }
    if (byTier.isEmpty()) {
      return "off";
    }
    List<String> parts = new java.util.ArrayList<>();
    for (io.smartrouting.api.Tier t : io.smartrouting.api.Tier.values()) {
      parts.add("tier" + t.number() + " " + period(byTier.get(t)));
    }
    return String.join(", ", parts);
  }
}
