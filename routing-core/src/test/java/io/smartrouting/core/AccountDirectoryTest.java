package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.core.internal.AccountDirectory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lead-to-account matching with real-world shapes. */
class AccountDirectoryTest {

  private final AccountDirectory dir = new AccountDirectory(List.of(
      Account.builder("acme").name("Acme Ltd").domains("acme.co.uk").build(),
      Account.builder("globex").name("Globex Corporation").domains("globex.com", "globex-health.com").build(),
      Account.builder("globex-health").name("Globex Health GmbH").domains("globex-health.com")
          .parentAccountId("globex").build(),
      Account.builder("initech").name("Initech").domains("shared-hosting.com").build(),
      Account.builder("initrode").name("Initrode").domains("shared-hosting.com").build(),
      Account.builder("umbrella").name("Umbrella Corp").domains("umbrella.io").build()),
      Router.DEFAULT_FREE_MAIL_DOMAINS);

  private AccountDirectory.Match match(Lead.Builder b) {
    return dir.match(b.build());
  }

  @Test
  void anEmailWithADisplayNameMatchesByItsAddress() {
    // "Jo Doe <jo@acme.co.uk>" used to give the domain "acme.co.uk>", which no account has.
    for (String written : new String[] {"Jane Roe <jane@acme.co.uk>", "\"Roe, Jane\" <jane@mail.acme.co.uk> ",
        "<jane@acme.co.uk>"}) {
      AccountDirectory.Match m = match(Lead.builder("1").email(written));
      assertThat(m.account).as(written).isNotNull();
      assertThat(m.account.id()).isEqualTo("acme");
    }
    assertThat(Lead.builder("1").email("Jane Roe <jane@acme.co.uk>").build().email()).isEqualTo("jane@acme.co.uk");
  }

  @Test
  void aListOfAddressesMatchesByItsFirst() {
    // "jane@acme.co.uk; bob@umbrella.io" used to match by the last address's domain: umbrella.
    for (String written : new String[] {"jane@acme.co.uk; bob@umbrella.io", "jane@acme.co.uk,bob@umbrella.io",
        "Jane Roe <jane@acme.co.uk>, Bob <bob@umbrella.io>", "\"Roe, Jane\" <jane@acme.co.uk>; bob@umbrella.io",
        "Roe, Jane <jane@acme.co.uk>", "jane@acme.co.uk;"}) {
      Lead lead = Lead.builder("1").email(written).build();
      assertThat(lead.email()).as(written).isEqualTo("jane@acme.co.uk");
      assertThat(dir.match(lead).account.id()).as(written).isEqualTo("acme");
    }
  }

  @Test
  void matchesTheRegistrableDomainOfASubdomainEmail() {
    AccountDirectory.Match m = match(Lead.builder("1").email("jane@mail.acme.co.uk"));
    assertThat(m.account.id()).isEqualTo("acme");
    assertThat(m.how).isEqualTo(AccountDirectory.How.DOMAIN);
    assertThat(m.key).isEqualTo("acme.co.uk");
  }

  @Test
  void freeMailNeverMatchesByDomainButTheCompanyNameDoes() {
    AccountDirectory.Match m = match(Lead.builder("2").email("bob@gmail.com").companyName("Acme, Inc."));
    assertThat(m.account.id()).isEqualTo("acme");
    assertThat(m.how).isEqualTo(AccountDirectory.How.NAME);
    assertThat(match(Lead.builder("3").email("bob@gmail.com")).account).isNull();
  }

  @Test
  void websiteIsUsedWhenTheEmailIsFreeMail() {
    AccountDirectory.Match m = match(Lead.builder("4").email("x@outlook.com").website("https://www.umbrella.io/about"));
    assertThat(m.account.id()).isEqualTo("umbrella");
  }

  @Test
  void aDomainClaimedByTwoUnrelatedAccountsIsAmbiguous() {
    AccountDirectory.Match m = match(Lead.builder("5").email("it@shared-hosting.com"));
    assertThat(m.account).isNull();
    assertThat(m.ambiguous).isTrue();
  }

  @Test
  void aSubsidiaryDomainListedOnTheParentMatchesTheMostSpecificAccountOfThatFamily() {
    assertThat(match(Lead.builder("6").email("a@globex-health.com")).account.id()).isEqualTo("globex-health");
    assertThat(match(Lead.builder("7").email("a@globex.com")).account.id()).isEqualTo("globex");
  }

