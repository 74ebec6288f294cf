package io.smartrouting.config;

import io.smartrouting.api.Lead;
import java.util.Map;

/**
 * A named example lead in a routing configuration, with what routing it should give, so that a configuration carries
 * its own checks (the CLI's {@code explain} and the tests run them).
 *
 * @param name the scenario's name
 * @param lead the lead
 * @param expect expected outcome: any of {@code rep}, {@code queue}, {@code decided_by}, {@code team}
 */
public record Scenario(String name, Lead lead, Map<String, String> expect) {

  /** Validates and copies. */
  public Scenario {
    expect = Map.copyOf(expect);
  }
}
