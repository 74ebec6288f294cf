package io.smartrouting.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The routing command: exit codes, all errors at once, no stack traces, and what each command prints. */
class RoutingCliTest {

  static final Path EXAMPLE = Path.of("..", "examples", "routing.yaml");

  @TempDir
  Path tmp;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = RoutingCli.commandLine();
    // Buffered, as picocli's own writers on System.out and System.err are: what a command does not flush is lost.
    cl.setOut(new PrintWriter(new java.io.BufferedWriter(out), true));
    cl.setErr(new PrintWriter(new java.io.BufferedWriter(err), true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Every command answers --version with the version it was built as (a subcommand used to print nothing). */
  @Test
  void everyCommandTellsTheVersionItWasBuiltAs() {
    for (String[] args : new String[][] {{"--version"}, {"validate", "--version"}, {"simulate", "--version"},
        {"simulate", "replay", "--version"}}) {
      Run r = run(args);
      assertThat(r.exit()).as(String.join(" ", args)).isZero();
      assertThat(r.out().trim()).as(String.join(" ", args)).matches("routing \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
  }

  /** validate --json: one JSON object a CI job reads, with the same exit code as the text. */
  @Test
  void validateTellsACiJobInJson() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    Run ok = run("validate", "--json", EXAMPLE.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.err()).isEmpty();
    com.fasterxml.jackson.databind.JsonNode r = json.readTree(ok.out());
    assertThat(r.get("valid").asBoolean()).isTrue();
    assertThat(r.get("version").asText()).isEqualTo("2026-12-04.1");
    assertThat(r.get("reps").asInt()).isEqualTo(58);
    assertThat(r.get("chain").get(0).asText()).isEqualTo("account-owner");
    assertThat(r.get("errors").size()).isZero();
    assertThat(r.get("scenarios").get("run").asInt()).isEqualTo(4);
    assertThat(r.get("scenarios").get("failed").size()).isZero();
    assertThat(r.get("warnings").toString()).contains("shared-host.net");

    Path broken = tmp.resolve("broken.yaml");
    java.nio.file.Files.writeString(broken, "reps:\n  - {id: ana, territories: [US], capacity: 10}\n"
        + "chain:\n  - strategy: round-robbin\n");
    Run bad = run("validate", "--json", broken.toString());
    assertThat(bad.exit()).isEqualTo(1);
    com.fasterxml.jackson.databind.JsonNode b = json.readTree(bad.out());
    assertThat(b.get("valid").asBoolean()).isFalse();
    com.fasterxml.jackson.databind.JsonNode error = b.get("errors").get(0);
    assertThat(error.get("line").asInt()).isEqualTo(4);
    assertThat(error.get("column").asInt()).isPositive();
    assertThat(error.get("path").asText()).isEqualTo("chain[0].strategy");
    assertThat(error.get("message").asText()).contains("unknown strategy 'round-robbin'");

    Path failing = tmp.resolve("failing.yaml");
    java.nio.file.Files.writeString(failing, "reps:\n  - {id: ana, territories: [US], capacity: 10}\n"
        + "  - {id: cy, territories: [DE], capacity: 10}\n"
        + "chain:\n  - strategy: round-robin\nscenarios:\n  - name: us-lead\n    lead: {id: s1, country: US}\n"
        + "    expect: {rep: cy}\n");
    Run fails = run("validate", "--json", failing.toString());
    assertThat(fails.exit()).as(fails.out() + fails.err()).isEqualTo(1);
    com.fasterxml.jackson.databind.JsonNode f = json.readTree(fails.out());
    assertThat(f.get("valid").asBoolean()).as("the document itself is valid").isTrue();
    assertThat(f.get("scenarios").get("failed").get(0).get("name").asText()).isEqualTo("us-lead");
    assertThat(f.get("scenarios").get("failed").get(0).get("problem").asText()).isNotBlank();
  }

  /** Every tenant's configuration in one call: each checked on its own, the exit code the worst of them. */
  @Test
  void validateChecksSeveralConfigurationsEachOnItsOwn() throws Exception {
    Path broken = tmp.resolve("tenant-b.yaml");
    java.nio.file.Files.writeString(broken, "reps:\n  - {id: ana, territories: [US], capacity: 10}\n"
        + "chain:\n  - strategy: round-robbin\n");
    Run both = run("validate", EXAMPLE.toString(), broken.toString());
    assertThat(both.exit()).isEqualTo(1);
    assertThat(both.out()).contains(EXAMPLE + ": valid (version 2026-12-04.1");
    assertThat(both.err()).contains("tenant-b.yaml:4").contains("unknown strategy 'round-robbin'");
    Run json = run("validate", "--json", broken.toString(), EXAMPLE.toString());
    assertThat(json.exit()).isEqualTo(1);
    List<String> lines = json.out().lines().toList();
    assertThat(lines).hasSize(2);
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(mapper.readTree(lines.get(0)).get("valid").asBoolean()).isFalse();
    assertThat(mapper.readTree(lines.get(1)).get("valid").asBoolean()).isTrue();
    assertThat(run("validate", EXAMPLE.toString(), EXAMPLE.toString()).exit()).isZero();
  }

  @Test
  void validateAcceptsTheShippedExampleAndRunsItsScenarios() {
    Run r = run("validate", EXAMPLE.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("valid (version 2026-12-04.1: 58 reps, 11 accounts, chain [account-owner,"
        + " returning-contact, same-company, tier-fast-track, weighted, round-robin]; 4 of 4 scenarios as expected)");
  }

  @Test
  void validateSaysWhenTheConfigurationLearns() throws Exception {
    Path learning = tmp.resolve("learning.yaml");
    Files.writeString(learning, "reps:\n  - {id: ana, territories: [US]}\nlearning: {half_life_outcomes: 500}\n"
        + "chain:\n  - strategy: round-robin\n", StandardCharsets.UTF_8);
    Run r = run("validate", learning.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("valid (no version: 1 rep, 0 accounts, chain [round-robin]; learning on; 0 of 0"
        + " scenarios as expected)");
  }

  @Test
  void validateWarnsOfAHolidayCalendarThatHasRunOut() throws Exception {
    Path stale = tmp.resolve("stale.yaml");
    Files.writeString(stale, "holidays:\n  US: [2020-11-26, 2020-12-25]\n  FAR: [2999-12-25]\n"
        + "reps:\n  - {id: ana, territories: [US], holidays: [US, FAR]}\nchain:\n  - strategy: round-robin\n",
        StandardCharsets.UTF_8);
    Run r = run("validate", stale.toString());
    assertThat(r.exit()).as("a warning is no error").isZero();
    assertThat(r.err()).contains("warning: " + stale + ": holiday calendar 'US' runs out after 2020-12-25 (past):"
        + " later holidays count as working days until they are added").doesNotContain("'FAR'");
  }

  @Test
  void repsSaysWhoMayTakeLeadsAtAnInstantAndWhyNot() throws Exception {
    Path doc = tmp.resolve("holidays.yaml");
    Files.writeString(doc, "holidays:\n  US: [2026-12-25]\n"
        + "rep_defaults: {time_zone: America/New_York, working_hours: 'MON-FRI 09:00-17:00', holidays: US}\n"
        + "reps:\n  - {id: ana, territories: [US]}\n  - {id: jan, territories: [DE], time_zone: Europe/Berlin,"
        + " holidays: [], daily_cap: 15}\n  - {id: kai, territories: [JP], time_zone: UTC, holidays: []}\nchain:\n"
        + "  - strategy: round-robin\n", StandardCharsets.UTF_8);
    Run r = run("reps", doc.toString(), "--at", "2026-12-25T15:00:00Z");
    assertThat(r.exit()).as(r.err()).isZero();
    // Back on Monday 28 December at 09:00 in New York: the holiday, then the weekend.
    assertThat(r.out()).contains("ana  America/New_York        off shift (holiday 2026-12-25 in America/New_York);"
        + " back 2026-12-28T14:00:00Z")
        .contains("jan  Europe/Berlin           available; at most 15 new leads a day")
        .contains("kai  UTC                     available\n")
        .contains("2 of 3 reps available at 2026-12-25T15:00:00Z");
  }

  @Test
  void repsSaysWhoseDeskARepCoversAndForHowLong() throws Exception {
    Path doc = tmp.resolve("covers.yaml");
    Files.writeString(doc, "reps:\n"
        + "  - {id: ana, territories: [US], time_off: ['2026-12-21 to 2027-01-03: vacation (cover: ben)']}\n"
        + "  - {id: ben, territories: [US]}\n  - {id: cy, territories: [US], time_off: ['2026-12-22 (cover: ben)']}\n"
        + "accounts:\n  - {id: acme, name: Acme, domains: [acme.example], owner: ana}\n"
        + "chain:\n  - strategy: account-owner\n  - strategy: round-robin\n", StandardCharsets.UTF_8);

    Run r = run("reps", doc.toString(), "--at", "2026-12-22T15:00:00Z");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("ana  UTC                     time off until 2027-01-04T00:00:00Z (vacation; cover: ben);"
        + " back 2027-01-04T00:00:00Z; accounts: acme (owner)\n")
        .contains("ben  UTC                     available; covering for ana until 2027-01-04T00:00:00Z, cy until"
            + " 2026-12-23T00:00:00Z\n");
    assertThat(run("reps", doc.toString(), "--at", "2027-01-05T15:00:00Z").out())
        .contains("ben  UTC                     available\n");
  }

  @Test
  void aScenarioMayBeRoutedAtItsOwnInstant() throws Exception {
    Path doc = tmp.resolve("christmas.yaml");
    String head = "holidays:\n  US: [2026-12-25]\n"
        + "rep_defaults: {territories: [US], time_zone: America/New_York, working_hours: 'MON-FRI 09:00-17:00'}\n"
        + "reps:\n  - {id: ana, holidays: US}\n  - {id: bob}\nchain:\n  - strategy: round-robin\nscenarios:\n";
    Files.writeString(doc, head
        + "  - {name: christmas, at: '2026-12-25T15:00:00Z', lead: {country: US}, expect: {rep: bob}}\n"
        + "  - {name: monday, at: '2026-12-28T15:00:00Z', lead: {country: US}, expect: {rep: ana}}\n",
        StandardCharsets.UTF_8);
    Run r = run("validate", doc.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("2 of 2 scenarios as expected");

    Files.writeString(doc, head
        + "  - {name: christmas, at: '2026-12-25T15:00:00Z', lead: {country: US}, expect: {rep: ana}}\n"
        + "  - {name: bad, at: 'Christmas Day', lead: {country: US}}\n", StandardCharsets.UTF_8);
    Run failed = run("validate", doc.toString());
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.err()).contains("scenarios[1].at: 'Christmas Day' is not an instant: write it as"
        + " 2026-12-25T15:00:00Z");
    Files.writeString(doc, head
        + "  - {name: christmas, at: '2026-12-25T15:00:00Z', lead: {country: US}, expect: {rep: ana}}\n",
        StandardCharsets.UTF_8);
    assertThat(run("validate", doc.toString()).err()).contains("scenario 'christmas': expected rep ana but got");
  }

  @Test
  void validatePrintsEveryErrorOfABrokenFileAndExitsOne() throws Exception {
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "version: 1\nreps:\n  - {id: ana, territories: [US], capacity: -1}\nchain:\n"
        + "  - strategy: weighted\n    when: employees >= 'many'\n  - strategy: roundrobin\n",
        StandardCharsets.UTF_8);
    Run r = run("validate", bad.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("3 errors in the routing configuration")
        .contains(bad + ":3:44: reps[0].capacity: must be from 0 to 1000000 (was -1)")
        .contains(bad + ":6:24: chain[0].when: 'employees' is a number")
        .contains(bad + ":7:15: chain[1].strategy: unknown strategy 'roundrobin'; did you mean 'round-robin'?"
            + " Known: [account-owner, returning-contact, round-robin, same-company, tier-fast-track, weighted]")
        .doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aScenarioThatRoutesOtherwiseFailsValidation() throws Exception {
    Path changed = tmp.resolve("changed.yaml");
    Files.writeString(changed, Files.readString(EXAMPLE).replace("expect: {rep: west-ent-healthcare,",
        "expect: {rep: west-ent-gen,"), StandardCharsets.UTF_8);
    Run r = run("validate", changed.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("scenario 'industry specialist routing': expected rep west-ent-gen but got rep"
        + " west-ent-healthcare");
  }

  /**
   * {@code offboard} previews where a leaving rep's open leads (the file's, routed in order) would go, under the
   * configuration's own policy or {@code --policy}; the moves it names are those the offboarding then makes.
   */
  @Test
  void offboardNamesWhereTheLeavingRepsOpenLeadsWouldGo() throws Exception {
    Path leads = tmp.resolve("open.csv");
    StringBuilder csv = new StringBuilder("id,email,country,region,employees,industry,icp\n");
    for (int i = 1; i <= 12; i++) {
      csv.append("s").append(i).append(",buyer").append(i).append("@shop").append(i)
          .append(".com,US,CA,20,retail,50\n");
    }
    Files.writeString(leads, csv.toString(), StandardCharsets.UTF_8);
    String at = "2026-03-02T18:00:00Z";
    Run r = run("offboard", EXAMPLE.toString(), leads.toString(), "west-smb-1", "--at", at);
    assertThat(r.exit()).as(r.err()).isZero();
    // The same leads routed and the rep offboarded for real, as the configuration says.
    io.smartrouting.config.RoutingConfig c = io.smartrouting.config.RoutingConfig.load(EXAMPLE);
    java.util.Map<String, String> moved = new java.util.TreeMap<>();
    try (io.smartrouting.core.Router router = c.toBuilder()
        .clock(java.time.Clock.fixed(java.time.Instant.parse(at), java.time.ZoneOffset.UTC)).manualTimers().build()) {
      for (io.smartrouting.api.Lead lead : io.smartrouting.config.LeadFiles.read(leads, c)) {
        router.route(lead);
      }
      for (io.smartrouting.api.Decision d : router.offboard("west-smb-1",
          java.util.Objects.requireNonNull(c.whenRepsLeave()))) {
        moved.put(d.leadId(), d.repId() != null ? "rep " + d.repId() : "queue " + d.queue());
      }
    }
    assertThat(moved).as("the example's SMB rep holds some of the leads").isNotEmpty();
    assertThat(r.out()).startsWith(EXAMPLE + " (version 2026-12-04.1): with the file's 12 lead(s) open, west-smb-1"
        + " holds " + moved.size() + "; offboarding it (account_backup_first) would move them: ");
    moved.forEach((lead, to) -> assertThat(r.out()).contains("  " + lead + " -> " + to + " ("));
    Run q = run("offboard", EXAMPLE.toString(), leads.toString(), "west-smb-1", "--at", at, "--policy",
        "queue:handover", "--json");
    assertThat(q.exit()).as(q.err()).isZero();
    assertThat(q.out()).startsWith("{\"config\":{").contains("\"rep\":\"west-smb-1\",\"policy\":\"queue:handover\","
        + "\"leads\":12,\"open\":0,\"held\":" + moved.size() + ",")
        .contains("\"by_destination\":{\"queue handover\":" + moved.size() + "}");
    // A move outside the chain (to a queue, a cover) has no steps: its reason is its explanation's line, not null.
    assertThat(q.out()).doesNotContain("\"reason\":null")
        .contains("\"decided_by\":\"offboarded\",\"reason\":\"offboarded from west-smb-1; would be placed in queue"
            + " 'handover'\"");
    Run bad = run("offboard", EXAMPLE.toString(), leads.toString(), "west-smb-1", "--policy", "somewhere");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--policy must be reroute, account_backup_first, queue:NAME or rep:ID but was"
        + " 'somewhere'");
    Run cover = run("offboard", EXAMPLE.toString(), leads.toString(), "west-smb-1", "--policy", "rep:nobody");
    assertThat(cover.exit()).isEqualTo(1);
    assertThat(cover.err()).contains("the cover of rep 'west-smb-1' must be another rep on the roster but was"
        + " 'nobody'");
    Run nobody = run("offboard", EXAMPLE.toString(), leads.toString(), "nobody");
    assertThat(nobody.exit()).isEqualTo(2);
    assertThat(nobody.err()).contains("rep 'nobody' is not in " + EXAMPLE);
  }

  /**
   * {@code --open}: the book reps hold, as a CRM exports it, is taken up before {@code route}, {@code offboard} and
   * {@code diff} route anything, so a full rep gets no new leads, an offboarding moves its real book, and a diff names
   * the book's leads a reload moves.
   */
  @Test
  void theBookRepsHoldIsTakenUpBeforeRoutingOffboardingAndDiffing() throws Exception {
    String at = "2026-03-02T18:00:00Z";
    Path book = tmp.resolve("book.csv");
    StringBuilder open = new StringBuilder("Lead ID,Country,State/Province,No. of Employees,ICP Score,Lead Owner,"
        + "Queue,Assigned At,First Contacted\n");
    for (int i = 0; i < 40; i++) {
      // A quarter Tier 2 (a high ICP score) and not contacted: their first-contact deadline runs.
      open.append("o").append(i).append(",US,CA,20,").append(i % 4 == 1 ? "85" : "30")
          .append(",west-smb-1,,2026-03-02 16:00:00Z,").append(i % 2 == 0 ? "2026-03-02T16:30:00Z" : "")
          .append('\n');
    }
    open.append("q1,US,CA,20,,,unassigned,2026-03-02T17:00:00Z,\n");
    Files.writeString(book, open.toString(), StandardCharsets.UTF_8);
    Path leads = tmp.resolve("new.csv");
    StringBuilder csv = new StringBuilder("id,country,region,employees\n");
    for (int i = 0; i < 12; i++) {
      csv.append("n").append(i).append(",US,CA,20\n");
    }
    Files.writeString(leads, csv.toString(), StandardCharsets.UTF_8);

    Run fresh = run("route", EXAMPLE.toString(), leads.toString(), "--at", at);
    assertThat(fresh.exit()).as(fresh.err()).isZero();
    assertThat(fresh.out()).as("without the book west-smb-1 takes some").contains("\"rep_id\":\"west-smb-1\"");
    Run r = run("route", EXAMPLE.toString(), leads.toString(), "--at", at, "--open", book.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().split("\n")).as("the file's leads only").hasSize(12);
    assertThat(r.out()).as("west-smb-1 holds its capacity already").doesNotContain("\"rep_id\":\"west-smb-1\"");
    assertThat(r.err()).contains("took up 41 open lead(s) of " + book + ": 40 held by 1 rep(s) (1 of them at or over"
        + " capacity, given no new leads: [west-smb-1]), 1 waiting {unassigned=1}; 10 with a first-contact deadline"
        + " running");

    Run reps = run("reps", EXAMPLE.toString(), "--at", at, "--open", book.toString());
    assertThat(reps.exit()).as(reps.err()).isZero();
    assertThat(reps.out()).containsPattern("west-smb-1 +America/Los_Angeles +available; holds 40 of its capacity of"
        + " 40\n").containsPattern("west-smb-2 +America/Los_Angeles +available; holds 0 of its capacity of 40\n")
        .contains("took up 41 open lead(s) of " + book);
    assertThat(run("reps", EXAMPLE.toString(), "--at", at).out()).doesNotContain("holds ");
    Run why = run("explain", EXAMPLE.toString(), "{\"id\": \"n1\", \"country\": \"US\", \"region\": \"CA\","
        + " \"employees\": 20}", "--at", at, "--open", book.toString());
    assertThat(why.exit()).as(why.err()).isZero();
    assertThat(why.out()).contains("excluded, at or above the capacity threshold: west-smb-1 (40 of 40 open)");

    Path again = tmp.resolve("again.csv");
    Files.writeString(again, "id,country,region,employees\no3,US,CA,20\n", StandardCharsets.UTF_8);
    Run repeat = run("route", EXAMPLE.toString(), again.toString(), "--at", at, "--open", book.toString());
    assertThat(repeat.out()).as("answered where it stands").startsWith("{\"lead_id\":\"o3\",\"rep_id\":\"west-smb-1\"");
    assertThat(repeat.err()).contains("1 lead id(s) appear more than once in " + again + " or are open in " + book
        + "; each was routed or taken up once and its repeats answered with that first decision: [o3]");

    Path none = tmp.resolve("none.csv");
    Files.writeString(none, "id\n", StandardCharsets.UTF_8);
    Run off = run("offboard", EXAMPLE.toString(), none.toString(), "west-smb-1", "--at", at, "--open", book.toString(),
        "--json");
    assertThat(off.exit()).as(off.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode oj = new com.fasterxml.jackson.databind.ObjectMapper().readTree(off.out());
    assertThat(oj.get("open").asInt()).isEqualTo(41);
    assertThat(oj.get("held").asInt()).as("the book west-smb-1 holds").isEqualTo(40);
    Run offText = run("offboard", EXAMPLE.toString(), none.toString(), "west-smb-1", "--at", at, "--open",
        book.toString());
    assertThat(offText.out()).contains("with 41 lead(s) of " + book + " and the file's 0 open, west-smb-1 holds 40;");

    String example = Files.readString(EXAMPLE);
    String westSmb1 = example.lines().filter(l -> l.contains("{id: west-smb-1,")).findFirst().orElseThrow();
    Path b = tmp.resolve("b.yaml");
    Files.writeString(b, example.replace(westSmb1 + "\n", ""), StandardCharsets.UTF_8);
    Run diff = run("diff", EXAMPLE.toString(), b.toString(), none.toString(), "--at", at, "--open", book.toString(),
        "--json");
    assertThat(diff.exit()).as(diff.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode dj = new com.fasterxml.jackson.databind.ObjectMapper().readTree(diff.out());
    assertThat(dj.get("open").asInt()).isEqualTo(41);
    assertThat(dj.get("offboarded")).as("the leaver's book, moved as b's when_reps_leave says").hasSize(40)
        .allSatisfy(ch -> assertThat(ch.get("before").asText()).isEqualTo("rep west-smb-1"));
    Run diffText = run("diff", EXAMPLE.toString(), b.toString(), none.toString(), "--at", at, "--open",
        book.toString());
    assertThat(diffText.out()).contains("with the 41 lead(s) of " + book + " open, a reload of b moves 40 of them"
        + " from reps who leave: {rep west-smb-1 -> ");

    Path typo = tmp.resolve("typo.csv");
    Files.writeString(typo, "id,country,rep,since\nx1,US,west-smb-7,2026-03-02T16:00:00Z\n", StandardCharsets.UTF_8);
    Run bad = run("route", EXAMPLE.toString(), leads.toString(), "--at", at, "--open", typo.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains(typo + " line 2: column 'rep' 'west-smb-7': no rep with id 'west-smb-7' in the"
        + " configuration's reps; did you mean 'west-smb-1'?").doesNotContain("Exception");
    Run early = run("route", EXAMPLE.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z", "--open",
        book.toString());
    assertThat(early.exit()).isEqualTo(1);
    assertThat(early.err()).contains(book + ": adopt: since 2026-03-02T16:00:00Z of lead o0 is after now"
        + " (2026-03-02T15:00:00Z) (--at sets the instant of the run)");
  }

  /** The shipped book of open leads reads, and explains why a healthcare lead goes to a generalist today. */
  @Test
  void theShippedBookOfOpenLeadsFillsItsSpecialist() {
    Path book = Path.of("..", "examples", "open-leads.csv");
    String at = "2026-03-02T15:00:00Z";
    String lead = "{\"id\": \"N-1\", \"country\": \"GB\", \"industry\": \"healthcare\", \"employees\": 3000}";
    Run with = run("explain", EXAMPLE.toString(), lead, "--at", at, "--open", book.toString());
    assertThat(with.exit()).as(with.err()).isZero();
    assertThat(with.out()).startsWith("Lead N-1 -> rep uk-ent-gen (decided by round-robin), tier 3, segment ENTERPRISE,"
        + " flags [SPECIALIST_FOLLOW_UP]").contains("    excluded, at or above the capacity threshold:"
        + " uk-ent-healthcare (14 of 15 open)\n");
    assertThat(with.err()).contains("took up 18 open lead(s) of " + book + ": 16 held by 3 rep(s), 2 waiting"
        + " {unassigned=2}; 1 with a first-contact deadline running");
    assertThat(run("explain", EXAMPLE.toString(), lead, "--at", at).out())
        .startsWith("Lead N-1 -> rep uk-ent-healthcare (decided by round-robin)");
  }

  @Test
  void routePrintsOneJsonRecordPerLead() throws Exception {
    Path leads = tmp.resolve("leads.csv");
    Files.writeString(leads, "id,email,country,region,employees,industry,icp\n"
        + "a1,jo@acme.co.uk,GB,,300,,40\nb2,ann@example.com,US,CA,3000,healthcare,85\n", StandardCharsets.UTF_8);
    Run r = run("route", EXAMPLE.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(r.exit()).as(r.err()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("{\"lead_id\":\"a1\",\"rep_id\":\"uk-").contains("\"config_version\":"
        + "\"2026-12-04.1\"");
    assertThat(lines[1]).startsWith("{\"lead_id\":\"b2\",\"rep_id\":\"west-ent-healthcare\"")
        .doesNotContain("ann@example.com");
    // At most two excluded reps a reason, with the counts: the same records otherwise.
    Run bounded = run("route", EXAMPLE.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z",
        "--max-excluded", "2");
    assertThat(bounded.exit()).as(bounded.err()).isZero();
    String[] short_ = bounded.out().split("\n");
    assertThat(short_[1]).startsWith(lines[1].substring(0, lines[1].indexOf("\"excluded\":")))
        .contains("\"excluded_counts\":{\"outside territory (lead in US-CA)\":");
    assertThat(short_[1].length()).isLessThan(lines[1].length());
    assertThat(run("route", EXAMPLE.toString(), leads.toString(), "--max-excluded", "-1").exit()).isEqualTo(2);
  }

  @Test
  void aLeadsFileWithAMisspeltColumnIsRefusedNotRoutedWithoutIt() throws Exception {
    // Ignored, 'countri' would have routed every lead as if its country were unknown.
    Path leads = tmp.resolve("typo.csv");
    Files.writeString(leads, "id,countri,employees\na1,GB,300\n", StandardCharsets.UTF_8);
    Run r = run("route", EXAMPLE.toString(), leads.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("typo.csv line 1: unknown column 'countri' (column 2); did you mean 'country'?")
        .doesNotContain("\tat ");
  }

  @Test
  void aLeadsFileSavedWithSemicolonsSaysSoAndOffersNoOptionThatWouldNotHelp() throws Exception {
    // It was reported as one unknown column, and the hint offered --skip-invalid, which skips bad leads, not headers.
    Path leads = tmp.resolve("excel.csv");
    Files.writeString(leads, "id;country\na1;GB\n", StandardCharsets.UTF_8);
    Run r = run("route", EXAMPLE.toString(), leads.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("excel.csv line 1: the header is one column ('id;country'): the file looks"
        + " separated by semicolons").doesNotContain("--skip-invalid").doesNotContain("--ignore-other-columns");
  }

  @Test
  void aCrmExportWithSomeBadLeadsListsThemAllAndRoutesTheRestWhenAsked() throws Exception {
    Path leads = tmp.resolve("export.csv");
    Files.writeString(leads, "id,country,employees,source\n"
        + "g1,United States,300,demo request\n"
        + "b1,Narnia,20,\n"
        + "g2,Germany,50,\n"
        + "b2,US,20,podcast\n", StandardCharsets.UTF_8);
    Run strict = run("route", EXAMPLE.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(strict.exit()).isEqualTo(1);
    assertThat(strict.out()).isEmpty();
    assertThat(strict.err()).contains("2 bad lead(s) in " + leads, "line 3: lead.country must be",
        "line 5: column 'source' must be one of", "--skip-invalid routes the good leads");
    Run lenient = run("route", EXAMPLE.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z",
        "--skip-invalid");
    assertThat(lenient.exit()).isZero();
    assertThat(lenient.out().lines()).hasSize(2).anySatisfy(l -> assertThat(l).contains("\"g1\""))
        .anySatisfy(l -> assertThat(l).contains("\"g2\""));
    assertThat(lenient.err()).contains("skipped 2 invalid lead(s) of " + leads + ", 2 read:", "line 3:", "line 5:")
        .contains("routed 2 lead(s)");
    // JSON the same way: the bad object is left out, the good ones routed.
    Path json = tmp.resolve("export.jsonl");
    Files.writeString(json, "{\"id\": \"j1\", \"country\": \"UK\"}\n{\"id\": \"j2\", \"contry\": \"US\"}\n",
        StandardCharsets.UTF_8);
    Run js = run("route", EXAMPLE.toString(), json.toString(), "--skip-invalid", "--at", "2026-03-02T15:00:00Z");
    assertThat(js.exit()).isZero();
    assertThat(js.out().lines()).singleElement().asString().contains("\"j1\"");
    assertThat(js.err()).contains("skipped 1 invalid lead(s)", "contry");
  }

  @Test
  void aCrmExportIsReadWithItsOwnHeaderNamesAndItsOtherColumnsLeftOutWhenAsked() throws Exception {
    Path export = tmp.resolve("salesforce.csv");
    Files.writeString(export, "Lead ID,First Name,Title,Email,Street,State/Province,Country,Lead Source,"
        + "No. of Employees,Description\n"
        + "00Q1,Jo,VP Sales,jo@acme.com,\"1 Main St\nSuite 5\",CA,United States,Demo Request,5000,\"a \"\"pilot\"\"\"\n"
        + "00Q2,Kim,,kim@foo.de,,,Germany,Webinar,50,\n", StandardCharsets.UTF_8);
    Run strict = run("route", EXAMPLE.toString(), export.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(strict.exit()).isEqualTo(1);
    assertThat(strict.err()).contains("unknown column 'First Name'", "--ignore-other-columns");
    Run r = run("route", EXAMPLE.toString(), export.toString(), "--at", "2026-03-02T15:00:00Z",
        "--ignore-other-columns");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("ignored 3 column(s) of " + export + " that name no lead field: First Name, Street,"
        + " Description");
    List<String> records = r.out().lines().toList();
    assertThat(records).hasSize(2);
    // Lead ID, State/Province, Country by name, Lead Source and No. of Employees were read as the lead's fields.
    assertThat(records.get(0)).contains("\"00Q1\"", "\"tier\":1", "\"segment\":\"ENTERPRISE\"", "lead in US-CA");
    // 'Webinar' is this CRM's value, which the example configuration's lead_sources reads as content.
    assertThat(records.get(1)).contains("\"00Q2\"", "\"segment\":\"SMB\"", "\"tier\":3");
    // A misspelt field is still an error, not left out.
    Path typo = tmp.resolve("typo-export.csv");
    Files.writeString(typo, "Lead ID,Contry\n00Q1,US\n", StandardCharsets.UTF_8);
    Run t = run("route", EXAMPLE.toString(), typo.toString(), "--ignore-other-columns");
    assertThat(t.exit()).isEqualTo(1);
    assertThat(t.err()).contains("unknown column 'Contry' (column 2); did you mean 'country'?");
  }

  @Test
  void aBadLeadIsReportedAsTheLeadsErrorNotTheConfigurations() {
    Run r = run("explain", EXAMPLE.toString(), "{\"id\":\"x1\",\"icp\":101}");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("1 error in the leads\n  LEAD:1:18: [0].icp: must be from 0 to 100 (was 101)");
  }

  @Test
  void leadsWhoseIndustryNoRepWorksAreCalledOutWithTheLikelyIntendedOne() throws Exception {
    // 'heathcare' and 'health care' would silently lose the healthcare specialists; 'mining' is simply not covered.
    Path leads = tmp.resolve("industries.csv");
    Files.writeString(leads, "id,country,region,employees,industry\n"
        + "a1,US,CA,5000,heathcare\na2,US,CA,5000,Health Care\na3,US,CA,5000,heathcare\na4,US,CA,5000,mining\n"
        + "a5,US,CA,5000,healthcare\na6,US,CA,5000,\n", StandardCharsets.UTF_8);
    Run r = run("route", EXAMPLE.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(r.exit()).isZero();
    assertThat(r.out().split("\n")).hasSize(6);
    // A summary on standard error; standard output stays one JSON record a line.
    assertThat(r.err()).containsPattern("routed 6 lead\\(s\\): [0-9]+ to [0-9]+ rep\\(s\\), [0-9]+ queued.*; decided by \\{");
    assertThat(r.err()).contains("warning: 3 industries in " + leads + " are no rep's expertise, so those leads had"
        + " no specialist preference: 'heathcare' (2 leads; did you mean 'healthcare'?), 'health care' (1 lead;"
        + " did you mean 'healthcare'?), 'mining' (1 lead)");

    Path covered = tmp.resolve("covered.csv");
    Files.writeString(covered, "id,country,industry\nb1,US,healthcare\nb2,US,\n", StandardCharsets.UTF_8);
    assertThat(run("route", EXAMPLE.toString(), covered.toString()).err()).doesNotContain("warning");
  }

  @Test
  void aRepeatedLeadIdIsRoutedOnceAndTheRunSaysSo() throws Exception {
    Path leads = tmp.resolve("twice.csv");
    Files.writeString(leads, "id,country\na1,GB\nb2,US\na1,GB\n", StandardCharsets.UTF_8);
    Run r = run("route", EXAMPLE.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(r.exit()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[2]).isEqualTo(lines[0]);
    assertThat(r.err()).contains("warning: 1 lead id(s) appear more than once in " + leads + "; each was routed"
        + " once and its repeats answered with that first decision: [a1] (--repeats update reads a repeat as a change"
        + " of the lead)");
    // The summary counts the lead once (it counted the repeat as a second lead routed until the night of 7 December
    // 2026, and its rep or queue twice).
    assertThat(r.err()).contains("routed 2 lead(s): ").contains("; 1 repeat(s) answered with the first decision\n");
  }

  @Test
  void repeatsCanBeReadAsChangesOfTheLead() throws Exception {
    // An export of lead changes: a US lead, then the same lead with a demo request, then enriched to enterprise size.
    Path changes = tmp.resolve("changes.csv");
    Files.writeString(changes, "id,country,region,employees,source\nc1,US,CA,40,content\nc2,US,NY,30,content\n"
        + "c1,US,CA,40,demo_request\nc1,US,CA,5000,demo_request\n", StandardCharsets.UTF_8);
    Run r = run("route", EXAMPLE.toString(), changes.toString(), "--at", "2026-03-02T18:00:00Z", "--repeats",
        "update", "--max-excluded", "0");
    assertThat(r.exit()).as(r.err()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).contains("\"lead_id\":\"c1\"").contains("\"tier\":3");
    assertThat(lines[2]).contains("\"lead_id\":\"c1\"").contains("\"tier\":1").contains("\"decided_by\":\"update\"");
    assertThat(lines[3]).contains("\"lead_id\":\"c1\"").contains("\"segment\":\"ENTERPRISE\"");
    assertThat(r.err()).contains("routed 2 lead(s)").contains("; 2 update(s) of leads routed above, 1 of them moved"
        + " elsewhere").doesNotContain("appear more than once");
  }

  @Test
  void explainShowsTheWholeTraceOfOneLead() {
    Run r = run("explain", EXAMPLE.toString(), "scenario:industry specialist routing", "--at",
        "2026-03-02T15:00:00Z");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Lead S-SPEC -> rep west-ent-healthcare (decided by weighted)")
        .contains("step 5 weighted: ASSIGN west-ent-healthcare");
    Run inline = run("explain", EXAMPLE.toString(),
        "{\"id\": \"x\", \"country\": \"JP\", \"language\": \"ja\"}");
    assertThat(inline.exit()).isZero();
    assertThat(inline.out()).contains("-> queue unassigned");
    Run missing = run("explain", EXAMPLE.toString(), "scenario:nope");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).startsWith("error: no scenario 'nope'");
  }

  @Test
  void diffCountsTheLeadsThatGoSomewhereElse() throws Exception {
    Path b = tmp.resolve("b.yaml");
    // Version b sends every Tier 3 lead through the weighted step instead of round-robin.
    Files.writeString(b, Files.readString(EXAMPLE).replace("version: \"2026-12-04.1\"", "version: b")
        .replace("  - strategy: round-robin\n    tiers: [3]\n", "  - strategy: round-robin\n    tiers: [3]\n"
            + "    reps: segments HAS 'SMB'\n"), StandardCharsets.UTF_8);
    Path leads = tmp.resolve("leads.json");
    Files.writeString(leads, "{\"id\": \"e1\", \"country\": \"US\", \"region\": \"CA\", \"employees\": 5000}\n"
        + "{\"id\": \"s1\", \"country\": \"US\", \"region\": \"CA\", \"employees\": 10}\n", StandardCharsets.UTF_8);
    Run r = run("diff", EXAMPLE.toString(), b.toString(), leads.toString(), "--details", "--at",
        "2026-03-02T15:00:00Z");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("1 of 2 leads go somewhere else (50.0%)").contains("e1: rep west-ent-");
    // Without --details the summary is the whole output (it was lost unflushed before 4 December).
    Run summary = run("diff", EXAMPLE.toString(), b.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(summary.out()).contains("1 of 2 leads go somewhere else (50.0%)");
  }

  @Test
  void diffSaysWhichSettingsForOpenLeadsChange() throws Exception {
    Path b = tmp.resolve("lifecycle.yaml");
    Files.writeString(b, Files.readString(EXAMPLE)
        .replace("recycle_stalled_leads: 14 days", "recycle_stalled_leads: {tier1: 3 days, tier3: 30 days}")
        .replace("when_coverage_changes: move_uncovered_leads", "when_coverage_changes: keep")
        .replace("version: \"2026-12-04.1\"",
            "version: \"2026-12-04.1\"\nhand_over_when_away: 2 days\nwhen_leads_qualify: hand_off")
        .replace("  - name: unassigned\n", "  - name: unassigned\n    claim_window: 10m\n"),
        StandardCharsets.UTF_8);
    Path leads = tmp.resolve("one.json");
    Files.writeString(leads, "{\"id\": \"e1\", \"country\": \"US\", \"region\": \"CA\", \"employees\": 5000}\n",
        StandardCharsets.UTF_8);
    Run r = run("diff", EXAMPLE.toString(), b.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("open leads' settings changed: when_coverage_changes: move_uncovered_leads -> keep;"
        + " when_leads_qualify: keep -> hand_off; hand_over_when_away: off -> 2 days; recycle_stalled_leads: 14 days -> tier1 3 days, tier2 off, tier3 30"
        + " days; queues.unassigned: drop segment after 30m, drop manager after 2h -> claim window 10m, drop segment"
        + " after 30m, drop manager after 2h\n").contains("0 of 1 leads go somewhere else");
    Run same = run("diff", EXAMPLE.toString(), EXAMPLE.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(same.out()).doesNotContain("settings changed");
    Path pods = tmp.resolve("pods.yaml");
    Files.writeString(pods, Files.readString(b).replace("when_leads_qualify: hand_off",
        "when_leads_qualify: hand_off_within_team"), StandardCharsets.UTF_8);
    Run toPods = run("diff", b.toString(), pods.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(toPods.out()).contains("open leads' settings changed: when_leads_qualify: hand_off ->"
        + " hand_off_within_team\n");
    Path fallback = tmp.resolve("fallback.yaml");
    Files.writeString(fallback, Files.readString(EXAMPLE).replace("{after: 30m, drop: segment}",
        "{after: 0, drop: segment}"), StandardCharsets.UTF_8);
    Run toFallback = run("diff", EXAMPLE.toString(), fallback.toString(), leads.toString(), "--at",
        "2026-03-02T15:00:00Z");
    assertThat(toFallback.out()).contains("queues.unassigned: drop segment after 30m, drop manager after 2h -> drop"
        + " segment from the start, drop manager after 2h\n");
  }

  @Test
  void repsListsTheAccountsEachRepWorksAndItsRoleInThem() {
    Run r = run("reps", EXAMPLE.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("uk-ent-gen +Europe/London +available; accounts: acc-acme \\(owner, AE\\)\n")
        .containsPattern("east-ent-gen .*accounts: acc-globex \\(team\\), acc-globex-health \\(owner\\)")
        .containsPattern("central-ent-gen .*acc-initech \\(backup\\)");
  }

  @Test
  void diffNamesTheRepsWhoseCoverageChangesAndWhatAReloadDoesWithTheirLeads() throws Exception {
    String example = Files.readString(EXAMPLE);
    String westSmb1 = example.lines().filter(l -> l.contains("{id: west-smb-1,")).findFirst().orElseThrow();
    Path b = tmp.resolve("b.yaml");
    // A territory realignment: west-smb-1 gives Arizona and Nevada to the east and takes mid-market deals.
    Files.writeString(b, example.replace(westSmb1, westSmb1.replace("US-CA, US-OR, US-WA, US-NV, US-AZ",
        "US-CA, US-OR, US-WA").replace("segments: [SMB]", "segments: [SMB, MID_MARKET]")), StandardCharsets.UTF_8);
    Path leads = tmp.resolve("one.json");
    Files.writeString(leads, "{\"id\": \"s1\", \"country\": \"US\", \"region\": \"AZ\", \"employees\": 10}\n",
        StandardCharsets.UTF_8);
    Run r = run("diff", EXAMPLE.toString(), b.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("reps covering other leads: [west-smb-1 (territories [US-AZ, US-CA, US-NV, US-OR,"
        + " US-WA] -> [US-CA, US-OR, US-WA]; segments [SMB] -> [MID_MARKET, SMB])] (their open leads they no longer"
        + " cover on a reload: routed again, when_coverage_changes: move_uncovered_leads)");
    Run same = run("diff", EXAMPLE.toString(), EXAMPLE.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(same.out()).doesNotContain("reps covering other leads");
    // Routed in order through a, the file's leads are open: a reload of b would take the Arizona ones from west-smb-1.
    Files.writeString(leads, "{\"id\": \"s1\", \"country\": \"US\", \"region\": \"AZ\", \"employees\": 10}\n"
        + "{\"id\": \"s2\", \"country\": \"US\", \"region\": \"AZ\", \"employees\": 12}\n"
        + "{\"id\": \"s3\", \"country\": \"US\", \"region\": \"CA\", \"employees\": 14}\n", StandardCharsets.UTF_8);
    Run sequence = run("diff", EXAMPLE.toString(), b.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z",
        "--sequence");
    assertThat(sequence.exit()).as(sequence.err()).isZero();
    assertThat(sequence.out()).contains("with the file's leads open after a, a reload of b routes again 1 of them from a"
        + " rep who no longer covers them: {rep west-smb-1 -> rep west-smb-2=1}");
  }

  @Test
  void diffNamesTheRepsAChangeAddsAndRemovesAndWhatAReloadDoesWithTheLeavers() throws Exception {
    String example = Files.readString(EXAMPLE);
    String westSmb2 = example.lines().filter(l -> l.contains("{id: west-smb-2,")).findFirst().orElseThrow();
    Path b = tmp.resolve("b.yaml");
    // west-smb-2 leaves; a new hire takes the row.
    Files.writeString(b, example.replace(westSmb2, "  - {id: west-smb-9, name: New Hire, team: west, role: SDR,"
        + " manager: mgr-west, territories: [US-CA], segments: [SMB], languages: [en],"
        + " time_zone: America/Los_Angeles, capacity: 10}"), StandardCharsets.UTF_8);
    Path leads = tmp.resolve("one.json");
    Files.writeString(leads, "{\"id\": \"s1\", \"country\": \"US\", \"region\": \"CA\", \"employees\": 10}\n",
        StandardCharsets.UTF_8);
    Run r = run("diff", EXAMPLE.toString(), b.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("reps joining: [west-smb-9]; leaving: [west-smb-2] (their open leads on a reload:"
        + " moved as account_backup_first)");
    // With the file routed in order and left open: where the leaver's leads among them go, as b's when_reps_leave says.
    StringBuilder west = new StringBuilder("id,country,region,employees\n");
    for (int i = 0; i < 30; i++) {
      west.append("w").append(i).append(",US,CA,10\n");
    }
    Path westLeads = tmp.resolve("west-smb.csv");
    Files.writeString(westLeads, west.toString(), StandardCharsets.UTF_8);
    Run leavers = run("diff", EXAMPLE.toString(), b.toString(), westLeads.toString(), "--sequence", "--json", "--at",
        "2026-03-02T15:00:00Z");
    assertThat(leavers.exit()).as(leavers.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode lj = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(leavers.out());
    assertThat(lj.get("reps_leaving")).extracting(com.fasterxml.jackson.databind.JsonNode::asText)
        .containsExactly("west-smb-2");
    assertThat(lj.get("leavers_open_leads").asText()).isEqualTo("account_backup_first");
    assertThat(lj.get("offboarded")).as("the leaver held some of the 30").isNotEmpty().allSatisfy(ch -> {
      assertThat(ch.get("before").asText()).isEqualTo("rep west-smb-2");
      assertThat(ch.get("after").asText()).isNotEqualTo("rep west-smb-2");
    });
    Run leaversText = run("diff", EXAMPLE.toString(), b.toString(), westLeads.toString(), "--sequence", "--at",
        "2026-03-02T15:00:00Z");
    assertThat(leaversText.out()).contains("with the file's leads open after a, a reload of b moves "
        + lj.get("offboarded").size() + " of them from reps who leave: {rep west-smb-2 -> ");
    Run same = run("diff", EXAMPLE.toString(), EXAMPLE.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(same.out()).doesNotContain("reps joining").doesNotContain("accounts changing hands");
    // Acme goes to its team member; Globex keeps its owner and gets another team. (An owner who stays the account's AE
    // would still be one of its people: that account would not be changing hands.)
    Path c = tmp.resolve("c.yaml");
    Files.writeString(c, example.replace("owner: uk-ent-gen, team: [uk-mm-1], ae: uk-ent-gen",
        "owner: uk-mm-1, team: [uk-mm-1], ae: uk-mm-1")
        .replace("owner: strategic-1, team: [east-ent-gen]", "owner: strategic-1, team: [west-ent-gen]")
        // Initech's backup made its owner, the owner its backup: the same people, another owner.
        .replace("owner: strategic-1, backup: central-ent-gen", "owner: central-ent-gen, backup: strategic-1"),
        StandardCharsets.UTF_8);
    Run moved = run("diff", EXAMPLE.toString(), c.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(moved.exit()).as(moved.err()).isZero();
    assertThat(moved.out()).contains("accounts changing hands: [acc-acme (owner uk-ent-gen -> uk-mm-1), acc-globex"
        + " (people [strategic-1, east-ent-gen, global-overflow] -> [strategic-1, west-ent-gen, global-overflow])]"
        + " (their open leads on a reload: handed to the accounts' new people,"
        + " when_accounts_move: move_open_leads)")
        .contains("accounts given another owner among their people: [acc-initech (owner strategic-1 ->"
            + " central-ent-gen)] (their new leads go to the new owner; their open leads stay, as their holders still"
            + " work the accounts)");
    // With the file routed in order and left open, the diff names which of its leads the reload hands over.
    Path acmeLeads = tmp.resolve("acme.json");
    Files.writeString(acmeLeads, "{\"id\": \"a1\", \"country\": \"GB\", \"email\": \"p1@acme.co.uk\"}\n"
        + "{\"id\": \"a2\", \"country\": \"GB\", \"email\": \"p2@acme.co.uk\"}\n"
        + "{\"id\": \"o1\", \"country\": \"US\", \"region\": \"CA\", \"employees\": 10}\n", StandardCharsets.UTF_8);
    Run handed = run("diff", EXAMPLE.toString(), c.toString(), acmeLeads.toString(), "--sequence", "--at",
        "2026-03-02T15:00:00Z");
    assertThat(handed.exit()).as(handed.err()).isZero();
    assertThat(handed.out()).contains("with the file's leads open after a, a reload of b hands over 2 of them to the"
        + " accounts' new people: {rep uk-ent-gen -> rep uk-mm-1=2}");
    Run previewed = run("diff", EXAMPLE.toString(), c.toString(), acmeLeads.toString(), "--at",
        "2026-03-02T15:00:00Z");
    assertThat(previewed.out()).as("only a run of the file leaves leads open").doesNotContain("hands over");
    // The same as one JSON object, for a CI job that comments on a pull request of routing rules.
    Run asJson = run("diff", EXAMPLE.toString(), c.toString(), acmeLeads.toString(), "--sequence", "--json", "--at",
        "2026-03-02T15:00:00Z");
    assertThat(asJson.exit()).as(asJson.err()).isZero();
    assertThat(asJson.out().strip().lines()).as("one object, no text").hasSize(1);
    com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(asJson.out());
    assertThat(j.get("mode").asText()).isEqualTo("sequence");
    assertThat(j.get("leads").asInt()).isEqualTo(3);
    assertThat(j.get("before").get("file").asText()).isEqualTo(EXAMPLE.toString());
    assertThat(j.get("before").get("version").asText()).isEqualTo("2026-12-04.1");
    assertThat(j.get("accounts_changing_hands").get(0).get("account").asText()).isEqualTo("acc-acme");
    assertThat(j.get("accounts_changing_hands").get(0).get("change").asText()).isEqualTo("owner uk-ent-gen -> uk-mm-1");
    assertThat(j.get("accounts_changing_owner")).singleElement().satisfies(a -> {
      assertThat(a.get("account").asText()).isEqualTo("acc-initech");
      assertThat(a.get("change").asText()).isEqualTo("owner strategic-1 -> central-ent-gen");
    });
    assertThat(j.get("handed_over")).hasSize(2).allSatisfy(ch -> {
      assertThat(ch.get("before").asText()).isEqualTo("rep uk-ent-gen");
      assertThat(ch.get("after").asText()).isEqualTo("rep uk-mm-1");
    });
    assertThat(j.get("reps_leaving")).isEmpty();
    assertThat(j.get("experiment").isNull()).isTrue();
    assertThat(j.get("changes").size()).isEqualTo(j.get("moved").asInt());
  }

  @Test
  void aChangeThatActsUnderLoadShowsWhenTheFileIsRoutedInSequence() throws Exception {
    // A rep at half its capacity is skipped in b: previews against empty reps cannot see it, a run of the file can.
    Path b = tmp.resolve("b.yaml");
    Files.writeString(b, Files.readString(EXAMPLE).replace("capacity_threshold: 0.9", "capacity_threshold: 0.5"),
        StandardCharsets.UTF_8);
    StringBuilder csv = new StringBuilder("id,country,region,employees\n");
    for (int i = 0; i < 60; i++) {
      csv.append("w").append(i).append(",US,CA,300\n");
    }
    Path leads = tmp.resolve("west.csv");
    Files.writeString(leads, csv.toString(), StandardCharsets.UTF_8);
    Run preview = run("diff", EXAMPLE.toString(), b.toString(), leads.toString(), "--at", "2026-03-02T15:00:00Z");
    assertThat(preview.exit()).as(preview.err()).isZero();
    assertThat(preview.out()).contains("each lead previewed against empty reps")
        .contains("0 of 60 leads go somewhere else");
    Run sequence = run("diff", EXAMPLE.toString(), b.toString(), leads.toString(), "--sequence", "--at",
        "2026-03-02T15:00:00Z");
    assertThat(sequence.exit()).as(sequence.err()).isZero();
    assertThat(sequence.out()).contains("the file routed in order through each")
        .doesNotContain(" 0 of 60 leads").containsPattern("[1-9][0-9]* of 60 leads go somewhere else");
  }

  @Test
  void usageAndFileErrorsExitTwoWithoutStackTraces() {
    Run none = run();
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("missing command");
    Run noFile = run("validate", "does-not-exist.yaml");
    assertThat(noFile.exit()).isEqualTo(2);
    assertThat(noFile.err()).startsWith("error: no such file: does-not-exist.yaml").doesNotContain("\tat ");
    Run help = run("route", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Usage: routing route").contains("CONFIG").contains("LEADS");
    assertThat(run("simulate", "--help").out()).contains("Usage: routing simulate");
  }

  /** A round-robin router over {@code reps} on {@code clock}, manual timers, its audit lines into {@code lines}. */
  private static io.smartrouting.core.Router.Builder auditedRoundRobin(List<io.smartrouting.api.Rep> reps,
      io.smartrouting.core.ManualClock clock, List<String> lines) {
    return io.smartrouting.core.Router.builder().roster(reps).clock(clock).manualTimers().step("round-robin")
        .auditLog(lines::add);
  }

  @Test
  void historyAndReportReadAnAuditLog() throws Exception {
    io.smartrouting.core.ManualClock clock =
        new io.smartrouting.core.ManualClock(java.time.Instant.parse("2026-11-25T15:00:00Z"));
    List<String> lines = new java.util.ArrayList<>();
    List<io.smartrouting.api.Rep> reps = List.of(
        io.smartrouting.api.Rep.builder("a").territories("US").managerId("boss").build(),
        io.smartrouting.api.Rep.builder("b").territories("US").managerId("boss").build(),
        io.smartrouting.api.Rep.builder("boss").territories("DE").build());
    try (io.smartrouting.core.Router router = auditedRoundRobin(reps, clock, lines).build()) {
      router.route(io.smartrouting.api.Lead.builder("hot").country("US")
          .source(io.smartrouting.api.LeadSource.DEMO_REQUEST).build());
      router.route(io.smartrouting.api.Lead.builder("other").country("US").build());
      clock.advance(java.time.Duration.ofMinutes(6));
      router.fireDueTimers();
      clock.advance(java.time.Duration.ofMinutes(4));
      router.recordContact("hot", clock.instant());
      router.recordOutcome("hot", io.smartrouting.api.Outcome.WON);
      router.release("hot");
      router.update(io.smartrouting.api.Lead.builder("other").country("US")
          .source(io.smartrouting.api.LeadSource.DEMO_REQUEST).build());
    }
    Path log = tmp.resolve("audit.jsonl");
    List<String> withNoise = new java.util.ArrayList<>(lines);
    withNoise.add(1, "2026-11-25 15:00:00 INFO something else");
    Files.write(log, withNoise, StandardCharsets.UTF_8);

    Run r = run("history", log.toString(), "hot");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("lead hot: 7 events, now released\n"
        + "  2026-11-25T15:00:00Z  assigned to a by round-robin (round-robin turn (weighted)); tier 1, first contact"
        + " due 2026-11-25T15:05:00Z\n"
        + "  2026-11-25T15:06:00Z  first contact missed by a (due 2026-11-25T15:05:00Z; breach 1)\n"
        + "  2026-11-25T15:06:00Z  manager boss told\n"
        + "  2026-11-25T15:06:00Z  reassigned from a to b after the missed contact (reassignment 1); tier 1, first"
        + " contact due 2026-11-25T15:11:00Z\n"
        + "  2026-11-25T15:10:00Z  first contact by b, 10m after the lead was first routed (4m after it reached b);"
        + " an SLA deadline was missed\n"
        + "  2026-11-25T15:10:00Z  outcome WON, credited to b\n"
        + "  2026-11-25T15:10:00Z  released by b\n");
    assertThat(r.err()).contains("warning: skipped 1 line(s) of " + log + " that are no event records (the first at"
        + " line 2)");

    Run byRep = run("history", log.toString(), "--rep", "b");
    assertThat(byRep.exit()).as(byRep.err()).isZero();
    assertThat(byRep.out()).contains("lead hot: 7 events, now released").contains("lead other: 2 events, now with b")
        .contains("assigned to b by round-robin")
        .contains("  2026-11-25T15:10:00Z  read anew: its facts changed (tier 3 -> 1); it stays with b, who still"
            + " covers it; first contact now due 2026-11-25T15:15:00Z");
    Run missing = run("history", log.toString(), "hot", "nope");
    assertThat(missing.exit()).isEqualTo(RoutingCli.INVALID);
    assertThat(missing.err()).contains("no event of " + log + " is about lead(s) nope");
    assertThat(run("history", log.toString(), "--rep", "zed").err()).contains("no event of " + log
        + " names rep 'zed'");
    Run neither = run("history", log.toString());
    assertThat(neither.exit()).isEqualTo(RoutingCli.USAGE);
    assertThat(neither.err()).contains("name the leads (history AUDIT_LOG LEAD...) or a rep (--rep REP)");
    assertThat(run("history", tmp.resolve("none.jsonl").toString(), "hot").exit()).isEqualTo(RoutingCli.USAGE);

    // The same log summed up per rep: a missed a deadline and lost the lead to b, who called it 4 minutes after it
    // reached b, before b's own deadline (so not late for b: the miss is a's), won it, and still holds the other
    // lead; the customer waited 10 minutes from the first routing, past a deadline. Until 6 December 2026 b was
    // charged with the 10 minutes and a late contact.
    Run report = run("report", log.toString());
    assertThat(report.exit()).as(report.err()).isZero();
    assertThat(report.out()).isEqualTo("9 events from 2026-11-25T15:00:00Z to 2026-11-25T15:10:00Z\n"
        + "rep                            new    in   out  missed contacted  late  p50 contact   won  open\n"
        + "a                                1     0     1       1         0     0            -     0     0\n"
        + "b                                1     1     0       0         1     0           4m     1     1\n"
        + "new leads a rep: 1 to 1, mean 1.0 over 2 reps with an event (reps the log never names are not listed)\n"
        + "first contacts: 1, a median 10m after the lead was first routed (the customer's wait, through moves and"
        + " queues); 1 after a missed deadline\n"
        // By the tier each lead was first routed with: the demo request was called after a missed deadline, the other
        // (a tier 1 lead only after its update) not yet.
        + "by tier of each lead's first routing:\n"
        + "  tier                          leads contacted  in SLA     p50 wait   won  lost conversion\n"
        + "  tier 1                            1         1    0.0%          10m     1     0    100.00%\n"
        + "  tier 3                            1         0       -            -     0     0      0.00%\n");
    // The same figures as one JSON object, for a dashboard: times in milliseconds, absent figures null.
    Run asJson = run("report", log.toString(), "--json");
    assertThat(asJson.exit()).as(asJson.err()).isZero();
    assertThat(asJson.out()).isEqualTo("{\"events\":9,\"from\":\"2026-11-25T15:00:00Z\","
        + "\"to\":\"2026-11-25T15:10:00Z\","
        + "\"reps\":[{\"rep\":\"a\",\"new\":1,\"in\":0,\"out\":1,\"missed\":1,\"contacted\":0,\"late\":0,"
        + "\"median_to_contact_ms\":null,\"won\":0,\"open\":0},{\"rep\":\"b\",\"new\":1,\"in\":1,\"out\":0,"
        + "\"missed\":0,\"contacted\":1,\"late\":0,\"median_to_contact_ms\":240000,\"won\":1,\"open\":1}],"
        + "\"taken_up\":{\"held\":0,\"waiting\":0},\"first_contacts\":{\"count\":1,\"median_wait_ms\":600000,"
        + "\"after_a_missed_deadline\":1},\"recycled_from\":{},\"requeued_from\":{},\"claimed_by\":{},"
        + "\"handed_off_from\":{},\"queues\":[],\"tiers\":[{\"tier\":1,\"leads\":1,\"contacted\":1,\"within_sla\":0,"
        + "\"missed_sla\":1,\"median_wait_ms\":600000,\"won\":1,\"lost\":0},{\"tier\":3,\"leads\":1,"
        + "\"contacted\":0,\"within_sla\":0,\"missed_sla\":0,\"median_wait_ms\":null,\"won\":0,\"lost\":0}],"
        + "\"qualification_by_sdr\":[]}\n");
    Run later = run("report", log.toString(), "--from", "2026-11-25T15:05:00Z");
    assertThat(later.out()).startsWith("7 events from 2026-11-25T15:06:00Z to 2026-11-25T15:10:00Z\n")
        .contains("\nb                                0     1     0       0         1     0           4m     1     1\n");
    // A log that begins after the lead reached its rep: the contact as its event tells it.
    List<String> tail = new java.util.ArrayList<>();
    for (String line : lines) {
      if (line.contains("\"event\":\"ContactRecorded\"")) {
        tail.add(line);
      }
    }
    Path contactsOnly = tmp.resolve("contacts.jsonl");
    Files.write(contactsOnly, tail, StandardCharsets.UTF_8);
    assertThat(run("report", contactsOnly.toString()).out())
        .contains("\nb                                0     0     0       0         1     1          10m     0     0\n");
    Run none = run("report", log.toString(), "--to", "2026-11-25T14:00:00Z");
    assertThat(none.exit()).isEqualTo(RoutingCli.INVALID);
    assertThat(none.err()).contains("no event of " + log + " in the period asked");
    Run bad = run("report", log.toString(), "--from", "yesterday");
    assertThat(bad.exit()).isEqualTo(RoutingCli.USAGE);
    assertThat(bad.err()).contains("--from must be an instant such as 2026-03-02T15:00:00Z but was 'yesterday'");
  }

  @Test
  void historyAndReportNameRecycledLeads() throws Exception {
    io.smartrouting.core.ManualClock clock =
        new io.smartrouting.core.ManualClock(java.time.Instant.parse("2026-11-02T15:00:00Z"));
    List<String> lines = new java.util.ArrayList<>();
    List<io.smartrouting.api.Rep> reps = List.of(io.smartrouting.api.Rep.builder("a").territories("US").build(),
        io.smartrouting.api.Rep.builder("b").territories("US").build());
    try (io.smartrouting.core.Router router = auditedRoundRobin(reps, clock, lines)
        .recycleStalledLeads(java.time.Duration.ofDays(14)).build()) {
      for (String id : List.of("s1", "s2", "s3")) {
        router.route(io.smartrouting.api.Lead.builder(id).country("US").build());
        router.recordContact(id, clock.instant());
      }
      router.recordOutcome("s2", io.smartrouting.api.Outcome.MEETING);
      clock.advance(java.time.Duration.ofDays(14).plusMinutes(1));
      router.fireDueTimers();
    }
    Path log = tmp.resolve("recycled.jsonl");
    Files.write(log, lines, StandardCharsets.UTF_8);
    Run history = run("history", log.toString(), "s1");
    assertThat(history.exit()).as(history.err()).isZero();
    assertThat(history.out()).contains("  2026-11-16T15:01:00Z  moved from a to b (recycled: a made first contact"
        + " 2026-11-02T15:00:00Z and reported no progress within 14 days; recycled)");
    Run report = run("report", log.toString());
    assertThat(report.exit()).as(report.err()).isZero();
    // Round-robin: s1 and s3 to a, s2 (a meeting: it stays) to b; a's two go to b.
    assertThat(report.out()).contains("recycled (contacted, no progress within the period): 2 lead(s), moved out of"
        + " a 2\n");
  }

  /**
   * Leads taken up as they stood ({@code Router.adopt}) are where the log puts them, with their contacts, but are no
   * rep's new leads, no queue's placements and no cohort's: no rule placed them.
   */
  @Test
  void historyAndReportTellLeadsTakenUpFromLeadsRouted() throws Exception {
    io.smartrouting.core.ManualClock clock =
        new io.smartrouting.core.ManualClock(java.time.Instant.parse("2026-11-02T15:00:00Z"));
    List<String> lines = new java.util.ArrayList<>();
    List<io.smartrouting.api.Rep> reps = List.of(
        io.smartrouting.api.Rep.builder("a").territories("US").capacity(5).build(),
        io.smartrouting.api.Rep.builder("b").territories("US").capacity(5).build());
    java.time.Instant since = clock.instant().minus(java.time.Duration.ofDays(2));
    try (io.smartrouting.core.Router router = auditedRoundRobin(reps, clock, lines).build()) {
      for (String id : List.of("o1", "o2", "o3")) {
        router.adopt(io.smartrouting.core.ExistingLead.heldBy(io.smartrouting.api.Lead.builder(id).country("US")
            .build(), "a", since));
      }
      router.adopt(io.smartrouting.core.ExistingLead.waitingIn(io.smartrouting.api.Lead.builder("w1").country("FR")
          .build(), "unassigned", since));
      router.route(io.smartrouting.api.Lead.builder("n1").country("US").build());
      clock.advance(java.time.Duration.ofMinutes(3));
      router.recordContact("o1", clock.instant());
    }
    Path log = tmp.resolve("adopted.jsonl");
    Files.write(log, lines, StandardCharsets.UTF_8);
    Run history = run("history", log.toString(), "o1", "w1");
    assertThat(history.exit()).as(history.err()).isZero();
    assertThat(history.out()).contains("  2026-10-31T15:00:00Z  taken up as it stood (not routed): held by a")
        .contains("  2026-10-31T15:00:00Z  taken up as it stood (not routed): waiting in unassigned");
    Run report = run("report", log.toString());
    assertThat(report.exit()).as(report.err()).isZero();
    // Round-robin gave n1 to a too: one new lead of its four, and its contact of o1 counted.
    assertThat(report.out()).containsPattern("\na +1 +0 +0 +0 +1 .* 4\n")
        .contains("taken up as they stood (Router.adopt: leads already open, not routed): 3 held by reps, 1 waiting"
            + " in queues; not counted as new leads, queue placements or cohorts\n")
        .contains("new leads a rep: 1 to 1, mean 1.0 over 1 reps")
        .contains("queues (placed, waiting at the end): unassigned 0, 1\n");
  }

  @Test
  void historyAndReportNameLeadsGivenBackToAQueue() throws Exception {
    io.smartrouting.core.ManualClock clock =
        new io.smartrouting.core.ManualClock(java.time.Instant.parse("2026-11-02T15:00:00Z"));
    List<String> lines = new java.util.ArrayList<>();
    List<io.smartrouting.api.Rep> reps = List.of(
        io.smartrouting.api.Rep.builder("a").territories("US").capacity(2).build(),
        io.smartrouting.api.Rep.builder("b").territories("US").capacity(2).build());
    try (io.smartrouting.core.Router router = auditedRoundRobin(reps, clock, lines).build()) {
      for (String id : List.of("r1", "r2", "r3")) {
        router.route(io.smartrouting.api.Lead.builder(id).country("US").build());
      }
      clock.advance(java.time.Duration.ofMinutes(3));
      router.requeue("r1", "returns", "speaks no German");
      router.requeue("r3", "returns", "not my territory");
      router.setAvailable("b", false);
      router.fireDueTimers();
    }
    Path log = tmp.resolve("requeued.jsonl");
    Files.write(log, lines, StandardCharsets.UTF_8);
    Run history = run("history", log.toString(), "r1");
    assertThat(history.exit()).as(history.err()).isZero();
    assertThat(history.out()).contains("  2026-11-02T15:03:00Z  moved from a to queue returns (requeued: speaks no"
        + " German)");
    Run report = run("report", log.toString());
    assertThat(report.exit()).as(report.err()).isZero();
    // Round-robin: r1 and r3 to a, r2 to b; a gives both back, and with b away they wait (never back to a).
    assertThat(report.out()).contains("given back to a queue by a person (requeue): 2 lead(s), from a 2\n")
        .contains("queues (placed, waiting at the end): returns 2, 2\n");
    Run asJson = run("report", log.toString(), "--json");
    assertThat(asJson.exit()).as(asJson.err()).isZero();
    assertThat(asJson.out()).contains("\"requeued_from\":{\"a\":2}")
        .contains("\"queues\":[{\"queue\":\"returns\",\"placed\":2,\"waiting_at_end\":2,\"left\":0,"
            + "\"median_wait_ms\":null,\"longest_wait_ms\":null,\"longest_waiting_ms\":0}]");
  }

  @Test
  void historyAndReportNameLeadsHandedOffWhenQualified() throws Exception {
    io.smartrouting.core.ManualClock clock =
        new io.smartrouting.core.ManualClock(java.time.Instant.parse("2026-11-02T15:00:00Z"));
    List<String> lines = new java.util.ArrayList<>();
    List<io.smartrouting.api.Rep> reps = List.of(
        io.smartrouting.api.Rep.builder("sam").role(io.smartrouting.api.RepRole.SDR).territories("US").build(),
        io.smartrouting.api.Rep.builder("alex").role(io.smartrouting.api.RepRole.AE).territories("US").build());
    try (io.smartrouting.core.Router router = io.smartrouting.core.Router.builder().roster(reps).clock(clock)
        .manualTimers().auditLog(lines::add).handOffQualifiedLeads(true)
        .step(io.smartrouting.core.ChainStep.of("round-robin").named("closers").when("sales_qualified = true")
            .reps("role = 'AE'"))
        .step(io.smartrouting.core.ChainStep.of("round-robin").reps("role = 'SDR'")).build()) {
      for (String id : List.of("q1", "q2", "q3")) {
        router.route(io.smartrouting.api.Lead.builder(id).country("US").build());
      }
      clock.advance(java.time.Duration.ofMinutes(30));
      router.recordContact("q1", clock.instant());
      router.update(io.smartrouting.api.Lead.builder("q1").country("US").salesQualified(true).build());
      router.update(io.smartrouting.api.Lead.builder("q2").country("US").salesQualified(true).build());
    }
    Path log = tmp.resolve("qualified.jsonl");
    Files.write(log, lines, StandardCharsets.UTF_8);
    Run history = run("history", log.toString(), "q1");
    assertThat(history.exit()).as(history.err()).isZero();
    assertThat(history.out()).contains("  2026-11-02T15:30:00Z  moved from sam to alex (qualified: sales-qualified"
        + " while sam (SDR) held it: handed off)");
    Run report = run("report", log.toString());
    assertThat(report.exit()).as(report.err()).isZero();
    assertThat(report.out()).contains("handed off when qualified (an SDR's lead made sales-qualified, routed again):"
        + " 2 lead(s), from sam 2\n")
        .contains("qualification rate by SDR (leads handed off of the leads that reached it): sam 2 of 3 (66.7%)\n");
    Run asJson = run("report", log.toString(), "--json");
    assertThat(asJson.exit()).as(asJson.err()).isZero();
    assertThat(asJson.out()).contains("\"handed_off_from\":{\"sam\":2}")
        .contains("{\"rep\":\"alex\",\"new\":0,\"in\":2,\"out\":0,")
        .contains("\"qualification_by_sdr\":[{\"rep\":\"sam\",\"handed_off\":2,\"reached\":3,"
            + "\"rate\":0.6666666666666666}]");
    // With the configuration the log was written under, every SDR is listed: kim, who covers Canada, got nothing.
    Path config = tmp.resolve("roles.yaml");
    Files.writeString(config, "version: r\nreps:\n  - {id: sam, role: SDR, territories: [US]}\n"
        + "  - {id: alex, role: AE, territories: [US]}\n  - {id: kim, role: SDR, territories: [CA]}\n"
        + "chain:\n  - strategy: round-robin\n", StandardCharsets.UTF_8);
    Run withRoles = run("report", log.toString(), "--config", config.toString());
    assertThat(withRoles.exit()).as(withRoles.err()).isZero();
    assertThat(withRoles.out()).contains("qualification rate by SDR (leads handed off of the leads that reached it):"
        + " sam 2 of 3 (66.7%), kim 0 of 0\n");
    Run badConfig = run("report", log.toString(), "--config", tmp.resolve("none.yaml").toString());
    assertThat(badConfig.exit()).isNotZero();
  }

  @Test
  void historyAndReportNameClaimedLeads() throws Exception {
    io.smartrouting.core.ManualClock clock =
        new io.smartrouting.core.ManualClock(java.time.Instant.parse("2026-11-02T15:00:00Z"));
    List<String> lines = new java.util.ArrayList<>();
    List<io.smartrouting.api.Rep> reps = List.of(
        io.smartrouting.api.Rep.builder("a").territories("US").capacity(1).build(),
        io.smartrouting.api.Rep.builder("b").territories("US").capacity(1).build());
    try (io.smartrouting.core.Router router = auditedRoundRobin(reps, clock, lines)
        .capacityThreshold(1.0).build()) {
      for (String id : List.of("q1", "q2", "q3", "q4", "q5")) {
        router.route(io.smartrouting.api.Lead.builder(id).country("US").build());
      }
      clock.advance(java.time.Duration.ofMinutes(7));
      router.release("q1");
      router.release("q2");
      assertThat(router.claimNext("b")).isPresent();
      assertThat(router.claimNext("a")).isPresent();
    }
    Path log = tmp.resolve("claimed.jsonl");
    Files.write(log, lines, StandardCharsets.UTF_8);
    Run history = run("history", log.toString(), "q3");
    assertThat(history.exit()).as(history.err()).isZero();
    assertThat(history.out()).contains("  2026-11-02T15:07:00Z  moved from queue unassigned to b (claimed: claimed by b"
        + " from queue 'unassigned' after waiting 7 min)");
    Run report = run("report", log.toString());
    assertThat(report.exit()).as(report.err()).isZero();
    assertThat(report.out()).contains("claimed from queues (a rep asking for its next lead): 2 lead(s), by a 1, b 1\n")
        .as("q3 and q4 claimed after 7 minutes; q5 still waits at the log's last event")
        .contains("waits in queues: unassigned: 2 left after a median 7m (longest 7m), 1 still waiting (longest 7m)\n")
        .contains("queues (placed, waiting at the end): unassigned 3, 1\n");
    Run period = run("report", log.toString(), "--to", "2026-11-02T15:10:00Z");
    assertThat(period.out()).as("still waiting until the period's end")
        .contains("1 still waiting (longest 10m)");
  }

  /** A document's experiment: validate lists its variants, route splits a lead file, explain names the variant. */
  @Test
  void anExperimentIsListedSplitAndExplainedByVariant() throws Exception {
    Path doc = tmp.resolve("exp.yaml");
    Files.writeString(doc, "version: 3\n"
        + "reps:\n  - {id: ana, territories: [US], capacity: 500}\n  - {id: ben, territories: [US], capacity: 500}\n"
        + "chain:\n  - strategy: round-robin\n"
        + "experiment:\n  name: hold-test\n  sticky_by: account\n  variants:\n"
        + "    - {name: control, share: 3}\n"
        + "    - {name: hold, share: 1, chain: [{queue: holding}]}\n"
        + "scenarios:\n  - {name: held, variant: hold, lead: {id: s1, country: US}, expect: {queue: holding}}\n",
        StandardCharsets.UTF_8);
    Run valid = run("validate", doc.toString());
    assertThat(valid.exit()).as(valid.err()).isZero();
    assertThat(valid.out()).contains("1 of 1 scenarios as expected");
    Run scenario = run("explain", doc.toString(), "scenario:held");
    assertThat(scenario.out()).as("the scenario's own variant").doesNotStartWith("experiment").contains("holding");
    assertThat(valid.out()).contains("  experiment 'hold-test', sticky by account:\n"
        + "    control (control): 75.0% of leads, chain [round-robin] (the document's)\n"
        + "    hold: 25.0% of leads, chain [queue:holding]\n");
    com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(run("validate", "--json", doc.toString()).out());
    assertThat(j.get("experiment").get("name").asText()).isEqualTo("hold-test");
    assertThat(j.get("experiment").get("variants").get(1).get("chain").get(0).asText()).isEqualTo("queue:holding");
    assertThat(j.get("experiment").get("variants").get(0).get("own_chain").asBoolean()).isFalse();
    assertThat(j.get("experiment").get("remember_leads").asInt()).isEqualTo(
        io.smartrouting.core.experiment.Experiment.DEFAULT_REMEMBERED_LEADS);
    Path remembering = tmp.resolve("exp-remembering.yaml");
    Files.writeString(remembering, Files.readString(doc).replace("  sticky_by: account\n",
        "  sticky_by: account\n  remember_leads: 5000\n"), StandardCharsets.UTF_8);
    assertThat(run("validate", remembering.toString()).out()).contains("  experiment 'hold-test', sticky by account, a"
        + " process remembering 5000 routed leads:\n");
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(run("validate", "--json",
        remembering.toString()).out()).get("experiment").get("remember_leads").asInt()).isEqualTo(5000);

    StringBuilder csv = new StringBuilder("id,country,email\n");
    for (int i = 0; i < 400; i++) {
      csv.append("l").append(i).append(",US,p").append(i % 7).append("@company").append(i / 7).append(".com\n");
    }
    Path leads = tmp.resolve("leads.csv");
    Files.writeString(leads, csv, StandardCharsets.UTF_8);
    Run route = run("route", doc.toString(), leads.toString());
    assertThat(route.exit()).as(route.err()).isZero();
    List<String> lines = route.out().lines().toList();
    assertThat(lines).hasSize(400);
    java.util.Map<String, String> variantOfCompany = new java.util.HashMap<>();
    int held = 0;
    for (String line : lines) {
      com.fasterxml.jackson.databind.JsonNode rec = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
      String variant = rec.get("variant").asText();
      String company = String.valueOf(Integer.parseInt(rec.get("lead_id").asText().substring(1)) / 7);
      assertThat(variantOfCompany.computeIfAbsent(company, k -> variant)).as("company %s in one variant", company)
          .isEqualTo(variant);
      assertThat(line.contains("\"holding\"")).as(line).isEqualTo(variant.equals("hold"));
      held += variant.equals("hold") ? 1 : 0;
    }
    assertThat(held).as("about a quarter, by whole companies of 7").isBetween(50, 150);
    assertThat(route.err()).containsPattern("experiment 'hold-test' \\(sticky by account\\): control "
        + (400 - held) + " lead\\(s\\) \\([0-9.]+%, share 75\\.0%\\), " + (400 - held) + " assigned; hold " + held
        + " lead\\(s\\) \\([0-9.]+%, share 25\\.0%\\), 0 assigned");
    // The book reps hold, taken up in each lead's variant first, counts in no variant: the same split is reported.
    Path book = tmp.resolve("exp-book.csv");
    StringBuilder bookCsv = new StringBuilder("id,country,email,rep,since\n");
    for (int i = 0; i < 10; i++) {
      bookCsv.append("b").append(i).append(",US,x@held").append(i).append(".com,ana,2026-03-02T09:00:00Z\n");
    }
    Files.writeString(book, bookCsv, StandardCharsets.UTF_8);
    Run withBook = run("route", doc.toString(), leads.toString(), "--open", book.toString(), "--at",
        "2026-03-02T15:00:00Z");
    assertThat(withBook.exit()).as(withBook.err()).isZero();
    assertThat(withBook.out().lines()).hasSize(400);
    assertThat(withBook.err()).contains("took up 10 open lead(s) of " + book + ": 10 held by 1 rep(s), 0 waiting;");
    java.util.function.Function<String, String> split = err -> err.lines()
        .filter(l -> l.startsWith("experiment 'hold-test'")).findFirst().orElseThrow();
    assertThat(split.apply(withBook.err())).isEqualTo(split.apply(route.err()));

    // A lead updated to another company's address stays in the variant it was routed in.
    StringBuilder changes = new StringBuilder("id,country,email\n");
    for (int company = 0; company < 20; company++) {
      changes.append("u1,US,p0@company").append(company).append(".com\n");
    }
    Path updates = tmp.resolve("updates.csv");
    Files.writeString(updates, changes, StandardCharsets.UTF_8);
    Run updated = run("route", doc.toString(), updates.toString(), "--repeats", "update");
    assertThat(updated.exit()).as(updated.err()).isZero();
    List<String> variants = updated.out().lines().map(l -> l.substring(0, l.indexOf(','))).distinct().toList();
    assertThat(variants).as("every record of u1 in one variant").hasSize(1);
    assertThat(updated.err()).contains("19 update(s) of leads routed above");

    Run only = run("route", doc.toString(), leads.toString(), "--variant", "hold");
    assertThat(only.out().lines()).allSatisfy(l -> assertThat(l).contains("\"holding\"").doesNotContain("variant"));
    assertThat(only.err()).contains("all through variant 'hold' of experiment 'hold-test'");
    Run unknown = run("route", doc.toString(), leads.toString(), "--variant", "treatment");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("--variant treatment: experiment 'hold-test' has no variant 'treatment'; its"
        + " variants: [control, hold]");

    // diff says how the experiment changes: a new split, and which variants' chains changed.
    Path next = tmp.resolve("exp2.yaml");
    Files.writeString(next, Files.readString(doc, StandardCharsets.UTF_8).replace("share: 3", "share: 1")
        .replace("queue: holding", "queue: parked"), StandardCharsets.UTF_8);
    Run diff = run("diff", doc.toString(), next.toString(), leads.toString());
    assertThat(diff.exit()).as(diff.err()).isZero();
    assertThat(diff.out()).contains("experiment: 'hold-test' by account [control 75.0%, hold 25.0%] -> 'hold-test' by"
        + " account [control 50.0%, hold 50.0%] (a new split: a watched experiment refuses it; build a new one);"
        + " variants changed: hold (chain [queue:holding] -> [queue:parked])\n");
    Run none = run("diff", EXAMPLE.toString(), EXAMPLE.toString(), leads.toString());
    assertThat(none.out()).doesNotContain("experiment:");

    // The variants share the reps' capacity: two reps of one lead each take two leads of the file, whichever variant.
    Path small = tmp.resolve("small.yaml");
    Files.writeString(small, "reps:\n  - {id: ana, territories: [US], capacity: 1}\n"
        + "  - {id: ben, territories: [US], capacity: 1}\ncapacity_threshold: 1.0\nchain:\n  - strategy: round-robin\n"
        + "experiment:\n  name: cap\n  variants:\n    - {name: a, share: 1}\n"
        + "    - {name: b, share: 1, chain: [{strategy: weighted}]}\n", StandardCharsets.UTF_8);
    Run capped = run("route", small.toString(), leads.toString());
    assertThat(capped.exit()).as(capped.err()).isZero();
    assertThat(capped.out().lines().filter(l -> l.contains("\"rep_id\":\"")).count()).isEqualTo(2);
    assertThat(capped.err()).containsPattern("a \\d+ lead\\(s\\) \\([0-9.]+%, share 50\\.0%\\), [12] assigned; b \\d+"
        + " lead\\(s\\) \\([0-9.]+%, share 50\\.0%\\), [12] assigned");

    String lead = "{\"id\": \"x1\", \"country\": \"US\", \"email\": \"p0@company0.com\"}";
    Run explain = run("explain", doc.toString(), lead);
    assertThat(explain.exit()).as(explain.err()).isZero();
    String v = variantOfCompany.get("0");
    assertThat(explain.out()).startsWith("experiment 'hold-test': the lead falls in variant '" + v + "'");
    Run forced = run("explain", doc.toString(), lead, "--variant", v.equals("hold") ? "control" : "hold");
    assertThat(forced.out()).doesNotStartWith("experiment").isNotEqualTo(explain.out());
  }

  /**
   * An audit log of an experiment, read back per variant: each variant's leads, contacts and wins (some after a
   * meeting), compared.
   */
  @Test
  void reportComparesTheVariantsOfAnExperimentFromItsAuditLog() throws Exception {
    io.smartrouting.config.RoutingConfig doc = io.smartrouting.config.RoutingConfig.parse("version: v1\n"
        + "reps:\n  - {id: ana, territories: [US], capacity: 500}\n  - {id: bo, territories: [US], capacity: 500}\n"
        + "chain:\n  - strategy: round-robin\nexperiment:\n  name: t\n  variants:\n"
        + "    - {name: control, share: 1}\n    - {name: fast, share: 1, chain: [{strategy: weighted}]}\n",
        "exp.yaml");
    io.smartrouting.core.ManualClock clock =
        new io.smartrouting.core.ManualClock(java.time.Instant.parse("2026-11-02T15:00:00Z"));
    List<String> lines = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    java.util.Map<String, int[]> expected = new java.util.TreeMap<>(); // leads, contacted, won
    try (io.smartrouting.core.experiment.Experiment exp =
        doc.toExperiment(b -> b.clock(clock).manualTimers().auditLog(lines::add).build())) {
      for (int i = 0; i < 300; i++) {
        io.smartrouting.api.Lead lead = io.smartrouting.api.Lead.builder("e" + i).country("US").build();
        String variant = exp.variantOf(lead);
        int[] n = expected.computeIfAbsent("v1/" + variant, k -> new int[3]);
        exp.route(lead);
        n[0]++;
        // The fast variant's leads are all called; the control's every other one; a third of those called are won.
        if (variant.equals("fast") || i % 2 == 0) {
          clock.advance(java.time.Duration.ofSeconds(60));
          exp.recordContact(lead.id(), clock.instant());
          n[1]++;
          if (i % 3 == 0) {
            if (i % 2 == 0) {
              // A meeting first, as a deal's stages come: the win still counts (until the night of 7 December 2026
              // the first outcome of a lead closed it in the report, so these wins were not counted).
              exp.recordOutcome(lead.id(), io.smartrouting.api.Outcome.MEETING);
            }
            exp.recordOutcome(lead.id(), io.smartrouting.api.Outcome.WON);
            n[2]++;
          }
        }
      }
    }
    Path log = tmp.resolve("experiment.jsonl");
    Files.write(log, lines, StandardCharsets.UTF_8);
    Run report = run("report", log.toString(), "--baseline", "v1/control");
    assertThat(report.exit()).as(report.err()).isZero();
    // The configuration has no SLA for its leads' tier: their contacts are neither within one nor outside ('-'; until
    // the night of 7 December 2026 such a tier read 100.0% in SLA).
    for (java.util.Map.Entry<String, int[]> e : expected.entrySet()) {
      int[] n = e.getValue();
      assertThat(report.out()).containsPattern("\n  " + java.util.regex.Pattern.quote(e.getKey()) + " +" + n[0]
          + " +" + n[1] + " +- +1m +" + n[2] + " +0 +[0-9.]+%\n");
    }
    assertThat(report.out()).contains("by configuration version of each lead's first routing")
        .contains("  v1/fast against v1/control: contact rate: 100.00% vs ");
    Run unknown = run("report", log.toString(), "--baseline", "v9");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("--baseline v9: no lead of the period was first routed under it; versions: [v1/");
  }
}
