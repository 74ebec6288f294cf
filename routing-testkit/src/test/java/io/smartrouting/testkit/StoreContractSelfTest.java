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

  /**
   * An in-memory store that shares availability and outcomes as a shared store does: overrides in a map, one model
   * for every outcome (fading with the half-life it is given, off by {@code halvingLate} outcomes), a credit marker per
   * lead, and released leads kept.
   */
  private static class SharingStore extends ForwardingStore {
    final java.util.Map<String, Boolean> overrides = new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.Set<String> credited = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final java.util.Map<String, io.smartrouting.core.state.ReleasedLead> released =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final long halvingLate;
    private io.smartrouting.core.learning.@Nullable ConversionModel model;

    SharingStore(long halvingLate) {
      this.halvingLate = halvingLate;
    }

    @Override
    public boolean sharesAvailability() {
      return true;
    }

    @Override
    public void setAvailabilityOverride(String repId, @Nullable Boolean available) {
      if (available == null) {
        overrides.remove(repId);
      } else {
        overrides.put(repId, available);
      }
    }

    @Override
    public java.util.Map<String, Boolean> availabilityOverrides() {
      return java.util.Map.copyOf(overrides);
    }

    @Override
    public boolean sharesOutcomes() {
      return true;
    }

    @Override
    public boolean fadesOutcomes() {
      return true;
    }

    @Override
    public synchronized boolean recordOutcome(String leadId, String repId, io.smartrouting.api.Segment segment,
        @Nullable String industry, boolean won, long halfLifeOutcomes, java.time.Duration creditWindow) {
      if (!credited.add(leadId)) {
        return false;
      }
      if (model == null) {
        model = new io.smartrouting.core.learning.ConversionModel(io.smartrouting.core.learning.LearningPolicy
            .builder().halfLifeOutcomes(halfLifeOutcomes == 0 ? 0 : halfLifeOutcomes + halvingLate).build());
      }
      model.record(repId, segment, industry, won);
      return true;
    }

    @Override
    public synchronized java.util.List<io.smartrouting.core.learning.OutcomeCount> outcomeCounts() {
      return model == null ? java.util.List.of() : model.counts();
    }

    @Override
    public @Nullable Placement releasePlacement(String leadId) {
      Placement p = super.releasePlacement(leadId);
      if (p != null) {
        released.put(leadId, new io.smartrouting.core.state.ReleasedLead(p, null));
      }
      return p;
    }

    @Override
    public io.smartrouting.core.state.@Nullable ReleasedLead releasedLead(String leadId) {
      return released.get(leadId);
    }
  }

  @Test
  void aStoreThatSharesAvailabilityAndOutcomesAsOneModelPasses() {
    RoutingStateStoreContract contract = contractOn(() -> new SharingStore(0));
    contract.availabilityOverridesAreReadBackAsLastSet();
    contract.closedOutcomesAreCountedOnceAndFadeAsOneModelWould();
    contract.aReleasedLeadIsKeptWithItsFactsWhenAsked();
  }

  @Test
  void aSharedStoreThatKeepsAClearedOverrideFails() {
    RoutingStateStoreContract contract = contractOn(() -> new SharingStore(0) {
      @Override
      public void setAvailabilityOverride(String repId, @Nullable Boolean available) {
        if (available != null) {
          super.setAvailabilityOverride(repId, available);
        }
      }
    });
    assertThatThrownBy(contract::availabilityOverridesAreReadBackAsLastSet).hasMessageContaining("cy's cleared");
  }

  @Test
  void aSharedStoreThatCountsAnOutcomeReportedTwiceFails() {
    RoutingStateStoreContract contract = contractOn(() -> new SharingStore(0) {
      @Override
      public synchronized boolean recordOutcome(String leadId, String repId, io.smartrouting.api.Segment segment,
          @Nullable String industry, boolean won, long halfLifeOutcomes, java.time.Duration creditWindow) {
        credited.remove(leadId); // no credit marker: every report counts
        return super.recordOutcome(leadId, repId, segment, industry, won, halfLifeOutcomes, creditWindow);
      }
    });
    assertThatThrownBy(contract::closedOutcomesAreCountedOnceAndFadeAsOneModelWould)
        .hasMessageContaining("reported again");
  }

  @Test
  void aSharedStoreThatHalvesOneOutcomeLateFails() {
    RoutingStateStoreContract contract = contractOn(() -> new SharingStore(1));
    assertThatThrownBy(contract::closedOutcomesAreCountedOnceAndFadeAsOneModelWould)
        .hasMessageContaining("after outcome");
  }

  @Test
  void aSharedStoreThatForgetsReleasedLeadsFails() {
    RoutingStateStoreContract contract = contractOn(() -> new SharingStore(0) {
      @Override
      public io.smartrouting.core.state.@Nullable ReleasedLead releasedLead(String leadId) {
        return null;
      }
    });
    assertThatThrownBy(contract::aReleasedLeadIsKeptWithItsFactsWhenAsked).hasMessageContaining("the released lead");
  }
}
