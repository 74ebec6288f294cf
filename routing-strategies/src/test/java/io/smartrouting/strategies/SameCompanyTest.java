package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.spi.StrategyConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code same-company}: a lead from a company (registrable domain of the e-mail address, else of the website; free
 * mail never) that has another lead open with a rep goes to that rep while it may take it; otherwise the chain goes
 * on, saying why.
 */
class SameCompanyTest {

  private static final List<Rep> REPS = List.of(Rep.builder("ana").territories("US").capacity(3).build(),
      Rep.builder("bob").territories("US").capacity(3).build(),
      Rep.builder("cy").territories("US").capacity(3).build());

  private static Router router(List<Rep> reps) {
    return Router.builder().roster(reps).manualTimers().step("same-company").step("round-robin").build();
  }

  private static Lead lead(String id, String email) {
    return Lead.builder(id).country("US").email(email).build();
  }

  @Test
  void aColleaguesLeadGoesToTheRepOfTheCompanysOpenLead() {
    try (Router router = router(REPS)) {
      assertThat(router.route(lead("L1", "jo@acme.com")).repId()).isEqualTo("ana");
      assertThat(router.route(lead("L2", "max@initech.io")).repId()).isEqualTo("bob");
      Decision colleague = router.route(lead("L3", "Sam@EU.Acme.com"));
      assertThat(colleague.repId()).as("another person at acme.com, from a subdomain and in capitals")
          .isEqualTo("ana");
      assertThat(colleague.decidedBy()).isEqualTo("same-company");
      assertThat(colleague.explain()).contains("same company: the rep of the company's open lead");
      Decision other = router.route(lead("L4", "kim@globex.co.uk"));
      assertThat(other.decidedBy()).as("a company nobody has a lead of").isEqualTo("round-robin");
      assertThat(other.explain()).contains("no open lead of the same company");
      assertThat(router.route(lead("L5", "lee@sub.globex.co.uk")).repId()).as("globex.co.uk, under a public suffix"
          + " of two labels").isEqualTo(router.route(lead("L4", "kim@globex.co.uk")).repId());

      router.release("L1");
      assertThat(router.route(lead("L6", "pat@acme.com")).repId()).as("L3 is still open with ana").isEqualTo("ana");
      router.release("L3");
      router.release("L6");
      assertThat(router.route(lead("L7", "pat@acme.com")).decidedBy()).as("no acme.com lead is open any more")
          .isEqualTo("round-robin");
    }
  }

  @Test
  void freeMailIsNoCompanyButAWebsiteIs() {
    try (Router router = router(REPS)) {
      assertThat(router.route(lead("L1", "jane@gmail.com")).repId()).isEqualTo("ana");
      Decision stranger = router.route(lead("L2", "john@gmail.com"));
      assertThat(stranger.repId()).as("two people at gmail.com are not colleagues").isEqualTo("bob");
      assertThat(stranger.decidedBy()).isEqualTo("round-robin");

      assertThat(router.route(Lead.builder("W1").country("US").email("founder@gmail.com")
          .website("https://www.startup.dev/about").build()).repId()).isEqualTo("cy");
      Decision byWebsite = router.route(lead("W2", "cto@startup.dev"));
      assertThat(byWebsite.repId()).as("the first lead's company came from its website").isEqualTo("cy");
      Decision noAddress = router.route(Lead.builder("W3").country("US").website("startup.dev").build());
      assertThat(noAddress.repId()).as("no address: the website names the company").isEqualTo("cy");
      Decision nothing = router.route(Lead.builder("N1").country("US").build());
      assertThat(nothing.decidedBy()).as("no address and no website: no company").isEqualTo("round-robin");
      assertThat(nothing.explain()).contains("no e-mail address, website or company name to find the lead's company");
    }
  }

  @Test
  void aColleagueWritingFromFreeMailIsFoundByTheCompanysName() {
    try (Router router = router(REPS)) {
      assertThat(router.route(Lead.builder("L1").country("US").email("jo@acme.com").companyName("ACME, Inc.")
          .build()).repId()).isEqualTo("ana");
      Decision gmail = router.route(Lead.builder("L2").country("US").email("sam.acme@gmail.com")
          .companyName("Acme").build());
      assertThat(gmail.repId()).as("free mail, the company's name").isEqualTo("ana");
      assertThat(gmail.decidedBy()).isEqualTo("same-company");
      assertThat(gmail.explain()).as("the explanation says the name matched")
          .contains("same company by name: the rep of the company's open lead");
      Decision noMail = router.route(Lead.builder("L3").country("US").companyName("The Acme Company").build());
      assertThat(noMail.repId()).as("no address at all, the same name").isEqualTo("ana");

      Decision otherAcme = router.route(Lead.builder("L4").country("US").email("kim@acme-robotics.io")
          .companyName("Acme").build());
      assertThat(otherAcme.decidedBy()).as("a domain of its own decides: another company that is also called Acme")
          .isEqualTo("round-robin");
      Decision placeholder = router.route(Lead.builder("L5").country("US").email("a@gmail.com")
          .companyName("Self-employed").build());
      Decision placeholder2 = router.route(Lead.builder("L6").country("US").email("b@gmail.com")
          .companyName("self employed").build());
      assertThat(placeholder2.decidedBy()).as("'self employed' names no company: %s", placeholder.repId())
          .isEqualTo("round-robin");
      Decision na = router.route(Lead.builder("L7").country("US").email("c@gmail.com").companyName("N/A").build());
      Decision na2 = router.route(Lead.builder("L8").country("US").email("d@gmail.com").companyName("n/a").build());
      assertThat(na2.decidedBy()).as("nor does 'N/A': %s", na.repId()).isEqualTo("round-robin");
    }
  }

