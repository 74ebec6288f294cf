package io.smartrouting.core.learning;

import java.util.List;

/**
 * The result of {@link ConversionModel#warmStart}: how many rows were loaded and every row that was skipped.
 *
 * @param source the name of what was read (a file name, say)
 * @param loaded rows loaded into the model
 * @param problems one entry per skipped row, in file order
 */
public record WarmStartReport(String source, long loaded, List<Problem> problems) {

  /**
   * Copies the problem list.
   *
   * @param source the name of what was read (a file name, say)
   * @param loaded rows loaded into the model
   * @param problems one entry per skipped row, in file order
   */
  public WarmStartReport {
    problems = List.copyOf(problems);
  }

  /**
   * Rows skipped.
   *
   * @return the rows skipped
   */
  public long skipped() {
    return problems.size();
  }

  /**
   * One skipped row.
   *
   * @param line 1-based line number in the file
   * @param column the column at fault (its header name), or {@code *} for the row as a whole
   * @param message what was wrong, with the offending value
   */
  public record Problem(int line, String column, String message) {
    @Override
    public String toString() {
      return "line " + line + ", column '" + column + "': " + message;
    }
  }

  @Override
  public String toString() {
    return source + ": loaded " + loaded + " row(s), skipped " + skipped();
  }
}
