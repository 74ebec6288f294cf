package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.OpenLeads;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Updates that change a lead's address among a personal one and two accounts' domains, under random routing,
 * contacts, releases and ticks, with {@code whenAccountsMove} on or off: every update is previewed first and does
 * what its preview said; with the setting on, a lead an update newly matches to an account ends with one of the
 * account's people whenever its holder, not yet in contact, was none of them and one of them had room, and otherwise
 * stays where it was; with it off, an update whose facts its holder still covers never moves the lead. No rep goes
 * over its capacity, and every lead keeps one place.
 */
class UpdateAccountProperties {

  private static final String[] DOMAINS = {"gmail.com", "acme.com", "globex.com", "example.org"};

  @Property(tries = 200)
  void anUpdateThatFindsAnAccountHandsTheLeadToItsPeopleAsItsPreviewSays(@ForAll long seed,
      @ForAll boolean accountsMove) {
    Random rnd = new Random(seed);
    List<Rep> reps = new ArrayList<>();
    Map<String, Integer> capacity = new HashMap<>();
    for (int i = 0, n = 2 + rnd.nextInt(3); i < n; i++) {
      int cap = 1 + rnd.nextInt(3);
      reps.add(Rep.builder("r" + i).territories("US").capacity(cap).build());
      capacity.put("r" + i, cap);
    }
    Map<String, Set<String>> people = new HashMap<>();
    List<Account> accounts = new ArrayList<>();
    for (String name : List.of("acme", "globex")) {
      String owner = reps.get(rnd.nextInt(reps.size())).id();
      accounts.add(Account.builder(name).name(name).domains(name + ".com").ownerRepId(owner).build());
      people.put(name, Set.of(owner));
    }
    ManualClock clock = new ManualClock(Instant.parse("2026-12-07T15:00:00Z"));
    Router router = TestStrategies.leastLoaded(reps, clock).accounts(accounts).capacityThreshold(1.0)
        .whenAccountsMove(accountsMove).build();
    Map<String, String> domainOf = new HashMap<>();
    Set<String> open = new LinkedHashSet<>();
    Set<String> contacted = new HashSet<>();
    for (int step = 0, steps = 10 + rnd.nextInt(50); step < steps; step++) {
      int op = rnd.nextInt(10);
      if (op < 4 || open.isEmpty()) {
        String id = "L" + step;
        String domain = DOMAINS[rnd.nextInt(DOMAINS.length)];
        router.route(Lead.builder(id).country("US").email("p" + step + "@" + domain).build());
        domainOf.put(id, domain);
        open.add(id);
      } else if (op < 7) {
        String id = OpenLeads.pick(open, rnd);
        String domain = DOMAINS[rnd.nextInt(DOMAINS.length)];
        Lead lead = Lead.builder(id).country("US").email("p@" + domain).build();
        Placement before = router.placement(id).orElseThrow();
        Map<String, Integer> loads = new HashMap<>();
        capacity.keySet().forEach(r -> loads.put(r, router.openLeads(r)));
        Decision preview = router.previewUpdate(lead);
        assertThat(router.placement(id).orElseThrow()).as("a preview changes nothing").isEqualTo(before);
        Decision d = router.update(lead);
        Placement after = router.placement(id).orElseThrow();
        assertThat(where(d)).as("%s updated to %s against its preview", id, domain).isEqualTo(where(preview));
        assertThat(where(after)).isEqualTo(where(d));
        String account = domain.endsWith(".com") && !domain.equals("gmail.com") ? domain.replace(".com", "") : null;
        String priorDomain = domainOf.put(id, domain);
        boolean newMatch = account != null && !domain.equals(priorDomain);
        String holder = before.repId();
        if (accountsMove && newMatch && holder != null && !contacted.contains(id)
            && !people.get(account).contains(holder)) {
          boolean room = people.get(account).stream().anyMatch(r -> loads.get(r) < capacity.get(r));
          assertThat(after.repId()).as("%s newly of %s, held by %s (room with its people: %s)", id, account, holder,
              room).isEqualTo(room ? people.get(account).iterator().next() : holder);
        } else if (holder != null) {
          assertThat(after.repId()).as("%s stays with %s", id, holder).isEqualTo(holder);
        }
        if (!sameHolder(before, after)) {
          contacted.remove(id); // a new holder has not called it yet
        }
      } else if (op < 8) {
        String id = OpenLeads.pick(open, rnd);
        if (router.recordContact(id, clock.instant())) {
          contacted.add(id);
        }
      } else if (op < 9) {
        String id = OpenLeads.pick(open, rnd);
        assertThat(router.release(id)).isTrue();
        open.remove(id);
        contacted.remove(id);
      } else {
        clock.advance(Duration.ofMinutes(1 + rnd.nextInt(30)));
        router.fireDueTimers();
      }
      OpenLeads.assertCountsWithin(router, capacity);
      assertThat(router.openPlacements()).hasSize(open.size());
    }
  }

  private static String where(Decision d) {
    return d.repId() != null ? d.repId() : "queue:" + d.queue();
  }

  private static String where(Placement p) {
    return p.repId() != null ? p.repId() : "queue:" + p.queue();
  }

  private static boolean sameHolder(Placement a, Placement b) {
    return java.util.Objects.equals(a.repId(), b.repId());
  }
}
