package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.state.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The hand-off from sales development to account executives: a lead that an SDR qualifies ({@link Router#update}
 * with {@code salesQualified}) leaves the SDR for the chain's rep for qualified leads when the router hands qualified
 * leads off ({@link Router.Builder#handOffQualifiedLeads}), and stays where it is otherwise.
 */
class QualifiedHandOffTest {

  private static final Instant MONDAY_NOON = Instant.parse("2026-12-07T12:00:00Z");

  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();
  private final ManualClock clock = new ManualClock(MONDAY_NOON);

  private static Rep rep(String id, RepRole role, int capacity) {
    return Rep.builder(id).territories("US").role(role).capacity(capacity).build();
  }

  /** SDRs take new leads, AEs qualified ones: the usual two pools, one round-robin step each. */
  private Router.Builder router(List<Rep> reps, List<Account> accounts) {
    return Router.builder().roster(reps).accounts(accounts).clock(clock).manualTimers().listener(events::add)
        .maxOverride(0)
        .step(ChainStep.of("account-owner"))
        .step(ChainStep.of("round-robin").named("closers").when("sales_qualified = true").reps("role = 'AE'"))
        .step(ChainStep.of("round-robin").named("qualifiers").reps("role = 'SDR'"));
  }

  private static Lead.Builder lead(String id) {
    return Lead.builder(id).country("US").region("NY").employees(50).icpScore(80); // Tier 2: an hour's SLA
  }

  private List<RoutingEvent.LeadMoved> moves() {
    List<RoutingEvent.LeadMoved> out = new ArrayList<>();
    for (RoutingEvent e : events) {
      if (e instanceof RoutingEvent.LeadMoved m) {
        out.add(m);
      }
    }
    return out;
  }

  @Test
  void aLeadTheSdrQualifiesGoesToAnAeWithANewDeadlineAndFreesTheSdr() {
    Router router = router(List.of(rep("sdr-1", RepRole.SDR, 5), rep("ae-1", RepRole.AE, 5)), List.of())
        .handOffQualifiedLeads(true).build();
    Lead lead = lead("l1").build();
    assertThat(router.route(lead).repId()).isEqualTo("sdr-1");
    clock.advance(Duration.ofMinutes(3));
    assertThat(router.recordContact("l1", clock.instant())).isTrue();
    clock.advance(Duration.ofDays(2));
    Decision said = router.previewUpdate(Lead.builderFrom(lead).salesQualified(true).build());
    assertThat(said.repId()).as("who gets it if it is marked qualified").isEqualTo("ae-1");
    assertThat(router.openLeads("sdr-1")).as("a preview moves nothing").isEqualTo(1);

    Decision d = router.update(Lead.builderFrom(lead).salesQualified(true).build());

    assertThat(d.repId()).isEqualTo("ae-1");
    assertThat(d.decidedBy()).as("the chain's step for qualified leads").isEqualTo("closers");
    assertThat(d.hasFlag(Flag.TRANSFERRED)).isTrue();
    assertThat(d.explain()).contains("sales-qualified while sdr-1 (SDR) held it: handed off");
    Placement p = router.placement("l1").orElseThrow();
    assertThat(p.repId()).isEqualTo("ae-1");
    assertThat(p.contactedAt()).as("the AE has not called yet").isNull();
    assertThat(p.slaDeadline()).as("a Tier 2 lead's hour, from the hand-off")
        .isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    assertThat(p.earlierHolders()).containsExactly("sdr-1");
    assertThat(router.openLeads("sdr-1")).isZero();
    assertThat(router.openLeads("ae-1")).isEqualTo(1);
    assertThat(moves()).singleElement().satisfies(m -> {
      assertThat(m.move()).isEqualTo(RoutingEvent.Move.QUALIFIED);
      assertThat(m.fromRepId()).isEqualTo("sdr-1");
      assertThat(m.decision().repId()).isEqualTo("ae-1");
    });

    // Told again (a CRM sends every edit): already qualified, it stays with the AE.
    Decision again = router.update(Lead.builderFrom(lead).salesQualified(true).title("VP Sales").build());
    assertThat(again.repId()).isEqualTo("ae-1");
    assertThat(moves()).hasSize(1);
  }

  @Test
  void withoutTheSettingTheSdrInContactKeepsTheQualifiedLead() {
    Router router = router(List.of(rep("sdr-1", RepRole.SDR, 5), rep("ae-1", RepRole.AE, 5)), List.of()).build();
    Lead lead = lead("l1").build();
    router.route(lead);
    router.recordContact("l1", clock.instant());

    Decision d = router.update(Lead.builderFrom(lead).salesQualified(true).build());

    assertThat(d.repId()).isEqualTo("sdr-1");
    assertThat(d.explain()).contains("it stays with sdr-1, who is in contact already");
    assertThat(moves()).isEmpty();
  }

  @Test
  void onlyAnSdrHandsOffAndOnlyWhenTheLeadTurnsQualified() {
    Router router = router(List.of(rep("sdr-1", RepRole.SDR, 5), rep("ae-1", RepRole.AE, 5),
        rep("ae-2", RepRole.AE, 5)), List.of()).handOffQualifiedLeads(true).build();
    // Arrived qualified (a partner's referral): the chain gives it to an AE, and an update leaves it there.
    Lead referred = lead("ref").salesQualified(true).build();
    String ae = router.route(referred).repId();
    assertThat(ae).startsWith("ae-");
    assertThat(router.update(Lead.builderFrom(referred).employees(80).build()).repId()).isEqualTo(ae);
    // A person gave an unqualified lead to an AE: qualifying it keeps it there.
    Lead given = lead("given").build();
    assertThat(router.route(given).repId()).isEqualTo("sdr-1");
    router.reassign("given", "ae-2", "the customer asked for them");
    assertThat(router.update(Lead.builderFrom(given).salesQualified(true).build()).repId()).isEqualTo("ae-2");
    // The SDR's lead updated with other facts, still unqualified: it stays.
    Lead other = lead("other").build();
    assertThat(router.route(other).repId()).isEqualTo("sdr-1");
    assertThat(router.update(Lead.builderFrom(other).employees(120).build()).repId()).isEqualTo("sdr-1");
    assertThat(moves()).noneMatch(m -> m.move() == RoutingEvent.Move.QUALIFIED);
  }

  @Test
  void aQualifiedLeadOfAKnownAccountGoesToTheAccountsAe() {
    Account acme = Account.builder("acme").name("Acme").domains("acme.com").ownerRepId("sdr-1").aeRepId("ae-2").build();
    Router router = router(List.of(rep("sdr-1", RepRole.SDR, 5), rep("ae-1", RepRole.AE, 5),
        rep("ae-2", RepRole.AE, 5)), List.of(acme)).handOffQualifiedLeads(true).build();
    Lead lead = lead("l1").email("pat@acme.com").build();
    assertThat(router.route(lead).repId()).as("the account's owner").isEqualTo("sdr-1");

    Decision d = router.update(Lead.builderFrom(lead).salesQualified(true).build());

    assertThat(d.repId()).as("the account's AE, not the next AE in turn").isEqualTo("ae-2");
    assertThat(moves()).singleElement().extracting(RoutingEvent.LeadMoved::move)
        .isEqualTo(RoutingEvent.Move.QUALIFIED);
  }

  @Test
  void withNoAeFreeTheQualifiedLeadWaitsAndDrainsToAnAeNeverBackToTheSdr() {
    Router router = router(List.of(rep("sdr-1", RepRole.SDR, 5), rep("ae-1", RepRole.AE, 1)), List.of())
        .handOffQualifiedLeads(true).build();
    Lead busy = lead("busy").salesQualified(true).build();
    assertThat(router.route(busy).repId()).isEqualTo("ae-1");
    Lead lead = lead("l1").build();
    assertThat(router.route(lead).repId()).isEqualTo("sdr-1");

    assertThat(router.previewUpdate(Lead.builderFrom(lead).salesQualified(true).build()).queue())
        .as("the preview says it would wait").isEqualTo("unassigned");
    Decision d = router.update(Lead.builderFrom(lead).salesQualified(true).build());

    assertThat(d.queue()).isEqualTo("unassigned");
    assertThat(d.explain()).contains("handed off; nobody else can take it now");
    assertThat(router.openLeads("sdr-1")).isZero();
    router.fireDueTimers();
    assertThat(router.placement("l1").orElseThrow().queue()).as("the SDR has room, but it is done with it")
        .isEqualTo("unassigned");

    router.release("busy");
    router.fireDueTimers();

    Placement p = router.placement("l1").orElseThrow();
    assertThat(p.repId()).isEqualTo("ae-1");
    assertThat(p.tier()).isEqualTo(Tier.TIER_2);
    assertThat(moves()).extracting(RoutingEvent.LeadMoved::move)
        .containsExactly(RoutingEvent.Move.QUALIFIED, RoutingEvent.Move.DRAINED);
  }

  @Test
  void aQualifiedLeadWaitingForAnAeIsDueWithinItsTiersSlaFromTheHandOff() {
    Router router = router(List.of(rep("sdr-1", RepRole.SDR, 5), rep("ae-1", RepRole.AE, 1)), List.of())
        .handOffQualifiedLeads(true).build();
    assertThat(router.route(lead("busy").salesQualified(true).build()).repId()).isEqualTo("ae-1");
    Lead lead = lead("l1").build();
    assertThat(router.route(lead).repId()).isEqualTo("sdr-1");
    clock.advance(Duration.ofMinutes(3));
    assertThat(router.recordContact("l1", clock.instant())).isTrue();
    clock.advance(Duration.ofDays(2));
    Lead qualified = Lead.builderFrom(lead).salesQualified(true).build();
    Instant due = clock.instant().plus(Duration.ofHours(1)); // Tier 2, and nobody's shifts: the wall clock
    assertThat(router.previewUpdate(qualified).slaDeadline()).as("the preview says so").isEqualTo(due);

    Decision d = router.update(qualified);

    // The SDR called it two days ago; an AE has not: waiting for one, it is due as a new Tier 2 lead would be (until
    // 8 December 2026 it waited without a deadline, and nobody was told however long no AE was free).
    assertThat(d.queue()).isEqualTo("unassigned");
    assertThat(d.slaDeadline()).isEqualTo(due);
    assertThat(router.placement("l1").orElseThrow().slaDeadline()).isEqualTo(due);
    clock.advance(Duration.ofMinutes(61));
    router.fireDueTimers();
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.SlaBreached b && b.leadId().equals("l1"))
        .singleElement().satisfies(e -> assertThat(((RoutingEvent.SlaBreached) e).queue()).isEqualTo("unassigned"));
  }

  private static Rep podRep(String id, RepRole role, String team, int capacity) {
    return Rep.builder(id).territories("US").role(role).team(team).capacity(capacity).build();
  }

  @Test
  void withinTeamAQualifiedLeadGoesToItsSdrsPodFirstAndElsewhereOnlyWhenThePodIsFull() {
    List<Rep> reps = List.of(podRep("sdr-east", RepRole.SDR, "east", 5), podRep("ae-west", RepRole.AE, "west", 5),
        podRep("ae-east", RepRole.AE, "east", 1), rep("sdr-solo", RepRole.SDR, 5));
    Router router = router(reps, List.of()).handOffQualifiedLeads(true).handOffWithinTeam(true).build();
    // Round-robin among the AEs would give the first qualified lead to ae-west, the first on the roster.
    Lead first = lead("l1").build();
    Lead second = lead("l2").build();
    Lead third = lead("l3").build();
    assertThat(router.route(first).repId()).isEqualTo("sdr-east");
    assertThat(router.route(second).repId()).isEqualTo("sdr-solo");
    assertThat(router.route(third).repId()).isEqualTo("sdr-east");

    Lead qualified = Lead.builderFrom(first).salesQualified(true).build();
    Decision said = router.previewUpdate(qualified);
    Decision d = router.update(qualified);

    assertThat(d.repId()).as("the east pod's AE").isEqualTo("ae-east");
    assertThat(said.repId()).as("previewed").isEqualTo("ae-east");
    assertThat(d.explain()).contains("excluded, outside sdr-east's team 'east' (a qualified lead goes to its SDR's team"
        + " first): ae-west");
    // An SDR with no team hands off as without the setting.
    assertThat(router.update(Lead.builderFrom(second).salesQualified(true).build()).repId()).isEqualTo("ae-west");
    // The pod's AE is full now: the next qualified lead of the pod goes to whoever the chain picks among all.
    Lead third2 = Lead.builderFrom(third).salesQualified(true).build();
    assertThat(router.previewUpdate(third2).repId()).isEqualTo("ae-west");
    assertThat(router.update(third2).repId()).isEqualTo("ae-west");
    assertThat(moves()).extracting(RoutingEvent.LeadMoved::move).containsOnly(RoutingEvent.Move.QUALIFIED);
  }

  @Test
  void aReconfigurationTurnsTheHandOffOnForLeadsAlreadyOpen() {
    List<Rep> reps = List.of(rep("sdr-1", RepRole.SDR, 5), rep("ae-1", RepRole.AE, 5));
    Router router = router(reps, List.of()).build();
    Lead lead = lead("l1").build();
    router.route(lead);

    router.reconfigure(router(reps, List.of()).handOffQualifiedLeads(true));

    assertThat(router.update(Lead.builderFrom(lead).salesQualified(true).build()).repId()).isEqualTo("ae-1");
  }
}
