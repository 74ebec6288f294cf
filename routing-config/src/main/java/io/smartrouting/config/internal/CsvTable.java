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
 * A small CSV reader: a header row, comma-separated fields, fields in double quotes may hold commas and doubled
 * quotes. Errors name the source, the line and the column. Not API.
 */
public final class CsvTable {

  /** One data row with its line number. */
  public record Row(String source, int line, Map<String, String> fields) {

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
    public List<String> list(String column) {
      List<String> out = new ArrayList<>();
      for (String part : get(column).split(";")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }

    public int integer(String column, int defaultValue) {
      String v = get(column);
      if (v.isEmpty()) {
        return defaultValue;
      }
      try {
        return Integer.parseInt(v);
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
      if (!NUMBER_TEXT.matcher(v.trim()).matches()) {
        throw error(column, "must be a number but was '" + v + "'");
      }
      return Double.parseDouble(v.trim());
    }

    /** The column as an annual recurring revenue: a number of at least 0, rounded to whole units. */
    public long amount(String column) {
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
      if (v.equals("true") || v.equals("yes")) {
        return true;
      }
      if (v.equals("false") || v.equals("no")) {
        return false;
      }
      throw error(column, "must be true or false but was '" + get(column) + "'");
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
    BufferedReader in = new BufferedReader(reader);
    String headerLine = in.readLine();
    if (headerLine == null) {
      throw new IllegalArgumentException(source + " is empty: expected a header row");
    }
    List<String> header = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<String> cellsOfHeader = split(source, 1, headerLine.replace("\uFEFF", ""));
    for (int i = 0; i < cellsOfHeader.size(); i++) {
      String name = cellsOfHeader.get(i).trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty() && !columns.contains(name)) {
        String hint = Names.closest(name, columns);
        throw new IllegalArgumentException(source + " line 1: unknown column '" + cellsOfHeader.get(i).trim()
            + "' (column " + (i + 1) + ")" + (hint != null ? "; did you mean '" + hint + "'?" : "") + " Known: "
            + new TreeSet<>(columns));
      }
      if (!name.isEmpty() && !seen.add(name)) {
        throw new IllegalArgumentException(source + " line 1: column '" + name + "' appears twice (column "
            + (i + 1) + ")");
      }
      header.add(name);
    }
    List<Row> rows = new ArrayList<>();
    String line;
    int number = 1;
    while ((line = in.readLine()) != null) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> cells = split(source, number, line);
      if (cells.size() > header.size()) {
        throw new IllegalArgumentException(source + " line " + number + " has " + cells.size()
            + " fields but the header has " + header.size());
      }
      Map<String, String> fields = new HashMap<>();
      for (int i = 0; i < cells.size(); i++) {
        if (header.get(i).isEmpty()) {
          if (!cells.get(i).isBlank()) {
            throw new IllegalArgumentException(source + " line " + number + ": a value in column " + (i + 1)
                + ", which has no name in the header");
          }
          continue;
        }
        fields.put(header.get(i), cells.get(i));
      }
      rows.add(new Row(source, number, fields));
    }
    return rows;
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
