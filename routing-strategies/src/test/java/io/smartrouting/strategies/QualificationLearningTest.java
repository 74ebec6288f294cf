package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.api.Segment;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.learning.ConversionEstimate;
import io.smartrouting.core.learning.ConversionModel;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Learning under the SDR-to-AE hand-off: an SDR's part in a deal is qualifying the lead, so a lead qualified under it
 * and handed off credits it a win, the deal's close is the AE's, and the SDRs' rates, qualification rates, are compared
 * with each other rather than with the AEs' close rates.
 */
class QualificationLearningTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));

  private static Rep rep(String id, RepRole role) {
    return Rep.builder(id).territories("US").role(role).capacity(50).build();
  }

  private Router.Builder router(ConversionModel model, List<Rep> reps) {
    return Router.builder().roster(reps).clock(clock).manualTimers().learning(model).maxOverride(0)
        .step(ChainStep.of("round-robin").named("closers").when("sales_qualified = true").reps("role = 'AE'"))
        .step(ChainStep.of("round-robin").named("qualifiers").reps("role = 'SDR'"));
  }

  private static Lead lead(String id) {
    return Lead.builder(id).country("US").region("NY").employees(50).industry("retail").build(); // SMB
  }

  @Test
  void aLeadQualifiedUnderAnSdrCreditsItOnceAndItsCloseCreditsTheAe() {
    ConversionModel model = new ConversionModel();
    Router router = router(model, List.of(rep("sdr-1", RepRole.SDR), rep("ae-1", RepRole.AE)))
        .handOffQualifiedLeads(true).build();
    assertThat(model.qualifiers()).as("the SDRs are a team of their own").containsExactly("sdr-1");
    Lead lead = lead("l1");
    router.route(lead);

    router.update(Lead.builderFrom(lead).salesQualified(true).build());
    // Told again (a CRM sends every edit, or unqualifies and requalifies): counted once.
    router.update(Lead.builderFrom(lead).salesQualified(true).title("CFO").build());
    assertThat(router.placement("l1").orElseThrow().repId()).isEqualTo("ae-1");
    assertThat(router.recordOutcome("l1", Outcome.WON)).isTrue();

    ConversionEstimate sdr = model.estimate("sdr-1", Segment.SMB, null);
    assertThat(sdr.wins()).as("the qualification").isEqualTo(1);
    assertThat(sdr.outcomes()).isEqualTo(1);
    assertThat(model.estimate("sdr-1", Segment.SMB, "retail").outcomes()).as("with the lead's industry").isEqualTo(1);
    ConversionEstimate ae = model.estimate("ae-1", Segment.SMB, null);
    assertThat(ae.wins()).as("the deal, the last holder's").isEqualTo(1);
    assertThat(ae.outcomes()).isEqualTo(1);
    assertThat(model.outcomes()).isEqualTo(2);
  }

  @Test
  void sdrsAreComparedWithSdrsAndAesWithAes() {
    ConversionModel model = new ConversionModel();
    Router router = router(model, List.of(rep("sdr-1", RepRole.SDR), rep("ae-1", RepRole.AE)))
        .handOffQualifiedLeads(true).build();
    // Three in four leads qualified (the SDR's rate); one deal in four won (the AE's): as in a real funnel, the two
    // rates measure different steps.
    int n = 0;
    for (int i = 0; i < 40; i++) {
      Lead lead = lead("l" + i);
      router.route(lead);
      if (i % 4 == 3) {
        router.recordOutcome(lead.id(), Outcome.LOST); // disqualified by the SDR
        continue;
      }
      router.update(Lead.builderFrom(lead).salesQualified(true).build());
      router.recordOutcome(lead.id(), n++ % 4 == 0 ? Outcome.WON : Outcome.LOST);
    }
    double sdrTeam = model.teamRate("sdr-1", Segment.SMB);
    double aeTeam = model.teamRate("ae-1", Segment.SMB);
    assertThat(sdrTeam).as("the SDRs' team: 30 qualified of 40").isCloseTo(31.0 / 42, within(1e-9));
    assertThat(aeTeam).as("the others' team: 8 won of 30").isCloseTo(9.0 / 32, within(1e-9));
    assertThat(model.teamRate(Segment.SMB)).isEqualTo(aeTeam);
    assertThat(model.estimate("sdr-1", Segment.SMB, null).teamRate()).isEqualTo(sdrTeam);

    // Without the hand-off the model has one team again, every rep's outcomes in it.
    router.reconfigure(router(model, List.of(rep("sdr-1", RepRole.SDR), rep("ae-1", RepRole.AE))));
    assertThat(model.qualifiers()).isEmpty();
    assertThat(model.teamRate(Segment.SMB)).isCloseTo(39.0 / 72, within(1e-9));
  }

  @Test
  void aRosterUpdateNamesTheSdrsItBringsAndNoHandOffNamesNone() {
    ConversionModel shared = new ConversionModel();
    Router without = router(shared, List.of(rep("sdr-1", RepRole.SDR), rep("ae-1", RepRole.AE))).build();
    assertThat(shared.qualifiers()).as("no hand-off: one team").isEmpty();
    Lead lead = lead("l1");
    without.route(lead);
    without.update(Lead.builderFrom(lead).salesQualified(true).build());
    assertThat(shared.outcomes()).as("nothing handed off, nothing credited").isZero();

    Router with = router(new ConversionModel(), List.of(rep("sdr-1", RepRole.SDR))).handOffQualifiedLeads(true)
        .build();
    ConversionModel model = with.learning().orElseThrow();
    with.updateRoster(List.of(rep("sdr-1", RepRole.SDR), rep("sdr-2", RepRole.SDR), rep("ae-1", RepRole.AE)));
    assertThat(model.qualifiers()).isEqualTo(Set.of("sdr-1", "sdr-2"));
  }

  /**
   * Three SDRs who qualify a fifth, two fifths and three fifths of their leads; each lead's fate with each SDR drawn
   * once, so both routers meet the same luck. Qualified leads are handed off to the AE and closed, the others lost.
   * Returns how many of {@code leads} leads were qualified.
   */
  private int qualified(boolean learn, int leads) {
    double[] rates = {0.2, 0.4, 0.6};
    List<Rep> reps = List.of(rep("sdr-0", RepRole.SDR), rep("sdr-1", RepRole.SDR), rep("sdr-2", RepRole.SDR),
        rep("ae", RepRole.AE));
    ChainStep sdrs = learn
        ? ChainStep.of("weighted", io.smartrouting.spi.StrategyConfig.of("weight.territory", "0", "weight.industry",
            "0", "weight.segment", "0", "weight.capacity", "0", "weight.response", "0", "weight.performance", "1"))
        : ChainStep.of("round-robin");
    Router router = Router.builder().roster(reps).clock(clock).manualTimers().learning(new ConversionModel())
        .handOffQualifiedLeads(true)
        .step(ChainStep.of("round-robin").named("closers").when("sales_qualified = true").reps("role = 'AE'"))
        .step(sdrs.named("qualifiers").when("sales_qualified = false").reps("role = 'SDR'")).build();
    int qualified = 0;
    for (int i = 0; i < leads; i++) {
      Lead lead = lead("l" + i);
      String sdr = router.route(lead).repId();
      int k = sdr.charAt(4) - '0';
      if (new java.util.SplittableRandom(i * 31L + k).nextDouble() < rates[k]) {
        router.update(Lead.builderFrom(lead).salesQualified(true).build());
        qualified++;
      } else {
        router.recordOutcome(lead.id(), Outcome.LOST);
      }
      router.release(lead.id());
    }
    return qualified;
  }

  @Test
  void learningSendsLeadsToTheSdrsWhoQualifyThem() {
    int leads = 1500;
    int turns = qualified(false, leads);
    int learned = qualified(true, leads);
    // Round-robin qualifies about two fifths (591 here). Learning from qualifications comes close to three fifths, less
    // what it spends exploring (884); crediting SDRs only their losses, as before, spread the leads by how slowly each
    // lost them (679, 45%), which this bound fails.
    assertThat(turns).isBetween((int) (0.36 * leads), (int) (0.44 * leads));
    assertThat(learned).as("qualified with learning, against %s with round-robin", turns)
        .isGreaterThan((int) (0.52 * leads));
  }

  @Test
  void aLeadWaitingForAnAeStillCreditsTheSdrThatQualifiedIt() {
    ConversionModel model = new ConversionModel();
    Router router = router(model, List.of(rep("sdr-1", RepRole.SDR))).handOffQualifiedLeads(true).build();
    Lead lead = lead("l1");
    router.route(lead);

    router.update(Lead.builderFrom(lead).salesQualified(true).build());

    assertThat(router.placement("l1").orElseThrow().queue()).as("no AE: the fallback queue").isNotNull();
    assertThat(model.estimate("sdr-1", Segment.SMB, null).wins()).isEqualTo(1);
  }
}
