package io.smartrouting.examples;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.config.RoutingConfig;
import io.smartrouting.core.Router;
import io.smartrouting.core.RoutingMetrics;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The main job: loads a roster and accounts (bundled samples, or the user's CSV files), routes a deterministic
 * stream of leads (generated, or the user's CSV) through the default chain, prints one explained decision per
 * tier and a summary.
 *
 * <pre>
 * usage: RoutingDemo [--config FILE] [--roster FILE] [--accounts FILE] [--leads FILE] [--count N] [--seed S]
 *                    [--audit-log FILE]
 * </pre>
 */
public final class RoutingDemo {

  /** The shipped routing configuration: the sample roster and accounts, the chain, tiers, SLAs and scenarios. */
  static final String SHIPPED_CONFIG = "/examples/routing.yaml";

  private RoutingDemo() {}

  /** Runs the demo; exits with 2 on bad arguments or input files. */
  public static void main(String[] args) throws Exception {
    try {
      run(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
    }
  }

  static String usage() {
    return "usage: RoutingDemo [--config FILE] [--roster FILE] [--accounts FILE] [--leads FILE] [--count N]"
        + " [--seed S] [--audit-log FILE]\n"
        + "  config: a routing configuration (YAML or JSON; default: the shipped examples/routing.yaml)\n"
        + "  audit-log: writes every event of the simulated week to FILE, one JSON line each (read a lead's life"
        + " back with: routing history FILE LEAD)\n"
        + "  roster, accounts: CSV files that replace the configuration's reps or accounts\n"
        + "  roster columns:   id,name,team,role,manager,territories,named_accounts,industries,segments,languages,"
        + "time_zone,capacity,weight,response_minutes,active (lists separated by ';')\n"
        + "  accounts columns: id,name,domains,owner,team,backup,ae,parent,industry\n"
        + "  leads columns:    id,email,company,website,country,region,industry,employees,arr,language,source,"
        + "title,icp,sales_qualified";
  }

  static void run(String[] args, PrintStream out) throws Exception {
    String configFile = null;
    String roster = null;
    String accounts = null;
    String leadsFile = null;
    int count = 1000;
    long seed = 42;
    String auditLog = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        out.println(usage());
        return;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--config":
          configFile = v;
          break;
        case "--roster":
          roster = v;
          break;
        case "--accounts":
          accounts = v;
          break;
        case "--leads":
          leadsFile = v;
          break;
        case "--audit-log":
          auditLog = v;
          break;
        case "--count":
          count = parsePositive(a, v);
          break;
        case "--seed":
          try {
            seed = Long.parseLong(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed must be a whole number but was '" + v + "'");
          }
          break;
        default:
          throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    RoutingConfig config = configFile == null ? RoutingConfig.fromClasspath(SHIPPED_CONFIG)
        : RoutingConfig.load(java.nio.file.Path.of(configFile));
    List<Rep> reps = roster == null ? config.reps() : DataFiles.reps(roster);
    List<Account> accountList = accounts == null ? config.accounts() : DataFiles.accounts(accounts);
    List<Lead> leads = leadsFile == null ? SampleLeads.generate(seed, count) : DataFiles.leads(leadsFile);

    Router router = config.toBuilder()
        .roster(reps)
        .accounts(accountList)
        .clock(Clock.fixed(Instant.parse("2026-03-02T15:00:00Z"), ZoneOffset.UTC))
        .build();
    List<Decision> decisions = new ArrayList<>(leads.size());
    for (Lead lead : leads) {
      decisions.add(router.route(lead));
    }
    out.printf(Locale.ROOT, "Smart Routing demo: %d rep%s, %d account%s, %d leads (%s), chain %s%n", reps.size(),
        reps.size() == 1 ? "" : "s", accountList.size(), accountList.size() == 1 ? "" : "s", leads.size(),
        leadsFile == null ? "generated, seed " + seed : leadsFile,
        router.chain());
    out.printf(Locale.ROOT, "Configuration: %s, version %s%n%n", configFile == null ? "examples/routing.yaml"
        : configFile, config.version());
    for (Tier tier : Tier.values()) {
      Decision example = pickExample(decisions, tier);
      out.println("=== Explained decision, tier " + tier.number() + " ===");
      out.println(example == null ? "(no lead of this tier)" : example.explain());
      out.println();
    }
    printSummary(out, router, reps, decisions);

    // The same roster and leads through a simulated week: shifts in each rep's zone, leads around the clock,
    // contacts after each rep's typical response time, SLA timers firing and queues draining as the clock moves.
    SlaRun.Result week = null;
    String auditLine = null;
    if (auditLog == null) {
      week = SlaRun.run(config::toBuilder, reps, accountList, leads, Instant.parse("2026-03-02T00:00:00Z"), seed,
          config.whenLeadsQualify());
    } else {
      java.nio.file.Path auditFile = java.nio.file.Path.of(auditLog);
      long[] lines = {0};
      java.io.IOException[] failed = {null};
      try (java.io.BufferedWriter audit = java.nio.file.Files.newBufferedWriter(auditFile,
          java.nio.charset.StandardCharsets.UTF_8)) {
        // Synchronous events: the week runs on one thread, so the lines are written in the order of the events.
        week = SlaRun.run(() -> config.toBuilder().auditLog(line -> {
          if (failed[0] != null) {
            return;
          }
          try {
            audit.write(line);
            audit.newLine();
            lines[0]++;
          } catch (java.io.IOException e) {
            failed[0] = e;
          }
        }), reps, accountList, leads, Instant.parse("2026-03-02T00:00:00Z"), seed, config.whenLeadsQualify());
      } catch (java.io.IOException e) {
        failed[0] = e;
      }
      if (failed[0] != null) {
        throw new IllegalArgumentException("cannot write the audit log " + auditFile + ": " + failed[0].getMessage(),
            failed[0]);
      }
      auditLine = String.format(Locale.ROOT, "audit log of the week: %d events in %s (java -jar"
          + " routing-cli/target/routing.jar history %s LEAD tells one lead's life)", lines[0], auditFile, auditFile);
    }
    out.println();
    out.println("=== SLA run: " + leads.size() + " leads over a simulated week (arriving Monday to Friday, most in their"
        + " own business hours; reps on shift 08:00-18:00 weekdays in their own zone; run until next Monday's shifts)"
        + " ===");
    out.print(week.metrics().toText());
    if (week.accountMatched() == 0) {
      out.println("account-matched leads: none this week");
    } else {
      out.printf(Locale.ROOT, "account-matched leads that reached their account's people: %d of %d (%.1f%%)%n",
          week.accountReached(), week.accountMatched(), 100.0 * week.accountReached() / week.accountMatched());
    }
    out.printf(Locale.ROOT, "leads assigned from a wait queue (after hours, nobody free, escalated): %d%n",
        week.drained());
    // A configuration that keeps open leads where they are (the default of both settings) is told as such, not as
    // moves that found nowhere to go.
    if (week.accountMove() != null && config.whenAccountsMove()) {
      out.printf(Locale.ROOT, "an account given to its team member on Wednesday (%s): %d open lead(s) handed to its"
          + " new people%n", week.accountMove(), week.accountLeadsMoved());
    } else if (week.accountMove() != null) {
      out.printf(Locale.ROOT, "an account given to its team member on Wednesday (%s): its open leads stay with their"
          + " holders (when_accounts_move: keep)%n", week.accountMove());
    }
    if (week.realignment() != null && config.whenCoverageChanges()) {
      out.printf(Locale.ROOT, "a territory realignment on Thursday (%s): %d open lead(s) the rep no longer covered,"
          + " previewed, then routed again: %d to a rep, %d to a queue%n", week.realignment(), week.realignPreviewed(),
          week.realignedToRep(), week.realignedToQueue());
    } else if (week.realignment() != null) {
      out.printf(Locale.ROOT, "a territory realignment on Thursday (%s): %d open lead(s) the rep no longer covered stay"
          + " with it (when_coverage_changes: keep; move_uncovered_leads would route them again)%n",
          week.realignment(), week.realignPreviewed());
    }
    if (config.whenLeadsQualify()) {
      out.printf(Locale.ROOT, "leads an SDR qualified after its first contact (update, sales_qualified): %d; handed off"
          + " (when_leads_qualify): %d to a rep, %d to a queue%n", week.qualified(), week.handedToRep(),
          week.handedToQueue());
    }
    out.printf(Locale.ROOT, "leads read anew while open (update): %d demo requests after a download, %d enriched to"
        + " enterprise size; %d of them moved to a rep who covers them%n", week.demoRequests(), week.enriched(),
        week.updatesMoved());
    out.printf(Locale.ROOT, "returning contacts whose earlier lead was still with a rep: %d, sent to that rep: %d%n",
        week.returningWhileOpen(), week.returningToTheirRep());
    out.printf(Locale.ROOT, "colleagues whose company had another lead with a rep: %d, sent to that rep: %d%n",
        week.colleaguesWhileOpen(), week.colleaguesToTheirRep());
    out.printf(Locale.ROOT, "left in a queue at the end: %s (by the lead's country: %s); of them a rep could have"
        + " taken: %d%n", week.queuedAtEnd().isEmpty() ? "none" : week.queuedAtEnd(),
        week.queuedByCountry().isEmpty() ? "none" : week.queuedByCountry(), week.takeableAtEnd());
    if (auditLine != null) {
      out.println(auditLine);
    }
  }

  private static int parsePositive(String option, String v) {
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " must be a positive whole number but was '" + v + "'");
  }

  /** The first decision of the tier that a strategy (not the fallback) made, else the first of the tier. */
  private static Decision pickExample(List<Decision> decisions, Tier tier) {
    Decision first = null;
    for (Decision d : decisions) {
      if (d.tier() == tier) {
        if (d.isAssigned() && !d.decidedBy().equals("fallback")) {
          return d;
        }
        if (first == null) {
          first = d;
        }
      }
    }
    return first;
  }

  private static void printSummary(PrintStream out, Router router, List<Rep> reps, List<Decision> decisions) {
    out.println("=== Summary ===");
    Map<Tier, Map<Segment, Integer>> grid = new EnumMap<>(Tier.class);
    Map<String, Integer> byStep = new TreeMap<>();
    Map<Flag, Integer> flags = new EnumMap<>(Flag.class);
    Map<String, Integer> queues = new TreeMap<>();
    for (Decision d : decisions) {
      grid.computeIfAbsent(d.tier(), t -> new EnumMap<>(Segment.class)).merge(d.segment(), 1, Integer::sum);
      byStep.merge(d.decidedBy(), 1, Integer::sum);
      for (Flag f : d.flags()) {
        flags.merge(f, 1, Integer::sum);
      }
      if (!d.isAssigned()) {
        queues.merge(d.queue(), 1, Integer::sum);
      }
    }
    out.println("Leads by tier and segment:");
    out.printf(Locale.ROOT, "  %-8s %11s %11s %11s %7s%n", "", "ENTERPRISE", "MID_MARKET", "SMB", "total");
    for (Tier t : Tier.values()) {
      Map<Segment, Integer> row = grid.getOrDefault(t, Map.of());
      int total = row.values().stream().mapToInt(Integer::intValue).sum();
      out.printf(Locale.ROOT, "  Tier %-3d %11d %11d %11d %7d%n", t.number(), row.getOrDefault(Segment.ENTERPRISE, 0),
          row.getOrDefault(Segment.MID_MARKET, 0), row.getOrDefault(Segment.SMB, 0), total);
    }
    out.println("Decided by: " + byStep);
    out.println("Queued (fallback): " + (queues.isEmpty() ? "none" : queues));
    out.println("Flags: " + (flags.isEmpty() ? "none" : flags));
    out.println("Per-rep load vs capacity (open / capacity):");
    for (Rep r : reps) {
      int open = router.openLeads(r.id());
      int width = 30;
      int filled = r.capacity() == 0 ? 0 : Math.min(width, (int) Math.round(width * (double) open / r.capacity()));
      out.printf(Locale.ROOT, "  %-26s %-12s %4d / %-4d %s%s%s%n", r.id(), r.team() == null ? "" : r.team(), open,
          r.capacity(), "#".repeat(filled), ".".repeat(Math.max(0, width - filled)),
          open > r.capacity() ? "  over capacity (Tier 1 overrides)" : r.active() ? "" : "  out of office");
    }
  }
}
