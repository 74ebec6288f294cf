package io.smartrouting.api;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Validation and normalisation shared by the builders of this package. Not API. */
final class Checks {
  private Checks() {}

  static String requireId(@Nullable String value, String field) {
    if (value == null) {
      throw new NullPointerException(field + " must not be null");
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank but was '" + value + "'");
    }
    return value;
  }

  static @Nullable String blankToNull(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }

  static @Nullable String lower(@Nullable String value) {
    String v = blankToNull(value);
    return v == null ? null : v.toLowerCase(Locale.ROOT);
  }

  static @Nullable String upper(@Nullable String value) {
    String v = blankToNull(value);
    return v == null ? null : v.toUpperCase(Locale.ROOT);
  }

  static Set<String> normalisedSet(Collection<String> values, String field, boolean upper) {
    Set<String> out = new LinkedHashSet<>();
    for (String v : values) {
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException(field + " must not contain null or blank entries but was " + values);
      }
      String t = v.trim();
      out.add(upper ? t.toUpperCase(Locale.ROOT) : t.toLowerCase(Locale.ROOT));
    }
    return Set.copyOf(out);
  }

  static Set<String> idSet(Collection<String> values, String field) {
    for (String v : values) {
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException(field + " must not contain null or blank entries but was " + values);
      }
    }
    return Set.copyOf(new LinkedHashSet<>(values));
  }

  static java.util.List<String> idList(java.util.List<String> values, String field) {
    idSet(values, field);
    return java.util.List.copyOf(values);
  }

  static Map<String, String> attributes(Map<String, String> values, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
        throw new IllegalArgumentException(field + " must have non-blank keys and non-null values but had "
            + e.getKey() + "=" + e.getValue());
      }
      out.put(e.getKey(), e.getValue());
    }
    return Map.copyOf(out);
  }

  static double finiteAtLeast(double value, double min, String field) {
    if (Double.isNaN(value) || Double.isInfinite(value) || value < min) {
      throw new IllegalArgumentException(field + " must be a finite number >= " + min + " but was " + value);
    }
    return value;
  }
}
