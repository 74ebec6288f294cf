package io.smartrouting.config.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.smartrouting.config.ConfigError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A parsed configuration value that remembers where it was written: a map, a list or a scalar, with the line and
 * column of its first character. Built from Jackson's streaming parser (JSON, or YAML through its YAML format), which
 * reports token locations; Jackson's own tree model does not keep them. Not API.
 */
public final class Node {

  /** What a node holds. */
  public enum Kind { MAP, LIST, SCALAR }

  public final Kind kind;
  public final int line;
  public final int column;
  /** For a scalar: a String, Long, Double, Boolean or null. */
  public final @Nullable Object value;
  /** For a scalar: true if it was a string in the source (quoted or plain YAML text). */
  public final boolean text;
  private final Map<String, Node> entries;
  private final Map<String, Node> keys;
  private final List<Node> items;

  private Node(Kind kind, int line, int column, @Nullable Object value, boolean text, Map<String, Node> entries,
      Map<String, Node> keys, List<Node> items) {
    this.kind = kind;
    this.line = line;
    this.column = column;
    this.value = value;
    this.text = text;
    this.entries = entries;
    this.keys = keys;
    this.items = items;
  }

  /** A map's entries, in source order. */
  public Map<String, Node> entries() {
    return Collections.unmodifiableMap(entries);
  }

  /** Where a map's key was written (for errors about the key itself). */
  public @Nullable Node keyNode(String key) {
    return keys.get(key);
  }

  public @Nullable Node get(String key) {
    return entries.get(key);
  }

  /** A list's items. */
  public List<Node> items() {
    return Collections.unmodifiableList(items);
  }

  /** The value as the source wrote it, for error messages. */
  public String show() {
    switch (kind) {
      case MAP:
        return "a map";
      case LIST:
        return "a list";
      default:
        return value == null ? "null" : text ? "'" + value + "'" : String.valueOf(value);
    }
  }

  /**
   * Map {@code n} with the entries of map {@code defaults} it lacks (its own come first, then the defaults', in their
   * orders); where it was written stays {@code n}'s, and each entry keeps its own place.
   */
  public static Node withDefaults(Node n, Node defaults) {
    Map<String, Node> entries = new LinkedHashMap<>(n.entries);
    Map<String, Node> keys = new LinkedHashMap<>(n.keys);
    defaults.entries.forEach((k, v) -> {
      if (!entries.containsKey(k)) {
        entries.put(k, v);
        keys.put(k, defaults.keys.get(k));
      }
    });
    return new Node(n.kind, n.line, n.column, n.value, n.text, entries, keys, n.items);
  }

  /** Map {@code n} with text entry {@code key} set to {@code value}, written where {@code n} is. */
  public static Node withText(Node n, String key, String value) {
    Map<String, Node> entries = new LinkedHashMap<>(n.entries);
    Node scalar = new Node(Kind.SCALAR, n.line, n.column, value, true, Map.of(), Map.of(), List.of());
    entries.put(key, scalar);
    Map<String, Node> keys = new LinkedHashMap<>(n.keys);
    keys.put(key, scalar);
    return new Node(n.kind, n.line, n.column, n.value, n.text, entries, keys, n.items);
  }

  /** A copy of {@code n} (and everything in it) moved down {@code lines} lines: for one-object-per-line files. */
  public static Node shiftLines(Node n, int lines) {
    Map<String, Node> entries = new LinkedHashMap<>();
    n.entries.forEach((k, v) -> entries.put(k, shiftLines(v, lines)));
    Map<String, Node> keys = new LinkedHashMap<>();
    n.keys.forEach((k, v) -> keys.put(k, shiftLines(v, lines)));
    List<Node> items = new ArrayList<>();
    for (Node item : n.items) {
      items.add(shiftLines(item, lines));
    }
    return new Node(n.kind, n.line + lines, n.column, n.value, n.text, entries, keys, items);
  }

  /** The result of parsing a document: the root, or the syntax error that stopped it. */
  public record Parsed(@Nullable Node root, @Nullable ConfigError syntaxError) {}

