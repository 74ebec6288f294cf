package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Tier;
import io.smartrouting.core.testing.TestStrategies;
import io.smartrouting.spi.StrategyConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input fails at build time with the field and the value. */
class ValidationTest {

  private static Router.Builder router() {
    return Router.builder().strategies(StrategyRegistry.of()).step("ll", TestStrategies.LEAST_LOADED);
  }

  @Test
  void repFieldsAreValidatedWithFieldAndValue() {
    assertThatThrownBy(() -> Rep.builder("").build()).hasMessageContaining("rep.id must not be blank");
    assertThatThrownBy(() -> Rep.builder((String) null).build()).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("rep.id");
    assertThatThrownBy(() -> Rep.builder("a").capacity(-1).build())
        .hasMessageContaining("rep.capacity must be >= 0 but was -1");
    assertThatThrownBy(() -> Rep.builder("a").weight(Double.NaN).build())
        .hasMessageContaining("rep.weight must be a finite number > 0 but was NaN");
    assertThatThrownBy(() -> Rep.builder("a").weight(-2).build()).hasMessageContaining("but was -2.0");
    assertThatThrownBy(() -> Rep.builder("a").responseMinutes(Double.POSITIVE_INFINITY).build())
        .hasMessageContaining("rep.responseMinutes");
    assertThatThrownBy(() -> Rep.builder("a").timeZone("Mars/Olympus").build())
        .hasMessageContaining("rep.timeZone: 'Mars/Olympus' is not a time zone id");
    assertThatThrownBy(() -> Rep.builder("a").territories("US", " ").build())
        .hasMessageContaining("rep.territories must not contain null or blank entries");
  }

  @Test
  void leadFieldsAreValidated() {
    assertThatThrownBy(() -> Lead.builder("l").icpScore(101)).hasMessageContaining("lead.icpScore")
        .hasMessageContaining("101");
    assertThatThrownBy(() -> Lead.builder("l").employees(-5)).hasMessageContaining("lead.employees")
        .hasMessageContaining("-5");
  }

  @Test
  void routerBuilderRejectsBadConfiguration() {
    assertThatThrownBy(() -> router().build()).hasMessageContaining("roster must be set");
    assertThatThrownBy(() -> Router.builder().roster(List.of()).build())
        .hasMessageContaining("chain must have at least one step");
    assertThatThrownBy(() -> router().roster(List.of(Rep.builder("a").build(), Rep.builder("a").build())).build())
        .hasMessageContaining("duplicate rep id 'a'");
    assertThatThrownBy(() -> router().roster(List.of()).capacityThreshold(Double.NaN).build())
        .hasMessageContaining("capacityThreshold must be in (0, 1] but was NaN");
    assertThatThrownBy(() -> router().roster(List.of()).capacityThreshold(1.5).build())
        .hasMessageContaining("but was 1.5");
    assertThatThrownBy(() -> router().roster(List.of()).step("ll", TestStrategies.PASS).build())
        .hasMessageContaining("duplicate chain step label 'll'");
    assertThatThrownBy(() -> router().roster(List.of()).idempotency(Duration.ZERO, 10).build())
        .hasMessageContaining("idempotency window must be positive");
    assertThatThrownBy(() -> router().sla(Tier.TIER_1, Duration.ofMinutes(-1)))
        .hasMessageContaining("sla for TIER_1 must be positive");
    assertThatThrownBy(() -> router().fallbackQueue(" ")).hasMessageContaining("fallbackQueue must not be blank");
    assertThatThrownBy(() -> router().roster(List.of())
        .accounts(List.of(Account.builder("x").name("X").build(), Account.builder("x").name("Y").build())).build())
        .hasMessageContaining("duplicate account id 'x'");
    assertThatThrownBy(() -> router().roster(List.of())
        .accounts(List.of(Account.builder("x").name("X").domains("not a domain").build())).build())
        .hasMessageContaining("invalid domain 'not a domain'");
    // A null in a list was refused with a bare "null": now by name and position, at build and at an update.
    Rep a = Rep.builder("a").territories("US").build();
    assertThatThrownBy(() -> router().roster(java.util.Arrays.asList(a, null)))
        .isInstanceOf(NullPointerException.class).hasMessage("roster[1] must not be null");
    assertThatThrownBy(() -> router().accounts(java.util.Arrays.asList((Account) null)))
        .isInstanceOf(NullPointerException.class).hasMessage("accounts[0] must not be null");
    try (Router r = router().roster(List.of(a)).build()) {
      assertThatThrownBy(() -> r.updateRoster(java.util.Arrays.asList(a, Rep.builder("b").build(), null)))
          .isInstanceOf(NullPointerException.class).hasMessage("reps[2] must not be null");
      assertThatThrownBy(() -> r.updateAccounts(java.util.Arrays.asList((Account) null)))
          .isInstanceOf(NullPointerException.class).hasMessage("accounts[0] must not be null");
      assertThat(r.roster()).extracting(Rep::id).containsExactly("a");
    }
  }

  @Test
  void strategyConfigAccessorsNameTheKeyAndValue() {
    StrategyConfig c = StrategyConfig.of("w", "abc", "n", "NaN", "b", "maybe", "i", "1.5");
    assertThatThrownBy(() -> c.getDouble("w", 0)).hasMessageContaining("config 'w' must be a number but was 'abc'");
    assertThatThrownBy(() -> c.getDouble("n", 0)).hasMessageContaining("config 'n' must be a finite number");
    assertThatThrownBy(() -> c.getBoolean("b", false)).hasMessageContaining("config 'b' must be true or false");
    assertThatThrownBy(() -> c.getInt("i", 0)).hasMessageContaining("config 'i' must be an integer");
    assertThatThrownBy(() -> c.requireOnlyKeys(java.util.Set.of("w")))
        .hasMessageContaining("unknown config keys [b, i, n]");
    assertThatThrownBy(() -> StrategyConfig.of("odd")).hasMessageContaining("key/value pairs");
  }

  @Test
  void classificationPolicyIsValidated() {
    assertThatThrownBy(() -> ClassificationPolicy.builder().tier2IcpScore(120).build())
        .hasMessageContaining("tier2IcpScore must be within 0..100 but was 120");
    assertThatThrownBy(() -> ClassificationPolicy.builder().midMarketEmployees(5000).build())
        .hasMessageContaining("midMarketEmployees (5000) must not exceed enterpriseEmployees (1000)");
    assertThatThrownBy(() -> ClassificationPolicy.builder().executiveTitles(List.of("(")).build())
        .hasMessageContaining("invalid pattern '('");
  }

  @Test
  void aFastTrackStepThatCanNeverDecideIsRefused() {
    // The fast track passes every lead that is not Tier 1: for Tier 2 alone it would silently never decide.
    assertThatThrownBy(() -> Router.builder().roster(List.of())
        .step(ChainStep.of("tier-fast-track").onlyFor(Tier.TIER_2)).step("round-robin").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 'tier-fast-track' runs tier-fast-track for [TIER_2] only, but the fast track decides Tier 1"
            + " leads and passes all others: include TIER_1 or drop the step");
  }
}
