package io.smartrouting.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.core.state.InMemoryStateStore;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.RoutingStateStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The store contract passes the in-memory store and catches stores that break it. */
class StoreContractSelfTest {

  @Nested
  class TheInMemoryStorePasses extends RoutingStateStoreContract {
    @Override
    protected RoutingStateStore createStore() {
      return new InMemoryStateStore();
    }
  }

  /** The contract on the stores {@code stores} makes, one for each test. */
  private static RoutingStateStoreContract contractOn(java.util.function.Supplier<RoutingStateStore> stores) {
    return new RoutingStateStoreContract() {
      @Override
      protected RoutingStateStore createStore() {
        return stores.get();
      }
    };
  }

  @Test
  void aStoreWhoseReplaceIgnoresTheExpectedPlacementFails() {
    RoutingStateStoreContract contract = contractOn(() -> new ForwardingStore() {
      @Override
      public boolean replacePlacement(Placement expected, Placement next) {
        Placement now = inner.placement(expected.leadId());
        return now != null && inner.replacePlacement(now, next);
      }
    });
    assertThatThrownBy(contract::replacePlacementIsACompareAndSet).hasMessageContaining("a stale expectation");
  }

  @Test
  void aStoreThatForgetsTheFirstContactFails() {
    RoutingStateStoreContract contract = contractOn(() -> new ForwardingStore() {
      @Override
      public @Nullable Placement markContacted(String leadId, java.time.Instant at) {
        Placement p = inner.placement(leadId);
        if (p != null && p.contactedAt() != null) {
          inner.replacePlacement(p, p.withContactedAt(at)); // overwrites the first contact
          return p;
        }
        return inner.markContacted(leadId, at);
      }
    });
    assertThatThrownBy(contract::aFirstContactIsMarkedOnce).hasMessageContaining("the first contact stays");
  }

  @Test
  void aStoreThatListsWaitingLeadsOutOfOrderFails() {
    RoutingStateStoreContract contract = contractOn(() -> new ForwardingStore() {
      @Override
      public java.util.List<String> queuedLeadIds(@Nullable String queue) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (Placement p : inner.queuedPlacements()) {
          if (queue == null || queue.equals(p.queue())) {
            ids.add(p.leadId());
          }
        }
        java.util.Collections.sort(ids); // by id alone: tier and waiting time ignored
        return ids;
      }
    });
    assertThatThrownBy(contract::waitingLeadsAreListedInClaimOrderAndCounted).isInstanceOf(AssertionError.class);
  }

  @Test
  void aStoreWhoseReleaseKeepsTheUnitFails() {
    RoutingStateStoreContract contract = contractOn(() -> new ForwardingStore() {
      @Override
      public @Nullable Placement releasePlacement(String leadId) {
        return inner.removePlacement(leadId); // the rep's unit stays taken
      }
    });
    assertThatThrownBy(contract::aReleaseRemovesThePlacementAndGivesBackItsUnitOnce)
        .hasMessageContaining("the unit given back");
  }

  /** A store written before placements kept their history: it stores every field it knows, and not those. */
  @Test
  void aStoreThatDropsAMovedPlacementsHistoryFails() {
    RoutingStateStoreContract contract = contractOn(() -> new ForwardingStore() {
      @Override
      public boolean replacePlacement(Placement expected, Placement next) {
        return inner.replacePlacement(expected, new Placement(next.leadId(), next.repId(), next.queue(),
            next.tier(), next.assignedAt(), next.slaDeadline(), next.capacityOverride(), next.contactedAt(),
            next.progressedAt(), next.earlierHolders()));
      }
    });
    assertThatThrownBy(contract::aMoveGivesTheOldHolderItsUnitBack).hasMessageContaining("its history included");
  }
}
