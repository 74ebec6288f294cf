package io.smartrouting.core.expr;

import io.smartrouting.api.Rep;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Rep targeting, compiled once from an expression such as
 * {@code skills HAS 'healthcare' AND languages HAS 'es' AND proficiency.healthcare >= 7}: a chain step with a
 * {@code reps} filter offers its strategy only the candidates the filter matches. The router evaluates it once per
 * roster version into a bitset over the roster, never per decision.
 *
 * <p>Fields: {@code id team role time_zone} (text), {@code capacity daily_cap weekly_cap monthly_cap weight
 * response_minutes} (numbers; the caps 0 for none), {@code active} (true/false), {@code territories industries segments languages skills
 * named_accounts} (lists: use {@code HAS 'x'} or {@code HAS ['x', 'y']}), {@code proficiency.<skill>} (the skill's
 * level, 1 to 10) and
 * {@code attributes.<key>}. Operators and rules as for {@link LeadCondition}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RepFilter {

  private static final Map<String, Compiler.Field<Rep>> FIELDS = new LinkedHashMap<>();
  private static final Map<String, Function<String, Compiler.Field<Rep>>> PREFIXED = Map.of(
      "attributes", key -> new Compiler.Field<>(Compiler.Type.TEXT, r -> r.attributes().get(key)),
      "proficiency", skill -> {
        String k = skill.toLowerCase(Locale.ROOT);
        return new Compiler.Field<Rep>(Compiler.Type.NUMBER, r -> r.skills().get(k)).wholeNumbers(1, 10);
      });

  static {
    FIELDS.put("id", text(Rep::id));
    FIELDS.put("team", text(Rep::team));
    FIELDS.put("role", text(r -> r.role().name()).oneOf(io.smartrouting.api.RepRole.values()));
    FIELDS.put("time_zone", text(r -> r.timeZone().getId()));
    FIELDS.put("capacity", number(Rep::capacity));
    FIELDS.put("daily_cap", number(Rep::dailyCap));
    FIELDS.put("weekly_cap", number(Rep::weeklyCap));
    FIELDS.put("monthly_cap", number(Rep::monthlyCap));
    FIELDS.put("weight", number(Rep::weight));
    FIELDS.put("response_minutes", number(Rep::responseMinutes));
    FIELDS.put("active", new Compiler.Field<>(Compiler.Type.BOOLEAN, Rep::active));
    FIELDS.put("territories", set(Rep::territories).normalising(io.smartrouting.api.Codes::territory));
    FIELDS.put("industries", set(Rep::industries));
    FIELDS.put("segments", set(Rep::segments).oneOf(io.smartrouting.api.Segment.values()));
    FIELDS.put("languages", set(Rep::languages).normalising(io.smartrouting.api.Codes::language));
    FIELDS.put("skills", set(r -> r.skills().keySet()));
    FIELDS.put("named_accounts", set(Rep::namedAccounts));
  }

  private final String text;
  private final Compiler.Node<Rep> node;
  /** True for an expression, false for a filter written in Java. */
  private final boolean parsed;

  private RepFilter(String text, Compiler.Node<Rep> node, boolean parsed) {
    this.text = text;
    this.node = node;
    this.parsed = parsed;
  }

  /**
   * Compiles {@code expression}.
   *
   * @param expression the filter's text
   * @return the filter
   * @throws ExpressionException if it does not parse, names an unknown field, or compares a field with a value of
   *     the wrong kind; the message gives the column and a caret under it
   */
  public static RepFilter parse(String expression) {
    Objects.requireNonNull(expression, "expression must not be null");
    return new RepFilter(expression, new Compiler<>("rep", FIELDS, PREFIXED, expression).compile(), true);
  }

  /**
   * A filter written in Java rather than as an expression; {@code description} is what explanations show. Like an
   * expression, it is evaluated once per rep and roster version, never per decision.
   *
   * @param description what explanations show
   * @param predicate the test
   * @return the filter
   */
  public static RepFilter of(String description, java.util.function.Predicate<Rep> predicate) {
    Objects.requireNonNull(description, "description must not be null");
    Objects.requireNonNull(predicate, "predicate must not be null");
    return new RepFilter(description, predicate::test, false);
  }

  /**
   * True if {@code rep} matches.
   *
   * @param rep the rep
   * @return whether it matches
   */
  public boolean matches(Rep rep) {
    return node.test(rep);
  }

  /** {@return the fields a rep filter may name (plus {@code proficiency.<skill>} and {@code attributes.<key>})} */
  public static java.util.Set<String> fields() {
    return java.util.Collections.unmodifiableSet(FIELDS.keySet());
  }

  /** {@return the expression as written} */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }

  /** Equal to an expression of the same text, or, for a filter written in Java, to itself only. */
  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof RepFilter)) {
      return false;
    }
    RepFilter other = (RepFilter) o;
    return parsed && other.parsed ? text.equals(other.text) : node == other.node;
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  private static Compiler.Field<Rep> text(Function<Rep, @Nullable Object> read) {
    return new Compiler.Field<>(Compiler.Type.TEXT, read);
  }

  private static Compiler.Field<Rep> number(Function<Rep, @Nullable Object> read) {
    return new Compiler.Field<>(Compiler.Type.NUMBER, read);
  }

  private static Compiler.Field<Rep> set(Function<Rep, @Nullable Object> read) {
    return new Compiler.Field<>(Compiler.Type.SET, read);
  }
}
