package io.smartrouting.core.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Parses and type-checks one expression against a table of fields, and compiles it into a tree of small predicates
 * whose field accessors are resolved once, at compile time. Grammar (keywords in any case):
 *
 * <pre>
 * expr    := and ('OR' and)*
 * and     := unary ('AND' unary)*
 * unary   := 'NOT' unary | '(' expr ')' | compare
 * compare := field ( ('=' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') value
 *                  | 'NOT'? 'IN' list | 'HAS' (string | list) | 'NOT'? text-op (string | list)
 *                  | 'IS' ('MISSING' | 'PRESENT') )
 * text-op := 'CONTAINS' | 'STARTS' 'WITH' | 'ENDS' 'WITH'
 * value   := string | number | 'TRUE' | 'FALSE'
 * list    := '[' value (',' value)* ']'
 * </pre>
 *
 * Strings are quoted with {@code '} or {@code "}; text comparisons ignore case. A text operator with a list holds
 * when the text contains (starts with, ends with) any of its strings, and with {@code NOT} when it does none of them.
 * A missing value makes every comparison false, negated ones too ({@code IS MISSING} tests for it). Not API.
 */
final class Compiler<T> {

  /** What a field holds, which decides the operators it takes. */
  enum Type { TEXT, NUMBER, BOOLEAN, SET }

  /**
   * A field: its type, how to read it from a subject (null when the subject has no value), and how a string compared
   * with it is put in the form the field's values have (null: as written), so that {@code languages HAS 'English'}
   * means {@code en} as a rep's languages do; a string it refuses is an error at the string's column. A number field
   * may know the whole numbers its values lie among ({@code range}: lowest, highest), so that a comparison no value
   * can satisfy ({@code tier = 4}, {@code icp > 100}) is an error rather than a step that never runs; likewise a text
   * field may hold only the names of {@code values} (a lead's source or segment, a rep's role), so that a string that
   * names none of them is an error, and one written as people write it ({@code 'Demo Request'}) is read as its name.
   */
  record Field<T>(Type type, Function<T, @Nullable Object> read,
      java.util.function.@Nullable UnaryOperator<String> literal, long @Nullable [] range,
      @Nullable List<String> values) {
    Field(Type type, Function<T, @Nullable Object> read) {
      this(type, read, null, null, null);
    }

    /** This field with {@code literal} putting compared strings in form. */
    Field<T> normalising(java.util.function.UnaryOperator<String> literal) {
      return new Field<>(type, read, literal, range, values);
    }

    /** This number field, whose values are whole numbers from {@code lowest} to {@code highest}. */
    Field<T> wholeNumbers(long lowest, long highest) {
      return new Field<>(type, read, literal, new long[] {lowest, highest}, values);
    }

    /** This field, whose values (or members) are the names of {@code constants} only. */
    Field<T> oneOf(Enum<?>[] constants) {
      List<String> names = new java.util.ArrayList<>();
      for (Enum<?> c : constants) {
        names.add(c.name());
      }
      return new Field<>(type, read, literal, range, List.copyOf(names));
    }
  }

  /** The compiled form. */
  interface Node<T> {
    boolean test(T subject);
  }

  private final String what;
  private final Map<String, Field<T>> fields;
  private final Map<String, Function<String, Field<T>>> prefixed;
  private final String text;
  private final List<Token> tokens;
  private int pos;
  /** The strings each text field is compared with by =, != or IN, as read (codes in their form), by field name. */
  private final Map<String, Set<String>> compared = new java.util.TreeMap<>();

  Compiler(String what, Map<String, Field<T>> fields, Map<String, Function<String, Field<T>>> prefixed,
      String text) {
    this.what = what;
    this.fields = fields;
    this.prefixed = prefixed;
    this.text = text;
    this.tokens = tokenize(text);
  }

  /** {@link #compared}, after {@link #compile}: immutable. */
  Map<String, Set<String>> compared() {
    Map<String, Set<String>> out = new java.util.TreeMap<>();
    compared.forEach((field, values) -> out.put(field,
        java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(values))));
    return java.util.Collections.unmodifiableMap(out);
  }

  private void compared(Token name, String value) {
    compared.computeIfAbsent(name.text.toLowerCase(Locale.ROOT), k -> new java.util.LinkedHashSet<>()).add(value);
  }

  Node<T> compile() {
    if (tokens.size() == 1) {
      throw error(1, "the " + what + " expression is empty");
    }
    Node<T> n = or();
    Token t = peek();
    if (t.kind != Kind.END) {
      throw error(t.column, "unexpected '" + t.text + "' after a complete condition (missing AND or OR?)");
    }
    return n;
  }

  // ---- parser

  private Node<T> or() {
    Node<T> left = and();
    while (keyword("OR")) {
      pos++;
      Node<T> a = left;
      Node<T> b = and();
      left = s -> a.test(s) || b.test(s);
    }
    return left;
  }

  private Node<T> and() {
    Node<T> left = unary();
    while (keyword("AND")) {
      pos++;
      Node<T> a = left;
      Node<T> b = unary();
      left = s -> a.test(s) && b.test(s);
    }
    return left;
  }

  private Node<T> unary() {
    Token t = peek();
    if (keyword("NOT")) {
      pos++;
      Node<T> inner = unary();
      return s -> !inner.test(s);
    }
    if (t.kind == Kind.PUNCT && t.text.equals("(")) {
      pos++;
      Node<T> inner = or();
      expectPunct(")", "a closing ')'");
      return inner;
    }
    return compare();
  }

  private Node<T> compare() {
    Token name = next();
    if (name.kind != Kind.IDENT) {
      throw error(name.column, name.kind == Kind.END ? "expected a condition but the expression ended"
          : "expected a field name but found '" + name.text + "'");
    }
    Field<T> field = resolve(name);
    Token op = next();
    String o = op.text.toUpperCase(Locale.ROOT);
    if (op.kind == Kind.IDENT && o.equals("NOT")) {
      if (keyword("IN")) {
        pos++;
        Node<T> in = in(name, field);
        return s -> field.read().apply(s) != null && !in.test(s);
      }
      Token after = next();
      int how = textOperator(after);
      if (how < 0) {
        throw error(after.column, "expected IN, CONTAINS, STARTS WITH or ENDS WITH after NOT");
      }
      return textMatch(name, field, how, true);
    }
    if (op.kind == Kind.IDENT) {
      switch (o) {
        case "IN":
          return in(name, field);
        case "HAS":
          return has(name, field);
        case "IS":
          return is(field);
        default:
          int how = textOperator(op);
          if (how >= 0) {
            return textMatch(name, field, how, false);
          }
          break;
      }
    }
    if (op.kind != Kind.OP) {
      throw error(op.column, op.kind == Kind.END ? "expected an operator after '" + name.text + "'"
          : "expected an operator (= != < <= > >= IN NOT IN HAS CONTAINS STARTS WITH ENDS WITH IS) but found '"
          + op.text + "'");
    }
    Token v = next();
    Object value = literal(v);
    return comparison(name, field, op, v, value);
  }

  private Node<T> comparison(Token name, Field<T> field, Token op, Token v, Object value) {
    String o = op.text;
    switch (field.type()) {
      case SET:
        throw error(op.column, "'" + name.text + "' is a list: use HAS, e.g. " + name.text + " HAS 'x'");
      case BOOLEAN:
        if (!(value instanceof Boolean)) {
          throw error(v.column, "'" + name.text + "' is true or false, so compare it with TRUE or FALSE, not "
              + v.text);
        }
        if (!o.equals("=") && !o.equals("!=")) {
          throw error(op.column, "'" + name.text + "' is true or false: only = and != apply");
        }
        boolean want = (Boolean) value == o.equals("=");
        return s -> {
          Object x = field.read().apply(s);
          return x != null && (Boolean) x == want;
        };
      case NUMBER:
        if (!(value instanceof Double)) {
          throw error(v.column, "'" + name.text + "' is a number, so compare it with a number, not " + v.text);
        }
        double d = (Double) value;
        int cmp = opCode(o);
        checkRange(name, field, o, v, d);
        return s -> {
          Object x = field.read().apply(s);
          double n = x instanceof Number ? ((Number) x).doubleValue() : parse(x);
          return !Double.isNaN(n) && holds(cmp, Double.compare(n, d));
        };
      default:
        if (value instanceof Double) {
          // A text field compared with a number: numeric when the text is a number (custom attributes).
          double num = (Double) value;
          int code = opCode(o);
          return s -> {
            double n = parse(field.read().apply(s));
            return !Double.isNaN(n) && holds(code, Double.compare(n, num));
          };
        }
        if (!(value instanceof String)) {
          throw error(v.column, "'" + name.text + "' is text, so compare it with a quoted string, not " + v.text);
        }
        if (!o.equals("=") && !o.equals("!=")) {
          throw error(op.column, "'" + name.text + "' is text: only = and != apply to a string (or IN, CONTAINS)");
        }
        String str = normalised(field, name, v, (String) value);
        compared(name, str);
        boolean eq = o.equals("=");
        return s -> {
          Object x = field.read().apply(s);
          return x != null && ((String) x).equalsIgnoreCase(str) == eq;
        };
    }
  }

  /**
   * Refuses comparison {@code name op d} of a field with known whole-number values when no value satisfies it, or
   * every value does ({@code !=} a value out of range): a typo in a number that would make a step never, or always,
   * run.
   */
  private void checkRange(Token name, Field<T> field, String op, Token at, double d) {
    long[] r = field.range();
    if (r == null) {
      return;
    }
    boolean whole = d == Math.rint(d);
    boolean outside = d < r[0] || d > r[1] || !whole;
    boolean never = switch (op) {
      case "=" -> outside;
      case ">" -> d >= r[1];
      case ">=" -> d > r[1];
      case "<" -> d <= r[0];
      case "<=" -> d < r[0];
      default -> false;
    };
    String values = r[1] == Long.MAX_VALUE ? "a whole number from " + r[0] : r[1] - r[0] == 2
        ? r[0] + ", " + (r[0] + 1) + " or " + r[1] : "a whole number from " + r[0] + " to " + r[1];
    String shown = whole ? String.valueOf((long) d) : String.valueOf(d);
    if (never) {
      throw error(at.column, "'" + name.text + "' is " + values + ", so " + name.text + " " + op + " " + shown
          + " never holds");
    }
    if (op.equals("!=") && outside) {
      throw error(at.column, "'" + name.text + "' is " + values + ", so " + name.text + " != " + shown
          + " always holds");
    }
  }

  private Node<T> in(Token name, Field<T> field) {
    Token open = peek();
    List<Object> values = list();
    if (field.type() == Type.SET) {
      throw error(name.column, "'" + name.text + "' is a list: use HAS, e.g. " + name.text + " HAS ['a', 'b']");
    }
    if (field.type() == Type.NUMBER) {
      double[] nums = new double[values.size()];
      for (int i = 0; i < nums.length; i++) {
        if (!(values.get(i) instanceof Double)) {
          throw error(open.column, "'" + name.text + "' is a number, so IN takes a list of numbers");
        }
        nums[i] = (Double) values.get(i);
        checkRange(name, field, "=", open, nums[i]);
      }
      return s -> {
        Object x = field.read().apply(s);
        if (!(x instanceof Number)) {
          return false;
        }
        double n = ((Number) x).doubleValue();
        for (double v : nums) {
          if (n == v) {
            return true;
          }
        }
        return false;
      };
    }
    String[] strs = strings(values, name, open);
    for (int i = 0; i < strs.length; i++) {
      strs[i] = normalised(field, name, open, strs[i]);
      compared(name, strs[i]);
    }
    return s -> {
      Object x = field.read().apply(s);
      if (x == null) {
        return false;
      }
      for (String v : strs) {
        if (((String) x).equalsIgnoreCase(v)) {
          return true;
        }
      }
      return false;
    };
  }

  private Node<T> has(Token name, Field<T> field) {
    if (field.type() != Type.SET) {
      throw error(name.column, "HAS applies to lists; '" + name.text + "' is "
          + field.type().name().toLowerCase(Locale.ROOT) + " (use = or IN)");
    }
    Token v = peek();
    String[] wanted = stringOrList("HAS", name);
    for (int i = 0; i < wanted.length; i++) {
      wanted[i] = normalised(field, name, v, wanted[i]);
    }
    return s -> {
      Object x = field.read().apply(s);
      if (!(x instanceof Collection)) {
        return false;
      }
      for (Object member : (Collection<?>) x) {
        String m = String.valueOf(member);
        for (String w : wanted) {
          if (m.equalsIgnoreCase(w)) {
            return true;
          }
        }
      }
      return false;
    };
  }

  /** What {@code operator} takes next: a quoted string, or a list of them; an error at the token otherwise. */
  private String[] stringOrList(String operator, Token name) {
    Token v = peek();
    if (v.kind == Kind.PUNCT && v.text.equals("[")) {
      return strings(list(), name, v);
    }
    pos++;
    Object value = literal(v);
    if (!(value instanceof String)) {
      throw error(v.column, operator + " takes a quoted string or a list of strings, not " + v.text);
    }
    return new String[] {(String) value};
  }

  /** {@code value} in the form of {@code field}'s values; an error at {@code at} if the field refuses it. */
  private String normalised(Field<T> field, Token name, Token at, String value) {
    List<String> values = field.values();
    if (values != null) {
      // A name of the caller's first (a CRM's own lead source), then as people write the names: any case, blanks or
      // hyphens for underscores ('Demo Request', 'mid-market').
      String named = field.literal() == null ? value : field.literal().apply(value);
      String key = named.trim().toUpperCase(Locale.ROOT).replaceAll("[\\s_-]+", "");
      for (String v : values) {
        if (v.replace("_", "").equals(key)) {
          return v;
        }
      }
      throw error(at.column, "'" + value + "' cannot be a value of '" + name.text + "': it is one of " + values);
    }
    java.util.function.UnaryOperator<String> literal = field.literal();
    if (literal == null) {
      return value;
    }
    try {
      return literal.apply(value);
    } catch (IllegalArgumentException e) {
      throw error(at.column, "'" + value + "' cannot be a value of '" + name.text + "': " + e.getMessage());
    }
  }

  /** The text operators, by {@link #textOperator}'s number. */
  private static final String[] TEXT_OPERATORS = {"CONTAINS", "STARTS WITH", "ENDS WITH"};

  /**
   * Which text operator {@code op} starts (0 CONTAINS, 1 STARTS WITH, 2 ENDS WITH), taking the WITH that follows STARTS
   * or ENDS; -1 if none.
   */
  private int textOperator(Token op) {
    if (op.kind != Kind.IDENT) {
      return -1;
    }
    String o = op.text.toUpperCase(Locale.ROOT);
    if (o.equals("CONTAINS")) {
      return 0;
    }
    if (!o.equals("STARTS") && !o.equals("ENDS")) {
      return -1;
    }
    if (!keyword("WITH")) {
      Token t = peek();
      throw error(t.column, "expected WITH after " + o + " (" + o + " WITH 'x')");
    }
    pos++;
    return o.equals("STARTS") ? 1 : 2;
  }

  /**
   * {@code field CONTAINS | STARTS WITH | ENDS WITH (string | list)}, negated after NOT. A field whose values have a
   * form ({@code postal_code}: no blanks) has the strings of STARTS WITH and ENDS WITH put in it, so that
   * {@code postal_code STARTS WITH 'SW1A 1'} reads as leads keep their codes.
   */
  private Node<T> textMatch(Token name, Field<T> field, int how, boolean negated) {
    String operator = TEXT_OPERATORS[how];
    if (field.type() != Type.TEXT) {
      throw error(name.column, operator + " applies to text; '" + name.text + "' is "
          + (field.type() == Type.SET ? "a list (use HAS, e.g. " + name.text + " HAS 'x')"
          : field.type().name().toLowerCase(Locale.ROOT)));
    }
    Token v = peek();
    String[] parts = stringOrList(operator, name);
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].isEmpty()) {
        throw error(v.column, operator + " takes strings that are not empty ('' is part of every text)");
      }
      if (how != 0 && field.values() == null) {
        parts[i] = normalised(field, name, v, parts[i]);
      }
    }
    return s -> {
      Object x = field.read().apply(s);
      if (x == null) {
        return false;
      }
      String text = (String) x;
      for (String part : parts) {
        if (textHolds(text, part, how)) {
          return !negated;
        }
      }
      return negated;
    };
  }

  /** Whether {@code text} contains, starts with or ends with ({@code how}) {@code part}, ignoring case, in place. */
  static boolean textHolds(String text, String part, int how) {
    int n = part.length();
    switch (how) {
      case 1:
        return text.regionMatches(true, 0, part, 0, n);
      case 2:
        return text.length() >= n && text.regionMatches(true, text.length() - n, part, 0, n);
      default:
        for (int at = 0, last = text.length() - n; at <= last; at++) {
          if (text.regionMatches(true, at, part, 0, n)) {
            return true;
          }
        }
        return false;
    }
  }

  private Node<T> is(Field<T> field) {
    Token v = next();
    String w = v.text.toUpperCase(Locale.ROOT);
    if (v.kind != Kind.IDENT || !(w.equals("MISSING") || w.equals("PRESENT"))) {
      throw error(v.column, "expected MISSING or PRESENT after IS");
    }
    boolean missing = w.equals("MISSING");
    return s -> {
      Object x = field.read().apply(s);
      boolean absent = x == null || (x instanceof Collection && ((Collection<?>) x).isEmpty());
      return absent == missing;
    };
  }

  private List<Object> list() {
    expectPunct("[", "a list in brackets, e.g. ['a', 'b']");
    List<Object> out = new ArrayList<>();
    while (true) {
      Token v = next();
      if (v.kind == Kind.PUNCT && v.text.equals("]") && out.isEmpty()) {
        throw error(v.column, "a list must not be empty");
      }
      out.add(literal(v));
      Token sep = next();
      if (sep.kind == Kind.PUNCT && sep.text.equals("]")) {
        return out;
      }
      if (!(sep.kind == Kind.PUNCT && sep.text.equals(","))) {
        throw error(sep.column, sep.kind == Kind.END ? "the list is not closed with ']'"
            : "expected ',' or ']' in the list but found '" + sep.text + "'");
      }
    }
  }

  private String[] strings(List<Object> values, Token name, Token at) {
    String[] out = new String[values.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(values.get(i) instanceof String)) {
        throw error(at.column, "'" + name.text + "' holds text, so the list takes quoted strings");
      }
      out[i] = (String) values.get(i);
    }
    return out;
  }

  private Object literal(Token v) {
    switch (v.kind) {
      case STRING:
        return v.text;
      case NUMBER:
        return Double.parseDouble(v.text);
      case IDENT:
        if (v.text.equalsIgnoreCase("TRUE")) {
          return Boolean.TRUE;
        }
        if (v.text.equalsIgnoreCase("FALSE")) {
          return Boolean.FALSE;
        }
        throw error(v.column, "expected a value but found '" + v.text + "' (quote text: '" + v.text + "')");
      case END:
        throw error(v.column, "expected a value but the expression ended");
      default:
        throw error(v.column, "expected a value but found '" + v.text + "'");
    }
  }

  private Field<T> resolve(Token name) {
    String key = name.text.toLowerCase(Locale.ROOT);
    Field<T> f = fields.get(key);
    if (f != null) {
      return f;
    }
    int dot = name.text.indexOf('.');
    if (dot > 0 && dot < name.text.length() - 1) {
      Function<String, Field<T>> family = prefixed.get(key.substring(0, dot));
      if (family != null) {
        return family.apply(name.text.substring(dot + 1));
      }
    }
    Set<String> known = new TreeSet<>(fields.keySet());
    for (String p : prefixed.keySet()) {
      known.add(p + ".<name>");
    }
    String closest = io.smartrouting.spi.StrategyConfig.closest(key, fields.keySet());
    throw error(name.column, "unknown " + what + " field '" + name.text + "'"
        + (closest == null ? "" : " (did you mean '" + closest + "'?)") + "; known: " + known);
  }

  private boolean keyword(String word) {
    Token t = peek();
    return t.kind == Kind.IDENT && t.text.equalsIgnoreCase(word);
  }

  private void expectPunct(String p, String what) {
    Token t = next();
    if (!(t.kind == Kind.PUNCT && t.text.equals(p))) {
      throw error(t.column, "expected " + what + (t.kind == Kind.END ? " but the expression ended"
          : " but found '" + t.text + "'"));
    }
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token next() {
    Token t = tokens.get(pos);
    if (t.kind != Kind.END) {
      pos++;
    }
    return t;
  }

  private ExpressionException error(int column, String reason) {
    return new ExpressionException(text, column, reason);
  }

  private static int opCode(String o) {
    switch (o) {
      case "=":
        return 0;
      case "!=":
        return 1;
      case "<":
        return 2;
      case "<=":
        return 3;
      case ">":
        return 4;
      default:
        return 5;
    }
  }

  private static boolean holds(int code, int c) {
    switch (code) {
      case 0:
        return c == 0;
      case 1:
        return c != 0;
      case 2:
        return c < 0;
      case 3:
        return c <= 0;
      case 4:
        return c > 0;
      default:
        return c >= 0;
    }
  }

  private static double parse(@Nullable Object x) {
    if (x instanceof Number) {
      return ((Number) x).doubleValue();
    }
    if (x == null) {
      return Double.NaN;
    }
    String text = x.toString().trim();
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      // Thousands grouped with commas, as CRMs export a number kept as text ("1,200"), read as lead files read them;
      // a comma that may be a decimal one ("1,2") is not a number here either.
      return GROUPED.matcher(text).matches() ? Double.parseDouble(text.replace(",", "")) : Double.NaN;
    }
  }

  /** A number with its thousands grouped by commas: {@code 1,200}, {@code -12,000,000.5}. */
  private static final java.util.regex.Pattern GROUPED =
      java.util.regex.Pattern.compile("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");

  // ---- tokenizer

  private enum Kind { IDENT, STRING, NUMBER, OP, PUNCT, END }

  private record Token(Kind kind, String text, int column) {}

  private List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int col = i + 1;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'' || c == '"') {
        StringBuilder sb = new StringBuilder();
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          if (s.charAt(j) == '\\' && j + 1 < s.length()) {
            j++;
          }
          sb.append(s.charAt(j++));
        }
        if (j >= s.length()) {
          throw new ExpressionException(s, col, "the string starting here is not closed with " + c);
        }
        out.add(new Token(Kind.STRING, sb.toString(), col));
        i = j + 1;
      } else if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
        int j = i + 1;
        while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.' || s.charAt(j) == '_')) {
          j++;
        }
        String num = s.substring(i, j).replace("_", "");
        try {
          Double.parseDouble(num);
        } catch (NumberFormatException e) {
          throw new ExpressionException(s, col, "'" + s.substring(i, j) + "' is not a number");
        }
        out.add(new Token(Kind.NUMBER, num, col));
        i = j;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_'
            || s.charAt(j) == '.' || s.charAt(j) == '-')) {
          j++;
        }
        out.add(new Token(Kind.IDENT, s.substring(i, j), col));
        i = j;
      } else if (c == '(' || c == ')' || c == '[' || c == ']' || c == ',') {
        out.add(new Token(Kind.PUNCT, String.valueOf(c), col));
        i++;
      } else if (c == '=' || c == '<' || c == '>' || c == '!') {
        String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
        if (two.equals("<=") || two.equals(">=") || two.equals("!=") || two.equals("==")) {
          out.add(new Token(Kind.OP, two.equals("==") ? "=" : two, col));
          i += 2;
        } else if (c == '!') {
          throw new ExpressionException(s, col, "'!' must be followed by '=' (or write NOT)");
        } else {
          out.add(new Token(Kind.OP, String.valueOf(c), col));
          i++;
        }
      } else {
        throw new ExpressionException(s, col, "unexpected character '" + c + "'");
      }
    }
    out.add(new Token(Kind.END, "", s.length() + 1));
    return out;
  }
}
