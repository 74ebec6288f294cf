package io.smartrouting.core.expr;

import java.util.List;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * An expression as text and as the meaning the documentation gives it, for the properties that compare the compiled
 * expression with that meaning ({@link ExpressionProperties}, {@link RepFilterProperties}).
 */
record Written<T>(String text, Predicate<T> meaning) {

  /**
   * Expressions up to {@code depth} levels deep: {@code atoms}, mostly, or two joined by AND (in parentheses) or OR,
   * or one under NOT, each with its meaning.
   */
  static <T> Arbitrary<Written<T>> nested(Arbitrary<Written<T>> atoms, int depth) {
    if (depth == 0) {
      return atoms;
    }
    Arbitrary<Written<T>> sub = Arbitraries.lazy(() -> nested(atoms, depth - 1));
    return Arbitraries.frequencyOf(Tuple.of(4, atoms),
        Tuple.of(1, Combinators.combine(sub, sub).as((a, b) -> new Written<T>("(" + a.text() + ") AND ("
            + b.text() + ")", s -> a.meaning().test(s) && b.meaning().test(s)))),
        Tuple.of(1, Combinators.combine(sub, sub).as((a, b) -> new Written<T>(a.text() + " OR " + b.text(),
            s -> a.meaning().test(s) || b.meaning().test(s)))),
        Tuple.of(1, sub.map(a -> new Written<T>("NOT (" + a.text() + ")", s -> !a.meaning().test(s)))));
  }

  /** {@code ['a', 'b']}: strings as an expression's list writes them. */
  static String list(List<String> strings) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < strings.size(); i++) {
      b.append(i == 0 ? "'" : ", '").append(strings.get(i)).append('\'');
    }
    return b.append(']').toString();
  }
}
