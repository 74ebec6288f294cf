package io.smartrouting.config.internal;

import java.util.Collection;
import java.util.Locale;
import io.smartrouting.spi.StrategyConfig;
import org.jspecify.annotations.Nullable;

/** "Did you mean" for names a user typed: the known name closest to a misspelt one. Not API. */
public final class Names {

  private Names() {}

  /**
   * The name in {@code known} closest to {@code typed} within two edits, one for a word of three letters or fewer
   * ({@code CEO} is not a misspelt {@code AE}), case ignored, or null: {@link StrategyConfig#closest}, one rule for
   * every "did you mean" of the SDK.
   */
  public static @Nullable String closest(String typed, Collection<String> known) {
    return StrategyConfig.closest(typed, known);
  }

  /**
   * The constant of {@code type} that {@code typed} names, or null: case does not matter, and spaces and hyphens
   * stand for underscores ({@code Demo Request}, {@code demo-request} and {@code DEMO_REQUEST} are one source), as
   * CRMs and spreadsheets write such values.
   */
  public static <E extends Enum<E>> @Nullable E constant(Class<E> type, String typed) {
    String key = constantKey(typed);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(key)) {
        return e;
      }
    }
    return null;
  }

  /**
   * The error text for a value that names no constant of {@code type}: the constants, the value itself when
   * {@code withValue} (a caller that shows the value on its own says false), and the closest constant when it is
   * within two edits.
   */
  public static <E extends Enum<E>> String noConstant(Class<E> type, String typed, boolean withValue) {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name());
    }
    String closest = closest(constantKey(typed), names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
    return "must be one of " + names + (withValue ? " but was '" + typed + "'" : "")
        + (closest == null ? "" : "; did you mean '" + closest.toUpperCase(Locale.ROOT) + "'?");
  }

  /** {@code typed} as a constant's name would be: upper case, spaces and hyphens as underscores. */
  public static String constantKey(String typed) {
    return typed.trim().toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
  }
}
