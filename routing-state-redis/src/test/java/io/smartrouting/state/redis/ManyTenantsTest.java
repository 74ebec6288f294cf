package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A vendor runs one store per tenant, often thousands in one JVM: a store must not cost a thread of its own. Before 5
 * December 2026 each had a refresher thread and, once it had released a lead with {@code releaseAsync}, a flusher
 * thread that never ended (200 tenants: 417 threads).
 */
class ManyTenantsTest extends RedisServerTest {

  private static long storeThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("smartrouting-redis"))
        .count();
  }

  private static int poolFor(int stores) {
    return Math.max(1, Math.min(RedisStateStore.BACKGROUND_THREADS, stores));
  }

  @Test
  void theSharedBackgroundPoolHasAThreadAStoreAndNoMore() throws Exception {
    // Other tests' stores may be open in this JVM: count from them.
    int before = RedisStateStore.openStores();
    List<RedisStateStore> stores = new ArrayList<>();
    try {
      stores.add(server.patientStore("pool-0").build());
      assertThat(RedisStateStore.openStores()).isEqualTo(before + 1);
      assertThat(RedisStateStore.backgroundPoolSize()).isEqualTo(poolFor(before + 1));
      for (int i = 1; i < 12; i++) {
        stores.add(server.patientStore("pool-" + i).build());
      }
      assertThat(RedisStateStore.backgroundPoolSize()).isEqualTo(poolFor(before + 12));
      // Closing twice counts once.
      stores.get(0).close();
      stores.get(0).close();
      assertThat(RedisStateStore.openStores()).isEqualTo(before + 11);
    } finally {
      for (RedisStateStore s : stores) {
        s.close();
      }
    }
    assertThat(RedisStateStore.openStores()).isEqualTo(before);
    assertThat(RedisStateStore.backgroundPoolSize()).isEqualTo(poolFor(before));
  }

  @Test
  void manyTenantsShareAFewBackgroundThreadsAndAnIdleFlusherEnds() throws Exception {
    List<Router> routers = new ArrayList<>();
    List<RedisStateStore> stores = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        RedisStateStore s = server.patientStore("many-" + i).build();
        stores.add(s);
        Router r = Router.builder().roster(List.of(Rep.builder("ana").territories("US").build())).stateStore(s)
            .manualTimers().step("round-robin").build();
        routers.add(r);
        r.route(Lead.builder("lead-" + i).country("US").build());
        assertThat(r.releaseAsync("lead-" + i).get(5, TimeUnit.SECONDS)).isTrue();
      }
      // The flushers end after a second without releases; the background work is shared.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (storeThreads() > RedisStateStore.BACKGROUND_THREADS && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(storeThreads()).isLessThanOrEqualTo(RedisStateStore.BACKGROUND_THREADS);
      // A release after the flusher ended starts another, and completes.
      Router first = routers.get(0);
      first.route(Lead.builder("again").country("US").build());
      assertThat(first.releaseAsync("again").get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(stores.get(0).placement("again")).isNull();
      assertThat(stores.get(0).rep("ana").openLeads()).isZero();
    } finally {
      for (Router r : routers) {
        r.close();
      }
      for (RedisStateStore s : stores) {
        s.close();
      }
    }
  }
}
