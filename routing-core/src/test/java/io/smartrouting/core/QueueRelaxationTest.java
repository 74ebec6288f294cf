package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Segment;
import io.smartrouting.api.WorkingHours;
import io.smartrouting.core.testing.OpenLeads;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A queue's relaxations widen the reps a waiting lead may go to only when the narrower pool cannot take it now: a
 * drain tries the lead's own criteria first, then adds the steps its wait has earned one at a time. Until 8 December
 * 2026 a drain applied every relaxation earned at once, so leads that waited a weekend (earning them all while nobody
 * was on shift) were spread over every segment on Monday morning, enterprise leads to SMB reps and back, though their
 * own segment's reps were there with room.
 */
class QueueRelaxationTest {

  /** Saturday 2026-12-05, 10:00 in New York. */
  private static final Instant SATURDAY = Instant.parse("2026-12-05T15:00:00Z");
  /** Monday 2026-12-07, 09:00 in New York: the shifts start. */
  private static final Instant MONDAY = Instant.parse("2026-12-07T14:00:00Z");

  private final ManualClock clock = new ManualClock(SATURDAY);
  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();

  private static Rep.Builder rep(String id, Segment segment, int capacity) {
    return Rep.builder(id).territories("US").segments(segment).timeZone("America/New_York")
        .workingHours(WorkingHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0))).capacity(capacity);
  }

  private Router router(List<Rep> reps) {
    return TestStrategies.leastLoaded(reps, clock).listener(events::add).capacityThreshold(1.0)
        .queuePolicy(QueuePolicy.of(AfterHoursPolicy.DEFAULT_QUEUE)
            .relaxAfter(Duration.ofMinutes(15), QueuePolicy.Relaxation.ANY_SEGMENT)
            .relaxAfter(Duration.ofMinutes(30), QueuePolicy.Relaxation.MANAGER))
        .build();
  }

  private static Lead lead(String id, int employees) {
    return Lead.builder(id).country("US").employees(employees).build();
  }

  private Map<String, String> holders(Router router, List<String> ids) {
    return ids.stream().collect(Collectors.toMap(id -> id, id -> String.valueOf(router.placement(id).orElseThrow()
        .repId())));
  }

  @Test
  void leadsThatWaitedAWeekendGoToTheirOwnSegmentsRepsWhenTheyHaveRoom() {
    Router router = router(List.of(rep("smb", Segment.SMB, 10).build(), rep("ent", Segment.ENTERPRISE, 10).build()));
    List<String> ids = List.of("s1", "e1", "s2", "e2", "s3", "e3");
    for (String id : ids) {
      assertThat(router.route(lead(id, id.startsWith("s") ? 40 : 4_000)).queue())
          .isEqualTo(AfterHoursPolicy.DEFAULT_QUEUE);
    }
    clock.set(MONDAY);
    router.fireDueTimers();
    assertThat(holders(router, ids)).isEqualTo(Map.of("s1", "smb", "s2", "smb", "s3", "smb", "e1", "ent", "e2", "ent",
        "e3", "ent"));
    assertThat(OpenLeads.moves(events, RoutingEvent.Move.DRAINED)).hasSize(6)
        .allSatisfy(m -> assertThat(m.reason()).endsWith("after waiting 47 h 0 min"));
  }

  @Test
  void aRelaxationIsUsedWhenTheNarrowerPoolHasNoRoomAndTheExplanationNamesWhatWasRelaxed() {
    // The manager covers Canada: a lead from the US reaches it only as the manager of the reps who cover it.
    Rep manager = rep("boss", Segment.MID_MARKET, 10).role(RepRole.MANAGER).territories("CA").build();
    Router router = router(List.of(rep("smb", Segment.SMB, 1).managerId("boss").build(),
        rep("ent", Segment.ENTERPRISE, 1).managerId("boss").build(), manager));
    List<String> ids = List.of("s1", "s2", "s3");
    for (String id : ids) {
      router.route(lead(id, 40));
    }
    clock.set(MONDAY);
    router.fireDueTimers();
    // One SMB lead each for the SMB rep (its own segment), the enterprise rep (any segment: the SMB rep is full) and
    // the manager (nobody else has room); the oldest first.
    assertThat(holders(router, ids)).isEqualTo(Map.of("s1", "smb", "s2", "ent", "s3", "boss"));
    assertThat(OpenLeads.moves(events, RoutingEvent.Move.DRAINED)).extracting(RoutingEvent.LeadMoved::reason)
        .containsExactly("drained from queue 'next-shift' after waiting 47 h 0 min",
            "drained from queue 'next-shift' after waiting 47 h 0 min (relaxed: [ANY_SEGMENT])",
            "drained from queue 'next-shift' after waiting 47 h 0 min (relaxed: [ANY_SEGMENT, MANAGER])");
  }

  /**
   * On Monday: "en" speaks English (room for 5), "ja" Japanese (room for 1); the fallback queue drops the language
   * after {@code languageAfter}.
   */
  private Router englishAndOneJapaneseSpeaker(Duration languageAfter) {
    clock.set(MONDAY);
    Rep en = Rep.builder("en").territories("US").languages("en").capacity(5).build();
    Rep ja = Rep.builder("ja").territories("US").languages("ja").capacity(1).build();
    return TestStrategies.leastLoaded(List.of(en, ja), clock).listener(events::add).capacityThreshold(1.0)
        .queuePolicy(QueuePolicy.of(Router.DEFAULT_FALLBACK_QUEUE)
            .relaxAfter(languageAfter, QueuePolicy.Relaxation.ANY_LANGUAGE))
        .build();
  }

  @Test
  void aLeadInALanguageNobodySpeaksGoesToAnotherLanguagesRepOnceItsWaitEarnsIt() {
    Router router = englishAndOneJapaneseSpeaker(Duration.ofHours(4));
    assertThat(router.route(Lead.builder("j1").country("US").language("ja").build()).repId()).isEqualTo("ja");
    assertThat(router.route(Lead.builder("j2").country("US").language("ja").build()).queue())
        .as("the one Japanese speaker is full").isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
    clock.advance(Duration.ofHours(3));
    router.fireDueTimers();
    assertThat(router.placement("j2").orElseThrow().queue()).as("not yet earned").isNotNull();
    clock.advance(Duration.ofHours(1));
    router.fireDueTimers();
    assertThat(router.placement("j2").orElseThrow().repId()).isEqualTo("en");
    RoutingEvent.LeadMoved drained = OpenLeads.moves(events, RoutingEvent.Move.DRAINED).get(0);
    assertThat(drained.decision().explain()).contains("relaxed: [ANY_LANGUAGE]")
        .contains("language (relaxed after the wait: reps of any language qualify)");
  }

  @Test
  void aSpeakerWithRoomComesFirstHoweverLongTheLeadWaited() {
    Router router = englishAndOneJapaneseSpeaker(Duration.ZERO);
    router.setAvailable("ja", false);
    router.setAvailable("en", false);
    router.route(Lead.builder("j1").country("US").language("ja").build());
    clock.advance(Duration.ofHours(5));
    router.clearAvailability("ja");
    router.clearAvailability("en");
    router.fireDueTimers();
    assertThat(router.placement("j1").orElseThrow().repId()).isEqualTo("ja");
  }
}
