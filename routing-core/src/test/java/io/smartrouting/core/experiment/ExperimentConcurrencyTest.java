package io.smartrouting.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.core.StrategyRegistry;
import io.smartrouting.core.state.InMemoryStateStore;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One experiment called from many threads at once, as a web service calls it: every lead sent twice (two threads
 * routing it together), every contact and every outcome told twice. The report counts each lead, contact and close
 * once, in the lead's variant, and no rep ends above its capacity across the variants that share it.
 */
class ExperimentConcurrencyTest {

  private static final int LEADS = 3_000;
  private static final int THREADS = 8;

  @Test
  void leadsContactsAndOutcomesToldTwiceFromEightThreadsCountOnce() throws Exception {
    InMemoryStateStore store = new InMemoryStateStore();
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      reps.add(Rep.builder("r" + i).territories("*").capacity(150).build());
    }
    java.util.function.Supplier<Router> router = () -> Router.builder().roster(reps).stateStore(store)
        .strategies(StrategyRegistry.of()).manualTimers().step("ll", TestStrategies.LEAST_LOADED).build();
    Router a = router.get();
    Router b = router.get();
    Experiment exp = Experiment.builder("concurrent").variant("a", a, 1).variant("b", b, 1).build();

    // The work: each lead appears twice, so two threads race to route it, to tell its contact and its outcome.
    List<Integer> work = new ArrayList<>();
    for (int i = 0; i < LEADS; i++) {
      work.add(i);
      work.add(i);
    }
    java.util.Collections.shuffle(work, new java.util.Random(7));
    Map<String, Decision> decided = new ConcurrentHashMap<>();
    Map<String, Boolean> firstContacts = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int from = t;
      done.add(pool.submit(() -> {
        start.await();
        for (int k = from; k < work.size(); k += THREADS) {
          int i = work.get(k);
          String id = "lead-" + i;
          Decision d = exp.route(Lead.builder(id).build());
          Decision first = decided.putIfAbsent(id, d);
          if (first != null) {
            assertThat(d.repId()).as("the same lead routed twice lands in one place").isEqualTo(first.repId());
            assertThat(d.queue()).isEqualTo(first.queue());
          }
          if (i % 3 == 0 && d.repId() != null) {
            if (exp.recordContact(id, Instant.now())) {
              assertThat(firstContacts.put(id, true)).as("one first contact of %s", id).isNull();
            }
            exp.recordOutcome(id, i % 2 == 0 ? Outcome.WON : Outcome.LOST);
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    for (Rep r : reps) {
      assertThat(a.openLeads(r.id())).as("open leads of %s, both variants on one store", r.id())
          .isEqualTo(b.openLeads(r.id())).isLessThanOrEqualTo(r.capacity());
    }
    ExperimentReport report = exp.report();
    long leads = 0;
    long assigned = 0;
    long contacted = 0;
    long won = 0;
    long lost = 0;
    for (VariantStats v : report.variants()) {
      leads += v.leads();
      assigned += v.assigned();
      contacted += v.contacted();
      won += v.won();
      lost += v.lost();
    }
    long withRep = decided.values().stream().filter(d -> d.repId() != null).count();
    long contactedLeads = decided.entrySet().stream()
        .filter(e -> Integer.parseInt(e.getKey().substring(5)) % 3 == 0 && e.getValue().repId() != null).count();
    assertThat(leads).as("each lead once").isEqualTo(LEADS);
    assertThat(assigned).isEqualTo(withRep);
    assertThat(contacted).as("each contacted lead once").isEqualTo(contactedLeads).isEqualTo(firstContacts.size());
    assertThat(won + lost).as("each closed lead once").isEqualTo(contactedLeads);
    assertThat(won).isEqualTo(decided.entrySet().stream().filter(e -> {
      int i = Integer.parseInt(e.getKey().substring(5));
      return i % 3 == 0 && i % 2 == 0 && e.getValue().repId() != null;
    }).count());
    for (Map.Entry<String, Decision> e : decided.entrySet()) {
      assertThat(exp.routedVariant(e.getKey())).as("lead %s remembered in the variant that routed it", e.getKey())
          .contains(exp.variantOf(Lead.builder(e.getKey()).build()));
    }
    exp.close();
  }
}
