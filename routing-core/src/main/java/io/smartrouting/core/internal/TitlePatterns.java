package io.smartrouting.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Title patterns joined into one regular expression that finds what their plain alternation ({@code p1|p2|...})
 * finds, match for match, faster. Matching two dozen alternatives at every position of a title took about 1.5 µs for
 * a title none of them matched. Here each run of consecutive patterns of the form {@code \bletter...} shares one
 * {@code \b} test, and within the run they are grouped by their first letter ({@code \b(?=[cv])(?:c(?:hief\b|
 * o-founder\b)|v(?:p\b|ice[ -]president\b))}), so that at most positions one boundary test, and at word starts one
 * class test, rule them out. At any position the alternatives are still tried in their order among those that can match there
 * (two starting with different letters cannot both match at one position), so every match, and which pattern makes
 * it, is the same. Patterns that do not have that form (a leading group, an inline flag, a top-level {@code |}) stay
 * as written, in their place. Not API.
 */
public final class TitlePatterns {

  private TitlePatterns() {}

  /** The patterns joined as above, compiled case-insensitively (Unicode case), or a pattern that never matches. */
  public static Pattern compile(List<String> patterns) {
    return patterns.isEmpty() ? Pattern.compile("(?!)")
        : Pattern.compile(join(patterns), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** The joined expression (see the class comment). */
  static String join(List<String> patterns) {
    List<String> parts = new ArrayList<>();
    int i = 0;
    while (i < patterns.size()) {
      if (!groupable(patterns.get(i))) {
        parts.add(patterns.get(i));
        i++;
        continue;
      }
      int end = i;
      while (end < patterns.size() && groupable(patterns.get(end))) {
        end++;
      }
      parts.add(grouped(patterns.subList(i, end)));
      i = end;
    }
    return String.join("|", parts);
  }

  /** {@code \b(?:a(?:...|...)|b(?:...))}: the run's patterns without their {@code \b}, by first letter. */
  private static String grouped(List<String> run) {
    Map<Character, List<String>> byLetter = new LinkedHashMap<>();
    for (String p : run) {
      char first = Character.toLowerCase(p.charAt(2));
      byLetter.computeIfAbsent(first, k -> new ArrayList<>()).add(p.substring(3));
    }
    // The lookahead is one class test where the letters' alternation is a test per letter; it only rules out what
    // the alternation would (every alternative starts with one of its letters).
    StringBuilder b = new StringBuilder("\\b(?=[");
    for (char c : byLetter.keySet()) {
      b.append(c);
    }
    b.append("])(?:");
    boolean firstLetter = true;
    for (Map.Entry<Character, List<String>> e : byLetter.entrySet()) {
      if (!firstLetter) {
        b.append('|');
      }
      firstLetter = false;
      b.append(e.getKey()).append("(?:").append(String.join("|", e.getValue())).append(')');
    }
    return b.append(')').toString();
  }

  /**
   * True for {@code \b}, then an ASCII letter that no quantifier follows, then anything without a {@code |} outside
   * brackets, without inline flags or {@code \Q} quoting (which could change what follows it, or hide a {@code |}).
   */
  static boolean groupable(String p) {
    if (p.length() < 3 || !p.startsWith("\\b")) {
      return false;
    }
    char first = p.charAt(2);
    if (!(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z')) {
      return false;
    }
    if (p.length() > 3 && "?*+{".indexOf(p.charAt(3)) >= 0) {
      return false;
    }
    if (p.contains("\\Q") || p.replace("(?:", "").contains("(?")) {
      return false;
    }
    int depth = 0;
    boolean inClass = false;
    for (int k = 3; k < p.length(); k++) {
      char c = p.charAt(k);
      if (c == '\\') {
        k++;
      } else if (inClass) {
        if (c == '[') {
          return false; // a class inside a class: not read here
        }
        inClass = c != ']';
      } else if (c == '[') {
        if (k + 1 < p.length() && (p.charAt(k + 1) == ']' || p.charAt(k + 1) == '^')) {
          return false; // a ']' that may be a member, or a negation: not read here
        }
        inClass = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        return false;
      }
    }
    return depth == 0 && !inClass;
  }
}
