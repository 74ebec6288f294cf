package io.smartrouting.config;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.config.internal.Binder;
import io.smartrouting.config.internal.CsvTable;
import io.smartrouting.config.internal.Node;
import io.smartrouting.core.StrategyRegistry;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads files of leads: CSV with a header ({@code id,email,company,website,country,region,industry,employees,arr,
 * language,source,title,icp,sales_qualified}; only {@code id} is required; header names are read trimmed and in lower
 * case, and any other column, or one named twice, fails the file rather than being ignored), or JSON (an array of lead objects, or one
 * object per line), whose keys are those of a scenario's {@code lead} in a routing configuration. Every problem
 * names the file and line (and, for JSON, the column and path). {@link #read} refuses a file with bad leads whole,
 * listing every one; {@link #readValid} keeps the good leads and lists the bad, for a CRM export that is mostly right.
 */
public final class LeadFiles {

  private LeadFiles() {}

  /** The columns a CSV file of leads may have. */
  static final Set<String> COLUMNS = Set.of("id", "email", "company", "website", "country", "region", "industry",
      "employees", "arr", "language", "source", "title", "icp", "sales_qualified");

  /** Bad leads listed in one error message at most; the rest are counted. */
  static final int LISTED = 20;

  /**
   * The good leads of a file and what was wrong with the others.
   *
   * @param leads the leads read, in file order
   * @param problems one line per bad lead (file, line, column or path, and what is wrong), in file order
   */
  public record Read(List<Lead> leads, List<String> problems) {
    /** Copies both lists. */
    public Read {
      leads = List.copyOf(leads);
      problems = List.copyOf(problems);
    }
  }

  /**
   * Reads {@code file}: JSON when its name ends in {@code .json} or {@code .jsonl} (or its content starts with
   * <code>[</code> or <code>{</code>), else CSV.
   *
   * @throws IllegalArgumentException naming the file, line and column of every bad value (CSV; the first
   *     {@value #LISTED} listed, the rest counted) or every bad value (JSON, as a {@link ConfigException})
   * @throws IOException if the file cannot be read
   */
  public static List<Lead> read(Path file) throws IOException {
    String content = Files.readString(file, StandardCharsets.UTF_8);
    String name = file.toString();
    if (isJson(name, content)) {
      return json(content, name);
    }
    return csv(new StringReader(content), name);
  }

  /**
   * Reads {@code file} as {@link #read} does, keeping the good leads and listing the bad ones instead of refusing the
   * file. A file that cannot be read as a table or a JSON document at all (a bad header, broken JSON) is still refused.
   *
   * @throws IllegalArgumentException if the file's header or structure is bad
   * @throws IOException if the file cannot be read
   */
  public static Read readValid(Path file) throws IOException {
    String content = Files.readString(file, StandardCharsets.UTF_8);
    String name = file.toString();
    if (!isJson(name, content)) {
      return csvRows(new StringReader(content), name);
    }
    List<ConfigError> errors = new ArrayList<>();
    List<Lead> leads = jsonLeads(content, name, errors);
    List<String> problems = new ArrayList<>();
    for (ConfigError err : errors) {
      problems.add(err.toString());
    }
    return new Read(leads, problems);
  }

  private static boolean isJson(String name, String content) {
    String lower = name.toLowerCase(Locale.ROOT);
    String start = content.stripLeading();
    return lower.endsWith(".json") || lower.endsWith(".jsonl") || start.startsWith("[") || start.startsWith("{");
  }

  /**
   * Reads CSV leads from {@code reader}; {@code source} names it in errors.
   *
   * @throws IllegalArgumentException naming the line and column of every bad value (the first {@value #LISTED}
   *     listed, the rest counted)
   */
  public static List<Lead> csv(Reader reader, String source) throws IOException {
    Read read = csvRows(reader, source);
    List<String> problems = read.problems();
    if (!problems.isEmpty()) {
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
    return read.leads();
  }

  private static Read csvRows(Reader reader, String source) throws IOException {
    List<Lead> leads = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (CsvTable.Row row : CsvTable.read(source, reader, COLUMNS)) {
      try {
        Lead.Builder b = Lead.builder(row.require("id")).email(blankToNull(row.get("email")))
            .companyName(blankToNull(row.get("company"))).website(blankToNull(row.get("website")))
            .country(blankToNull(row.get("country"))).region(blankToNull(row.get("region")))
            .industry(blankToNull(row.get("industry"))).language(blankToNull(row.get("language")))
            .title(blankToNull(row.get("title"))).salesQualified(row.bool("sales_qualified", false));
        if (!row.get("source").isEmpty()) {
          LeadSource leadSource = io.smartrouting.config.internal.Names.constant(LeadSource.class, row.get("source"));
          if (leadSource == null) {
            throw row.error("source", io.smartrouting.config.internal.Names.noConstant(LeadSource.class,
                row.get("source"), true));
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
        leads.add(b.build());
      } catch (IllegalArgumentException | NullPointerException e) {
        problems.add(row.located(e).getMessage());
      }
    }
    return new Read(leads, problems);
  }

  /**
   * Reads JSON leads: an array of objects, or one object per line.
   *
   * @throws ConfigException listing every bad value with its line, column and path
   */
  public static List<Lead> json(String content, String file) {
    List<ConfigError> errors = new ArrayList<>();
    List<Lead> leads = jsonLeads(content, file, errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors, content, "the leads");
    }
    return leads;
  }

  /**
   * The good leads of a JSON document, adding to {@code errors} what is wrong with the others (an item with an error
   * is left out; a syntax error in an array refuses the whole document).
   */
  private static List<Lead> jsonLeads(String content, String file, List<ConfigError> errors) {
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
    Binder binder = new Binder(file, content, StrategyRegistry.of());
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

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