  @Test
  void companyNamesAreNormalised() {
    assertThat(AccountDirectory.normaliseCompanyName("Acme, Inc.")).isEqualTo("acme");
    assertThat(AccountDirectory.normaliseCompanyName("ACME LLC")).isEqualTo("acme");
    assertThat(AccountDirectory.normaliseCompanyName("Globex Health GmbH")).isEqualTo("globex health");
    assertThat(AccountDirectory.normaliseCompanyName("Müller & Söhne GmbH")).isEqualTo("muller and sohne");
    assertThat(AccountDirectory.normaliseCompanyName("The Acme Company")).isEqualTo("acme");
    assertThat(AccountDirectory.normaliseCompanyName("The Home Depot, Inc.")).isEqualTo("home depot");
    assertThat(AccountDirectory.normaliseCompanyName("The")).isEqualTo("the");
    assertThat(match(Lead.builder("8").companyName("umbrella corporation")).account.id()).isEqualTo("umbrella");
  }

  @Test
  void anExplicitAccountIdWins() {
    assertThat(match(Lead.builder("9").accountId("initech").email("x@acme.co.uk")).account.id())
        .isEqualTo("initech");
  }

  @Test
  void noDataNoMatch() {
    AccountDirectory.Match m = match(Lead.builder("10"));
    assertThat(m.account).isNull();
    assertThat(m.ambiguous).isFalse();
  }

  @Test
  void freeMailDomainsAreReadAsHostsAreWhateverTheirCaseOrBlanks() {
    // 'Libero.IT' or ' libero.it ' used to be kept as written, so a libero.it lead still matched the account.
    Account libero = Account.builder("libero").name("Libero").domains("libero.it").ownerRepId("r1").build();
    List<io.smartrouting.api.Rep> reps = List.of(io.smartrouting.api.Rep.builder("r1").territories("IT").build());
    for (String written : new String[] {"libero.it", "Libero.IT", " libero.it ", "@libero.it"}) {
      try (Router r = Router.builder().roster(reps).accounts(List.of(libero)).freeMailDomains(List.of(written))
          .strategies(StrategyRegistry.of()).step("ll", io.smartrouting.core.testing.TestStrategies.LEAST_LOADED)
          .manualTimers().build()) {
        assertThat(r.route(Lead.builder("l").country("IT").email("mario@libero.it").build()).accountId())
            .as("free mail '%s'", written).isNull();
      }
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Router.builder().freeMailDomains(
        java.util.Arrays.asList("gmail.com", " ")))
        .hasMessage("freeMailDomains[1] must be a domain but was ' '");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Router.builder().freeMailDomains(
        java.util.Arrays.asList((String) null)))
        .hasMessage("freeMailDomains[0] must be a domain but was null");
  }

  /**
   * Parents that lead back to an account are refused, naming the cycle, by the router as by the account's builder; a
   * chain into a cycle from outside is refused with the cycle named. Until 7 December 2026 they were taken, each
   * account of the cycle its own ancestor (its people and a shared domain's owner decided by a depth cap of 32).
   */
  @Test
  void parentsThatLeadBackToTheAccountAreRefused() {
    List<Account> cycle = List.of(
        Account.builder("x1").name("X1").parentAccountId("x2").build(),
        Account.builder("x2").name("X2").parentAccountId("x3").build(),
        Account.builder("x3").name("X3").parentAccountId("x1").build(),
        Account.builder("sub").name("Sub").parentAccountId("x1").build());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Router.builder().roster(List.of(
        io.smartrouting.api.Rep.builder("a").territories("US").build())).accounts(cycle)
        .step("ll", io.smartrouting.core.testing.TestStrategies.LEAST_LOADED).manualTimers().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("account.parentAccountId: the parents of accounts form a cycle, x1 -> x2 -> x3 -> x1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AccountDirectory(
        List.of(Account.builder("sub").name("Sub").parentAccountId("x1").build(),
            Account.builder("x1").name("X1").parentAccountId("x2").build(),
            Account.builder("x2").name("X2").parentAccountId("x1").build()), Router.DEFAULT_FREE_MAIL_DOMAINS))
        .hasMessage("account.parentAccountId: the parents of accounts form a cycle, x1 -> x2 -> x1 (an account"
            + " cannot be its own ancestor)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Account.builder("x").name("X").parentAccountId("x")
        .build()).hasMessage("account.parentAccountId must name another account, not the account itself (account x)");
    // A deep family without a cycle stays as it was: a subsidiary's people end with its parents'.
    AccountDirectory deep = new AccountDirectory(List.of(
        Account.builder("top").name("Top").ownerRepId("t").build(),
        Account.builder("mid").name("Mid").parentAccountId("top").ownerRepId("m").build(),
        Account.builder("leaf").name("Leaf").domains("leaf.io").parentAccountId("mid").ownerRepId("l").build()),
        Router.DEFAULT_FREE_MAIL_DOMAINS);
    assertThat(deep.match(Lead.builder("d").email("x@leaf.io").build()).people).containsExactly("l", "m", "t");
  }
}
