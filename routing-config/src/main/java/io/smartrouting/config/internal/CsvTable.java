package io.smartrouting.config.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small CSV reader: a header row, comma-separated fields, fields in double quotes may hold commas, doubled quotes
 * and line breaks (as CRM exports write notes and addresses). Errors name the source, the line and the column. Not
 * API.
 */
public final class CsvTable {

  /**
   * A table as read.
   *
   * @param rows the data rows
   * @param ignored header names that were neither a column nor an alias, left out as asked, in header order
   * @param columns the columns the header names (aliases read as their column), in header order
   */
  public record Table(List<Row> rows, List<String> ignored, List<String> columns) {
    /** True if the header names {@code column} (or one of its aliases). */
    public boolean has(String column) {
      return columns.contains(column);
    }
  }

  /** One data row with its line number. */
  public record Row(String source, int line, Map<String, String> fields) {

    /** This row with {@code defaults} (column to text) in its empty cells. */
    public Row withDefaults(Map<String, String> defaults) {
      if (defaults.isEmpty()) {
        return this;
      }
      Map<String, String> merged = new HashMap<>(fields);
      defaults.forEach((column, text) -> {
        if (get(column).isEmpty()) {
          merged.put(column, text);
        }
      });
      return new Row(source, line, merged);
    }

    /** The trimmed value of {@code column}, or "" when empty. */
    public String get(String column) {
      String v = fields.get(column);
      return v == null ? "" : v.trim();
    }

    /** The value of {@code column}, failing if it is empty. */
    public String require(String column) {
      String v = get(column);
      if (v.isEmpty()) {
        throw error(column, "is required");
      }
      return v;
    }

    /** Semicolon-separated values of {@code column}. */
    /**
     * The column as a list of codes (territories, languages, segments, domains), none of which holds a comma: entries
     * separated by {@code ;} or by {@code ,}, as a quoted cell of a spreadsheet lists them ({@code "US-CA, US-OR"}).
     */
    public List<String> codes(String column) {
      return entries(column, "[;,]");
    }

    /** The column as a list: entries separated by {@code ;}, trimmed, blank ones left out. */
    public List<String> list(String column) {
      return entries(column, ";");
    }

    private List<String> entries(String column, String separator) {
      List<String> out = new ArrayList<>();
      for (String part : get(column).split(separator)) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }

    /** The column as a whole number; thousands may be grouped with commas ({@code 1,200}), as CRMs export them. */
    public int integer(String column, int defaultValue) {
      String v = get(column);
      if (v.isEmpty()) {
        return defaultValue;
      }
      try {
        return Integer.parseInt(ungrouped(v));
      } catch (NumberFormatException e) {
        throw error(column, "must be a whole number but was '" + v + "'");
      }
    }

    /**
     * The column as a plain decimal number ({@code 12}, {@code 0.5}, {@code 1e3}); NaN, infinity and hexadecimal are
     * errors (Java would read them, and an ARR of NaN became 0 without a word).
     */
    public double number(String column, double defaultValue) {
      String v = get(column);
      if (v.isEmpty()) {
        return defaultValue;
      }
      String plain = ungrouped(v.trim());
      if (!NUMBER_TEXT.matcher(plain).matches()) {
        throw error(column, "must be a number but was '" + v + "'");
      }
      return Double.parseDouble(plain);
    }

    /** The column as an annual recurring revenue: a number of at least 0, rounded to whole units. */
    public long amount(String column) {
      if (dotGrouped(get(column))) {
        throw error(column, ambiguousAmount(get(column)));
      }
      double v = number(column, 0);
      if (v < 0 || v >= 9.2e18) {
        throw error(column, "must be from 0 to 9.2e18 but was '" + get(column) + "'");
      }
      return Math.round(v);
    }

    public boolean bool(String column, boolean defaultValue) {
      String v = get(column).toLowerCase(Locale.ROOT);
      if (v.isEmpty()) {
        return defaultValue;
      }
      Boolean b = checkbox(v);
      if (b == null) {
        throw error(column, "must be true or false (or yes/no, y/n, 1/0) but was '" + get(column) + "'");
      }
      return b;
    }

