package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AccountConflictsTest {

  @Test
  void aDomainTwoUnrelatedAccountsClaimIsAConflictAndTheRouterMatchesNeither() {
    List<Account> accounts = List.of(
        Account.builder("a1").name("Acme").domains("acme.com").ownerRepId("r1").build(),
        Account.builder("a2").name("Globex").domains("mail.acme.com", "globex.com").ownerRepId("r2").build(),
        Account.builder("a3").name("Initech").domains("initech.com").ownerRepId("r1").build());

    AccountConflicts conflicts = AccountConflicts.of(accounts);

    assertThat(conflicts.domains()).containsExactly(Map.entry("acme.com", List.of("a1", "a2")));
    assertThat(conflicts.names()).isEmpty();
    assertThat(conflicts.isEmpty()).isFalse();
    // What the conflict means: a lead from that domain reaches neither owner and says why.
    try (Router router = Router.builder()
        .roster(List.of(Rep.builder("r1").territories("US").build(), Rep.builder("r2").territories("US").build()))
        .accounts(accounts).strategies(StrategyRegistry.of())
        .step("ll", io.smartrouting.core.testing.TestStrategies.LEAST_LOADED).manualTimers().build()) {
      Decision shared = router.route(Lead.builder("l1").email("jo@acme.com").country("US").build());
      assertThat(shared.accountId()).isNull();
      assertThat(shared.flags()).contains(Flag.AMBIGUOUS_ACCOUNT);
      Decision own = router.route(Lead.builder("l2").email("jo@globex.com").country("US").build());
      assertThat(own.accountId()).isEqualTo("a2");
      assertThat(own.flags()).doesNotContain(Flag.AMBIGUOUS_ACCOUNT);
    }
  }

  @Test
  void anAccountDomainIsOneTheRouterTakes() {
    for (String ok : new String[] {"acme.co.uk", "www.acme.co.uk", "mail.acme.com", "ACME.COM", "acme.com."}) {
      assertThat(AccountConflicts.isAccountDomain(ok)).as(ok).isTrue();
    }
    for (String refused : new String[] {"co.uk", "com", "not a domain", "acme..com"}) {
      assertThat(AccountConflicts.isAccountDomain(refused)).as(refused).isFalse();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Router.builder()
          .roster(List.of(io.smartrouting.api.Rep.builder("r").territories("US").build()))
          .accounts(List.of(Account.builder("a").name("A").domains(refused).build()))
          .step("ll", io.smartrouting.core.testing.TestStrategies.LEAST_LOADED).manualTimers().build())
          .as("what the router refuses: " + refused).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aKeyClaimedWithinOneFamilyIsNoConflict() {
    List<Account> accounts = List.of(
        Account.builder("parent").name("Acme").domains("acme.com").ownerRepId("r1").build(),
        Account.builder("child").name("Acme").domains("acme.com").parentAccountId("parent").ownerRepId("r2").build());

    assertThat(AccountConflicts.of(accounts).isEmpty()).isTrue();
  }

  @Test
  void namesAreComparedAsTheRouterComparesThem() {
    List<Account> accounts = List.of(
        Account.builder("a1").name("The Acme Company").domains("acme.com").ownerRepId("r1").build(),
        Account.builder("a2").name("ACME, Inc.").domains("acme.io").ownerRepId("r2").build(),
        Account.builder("a3").name("Acme Labs").domains("acmelabs.com").ownerRepId("r2").build());

    AccountConflicts conflicts = AccountConflicts.of(accounts);

    assertThat(conflicts.names()).hasSize(1);
    assertThat(conflicts.names().values()).containsExactly(List.of("a1", "a2"));
    assertThat(conflicts.domains()).isEmpty();
  }

  @Test
  void theMapsAreSortedCopiesNoCallerCanChange() {
    TreeMap<String, List<String>> domains = new TreeMap<>();
    List<String> ids = new ArrayList<>(List.of("b", "a"));
    domains.put("z.com", ids);
    domains.put("a.com", List.of("c", "d"));
    AccountConflicts conflicts = new AccountConflicts(domains, new TreeMap<>());
    ids.add("later");
    domains.clear();

    assertThat(conflicts.domains().keySet()).containsExactly("a.com", "z.com");
    assertThat(conflicts.domains().get("z.com")).containsExactly("b", "a");
    assertThatThrownBy(() -> conflicts.domains().put("x.com", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> conflicts.domains().get("a.com").add("e"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void badInputIsRefusedByName() {
    Account a = Account.builder("a1").name("Acme").domains("acme.com").ownerRepId("r1").build();
    assertThatThrownBy(() -> AccountConflicts.of(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("accounts");
    assertThatThrownBy(() -> AccountConflicts.of(java.util.Arrays.asList(a, null)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("accounts");
    assertThatThrownBy(() -> AccountConflicts.of(List.of(a, a))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a1");
    assertThatThrownBy(() -> new AccountConflicts(null, new TreeMap<>())).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("domains");
  }
}
