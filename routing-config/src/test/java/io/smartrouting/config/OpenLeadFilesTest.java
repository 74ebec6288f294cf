package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.core.ExistingLead;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of open leads ({@link LeadFiles#readOpen}): a CRM's export of the leads reps hold and queues keep, read as
 * {@link ExistingLead}s a router adopts; every bad row named with its line, none silently dropped or misplaced.
 */
class OpenLeadFilesTest {

  private static final String DOC = "reps:\n  - {id: ana, territories: [US], capacity: 2}\n"
      + "  - {id: bob, territories: [US]}\nsla:\n  tier3: 1h\nchain:\n  - strategy: round-robin\n";

  @TempDir
  Path dir;

  private Path file(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void aCrmExportOfOpenLeadsIsReadAndAdoptedWhereItStands() throws Exception {
    RoutingConfig config = RoutingConfig.parse(DOC, "routing.yaml");
    Path csv = file("open.csv", "Lead ID,Country,Lead Owner,Queue,Assigned At,First Contacted,first_contact_deadline\n"
        + "l1,US,ana,,2026-12-07T09:00:00Z,2026-12-07T09:20:00Z,\n"
        + "l2,US,ana,,2026-12-07 10:00:00+01:00,,\n"
        + "l3,US,ana,,2026-12-01T08:00:00Z,,no\n"
        + "l4,US,,unassigned,2026-12-07T11:00:00Z,,\n");
    List<ExistingLead> open = LeadFiles.readOpen(csv, false, config);
    assertThat(open).extracting(e -> e.lead().id()).containsExactly("l1", "l2", "l3", "l4");
    assertThat(open.get(0).repId()).isEqualTo("ana");
    assertThat(open.get(0).contactedAt()).isEqualTo(Instant.parse("2026-12-07T09:20:00Z"));
    assertThat(open.get(1).since()).as("a space for the T, and an offset").isEqualTo(
        Instant.parse("2026-12-07T09:00:00Z"));
    assertThat(open.get(2).firstContactDeadline()).isFalse();
    assertThat(open.get(3).queue()).isEqualTo("unassigned");
    assertThat(open.get(3).repId()).isNull();

    ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));
    try (Router router = config.toBuilder().clock(clock).manualTimers().build()) {
      open.forEach(router::adopt);
      assertThat(router.openLeads("ana")).as("ana's three, over her capacity of two").isEqualTo(3);
      assertThat(router.placement("l2").orElseThrow().slaDeadline()).as("an hour from when ana got it")
          .isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
      assertThat(router.placement("l3").orElseThrow().slaDeadline()).as("adopted without one").isNull();
      assertThat(router.waitingLeads()).isEqualTo(1);
      Decision next = router.route(io.smartrouting.api.Lead.builder("new").country("US").build());
      assertThat(next.repId()).as("ana holds her capacity already").isEqualTo("bob");
    }
  }

  @Test
  void everyBadRowIsNamedWithItsLine() throws Exception {
    RoutingConfig config = RoutingConfig.parse(DOC, "routing.yaml");
    Path csv = file("bad.csv", "id,rep,queue,since,contacted_at\n"
        + "a,anna,,2026-12-07T09:00:00Z,\n"
        + "b,ana,unassigned,2026-12-07T09:00:00Z,\n"
        + "c,,,2026-12-07T09:00:00Z,\n"
        + "d,ana,,,\n"
        + "e,ana,,2026-12-07 09:00,\n"
        + "f,,unassigned,2026-12-07T09:00:00Z,2026-12-07T09:10:00Z\n"
        + "g,ana,,2026-12-07T09:00:00Z,\n"
        + "g,bob,,2026-12-07T09:00:00Z,\n"
        + "h,bob,,yesterday,\n");
    assertThatThrownBy(() -> LeadFiles.readOpen(csv, false, config)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8 bad lead(s) in " + csv)
        .hasMessageContaining(csv + " line 2: column 'rep' 'anna': no rep with id 'anna' in the configuration's"
            + " reps; did you mean 'ana'?")
        .hasMessageContaining(csv + " line 3: column 'queue' is 'unassigned' but 'rep' is 'ana': an open lead is held"
            + " by a rep or waits in a queue, not both")
        .hasMessageContaining(csv + " line 4: column 'rep' is empty, and so is 'queue'")
        .hasMessageContaining(csv + " line 5: column 'since' is required: when the lead was given to its rep")
        .hasMessageContaining(csv + " line 6: column 'since' '2026-12-07 09:00' has no time zone, so it names no"
            + " instant")
        .hasMessageContaining(csv + " line 7: column 'contacted_at' is set, but the lead waits in queue"
            + " 'unassigned'")
        .hasMessageContaining(csv + " line 9: column 'id' lead 'g' is open twice (first on line 8)")
        .hasMessageContaining(csv + " line 10: column 'since' 'yesterday' is not an instant");
    assertThatThrownBy(() -> LeadFiles.readOpen(file("other.csv", "id,rep,since,Phone\na,ana,2026-12-07T09:00:00Z,1\n"),
        false, config)).hasMessageContaining("unknown column 'Phone'");
    assertThat(LeadFiles.readOpen(file("other.csv", "id,rep,since,Phone\na,ana,2026-12-07T09:00:00Z,1\n"), true,
        config)).singleElement().extracting(ExistingLead::repId).isEqualTo("ana");
    // A file of new leads given for the open ones: one problem for the file, not the same one on every row.
    Path fresh = file("new.csv", "id,country\na,US\nb,US\nc,GB\n");
    assertThatThrownBy(() -> LeadFiles.readOpen(fresh, false, config)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(fresh + " has neither a 'rep' nor a 'queue' column, so it lists no open lead: an open lead needs"
            + " 'rep' (the rep holding it) or 'queue' (the queue it waits in), and 'since' (when it got there)");
  }

  /** A lead's SLA history, when the export has it: its first routing, the deadlines it missed, who held it before. */
  @Test
  void theSlaHistoryOfAnOpenLeadIsReadWhenGiven() throws Exception {
    RoutingConfig config = RoutingConfig.parse(DOC, "routing.yaml");
    Path csv = file("history.csv", "id,rep,since,first_routed_at,missed_deadlines,earlier_holders\n"
        + "h1,bob,2026-12-07T09:00:00Z,2026-12-07T08:00:00Z,1,ana\n"
        + "h2,bob,2026-12-07T09:00:00Z,,,\n"
        + "h3,bob,2026-12-07T09:00:00Z,2026-12-07T10:00:00Z,-1,ana;;\n");
    assertThatThrownBy(() -> LeadFiles.readOpen(csv, false, config))
        .hasMessageContaining(csv + " line 4: column 'missed_deadlines' must be 0 or more but was -1");
    Files.writeString(csv, Files.readString(csv).replace(",-1,", ",0,"));
    assertThatThrownBy(() -> LeadFiles.readOpen(csv, false, config))
        .hasMessageContaining(csv + " line 4: firstRoutedAt 2026-12-07T10:00:00Z of lead h3 is after since");
    Files.writeString(csv, Files.readString(csv).lines().limit(3).reduce("", (a, b) -> a + b + "\n"));
    List<ExistingLead> open = LeadFiles.readOpen(csv, false, config);
    Instant since = Instant.parse("2026-12-07T09:00:00Z");
    assertThat(open.get(0)).isEqualTo(ExistingLead.heldBy(io.smartrouting.api.Lead.builder("h1").build(), "bob",
        since).withHistory(Instant.parse("2026-12-07T08:00:00Z"), 1, List.of("ana")));
    assertThat(open.get(1)).isEqualTo(ExistingLead.heldBy(io.smartrouting.api.Lead.builder("h2").build(), "bob",
        since));
    Path json = file("history.json", "[{\"id\": \"j1\", \"rep\": \"bob\", \"since\": \"2026-12-07T09:00:00Z\","
        + " \"first_routed_at\": \"2026-12-07T08:00:00Z\", \"missed_deadlines\": 1, \"earlier_holders\": [\"ana\"]}]");
    assertThat(LeadFiles.readOpen(json, false, config)).singleElement().isEqualTo(ExistingLead.heldBy(
        io.smartrouting.api.Lead.builder("j1").build(), "bob", since).withHistory(
            Instant.parse("2026-12-07T08:00:00Z"), 1, List.of("ana")));
    // One holder written without a list is a list of one, as everywhere in a document; a map is no list.
    Path one = file("one-history.json", "[{\"id\": \"j1\", \"rep\": \"bob\", \"since\":"
        + " \"2026-12-07T09:00:00Z\", \"earlier_holders\": \"ana\"}]");
    assertThat(LeadFiles.readOpen(one, false, config)).singleElement().extracting(ExistingLead::earlierHolders)
        .isEqualTo(List.of("ana"));
    Path badJson = file("bad-history.json", "[{\"id\": \"j1\", \"rep\": \"bob\", \"since\":"
        + " \"2026-12-07T09:00:00Z\", \"earlier_holders\": {\"ana\": 1}}]");
    assertThatThrownBy(() -> LeadFiles.readOpen(badJson, false, config))
        .hasMessageContaining("[0].earlier_holders: must be a list of strings");
  }

  @Test
  void jsonOpenLeadsWithTheirErrorsAtLineAndColumn() throws Exception {
    RoutingConfig config = RoutingConfig.parse(DOC, "routing.yaml");
    Path good = file("open.jsonl", "{\"id\": \"j1\", \"country\": \"US\", \"rep\": \"bob\", \"since\":"
        + " \"2026-12-07T09:00:00Z\", \"contacted_at\": \"2026-12-07T09:05:00Z\"}\n"
        + "{\"id\": \"j2\", \"queue\": \"unassigned\", \"since\": \"2026-12-07T09:00:00Z\","
        + " \"first_contact_deadline\": false}\n");
    List<ExistingLead> open = LeadFiles.readOpen(good, false, config);
    assertThat(open).containsExactly(
        ExistingLead.heldBy(io.smartrouting.api.Lead.builder("j1").country("US").build(), "bob",
            Instant.parse("2026-12-07T09:00:00Z")).contactedAt(Instant.parse("2026-12-07T09:05:00Z")),
        ExistingLead.waitingIn(io.smartrouting.api.Lead.builder("j2").build(), "unassigned",
            Instant.parse("2026-12-07T09:00:00Z")).withoutDeadline());
    Path bad = file("bad.json", "[\n{\"id\": \"k1\", \"rep\": \"zoe\", \"since\": \"2026-12-07T09:00:00Z\"},\n"
        + "{\"id\": \"k2\", \"rep\": \"bob\"},\n"
        + "{\"id\": \"k3\", \"since\": \"2026-12-07T09:00:00Z\"},\n"
        + "{\"id\": \"k4\", \"rep\": \"bob\", \"since\": \"2026-12-07T09:00:00Z\", \"contacted\": \"x\"},\n"
        + "{\"id\": \"k5\", \"queue\": \"q\", \"since\": \"2026-12-07T09:00:00Z\", \"contacted_at\":"
        + " \"2026-12-07T09:00:00Z\"},\n"
        + "{\"id\": \"k6\", \"rep\": \"bob\", \"since\": \"2026-12-07T09:00:00Z\"},\n"
        + "{\"id\": \"k6\", \"rep\": \"ana\", \"since\": \"2026-12-07T09:00:00Z\"}\n]\n");
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> LeadFiles.readOpen(bad, false, config));
    assertThat(e.errors()).extracting(Object::toString).containsExactlyInAnyOrder(
        bad + ":2:21: [0].rep: no rep with id 'zoe' in the configuration's reps (a lead held by someone who does not"
            + " route: leave it out, or put it in a 'queue') (was 'zoe')",
        bad + ":3:1: [1].since: missing 'since': when the lead was given to its rep or put in its queue, as"
            + " 2026-12-07T09:30:00Z".replace("2026-12-07", "2026-12-01"),
        bad + ":4:1: [2]: " + "an open lead needs 'rep' (the rep holding it) or 'queue' (the queue it waits in)",
        bad + ":5:61: [3].contacted: unknown key 'contacted' Known: [account, arr, attributes, company, contacted_at,"
            + " country, earlier_holders, email, employees, first_contact_deadline, first_routed_at, icp, id, industry,"
            + " language, missed_deadlines, postal_code, queue, region, rep, sales_qualified, since, source, time_zone,"
            + " title, website] (was 'contacted')",
        bad + ":6:1: [4]: contactedAt: lead k5 waits in queue 'q', and only a rep holding a lead contacts it",
        bad + ":8:1: [6].id: lead 'k6' is open twice (first on line 7): a lead is held by one rep or waits in one"
            + " queue (was 'k6')");
  }
}