    public IllegalArgumentException error(String column, String problem) {
      return new IllegalArgumentException(source + " line " + line + ": column '" + column + "' " + problem);
    }

    /** {@code e} as an error of this row: its message behind the file and line, unless it already has them. */
    public IllegalArgumentException located(RuntimeException e) {
      String where = source + " line " + line + ": ";
      String message = String.valueOf(e.getMessage());
      return e instanceof IllegalArgumentException iae && message.startsWith(where) ? iae
          : new IllegalArgumentException(where + message, e);
    }
  }

  /** A plain decimal number as text ({@code 0.25}, {@code 1e3}, {@code -4}); no hexadecimal, NaN or infinity. */
  public static final java.util.regex.Pattern NUMBER_TEXT =
      java.util.regex.Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d{1,3})?");

  /** Thousands grouped with commas: {@code 1,200}, {@code 50,000.00}, {@code -12,345,678}. */
  private static final java.util.regex.Pattern GROUPED =
      java.util.regex.Pattern.compile("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");

  /**
   * {@code text} without the commas that group its thousands ({@code 1,200} is {@code 1200}), as CRMs and spreadsheets
   * export numbers; any other text as it is (so {@code 1,2} stays an error rather than becoming 12).
   */
  public static String ungrouped(String text) {
    String t = text.trim();
    return GROUPED.matcher(t).matches() ? t.replace(",", "") : t;
  }

  /** Thousands grouped with dots and nothing after: {@code 50.000}, {@code 1.250.000}. */
  private static final java.util.regex.Pattern DOT_GROUPED =
      java.util.regex.Pattern.compile("[-+]?\\d{1,3}(\\.\\d{3})+");

  /**
   * True if {@code text} could be thousands grouped with dots, as some locales write them ({@code 50.000}): as an
   * amount it is ambiguous (fifty, or fifty thousand), so it is refused rather than read as 50.
   */
  public static boolean dotGrouped(String text) {
    return DOT_GROUPED.matcher(text.trim()).matches();
  }

  /** The error for an amount {@link #dotGrouped} makes ambiguous. */
  public static String ambiguousAmount(String text) {
    String t = text.trim();
    return "'" + t + "' is ambiguous (a decimal point, or thousands grouped with dots): write it without grouping ("
        + t.replace(".", "") + ")";
  }

  private CsvTable() {}

  /**
   * Reads a table whose header may name only {@code columns} (compared trimmed and in lower case, so {@code Country}
   * is {@code country}). A column the reader does not know is an error, not ignored: a misspelt header ({@code
   * countri}, {@code capcity}) would otherwise drop that column's values from every row without a word. So is a
   * column named twice. A column with an empty name is allowed only if its cells are empty (a trailing comma).
   *
   * @throws IllegalArgumentException naming the source, line and column of the first problem
   */
  public static List<Row> read(String source, Reader reader, Set<String> columns) throws IOException {
    return read(source, reader, columns, Map.of(), false).rows();
  }

  /**
   * As {@link #read(String, Reader, Set)}, where a header may also name a column by one of {@code aliases} (keys as
   * {@link #headerKey} puts them: {@code State/Province} is {@code state province}), and with {@code ignoreOthers}
   * a header that names no column is left out and listed rather than refused, unless it is spelt like a column or
   * an alias (a misspelt {@code contry} is still an error).
   */
  /**
   * A yes-or-no value as CRM exports write a checkbox, lower case and trimmed: true/false, yes/no, y/n, 1/0; null if
   * it is none of them. For lead files' CSV cells and JSON values alike.
   */
  public static @org.jspecify.annotations.Nullable Boolean checkbox(String v) {
    switch (v) {
      case "true", "yes", "y", "1":
        return Boolean.TRUE;
      case "false", "no", "n", "0":
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  public static Table read(String source, Reader reader, Set<String> columns, Map<String, String> aliases,
      boolean ignoreOthers) throws IOException {
    BufferedReader in = new BufferedReader(reader);
    String headerLine = in.readLine();
    if (headerLine == null) {
      throw new IllegalArgumentException(source + " is empty: expected a header row");
    }
    List<String> header = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Set<String> spellings = new TreeSet<>(columns);
    spellings.addAll(aliases.keySet());
    List<String> cellsOfHeader = split(source, 1, headerLine.replace("\uFEFF", ""));
    if (cellsOfHeader.size() == 1) {
      // One column whose name holds another separator: a file saved with semicolons (Excel in many locales) or
      // tabs, which would otherwise be reported as one unknown column named after the whole header.
      String only = cellsOfHeader.get(0);
      String other = only.indexOf(';') >= 0 ? "semicolons" : only.indexOf('\t') >= 0 ? "tabs" : null;
      if (other != null) {
        throw new IllegalArgumentException(source + " line 1: the header is one column ('" + only.trim() + "'): the"
            + " file looks separated by " + other + " (as spreadsheets save CSV in some locales); save it separated"
            + " by commas (';' separates the entries of a list inside a cell)");
      }
    }
    for (int i = 0; i < cellsOfHeader.size(); i++) {
      String written = cellsOfHeader.get(i).trim();
      String name = written.toLowerCase(Locale.ROOT);
      if (!name.isEmpty() && !columns.contains(name)) {
        String alias = aliases.get(headerKey(written));
        if (alias != null) {
          name = alias;
        } else {
          String hint = Names.closest(name, spellings);
          if (ignoreOthers && hint == null) {
            ignored.add(written);
            header.add("");
            continue;
          }
          throw new IllegalArgumentException(source + " line 1: unknown column '" + written + "' (column " + (i + 1)
              + ")" + (hint != null ? "; did you mean '" + aliases.getOrDefault(hint, hint) + "'?" : "") + " Known: "
              + new TreeSet<>(columns));
        }
      }
      if (!name.isEmpty() && !seen.add(name)) {
        throw new IllegalArgumentException(source + " line 1: column '" + name + "' appears twice (column "
            + (i + 1) + (written.equalsIgnoreCase(name) ? "" : ", as '" + written + "'") + ")");
      }
      header.add(name);
    }
    Set<Integer> skipped = new HashSet<>();
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).isEmpty() && !cellsOfHeader.get(i).isBlank()) {
        skipped.add(i);
      }
    }
    List<Row> rows = new ArrayList<>();
    String line;
    int number = 1;
    while ((line = in.readLine()) != null) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int first = number;
      // A quoted field may hold line breaks: read on until the quotes close.
      while (openQuote(line)) {
        String more = in.readLine();
        if (more == null) {
          break; // split reports the unclosed quote
        }
        number++;
        line = line + "\n" + more;
      }
      List<String> cells = split(source, first, line);
      if (cells.size() > header.size()) {
        throw new IllegalArgumentException(source + " line " + first + " has " + cells.size()
            + " fields but the header has " + header.size());
      }
      Map<String, String> fields = new HashMap<>();
      for (int i = 0; i < cells.size(); i++) {
        if (skipped.contains(i)) {
          continue;
        }
        if (header.get(i).isEmpty()) {
          if (!cells.get(i).isBlank()) {
            throw new IllegalArgumentException(source + " line " + first + ": a value in column " + (i + 1)
                + ", which has no name in the header");
          }
          continue;
        }
        fields.put(header.get(i), cells.get(i));
      }
      rows.add(new Row(source, first, fields));
    }
    List<String> named = new ArrayList<>();
    for (String h : header) {
      if (!h.isEmpty()) {
        named.add(h);
      }
    }
    return new Table(rows, ignored, named);
  }

  /** A header name as aliases are keyed: lower case, every run of other characters than letters and digits a space. */
  public static String headerKey(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
  }

  /** True if {@code line} ends inside a quoted field (an odd number of quotes: doubled ones count twice). */
  private static boolean openQuote(String line) {
    int quotes = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '"') {
        quotes++;
      }
    }
    return (quotes & 1) == 1;
  }

  private static List<String> split(String source, int number, String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException(source + " line " + number + " has an unclosed quote");
    }
    out.add(cell.toString());
    return out;
  }
}
