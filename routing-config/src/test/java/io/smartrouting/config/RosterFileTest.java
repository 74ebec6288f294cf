package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.AccountTier;
import io.smartrouting.api.Rep;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration's roster and accounts can come from CSV exports beside it. */
class RosterFileTest {

  @TempDir
  Path dir;

  @Test
  void repsAndAccountsComeFromTheFilesBesideTheDocument() throws Exception {
    Files.writeString(dir.resolve("reps.csv"), "id,team,territories,segments,capacity\n"
        + "ana,west,US-CA;US-WA,ENTERPRISE,25\nben,west,US,SMB,40\n", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("accounts.csv"), "id,name,domains,owner,employees,tier\n"
        + "acme,\"Acme, Inc.\",acme.com,ana,5000,one-to-one\n", StandardCharsets.UTF_8);
    Path doc = dir.resolve("routing.yaml");
    Files.writeString(doc, "version: 7\nroster_file: reps.csv\naccounts_file: accounts.csv\n"
        + "reps:\n  - {id: cleo, territories: [GB]}\nchain:\n  - strategy: account-owner\n  - strategy: round-robin\n",
        StandardCharsets.UTF_8);
    RoutingConfig c = RoutingConfig.load(doc);
    assertThat(c.reps()).extracting(r -> r.id()).containsExactly("ana", "ben", "cleo");
    assertThat(c.accounts()).singleElement().satisfies(a -> {
      assertThat(a.name()).isEqualTo("Acme, Inc.");
      assertThat(a.tier()).isEqualTo(AccountTier.ONE_TO_ONE);
    });
  }

  @Test
  void aBadRowOrAnUnknownPersonIsAnErrorAtTheFilesName() throws Exception {
    Path doc = documentWithFiles("id,capacity\nana,many\n", "id,name,domains,owner\nacme,Acme,acme.com,zed\n");
    assertThat(errorsLoading(doc)).containsExactly(
            doc + ":1:14: roster_file: reps.csv line 2: column 'capacity' must be a whole number but was 'many'"
                + " (was 'reps.csv')",
            doc + ":2:16: accounts_file: account 'acme' names rep 'zed', who is not in reps (was 'accounts.csv')");
  }

  @Test
  void aMisspeltOrRepeatedColumnIsAnErrorNotAColumnLost() throws Exception {
    // Ignored, 'capcity' would have given ana the default capacity of 20 without a word.
    Path doc = documentWithFiles("id,capcity\nana,25\n", "id,name,owner,owner\nacme,Acme,ana,ana\n");
    assertThat(errorsLoading(doc)).containsExactly(
            doc + ":1:14: roster_file: reps.csv line 1: unknown column 'capcity' (column 2); did you mean"
                + " 'capacity'? Known: [active, capacity, daily_cap, holidays, id, industries, languages, manager, monthly_cap,"
                + " name,"
                + " named_accounts, response_minutes, role, segments, team, territories, time_off, time_zone, weekly_cap, weight, working_hours]"
                + " (was 'reps.csv')",
            doc + ":2:16: accounts_file: accounts.csv line 1: column 'owner' appears twice (column 4)"
                + " (was 'accounts.csv')");
  }

  @Test
  void aQuotedCellListsCodesWithCommas() throws Exception {
    // "US-CA, US-OR" was refused as one territory; codes hold no comma, so a comma separates them as ';' does.
    Path doc = documentWithFiles("id,name,territories,languages,segments\n"
        + "ana,Ana Lopez,\"US-CA, US-OR\",\"English, fr\",\"SMB, Mid Market\"\nben,Ben,US-NY;US-NJ,en,\n",
        "id,name,domains,owner\nacme,Acme,\"acme.com, https://www.acme.co.uk/\",Ana Lopez\n");
    RoutingConfig c = RoutingConfig.load(doc);
    assertThat(c.reps().get(0).territories()).containsExactlyInAnyOrder("US-CA", "US-OR");
    assertThat(c.reps().get(0).languages()).containsExactlyInAnyOrder("en", "fr");
    assertThat(c.reps().get(0).segments()).containsExactlyInAnyOrder(io.smartrouting.api.Segment.SMB,
        io.smartrouting.api.Segment.MID_MARKET);
    assertThat(c.reps().get(1).territories()).containsExactlyInAnyOrder("US-NY", "US-NJ");
    assertThat(c.accounts().get(0).domains()).containsExactlyInAnyOrder("acme.com", "acme.co.uk");
    assertThat(c.accounts().get(0).ownerRepId()).isEqualTo("ana");
  }

