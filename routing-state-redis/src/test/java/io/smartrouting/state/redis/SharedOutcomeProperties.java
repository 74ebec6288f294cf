package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.core.learning.LearningPolicy;
import io.smartrouting.core.learning.OutcomeCount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Learning on many nodes: three learning routers on one Redis tenant route leads in turn, release some, and are told
 * WON or LOST by whichever node a webhook reaches, often more than once and on another node than the one that routed
 * the lead. Whatever the order, the shared counts are exactly those of one model fed each lead's first reported WON
 * or LOST, credited to the rep that held the lead, in the segment and industry it was routed in; every report is
 * acknowledged; each is published once.
 */
class SharedOutcomeProperties extends RedisProperties {

  private static final String[] INDUSTRIES = {null, "fintech", "retail"};

  @Property(tries = 40)
  void eachLeadsOutcomeCountsOnceWhicheverNodeIsTold(@ForAll long seed,
      @ForAll @IntRange(min = 5, max = 40) int leads) throws Exception {
    String tenant = freshTenant("outcomes");
    Random rnd = new Random(seed);
    List<Rep> reps = SharedRoutingTest.roster(4, 1000);
    List<String> published = java.util.Collections.synchronizedList(new ArrayList<>());
    List<RedisStateStore> stores = new ArrayList<>();
    List<Router> routers = new ArrayList<>();
    try {
      for (int n = 0; n < 3; n++) {
        RedisStateStore store = server.patientStore(tenant).build();
        stores.add(store);
        routers.add(Router.builder().roster(reps).stateStore(store).manualTimers().step("round-robin")
            .learning(new ConversionModel(LearningPolicy.defaults()))
            .listener(e -> {
              if (e instanceof io.smartrouting.api.RoutingEvent.OutcomeRecorded o && o.outcome().isTerminal()) {
                published.add(o.leadId());
              }
            }).build());
      }
      ConversionModel expected = new ConversionModel(LearningPolicy.defaults());
      Map<String, Decision> routed = new HashMap<>();
      Map<String, Lead> byId = new HashMap<>();
      for (int i = 0; i < leads; i++) {
        Lead lead = Lead.builder("lead-" + i).country("US").industry(INDUSTRIES[rnd.nextInt(3)])
            .employees(rnd.nextBoolean() ? 50 : 5000).build();
        Decision d = routers.get(rnd.nextInt(3)).route(lead);
        assertThat(d.repId()).isNotNull();
        routed.put(lead.id(), d);
        byId.put(lead.id(), lead);
        if (rnd.nextBoolean()) {
          routers.get(rnd.nextInt(3)).release(lead.id());
        }
      }
      List<String> counted = new ArrayList<>();
      // Reports in a random order, a lead's outcome told one to three times, to random nodes.
      List<String> reports = new ArrayList<>();
      for (String id : routed.keySet()) {
        if (rnd.nextInt(4) > 0) {
          for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
            reports.add(id);
          }
        }
      }
      java.util.Collections.shuffle(reports, rnd);
      Map<String, Boolean> won = new HashMap<>();
      for (String id : reports) {
        boolean w = won.computeIfAbsent(id, k -> rnd.nextBoolean());
        assertThat(routers.get(rnd.nextInt(3)).recordOutcome(id, w ? Outcome.WON : Outcome.LOST)).isTrue();
        if (!counted.contains(id)) {
          counted.add(id);
          Decision d = routed.get(id);
          expected.record(d.repId(), d.segment(), byId.get(id).industry(), w);
        }
      }
      assertThat(sorted(stores.get(0).outcomeCounts())).isEqualTo(sorted(expected.counts()));
      assertThat(published).as("each outcome published once").hasSameSizeAs(counted)
          .containsExactlyInAnyOrderElementsOf(counted);
    } finally {
      closeAll(routers, stores);
    }
  }

  private static List<String> sorted(List<OutcomeCount> counts) {
    return counts.stream().map(Object::toString).sorted().toList();
  }
}
