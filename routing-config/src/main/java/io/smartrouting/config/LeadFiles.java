package io.smartrouting.config;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.config.internal.Binder;
import io.smartrouting.config.internal.CsvTable;
import io.smartrouting.config.internal.LeadColumns;
import io.smartrouting.config.internal.Node;
import io.smartrouting.config.internal.OpenLeads;
import io.smartrouting.core.StrategyRegistry;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads files of leads: CSV with a header ({@code id,email,company,website,country,region,industry,employees,arr,
 * language,source,title,icp,sales_qualified}; only {@code id} is required; header names are read trimmed and in lower
 * case, names CRM exports use such as {@code State/Province} or {@code No. of Employees} are read as the field they
 * name, and any other column, or one named twice, fails the file rather than being ignored unless asked; quoted
 * fields may hold line breaks), or JSON (an array of lead objects, or one object per line), whose keys are those of a
 * scenario's {@code lead} in a routing configuration. Every problem names the file and line (and, for JSON, the
 * column and path). {@link #read} refuses a file with bad leads whole, listing every one; {@link #readValid} keeps the
 * good leads and lists the bad, for a CRM export that is mostly right.
 */
public final class LeadFiles {

  private LeadFiles() {}

  /** The columns a CSV file of leads may have. */
  static final Set<String> COLUMNS = LeadColumns.COLUMNS;

  /** Bad leads listed in one error message (or one report of skipped leads) at most; the rest are counted. */
  public static final int LISTED = 20;

  /**
   * The good leads of a file and what was wrong with the others.
   *
   * @param leads the leads read, in file order
   * @param problems one line per bad lead (file, line, column or path, and what is wrong), in file order
   * @param ignoredColumns CSV header names left out because they name no lead field (see {@link #readValid(Path,
   *     boolean, RoutingConfig)}), in header order
   */
  public record Read(List<Lead> leads, List<String> problems, List<String> ignoredColumns) {
    /**
     * Copies the lists.
     *
     * @param leads the leads read, in file order
     * @param problems one line per bad lead (file, line, column or path, and what is wrong), in file order
     * @param ignoredColumns CSV header names left out because they name no lead field (see {@link #readValid(Path,
     *     boolean, RoutingConfig)}), in header order
     */
    public Read {
      leads = List.copyOf(leads);
      problems = List.copyOf(problems);
      ignoredColumns = List.copyOf(ignoredColumns);
    }

    /**
     * The leads, if none was bad.
     *
     * @return the leads
     * @param source the file, named in the message
     * @throws IllegalArgumentException listing every bad lead (the first {@value #LISTED}, the rest counted)
     */
    public List<Lead> leadsIfAllGood(String source) {
      if (problems.isEmpty()) {
        return leads;
      }
      StringBuilder msg = new StringBuilder(problems.get(0));
      for (int i = 1; i < Math.min(LISTED, problems.size()); i++) {
        msg.append('\n').append(problems.get(i));
      }
      if (problems.size() > LISTED) {
        msg.append("\n... and ").append(problems.size() - LISTED).append(" more bad lead(s)");
      }
      if (problems.size() > 1) {
        msg.insert(0, problems.size() + " bad lead(s) in " + source + ":\n");
      }
      throw new IllegalArgumentException(msg.toString());
    }
  }

  /**
   * Reads {@code file}: JSON when its name ends in {@code .json} or {@code .jsonl} (or its content starts with
   * <code>[</code> or <code>{</code>), else CSV.
   *
   * @param file the file
   * @return the leads
   * @throws IllegalArgumentException naming the file, line and column of every bad value (CSV; the first
   *     {@value #LISTED} listed, the rest counted) or every bad value (JSON, as a {@link ConfigException})
   * @throws IOException if the file cannot be read
   */
  public static List<Lead> read(Path file) throws IOException {
    return read(file, java.util.Map.of());
  }

  /**
   * As {@link #read(Path)}, reading leads' sources through {@code config}'s {@code lead_sources}
   * ({@link RoutingConfig#leadSource}), so that a CRM's own values ({@code Webinar}) read as the source they stand
   * for.
   *
   * @param file the file
   * @param config the configuration whose lead sources apply
   * @return the leads
   * @throws IllegalArgumentException naming every bad value (for JSON, a {@link ConfigException})
   * @throws IOException if the file cannot be read
   */
  public static List<Lead> read(Path file, RoutingConfig config) throws IOException {
    return read(file, config.leadSources());
  }

  private static List<Lead> read(Path file, java.util.Map<String, LeadSource> sources) throws IOException {
    String content = Files.readString(file, StandardCharsets.UTF_8);
    String name = file.toString();
    if (isJson(name, content)) {
      return json(content, name, sources); // every error with its line, column and a caret
    }
    return csvRows(new StringReader(content), name, false, sources).leadsIfAllGood(name);
  }

  /**
   * Reads {@code file} as {@link #read} does, keeping the good leads and listing the bad ones instead of refusing the
   * file. A file that cannot be read as a table or a JSON document at all (a bad header, a JSON array that does not
   * parse) is still refused; in JSON lines, a line that does not parse is one bad lead, listed.
   *
   * @param file the file
   * @return the good leads and the problems
   * @throws IllegalArgumentException if the file's header or structure is bad
   * @throws IOException if the file cannot be read
   */
  public static Read readValid(Path file) throws IOException {
    return readValid(file, false, null);
  }

  /**
   * As {@link #readValid(Path)}; with {@code ignoreOtherColumns}, a CSV header that names no lead field (a CRM
   * export's {@code First Name}, {@code Phone}) is left out and listed in {@link Read#ignoredColumns()} instead of
   * refusing the file, unless it is spelt like a field ({@code contry} is still an error). Header names CRMs use for
   * the fields ({@code State/Province}, {@code No. of Employees}, {@code Lead Source}) are read as those fields
   * either way.
   *
   * @param file the file
   * @param ignoreOtherColumns whether to leave out columns that name no lead field
   * @return the good leads, the problems and the columns left out
   * @param config whose {@code lead_sources} the leads' sources are read through, or null
   * @throws IllegalArgumentException if the file's header or structure is bad
   * @throws IOException if the file cannot be read
   */
  public static Read readValid(Path file, boolean ignoreOtherColumns, @org.jspecify.annotations.Nullable
      RoutingConfig config) throws IOException {
    String content = Files.readString(file, StandardCharsets.UTF_8);
    String name = file.toString();
    java.util.Map<String, LeadSource> sources = config == null ? java.util.Map.of() : config.leadSources();
    if (!isJson(name, content)) {
      return csvRows(new StringReader(content), name, ignoreOtherColumns, sources);
    }
    List<ConfigError> errors = new ArrayList<>();
    List<Lead> leads = jsonLeads(content, name, errors, sources);
    List<String> problems = new ArrayList<>();
    for (ConfigError err : errors) {
      problems.add(err.toString());
    }
    return new Read(leads, problems, List.of());
  }

  private static boolean isJson(String name, String content) {
    String lower = name.toLowerCase(Locale.ROOT);
    String start = content.stripLeading();
    return lower.endsWith(".json") || lower.endsWith(".jsonl") || start.startsWith("[") || start.startsWith("{");
  }

  /**
   * Reads CSV leads from {@code reader}; {@code source} names it in errors.
   *
   * @param reader the CSV text
   * @param source its name, for errors
   * @return the leads
   * @throws IOException if the reader fails
   * @throws IllegalArgumentException naming the line and column of every bad value (the first {@value #LISTED}
   *     listed, the rest counted)
   */
  public static List<Lead> csv(Reader reader, String source) throws IOException {
    return csvRows(reader, source, false, java.util.Map.of()).leadsIfAllGood(source);
  }

  private static Read csvRows(Reader reader, String source, boolean ignoreOthers,
      java.util.Map<String, LeadSource> sources) throws IOException {
    List<Lead> leads = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    CsvTable.Table table = CsvTable.read(source, reader, COLUMNS, LeadColumns.CRM_NAMES, ignoreOthers);
    for (CsvTable.Row row : table.rows()) {
      try {
        leads.add(leadOf(row, sources));
      } catch (IllegalArgumentException | NullPointerException e) {
        problems.add(row.located(e).getMessage());
      }
    }
    return new Read(leads, problems, table.ignored());
  }

  /** The lead of one CSV row. */
  private static Lead leadOf(CsvTable.Row row, java.util.Map<String, LeadSource> sources) {
    Lead.Builder b = Lead.builder(row.require("id")).email(blankToNull(row.get("email")))
        .companyName(blankToNull(row.get("company"))).website(blankToNull(row.get("website")))
        .country(blankToNull(row.get("country"))).region(blankToNull(row.get("region")))
        .postalCode(blankToNull(row.get("postal_code")))
        .industry(blankToNull(row.get("industry"))).language(blankToNull(row.get("language")))
        .title(blankToNull(row.get("title"))).salesQualified(row.bool("sales_qualified", false));
    if (!row.get("source").isEmpty()) {
      String written = row.get("source");
      LeadSource leadSource = Binder.leadSource(written, sources);
      if (leadSource == null) {
        throw row.error("source", Binder.unknownSource(written, sources, true));
      }
      b.source(leadSource);
    }
    if (!row.get("employees").isEmpty()) {
      b.employees(row.integer("employees", 0));
    }
    if (!row.get("arr").isEmpty()) {
      b.annualRecurringRevenue(row.amount("arr"));
    }
    if (!row.get("icp").isEmpty()) {
      b.icpScore(row.integer("icp", 0));
    }
    return b.build();
  }

  /**
   * Reads JSON leads: an array of objects, or one object per line.
   *
   * @param content the JSON text
   * @param file its name, for errors
   * @return the leads
   * @throws ConfigException listing every bad value with its line, column and path
   */
  public static List<Lead> json(String content, String file) {
    return json(content, file, java.util.Map.of());
  }

  /**
   * As {@link #json(String, String)}, reading leads' sources through {@code config}'s {@code lead_sources}.
   *
   * @param content the JSON text
   * @param file its name, for errors
   * @param config the configuration whose lead sources apply
   * @return the leads
   * @throws ConfigException listing every bad value with its line, column and path
   */
  public static List<Lead> json(String content, String file, RoutingConfig config) {
    return json(content, file, config.leadSources());
  }

  private static List<Lead> json(String content, String file, java.util.Map<String, LeadSource> sources) {
    List<ConfigError> errors = new ArrayList<>();
    List<Lead> leads = jsonLeads(content, file, errors, sources);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors, content, "the leads");
    }
    return leads;
  }

  /**
   * The good leads of a JSON document, adding to {@code errors} what is wrong with the others (an item with an error
   * is left out; a syntax error in an array refuses the whole document).
   */
  private static List<Lead> jsonLeads(String content, String file, List<ConfigError> errors,
      java.util.Map<String, LeadSource> sources) {
    List<Node> items = jsonItems(content, file, errors);
    Binder binder = new Binder(file, content, StrategyRegistry.of()).leadSources(sources);
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Lead lead = binder.lead(items.get(i), "[" + i + "]", "lead-" + (i + 1));
      if (lead != null) {
        leads.add(lead);
      }
    }
    errors.addAll(binder.errors());
    return leads;
  }

  /** The items of a JSON document: an array's, or one a line; a line that does not parse is an error. */
  private static List<Node> jsonItems(String content, String file, List<ConfigError> errors) {
    List<Node> items = new ArrayList<>();
    String trimmed = content.stripLeading();
    if (trimmed.startsWith("[")) {
      Node.Parsed parsed = Node.parse(content, file, true);
      if (parsed.syntaxError() != null) {
        throw new ConfigException(List.of(parsed.syntaxError()), content, "the leads");
      }
      items.addAll(parsed.root().items());
    } else {
      String[] lines = content.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].isBlank()) {
          continue;
        }
        Node.Parsed parsed = Node.parse(lines[i], file, true);
        if (parsed.syntaxError() != null) {
          ConfigError e = parsed.syntaxError();
          errors.add(new ConfigError(file, i + 1, e.column(), e.path(), e.value(), e.message()));
        } else {
          items.add(Node.shiftLines(parsed.root(), i));
        }
      }
    }
    return items;
  }

  /**
   * Reads a file of open leads: leads already open outside the router, as a CRM holds them, to be taken up with
   * {@link io.smartrouting.core.Router#adopt} before routing (the CLI's {@code --open}). Each row (CSV) or object
   * (JSON) is a lead, with the columns or keys {@link #read} reads, and where it stands:
   * <ul>
   *   <li>{@code rep}, the id of the rep holding it (a CRM's {@code Lead Owner}, {@code Assigned To}), or
   *       {@code queue}, the queue it waits in: exactly one; a rep must be in {@code config}'s reps;</li>
   *   <li>{@code since}: when it was given to its rep or put in its queue ({@code Assigned At}), an instant such as
   *       {@code 2026-12-01T09:30:00Z} or with an offset; a time without a zone is refused;</li>
   *   <li>{@code contacted_at} (optional): its rep's first contact ({@code First Contacted});</li>
   *   <li>{@code first_contact_deadline} (optional, default true): false to take it up without a first-contact
   *       deadline (a backlog whose deadlines passed long ago, which should not all escalate at once);</li>
   *   <li>its SLA history, optional ({@link io.smartrouting.core.ExistingLead#withHistory}): {@code first_routed_at}
   *       (an instant, not after {@code since}), {@code missed_deadlines} (a whole number) and {@code earlier_holders}
   *       (rep ids, oldest first: separated by {@code ;} in CSV, a list in JSON).</li>
   * </ul>
   * A file with a bad row, or with one lead twice, is refused with every problem listed (file and line; for JSON
   * also column and path).
   *
   * @param file the file (CSV with a header, or JSON as {@link #read} takes it)
   * @param ignoreOtherColumns whether to leave out CSV columns that name no field (see {@link #readValid(Path,
   *     boolean, RoutingConfig)})
   * @param config the configuration the leads will be adopted by: its reps and lead sources
   * @return the open leads, in file order
   * @throws IllegalArgumentException listing every bad row (for JSON, a {@link ConfigException})
   * @throws IOException if the file cannot be read
   */
  public static List<io.smartrouting.core.ExistingLead> readOpen(Path file, boolean ignoreOtherColumns,
      RoutingConfig config) throws IOException {
    java.util.Objects.requireNonNull(config, "config must not be null");
    String content = Files.readString(file, StandardCharsets.UTF_8);
    String name = file.toString();
    Set<String> repIds = new java.util.LinkedHashSet<>();
    config.reps().forEach(r -> repIds.add(r.id()));
    List<io.smartrouting.core.ExistingLead> open = new ArrayList<>();
    java.util.Map<String, Integer> lineOf = new java.util.HashMap<>();
    if (isJson(name, content)) {
      List<ConfigError> errors = new ArrayList<>();
      List<Node> items = jsonItems(content, name, errors);
      Binder binder = new Binder(name, content, StrategyRegistry.of()).leadSources(config.leadSources());
      List<ConfigError> twice = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        io.smartrouting.core.ExistingLead e = binder.openLead(items.get(i), "[" + i + "]", "lead-" + (i + 1), repIds);
        if (e != null) {
          Integer first = lineOf.putIfAbsent(e.lead().id(), items.get(i).line);
          if (first != null) {
            Node idNode = items.get(i).get("id");
            twice.add(new ConfigError(name, items.get(i).line, items.get(i).column, "[" + i + "].id",
                idNode != null ? idNode.show() : e.lead().id(), twiceMessage(e.lead().id(), first)));
          }
          open.add(e);
        }
      }
      errors.addAll(binder.errors());
      errors.addAll(twice);
      if (!errors.isEmpty()) {
        throw new ConfigException(errors, content, "the open leads");
      }
      return open;
    }
    Set<String> columns = new java.util.HashSet<>(COLUMNS);
    columns.addAll(OpenLeads.COLUMNS);
    java.util.Map<String, String> names = new java.util.HashMap<>(LeadColumns.CRM_NAMES);
    names.putAll(OpenLeads.CRM_NAMES);
    CsvTable.Table table = CsvTable.read(name, new StringReader(content), columns, names, ignoreOtherColumns);
    if (!table.rows().isEmpty() && !table.has("rep") && !table.has("queue")) {
      // A file of new leads given where the open ones belong: one problem, not the same one for every row.
      throw new IllegalArgumentException(name + " has neither a 'rep' nor a 'queue' column, so it lists no open lead: "
          + OpenLeads.NO_PLACE + ", and 'since' (when it got there)");
    }
    List<String> problems = new ArrayList<>();
    for (CsvTable.Row row : table.rows()) {
      try {
        io.smartrouting.core.ExistingLead e = openLeadOf(row, config.leadSources(), repIds);
        Integer first = lineOf.putIfAbsent(e.lead().id(), row.line());
        if (first != null) {
          throw row.error("id", twiceMessage(e.lead().id(), first));
        }
        open.add(e);
      } catch (IllegalArgumentException | NullPointerException e) {
        problems.add(row.located(e).getMessage());
      }
    }
    new Read(List.of(), problems, List.of()).leadsIfAllGood(name);
    return open;
  }

  private static String twiceMessage(String id, int firstLine) {
    return "lead '" + id + "' is open twice (first on line " + firstLine + "): a lead is held by one rep or waits in"
        + " one queue";
  }

  /** The instant in {@code column} of {@code row} ({@link OpenLeads#instant}), or null when it is empty. */
  private static @org.jspecify.annotations.Nullable Instant instantOf(CsvTable.Row row, String column) {
    if (row.get(column).isEmpty()) {
      return null;
    }
    try {
      return OpenLeads.instant(row.get(column));
    } catch (IllegalArgumentException e) {
      throw row.error(column, e.getMessage());
    }
  }

  /** The open lead of one CSV row of a file of open leads. */
  private static io.smartrouting.core.ExistingLead openLeadOf(CsvTable.Row row,
      java.util.Map<String, LeadSource> sources, Set<String> repIds) {
    Lead lead = leadOf(row, sources);
    String rep = blankToNull(row.get("rep"));
    String queue = blankToNull(row.get("queue"));
    if (rep == null && queue == null) {
      throw row.error("rep", "is empty, and so is 'queue': " + OpenLeads.NO_PLACE);
    }
    if (rep != null && queue != null) {
      throw row.error("queue", "is '" + queue + "' but 'rep' is '" + rep + "': an open lead is held by a rep or"
          + " waits in a queue, not both");
    }
    if (rep != null && !repIds.contains(rep)) {
      throw row.error("rep", "'" + rep + "': " + OpenLeads.notOnRoster(rep, repIds));
    }
    if (row.get("since").isEmpty()) {
      throw row.error("since", "is required: " + OpenLeads.SINCE);
    }
    Instant since = java.util.Objects.requireNonNull(instantOf(row, "since"));
    Instant contactedAt = instantOf(row, "contacted_at");
    if (queue != null && contactedAt != null) {
      throw row.error("contacted_at", "is set, but the lead waits in queue '" + queue + "': only a rep holding a"
          + " lead contacts it");
    }
    Instant firstRoutedAt = instantOf(row, "first_routed_at");
    int missed = row.integer("missed_deadlines", 0);
    if (missed < 0) {
      throw row.error("missed_deadlines", "must be 0 or more but was " + missed);
    }
    return new io.smartrouting.core.ExistingLead(lead, rep, queue, since, contactedAt,
        row.bool("first_contact_deadline", true), firstRoutedAt, missed, row.list("earlier_holders"));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