  @Test
  void aFileSavedWithSemicolonsOrTabsSaysSo() throws Exception {
    // Excel saves CSV with semicolons in many locales: the whole header was one unknown column named after it.
    Path doc = documentWithFiles("\uFEFFid;name;territories\nana;Ana;US\n", "id\tname\towner\nacme\tAcme\tana\n");
    assertThat(errorsLoading(doc)).containsExactly(
        doc + ":1:14: roster_file: reps.csv line 1: the header is one column ('id;name;territories'): the file looks"
            + " separated by semicolons (as spreadsheets save CSV in some locales); save it separated by commas (';'"
            + " separates the entries of a list inside a cell) (was 'reps.csv')",
        doc + ":2:16: accounts_file: accounts.csv line 1: the header is one column ('id\tname\towner'): the file"
            + " looks separated by tabs (as spreadsheets save CSV in some locales); save it separated by commas (';'"
            + " separates the entries of a list inside a cell) (was 'accounts.csv')");
  }

  /** A document whose reps and accounts are in {@code reps.csv} and {@code accounts.csv} with these contents. */
  private Path documentWithFiles(String reps, String accounts) throws Exception {
    Files.writeString(dir.resolve("reps.csv"), reps, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("accounts.csv"), accounts, StandardCharsets.UTF_8);
    Path doc = dir.resolve("routing.yaml");
    Files.writeString(doc, "roster_file: reps.csv\naccounts_file: accounts.csv\nchain:\n  - strategy: round-robin\n",
        StandardCharsets.UTF_8);
    return doc;
  }

  /** The errors loading {@code doc} reports, as text. */
  private static List<String> errorsLoading(Path doc) {
    return ConfigFiles.errorsLoading(doc);
  }

  @Test
  void headersAreReadWithoutRegardToCaseOrSpacesAndATrailingEmptyColumnIsAllowed() throws Exception {
    // As a spreadsheet exports them: capitalised names, a space after a comma, a trailing comma.
    List<Rep> reps = RosterFiles.reps(new StringReader("ID, Team ,Capacity,\nana,west,25,\n"), "reps.csv");
    assertThat(reps).singleElement().satisfies(r -> {
      assertThat(r.team()).isEqualTo("west");
      assertThat(r.capacity()).isEqualTo(25);
    });
    assertThatThrownBy(() -> RosterFiles.reps(new StringReader("id,capacity,\nana,25,x\n"), "reps.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reps.csv line 2: a value in column 3, which has no name in the header");
  }

  @Test
  void workingHoursComeFromTheRosterFileToo() throws Exception {
    List<Rep> reps = RosterFiles.reps(new StringReader("id,time_zone,working_hours\n"
        + "ana,America/New_York,Mon-Fri 9am-5pm;SAT 10:00-12:00\nben,UTC,\n"), "reps.csv");
    java.time.ZoneId ny = java.time.ZoneId.of("America/New_York");
    assertThat(reps.get(0).workingHours().covers(java.time.Instant.parse("2026-03-07T16:00:00Z"), ny)).isTrue();
    assertThat(reps.get(0).workingHours().covers(java.time.Instant.parse("2026-03-08T16:00:00Z"), ny)).isFalse();
    assertThat(reps.get(1).workingHours().isAlways()).isTrue();
    assertThatThrownBy(() -> RosterFiles.reps(new StringReader("id,working_hours\nana,weekdays\n"), "reps.csv"))
        .hasMessageStartingWith("reps.csv line 2: column 'working_hours' 'weekdays': working hours must look like");
  }
}
