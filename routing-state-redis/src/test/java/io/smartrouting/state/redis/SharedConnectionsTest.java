package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Many tenants' stores in one JVM on one shared pool of connections: Redis sees that pool's connections, not one
 * pool a tenant, and the tenants stay apart.
 */
class SharedConnectionsTest extends RedisServerTest {

  private static final int TENANTS = 40;

  private static int connectedClients() {
    String info = server.command("INFO clients");
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("connected_clients:")) {
        return Integer.parseInt(line.substring("connected_clients:".length()).trim());
      }
    }
    throw new AssertionError("no connected_clients in " + info);
  }

  @Test
  void fortyTenantsRouteOverFourConnectionsAndNeverSeeEachOther() {
    int before = connectedClients();
    try (RedisConnections pool = RedisConnections.builder().endpoint("127.0.0.1", server.port)
        .maxConnections(4).timeout(Duration.ofMillis(500)).build()) {
      List<RedisStateStore> stores = new ArrayList<>();
      List<Router> routers = new ArrayList<>();
      try {
        for (int t = 0; t < TENANTS; t++) {
          RedisStateStore store = server.store("shared-" + t).connections(pool).build();
          stores.add(store);
          // Each tenant its own reps: t-ana and t-bob, one lead each at most.
          routers.add(Router.builder().stateStore(store).manualTimers().defaultChain()
              .roster(List.of(Rep.builder(t + "-ana").territories("US").capacity(1).build(),
                  Rep.builder(t + "-bob").territories("US").capacity(1).build())).build());
        }
        assertThat(pool.stores()).isEqualTo(TENANTS);
        for (int t = 0; t < TENANTS; t++) {
          // The same lead ids in every tenant: each is placed in its own tenant, with its own reps.
          Decision first = routers.get(t).route(Lead.builder("L1").country("US").build());
          Decision second = routers.get(t).route(Lead.builder("L2").country("US").build());
          assertThat(List.of(first.repId(), second.repId())).containsExactlyInAnyOrder(t + "-ana", t + "-bob");
          Decision third = routers.get(t).route(Lead.builder("L3").country("US").build());
          assertThat(third.repId()).as("both of tenant %d's reps are full", t).isNull();
          assertThat(third.hasFlag(Flag.STATE_UNAVAILABLE)).isFalse();
        }
        assertThat(connectedClients() - before).as("the shared pool's connections, not one pool a tenant")
            .isBetween(1, 4);
        routers.get(0).release("L1");
        assertThat(routers.get(0).route(Lead.builder("L4").country("US").build()).repId()).isNotNull();
        assertThat(routers.get(1).route(Lead.builder("L4").country("US").build()).repId())
            .as("a release in tenant 0 frees nothing in tenant 1").isNull();

        // A tenant that closes its store leaves the pool to the others.
        routers.get(2).close();
        stores.get(2).close();
        assertThat(pool.stores()).isEqualTo(TENANTS - 1);
        routers.get(3).release("L2");
        assertThat(routers.get(3).route(Lead.builder("L5").country("US").build()).repId()).isNotNull();
      } finally {
        for (Router r : routers) {
          r.close();
        }
        for (RedisStateStore s : stores) {
          s.close();
        }
      }
      assertThat(pool.stores()).isZero();
    }
  }

  @Test
  void aClosedPoolMakesItsStoresAnswerAsDuringAnOutageAndBuildsNoMore() {
    RedisConnections pool = RedisConnections.builder().endpoint("127.0.0.1", server.port).maxConnections(2).build();
    try (RedisStateStore store = server.store("shared-closed").connections(pool).build();
        Router router = Router.builder().stateStore(store).manualTimers().defaultChain()
            .roster(List.of(Rep.builder("ana").territories("US").build())).build()) {
      assertThat(router.route(Lead.builder("L1").country("US").build()).repId()).isEqualTo("ana");
      pool.close();
      Decision queued = router.route(Lead.builder("L2").country("US").build());
      assertThat(queued.hasFlag(Flag.STATE_UNAVAILABLE)).as("queued, flagged, not lost").isTrue();
      assertThatThrownBy(() -> server.store("shared-late").connections(pool).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
  }

  @Test
  void settingsThatNeedAPoolOfTheStoresOwnAreRefused() {
    try (RedisConnections pool = RedisConnections.builder().endpoint("127.0.0.1", server.port)
        .timeout(Duration.ofMillis(100)).build()) {
      assertThatThrownBy(() -> server.store("x").connections(pool).spinWait(Duration.ofMillis(1)).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("spinWait");
      assertThatThrownBy(() -> server.store("x").connections(pool).replicaAcks(1, Duration.ofMillis(50)).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("replicaAcks");
      assertThatThrownBy(() -> RedisConnections.builder().maxConnections(0)).hasMessageContaining("maxConnections");
      assertThatThrownBy(() -> RedisConnections.builder().endpoint(" ", 6379)).hasMessageContaining("host");
    }
  }
}
