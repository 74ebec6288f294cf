package io.smartrouting.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code history AUDIT_LOG LEAD...}: a lead's life read back from an audit log of {@code Router.Builder.auditLog}
 * lines, one event a line in words, and where the lead is now.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "Tells a lead's life from an audit log (the JSON lines Router.Builder.auditLog writes): its"
        + " decision, SLA breaches, reassignments, escalations, moves, contacts, outcomes and release, in order, and"
        + " where it is now. With --rep, every lead whose events name the rep.")
final class History implements Callable<Integer> {

  static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "AUDIT_LOG", description = "An audit log: one JSON event record a line.")
  Path log;

  @Parameters(index = "1..*", paramLabel = "LEAD", arity = "0..*", description = "Lead ids.")
  List<String> leadIds = new ArrayList<>();

  @Option(names = "--rep", paramLabel = "REP", description = "Every lead whose events name this rep (as holder, as"
      + " the rep it moved from, or as the manager told).")
  @Nullable String rep;

  @Override
  public Integer call() throws IOException {
    if (leadIds.isEmpty() == (rep == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "name the leads (history AUDIT_LOG LEAD...) or a rep (--rep REP), not both and not neither");
    }
    Map<String, List<JsonNode>> byLead = new LinkedHashMap<>();
    for (String id : leadIds) {
      byLead.put(id, new ArrayList<>());
    }
    if (rep != null) {
      // First the leads whose events name the rep, then (below) every event of those leads, earlier ones included.
      scan(log, n -> {
        if (names(n, rep)) {
          byLead.computeIfAbsent(n.get("lead_id").asText(), k -> new ArrayList<>());
        }
      });
    }
    int[] skipped = scan(log, n -> {
      List<JsonNode> events = byLead.get(n.get("lead_id").asText());
      if (events != null) {
        events.add(n);
      }
    });
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    warnSkipped(err, log, skipped);
    List<String> missing = new ArrayList<>();
    boolean first = true;
    for (Map.Entry<String, List<JsonNode>> e : byLead.entrySet()) {
      if (e.getValue().isEmpty()) {
        missing.add(e.getKey());
        continue;
      }
      out.println((first ? "" : "\n") + tell(e.getKey(), e.getValue()));
      first = false;
    }
    if (rep != null && byLead.isEmpty()) {
      err.println("no event of " + log + " names rep '" + rep + "'");
      return RoutingCli.INVALID;
    }
    if (!missing.isEmpty()) {
      err.println("no event of " + log + " is about lead(s) " + String.join(", ", missing));
      return RoutingCli.INVALID;
    }
    return 0;
  }

  /**
   * Reads audit log {@code log} line by line (a log of months need not fit in memory), giving each event record to
   * {@code each}; returns how many lines were no event record and the number of the first.
   */
  static int[] scan(Path log, java.util.function.Consumer<JsonNode> each) throws IOException {
    int[] skipped = {0, 0};
    int lineNumber = 0;
    try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = record(line);
        if (n == null) {
          skipped[0]++;
          skipped[1] = skipped[1] == 0 ? lineNumber : skipped[1];
        } else {
          each.accept(n);
        }
      }
    }
    return skipped;
  }

  /** Says on {@code err} how many lines {@link #scan} skipped, if any. */
  static void warnSkipped(PrintWriter err, Path log, int[] skipped) {
    if (skipped[0] > 0) {
      err.println("warning: skipped " + skipped[0] + " line(s) of " + log + " that are no event records (the first"
          + " at line " + skipped[1] + ")");
    }
  }

  /** The event record on {@code line}, or null if the line is none. */
  private static @Nullable JsonNode record(String line) {
    try {
      JsonNode n = JSON.readTree(line);
      return n != null && n.isObject() && n.hasNonNull("event") && n.hasNonNull("lead_id") && n.hasNonNull("at")
          ? n : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static boolean names(JsonNode n, String rep) {
    return rep.equals(text(n, "rep_id")) || rep.equals(text(n, "from_rep_id")) || rep.equals(text(n, "manager_id"));
  }

  /** The events that put a lead with a rep or in a queue. */
  private static final java.util.Set<String> PLACING = java.util.Set.of("LeadAssigned", "LeadQueued",
      "LeadReassigned", "LeadEscalated", "LeadMoved", "LeadUpdated");

  /** A lead's events in words, one a line, under a heading that says where it is now. */
  static String tell(String leadId, List<JsonNode> events) {
    String now = "?";
    int width = 0;
    for (JsonNode n : events) {
      width = Math.max(width, n.get("at").asText().length());
    }
    StringBuilder lines = new StringBuilder();
    // Who holds the lead and since when, as the events so far place it: a contact says how long its rep took too.
    String holder = null;
    long reachedAt = 0;
    for (JsonNode n : events) {
      String rep = text(n, "rep_id");
      String queue = text(n, "queue");
      String here = rep != null ? "with " + rep : queue != null ? "in queue " + queue : "?";
      long at = java.time.Instant.parse(n.get("at").asText()).toEpochMilli();
      String kind = n.get("event").asText();
      if (PLACING.contains(kind)) {
        if (rep != null && !rep.equals(holder)) {
          reachedAt = at;
        }
        holder = rep;
      }
      String words;
      switch (kind) {
        case "LeadAssigned" -> {
          words = (adopted(n) ? "taken up as it stood (not routed): held by " + rep : "assigned to " + rep
              + decidedBy(n)) + tierAndDeadline(n);
          now = here;
        }
        case "LeadQueued" -> {
          words = (adopted(n) ? "taken up as it stood (not routed): waiting in " + queue : "queued in " + queue
              + decidedBy(n)) + tierAndDeadline(n);
          now = here;
        }
        case "SlaBreached" -> words = "first contact missed by " + (rep != null ? rep : "queue " + queue)
            + " (due " + text(n, "sla_deadline") + "; breach " + n.path("breach").asInt() + ")";
        case "ManagerNotified" -> words = text(n, "manager_id") == null
            ? "the team of " + rep + " told (no manager)" : "manager " + text(n, "manager_id") + " told";
        case "LeadReassigned" -> {
          words = "reassigned from " + text(n, "from_rep_id") + " to " + rep + " after the missed contact"
              + " (reassignment " + n.path("reassignment").asInt() + ")" + tierAndDeadline(n);
          now = here;
        }
        case "LeadEscalated" -> {
          words = "escalated from " + (text(n, "from_rep_id") != null ? text(n, "from_rep_id") : "its queue")
              + " to " + (rep != null ? rep : "queue " + queue) + ": " + text(n, "reason");
          now = here;
        }
        case "LeadMoved" -> {
          String from = text(n, "from_rep_id") != null ? text(n, "from_rep_id") : "queue " + text(n, "from_queue");
          words = "moved from " + from + " to " + (rep != null ? rep : "queue " + queue) + " ("
              + text(n, "move").toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + text(n, "reason") + ")"
              + tierAndDeadline(n);
          now = here;
        }
        case "LeadUpdated" -> {
          words = text(n, "reason") != null ? "read anew: " + text(n, "reason")
              : "read anew: tier " + n.path("from_tier").asInt() + " -> " + n.path("tier").asInt() + ", stays "
                  + (rep != null ? "with " + rep : "in queue " + queue);
          now = here;
        }
        case "ContactRecorded" -> {
          long sinceFirst = n.path("time_to_contact_ms").asLong();
          boolean reachedLater = rep != null && rep.equals(holder) && at - reachedAt < sinceFirst;
          words = "first contact by " + rep + ", " + duration(sinceFirst) + " after the lead was first routed"
              + (reachedLater ? " (" + duration(at - reachedAt) + " after it reached " + rep + ")" : "")
              + (n.path("within_sla").asBoolean() ? ", within the SLA" : "; an SLA deadline was missed");
        }
        case "OutcomeRecorded" -> words = "outcome " + text(n, "outcome") + (rep != null ? ", credited to " + rep
            : " (the lead was queued)");
        case "LeadReleased" -> {
          words = "released by " + (rep != null ? rep : "queue " + queue);
          now = "released";
        }
        default -> words = n.get("event").asText() + " " + here;
      }
      lines.append("\n  ").append(String.format("%-" + width + "s", n.get("at").asText())).append("  ").append(words);
    }
    return "lead " + leadId + ": " + events.size() + (events.size() == 1 ? " event" : " events") + ", now " + now
        + lines;
  }

  /** True if the event carries the decision of a lead taken up as it stood ({@code Router.adopt}). */
  static boolean adopted(JsonNode n) {
    return "adopted".equals(text(n.path("decision"), "decided_by"));
  }

  /** {@code  by STEP (its reason)} from a carried decision record, or the empty string. */
  private static String decidedBy(JsonNode n) {
    JsonNode d = n.path("decision");
    String step = text(d, "decided_by");
    if (step == null) {
      return "";
    }
    for (JsonNode s : d.path("steps")) {
      if ("ASSIGN".equals(text(s, "outcome")) && step.equals(text(s, "label")) && text(s, "reason") != null) {
        return " by " + step + " (" + text(s, "reason") + ")";
      }
    }
    return " by " + step;
  }

  private static String tierAndDeadline(JsonNode n) {
    String tier = n.path("tier").isInt() ? "; tier " + n.get("tier").asInt() : "";
    String due = text(n, "sla_deadline");
    return tier + (due == null ? "" : ", first contact due " + due);
  }

  static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** {@code 45s}, {@code 12m}, {@code 2h 5m}, {@code 3d 4h}. */
  static String duration(long millis) {
    Duration d = Duration.ofMillis(millis);
    if (d.toDays() > 0) {
      return d.toDays() + "d " + d.toHoursPart() + "h";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "m" + (d.toSecondsPart() == 0 ? "" : " " + d.toSecondsPart() + "s");
    }
    return d.toSeconds() + "s";
  }
}
