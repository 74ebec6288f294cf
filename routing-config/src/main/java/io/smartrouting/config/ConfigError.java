package io.smartrouting.config;

/**
 * One problem in a routing configuration document, with where it is and what was written there. Its
 * {@link #toString()} is the line a person reads:
 * {@code routing.yaml:14:9: chain[2].config.weight.industry: weights must sum to 1 (was 0.3)}.
 *
 * @param file the document's name as given to the loader
 * @param line 1-based line
 * @param column 1-based column
 * @param path where in the document, e.g. {@code chain[2].config.weight.industry} (empty for the whole document)
 * @param value the value as written, quoted if it was text (empty when there is none, e.g. a missing key)
 * @param message what is wrong and, where it helps, what would be right
 */
public record ConfigError(String file, int line, int column, String path, String value, String message) {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + message
        + (value.isEmpty() ? "" : " (was " + value + ")");
  }
}