  /** Parses {@code content} (YAML, or JSON when {@code json}); {@code file} names it in errors. */
  public static Parsed parse(String content, String file, boolean json) {
    JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
    List<ConfigError> duplicates = new ArrayList<>();
    try (JsonParser p = factory.createParser(content)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new Parsed(null, new ConfigError(file, 1, 1, "", "", "the document is empty"));
      }
      Node root = read(p, file, duplicates);
      if (!duplicates.isEmpty()) {
        return new Parsed(null, duplicates.get(0));
      }
      JsonToken after = p.nextToken();
      while (after == JsonToken.VALUE_NULL) {
        after = p.nextToken(); // an empty document, such as a closing '---' with nothing after it
      }
      if (after != null) {
        // A second YAML document after '---' (two files pasted into one), or JSON after the object: it was ignored.
        JsonLocation at = p.currentTokenLocation();
        return new Parsed(null, new ConfigError(file, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()), "",
            "", "more than one " + (json ? "JSON value" : "YAML document") + " (another starts here), where one is"
            + " read: the rest would be ignored"));
      }
      return new Parsed(root, null);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int line = at == null ? 1 : Math.max(1, at.getLineNr());
      int column = at == null ? 1 : Math.max(1, at.getColumnNr());
      // A character that cannot start a token (a tab that indents a line) is where the YAML parser's message marks
      // it ("line 3, column 1:", the last such mark); the location reported is the token before it, a line early.
      // For other errors that location, the end of the last good token (a flow map left open), is the better one.
      String message = e.getOriginalMessage();
      java.util.regex.Matcher mark = json || message == null || !message.contains("found character") ? null
          : PROBLEM_MARK.matcher(message);
      while (mark != null && mark.find()) {
        line = Integer.parseInt(mark.group(1));
        column = Integer.parseInt(mark.group(2));
      }
      return new Parsed(null, new ConfigError(file, line, column, "", "", "not valid " + (json ? "JSON" : "YAML")
          + ": " + summary(message)));
    } catch (IOException e) {
      return new Parsed(null, new ConfigError(file, 1, 1, "", "", "cannot read: " + e.getMessage()));
    }
  }

  /** Where the YAML parser's message says a problem is: {@code line 3, column 1:}. */
  private static final java.util.regex.Pattern PROBLEM_MARK =
      java.util.regex.Pattern.compile("line (\\d+), column (\\d+):");

  /** The parser's message without its quoted source excerpt: the lines that do not start with white space. */
  private static String summary(String message) {
    StringBuilder sb = new StringBuilder();
    for (String line : message.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || Character.isWhitespace(line.charAt(0)) || t.startsWith("^") || t.startsWith("at [Source")) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(t);
    }
    return sb.length() == 0 ? message.strip() : sb.toString();
  }

  private static Node read(JsonParser p, String file, List<ConfigError> errors) throws IOException {
    JsonLocation at = p.currentTokenLocation();
    int line = at.getLineNr();
    int col = at.getColumnNr();
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT: {
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, Node> keys = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          JsonLocation k = p.currentTokenLocation();
          Node keyNode = new Node(Kind.SCALAR, k.getLineNr(), k.getColumnNr(), key, true, Map.of(), Map.of(),
              List.of());
          p.nextToken();
          Node value = read(p, file, errors);
          if (entries.containsKey(key)) {
            errors.add(new ConfigError(file, keyNode.line, keyNode.column, key, "'" + key + "'",
                "duplicate key '" + key + "' (first at line " + keys.get(key).line + ")"));
          }
          entries.put(key, value);
          keys.put(key, keyNode);
        }
        return new Node(Kind.MAP, line, col, null, false, entries, keys, List.of());
      }
      case START_ARRAY: {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(p, file, errors));
        }
        return new Node(Kind.LIST, line, col, null, false, Map.of(), Map.of(), items);
      }
      case VALUE_STRING:
        return scalar(line, col, p.getText(), true);
      case VALUE_NUMBER_INT:
        return scalar(line, col, p.getLongValue(), false);
      case VALUE_NUMBER_FLOAT:
        return scalar(line, col, p.getDoubleValue(), false);
      case VALUE_TRUE:
        return scalar(line, col, Boolean.TRUE, false);
      case VALUE_FALSE:
        return scalar(line, col, Boolean.FALSE, false);
      default:
        return scalar(line, col, null, false);
    }
  }

  private static Node scalar(int line, int col, @Nullable Object value, boolean text) {
    return new Node(Kind.SCALAR, line, col, value, text, Map.of(), Map.of(), List.of());
  }
}
