package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code same-company} on many nodes: the placement script notes each lead under its contact and its company, so a
 * colleague's lead reaches the rep of the company's open lead whichever node routes it; a company's list keeps its
 * latest 64 leads.
 */
class SharedSameCompanyTest extends RedisServerTest {

  private static final List<Rep> REPS = List.of(Rep.builder("ana").territories("US").capacity(200).build(),
      Rep.builder("bob").territories("US").capacity(200).build(),
      Rep.builder("cleo").territories("US").capacity(200).build());

  private static Lead lead(String id, String email) {
    return Lead.builder(id).country("US").email(email).build();
  }

  private static Router router(RedisStateStore store) {
    return Router.builder().roster(REPS).stateStore(store).manualTimers().step("returning-contact")
        .step("same-company").step("round-robin").build();
  }

  @Test
  void aColleaguesLeadOnAnotherNodeGoesToTheRepOfTheCompanysOpenLead() {
    try (RedisStateStore s1 = server.patientStore("companies").build();
        RedisStateStore s2 = server.patientStore("companies").build();
        Router r1 = router(s1); Router r2 = router(s2)) {
      Decision first = r1.route(lead("L1", "jo@acme.com"));
      for (int i = 0; i < 5; i++) {
        // Other companies' leads move the round-robin turn on, on both nodes.
        (i % 2 == 0 ? r2 : r1).route(lead("other-" + i, "p" + i + "@x" + i + ".org"));
      }
      Decision colleague = r2.route(lead("L2", "sam@eu.acme.com"));
      assertThat(colleague.repId()).isEqualTo(first.repId());
      assertThat(colleague.decidedBy()).isEqualTo("same-company");
      Decision samePerson = r2.route(lead("L3", "jo@acme.com"));
      assertThat(samePerson.repId()).isEqualTo(first.repId());
      assertThat(samePerson.decidedBy()).as("her own earlier lead comes first").isEqualTo("returning-contact");
      r2.route(Lead.builder("N1").country("US").email("alex@gmail.com").companyName("Initech")
          .build());
      Decision colleagueByName = r1.route(Lead.builder("N2").country("US").email("bo@initech.com")
          .companyName("INITECH, Inc.").build());
      assertThat(colleagueByName.decidedBy()).as("initech.com has no lead open; its name has, from free mail")
          .isEqualTo("round-robin");
      Decision third = r2.route(Lead.builder("N3").country("US").email("cy@yahoo.com").companyName("Initech")
          .build());
      assertThat(third.decidedBy()).as("free mail: by the name, on the other node").isEqualTo("same-company");
      assertThat(third.repId()).as("the latest Initech lead's rep").isEqualTo(colleagueByName.repId());
      Decision freeMail = r1.route(lead("F1", "jane@gmail.com"));
      Decision otherFreeMail = r2.route(lead("F2", "john@gmail.com"));
      assertThat(otherFreeMail.decidedBy()).as("gmail.com is no company").isEqualTo("round-robin");
      assertThat(freeMail.decidedBy()).isEqualTo("round-robin");

      for (String id : List.of("L1", "L2", "L3")) {
        (id.equals("L2") ? r2 : r1).release(id);
      }
      assertThat(r2.route(lead("L4", "kim@acme.com")).decidedBy()).as("no acme.com lead is open")
          .isEqualTo("round-robin");
    }
  }

  @Test
  void aLeadsContactAndCompanyAreAskedInOneRead() {
    java.time.Duration hour = java.time.Duration.ofHours(1);
    try (RedisStateStore s1 = server.patientStore("co-trips").refreshInterval(hour).build();
        Router r1 = Router.builder().roster(REPS).stateStore(s1).manualTimers()
            .step("returning-contact", io.smartrouting.spi.StrategyConfig.of("withinDays", "7"))
            .step("same-company").step("round-robin").build()) {
      Decision first = r1.route(lead("T0", "jo@trips.com"));
      r1.route(lead("warm-up", "x@warm.org"));
      int n = 20;
      long before = s1.roundTrips();
      for (int i = 0; i < n; i++) {
        // Nobody of these companies wrote before: both questions are asked, and the lead is placed.
        assertThat(r1.route(lead("N" + i, "p" + i + "@new" + i + ".com")).decidedBy()).isEqualTo("round-robin");
      }
      long trips = s1.roundTrips() - before;
      assertThat(trips).as("one read for contact and company, one write for the placement, per lead")
          .isBetween(2L * n, 2L * n + 2);
      r1.release("T0");
      Decision back = r1.route(lead("T1", "jo@trips.com"));
      assertThat(back.decidedBy()).as("her lead of a moment ago, closed: within the 7 days")
          .isEqualTo("returning-contact");
      assertThat(back.repId()).isEqualTo(first.repId());
      Decision colleague = r1.route(lead("T2", "sam@trips.com"));
      assertThat(colleague.decidedBy()).as("T1 is open: the company's open lead").isEqualTo("same-company");
      assertThat(colleague.repId()).isEqualTo(first.repId());
    }
  }

  @Test
  void aCompanysListKeepsItsLatestSixtyFourLeads() {
    try (RedisStateStore s1 = server.patientStore("co-cap").build(); Router r1 = router(s1)) {
      String rep = r1.route(lead("C0", "p0@bigco.com")).repId();
      for (int i = 1; i < 70; i++) {
        assertThat(r1.route(lead("C" + i, "p" + i + "@bigco.com")).repId()).isEqualTo(rep);
      }
      String largest = server.command("EVAL \"local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do"
          + " n = math.max(n, redis.call('ZCARD', k)) end return n\" 0 sr:{co-cap}:contact:*");
      assertThat(largest).isEqualTo(":64");
    }
  }
}
