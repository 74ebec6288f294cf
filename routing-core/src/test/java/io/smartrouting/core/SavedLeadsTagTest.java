package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.testing.TestStrategies;
import io.smartrouting.core.testing.ForwardingStateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link Router.Builder#tagsSavedLeads}: the facts a router saves with every lead it places or moves carry its tag,
 * beside the lead's own attributes, while its strategies see the lead as it was given.
 */
class SavedLeadsTagTest {

  /** A store that keeps the facts saved with open leads, as a shared store does. */
  private static final class KeepingFacts extends ForwardingStateStore {
    final Map<String, Lead> facts = new ConcurrentHashMap<>();

    @Override
    public void saveLead(Lead lead) {
      if (inner.placement(lead.id()) != null) {
        facts.put(lead.id(), lead);
      }
    }

    @Override
    public Lead savedLead(String leadId) {
      return inner.placement(leadId) == null ? null : facts.get(leadId);
    }
  }

  @Test
  void everySavedLeadCarriesTheTagAndStrategiesSeeTheLeadAsGiven() {
    KeepingFacts store = new KeepingFacts();
    List<Map<String, String>> seen = new ArrayList<>();
    io.smartrouting.spi.RoutingStrategy watching = ctx -> {
      seen.add(ctx.lead().attributes());
      return TestStrategies.LEAST_LOADED.apply(ctx);
    };
    try (Router router = Router.builder().stateStore(store)
        .clock(new ManualClock(Instant.parse("2026-12-07T10:00:00Z"))).roster(List.of(Rep.builder("ana").territories("US").capacity(5).build(),
            Rep.builder("ben").territories("US").capacity(5).build()))
        .strategies(StrategyRegistry.of()).manualTimers().step("watching", watching)
        .tagsSavedLeads("smartrouting.experiment", "e/b").build()) {
      Decision d = router.route(Lead.builder("l1").country("US").attribute("campaign", "q4").build());
      assertThat(seen).containsExactly(Map.of("campaign", "q4"));
      assertThat(store.savedLead("l1").attributes()).as("saved with the placement")
          .isEqualTo(Map.of("campaign", "q4", "smartrouting.experiment", "e/b"));
      Decision moved = router.transfer("l1");
      assertThat(moved.repId()).isNotEqualTo(d.repId());
      assertThat(store.savedLead("l1").attributes()).as("saved with the move")
          .isEqualTo(Map.of("campaign", "q4", "smartrouting.experiment", "e/b"));
      router.update(Lead.builder("l1").country("US").employees(5_000).build());
      assertThat(store.savedLead("l1").attributes()).as("saved with the update, which named no attributes")
          .isEqualTo(Map.of("smartrouting.experiment", "e/b"));
      assertThat(router.leadFacts("l1")).as("the facts known for the open lead, updated")
          .hasValueSatisfying(l -> assertThat(l.employees().getAsInt()).isEqualTo(5_000));
      assertThat(router.leadFacts("unknown")).isEmpty();
      router.release("l1");
      assertThat(router.leadFacts("l1")).as("released, but decided within the idempotency window").isPresent();
    }
  }

  @Test
  void aBlankTagIsNamed() {
    assertThatThrownBy(() -> Router.builder().tagsSavedLeads(" ", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tagsSavedLeads");
    assertThatThrownBy(() -> Router.builder().tagsSavedLeads("k", ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tagsSavedLeads");
    assertThatThrownBy(() -> Router.builder().tagsSavedLeads(null, "x"))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("tagsSavedLeads");
  }
}
