package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Returning contacts against a model, over random days of leads from a few people (addresses in any case), releases
 * and reassignments, with reps that can always take a lead: a lead goes to the rep of its contact's latest lead still
 * open exactly when it has one, and otherwise to round-robin.
 */
class ReturningContactProperties {

  @Property(tries = 200)
  void aLeadGoesToTheRepOfItsContactsLatestOpenLeadExactlyWhenThereIsOne(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int repCount, @ForAll @IntRange(min = 1, max = 8) int people,
      @ForAll @IntRange(min = 5, max = 120) int steps) {
    Random rnd = new Random(seed);
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < repCount; i++) {
      reps.add(Rep.builder("r" + i).territories("*").capacity(100_000).build());
    }
    // Model: per person, open leads oldest first, each with its rep.
    Map<Integer, LinkedHashMap<String, String>> open = new HashMap<>();
    Map<String, Integer> personOf = new HashMap<>();
    List<String> openIds = new ArrayList<>();
    try (Router router = Router.builder().roster(reps).manualTimers().step("returning-contact").step("round-robin")
        .build()) {
      for (int n = 0; n < steps; n++) {
        int action = rnd.nextInt(10);
        if (action < 6 || openIds.isEmpty()) {
          int person = rnd.nextInt(people);
          String email = "person" + person + "@mail.example";
          if (rnd.nextBoolean()) {
            email = email.toUpperCase(java.util.Locale.ROOT);
          }
          String id = "L" + n;
          Decision d = router.route(Lead.builder(id).country("US").email(email).build());
          LinkedHashMap<String, String> leads = open.computeIfAbsent(person, k -> new LinkedHashMap<>());
          String expected = null;
          for (String rep : leads.values()) {
            expected = rep; // the latest open lead's rep
          }
          if (expected != null) {
            assertThat(d.repId()).as("lead %s of person %s", id, person).isEqualTo(expected);
            assertThat(d.decidedBy()).isEqualTo("returning-contact");
          } else {
            assertThat(d.decidedBy()).as("lead %s: nothing of person %s open", id, person).isEqualTo("round-robin");
          }
          leads.put(id, d.repId());
          personOf.put(id, person);
          openIds.add(id);
        } else if (action < 8) {
          String id = openIds.remove(rnd.nextInt(openIds.size()));
          router.release(id);
          open.get(personOf.get(id)).remove(id);
        } else {
          String id = openIds.get(rnd.nextInt(openIds.size()));
          String to = reps.get(rnd.nextInt(repCount)).id();
          LinkedHashMap<String, String> leads = open.get(personOf.get(id));
          if (!to.equals(leads.get(id))) {
            router.reassign(id, to, "a person moved it");
            leads.put(id, to); // the lead keeps its place among the person's leads
          }
        }
      }
    }
  }
}
