package io.smartrouting.state.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * A throwaway Redis Cluster of three masters on localhost, built from three {@link RedisServer} cluster nodes: the
 * 16,384 slots split in three ranges, the nodes introduced with {@code CLUSTER MEET}, ready once every node reports
 * {@code cluster_state:ok}; with {@link #startWithReplicas()}, one replica per master as well, for failover tests.
 */
public final class RedisCluster implements AutoCloseable {

  static final int SLOTS = 16_384;

  final List<RedisServer> masters = new ArrayList<>();
  /** Replica i follows master i (empty without replicas). */
  final List<RedisServer> replicas = new ArrayList<>();

  private RedisCluster() {
  }

  /** Starts three masters and waits until the cluster is ready. */
  public static RedisCluster start() throws IOException, InterruptedException {
    return start(false);
  }

  /**
   * Starts three masters, each with one replica ({@code CLUSTER REPLICATE}), and waits until the cluster is ready and
   * every replica's link to its master is up: a master killed then is replaced by its replica within a few node
   * timeouts (2 s each).
   */
  public static RedisCluster startWithReplicas() throws IOException, InterruptedException {
    return start(true);
  }

  private static RedisCluster start(boolean withReplicas) throws IOException, InterruptedException {
    RedisCluster cluster = new RedisCluster();
    try {
      for (int i = 0; i < 3; i++) {
        cluster.masters.add(RedisServer.startClusterNode());
      }
      for (int i = 0; i < 3; i++) {
        try (Jedis node = cluster.jedis(i)) {
          // Distinct config epochs from the start, as redis-cli --cluster create gives them. Left at 0, the masters
          // settle the collision among themselves after the cluster is "ok", and a replica that has not heard its
          // master's new epoch yet asks for votes with the old one and is refused ("slot 0 epoch (3) > reqEpoch
          // (0)") until it is too stale to fail over: ClusterFailoverTest killed a master within that window about
          // once in three full builds on 4 December.
          node.clusterSetConfigEpoch(i + 1);
          int from = i * SLOTS / 3;
          int to = (i + 1) * SLOTS / 3;
          int[] slots = new int[to - from];
          for (int s = from; s < to; s++) {
            slots[s - from] = s;
          }
          node.clusterAddSlots(slots);
          if (i > 0) {
            node.clusterMeet("127.0.0.1", cluster.masters.get(0).port);
          }
        }
      }
      cluster.awaitOk(Duration.ofSeconds(20));
      if (withReplicas) {
        for (int i = 0; i < 3; i++) {
          RedisServer replica = RedisServer.startClusterNode();
          cluster.replicas.add(replica);
          try (Jedis node = new Jedis("127.0.0.1", replica.port)) {
            node.clusterMeet("127.0.0.1", cluster.masters.get(0).port);
          }
        }
        cluster.awaitKnown(6, Duration.ofSeconds(20));
        for (int i = 0; i < 3; i++) {
          String masterId;
          try (Jedis master = cluster.jedis(i)) {
            masterId = master.clusterMyId();
          }
          try (Jedis replica = new Jedis("127.0.0.1", cluster.replicas.get(i).port)) {
            replica.clusterReplicate(masterId);
          }
        }
        cluster.awaitReplicasLinked(Duration.ofSeconds(30));
      }
      cluster.awaitOneViewOfEpochs(Duration.ofSeconds(20));
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The master (0, 1 or 2) that serves {@code slot}. */
  static int masterOf(int slot) {
    for (int i = 0; i < 3; i++) {
      if (slot < (i + 1) * SLOTS / 3) {
        return i;
      }
    }
    throw new IllegalArgumentException("slot " + slot);
  }

  Jedis jedis(int master) {
    return new Jedis("127.0.0.1", masters.get(master).port);
  }

  /** {@code host:port} of every node, the seeds a store needs. */
  public List<String> seeds() {
    List<String> out = new ArrayList<>();
    for (RedisServer m : all()) {
      out.add("127.0.0.1:" + m.port);
    }
    return out;
  }

  /** A store builder for {@code tenant} on this cluster, with short timeouts. */
  RedisStateStore.Builder store(String tenant) {
    return RedisStateStore.builder(tenant).cluster(seeds()).timeout(Duration.ofMillis(500))
        .retryAfter(Duration.ofMillis(200));
  }

  private void awaitKnown(int nodes, Duration within) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (RedisServer node : all()) {
        try (Jedis j = new Jedis("127.0.0.1", node.port)) {
          all &= j.clusterInfo().contains("cluster_known_nodes:" + nodes);
        }
      }
      if (all) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IOException("the cluster's nodes did not all know " + nodes + " nodes within " + within);
  }

  private void awaitReplicasLinked(Duration within) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      boolean linked = true;
      for (RedisServer replica : replicas) {
        try (Jedis j = new Jedis("127.0.0.1", replica.port)) {
          linked &= j.info("replication").contains("master_link_status:up");
        }
      }
      if (linked) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IOException("the replicas did not link to their masters within " + within);
  }

  /**
   * Waits until every node reports the same config epoch for every master (CLUSTER NODES), so that a failover the
   * test provokes is not refused over an epoch some node has not heard of yet.
   */
  private void awaitOneViewOfEpochs(Duration within) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + within.toNanos();
    String first = null;
    while (System.nanoTime() < deadline) {
      first = null;
      boolean same = true;
      for (RedisServer node : all()) {
        String view;
        try (Jedis j = new Jedis("127.0.0.1", node.port)) {
          view = masterEpochs(j.clusterNodes());
        }
        if (first == null) {
          first = view;
        } else if (!first.equals(view)) {
          same = false;
          break;
        }
      }
      if (same) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IOException("the cluster's nodes did not agree on the masters' config epochs within " + within
        + " (first node: " + first + ")");
  }

  /** "id=epoch" of every master in a CLUSTER NODES answer, sorted. */
  private static String masterEpochs(String nodes) {
    java.util.TreeSet<String> out = new java.util.TreeSet<>();
    for (String line : nodes.split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length > 6 && f[2].contains("master")) {
        out.add(f[0] + "=" + f[6]);
      }
    }
    return out.toString();
  }

  /** Every node, masters first. */
  List<RedisServer> all() {
    List<RedisServer> out = new ArrayList<>(masters);
    out.addAll(replicas);
    return out;
  }

  private void awaitOk(Duration within) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      boolean ok = true;
      for (int i = 0; i < masters.size() && ok; i++) {
        try (Jedis node = jedis(i)) {
          String info = node.clusterInfo();
          ok = info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
        }
      }
      if (ok) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IOException("the three-master cluster did not reach cluster_state:ok within " + within);
  }

  /** Stops every node. */
  @Override
  public void close() throws InterruptedException {
    for (RedisServer m : all()) {
      m.close();
    }
  }
}
