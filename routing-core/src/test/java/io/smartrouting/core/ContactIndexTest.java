package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.internal.KeyHash;
import io.smartrouting.core.state.InMemoryStateStore;
import io.smartrouting.core.state.RoutingStateStore;
import io.smartrouting.core.testing.ForwardingStateStore;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state stores' side of returning contacts: an index of contact keys, noted only for chains that read it. */
class ContactIndexTest {

  /** Assigns the returning contact's rep when it is a candidate, else the first candidate. */
  static class SameRepOrFirst implements RoutingStrategy {
    @Override
    public StrategyResult apply(RoutingContext ctx) {
      int o = ctx.sameContactHolder();
      if (o >= 0 && ctx.candidates().contains(o)) {
        return StrategyResult.assign(o, "same contact");
      }
      return ctx.candidates().isEmpty() ? StrategyResult.pass("nobody")
          : StrategyResult.assign(ctx.candidates().first(), "first");
    }

    @Override
    public boolean readsContacts() {
      return true;
    }
  }

  @Test
  void contactKeysIgnoreCaseAndBlanksAndNeverCollideWithNone() {
    assertThat(KeyHash.contact(" Jane@Gmail.COM\t")).isEqualTo(KeyHash.contact("jane@gmail.com")).isNotZero();
    assertThat(KeyHash.contact("jane@gmail.com")).isNotEqualTo(KeyHash.contact("jane@gmail.co"));
    assertThat(KeyHash.contact(null)).isZero();
    assertThat(KeyHash.contact("   ")).isZero();
  }

