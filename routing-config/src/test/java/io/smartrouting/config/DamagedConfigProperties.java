package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.smartrouting.core.expr.ExpressionException;
import io.smartrouting.core.expr.LeadCondition;
import io.smartrouting.core.expr.RepFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * A configuration document damaged the way people damage them (a value mistyped or emptied, a line lost, doubled,
 * moved or indented wrongly, a file cut short) either loads or is refused with a {@link ConfigException} whose every
 * problem has a line, a column and a message: never another exception (a parser's or binder's
 * {@code NullPointerException}, {@code NumberFormatException}, {@code ClassCastException}...), which would reach a
 * revenue-operations person as a stack trace naming nothing they wrote. The same for expressions made of the
 * grammar's own words in random order: compiled, or an {@link ExpressionException}.
 */
class DamagedConfigProperties {

  private static final Path EXAMPLE = Path.of("../examples/routing.yaml");
  private static final String[] VALUES = {"", "-1", "0", "1.5", "NaN", "-Infinity", "1e999", "99999999999999999999",
      "abc", "null", "~", "[]", "{}", "[", "{", "'", "\"", "true", "2026-02-30", "25:00", "MON-XYZ 09:00-17:00",
      "-", "*", ":", "#", "P1D", "5 parsecs", "US-", "en,", "acc-nobody", "mgr-west", "ENTERPRISE", "tier9",
      "round-robin", "nonexistent-strategy", "0.999", "\\u0000", "- x", "&a", "*a", "!!int x", "@", "%", "'a' ='",
      ",", ";", "\t", "\"a,b\"", "\"\"", "a;;b", "ana", "Ana Lopez", "acme"};
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.+-]+");

  @Property(tries = 400)
  void aDamagedDocumentLoadsOrIsRefusedWithItsProblemsPlaced(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int damages) throws Exception {
    List<String> done = new ArrayList<>();
    List<String> lines = damaged(Files.readString(EXAMPLE, StandardCharsets.UTF_8), damages, new Random(seed), done);
    String content = String.join("\n", lines);
    assertLoadsOrIsRefusedWithPlacedProblems(() -> RoutingConfig.parse(content, EXAMPLE.toString()),
        "the example damaged by " + done);
  }

  /**
   * A damaged document that loads is one a router runs on: its router routes a seeded stream of leads (countries,
   * industries, sizes, addresses of an account, ICP scores and titles of every tier), with the clock moving, timers
   * firing, contacts, releases and a drain of the queues at the end, without an exception, each lead with a rep or in
   * a queue.
   */
  @Property(tries = 300)
  void aDamagedDocumentThatLoadsRoutesEveryLeadToOnePlace(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int damages) throws Exception {
    List<String> done = new ArrayList<>();
    List<String> lines = damaged(Files.readString(EXAMPLE, StandardCharsets.UTF_8), damages, new Random(seed), done);
    String what = "the example damaged by " + done;
    RoutingConfig config = assertLoadsOrIsRefusedWithPlacedProblems(
        () -> RoutingConfig.parse(String.join("\n", lines), EXAMPLE.toString()), what);
    if (config != null) {
      assertRoutesEveryLeadToOnePlace(config, seed, what);
    }
  }

  /**
   * Routes 40 leads of every kind through {@code config}'s router (countries, industries, sizes, addresses of an
   * account, ICP scores, titles of every tier), with the clock moving, timers firing, contacts, releases and a final
   * drain: each lead with a rep or in a queue, and no exception.
   */
  private static void assertRoutesEveryLeadToOnePlace(RoutingConfig config, long seed, String what) {
    io.smartrouting.core.ManualClock clock =
        new io.smartrouting.core.ManualClock(java.time.Instant.parse("2026-12-07T15:00:00Z"));
    Random rnd = new Random(seed);
    String[] countries = {"US", "CA", "GB", "DE", "FR", "JP", "IE", null};
    String[] industries = {"healthcare", "retail", "software", "manufacturing", "mining", null};
    String[] titles = {"VP Sales", "Engineer", null};
    try (io.smartrouting.core.Router router = config.toBuilder().clock(clock).manualTimers().build()) {
      for (int i = 0; i < 40; i++) {
        io.smartrouting.api.Lead.Builder lead = io.smartrouting.api.Lead.builder("L" + i)
            .country(countries[rnd.nextInt(countries.length)]).industry(industries[rnd.nextInt(industries.length)])
            .title(titles[rnd.nextInt(titles.length)]);
        if (rnd.nextBoolean()) {
          lead.employees(rnd.nextInt(5000));
        }
        if (rnd.nextInt(3) == 0) {
          lead.email("person" + i + (rnd.nextBoolean() ? "@acme.com" : "@example.org"));
        }
        if (rnd.nextInt(4) == 0) {
          lead.icpScore(rnd.nextInt(101));
        }
        io.smartrouting.api.Decision d = router.route(lead.build());
        assertThat(d.repId() == null).as("%s: with a rep or in a queue, %s", what, d).isNotEqualTo(d.queue() == null);
        if (d.repId() != null && rnd.nextInt(4) == 0) {
          router.recordContact(d.leadId(), clock.instant());
        }
        if (rnd.nextInt(3) == 0) {
          router.release(d.leadId());
        }
        clock.advance(java.time.Duration.ofMinutes(rnd.nextInt(30)));
        router.fireDueTimers();
      }
      router.drainQueues();
    } catch (RuntimeException e) {
      fail(what + " loads, and its router threw " + e, e);
    }
  }

  /**
   * Found at fifty times the tries on 6 December: {@code recycle_stalled_leads: 99999999999999999999 days} threw a
   * {@code NumberFormatException} out of the loader (a duration's digits were parsed as a long unchecked); durations
   * are now at most 100 years, and longer ones an error naming the field.
   */
  @net.jqwik.api.Example
  void aDurationTooLongForALongIsAnErrorNotACrash() throws Exception {
    aDamagedDocumentThatLoadsRoutesEveryLeadToOnePlace(-5757902L, 2);
  }

  private static final String REPS_CSV = """
      id,name,team,manager,role,territories,segments,languages,industries,capacity,time_zone,working_hours,\
      response_minutes,active,weight,named_accounts
      mgr,Kim Park,west,,MANAGER,HQ,,en,,8,America/Los_Angeles,MON-FRI 09:00-17:00,45,true,1,
      ana,Ana Lopez,west,mgr,AE,"US-CA, US-WA",ENTERPRISE,en;es,healthcare,25,America/Los_Angeles,\
      MON-FRI 08:00-16:00,20,true,2,acme
      ben,Ben Ito,west,mgr,SDR,US,SMB;MID_MARKET,en,,40,America/New_York,MON-FRI 09:00-17:00,90,true,1,
      cleo,Cleo Berg,uk,mgr,SDR,GB;IE,SMB,en,retail,30,Europe/London,MON-THU 09:00-17:30,30,false,1,
      """;
  private static final String ACCOUNTS_CSV = """
      id,name,domains,owner,team,backup,ae,industry,employees,tier,parent
      acme,"Acme, Inc.",acme.com;acme.io,ana,ben,cleo,ana,healthcare,5000,one-to-one,
      acme-eu,Acme Europe,acme.eu,Ben Ito,,,,,800,,acme
      """;

  /**
   * The same for the CSV files a document names ({@code roster_file}, {@code accounts_file}), damaged a cell or a
   * line at a time, with the separators, quotes and list marks people get wrong; and what still loads routes, as a
   * damaged document that loads does.
   */
  @Property(tries = 300)
  void aDamagedRosterFileLoadsOrIsRefusedWithItsProblemsPlaced(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int damages, @ForAll boolean inReps) throws Exception {
    List<String> done = new ArrayList<>();
    List<String> lines = damaged(inReps ? REPS_CSV : ACCOUNTS_CSV, damages, new Random(seed), done);
    Path dir = Files.createTempDirectory("damaged-csv");
    try {
      Files.writeString(dir.resolve("reps.csv"), inReps ? String.join("\n", lines) : REPS_CSV);
      Files.writeString(dir.resolve("accounts.csv"), inReps ? ACCOUNTS_CSV : String.join("\n", lines));
      Path doc = dir.resolve("routing.yaml");
      Files.writeString(doc, "roster_file: reps.csv\naccounts_file: accounts.csv\nchain:\n"
          + "  - strategy: account-owner\n  - strategy: round-robin\n");
      String what = (inReps ? "reps.csv" : "accounts.csv") + " damaged by " + done;
      RoutingConfig config = assertLoadsOrIsRefusedWithPlacedProblems(() -> RoutingConfig.load(doc), what);
      if (config != null) {
        assertRoutesEveryLeadToOnePlace(config, seed, what);
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  private static final String LEADS_CSV = """
      id,email,company,website,country,region,postal_code,industry,employees,arr,language,source,title,icp,\
      sales_qualified
      L1,ana@acme.com,"Acme, Inc.",https://acme.com,US,CA,94105,healthcare,5000,120000,en,DEMO_REQUEST,\
      VP Sales,85,true
      L2,bo@beta.de,Beta GmbH,beta.de,Germany,,10115,retail,40,,de,Webinar,Office Manager,30,false
      L3,,,,GB,,SW1A 1AA,,,,,,,,
      """;
  private static final String LEADS_JSON = """
      [{"id": "L1", "email": "ana@acme.com", "country": "US", "region": "CA", "employees": 5000, "icp": 85,
        "source": "DEMO_REQUEST", "title": "VP Sales"},
       {"id": "L2", "country": "DE", "industry": "retail", "employees": 40, "language": "de"},
       {"id": "L3", "country": "GB", "postal_code": "SW1A 1AA", "attributes": {"campaign": "q4"}}]
      """;

  /**
   * A file of leads for the CLI ({@code routing route}, {@code explain}, {@code diff}), CSV or JSON, damaged the same
   * way: its leads are read, or it is refused with an {@link IllegalArgumentException} naming what is wrong (for
   * JSON, a {@link ConfigException} with every problem placed); reading only the good leads never throws for a bad
   * lead.
   */
  @Property(tries = 300)
  void aDamagedLeadsFileIsReadOrRefusedSayingWhere(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int damages, @ForAll boolean json) throws Exception {
    List<String> done = new ArrayList<>();
    List<String> lines = damaged(json ? LEADS_JSON : LEADS_CSV, damages, new Random(seed), done);
    String content = String.join("\n", lines);
    String what = (json ? "leads.json" : "leads.csv") + " damaged by " + done;
    try {
      if (json) {
        LeadFiles.json(content, "leads.json");
      } else {
        LeadFiles.csv(new java.io.StringReader(content), "leads.csv");
      }
      Statistics.collect("read");
    } catch (ConfigException e) {
      Statistics.collect("refused");
      assertThat(e.errors()).as(what).isNotEmpty().allSatisfy(err -> assertThat(err.line()).isPositive());
    } catch (IllegalArgumentException e) {
      Statistics.collect("refused");
      assertThat(json).as("%s refused without its problems placed: %s", what, e).isFalse();
      assertThat(e.getMessage()).as(what).contains("leads.csv");
    } catch (RuntimeException e) {
      fail(what + " threw " + e + " instead of saying what is wrong", e);
    }
    if (!json) {
      Path file = Files.createTempFile("damaged-leads", ".csv");
      try {
        Files.writeString(file, content);
        LeadFiles.Read read = LeadFiles.readValid(file);
        // Each bad lead named with its place: "line 3" of a CSV file, "file:1:2:" of a line of JSON (a file whose
        // damaged header starts with '{' reads as JSON lines, as the reader's javadoc says).
        assertThat(read.problems()).as(what).allSatisfy(problem -> assertThat(problem)
            .containsPattern("line \\d+|:\\d+:\\d+: "));
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).as("a refused header or structure in %s", what).isNotBlank();
      } catch (RuntimeException e) {
        fail(what + " (reading the good leads) threw " + e, e);
      } finally {
        Files.delete(file);
      }
    }
  }

  /** Undamaged, the files load: the damage starts from a valid roster. */
  @net.jqwik.api.Example
  void theUndamagedFilesLoad() throws Exception {
    Path dir = Files.createTempDirectory("csv");
    Files.writeString(dir.resolve("reps.csv"), REPS_CSV);
    Files.writeString(dir.resolve("accounts.csv"), ACCOUNTS_CSV);
    Path doc = dir.resolve("routing.yaml");
    Files.writeString(doc, "roster_file: reps.csv\naccounts_file: accounts.csv\nchain:\n  - strategy: round-robin\n");
    RoutingConfig c = RoutingConfig.load(doc);
    assertThat(c.reps()).extracting(r -> r.id()).containsExactly("mgr", "ana", "ben", "cleo");
    assertThat(c.accounts()).extracting(a -> a.id()).containsExactly("acme", "acme-eu");
  }

  /** Runs {@code load}: it returns, or throws a {@link ConfigException} whose every problem is placed. */
  private static @org.jspecify.annotations.Nullable RoutingConfig assertLoadsOrIsRefusedWithPlacedProblems(
      java.util.concurrent.Callable<RoutingConfig> load, String what) throws Exception {
    try {
      RoutingConfig config = load.call();
      Statistics.collect("loads");
      return config;
    } catch (ConfigException e) {
      Statistics.collect("refused"); // most damage is refused; the statistics show some still loads
      assertThat(e.errors()).as("problems of %s", what).isNotEmpty();
      for (ConfigError err : e.errors()) {
        assertThat(err.line()).as("%s in %s", err, what).isPositive();
        assertThat(err.column()).as("%s in %s", err, what).isPositive();
        assertThat(err.message()).as("%s in %s", err, what).isNotBlank();
      }
    } catch (RuntimeException e) {
      fail(what + " threw " + e + " instead of a ConfigException", e);
    }
    return null;
  }

  /** The lines of {@code text} damaged {@code damages} times, each damage told in {@code done}. */
  private static List<String> damaged(String text, int damages, Random rnd, List<String> done) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    for (int i = 0; i < damages; i++) {
      done.add(damage(lines, rnd));
    }
    return lines;
  }

  /** Damages one line of {@code lines} as a person might; says what it did. */
  private static String damage(List<String> lines, Random rnd) {
    if (lines.isEmpty()) {
      lines.add(""); // cut short to nothing: damage the empty file
    }
    int at = rnd.nextInt(lines.size());
    String line = lines.get(at);
    switch (rnd.nextInt(8)) {
      case 0 -> {
        lines.remove(at);
        return "line " + (at + 1) + " deleted";
      }
      case 1 -> {
        lines.add(at, line);
        return "line " + (at + 1) + " doubled";
      }
      case 2 -> {
        int to = rnd.nextInt(lines.size());
        lines.set(at, lines.get(to));
        lines.set(to, line);
        return "lines " + (at + 1) + " and " + (to + 1) + " swapped";
      }
      case 3 -> {
        lines.set(at, rnd.nextBoolean() ? "  " + line : line.stripLeading());
        return "line " + (at + 1) + " indented anew";
      }
      case 4 -> {
        int cut = rnd.nextInt(line.length() + 1);
        lines.set(at, line.substring(0, cut));
        lines.subList(at + 1, lines.size()).clear();
        return "cut short at line " + (at + 1) + " column " + (cut + 1);
      }
      default -> {
        List<int[]> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(line);
        while (m.find()) {
          tokens.add(new int[] {m.start(), m.end()});
        }
        if (tokens.isEmpty()) {
          lines.set(at, VALUES[rnd.nextInt(VALUES.length)]);
          return "line " + (at + 1) + " replaced";
        }
        int[] t = tokens.get(rnd.nextInt(tokens.size()));
        String value = VALUES[rnd.nextInt(VALUES.length)];
        lines.set(at, line.substring(0, t[0]) + value + line.substring(t[1]));
        return "'" + line.substring(t[0], t[1]) + "' at line " + (at + 1) + " made '" + value + "'";
      }
    }
  }

  private static final String[] WORDS = {"country", "region", "industry", "employees", "icp", "source", "title",
      "email_domain", "account", "tier", "segment", "language", "territories", "skills", "team", "role", "capacity",
      "=", "!=", "<", "<=", ">", ">=", "IN", "NOT", "HAS", "CONTAINS", "STARTS", "WITH", "ENDS", "IS", "MISSING",
      "PRESENT", "AND", "OR", "(", ")", "[", "]", ",", "'US'", "'a'", "''", "'", "1000", "-5", "1e400", "0.5", "NaN",
      "true", "skills.healthcare", "attributes.x", ".", "\"x\"", "ö", "\\"};

  @Property(tries = 2000)
  void aJumbledExpressionCompilesOrIsRefusedWithAnExpressionError(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 9) int length) {
    Random rnd = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(i == 0 || rnd.nextInt(5) == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
    }
    String expression = sb.toString();
    for (boolean lead : new boolean[] {true, false}) {
      try {
        if (lead) {
          LeadCondition.parse(expression);
        } else {
          RepFilter.parse(expression);
        }
      } catch (ExpressionException e) {
        assertThat(e.getMessage()).as(expression).isNotBlank();
      } catch (RuntimeException e) {
        fail((lead ? "lead condition" : "rep filter") + " <" + expression + "> threw " + e
            + " instead of an ExpressionException", e);
      }
    }
  }
}
