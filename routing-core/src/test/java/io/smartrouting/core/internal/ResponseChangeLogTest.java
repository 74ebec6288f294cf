package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.core.state.InMemoryStateStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The roster snapshot's log of response-time changes, which lets a strategy keep an order by response time exact:
 * every change is listed once it is counted, nothing is listed when nothing changed, and a count taken on another
 * snapshot or too long ago is refused rather than answered wrongly.
 */
class ResponseChangeLogTest {

  private static final List<Rep> ROSTER = List.of(Rep.builder("a").responseMinutes(10).build(),
      Rep.builder("b").responseMinutes(20).build(), Rep.builder("c").responseMinutes(30).build());

  private static RosterSnapshot snapshot(InMemoryStateStore store) {
    return new RosterSnapshot(1, ROSTER, store, 0.9,
        new AccountDirectory(List.of(), Router.DEFAULT_FREE_MAIL_DOMAINS));
  }

  @Test
  void changesAreListedOnceCountedAndOnlyWhenTheValueMoved() {
    InMemoryStateStore store = new InMemoryStateStore();
    RosterSnapshot snap = snapshot(store);
    long start = snap.responseChanges();
    assertThat(start).isNotNegative();
    int[] out = new int[16];
    assertThat(snap.responseChangesSince(start, out)).isZero();
    snap.refreshResponse(1); // nothing recorded: the value did not move
    assertThat(snap.responseChangesSince(start, out)).isZero();
    store.rep("b").recordResponseMinutes(2);
    snap.refreshResponse(1);
    store.rep("c").recordResponseMinutes(4);
    snap.refreshResponse(2);
    assertThat(snap.responseChangesSince(start, out)).isEqualTo(2);
    assertThat(Set.of(out[0], out[1])).containsExactlyInAnyOrder(1, 2);
    assertThat(snap.responseMinutes(1)).isEqualTo((20 + 2) / 2.0);
    assertThat(snap.responseChangesSince(snap.responseChanges(), out)).isZero();
  }

  @Test
  void aCountFromAnotherSnapshotOrTooLongAgoIsRefused() {
    InMemoryStateStore store = new InMemoryStateStore();
    RosterSnapshot first = snapshot(store);
    RosterSnapshot second = snapshot(store);
    int[] out = new int[16];
    assertThat(second.responseChangesSince(first.responseChanges(), out)).isEqualTo(-1);
    assertThat(first.responseChangesSince(second.responseChanges(), out)).isEqualTo(-1);
    long start = first.responseChanges();
    for (int i = 0; i < 20; i++) {
      store.rep("a").recordResponseMinutes(i);
      first.refreshResponse(0);
    }
    assertThat(first.responseChangesSince(start, out)).as("more changes than the buffer holds").isEqualTo(-1);
    assertThat(first.responseChangesSince(start, new int[32])).isEqualTo(20);
    for (int i = 0; i < RosterSnapshot.RESPONSE_LOG; i++) {
      store.rep("a").recordResponseMinutes(i % 7);
      first.refreshResponse(0);
    }
    assertThat(first.responseChangesSince(start, new int[RosterSnapshot.RESPONSE_LOG * 2]))
        .as("older than the log remembers").isEqualTo(-1);
  }

  @Test
  void aSmallRostersLogRemembersSixtyFourChanges() {
    InMemoryStateStore store = new InMemoryStateStore();
    RosterSnapshot snap = snapshot(store);
    long start = snap.responseChanges();
    int[] out = new int[RosterSnapshot.RESPONSE_LOG];
    for (int i = 0; i < 64; i++) {
      store.rep("b").recordResponseMinutes(i % 2 == 0 ? 1 : 1000);
      snap.refreshResponse(1);
    }
    assertThat(snap.responseChangesSince(start, out)).isEqualTo(64);
    assertThat(out).startsWith(1, 1, 1);
    store.rep("c").recordResponseMinutes(1000);
    snap.refreshResponse(2);
    assertThat(snap.responseChangesSince(start, out)).as("65 changes of a 3-rep roster").isEqualTo(-1);
    assertThat(snap.responseChangesSince(start + 1, out)).isEqualTo(64);
    assertThat(out[63]).isEqualTo(2);
  }
}
