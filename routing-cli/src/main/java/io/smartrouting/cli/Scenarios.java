package io.smartrouting.cli;

import io.smartrouting.api.Lead;
import io.smartrouting.config.LeadFiles;
import io.smartrouting.config.RoutingConfig;
import io.smartrouting.config.Scenario;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the CLI finds the one lead to explain. */
final class Scenarios {

  private Scenarios() {}

  /** The scenario {@code spec} names ({@code scenario:NAME}), or null when it names none. */
  static @org.jspecify.annotations.Nullable Scenario named(RoutingConfig config, String spec) {
    String s = spec.strip();
    if (!s.startsWith("scenario:")) {
      return null;
    }
    String name = s.substring("scenario:".length());
    return config.scenarios().stream().filter(sc -> sc.name().equals(name)).findFirst().orElse(null);
  }

  /** A JSON object, {@code scenario:NAME}, or a leads file (its first lead, or the one with {@code id}). */
  static Lead lead(RoutingConfig config, String spec, String id) throws IOException {
    String s = spec.strip();
    if (s.startsWith("{")) {
      return LeadFiles.json(s, "LEAD", config).get(0);
    }
    if (s.startsWith("scenario:")) {
      String name = s.substring("scenario:".length());
      List<String> names = new ArrayList<>();
      for (Scenario sc : config.scenarios()) {
        if (sc.name().equals(name)) {
          return sc.lead();
        }
        names.add(sc.name());
      }
      throw new IllegalArgumentException("no scenario '" + name + "' in " + config.file() + "; its scenarios: "
          + names);
    }
    List<Lead> leads = LeadFiles.read(Path.of(s), config);
    if (leads.isEmpty()) {
      throw new IllegalArgumentException(s + " has no leads");
    }
    if (id == null) {
      return leads.get(0);
    }
    for (Lead l : leads) {
      if (l.id().equals(id)) {
        return l;
      }
    }
    throw new IllegalArgumentException("no lead with id '" + id + "' in " + s);
  }
}
