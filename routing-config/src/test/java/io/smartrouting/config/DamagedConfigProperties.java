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
      "round-robin", "nonexistent-strategy", "0.999", "\\u0000", "- x", "&a", "*a", "!!int x", "@", "%", "'a' ='"};
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.+-]+");

  @Property(tries = 400)
  void aDamagedDocumentLoadsOrIsRefusedWithItsProblemsPlaced(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int damages) throws Exception {
    List<String> lines = new ArrayList<>(Arrays.asList(
        Files.readString(EXAMPLE, StandardCharsets.UTF_8).split("\n", -1)));
    Random rnd = new Random(seed);
    List<String> done = new ArrayList<>();
    for (int i = 0; i < damages; i++) {
      done.add(damage(lines, rnd));
    }
    String content = String.join("\n", lines);
    try {
      RoutingConfig.parse(content, EXAMPLE.toString());
      Statistics.collect("loads");
    } catch (ConfigException e) {
      Statistics.collect("refused"); // most damage is refused; the statistics show some still loads
      assertThat(e.errors()).as("problems of %s", done).isNotEmpty();
      for (ConfigError err : e.errors()) {
        assertThat(err.line()).as("%s after %s", err, done).isPositive();
        assertThat(err.column()).as("%s after %s", err, done).isPositive();
        assertThat(err.message()).as("%s after %s", err, done).isNotBlank();
      }
    } catch (RuntimeException e) {
      fail("a document damaged by " + done + " threw " + e + " instead of a ConfigException", e);
    }
  }

  /** Damages one line of {@code lines} as a person might; says what it did. */
  private static String damage(List<String> lines, Random rnd) {
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
