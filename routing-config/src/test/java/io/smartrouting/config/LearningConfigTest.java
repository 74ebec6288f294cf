package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Segment;
import io.smartrouting.core.Router;
import io.smartrouting.core.learning.LearningPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A routing document turns learning on with its {@code learning:} section (policy and a warm-start file of closed
 * deals), and a weighted step that weighs performance without it is an error, not a factor that scores every rep
 * alike.
 */
class LearningConfigTest {

  @TempDir
  Path dir;

  /** Two reps alike in everything but their record: ana lost 30 SMB deals, ben won 30. */
  private static final String DEALS = "rep,outcome,segment,industry\n"
      + "ana,LOST,SMB,\n".repeat(30) + "ben,WON,SMB,\n".repeat(30);

  private static final String REPS = "reps:\n"
      + "  - {id: ana, territories: [US], capacity: 50}\n"
      + "  - {id: ben, territories: [US], capacity: 50}\n";

  private static final String CHAIN = "chain:\n"
      + "  - strategy: weighted\n"
      + "    config: {weight: {territory: 0.2, industry: 0.1, segment: 0.1, capacity: 0.1, response: 0.1,"
      + " performance: 0.4}}\n";

  @Test
  void theLearningSectionGivesTheRouterAModelStartedWithTheWarmStartFile() throws Exception {
    Files.writeString(dir.resolve("deals.csv"), DEALS, StandardCharsets.UTF_8);
    Path doc = write(REPS + "learning:\n  half_life_outcomes: 500\n  exploration_share: 0\n"
        + "  attribution_window: 30d\n  warm_start: deals.csv\n" + CHAIN);
    RoutingConfig config = RoutingConfig.load(doc);
    LearningPolicy policy = config.learning();
    assertThat(policy).isNotNull();
    assertThat(policy.halfLifeOutcomes()).isEqualTo(500);
    assertThat(policy.explorationShare()).isZero();
    assertThat(policy.attributionWindow()).isEqualTo(Duration.ofDays(30));
    assertThat(policy.priorStrength()).as("the default").isEqualTo(LearningPolicy.defaults().priorStrength());
    try (Router router = config.toBuilder().manualTimers().build()) {
      for (int i = 0; i < 5; i++) {
        Decision d = router.route(Lead.builder("l" + i).country("US").employees(50).build());
        assertThat(d.repId()).as("ben's record wins").isEqualTo("ben");
        assertThat(d.segment()).isEqualTo(Segment.SMB);
        router.release(d.leadId());
      }
      Decision d = router.route(Lead.builder("late").country("US").employees(50).build());
      assertThat(router.recordOutcome(d.leadId(), Outcome.WON)).as("the router learns on").isTrue();
    }
    // Each builder gets a model of its own: what one router learned is not another's.
    try (Router a = config.toBuilder().manualTimers().build()) {
      assertThat(a.route(Lead.builder("x").country("US").employees(50).build()).repId()).isEqualTo("ben");
    }
  }

  @Test
  void withoutALearningSectionWeighingPerformanceIsAnErrorAtThatWeight() throws Exception {
    Path doc = write(REPS + CHAIN);
    assertThat(errorsLoading(doc)).containsExactly(doc + ":6:111: chain[0].config.weight.performance: weight"
        + ".performance is 0.4, but the document has no learning section, so the factor would score every rep alike:"
        + " add 'learning: {}' (the defaults) or learning settings, or leave the weight out (was 0.4)");
    Path withDefaults = write(REPS + "learning: {}\n" + CHAIN);
    assertThat(RoutingConfig.load(withDefaults).learning()).hasToString(LearningPolicy.defaults().toString());
  }

  @Test
  void badLearningSettingsAndBadWarmStartRowsAreErrorsWhereTheyAre() throws Exception {
    Files.writeString(dir.resolve("deals.csv"), "rep,outcome,segment\nana,MAYBE,SMB\nben,WON,SMB\n",
        StandardCharsets.UTF_8);
    Path doc = write(REPS + "learning:\n  half_life_outcomes: 5\n  exploration_share: 2\n  half_life_outcome: 100\n"
        + "  warm_start: deals.csv\n" + CHAIN);
    assertThat(errorsLoading(doc)).hasSize(3).anySatisfy(e -> assertThat(e).contains(":5:23: learning"
        + ".half_life_outcomes: half_life_outcomes must be 0 (counts never fade) or at least 10 but was 5"))
        .anySatisfy(e -> assertThat(e).contains(":6:22: learning.exploration_share: must be a number from 0 to 1"))
        .anySatisfy(e -> assertThat(e).contains(":7:3: learning.half_life_outcome: unknown key 'half_life_outcome'")
            .contains("did you mean 'half_life_outcomes'"));
    Path rows = write(REPS + "learning:\n  warm_start: deals.csv\n" + CHAIN);
    assertThat(errorsLoading(rows)).containsExactly(rows + ":5:15: learning.warm_start: deals.csv, line 2,"
        + " column 'outcome': outcome must be WON or LOST (QUALIFIED or DISQUALIFIED for an SDR's leads) but was"
        + " 'MAYBE' (was 'deals.csv')");
    // A setting bounded only by its type says its lower bound alone ("from 0 to 9223372036854775807" until the night
    // of 7 December 2026).
    Path negative = write(REPS + "learning:\n  half_life_outcomes: -5\n" + CHAIN);
    assertThat(errorsLoading(negative)).containsExactly(negative + ":5:23: learning.half_life_outcomes: must be at"
        + " least 0 (was -5)");
    Path missing = write(REPS + "learning:\n  warm_start: nowhere.csv\n" + CHAIN);
    assertThat(errorsLoading(missing)).containsExactly(missing + ":5:15: learning.warm_start: cannot read"
        + " 'nowhere.csv': no such file (was 'nowhere.csv')");
  }

  private Path write(String document) throws Exception {
    return ConfigFiles.write(dir, document);
  }

  private static List<String> errorsLoading(Path doc) {
    return ConfigFiles.errorsLoading(doc);
  }
}
