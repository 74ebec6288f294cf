package io.smartrouting.config;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A named example lead in a routing configuration, with what routing it should give, so that a configuration carries
 * its own checks (the CLI's {@code explain} and the tests run them).
 *
 * @param name the scenario's name
 * @param lead the lead
 * @param expect expected outcome: any of {@code rep}, {@code queue}, {@code decided_by}, {@code team}
 * @param at the instant the scenario is routed at ({@code at:} in the document: a holiday, a night, a weekend), or
 *     null for the instant the caller chooses (the CLI's {@code --at})
 * @param variant the experiment variant whose router routes it ({@code variant:}; see
 *     {@link RoutingConfig#variant(String)}), or null for the document's own chain
 */
public record Scenario(String name, Lead lead, Map<String, String> expect, java.time.@Nullable Instant at,
    @Nullable String variant) {

  /**
   * Validates and copies.
   *
   * @param name the scenario's name
   * @param lead the lead
   * @param expect expected outcome: any of {@code rep}, {@code queue}, {@code decided_by}, {@code team}
   * @param at the instant the scenario is routed at ({@code at:} in the document: a holiday, a night, a
   *     weekend), or null for the instant the caller chooses (the CLI's {@code --at})
   * @param variant the experiment variant whose router routes it ({@code variant:}; see {@link
   *     RoutingConfig#variant(String)}), or null for the document's own chain
   */
  public Scenario {
    expect = Map.copyOf(expect);
  }

  /**
   * A scenario of the document's own chain.
   *
   * @param name the scenario's name
   * @param lead the lead
   * @param expect expected outcome: any of {@code rep}, {@code queue}, {@code decided_by}, {@code team}
   * @param at the instant the scenario is routed at ({@code at:} in the document: a holiday, a night, a
   *     weekend), or null for the instant the caller chooses (the CLI's {@code --at})
   */
  public Scenario(String name, Lead lead, Map<String, String> expect, java.time.@Nullable Instant at) {
    this(name, lead, expect, at, null);
  }

  /**
   * A scenario routed at the instant the caller chooses.
   *
   * @param name the scenario's name
   * @param lead the lead
   * @param expect expected outcome: any of {@code rep}, {@code queue}, {@code decided_by}, {@code team}
   */
  public Scenario(String name, Lead lead, Map<String, String> expect) {
    this(name, lead, expect, null, null);
  }

  /**
   * What in {@code decision} differs from this scenario's expectation, in words, or null if it is as expected.
   * {@code reps} tells each rep's team, for {@code team} expectations.
   *
   * @param decision the decision made for the scenario's lead
   * @param reps the roster
   * @return what differs, or null
   */
  public @Nullable String mismatch(Decision decision, Collection<? extends Rep> reps) {
    List<String> problems = new ArrayList<>();
    String rep = expect.get("rep");
    if (rep != null && !rep.equals(decision.repId())) {
      problems.add("expected rep " + rep + " but got " + where(decision));
    }
    String queue = expect.get("queue");
    if (queue != null && !queue.equals(decision.queue())) {
      problems.add("expected queue " + queue + " but got " + where(decision));
    }
    String team = expect.get("team");
    if (team != null) {
      String actual = null;
      for (Rep r : reps) {
        if (r.id().equals(decision.repId())) {
          actual = r.team();
        }
      }
      if (!team.equals(actual)) {
        problems.add("expected team " + team + " but got " + where(decision)
            + (actual == null ? "" : " of team " + actual));
      }
    }
    String by = expect.get("decided_by");
    if (by != null && !by.equals(decision.decidedBy())) {
      problems.add("expected decided_by " + by + " but got " + decision.decidedBy());
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  private static String where(Decision d) {
    return d.repId() != null ? "rep " + d.repId() : "queue " + d.queue();
  }
}
