package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code returning-contact} on many nodes: the contact's latest lead is noted in Redis by the placement script, so a
 * person's second lead reaches the rep of the first whichever node routes it, and nothing once that lead is closed.
 */
class SharedReturningContactTest extends RedisServerTest {

  private static final List<Rep> REPS = List.of(Rep.builder("ana").territories("US").capacity(50).build(),
      Rep.builder("bob").territories("US").capacity(50).build(),
      Rep.builder("cleo").territories("US").capacity(50).build());

  private static Lead lead(String id, String email) {
    return Lead.builder(id).country("US").email(email).build();
  }

  @Test
  void withinDaysAPersonBackAfterTheirLeadClosedMeetsItsRepOnAnyNode() {
    try (RedisStateStore s1 = server.patientStore("contacts-back").build();
        RedisStateStore s2 = server.patientStore("contacts-back").build();
        Router r1 = Router.builder().roster(REPS).stateStore(s1).manualTimers()
            .step("returning-contact", io.smartrouting.spi.StrategyConfig.of("withinDays", "30"))
            .step("round-robin").build();
        Router r2 = Router.builder().roster(REPS).stateStore(s2).manualTimers()
            .step("returning-contact", io.smartrouting.spi.StrategyConfig.of("withinDays", "30"))
            .step("round-robin").build()) {
      assertThat(s1.releasedLeadsKept()).as("released leads kept as long as the step looks back")
          .isGreaterThanOrEqualTo(java.time.Duration.ofDays(30));
      Decision first = r1.route(lead("L1", "jane@gmail.com"));
      r1.release("L1");
      for (int i = 0; i < 4; i++) {
        (i % 2 == 0 ? r2 : r1).route(lead("other-" + i, "p" + i + "@x.org"));
      }
      Decision back = r2.route(lead("L2", "jane@gmail.com"));
      assertThat(back.repId()).isEqualTo(first.repId());
      assertThat(back.decidedBy()).isEqualTo("returning-contact");
    }
  }

  @Test
  void withinDaysCountsFromTheClosingNotTheRoutingWhicheverWayTheReleaseTravels() {
    io.smartrouting.core.ManualClock clock = new io.smartrouting.core.ManualClock(
        java.time.Instant.parse("2026-09-01T15:00:00Z"));
    try (RedisStateStore s1 = server.patientStore("contacts-closing").build();
        RedisStateStore s2 = server.patientStore("contacts-closing").build();
        Router r1 = Router.builder().roster(REPS).stateStore(s1).clock(clock).manualTimers()
            .step("returning-contact", io.smartrouting.spi.StrategyConfig.of("withinDays", "30"))
            .step("round-robin").build();
        Router r2 = Router.builder().roster(REPS).stateStore(s2).clock(clock).manualTimers()
            .step("returning-contact", io.smartrouting.spi.StrategyConfig.of("withinDays", "30"))
            .step("round-robin").build()) {
      Decision jane = r1.route(lead("J1", "jane@gmail.com"));
      Decision kim = r1.route(lead("K1", "kim@gmail.com"));
      Decision lee = r1.route(lead("E1", "lee@gmail.com"));
      clock.advance(java.time.Duration.ofDays(10));
      r1.release("E1"); // closed 51 days before her next lead
      clock.advance(java.time.Duration.ofDays(50));
      r1.release("J1"); // worked 60 days, closed the day before her next lead
      java.util.concurrent.CompletableFuture<Boolean> k = r1.releaseAsync("K1");
      r1.route(lead("other-1", "p1@x.org")); // the queued release rides in this decision's script
      assertThat(k.join()).isTrue();
      clock.advance(java.time.Duration.ofDays(1));
      Decision janeBack = r2.route(lead("J2", "jane@gmail.com"));
      assertThat(janeBack.repId()).as("closed yesterday, routed 61 days ago").isEqualTo(jane.repId());
      assertThat(janeBack.decidedBy()).isEqualTo("returning-contact");
      Decision kimBack = r2.route(lead("K2", "kim@gmail.com"));
      assertThat(kimBack.repId()).as("released asynchronously, with its closing time").isEqualTo(kim.repId());
      assertThat(kimBack.decidedBy()).isEqualTo("returning-contact");
      Decision leeBack = r2.route(lead("E2", "lee@gmail.com"));
      assertThat(leeBack.decidedBy()).as("closed 51 days ago (last rep %s)", lee.repId()).isEqualTo("round-robin");
    }
  }

