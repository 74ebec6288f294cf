package io.smartrouting.core.expr;

/**
 * An expression that does not parse or does not type-check. The message names the problem and the 1-based column,
 * and shows the expression with a caret under that column:
 *
 * <pre>
 * column 1: unknown lead field 'industy'; known: [account, arr, attributes.&lt;name&gt;, company, ...]
 *   industy IN ['healthcare']
 *   ^
 * </pre>
 */
public final class ExpressionException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The expression as written. */
  private final String expression;
  /** Where the problem is, counted from 1. */
  private final int column;
  /** What is wrong, without the expression. */
  private final String reason;

  ExpressionException(String expression, int column, String reason) {
    super("column " + column + ": " + reason + "\n  " + expression + "\n  " + " ".repeat(Math.max(0, column - 1))
        + "^");
    this.expression = expression;
    this.column = column;
    this.reason = reason;
  }

  /** {@return the expression as written} */
  public String expression() {
    return expression;
  }

  /** {@return the 1-based column the problem is at} */
  public int column() {
    return column;
  }

  /** {@return the problem, without the column and the caret} */
  public String reason() {
    return reason;
  }
}
