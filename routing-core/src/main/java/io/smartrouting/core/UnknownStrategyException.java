package io.smartrouting.core;

import java.util.Set;

/** Thrown when a chain names a strategy no provider registered. The message lists the known names. */
public final class UnknownStrategyException extends IllegalArgumentException {

  /** The strategy name the chain asked for. */
  private final String name;
  /** The names registered when it was asked for. */
  private final Set<String> known;

  UnknownStrategyException(String name, Set<String> known, String message) {
    super(message);
    this.name = name;
    this.known = Set.copyOf(known);
  }

  /** {@return the unknown name} */
  public String name() {
    return name;
  }

  /** {@return the names that are registered} */
  public Set<String> known() {
    return known;
  }
}
