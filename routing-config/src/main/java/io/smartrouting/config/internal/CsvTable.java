package io.smartrouting.config.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    public double number(String column, double defaultValue) {
      String v = get(column);
      if (v.isEmpty()) {
        return defaultValue;
      }
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw error(column, "must be a number but was '" + v + "'");
      }
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
  }

  private CsvTable() {}

  public static List<Row> read(String source, Reader reader) throws IOException {
    BufferedReader in = new BufferedReader(reader);
    String headerLine = in.readLine();
    if (headerLine == null) {
      throw new IllegalArgumentException(source + " is empty: expected a header row");
    }
    List<String> header = split(source, 1, headerLine.replace("\uFEFF", ""));
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
        fields.put(header.get(i).trim(), cells.get(i));
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
