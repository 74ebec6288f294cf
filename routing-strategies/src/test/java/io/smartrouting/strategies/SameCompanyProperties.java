package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@code returning-contact} then {@code same-company} against a model, over random days of leads from people of a few
 * companies (some at free mail, some from a subdomain), releases and reassignments, with reps that can always take a
 * lead: a lead goes to the rep of its person's latest open lead when there is one, else to the rep of its company's
 * latest open lead when there is one (free mail is no company), else to round-robin. A key lists at most its latest
 * 64 open leads, and so does the model.
 */
class SameCompanyProperties {

  private static final int LISTED = 64;

  @Property(tries = 200)
  void aLeadGoesToItsPersonsElseItsCompanysLatestOpenLeadsRep(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int repCount, @ForAll @IntRange(min = 1, max = 4) int companies,
      @ForAll @IntRange(min = 1, max = 12) int people, @ForAll @IntRange(min = 5, max = 160) int steps) {
    Random rnd = new Random(seed);
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < repCount; i++) {
      reps.add(Rep.builder("r" + i).territories("*").capacity(100_000).build());
    }
    // Each person's company, or -1 for free mail.
    int[] companyOf = new int[people];
    for (int p = 0; p < people; p++) {
      companyOf[p] = rnd.nextInt(5) == 0 ? -1 : rnd.nextInt(companies);
    }
    // Model: per key (an address, or "c<n>"), the open leads listed, oldest first; each open lead's rep and keys.
    Map<String, List<String>> listed = new HashMap<>();
    Map<String, String> repOf = new HashMap<>();
    Map<String, List<String>> keysOf = new HashMap<>();
    List<String> openIds = new ArrayList<>();
    try (Router router = Router.builder().roster(reps).manualTimers().step("returning-contact")
        .step("same-company").step("round-robin").build()) {
      for (int n = 0; n < steps; n++) {
        int action = rnd.nextInt(10);
        if (action < 6 || openIds.isEmpty()) {
          int person = rnd.nextInt(people);
          int company = companyOf[person];
          String host = company < 0 ? "gmail.com" : (rnd.nextInt(3) == 0 ? "eu." : "") + "company" + company + ".com";
          String id = "L" + n;
          String email = "person" + person + "@" + host;
          Decision d = router.route(Lead.builder(id).country("US").email(email).build());
          String personKey = email; // a person writing from the subdomain has another address
          String companyKey = company < 0 ? null : "c" + company;
          String byPerson = latestRep(listed.get(personKey), repOf);
          String byCompany = companyKey == null ? null : latestRep(listed.get(companyKey), repOf);
          if (byPerson != null) {
            assertThat(d.repId()).as("lead %s of person %s", id, person).isEqualTo(byPerson);
            assertThat(d.decidedBy()).isEqualTo("returning-contact");
          } else if (byCompany != null) {
            assertThat(d.repId()).as("lead %s of company %s", id, company).isEqualTo(byCompany);
            assertThat(d.decidedBy()).isEqualTo("same-company");
          } else {
            assertThat(d.decidedBy()).as("lead %s: nothing of person %s or company %s open", id, person, company)
                .isEqualTo("round-robin");
          }
          repOf.put(id, d.repId());
          List<String> keys = companyKey == null ? List.of(personKey) : List.of(personKey, companyKey);
          keysOf.put(id, keys);
          for (String k : keys) {
            List<String> ids = listed.computeIfAbsent(k, x -> new ArrayList<>());
            ids.add(id);
            if (ids.size() > LISTED) {
              ids.remove(0);
            }
          }
          openIds.add(id);
        } else if (action < 8) {
          String id = openIds.remove(rnd.nextInt(openIds.size()));
          router.release(id);
          for (String k : keysOf.get(id)) {
            listed.get(k).remove(id);
          }
          repOf.remove(id);
        } else {
          String id = openIds.get(rnd.nextInt(openIds.size()));
          String to = reps.get(rnd.nextInt(repCount)).id();
          if (!to.equals(repOf.get(id))) {
            router.reassign(id, to, "a person moved it");
            repOf.put(id, to); // the lead keeps its place in its lists
          }
        }
      }
    }
  }

  private static String latestRep(List<String> ids, Map<String, String> repOf) {
    return ids == null || ids.isEmpty() ? null : repOf.get(ids.get(ids.size() - 1));
  }
}
