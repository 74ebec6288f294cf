package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** {@link RoutingConfig#warnings}: a chain step placed where it only sees leads nobody can take. */
class ChainWarningsTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 5);
  private static final String REPS = "reps:\n  - {id: ana, territories: [US]}\n";

  private static java.util.List<String> warnings(String chain) {
    return RoutingConfig.parse(REPS + "chain:\n" + chain, "routing.yaml").warnings(TODAY);
  }

  @Test
  void aRepThatCanReachNoLeadWithACountryIsNamed() {
    RoutingConfig c = RoutingConfig.parse("reps:\n  - {id: ana, territories: [US], manager: max}\n  - {id: bob}\n"
        + "  - {id: max}\n  - {id: oli}\n  - {id: nia, named_accounts: [acme]}\n"
        + "accounts:\n  - {id: acme, name: Acme, domains: [acme.com], owner: oli}\n"
        + "chain:\n  - strategy: round-robin\n", "routing.yaml");
    assertThat(c.warnings(TODAY)).containsExactly("reps[1] 'bob' has no territories, no named accounts and no accounts"
        + " of its own, so it takes only leads without a country; give it territories ('US', 'US-CA', 'US:941', '*')"
        + ", or set them in rep_defaults");
    assertThat(RoutingConfig.parse("rep_defaults: {territories: ['*']}\nreps:\n  - {id: bob}\n"
        + "chain:\n  - strategy: round-robin\n", "routing.yaml").warnings(TODAY)).as("territories from the defaults")
        .isEmpty();
  }

  @Test
  void aRepsFilterNoRepMatchesIsNamed() {
    RoutingConfig c = RoutingConfig.parse("reps:\n  - {id: ana, territories: [US], skills: {healthcare: 8}}\n"
        + "chain:\n  - {strategy: weighted, reps: \"skills HAS 'helthcare'\"}\n"
        + "  - {strategy: weighted, label: health, reps: \"skills HAS 'healthcare'\"}\n", "routing.yaml");
    assertThat(c.warnings(TODAY)).containsExactly("chain[0] 'weighted' has a reps filter that no rep of the roster"
        + " matches (skills HAS 'helthcare'), so the step never assigns a lead; check its names and values against"
        + " the roster");
  }

  @Test
  void aFairShareMaximumTooTightForTheRosterIsNamed() {
    StringBuilder reps = new StringBuilder("rep_defaults: {territories: [US]}\nreps:\n");
    for (int i = 0; i < 80; i++) {
      reps.append("  - {id: r").append(i).append(i % 2 == 0 ? "" : ", team: odd").append("}\n");
    }
    String step = "  - {strategy: weighted, config: {fairness: {min: 0.5, max: 1.5, halfLife: %s}}%s}\n";
    RoutingConfig tight = RoutingConfig.parse(reps + "chain:\n" + String.format(step, 30, ""), "routing.yaml");
    assertThat(tight.warnings(TODAY)).containsExactly("chain[0] 'weighted' keeps fair shares over a half-life of 30"
        + " decisions among 80 reps: a rep's fair share is about 0.54 leads, too few for the bounds to leave the scores"
        + " room (a rep that has had a lead is soon above its maximum or below its minimum again), so the leads spread"
        + " almost evenly and learning lifts little; a fairness.halfLife of at least 278 gives each rep a share of"
        + " about 5 leads");
    assertThat(RoutingConfig.parse(reps + "chain:\n" + String.format(step, 111, ""), "routing.yaml").warnings(TODAY))
        .as("two leads a rep").isEmpty();
    assertThat(RoutingConfig.parse(reps + "chain:\n" + String.format(step, 60, ", reps: \"team = 'odd'\""),
        "routing.yaml").warnings(TODAY)).as("40 reps in the step's pool: 2.16 leads").isEmpty();
    assertThat(RoutingConfig.parse(reps + "chain:\n" + String.format(step, 60, ""), "routing.yaml").warnings(TODAY))
        .as("80 reps: 1.08 leads").hasSize(1);
  }

  @Test
  void twoStepsWithOneLabelAreAnErrorAtTheSecond() {
    java.util.List<String> errors = RoutingConfig.validate(REPS + "chain:\n  - strategy: round-robin\n"
        + "  - {strategy: round-robin, when: \"country = 'US'\"}\n", "routing.yaml").stream()
        .map(Object::toString).toList();
    assertThat(errors).singleElement().asString().startsWith("routing.yaml:5:16:")
        .contains("chain[1].strategy: 'round-robin' is also the label of chain[0]")
        .contains("label: round-robin-2");
  }

  @Test
  void aStepAfterARoundRobinForAllTiersIsNamed() {
    assertThat(warnings("  - strategy: round-robin\n  - strategy: returning-contact\n")).containsExactly(
        "chain[1] 'returning-contact' only sees leads no rep can take now: 'round-robin' before it assigns every"
            + " lead of tiers 1, 2, 3 that has a candidate; move it up the chain or give the earlier step a condition");
  }

  @Test
  void stepsForTiersAnEarlierStepLeavesAreFine() {
    assertThat(warnings("  - strategy: account-owner\n  - strategy: returning-contact\n"
        + "  - {strategy: tier-fast-track, tiers: [1]}\n  - {strategy: weighted, tiers: [2]}\n"
        + "  - {strategy: round-robin, tiers: [3]}\n")).isEmpty();
    assertThat(warnings("  - {strategy: round-robin, when: \"country = 'US'\"}\n  - strategy: weighted\n"))
        .as("a condition leaves leads to the next step").isEmpty();
    assertThat(warnings("  - strategy: tier-fast-track\n  - strategy: round-robin\n"))
        .as("the fast track takes Tier 1 only").isEmpty();
  }

  @Test
  void tiersTakenByDifferentStepsAddUp() {
    assertThat(warnings("  - {strategy: tier-fast-track, tiers: [1]}\n  - {strategy: weighted, tiers: [2, 3]}\n"
        + "  - strategy: returning-contact\n")).singleElement().asString()
        .startsWith("chain[2] 'returning-contact' only sees leads no rep can take now: 'tier-fast-track', 'weighted'"
            + " before it assign every lead of tiers 1, 2, 3");
  }

  @Test
  void theMoreSpecificRuleBelongsFirst() {
    assertThat(warnings("  - strategy: same-company\n  - strategy: returning-contact\n  - strategy: round-robin\n"))
        .containsExactly("chain[0] 'same-company' comes before chain[1] 'returning-contact': a person writing again"
            + " would go to the rep of their company's latest lead, not of their own; put 'returning-contact' first");
    String withAccount = REPS + "accounts:\n  - {id: acme, name: Acme, domains: [acme.com], owner: ana}\nchain:\n";
    assertThat(RoutingConfig.parse(withAccount + "  - strategy: same-company\n  - strategy: account-owner\n"
        + "  - strategy: round-robin\n", "routing.yaml").warnings(TODAY)).singleElement().asString()
        .startsWith("chain[0] 'same-company' comes before chain[1] 'account-owner': a known account's lead would go to"
            + " the rep of an earlier lead of its company rather than to the account's people");
    assertThat(warnings("  - strategy: returning-contact\n  - strategy: account-owner\n"))
        .as("no accounts: the order cannot matter").isEmpty();
    assertThat(warnings("  - strategy: returning-contact\n  - strategy: same-company\n")).isEmpty();
  }

  @Test
  void aDomainOrNameThatAccountsOfDifferentFamiliesShareIsNamed() {
    // The same domain entered on two accounts sent every lead from it past both owners without a word at validation.
    RoutingConfig c = RoutingConfig.parse(REPS + "accounts:\n"
        + "  - {id: a1, name: Acme Ltd, domains: [acme.com], owner: ana}\n"
        + "  - {id: a2, name: ACME Inc., domains: [www.acme.com], owner: ana}\n"
        + "  - {id: g1, name: Globex, domains: [globex.com, globex-health.com], owner: ana}\n"
        + "  - {id: g2, name: Globex Health, domains: [globex-health.com], owner: ana, parent: g1}\n"
        + "chain:\n  - strategy: account-owner\n  - strategy: round-robin\n", "routing.yaml");
    assertThat(c.warnings(TODAY)).containsExactly(
        "domain 'acme.com' is claimed by accounts 'a1' and 'a2', which are not one family, so a lead from it matches"
            + " none of them by its address (right for a host several companies share; if it is one company's, give"
            + " it to one account, or make one the other's parent)",
        "accounts 'a1' and 'a2' have the same name (compared as 'acme'), so a lead with that company name and no"
            + " account's domain matches none of them by name");
  }

  /**
   * A condition comparing a lead's industry with a misspelling of a rep's, or its account with an id no account has,
   * holds for none of the leads it was written for (until the night of 7 December 2026, without a word).
   */
  @Test
  void aConditionsMisspeltIndustryOrUnknownAccountIsNamed() {
    RoutingConfig c = RoutingConfig.parse("reps:\n  - {id: ana, territories: [US], industries: [healthcare]}\n"
        + "  - {id: bo, territories: [US], industries: [healthcare, retail]}\n"
        + "accounts:\n  - {id: acme, name: Acme, domains: [acme.com], owner: ana}\n"
        + "chain:\n  - strategy: account-owner\n    when: \"account IN ['acme', 'acmee', 'globex']\"\n"
        + "  - strategy: round-robin\n    label: care\n"
        + "    when: \"industry IN ['Helthcare', 'retail', 'mining'] OR industry = 'healthcare'\"\n"
        + "  - strategy: round-robin\n", "routing.yaml");
    assertThat(c.warnings(TODAY)).containsExactly(
        "chain[0] 'account-owner' compares account with 'acmee', which is no account's id in this configuration (did"
            + " you mean 'acme'?), so it holds for no lead matched to one of its accounts; accounts the router is"
            + " given in code are not known here",
        "chain[0] 'account-owner' compares account with 'globex', which is no account's id in this configuration, so"
            + " it holds for no lead matched to one of its accounts; accounts the router is given in code are not"
            + " known here",
        // 'mining', which no rep lists and is like none of theirs, is an industry of its own: no warning.
        "chain[1] 'care' compares industry with 'Helthcare', which no rep lists and is spelt within two letters of"
            + " 'healthcare' (2 reps): a lead's industry matches only as spelt; if they are one industry, spell it"
            + " alike");
  }

  @Test
  void aScenarioThatExpectsNothingIsNamed() {
    // It passed whatever the router did, counted among the scenarios "as expected".
    assertThat(warnings("  - strategy: round-robin\nscenarios:\n"
        + "  - {name: no expectation, lead: {id: s1, country: US}}\n"
        + "  - {name: an empty one, lead: {id: s2, country: US}, expect: {}}\n"
        + "  - {name: a real one, lead: {id: s3, country: US}, expect: {rep: ana}}\n")).containsExactly(
        "scenarios[0] 'no expectation' expects nothing, so it passes whatever the router does: give it an expect with"
            + " one or more of rep, team, queue and decided_by",
        "scenarios[1] 'an empty one' expects nothing, so it passes whatever the router does: give it an expect with"
            + " one or more of rep, team, queue and decided_by");
  }

  @Test
  void aFreeMailDomainOnAnAccountIsNamed() {
    // A CRM's account sometimes lists the address its contact wrote from: no lead ever matched it by that domain.
    RoutingConfig c = RoutingConfig.parse(REPS + "free_mail_domains: [libero.it]\naccounts:\n"
        + "  - {id: a1, name: Acme Ltd, domains: [acme.com, gmail.com], owner: ana}\n"
        + "  - {id: a2, name: Rossi Srl, domains: [libero.it], owner: ana}\n"
        + "chain:\n  - strategy: account-owner\n  - strategy: round-robin\n", "routing.yaml");
    assertThat(c.warnings(TODAY)).containsExactly(
        "domain 'gmail.com' of account 'a1' is a free-mail domain, so no lead matches the account by it (an address"
            + " there is a person's, not the company's): the account matches by its other domains, its name or its id"
            + " only; leave it out, or take it off free_mail_domains",
        "domain 'libero.it' of account 'a2' is a free-mail domain, so no lead matches the account by it (an address"
            + " there is a person's, not the company's): the account matches by its other domains, its name or its id"
            + " only; leave it out, or take it off free_mail_domains");
    try (io.smartrouting.core.Router r = c.toBuilder().manualTimers().build()) {
      assertThat(r.preview(io.smartrouting.api.Lead.builder("l").country("US").email("x@gmail.com").build())
          .accountId()).as("what the warning says").isNull();
    }
  }

  @Test
  void theShippedExampleHasNoChainWarning() throws Exception {
    RoutingConfig example = RoutingConfig.load(Path.of("..", "examples", "routing.yaml"));
    assertThat(example.warnings(TODAY)).noneMatch(w -> w.startsWith("chain["));
  }

  @Test
  void aTerritoryThatNamesNoKnownPlaceIsNamedWithItsReps() {
    RoutingConfig c = RoutingConfig.parse("reps:\n  - {id: ana, territories: [US-CA, US-CF]}\n"
        + "  - {id: bob, territories: [DX]}\n  - {id: cal, territories: [US-CF]}\n  - {id: dan, territories: [US-CF]}\n"
        + "  - {id: eve, territories: [US-CF, XK, DE-BY]}\n"
        + "  - {id: max, territories: [HQ]}\n  - {id: fay, manager: max, territories: [US]}\n"
        + "  - {id: boss, role: MANAGER, territories: [HQ]}\n"
        + "chain:\n  - strategy: round-robin\n", "routing.yaml");
    assertThat(c.warnings(TODAY)).containsExactly(
        "territory 'DX' of rep 'bob': 'DX' is not a country code of ISO 3166-1, so no lead with a known country or"
            + " region matches it; check it for a typo",
        "territory 'US-CF' of reps 'ana', 'cal', 'dan' and 1 more: 'CF' is not a state, province or territory code"
            + " of US, so no lead with a known country or region matches it; check it for a typo");
    // A code of one's own on a manager ('HQ', kept for escalations) is meant to match no lead: no warning, for a rep
    // others name as their manager and, since the night of 7 December 2026, for a rep of the manager's role too.
  }

  @Test
  void anIndustrySpeltWithinTwoLettersOfAnotherIsNamedWithItsReps() {
    RoutingConfig c = RoutingConfig.parse("reps:\n"
        + "  - {id: ana, territories: [US], industries: [retail, software]}\n"
        + "  - {id: bob, territories: [US], industries: [retail]}\n"
        + "  - {id: cal, territories: [US], industries: [retial]}\n"
        + "  - {id: dan, territories: [US], industries: [healthcare]}\n"
        + "  - {id: eve, territories: [US], industries: [helthcare, manufacturing]}\n"
        + "chain:\n  - strategy: round-robin\n", "routing.yaml");
    assertThat(c.warnings(TODAY)).containsExactly(
        "industry 'helthcare' of rep 'eve' is spelt within two letters of 'healthcare' (1 rep): a lead's industry"
            + " matches only as spelt, so leads in 'healthcare' never see it as specialists; if they are one industry,"
            + " spell it alike",
        "industry 'retial' of rep 'cal' is spelt within two letters of 'retail' (2 reps): a lead's industry matches"
            + " only as spelt, so leads in 'retail' never see it as specialists; if they are one industry, spell it"
            + " alike");
  }

  @Test
  void theShippedExampleHasNoIndustryWarning() throws Exception {
    RoutingConfig example = RoutingConfig.load(Path.of("..", "examples", "routing.yaml"));
    assertThat(example.warnings(TODAY)).noneMatch(w -> w.startsWith("industry "));
  }
}
