package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import io.smartrouting.testkit.RefusingStateStore;
import org.jspecify.annotations.Nullable;

/**
 * One lead through two routers that should decide alike: {@code refusing}, whose store refuses rep {@code refused}'s
 * next reservation (if any), and {@code away}, which sees that rep away for this lead if the refusal was used. Shared by
 * the properties that check a strategy takes back a refused pick.
 */
final class RefusedOrAway {

  private RefusedOrAway() {}

  /**
   * Routes {@code lead} through both, asserts the same rep, releases it on both; true if {@code refused} was refused.
   */
  static boolean routeAlike(Router refusing, RefusingStateStore store, Router away, Lead lead,
      @Nullable String refused) {
    if (refused != null) {
      store.refuseOnce(refused);
    }
    Decision d = refusing.route(lead);
    boolean wasRefused = refused != null && !store.withdraw();
    if (wasRefused) {
      away.setAvailable(refused, false);
    }
    Decision e = away.route(lead);
    if (wasRefused) {
      away.clearAvailability(refused);
    }
    assertThat(d.repId()).as("lead %s (refused: %s)", lead.id(), wasRefused ? refused : "none").isEqualTo(e.repId());
    if (d.repId() != null) {
      refusing.release(d.leadId());
      away.release(e.leadId());
    }
    return wasRefused;
  }
}
