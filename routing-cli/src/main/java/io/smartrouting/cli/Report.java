package io.smartrouting.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code report AUDIT_LOG}: what an audit log says each rep got and did (new leads, leads moved in and out, missed
 * deadlines, contacts, how fast, deals won, leads open at the end), and what waited in queues: how routing went in
 * production, read from the events it wrote.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Sums up an audit log (the JSON lines Router.Builder.auditLog writes) per rep: new leads, leads"
        + " moved in and out, missed first-contact deadlines, contacts (those after the rep's own deadline, and the"
        + " median time from the lead reaching the rep), deals won and leads open at the end; the customers' wait"
        + " (from each lead's first routing); and per queue. --from/--to keep the events of a period.")
final class Report implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "AUDIT_LOG", description = "An audit log: one JSON event record a line.")
  Path log;

  @Option(names = "--from", paramLabel = "INSTANT", description = "Only events at or after this instant, such as"
      + " 2026-03-02T00:00:00Z.")
  @Nullable String from;

  @Option(names = "--to", paramLabel = "INSTANT", description = "Only events before this instant.")
  @Nullable String to;

  @Option(names = "--config", paramLabel = "CONFIG", description = "The routing configuration the log was written"
      + " under: its reps' roles name every SDR, so that the qualification rates list the SDRs that handed nothing"
      + " off too (without it, the reps that handed a lead off).")
  @Nullable Path config;

  @Option(names = "--json", description = "Print one JSON object instead, for a dashboard or a job: events, from, to,"
      + " reps (rep, new, in, out, missed, contacted, late, median_to_contact_ms, won, open), taken_up (held, waiting),"
      + " first_contacts (count, median_wait_ms, after_a_missed_deadline), recycled_from, requeued_from, claimed_by,"
      + " queues (queue, placed, waiting_at_end, left, median_wait_ms, longest_wait_ms, longest_waiting_ms), tiers"
      + " (tier, leads, contacted, within_sla, missed_sla, median_wait_ms, won, lost; within_sla counts the leads"
      + " first contacted within their first-contact deadline, missed_sla those whose deadline passed before a call,"
      + " contacted or not), and with several versions, versions (version, leads, contacted, within_sla, missed_sla,"
      + " median_wait_ms, won, lost) and"
      + " comparisons (version, baseline, metric, rates, difference, lower, upper, p_value), and qualification_by_sdr"
      + " (rep, handed_off, reached, rate). Times in milliseconds.")
  boolean json;

  @Option(names = "--baseline", paramLabel = "VERSION", description = "With leads first routed under several"
      + " configuration versions (a reload, or an experiment's variants, 'VERSION/VARIANT'): the version the others"
      + " are compared with (default: the first in the log).")
  @Nullable String baseline;

  /** What the leads first routed under one configuration version became. */
  static final class Cohort {
    int leads;
    int contacted;
    /** Leads first contacted within their first-contact deadline (a tier without an SLA has none to be within). */
    int withinSla;
    /** Leads that missed a first-contact deadline: one passed before anyone called them, or the call came late. */
    int missedSla;
    int won;
    int lost;
    final List<Long> wait = new ArrayList<>();

    /**
     * Counts first-contact event {@code n} of one of its leads, which had a first-contact deadline before it when
     * {@code timed} and was counted as having missed one already when {@code missedBefore}.
     */
    void contacted(JsonNode n, boolean timed, boolean missedBefore) {
      contacted++;
      if (!n.path("within_sla").asBoolean(true)) {
        missedSla += missedBefore ? 0 : 1;
      } else if (timed) {
        withinSla++;
      }
      wait.add(n.path("time_to_contact_ms").asLong());
    }

    /** The share of its leads whose deadline held among those whose deadline is decided, "-" when none is. */
    String inSla() {
      return withinSla + missedSla == 0 ? "-"
          : String.format(Locale.ROOT, "%.1f%%", 100.0 * withinSla / (withinSla + missedSla));
    }

    /** Counts closing outcome event {@code n} (WON or LOST) of one of its leads. */
    void closed(JsonNode n) {
      String outcome = History.text(n, "outcome");
      won += "WON".equals(outcome) ? 1 : 0;
      lost += "LOST".equals(outcome) ? 1 : 0;
    }
  }

  /** One rep's figures. */
  static final class Row {
    int assigned;
    int movedIn;
    int movedOut;
    int missed;
    int contacted;
    int late;
    int won;
    int open;
    final List<Long> toContact = new ArrayList<>();
  }

  @Override
  public Integer call() throws IOException {
    Instant start = instant("--from", from);
    Instant end = instant("--to", to);
    Map<String, Row> reps = new TreeMap<>();
    Map<String, int[]> queues = new TreeMap<>();
    // Where each lead is after the events so far (rep id, "queue <name>" or released), for the open counts.
    Map<String, String> place = new HashMap<>();
    int[] events = {0};
    Instant[] span = {null, null};
    // Leads recycled away from each rep (contacted, no progress within the period), given back, claimed, handed off.
    Moves moved = new Moves();
    // How long leads waited in each queue: those that left it within the period, and when each waiting lead entered.
    Map<String, List<Long>> waited = new TreeMap<>();
    Map<String, Instant> queuedAt = new HashMap<>();
    // When each lead reached the rep holding it, and the first-contact deadline that rep was given (none: absent), so
    // that a rep is timed from its own start and not charged with an earlier holder's wait; the customers' wait from
    // the first routing, and how many were called after a deadline had passed.
    Map<String, Instant> reachedRep = new HashMap<>();
    Map<String, Instant> repDeadline = new HashMap<>();
    List<Long> customerWait = new ArrayList<>();
    int[] afterAMiss = {0};
    // By the configuration version of each lead's first routing: the leads seen routed, and the cohorts of the period.
    java.util.Set<String> routedLeads = new java.util.HashSet<>();
    // Leads taken up as they stood (Router.adopt, decided by "adopted"): held by reps, waiting in queues. No rule
    // placed them, so they are neither a rep's new leads, nor a queue's placements, nor a cohort's.
    int[] takenUp = {0, 0};
    Map<String, Cohort> cohortOf = new HashMap<>();
    Map<String, Cohort> cohorts = new java.util.LinkedHashMap<>();
    // The same leads by the tier of their first routing: how each tier's SLA held.
    Map<String, Cohort> tierOf = new HashMap<>();
    Map<String, Cohort> tiers = new TreeMap<>();
    java.util.Set<String> contactedLeads = new java.util.HashSet<>();
    // Leads that had a first-contact deadline at some point: an event gave one, or one was missed. The others (a tier
    // without an SLA) are neither within nor outside it.
    java.util.Set<String> timedLeads = new java.util.HashSet<>();
    // Leads of the period's cohorts counted as having missed a deadline before their first contact (or without one).
    java.util.Set<String> missedLeads = new java.util.HashSet<>();
    java.util.Set<String> closedLeads = new java.util.HashSet<>();
    int[] skipped = History.scan(log, n -> {
      Instant at = Instant.parse(n.get("at").asText());
      if (end != null && !at.isBefore(end)) {
        return;
      }
      String lead = n.get("lead_id").asText();
      String rep = History.text(n, "rep_id");
      String queue = History.text(n, "queue");
      String kind = n.get("event").asText();
      if (History.text(n, "sla_deadline") != null || kind.equals("SlaBreached")
          || !n.path("within_sla").asBoolean(true)) {
        timedLeads.add(lead);
      }
      boolean moves = switch (kind) {
        case "LeadAssigned", "LeadQueued", "LeadReassigned", "LeadEscalated", "LeadMoved", "LeadUpdated" -> true;
        default -> false;
      };
      String before = place.get(lead);
      if (moves) {
        place.put(lead, rep != null ? rep : "queue " + queue);
        if (rep == null) {
          reachedRep.remove(lead);
          repDeadline.remove(lead);
        } else {
          if (!rep.equals(before)) {
            reachedRep.put(lead, at);
          }
          String due = History.text(n.path("decision"), "sla_deadline");
          if (due != null) {
            repDeadline.put(lead, Instant.parse(due));
          } else {
            repDeadline.remove(lead);
          }
        }
      } else if (kind.equals("LeadReleased")) {
        place.remove(lead);
        reachedRep.remove(lead);
        repDeadline.remove(lead);
      }
      String after = place.get(lead);
      if (!java.util.Objects.equals(before, after)) {
        Instant since = queuedAt.remove(lead);
        if (since != null && before != null && (start == null || !at.isBefore(start))) {
          waited.computeIfAbsent(before.substring(6), k -> new ArrayList<>())
              .add(at.toEpochMilli() - since.toEpochMilli());
        }
        if (after != null && after.startsWith("queue ")) {
          queuedAt.put(lead, at);
        }
      }
      boolean adopted = (kind.equals("LeadAssigned") || kind.equals("LeadQueued")) && History.adopted(n);
      boolean firstRouting = (kind.equals("LeadAssigned") || kind.equals("LeadQueued")) && routedLeads.add(lead)
          && !adopted;
      if (start != null && at.isBefore(start)) {
        return; // counted in where leads are, not in the period's figures
      }
      if (firstRouting) {
        String version = History.text(n, "config_version");
        Cohort c = cohorts.computeIfAbsent(version == null ? "(no version)" : version, k -> new Cohort());
        c.leads++;
        cohortOf.put(lead, c);
        Cohort t = tiers.computeIfAbsent(n.path("tier").isInt() ? "tier " + n.path("tier").asInt() : "(no tier)",
            k -> new Cohort());
        t.leads++;
        tierOf.put(lead, t);
      }
      Cohort cohort = cohortOf.get(lead);
      if (cohort != null && kind.equals("SlaBreached") && !contactedLeads.contains(lead) && missedLeads.add(lead)) {
        // Missed before anyone called: counted whether or not a call comes later, as the SLA metrics count it.
        cohort.missedSla++;
        tierOf.get(lead).missedSla++;
      } else if (cohort != null && kind.equals("ContactRecorded") && contactedLeads.add(lead)) {
        boolean missedBefore = missedLeads.contains(lead);
        if (!n.path("within_sla").asBoolean(true)) {
          missedLeads.add(lead);
        }
        cohort.contacted(n, timedLeads.contains(lead), missedBefore);
        tierOf.get(lead).contacted(n, timedLeads.contains(lead), missedBefore);
      } else if (cohort != null && kind.equals("OutcomeRecorded") && closes(n) && closedLeads.add(lead)) {
        // Its close: WON or LOST, once; a meeting or an opportunity before it is a stage, not a close.
        cohort.closed(n);
        tierOf.get(lead).closed(n);
      }
      events[0]++;
      span[0] = span[0] == null || at.isBefore(span[0]) ? at : span[0];
      span[1] = span[1] == null || at.isAfter(span[1]) ? at : span[1];
      String fromRep = History.text(n, "from_rep_id");
      switch (kind) {
        case "LeadAssigned" -> {
          if (adopted) {
            takenUp[0]++; // its rep is listed with its open leads at the end, if it still holds it
          } else {
            row(reps, rep).assigned++;
          }
        }
        case "LeadQueued" -> {
          if (adopted) {
            takenUp[1]++;
          } else {
            queues.computeIfAbsent(queue, k -> new int[2])[0]++;
          }
        }
        case "LeadReassigned", "LeadEscalated", "LeadMoved" -> {
          if (rep != null) {
            row(reps, rep).movedIn++;
            if ("CLAIMED".equals(History.text(n, "move"))) {
              moved.claimedBy.merge(rep, 1, Integer::sum);
            }
          } else if (queue != null) {
            queues.computeIfAbsent(queue, k -> new int[2])[0]++;
          }
          if (fromRep != null) {
            row(reps, fromRep).movedOut++;
            String move = History.text(n, "move");
            if ("RECYCLED".equals(move)) {
              moved.recycledFrom.merge(fromRep, 1, Integer::sum);
            } else if ("REQUEUED".equals(move)) {
              moved.requeuedFrom.merge(fromRep, 1, Integer::sum);
            } else if ("QUALIFIED".equals(move)) {
              moved.handedOffFrom.merge(fromRep, 1, Integer::sum);
            }
          }
        }
        case "SlaBreached" -> {
          if (rep != null) {
            row(reps, rep).missed++;
          }
        }
        case "ContactRecorded" -> {
          Row r = row(reps, rep);
          r.contacted++;
          boolean withinSla = n.path("within_sla").asBoolean(true);
          long sinceFirstRouted = n.path("time_to_contact_ms").asLong();
          Instant reached = reachedRep.get(lead);
          if (reached != null) {
            Instant due = repDeadline.get(lead);
            r.late += due != null && at.isAfter(due) ? 1 : 0;
            r.toContact.add(at.toEpochMilli() - reached.toEpochMilli());
          } else {
            // The log does not say when the lead reached the rep (it began later): as the event tells it.
            r.late += withinSla ? 0 : 1;
            r.toContact.add(sinceFirstRouted);
          }
          customerWait.add(sinceFirstRouted);
          afterAMiss[0] += withinSla ? 0 : 1;
        }
        case "OutcomeRecorded" -> {
          if (rep != null && "WON".equals(History.text(n, "outcome"))) {
            row(reps, rep).won++;
          }
        }
        default -> {
          // ManagerNotified, LeadUpdated, LeadReleased: counted in where leads are
        }
      }
    });
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    History.warnSkipped(err, log, skipped);
    if (events[0] == 0) {
      err.println("no event of " + log + (start != null || end != null ? " in the period asked" : ""));
      return RoutingCli.INVALID;
    }
    for (Map.Entry<String, String> e : place.entrySet()) {
      if (e.getValue().startsWith("queue ")) {
        queues.computeIfAbsent(e.getValue().substring(6), k -> new int[2])[1]++;
      } else {
        row(reps, e.getValue()).open++;
      }
    }
    Map<String, int[]> qualification = qualification(moved.handedOffFrom, reps);
    if (json) {
      Map<String, Object> j = json(events[0], span, reps, takenUp, customerWait, afterAMiss[0], moved, queues, waited,
          longestWaits(queuedAt, place, end, span[1]), tiers, cohorts);
      List<Map<String, Object>> rates = new ArrayList<>();
      qualification.forEach((rep, n) -> {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("rep", rep);
        m.put("handed_off", n[0]);
        m.put("reached", n[1]);
        m.put("rate", n[1] == 0 ? null : (double) n[0] / n[1]);
        rates.add(m);
      });
      j.put("qualification_by_sdr", rates);
      out.println(History.JSON.writeValueAsString(j));
      out.flush();
      return 0;
    }
    out.println(events[0] + " events from " + span[0] + " to " + span[1]);
    out.println(String.format(Locale.ROOT, "%-28s %5s %5s %5s %7s %9s %5s %12s %5s %5s", "rep", "new", "in", "out",
        "missed", "contacted", "late", "p50 contact", "won", "open"));
    int fewest = Integer.MAX_VALUE;
    int most = 0;
    int total = 0;
    for (Map.Entry<String, Row> e : reps.entrySet()) {
      Row r = e.getValue();
      out.println(String.format(Locale.ROOT, "%-28s %5d %5d %5d %7d %9d %5d %12s %5d %5d", e.getKey(), r.assigned,
          r.movedIn, r.movedOut, r.missed, r.contacted, r.late, median(r.toContact), r.won, r.open));
      fewest = Math.min(fewest, r.assigned);
      most = Math.max(most, r.assigned);
      total += r.assigned;
    }
    out.println(String.format(Locale.ROOT, "new leads a rep: %d to %d, mean %.1f over %d reps with an event (reps"
        + " the log never names are not listed)", fewest, most, (double) total / reps.size(), reps.size()));
    if (takenUp[0] + takenUp[1] > 0) {
      out.println("taken up as they stood (Router.adopt: leads already open, not routed): " + takenUp[0] + " held by"
          + " reps, " + takenUp[1] + " waiting in queues; not counted as new leads, queue placements or cohorts");
    }
    if (!customerWait.isEmpty()) {
      out.println("first contacts: " + customerWait.size() + ", a median " + median(customerWait) + " after the lead was"
          + " first routed (the customer's wait, through moves and queues); " + afterAMiss[0] + " after a missed"
          + " deadline");
    }
    if (!tiers.isEmpty()) {
      printTable(out, "by tier of each lead's first routing:", "tier", tiers);
    }
    printCounts(out, "recycled (contacted, no progress within the period): ", "moved out of", moved.recycledFrom);
    printCounts(out, "given back to a queue by a person (requeue): ", "from", moved.requeuedFrom);
    printCounts(out, "claimed from queues (a rep asking for its next lead): ", "by", moved.claimedBy);
    printCounts(out, "handed off when qualified (an SDR's lead made sales-qualified, routed again): ", "from",
        moved.handedOffFrom);
    if (!qualification.isEmpty()) {
      StringBuilder q = new StringBuilder("qualification rate by SDR (leads handed off of the leads that reached it):");
      qualification.forEach((rep, n) -> q.append(' ').append(rep).append(' ').append(n[0]).append(" of ").append(n[1])
          .append(n[1] == 0 ? "" : String.format(Locale.ROOT, " (%.1f%%)", 100.0 * n[0] / n[1])).append(','));
      out.println(q.substring(0, q.length() - 1));
    }
    Map<String, Long> longestWaiting = longestWaits(queuedAt, place, end, span[1]);
    java.util.Set<String> waitQueues = new java.util.TreeSet<>(waited.keySet());
    waitQueues.addAll(longestWaiting.keySet());
    if (!waitQueues.isEmpty()) {
      StringBuilder w = new StringBuilder("waits in queues:");
      for (String name : waitQueues) {
        List<Long> left = waited.getOrDefault(name, List.of());
        w.append(' ').append(name).append(':');
        if (!left.isEmpty()) {
          w.append(' ').append(left.size()).append(" left after a median ").append(median(left)).append(" (longest ")
              .append(History.duration(java.util.Collections.max(left))).append(')');
        }
        Long longest = longestWaiting.get(name);
        if (longest != null) {
          long still = queuedAt.keySet().stream().filter(lead -> place.get(lead).equals("queue " + name)).count();
          w.append(left.isEmpty() ? " " : ", ").append(still).append(" still waiting (longest ")
              .append(History.duration(longest)).append(')');
        }
        w.append(';');
      }
      out.println(w.substring(0, w.length() - 1));
    }
    if (cohorts.size() > 1 || baseline != null) {
      printCohorts(out, cohorts);
    }
    if (!queues.isEmpty()) {
      StringBuilder q = new StringBuilder("queues (placed, waiting at the end):");
      for (Map.Entry<String, int[]> e : queues.entrySet()) {
        q.append(' ').append(e.getKey()).append(' ').append(e.getValue()[0]).append(", ").append(e.getValue()[1])
            .append(';');
      }
      out.println(q.substring(0, q.length() - 1));
    }
    return 0;
  }

  /**
   * The leads first routed in the period, by the configuration version they were first routed under, and each
   * version against the baseline on contact and conversion (two-proportion tests): an experiment's variants read from
   * the log, or the rules before and after a reload.
   */
  private void printCohorts(PrintWriter out, Map<String, Cohort> cohorts) {
    String base = baselineOf(cohorts);
    Cohort reference = cohorts.get(base);
    printTable(out, "by configuration version of each lead's first routing (an experiment's variants are"
        + " 'VERSION/VARIANT'):", "version", cohorts);
    for (Map.Entry<String, Cohort> e : cohorts.entrySet()) {
      if (e.getKey().equals(base)) {
        continue;
      }
      List<io.smartrouting.core.experiment.ProportionTest> tests = against(reference, e.getValue());
      out.println("  " + e.getKey() + " against " + base + ": " + tests.get(0) + "; " + tests.get(1));
    }
  }

  /** Leads {@code c} against the baseline's {@code reference}: contact rate, then conversion (two-proportion tests). */
  private static List<io.smartrouting.core.experiment.ProportionTest> against(Cohort reference, Cohort c) {
    return List.of(
        io.smartrouting.core.experiment.Statistics.twoProportion("contact rate", reference.contacted, reference.leads,
            c.contacted, c.leads),
        io.smartrouting.core.experiment.Statistics.twoProportion("conversion", reference.won, reference.leads, c.won,
            c.leads));
  }

  /** True if outcome event {@code n} closes its lead: WON or LOST. */
  private static boolean closes(JsonNode n) {
    String outcome = History.text(n, "outcome");
    return "WON".equals(outcome) || "LOST".equals(outcome);
  }

  /**
   * The leads still waiting at the period's end ({@code end}, else the last event's time {@code last}): how long the
   * longest of each queue has waited.
   */
  private static Map<String, Long> longestWaits(Map<String, Instant> queuedAt, Map<String, String> place,
      @Nullable Instant end, Instant last) {
    Instant until = end != null ? end : last;
    Map<String, Long> longest = new TreeMap<>();
    queuedAt.forEach((lead, since) -> longest.merge(place.get(lead).substring(6),
        Math.max(0, until.toEpochMilli() - since.toEpochMilli()), Math::max));
    return longest;
  }

  /** Leads moved by kind, by rep: away from it (recycled, given back, handed off when qualified) or to it (claimed). */
  private static final class Moves {
    final Map<String, Integer> recycledFrom = new TreeMap<>();
    final Map<String, Integer> requeuedFrom = new TreeMap<>();
    final Map<String, Integer> claimedBy = new TreeMap<>();
    final Map<String, Integer> handedOffFrom = new TreeMap<>();
  }

  /** One line of {@code head}, the total, then each rep ({@code by} before them) with its count; none if empty. */
  /**
   * Each SDR's leads handed off when qualified and the leads that reached it (new, and moved in), highest rate first:
   * the SDRs of {@code --config} when given (those that handed nothing off too), else the reps that handed a lead off.
   */
  private Map<String, int[]> qualification(Map<String, Integer> handedOffFrom, Map<String, Row> reps)
      throws IOException {
    java.util.Set<String> sdrs = new java.util.TreeSet<>(handedOffFrom.keySet());
    if (config != null) {
      io.smartrouting.config.RoutingConfig c;
      try {
        c = io.smartrouting.config.RoutingConfig.load(config);
      } catch (io.smartrouting.config.ConfigException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--config " + config + ": " + e.getMessage());
      }
      for (io.smartrouting.api.Rep r : c.reps()) {
        if (r.role() == io.smartrouting.api.RepRole.SDR) {
          sdrs.add(r.id());
        }
      }
    }
    List<Map.Entry<String, int[]>> rows = new ArrayList<>();
    for (String id : sdrs) {
      Row r = reps.get(id);
      rows.add(Map.entry(id, new int[] {handedOffFrom.getOrDefault(id, 0), r == null ? 0 : r.assigned + r.movedIn}));
    }
    rows.sort(java.util.Comparator.comparingDouble((Map.Entry<String, int[]> e) -> e.getValue()[1] == 0 ? -1
        : (double) e.getValue()[0] / e.getValue()[1]).reversed().thenComparing(Map.Entry::getKey));
    Map<String, int[]> out = new java.util.LinkedHashMap<>();
    rows.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static void printCounts(PrintWriter out, String head, String by, Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      return;
    }
    StringBuilder line = new StringBuilder(head)
        .append(counts.values().stream().mapToInt(Integer::intValue).sum()).append(" lead(s), ").append(by);
    counts.forEach((rep, count) -> line.append(' ').append(rep).append(' ').append(count).append(','));
    out.println(line.substring(0, line.length() - 1));
  }

  /** What {@code --json} prints: the figures the text shows, times in milliseconds, absent figures null. */
  private Map<String, Object> json(int events, Instant[] span, Map<String, Row> reps, int[] takenUp,
      List<Long> customerWait, int afterAMiss, Moves moves, Map<String, int[]> queues, Map<String, List<Long>> waited,
      Map<String, Long> longestWaiting, Map<String, Cohort> tiers, Map<String, Cohort> cohorts) {
    Map<String, Object> j = new java.util.LinkedHashMap<>();
    j.put("events", events);
    j.put("from", span[0].toString());
    j.put("to", span[1].toString());
    List<Map<String, Object>> rows = new ArrayList<>();
    reps.forEach((id, r) -> {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("rep", id);
      m.put("new", r.assigned);
      m.put("in", r.movedIn);
      m.put("out", r.movedOut);
      m.put("missed", r.missed);
      m.put("contacted", r.contacted);
      m.put("late", r.late);
      m.put("median_to_contact_ms", medianMillis(r.toContact));
      m.put("won", r.won);
      m.put("open", r.open);
      rows.add(m);
    });
    j.put("reps", rows);
    Map<String, Object> adopted = new java.util.LinkedHashMap<>();
    adopted.put("held", takenUp[0]);
    adopted.put("waiting", takenUp[1]);
    j.put("taken_up", adopted);
    Map<String, Object> contacts = new java.util.LinkedHashMap<>();
    contacts.put("count", customerWait.size());
    contacts.put("median_wait_ms", medianMillis(customerWait));
    contacts.put("after_a_missed_deadline", afterAMiss);
    j.put("first_contacts", contacts);
    j.put("recycled_from", moves.recycledFrom);
    j.put("requeued_from", moves.requeuedFrom);
    j.put("claimed_by", moves.claimedBy);
    j.put("handed_off_from", moves.handedOffFrom);
    java.util.Set<String> names = new java.util.TreeSet<>(queues.keySet());
    names.addAll(waited.keySet());
    names.addAll(longestWaiting.keySet());
    List<Map<String, Object>> queueRows = new ArrayList<>();
    for (String name : names) {
      int[] q = queues.getOrDefault(name, new int[2]);
      List<Long> left = waited.getOrDefault(name, List.of());
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("queue", name);
      m.put("placed", q[0]);
      m.put("waiting_at_end", q[1]);
      m.put("left", left.size());
      m.put("median_wait_ms", medianMillis(left));
      m.put("longest_wait_ms", left.isEmpty() ? null : java.util.Collections.max(left));
      m.put("longest_waiting_ms", longestWaiting.get(name));
      queueRows.add(m);
    }
    j.put("queues", queueRows);
    List<Map<String, Object>> tierRows = new ArrayList<>();
    tiers.forEach((tier, c) -> tierRows.add(figures("tier", tier.startsWith("tier ")
        ? Integer.valueOf(tier.substring(5)) : null, c)));
    j.put("tiers", tierRows);
    if (cohorts.size() > 1 || baseline != null) {
      String base = baselineOf(cohorts);
      List<Map<String, Object>> versions = new ArrayList<>();
      List<Map<String, Object>> comparisons = new ArrayList<>();
      Cohort reference = cohorts.get(base);
      cohorts.forEach((version, c) -> {
        versions.add(figures("version", version, c));
        if (!version.equals(base)) {
          List<io.smartrouting.core.experiment.ProportionTest> tests = against(reference, c);
          comparisons.add(comparison(version, base, "contact_rate", tests.get(0)));
          comparisons.add(comparison(version, base, "conversion", tests.get(1)));
        }
      });
      j.put("versions", versions);
      j.put("comparisons", comparisons);
    }
    return j;
  }

  /** A group of leads for {@code --json}: its name under {@code key}, then what its leads became. */
  private static Map<String, Object> figures(String key, @Nullable Object name, Cohort c) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put(key, name);
    m.put("leads", c.leads);
    m.put("contacted", c.contacted);
    m.put("within_sla", c.withinSla);
    m.put("missed_sla", c.missedSla);
    m.put("median_wait_ms", medianMillis(c.wait));
    m.put("won", c.won);
    m.put("lost", c.lost);
    return m;
  }

  /** One version against the baseline on one metric, for {@code --json}: rates, difference and its 95% interval. */
  private static Map<String, Object> comparison(String version, String base, String metric,
      io.smartrouting.core.experiment.ProportionTest t) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("version", version);
    m.put("baseline", base);
    m.put("metric", metric);
    m.put("baseline_rate", finite(t.controlRate()));
    m.put("rate", finite(t.treatmentRate()));
    m.put("difference", finite(t.difference()));
    m.put("lower", finite(t.lower()));
    m.put("upper", finite(t.upper()));
    m.put("p_value", finite(t.pValue()));
    return m;
  }

  /** {@code x}, or null when it is not a number (a rate over no lead): JSON has no NaN. */
  private static @Nullable Double finite(double x) {
    return Double.isFinite(x) ? x : null;
  }

  private static Row row(Map<String, Row> reps, @Nullable String rep) {
    return reps.computeIfAbsent(rep == null ? "(none)" : rep, k -> new Row());
  }

  /**
   * Prints {@code groups} of leads under {@code heading}, one row each named in column {@code name}: leads, first
   * contacts, the share of the leads whose first-contact deadline is decided (met, or missed whether called later or
   * not) that met it, the median wait, wins, losses and conversion.
   */
  private static void printTable(PrintWriter out, String heading, String name, Map<String, Cohort> groups) {
    int width = Math.max(28, groups.keySet().stream().mapToInt(String::length).max().orElse(0) + 1);
    out.println(heading);
    out.println(String.format(Locale.ROOT, "  %-" + width + "s %6s %9s %7s %12s %5s %5s %10s", name, "leads",
        "contacted", "in SLA", "p50 wait", "won", "lost", "conversion"));
    for (Map.Entry<String, Cohort> e : groups.entrySet()) {
      Cohort c = e.getValue();
      out.println(String.format(Locale.ROOT, "  %-" + width + "s %6d %9d %7s %12s %5d %5d %10s", e.getKey(), c.leads,
          c.contacted, c.inSla(),
          median(c.wait), c.won, c.lost, String.format(Locale.ROOT, "%.2f%%", 100.0 * c.won / c.leads)));
    }
  }

  /** The version the others are compared with: {@code --baseline}, else the first; refused if no lead has it. */
  private String baselineOf(Map<String, Cohort> cohorts) {
    String base = baseline != null ? baseline : cohorts.keySet().iterator().next();
    if (!cohorts.containsKey(base)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--baseline " + base + ": no lead of the period"
          + " was first routed under it; versions: " + cohorts.keySet());
    }
    return base;
  }

  private static String median(List<Long> millis) {
    Long m = medianMillis(millis);
    return m == null ? "-" : History.duration(m);
  }

  /** The median of {@code millis} (the lower of the middle two), or null if there is none. */
  private static @Nullable Long medianMillis(List<Long> millis) {
    if (millis.isEmpty()) {
      return null;
    }
    List<Long> sorted = new ArrayList<>(millis);
    sorted.sort(null);
    return sorted.get((sorted.size() - 1) / 2);
  }

  private @Nullable Instant instant(String option, @Nullable String value) {
    return value == null ? null : RoutingCli.instant(spec, option, value, "");
  }
}
