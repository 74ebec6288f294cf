package io.smartrouting.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingDemoTest {

  @TempDir
  Path tmp;

  private static String run(String... args) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RoutingDemo.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theDefaultRunExplainsOneDecisionPerTierAndSummarisesEveryLead() throws Exception {
    String out = run();
    assertThat(out).contains("58 reps, 11 accounts, 1000 leads (generated, seed 42)")
        .contains("=== Explained decision, tier 1 ===").contains("=== Explained decision, tier 2 ===")
        .contains("=== Explained decision, tier 3 ===").contains("step 1 account-owner")
        .contains("Leads by tier and segment").contains("Per-rep load vs capacity").contains("Queued (fallback)");
    // The tier totals account for every lead.
    int total = 0;
    for (String line : out.split("\n")) {
      if (line.startsWith("  Tier ")) {
        String[] cells = line.trim().split("\\s+");
        total += Integer.parseInt(cells[cells.length - 1]);
      }
    }
    assertThat(total).isEqualTo(1000);
  }

  @Test
  void theSlaRunReportsContactsBreachesAndEscalationsThatAddUp() throws Exception {
    String out = run();
    String sla = out.substring(out.indexOf("=== SLA run: 1000 leads"));
    assertThat(sla).contains("tier 1").contains("in SLA").contains("p90");
    long contactedOrMissed = 0;
    for (String line : sla.split("\n")) {
      if (line.startsWith("tier 1") || line.startsWith("tier 2")) {
        String[] c = line.trim().split("\\s+");
        int contacted = Integer.parseInt(c[2]);
        int met = Integer.parseInt(c[3]);
        int missed = Integer.parseInt(c[4]);
        int breaches = Integer.parseInt(c[5]);
        assertThat(met).isLessThanOrEqualTo(contacted);
        assertThat(breaches).isGreaterThanOrEqualTo(missed);
        contactedOrMissed += met + missed;
      }
    }
    assertThat(contactedOrMissed).as("Tier 1 and 2 leads accounted for by met or missed").isPositive();
    assertThat(sla).containsPattern("reassignments: [1-9]\\d*, escalations: \\d+");
  }

  @Test
  void theWeekLeavesNoLeadWaitingThatARepCouldTakeAndAccountLeadsReachTheirPeople() throws Exception {
    String out = run();
    java.util.regex.Matcher reach = java.util.regex.Pattern.compile(
        "account-matched leads that reached their account's people: (\\d+) of (\\d+)").matcher(out);
    assertThat(reach.find()).isTrue();
    int reached = Integer.parseInt(reach.group(1));
    int matched = Integer.parseInt(reach.group(2));
    assertThat(matched).isGreaterThan(100);
    assertThat((double) reached / matched).as("share of account leads with their account's people")
        .isGreaterThanOrEqualTo(0.90);
    assertThat(out).containsPattern("leads assigned from a wait queue \\(after hours, nobody free, escalated\\):"
        + " [1-9]\\d*");
    assertThat(out).containsPattern("left in a queue at the end: .*; of them a rep could have taken: 0\n");
    java.util.regex.Matcher back = java.util.regex.Pattern.compile(
        "returning contacts whose earlier lead was still with a rep: (\\d+), sent to that rep: (\\d+)").matcher(out);
    assertThat(back.find()).isTrue();
    int whileOpen = Integer.parseInt(back.group(1));
    int toTheirRep = Integer.parseInt(back.group(2));
    assertThat(whileOpen).as("the sample has people writing again while their lead is open").isPositive();
    assertThat(toTheirRep).as("most reach the rep of their open lead").isGreaterThan(whileOpen / 2)
        .isLessThanOrEqualTo(whileOpen);
    java.util.regex.Matcher colleagues = java.util.regex.Pattern.compile(
        "colleagues whose company had another lead with a rep: (\\d+), sent to that rep: (\\d+)").matcher(out);
    assertThat(colleagues.find()).isTrue();
    int companyOpen = Integer.parseInt(colleagues.group(1));
    assertThat(companyOpen).as("the sample has colleagues writing while their company's lead is open").isPositive();
    assertThat(Integer.parseInt(colleagues.group(2))).as("some reach that rep (the others' rep may not take them)")
        .isPositive().isLessThanOrEqualTo(companyOpen);
    // Mid-week an account changes hands, and the shipped configuration hands its open leads to the new owner.
    assertThat(out).containsPattern("an account given to its team member on Wednesday \\(acc-[a-z-]+: owner [a-z-0-9]+"
        + " -> [a-z-0-9]+, \\d\\d:\\d\\d(:\\d\\d)? UTC\\): [1-9]\\d* open lead\\(s\\) handed to its new people\n");
    // On Thursday a territory changes hands within a team: the leads the rep no longer covers are previewed, then moved.
    java.util.regex.Matcher realign = java.util.regex.Pattern.compile("a territory realignment on Thursday \\([a-z-0-9]+"
        + " hands [A-Z-]+ to [a-z-0-9]+, \\d\\d:\\d\\d(:\\d\\d)? UTC\\): (\\d+) open lead\\(s\\) the rep no longer covered,"
        + " previewed, then routed again: (\\d+) to a rep, (\\d+) to a queue\n").matcher(out);
    assertThat(realign.find()).as(out).isTrue();
    assertThat(Integer.parseInt(realign.group(2))).as("some leads moved").isPositive()
        .as("the preview announced what the update did")
        .isEqualTo(Integer.parseInt(realign.group(3)) + Integer.parseInt(realign.group(4)));
  }

  /**
   * The audit log of the week tells every lead's life without a gap: replaying its lines, each lead starts with its
   * decision, every move, reassignment, escalation, contact and release names the place the lead was in by the lines
   * before it, and the leads the replay leaves waiting are as many as the week left in its queues.
   */
  @Test
  void theWeeksAuditLogTellsEveryLeadsLifeWithoutAGap() throws Exception {
    Path file = tmp.resolve("audit.jsonl");
    String out = run("--count", "400", "--audit-log", file.toString());
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(out).contains("audit log of the week: " + lines.size() + " events in " + file);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    Map<String, String> place = new HashMap<>();
    Map<String, Integer> kinds = new TreeMap<>();
    for (String line : lines) {
      com.fasterxml.jackson.databind.JsonNode n = json.readTree(line);
      String lead = n.get("lead_id").asText();
      String kind = n.get("event").asText();
      kinds.merge(kind, 1, Integer::sum);
      String here = n.get("rep_id").isNull() ? "queue " + n.get("queue").asText() : n.get("rep_id").asText();
      String before = place.get(lead);
      String context = lead + " " + kind + " after " + before;
      switch (kind) {
        case "LeadAssigned", "LeadQueued" -> {
          assertThat(before).as(context).isNull();
          place.put(lead, here);
        }
        case "LeadReassigned" -> {
          assertThat(n.get("from_rep_id").asText()).as(context).isEqualTo(before);
          place.put(lead, here);
        }
        case "LeadEscalated", "LeadMoved" -> {
          String from = n.get("from_rep_id").isNull() ? "queue " + n.path("from_queue").asText()
              : n.get("from_rep_id").asText();
          assertThat(from).as(context).isEqualTo(before);
          place.put(lead, here);
        }
        case "SlaBreached", "ContactRecorded", "LeadReleased" -> {
          assertThat(here).as(context).isEqualTo(before);
          if (kind.equals("LeadReleased")) {
            place.put(lead, "released");
          }
        }
        default -> assertThat(before).as(context).isNotNull();
      }
    }
    assertThat(place).as("every lead of the run has its decision in the log").hasSize(400);
    assertThat(kinds).containsKeys("LeadAssigned", "LeadQueued", "SlaBreached", "ManagerNotified", "LeadReassigned",
        "LeadEscalated", "LeadMoved", "ContactRecorded", "LeadReleased");
    java.util.regex.Matcher left = java.util.regex.Pattern.compile("left in a queue at the end: \\{([^}]*)\\}")
        .matcher(out);
    int waiting = 0;
    if (left.find()) {
      for (String q : left.group(1).split(", ")) {
        waiting += Integer.parseInt(q.substring(q.indexOf('=') + 1));
      }
    }
    assertThat(place.values().stream().filter(p -> p.startsWith("queue ")).count()).isEqualTo(waiting);
  }

  /**
   * With a configuration that hands qualified leads off, the week's SDRs qualify some of the leads they called, and
   * each qualification the demo counts is a hand-off in the audit log, from an SDR, to a rep or a queue.
   */
  @Test
  void aWeekOnTheSdrConfigurationHandsQualifiedLeadsOff() throws Exception {
    Path file = tmp.resolve("sdr.jsonl");
    String out = run("--config", Path.of("..", "examples", "sdr-handoff.yaml").toString(), "--count", "300",
        "--audit-log", file.toString());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("leads an SDR qualified after its first contact"
        + " \\(update, sales_qualified\\): (\\d+); handed off \\(when_leads_qualify\\): (\\d+) to a rep, (\\d+) to a"
        + " queue\n").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    int qualified = Integer.parseInt(m.group(1));
    int toRep = Integer.parseInt(m.group(2));
    int toQueue = Integer.parseInt(m.group(3));
    assertThat(toRep).as("some qualified leads reach an AE").isPositive();
    assertThat(toRep + toQueue).as("every qualification an SDR made while holding the lead is handed off")
        .isEqualTo(qualified);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    int[] logged = new int[2];
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      com.fasterxml.jackson.databind.JsonNode n = json.readTree(line);
      if (n.get("event").asText().equals("LeadMoved") && n.path("move").asText().equals("QUALIFIED")) {
        assertThat(n.get("from_rep_id").asText()).as(line).isIn("sam", "kai"); // the configuration's SDRs
        logged[n.get("rep_id").isNull() ? 1 : 0]++;
      }
    }
    assertThat(logged).containsExactly(toRep, toQueue);
    // The shipped configuration keeps qualified leads with their rep: its week qualifies nothing and says nothing.
    assertThat(run("--count", "300")).doesNotContain("an SDR qualified");
  }

  @Test
  void theSameSeedGivesTheSameRun() throws Exception {
    assertThat(run("--seed", "7", "--count", "300")).isEqualTo(run("--seed", "7", "--count", "300"));
  }

  @Test
  void usersCanBringTheirOwnFiles() throws Exception {
    Path roster = tmp.resolve("roster.csv");
    Files.writeString(roster, "id,territories,segments,capacity\nanna,US,,5\nbo,US;CA,SMB,5\n");
    Path accounts = tmp.resolve("accounts.csv");
    Files.writeString(accounts, "id,name,domains,owner\nacme,\"Acme, Inc.\",acme.com,anna\n");
    Path leads = tmp.resolve("leads.csv");
    Files.writeString(leads, "id,email,country,employees,source\nx1,jo@acme.com,US,20,trial\nx2,,US,10,\n");
    String out = run("--roster", roster.toString(), "--accounts", accounts.toString(), "--leads", leads.toString());
    assertThat(out).contains("2 reps, 1 account, 2 leads").contains("Lead x1 -> rep anna (decided by account-owner)");
  }

  @Test
  void badFilesNameTheLineAndColumn() throws Exception {
    Path roster = tmp.resolve("bad.csv");
    Files.writeString(roster, "id,capacity\nanna,lots\n");
    assertThatThrownBy(() -> run("--roster", roster.toString()))
        .hasMessageContaining("bad.csv line 2").hasMessageContaining("column 'capacity' must be a whole number");
    assertThatThrownBy(() -> run("--count", "-3")).hasMessageContaining("--count must be a positive whole number");
    assertThatThrownBy(() -> run("--frobnicate", "1")).hasMessageContaining("unknown option '--frobnicate'");
  }

  @Test
  void theQuickstartRuns() {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      Quickstart.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("ana").contains("decided by tier-fast-track");
  }
}
