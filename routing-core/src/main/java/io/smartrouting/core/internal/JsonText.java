package io.smartrouting.core.internal;

/** JSON string literals for the core's hand-written JSON (audit records, webhook payloads). Not API. */
public final class JsonText {

  private JsonText() {}

  /** Appends {@code "key":value,} to {@code sb}, the value as a string literal or {@code null}. */
  public static void field(StringBuilder sb, String key, @org.jspecify.annotations.Nullable String value) {
    quote(sb, key);
    sb.append(':');
    if (value == null) {
      sb.append("null");
    } else {
      quote(sb, value);
    }
    sb.append(',');
  }

  /** Appends {@code s} to {@code sb} as a JSON string literal: quoted, with quotes, backslashes and controls escaped. */
  public static void quote(StringBuilder sb, String s) {
    sb.append('"');
    int plain = 0;
    while (plain < s.length() && s.charAt(plain) >= 0x20 && s.charAt(plain) != '"' && s.charAt(plain) != '\\') {
      plain++;
    }
    // Ids and reasons rarely need escaping: their plain start in one append.
    sb.append(s, 0, plain);
    for (int i = plain; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            String hex = Integer.toHexString(c);
            sb.append("\\u").append("0000", hex.length(), 4).append(hex);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
