package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.core.testing.TestStrategies;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A vendor may implement {@link Lead} on its own entity instead of copying it through the builder. Its codes are
 * read as the builder reads them, so "USA" and "en-US" from a CRM record meet the reps of "US" and "en".
 */
class OwnLeadImplementationTest {

  /** A CRM record as a lead: codes as the CRM keeps them, everything else from {@code base}. */
  private record CrmLead(Lead base, @Nullable String country, @Nullable String region, @Nullable String language,
      @Nullable String postalCode) implements Lead {
    CrmLead(Lead base, @Nullable String country, @Nullable String region, @Nullable String language) {
      this(base, country, region, language, null);
    }

    public String id() {
      return base.id();
    }

    public @Nullable String email() {
      return base.email();
    }

    public @Nullable String contactName() {
      return base.contactName();
    }

    public @Nullable String website() {
      return base.website();
    }

    public @Nullable String companyName() {
      return base.companyName();
    }

    public @Nullable String industry() {
      return base.industry();
    }

    public OptionalInt employees() {
      return base.employees();
    }

    public OptionalLong annualRecurringRevenue() {
      return base.annualRecurringRevenue();
    }

    public @Nullable ZoneId timeZone() {
      return base.timeZone();
    }

    public LeadSource source() {
      return base.source();
    }

    public @Nullable String title() {
      return base.title();
    }

    public OptionalInt icpScore() {
      return base.icpScore();
    }

    public @Nullable String accountId() {
      return base.accountId();
    }

    public boolean salesQualified() {
      return base.salesQualified();
    }

    public Map<String, String> attributes() {
      return base.attributes();
    }
  }

  private static Router router() {
    List<Rep> reps = List.of(
        Rep.builder("ca-es").territories("US-CA").languages("es").capacity(50).build(),
        Rep.builder("ca-en").territories("US-CA").languages("en").capacity(50).build(),
        Rep.builder("anywhere").territories("*").capacity(50).build());
    return Router.builder().roster(reps).strategies(StrategyRegistry.of())
        .step("ll", TestStrategies.LEAST_LOADED).build();
  }

  @Test
  void itsCodesAreReadAsTheBuilderReadsThem() {
    try (Router router = router()) {
      Decision d = router.route(new CrmLead(Lead.builder("crm-1").build(), "usa", "us-ca", "en-US"));
      assertThat(d.repId()).isEqualTo("ca-en");
      assertThat(router.preview(new CrmLead(Lead.builder("crm-2").build(), "USA", "CA", "Spanish")).repId())
          .isEqualTo("ca-es");
    }
  }

  /** {@code base} with {@code email} as its own implementation returns it, not as the builder keeps it. */
  private static Lead withRawEmail(Lead base, String email) {
    return (Lead) java.lang.reflect.Proxy.newProxyInstance(Lead.class.getClassLoader(), new Class<?>[] {Lead.class},
        (proxy, method, args) -> {
          if (method.getName().equals("email") && method.getParameterCount() == 0) {
            return email;
          }
          try {
            return method.invoke(base, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void itsEmailIsReadAsTheBuilderReadsIt() {
    List<io.smartrouting.api.Account> accounts = List.of(
        io.smartrouting.api.Account.builder("acme").name("Acme").domains("acme.com").build(),
        io.smartrouting.api.Account.builder("umbrella").name("Umbrella").domains("umbrella.io").build());
    try (Router router = Router.builder().roster(List.of(Rep.builder("anywhere").territories("*").capacity(50)
        .build())).accounts(accounts).strategies(StrategyRegistry.of()).step("ll", TestStrategies.LEAST_LOADED)
        .build()) {
      // A display name, a list: read after the last '@' they gave "acme.com>" (no account) and umbrella.
      for (String raw : new String[] {"Jo Doe <jo@acme.com>", "jo@acme.com; al@umbrella.io",
          "Jo <jo@acme.com>, Al <al@umbrella.io>"}) {
        Decision d = router.preview(withRawEmail(Lead.builder("crm-m").country("US").build(), raw));
        assertThat(d.accountId()).as(raw).isEqualTo("acme");
      }
    }
  }

  @Test
  void itsPostalCodeIsReadAsTheBuilderReadsIt() {
    List<Rep> reps = List.of(Rep.builder("sf").territories("US:941").capacity(50).build(),
        Rep.builder("other").territories("DE").capacity(50).build());
    try (Router router = Router.builder().roster(reps).strategies(StrategyRegistry.of())
        .step("ll", TestStrategies.LEAST_LOADED).build()) {
      Decision d = router.route(new CrmLead(Lead.builder("crm-p").build(), "USA", null, null, "941 05-1234"));
      assertThat(d.repId()).as("'941 05-1234' as the builder keeps it: 941051234").isEqualTo("sf");
      assertThatThrownBy(() -> router.route(new CrmLead(Lead.builder("crm-q").build(), "US", null, null, "94#1")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lead.postalCode");
    }
  }

  @Test
  void aCodeThatIsNoneIsRefusedNamingTheFieldInsteadOfGoingToWhoeverCoversEverywhere() {
    try (Router router = router()) {
      assertThatThrownBy(() -> router.route(new CrmLead(Lead.builder("crm-3").build(), "EMEA", null, null)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("lead.country must be an ISO 3166-1");
    }
  }
}