  @Test
  void whenTheRepCannotTakeItTheChainGoesOnAndSaysWhy() {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(1).build(),
        Rep.builder("bob").territories("US").capacity(10).build());
    try (Router router = router(reps)) {
      assertThat(router.route(lead("L1", "jo@acme.com")).repId()).isEqualTo("ana"); // now at her threshold
      Decision colleague = router.route(lead("L2", "sam@acme.com"));
      assertThat(colleague.repId()).isEqualTo("bob");
      assertThat(colleague.explain()).contains("same company: ana holds the company's open lead but cannot take"
          + " this one (at or above the capacity threshold)");
    }
  }

  @Test
  void theSamePersonsReturningContactComesFirstAndBothKeysAreForgottenAtRelease() {
    try (Router router = Router.builder().roster(REPS).manualTimers().step("returning-contact")
        .step("same-company").step("round-robin").build()) {
      assertThat(router.route(lead("L1", "jo@acme.com")).repId()).isEqualTo("ana");
      router.reassign("L1", "bob", "ana is on leave");
      assertThat(router.route(lead("L2", "sam@acme.com")).repId()).as("the company's lead moved to bob")
          .isEqualTo("bob");
      Decision again = router.route(lead("L3", "jo@acme.com"));
      assertThat(again.decidedBy()).isEqualTo("returning-contact");
      for (String id : List.of("L1", "L2", "L3")) {
        router.release(id);
      }
      Decision fresh = router.route(lead("L4", "jo@acme.com"));
      assertThat(fresh.decidedBy()).as("neither her address nor her company has an open lead")
          .isEqualTo("round-robin");
    }
  }

  @Test
  void anAccountsOwnerStepBeforeItKeepsAccountLeads() {
    Account acme = Account.builder("A1").name("Acme").domains("acme.com").ownerRepId("cy").build();
    try (Router router = Router.builder().roster(REPS).accounts(List.of(acme)).manualTimers()
        .step("account-owner").step("same-company").step("round-robin").build()) {
      assertThat(router.route(lead("L1", "jo@initech.io")).repId()).isEqualTo("ana");
      assertThat(router.route(lead("L2", "jo@acme.com")).repId()).as("the account's owner").isEqualTo("cy");
      assertThat(router.route(lead("L3", "sam@initech.io")).repId()).as("initech is no account: its open lead's rep")
          .isEqualTo("ana");
    }
  }

  @Test
  void withinDaysACompanyComesBackToTheRepOfItsClosedLead() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    try (Router router = Router.builder().roster(REPS).clock(clock).manualTimers()
        .step("same-company", StrategyConfig.of("withinDays", "14")).step("round-robin").build()) {
      assertThat(router.route(lead("L1", "jo@acme.com")).repId()).isEqualTo("ana");
      router.release("L1");
      clock.advance(Duration.ofDays(7));
      Decision back = router.route(lead("L2", "sam@acme.com"));
      assertThat(back.repId()).as("acme.com's last lead was ana's a week ago").isEqualTo("ana");
      assertThat(back.explain()).contains("same company: the rep of the company's open or recent lead");
      router.release("L2");
      clock.advance(Duration.ofDays(15));
      Decision late = router.route(lead("L3", "kim@acme.com"));
      assertThat(late.decidedBy()).isEqualTo("round-robin");
      assertThat(late.explain()).contains("no lead of the same company open or closed within 14 days");
    }
  }

  @Test
  void bothStepsLookingBackEachKeepTheirOwnWindow() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    try (Router router = Router.builder().roster(REPS).clock(clock).manualTimers()
        .step("returning-contact", StrategyConfig.of("withinDays", "30"))
        .step("same-company", StrategyConfig.of("withinDays", "3")).step("round-robin").build()) {
      assertThat(router.route(lead("L1", "jo@acme.com")).repId()).isEqualTo("ana");
      router.release("L1");
      clock.advance(Duration.ofDays(2));
      assertThat(router.route(lead("X1", "x@other.org")).repId()).isEqualTo("bob");
      Decision colleague = router.route(lead("L2", "sam@acme.com"));
      assertThat(colleague.decidedBy()).as("acme.com's lead, two days ago: within 3").isEqualTo("same-company");
      assertThat(colleague.repId()).isEqualTo("ana");
      router.release("L2");
      router.release("X1");
      clock.advance(Duration.ofDays(10));
      Decision colleagueLate = router.route(lead("L3", "kim@acme.com"));
      assertThat(colleagueLate.decidedBy()).as("ten days: beyond the company's 3").isEqualTo("round-robin");
      router.release("L3");
      Decision her = router.route(lead("L4", "jo@acme.com"));
      assertThat(her.decidedBy()).as("her own lead, twelve days ago: within the contact's 30")
          .isEqualTo("returning-contact");
      assertThat(her.repId()).isEqualTo("ana");
    }
  }

  @Test
  void badSettingsAreRefusedByName() {
    assertThatThrownBy(() -> Router.builder().roster(REPS).manualTimers()
        .step("same-company", StrategyConfig.of("withinDays", "-1")).build()).hasMessageContaining("withinDays")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> Router.builder().roster(REPS).manualTimers()
        .step("same-company", StrategyConfig.of("days", "3")).build()).hasMessageContaining("days");
  }
}