  @Test
  void aLeadTransferredWithAnotherAddressOnAnotherNodeIsThatPersonsNotTheFirsts() {
    try (RedisStateStore s1 = server.patientStore("contacts-rekey").build();
        RedisStateStore s2 = server.patientStore("contacts-rekey").build();
        Router r1 = Router.builder().roster(REPS).stateStore(s1).manualTimers().step("returning-contact")
            .step("round-robin").build();
        Router r2 = Router.builder().roster(REPS).stateStore(s2).manualTimers().step("returning-contact")
            .step("round-robin").build()) {
      Decision first = r1.route(lead("L1", "jane@gmail.com"));
      // Corrected on the other node, which never saw the old address (Redis keeps none with the facts).
      Decision moved = r2.transfer(lead("L1", "kim@gmail.com"));
      assertThat(moved.repId()).isNotNull().isNotEqualTo(first.repId());
      Decision kim = r1.route(lead("K1", "kim@gmail.com"));
      assertThat(kim.repId()).isEqualTo(moved.repId());
      assertThat(kim.decidedBy()).isEqualTo("returning-contact");
      assertThat(r2.route(lead("J1", "jane@gmail.com")).decidedBy()).as("the corrected lead is not Jane's")
          .isEqualTo("round-robin");
    }
  }

  @Test
  void aPersonsSecondLeadOnAnotherNodeGoesToTheRepOfTheFirst() {
    try (RedisStateStore s1 = server.patientStore("contacts").build();
        RedisStateStore s2 = server.patientStore("contacts").build();
        Router r1 = Router.builder().roster(REPS).stateStore(s1).manualTimers().step("returning-contact")
            .step("round-robin").build();
        Router r2 = Router.builder().roster(REPS).stateStore(s2).manualTimers().step("returning-contact")
            .step("round-robin").build()) {
      Decision first = r1.route(lead("L1", "jane@gmail.com"));
      assertThat(first.repId()).isNotNull();
      for (int i = 0; i < 5; i++) {
        // Other people's leads move the round-robin turn on, on both nodes.
        (i % 2 == 0 ? r2 : r1).route(lead("other-" + i, "p" + i + "@x.org"));
      }
      Decision again = r2.route(lead("L2", "Jane@Gmail.com"));
      assertThat(again.repId()).isEqualTo(first.repId());
      assertThat(again.decidedBy()).isEqualTo("returning-contact");
      assertThat(r1.route(lead("L2b", "jane@gmail.com")).repId()).as("and back on the first node")
          .isEqualTo(first.repId());
      r1.release("L2b");

      r1.release("L2");
      assertThat(r2.route(lead("L3", "jane@gmail.com")).repId()).as("her first lead is still open")
          .isEqualTo(first.repId());
      r2.release("L3");
      r2.release("L1");
      Decision later = r1.route(lead("L4", "jane@gmail.com"));
      assertThat(later.decidedBy()).as("no lead of hers is open").isEqualTo("round-robin");
    }
  }

  @Test
  void aLeadThatWaitedInTheQueueIsFoundOnAnotherNodeOnceADrainGaveItARep() {
    List<Rep> one = List.of(Rep.builder("ana").territories("US").capacity(2).build());
    try (RedisStateStore s1 = server.patientStore("contacts-queued").build();
        RedisStateStore s2 = server.patientStore("contacts-queued").build();
        Router r1 = Router.builder().roster(one).stateStore(s1).manualTimers().step("returning-contact")
            .step("round-robin").build();
        Router r2 = Router.builder().roster(one).stateStore(s2).manualTimers().step("returning-contact")
            .step("round-robin").build()) {
      r1.route(lead("X1", "x1@x.org"));
      r1.route(lead("X2", "x2@x.org")); // ana is full
      assertThat(r1.route(lead("L1", "jane@gmail.com")).queue()).as("it waits").isNotNull();
      r1.release("X1");
      r1.drainQueues();
      assertThat(r1.placement("L1")).get().extracting(p -> p.repId()).isEqualTo("ana");
      r1.release("X2");
      Decision again = r2.route(lead("L2", "JANE@gmail.com"));
      assertThat(again.decidedBy()).as("the queued placement noted her; the drain gave it to ana")
          .isEqualTo("returning-contact");
      assertThat(again.repId()).isEqualTo("ana");
    }
  }
}
