package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A preview of several moves at once ({@link Router#previewRecycling}, {@link Router#previewRealignment}) through
 * round-robin, weighted by rep, is what the moves then do, lead by lead and rep by rep: the preview takes its turns on
 * a copy of the credits kept for the whole preview ({@code RoutingContext.previewState}), so several leads are spread
 * as the real moves spread them, and the real turns are untouched by it.
 */
class SeveralMovesPreviewProperties {

  private static final Duration PERIOD = Duration.ofDays(14);

  /**
   * Reps covering the US (with {@code moved}, the even ones Canada instead); with {@code caps}, each takes at most one
   * to three leads a day from the chain, moves included, so the preview must count what its earlier moves give a rep.
   */
  private static List<Rep> reps(int n, boolean moved, boolean caps) {
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String territory = moved && i % 2 == 0 ? "CA" : "US";
      Rep.Builder b = Rep.builder("r" + i).territories(territory).capacity(4 + i % 3).weight(1 + i % 3);
      if (caps) {
        b.dailyCap(1 + (i * 7) % 3);
      }
      reps.add(b.build());
    }
    return reps;
  }

  /** Where a decision sends its lead, as the properties compare them: {@code L3 -> r1} or {@code L3 -> queue q}. */
  private static String place(Decision d) {
    return d.leadId() + " -> " + (d.repId() != null ? d.repId() : "queue " + d.queue());
  }

  /** The moves of kind {@code move} among {@code events}, in order, as {@link #place}. */
  private static List<String> made(List<RoutingEvent> events, RoutingEvent.Move move) {
    List<String> made = new ArrayList<>();
    for (RoutingEvent e : events) {
      if (e instanceof RoutingEvent.LeadMoved m && m.move() == move) {
        made.add(place(m.decision()));
      }
    }
    return made;
  }

  /** Previews the realignment to {@code after}, makes it, and checks that the moves made are those previewed. */
  private static void realignsAsPreviewed(Router router, List<RoutingEvent> events, List<Rep> after, String what) {
    List<String> previewed = router.previewRealignment(after).stream().map(SeveralMovesPreviewProperties::place)
        .toList();
    events.clear();
    router.updateRoster(after);
    assertThat(made(events, RoutingEvent.Move.REALIGNED)).as(what).isEqualTo(previewed);
  }

  /**
   * A round-robin router over 3 to 6 reps ({@link #reps}, with caps in half the tries) that has routed 2 to 17 leads
   * (each contacted with {@code contacts}, four times in five), with {@code builder} added to its settings.
   */
  private static Router routed(Random rnd, ManualClock clock, List<RoutingEvent> events, boolean caps,
      java.util.function.UnaryOperator<Router.Builder> builder, boolean contacts) {
    int n = 3 + rnd.nextInt(4);
    Router router = builder.apply(Router.builder().roster(reps(n, false, caps)).clock(clock).manualTimers()
        .step("round-robin").listener(events::add)).build();
    int leads = 2 + rnd.nextInt(16);
    for (int l = 0; l < leads; l++) {
      Decision d = router.route(Lead.builder("L" + l).country("US").build());
      if (contacts && d.repId() != null && rnd.nextInt(5) != 0) {
        router.recordContact("L" + l, clock.instant());
      }
    }
    return router;
  }

  @Property(tries = 200)
  void aPreviewOfRecyclingThroughRoundRobinIsWhatRecyclingDoes(@ForAll long seed) {
    Random rnd = new Random(seed);
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    try (Router router = routed(rnd, clock, events, rnd.nextBoolean(), b -> b.recycleStalledLeads(PERIOD), true)) {
      clock.advance(PERIOD.plusHours(1));
      java.util.Map<String, String> before = new java.util.HashMap<>();
      router.openPlacements().forEach(p -> before.put(p.leadId(), p.repId()));
      List<String> previewed = new ArrayList<>();
      List<String> expectedMoves = new ArrayList<>();
      for (Decision d : router.previewRecycling(PERIOD)) {
        previewed.add(place(d));
        if (!d.repId().equals(before.get(d.leadId()))) {
          expectedMoves.add(place(d)); // else previewed to stay with its rep
        }
      }
      assertThat(router.previewRecycling(PERIOD)).as("a second preview, the same")
          .extracting(SeveralMovesPreviewProperties::place).isEqualTo(previewed);
      events.clear();
      router.fireDueTimers();
      assertThat(made(events, RoutingEvent.Move.RECYCLED)).as("seed %d", seed).isEqualTo(expectedMoves);
    }
  }

  @Property(tries = 200)
  void aPreviewOfARealignmentThroughRoundRobinIsWhatTheUpdateDoes(@ForAll long seed) {
    Random rnd = new Random(seed);
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    boolean caps = rnd.nextBoolean();
    try (Router router = routed(rnd, clock, events, caps, b -> b.whenCoverageChanges(true), false)) {
      realignsAsPreviewed(router, events, reps(router.roster().size(), true, caps), "seed " + seed);
    }
  }

  /**
   * Leads of a few people at a few companies, with steps that read their notes (the person's, the company's or both,
   * open leads only or also those closed within 30 days, some closed) before round-robin: the preview sees where its
   * earlier moves put a person's or a company's other leads, as the real moves, made one after another, do.
   */
  @Property(tries = 300)
  void aPreviewOfARealignmentThroughNotesIsWhatTheUpdateDoes(@ForAll long seed) {
    Random rnd = new Random(seed);
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    boolean caps = rnd.nextBoolean();
    String days = rnd.nextBoolean() ? "0" : "30";
    int kinds = rnd.nextInt(3);
    int n = 3 + rnd.nextInt(4);
    // Leads routed a minute apart, or all at once (the order the update moves them in is then not their order).
    boolean spread = rnd.nextBoolean();
    Router.Builder b = Router.builder().roster(reps(n, false, caps)).clock(clock).manualTimers();
    if (kinds != 1) {
      b.step("returning-contact", io.smartrouting.spi.StrategyConfig.of("withinDays", days));
    }
    if (kinds != 0) {
      b.step("same-company", io.smartrouting.spi.StrategyConfig.of("withinDays", days));
    }
    String what = "seed " + seed + ", kinds " + kinds + ", within " + days + ", spread " + spread;
    try (Router router = b.step("round-robin").whenCoverageChanges(true).listener(events::add).build()) {
      int leads = 2 + rnd.nextInt(16);
      for (int l = 0; l < leads; l++) {
        int company = rnd.nextInt(3);
        Decision d = router.route(Lead.builder("L" + l).country("US")
            .email("p" + rnd.nextInt(2) + "@company" + company + ".com").companyName("Company " + company).build());
        clock.advance(Duration.ofSeconds(spread ? 60 : 0));
        if (d.repId() != null && rnd.nextInt(4) == 0) {
          router.release(d.leadId());
        }
      }
      realignsAsPreviewed(router, events, reps(n, true, caps), what);
    }
  }
}
