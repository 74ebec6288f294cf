package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code returning-contact}: a second lead of the same person (same e-mail address, any case) goes to the rep of
 * the first while that lead is open and the rep may take it; otherwise the chain goes on, saying why.
 */
class ReturningContactTest {

  private static final List<Rep> REPS = List.of(Rep.builder("ana").territories("US").capacity(3).build(),
      Rep.builder("bob").territories("US").capacity(3).build());

  private static Router router(List<Rep> reps) {
    return Router.builder().roster(reps).manualTimers().step("returning-contact").step("round-robin").build();
  }

  private static Lead lead(String id, String email) {
    return Lead.builder(id).country("US").email(email).build();
  }

  @Test
  void aSecondLeadOfTheSamePersonGoesToTheRepOfTheFirstWhileItIsOpen() {
    try (Router router = router(REPS)) {
      Decision first = router.route(lead("L1", "jane@gmail.com"));
      assertThat(first.repId()).isEqualTo("ana");
      assertThat(router.route(lead("L2", "someone@else.org")).repId()).as("round-robin's next turn").isEqualTo("bob");
      Decision again = router.route(lead("L3", "  Jane@GMAIL.com "));
      assertThat(again.repId()).as("same person, whatever the case and blanks").isEqualTo("ana");
      assertThat(again.decidedBy()).isEqualTo("returning-contact");
      assertThat(again.explain()).contains("returning contact: the rep of the contact's open lead");

      router.release("L3");
      assertThat(router.route(lead("L3b", "jane@gmail.com")).repId()).as("her first lead is still open")
          .isEqualTo("ana");
      router.release("L3b");
      router.release("L1");
      Decision later = router.route(lead("L4", "jane@gmail.com"));
      assertThat(later.decidedBy()).as("no lead of hers is open any more").isEqualTo("round-robin");
      assertThat(later.explain()).contains("no open lead of the same contact");
    }
  }

  @Test
  void aLeadTransferredWithAnotherAddressIsThatPersonsNotTheFirsts() {
    List<Rep> three = List.of(REPS.get(0), REPS.get(1), Rep.builder("cy").territories("US").capacity(3).build());
    try (Router router = router(three)) {
      assertThat(router.route(lead("L1", "jane@gmail.com")).repId()).isEqualTo("ana");
      // The CRM corrects the lead's address: it was Kim's all along.
      Decision moved = router.transfer(lead("L1", "kim@gmail.com"));
      String holder = moved.repId();
      assertThat(holder).isNotNull().isNotEqualTo("ana");
      Decision kim = router.route(lead("K1", "kim@gmail.com"));
      assertThat(kim.repId()).as("Kim's next lead meets the rep of her corrected lead").isEqualTo(holder);
      assertThat(kim.decidedBy()).isEqualTo("returning-contact");
      Decision jane = router.route(lead("J1", "jane@gmail.com"));
      assertThat(jane.decidedBy()).as("Jane has no lead open: the corrected one is not hers").isEqualTo("round-robin");
    }
  }

  @Test
  void aLeadUpdatedWithAnotherAddressIsThatPersonsNotTheFirsts() {
    try (Router router = router(REPS)) {
      assertThat(router.route(lead("L1", "jane@gmail.com")).repId()).isEqualTo("ana");
      // The CRM corrects the address on the open lead: it stays with ana, and is Kim's now.
      assertThat(router.update(lead("L1", "kim@gmail.com")).repId()).isEqualTo("ana");
      Decision kim = router.route(lead("K1", "kim@gmail.com"));
      assertThat(kim.repId()).as("Kim's next lead meets the rep of her corrected lead").isEqualTo("ana");
      assertThat(kim.decidedBy()).isEqualTo("returning-contact");
      Decision jane = router.route(lead("J1", "jane@gmail.com"));
      assertThat(jane.decidedBy()).as("Jane has no lead open: the corrected one is not hers").isEqualTo("round-robin");
    }
  }

  @Test
  void theContactFollowsItsLeadWhenTheLeadMoves() {
    try (Router router = router(REPS)) {
      assertThat(router.route(lead("L1", "jane@gmail.com")).repId()).isEqualTo("ana");
      router.reassign("L1", "bob", "ana is on leave");
      assertThat(router.route(lead("L2", "jane@gmail.com")).repId()).isEqualTo("bob");
    }
  }

