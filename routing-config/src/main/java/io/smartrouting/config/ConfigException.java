package io.smartrouting.config;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A routing configuration that cannot be used, with every problem found in it (not only the first), in document
 * order. Nothing built from it replaces a running configuration.
 */
public final class ConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<ConfigError> errors;

  /**
   * Every error; the message lists them.
   *
   * @param errors the errors
   */
  public ConfigException(List<ConfigError> errors) {
    this(errors, null);
  }

  /**
   * Every error; the message lists them, each followed by its line of {@code source} (when given) with a caret under
   * the column.
   *
   * @param errors the errors
   * @param source the document's text, or null
   */
  public ConfigException(List<ConfigError> errors, @Nullable String source) {
    this(errors, source, "the routing configuration");
  }

  /**
   * As {@link #ConfigException(List, String)}, for a document that is not a routing configuration: {@code what} names
   * it in the message's first line ("2 errors in {@code what}"), such as "the leads".
   *
   * @param errors the errors
   * @param source the document's text, or null
   * @param what what the document is, for the message
   */
  public ConfigException(List<ConfigError> errors, @Nullable String source, String what) {
    super(render(errors, source, what));
    this.errors = List.copyOf(errors);
  }

  /** {@return every problem, in document order} */
  public List<ConfigError> errors() {
    return errors;
  }

  private static String render(List<ConfigError> errors, @Nullable String source, String what) {
    StringBuilder sb = new StringBuilder();
    sb.append(errors.size()).append(errors.size() == 1 ? " error" : " errors").append(" in ").append(what);
    String[] lines = source == null ? new String[0] : source.split("\n", -1);
    for (ConfigError e : errors) {
      sb.append("\n  ").append(e);
      if (e.line() >= 1 && e.line() <= lines.length) {
        String line = lines[e.line() - 1].replace("\r", "");
        sb.append("\n      ").append(line).append("\n      ").append(" ".repeat(Math.max(0, e.column() - 1)))
            .append('^');
      }
    }
    return sb.toString();
  }
}