  @Test
  void companyKeysAreRegistrableDomainsOfTheAddressElseTheWebsiteAndNeverFreeMail() {
    io.smartrouting.core.internal.AccountDirectory dir = new io.smartrouting.core.internal.AccountDirectory(
        List.of(), Router.DEFAULT_FREE_MAIL_DOMAINS);
    long acme = KeyHash.company("acme.com");
    assertThat(dir.companyKey(Lead.builder("a").email("jo@acme.com").build())).isEqualTo(acme);
    assertThat(dir.companyKey(Lead.builder("b").email(" Sam@EU.Acme.COM ").build())).isEqualTo(acme);
    assertThat(dir.companyKey(Lead.builder("c").email("jo@gmail.com").website("https://www.acme.com/x").build()))
        .as("free mail: the website names the company").isEqualTo(acme);
    assertThat(dir.companyKey(Lead.builder("d").email("jo@gmail.com").build())).isZero();
    assertThat(dir.companyKey(Lead.builder("e").build())).isZero();
    assertThat(dir.companyKey(Lead.builder("f").email("kim@shop.globex.co.uk").build()))
        .isEqualTo(KeyHash.company("globex.co.uk")).isNotEqualTo(acme);
    assertThat(acme).as("a company key is no contact key").isNotEqualTo(KeyHash.contact("acme.com"));
    // Hosts seen before are answered from a memo of 8,192 slots: many hosts, each asked twice in another case,
    // share slots and must still get their own key.
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < 10_000; i++) {
        String host = (i % 3 == 0 ? "eu." : "") + "company" + i + (i % 2 == 0 ? ".com" : ".co.uk");
        String email = "p@" + (pass == 0 ? host : host.toUpperCase(java.util.Locale.ROOT));
        assertThat(dir.companyKey(Lead.builder("m" + i).email(email).build())).as(email)
            .isEqualTo(KeyHash.company(io.smartrouting.core.internal.AccountDirectory.registrableDomain(host)));
      }
    }
  }

  @Test
  void aKeyListsItsLatestSixtyFourOpenLeads() {
    InMemoryStateStore store = new InMemoryStateStore();
    try (Router router = Router.builder().stateStore(store).strategies(StrategyRegistry.of()).manualTimers()
        .step("same", new SameRepOrFirst())
        .roster(List.of(Rep.builder("ana").territories("US").capacity(1000).build())).build()) {
      for (int i = 0; i < 70; i++) {
        router.route(Lead.builder("L" + i).country("US").email("jane@gmail.com").build());
      }
      long jane = KeyHash.contact("jane@gmail.com");
      for (int i = 69; i >= 7; i--) {
        router.release("L" + i);
        assertThat(store.openLeadOfContact(jane).leadId()).isEqualTo("L" + (i - 1));
      }
      router.release("L6");
      assertThat(store.openLeadOfContact(jane)).as("L0 to L5 fell off the list; they are still open").isNull();
      assertThat(store.placement("L5")).isNotNull();
    }
  }

  @Test
  void theInMemoryIndexAnswersTheLatestOpenLeadWithARepAndForgetsReleasedOnes() {
    InMemoryStateStore store = new InMemoryStateStore();
    try (Router router = Router.builder().stateStore(store).strategies(StrategyRegistry.of()).manualTimers()
        .step("same", new SameRepOrFirst())
        .roster(List.of(Rep.builder("ana").territories("US").build(), Rep.builder("bob").territories("US").build()))
        .build()) {
      Decision d = router.route(Lead.builder("L1").country("US").email("jane@gmail.com").build());
      long jane = KeyHash.contact("jane@gmail.com");
      assertThat(store.openLeadOfContact(jane)).isNotNull().extracting(p -> p.repId()).isEqualTo(d.repId());
      router.reassign("L1", "bob", "test");
      assertThat(store.openLeadOfContact(jane).repId()).isEqualTo("bob");
      assertThat(router.route(Lead.builder("L2").country("US").email("JANE@gmail.com").build()).repId())
          .isEqualTo("bob");
      assertThat(store.openLeadOfContact(jane).leadId()).as("the latest lead").isEqualTo("L2");
      router.release("L2");
      assertThat(store.openLeadOfContact(jane).leadId()).as("then the one before, still open").isEqualTo("L1");
      router.release("L1");
      assertThat(store.openLeadOfContact(jane)).as("none is open").isNull();
    }
  }

  @Test
  void underEightThreadsTheIndexAnswersOnlyOpenLeadsOfTheContactAndCompanyAndForgetsThemAll() throws Exception {
    InMemoryStateStore store = new InMemoryStateStore();
    List<Rep> reps = List.of(Rep.builder("a").territories("US").capacity(100_000).build(),
        Rep.builder("b").territories("US").capacity(100_000).build(),
        Rep.builder("c").territories("US").capacity(100_000).build());
    java.util.Map<String, Integer> personOf = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.List<String> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();
    // Twelve people of four companies; every lead noted under its person and its company.
    RoutingStrategy both = new SameRepOrFirst() {
      @Override
      public boolean readsCompanies() {
        return true;
      }
    };
    try (Router router = Router.builder().stateStore(store).strategies(StrategyRegistry.of()).manualTimers()
        .step("same", both).roster(reps).build()) {
      io.smartrouting.core.testing.Concurrently.run(8, t -> {
        java.util.Random rnd = new java.util.Random(t);
        java.util.List<String> mine = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
          int person = rnd.nextInt(12);
          String id = "t" + t + "-" + i;
          personOf.put(id, person);
          router.route(Lead.builder(id).country("US").email(email(person)).build());
          mine.add(id);
          io.smartrouting.core.state.Placement p = store.openLeadOfContact(KeyHash.contact(email(person)));
          if (p != null && (personOf.get(p.leadId()) == null || personOf.get(p.leadId()) != person)) {
            wrong.add(p.leadId() + " answered for person " + person);
          }
          io.smartrouting.core.state.Placement c = store.openLeadOfContact(company(person));
          if (c != null && (personOf.get(c.leadId()) == null || personOf.get(c.leadId()) % 4 != person % 4)) {
            wrong.add(c.leadId() + " answered for company " + person % 4);
          }
          if (rnd.nextBoolean()) {
            router.release(mine.remove(rnd.nextInt(mine.size())));
          }
        }
        for (String id : mine) {
          router.release(id);
        }
      });
    }
    assertThat(wrong).isEmpty();
    for (int person = 0; person < 12; person++) {
      assertThat(store.openLeadOfContact(KeyHash.contact(email(person))))
          .as("person %s: everything released", person).isNull();
      assertThat(store.openLeadOfContact(company(person))).as("company %s: everything released", person % 4)
          .isNull();
    }
  }

  private static String email(int person) {
    return "p" + person + "@company" + person % 4 + ".example";
  }

  private static long company(int person) {
    return KeyHash.company("company" + person % 4 + ".example");
  }

  @Test
  void withoutAStepThatReadsContactsNothingIsNoted() {
    InMemoryStateStore store = new InMemoryStateStore();
    try (Router router = Router.builder().stateStore(store).strategies(StrategyRegistry.of()).manualTimers()
        .step("least-loaded", io.smartrouting.core.testing.TestStrategies.LEAST_LOADED)
        .roster(List.of(Rep.builder("ana").territories("US").build())).build()) {
      router.route(Lead.builder("L1").country("US").email("jane@gmail.com").build());
      assertThat(store.openLeadOfContact(KeyHash.contact("jane@gmail.com"))).isNull();
    }
  }

  @Test
  void aChainThatLooksForClosedLeadsOnAStoreThatForgetsThemIsRefusedAtBuild() {
    RoutingStateStore indexOnly = new ForwardingStateStore() {
      @Override
      public boolean indexesContacts() {
        return true;
      }
    };
    RoutingStrategy lookBack = new SameRepOrFirst() {
      @Override
      public java.time.Duration contactsClosedWithin() {
        return java.time.Duration.ofDays(7);
      }
    };
    Router.Builder b = Router.builder().stateStore(indexOnly).strategies(StrategyRegistry.of()).manualTimers()
        .step("back", lookBack).roster(List.of(Rep.builder("ana").territories("US").build()));
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("step 'back' looks for a contact's closed leads")
        .hasMessageContaining("does not remember them");
  }

  @Test
  void aChainThatReadsContactsOnAStoreWithoutAnIndexIsRefusedAtBuild() {
    RoutingStateStore plain = new ForwardingStateStore() {};
    Router.Builder b = Router.builder().stateStore(plain).strategies(StrategyRegistry.of()).manualTimers()
        .step("same", new SameRepOrFirst()).roster(List.of(Rep.builder("ana").territories("US").build()));
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("step 'same' reads contacts").hasMessageContaining("keeps no index of contacts");
    io.smartrouting.spi.RoutingStrategy byCompany = new io.smartrouting.spi.RoutingStrategy() {
      @Override
      public io.smartrouting.spi.StrategyResult apply(io.smartrouting.spi.RoutingContext ctx) {
        return io.smartrouting.spi.StrategyResult.pass("never asked");
      }

      @Override
      public boolean readsCompanies() {
        return true;
      }
    };
    Router.Builder c = Router.builder().stateStore(plain).strategies(StrategyRegistry.of()).manualTimers()
        .step("colleagues", byCompany).roster(List.of(Rep.builder("ana").territories("US").build()));
    assertThatThrownBy(c::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("step 'colleagues' reads companies").hasMessageContaining("keeps no index of contacts");
  }
}