  @Test
  void aLeadThatWaitedInTheQueueIsFoundOnceADrainGaveItARep() {
    List<Rep> one = List.of(Rep.builder("ana").territories("US").capacity(2).build());
    try (Router router = router(one)) {
      router.route(lead("X1", "x1@x.org"));
      router.route(lead("X2", "x2@x.org")); // ana is full now
      Decision waiting = router.route(lead("L1", "jane@gmail.com"));
      assertThat(waiting.queue()).as("nobody free: it waits").isNotNull();
      router.release("X1");
      router.drainQueues();
      assertThat(router.placement("L1")).get().extracting(p -> p.repId()).isEqualTo("ana");
      router.release("X2"); // room for one more
      Decision again = router.route(lead("L2", "Jane@gmail.com"));
      assertThat(again.decidedBy()).as("L1 waited, then a drain gave it to ana: the index knows")
          .isEqualTo("returning-contact");
      assertThat(again.repId()).isEqualTo("ana");
    }
  }

  @Test
  void whenTheRepCannotTakeItTheChainGoesOnAndSaysWhy() {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(1).build(),
        Rep.builder("bob").territories("US").capacity(10).build());
    try (Router router = router(reps)) {
      assertThat(router.route(lead("L1", "jane@gmail.com")).repId()).isEqualTo("ana"); // now at her threshold
      Decision again = router.route(lead("L4", "jane@gmail.com"));
      assertThat(again.repId()).isEqualTo("bob");
      assertThat(again.explain()).contains("returning contact: ana holds the contact's open lead but cannot take this"
          + " one (at or above the capacity threshold)");
    }
  }

  @Test
  void aLeadWithoutAnAddressIsNotMatched() {
    try (Router router = router(REPS)) {
      router.route(lead("L1", "jane@gmail.com"));
      Decision d = router.route(Lead.builder("L2").country("US").build());
      assertThat(d.decidedBy()).isEqualTo("round-robin");
      assertThat(d.explain()).contains("no e-mail address to match a returning contact");
    }
  }

  @Test
  void withinDaysAContactComesBackToTheRepOfItsClosedLead() {
    io.smartrouting.core.ManualClock clock = new io.smartrouting.core.ManualClock(
        java.time.Instant.parse("2026-11-02T15:00:00Z"));
    try (Router router = Router.builder().roster(REPS).clock(clock).manualTimers()
        .step("returning-contact", io.smartrouting.spi.StrategyConfig.of("withinDays", "30")).step("round-robin")
        .build()) {
      assertThat(router.route(lead("L1", "jane@gmail.com")).repId()).isEqualTo("ana");
      router.release("L1");
      clock.advance(java.time.Duration.ofDays(10));
      assertThat(router.route(lead("X1", "other@x.org")).repId()).as("round-robin's next turn").isEqualTo("bob");
      Decision back = router.route(lead("L2", "jane@gmail.com"));
      assertThat(back.repId()).as("closed ten days ago, with ana").isEqualTo("ana");
      assertThat(back.explain()).contains("returning contact: the rep of the contact's open or recent lead");
      router.release("L2");
      router.release("X1");
      clock.advance(java.time.Duration.ofDays(31));
      Decision late = router.route(lead("L3", "jane@gmail.com"));
      assertThat(late.decidedBy()).as("her last lead closed 31 days ago").isEqualTo("round-robin");
      assertThat(late.explain()).contains("no lead of the same contact open or closed within 30 days");
      // Worked for two months, closed yesterday: recent, however long ago it was routed.
      String rep = late.repId();
      clock.advance(java.time.Duration.ofDays(60));
      router.release("L3");
      clock.advance(java.time.Duration.ofDays(1));
      Decision afterLongWork = router.route(lead("L4", "jane@gmail.com"));
      assertThat(afterLongWork.repId()).as("her lead routed 61 days ago closed yesterday").isEqualTo(rep);
      assertThat(afterLongWork.decidedBy()).isEqualTo("returning-contact");
    }
    try (Router openOnly = router(REPS)) {
      openOnly.route(lead("L1", "jane@gmail.com"));
      openOnly.release("L1");
      openOnly.route(lead("X1", "other@x.org"));
      assertThat(openOnly.route(lead("L2", "jane@gmail.com")).decidedBy()).as("without withinDays, closed leads"
          + " do not count").isEqualTo("round-robin");
    }
  }

  @Test
  void withinDaysOutsideItsRangeIsRefusedByName() {
    Router.Builder b = Router.builder().roster(REPS).manualTimers()
        .step("returning-contact", io.smartrouting.spi.StrategyConfig.of("withinDays", "400"));
    org.assertj.core.api.Assertions.assertThatThrownBy(b::build).hasMessageContaining("withinDays")
        .hasMessageContaining("400");
  }

  @Test
  void withoutTheStepNoContactIsNotedAndNothingChanges() {
    try (Router router = Router.builder().roster(REPS).manualTimers().step("round-robin").build()) {
      assertThat(router.route(lead("L1", "jane@gmail.com")).repId()).isEqualTo("ana");
      assertThat(router.route(lead("L2", "jane@gmail.com")).repId()).isEqualTo("bob");
    }
  }
}
