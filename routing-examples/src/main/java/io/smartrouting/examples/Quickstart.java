package io.smartrouting.examples;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.core.Router;
import java.util.List;

/** The README's quickstart, compiled so that it cannot rot. */
public final class Quickstart {
  private Quickstart() {}

  /** Routes one demo request and prints the explained decision. */
  public static void main(String[] args) {
    // README-QUICKSTART-BEGIN
    List<Rep> reps = List.of(
        Rep.builder("ana").territories("US-CA", "US-WA").segments(Segment.ENTERPRISE)
            .industries("healthcare").responseMinutes(12).capacity(20).build(),
        Rep.builder("ben").territories("US").segments(Segment.SMB, Segment.MID_MARKET).capacity(40).build());

    try (Router router = Router.builder()
        .roster(reps)
        .defaultChain()          // account-owner, tier-fast-track, weighted, round-robin
        .build()) {
      Decision decision = router.route(Lead.builder("lead-1")
          .country("US").region("CA").industry("healthcare").employees(2500)
          .title("Director of IT").source(LeadSource.DEMO_REQUEST)
          .build());

      System.out.println(decision.repId());    // ana
      System.out.println(decision.explain());  // every step, every excluded rep, the winner
    }
    // README-QUICKSTART-END
  }
}
