package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.WorkingHours;
import io.smartrouting.core.AfterHoursPolicy;
import io.smartrouting.core.Router;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tier 1 at 17:55 in New York, through the default chain. */
class WorkingHoursScenarioTest {

  // Wednesday 25 November 2026, 17:55 EST.
  private static final Clock AT_1755_NEW_YORK = Clock.fixed(Instant.parse("2026-11-25T22:55:00Z"), ZoneOffset.UTC);

  private static Rep ny(String id, int fromHour, int toHour, double responseMinutes) {
    return Rep.builder(id).territories("US-NY").timeZone("America/New_York").responseMinutes(responseMinutes)
        .workingHours(WorkingHours.weekdays(LocalTime.of(fromHour, 0), LocalTime.of(toHour, 0))).build();
  }

  private static Lead demoRequest() {
    return Lead.builder("demo-1755").country("US").region("NY").source(LeadSource.DEMO_REQUEST).build();
  }

  @Test
  void aTier1LeadAt1755GoesToTheFastestRepStillWorkingNotTheFastestRep() {
    Router router = Router.builder().roster(List.of(ny("fast-early", 8, 17, 2), ny("slower-late", 10, 19, 30)))
        .clock(AT_1755_NEW_YORK).manualTimers().defaultChain().build();
    Decision d = router.route(demoRequest());
    assertThat(d.repId()).isEqualTo("slower-late");
    assertThat(d.decidedBy()).isEqualTo("tier-fast-track");
    assertThat(d.explain()).contains("off shift (working hours in America/New_York): fast-early");
  }

  @Test
  void withNobodyStillWorkingItWaitsForTheNextShiftPerPolicy() {
    Router router = Router.builder().roster(List.of(ny("fast-early", 8, 17, 2), ny("also-early", 9, 17, 5)))
        .clock(AT_1755_NEW_YORK).manualTimers().defaultChain()
        .afterHours(AfterHoursPolicy.nextShiftQueue("ny-morning")).build();
    Decision d = router.route(demoRequest());
    assertThat(d.queue()).isEqualTo("ny-morning");
    assertThat(d.hasFlag(Flag.AFTER_HOURS_QUEUE)).isTrue();
    assertThat(d.explain()).contains("queued for the next shift in 'ny-morning'");
  }
}
