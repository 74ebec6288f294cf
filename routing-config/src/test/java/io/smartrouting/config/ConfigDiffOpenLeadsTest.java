package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Lead;
import io.smartrouting.core.ExistingLead;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A comparison of two configurations with the book already open ({@link ConfigDiff#compare(RoutingConfig,
 * RoutingConfig, List, List, Clock, ConfigDiff.Mode)}): the reps' loads count it under both, the second's as its
 * reload would leave it, and the open leads the reload moves are named.
 */
class ConfigDiffOpenLeadsTest {

  private static final String TAIL = "fallback:\n  queue: unassigned\nchain:\n  - strategy: round-robin\n";
  /** Ana works the US, Bob Canada. */
  private static final RoutingConfig A = RoutingConfig.parse("reps:\n"
      + "  - {id: ana, territories: [US], capacity: 5}\n  - {id: bob, territories: [CA], capacity: 2}\n" + TAIL,
      "a.yaml");
  /** Ana leaves, her leads routed again; Bob takes the US too. */
  private static final RoutingConfig B = RoutingConfig.parse("when_reps_leave: reroute\nreps:\n"
      + "  - {id: bob, territories: [US, CA], capacity: 2}\n" + TAIL, "b.yaml");
  private static final RoutingConfig B_KEEPS = RoutingConfig.parse("reps:\n"
      + "  - {id: bob, territories: [US, CA], capacity: 2}\n" + TAIL, "b.yaml");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T15:00:00Z"), ZoneOffset.UTC);
  private static final Instant SINCE = Instant.parse("2026-12-07T09:00:00Z");

  private static final List<ExistingLead> BOOK = List.of(
      ExistingLead.heldBy(Lead.builder("o1").country("US").build(), "ana", SINCE),
      ExistingLead.heldBy(Lead.builder("o2").country("US").build(), "ana", SINCE));
  private static final List<Lead> FILE = List.of(Lead.builder("n1").country("US").build());

  @Test
  void theReloadMovesTheBookAndItsLoadCountsUnderTheSecondConfiguration() {
    for (ConfigDiff.Mode mode : ConfigDiff.Mode.values()) {
      ConfigDiff without = ConfigDiff.compare(A, B, FILE, CLOCK, mode);
      assertThat(without.changes()).as("%s: bob has room", mode).containsExactly(
          new ConfigDiff.Change("n1", "rep ana", "rep bob"));
      // In sequence the file's lead is left open with ana too, and moved with her.
      boolean sequence = mode == ConfigDiff.Mode.SEQUENCE;
      assertThat(without.offboarded()).isEqualTo(sequence ? List.of(new ConfigDiff.Change("n1", "rep ana", "rep bob"))
          : List.of());

      ConfigDiff with = ConfigDiff.compare(A, B, FILE, BOOK, CLOCK, mode);
      List<ConfigDiff.Change> book = List.of(new ConfigDiff.Change("o1", "rep ana", "rep bob"),
          new ConfigDiff.Change("o2", "rep ana", "rep bob"));
      assertThat(with.offboarded()).as("%s: the book's leads ana leaves, then bob is full", mode).isEqualTo(
          sequence ? java.util.stream.Stream.concat(book.stream(), java.util.stream.Stream.of(
              new ConfigDiff.Change("n1", "rep ana", "queue unassigned"))).toList() : book);
      assertThat(with.changes()).as("%s: bob is full of ana's book under b", mode).containsExactly(
          new ConfigDiff.Change("n1", "rep ana", "queue unassigned"));
      assertThat(with.leads()).as("the file's leads are compared, not the book").isEqualTo(1);

      // Without when_reps_leave the book stays with ana, who is on no roster of b: bob keeps his room.
      ConfigDiff kept = ConfigDiff.compare(A, B_KEEPS, FILE, BOOK, CLOCK, mode);
      assertThat(kept.changes()).containsExactly(new ConfigDiff.Change("n1", "rep ana", "rep bob"));
    }
  }

  @Test
  void theBookCountsUnderTheFirstConfigurationToo() {
    // Bob holds two Canadian leads: a Canadian lead of the file finds him full under a and b alike.
    List<ExistingLead> book = List.of(
        ExistingLead.heldBy(Lead.builder("c1").country("CA").build(), "bob", SINCE),
        ExistingLead.heldBy(Lead.builder("c2").country("CA").build(), "bob", SINCE).contactedAt(SINCE));
    List<Lead> file = List.of(Lead.builder("n2").country("CA").build());
    RoutingConfig roomier = RoutingConfig.parse("reps:\n  - {id: ana, territories: [US], capacity: 5}\n"
        + "  - {id: bob, territories: [CA], capacity: 4}\n" + TAIL, "c.yaml");
    for (ConfigDiff.Mode mode : ConfigDiff.Mode.values()) {
      assertThat(ConfigDiff.compare(A, roomier, file, book, CLOCK, mode).changes()).as("%s", mode).containsExactly(
          new ConfigDiff.Change("n2", "queue unassigned", "rep bob"));
      assertThat(ConfigDiff.compare(A, roomier, file, List.of(), CLOCK, mode).changes()).isEmpty();
    }
    assertThatThrownBy(() -> ConfigDiff.compare(A, B, file, List.of(ExistingLead.heldBy(
        Lead.builder("x").build(), "zed", SINCE)), CLOCK, ConfigDiff.Mode.PREVIEW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'zed'");
  }
}
