package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Rep;
import io.smartrouting.core.state.InMemoryStateStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A decision or release that began on a roster snapshot and changes a rep's units after the router replaced it (a
 * roster, accounts or configuration update) refreshes the rep on the old snapshot; the new one, built from the store a
 * moment before, sees the change too. Until the night of 7 December 2026 it saw it only at the next timer tick, and
 * {@code CoverageChangeTest.realignmentsAndHandOversRacingRoutingLoseNoLead} once found a rep's view 8 leads short
 * after its race.
 */
class ReplacedSnapshotTest {

  @Test
  void aChangeFinishingOnAReplacedSnapshotReachesTheOneInForce() {
    InMemoryStateStore store = new InMemoryStateStore();
    AccountDirectory accounts = new AccountDirectory(List.of(), Set.of());
    List<Rep> before = List.of(Rep.builder("ana").territories("US").capacity(10).build(),
        Rep.builder("bob").territories("US").capacity(10).build());
    // The update reorders the roster and adds a rep: the same rep sits at another ordinal.
    List<Rep> after = List.of(Rep.builder("cy").territories("US").capacity(10).build(),
        Rep.builder("bob").territories("US").capacity(10).build(),
        Rep.builder("ana").territories("US").capacity(10).build());
    RosterSnapshot old = new RosterSnapshot(1, before, store, 0.9, accounts);
    RosterSnapshot next = new RosterSnapshot(2, after, store, 0.9, accounts);
    old.replacedBy(next);
    next.refreshAll();
    int anaOld = old.ordinalOf("ana");
    int anaNext = next.ordinalOf("ana");
    assertThat(anaNext).isNotEqualTo(anaOld);

    // A decision that read the old snapshot takes two of ana's units and refreshes her there.
    assertThat(store.rep("ana").tryReserve(10)).isTrue();
    assertThat(store.rep("ana").tryReserve(10)).isTrue();
    old.refreshSaturation(anaOld);
    assertThat(old.openLeads(anaOld)).isEqualTo(2);
    assertThat(next.openLeads(anaNext)).as("the snapshot in force sees it at once").isEqualTo(2);
    assertThat(next.openLeads(next.ordinalOf("bob"))).isZero();

    // A release finishing on the old one, and a third update: passed on down the line.
    RosterSnapshot third = new RosterSnapshot(3, before, store, 0.9, accounts);
    next.replacedBy(third);
    third.refreshAll();
    assertThat(store.rep("ana").release()).isTrue();
    old.refreshSaturation(anaOld);
    assertThat(next.openLeads(anaNext)).isEqualTo(1);
    assertThat(third.openLeads(third.ordinalOf("ana"))).isEqualTo(1);

    // A rep the update left out is refreshed where it still is, and nowhere else.
    RosterSnapshot withoutBob = new RosterSnapshot(4, List.of(before.get(0)), store, 0.9, accounts);
    third.replacedBy(withoutBob);
    withoutBob.refreshAll();
    assertThat(store.rep("bob").tryReserve(10)).isTrue();
    old.refreshSaturation(old.ordinalOf("bob"));
    assertThat(third.openLeads(third.ordinalOf("bob"))).isEqualTo(1);
    assertThat(withoutBob.ordinalOf("bob")).isEqualTo(-1);
  }
}
