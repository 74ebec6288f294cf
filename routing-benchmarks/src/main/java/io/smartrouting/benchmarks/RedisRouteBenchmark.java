package io.smartrouting.benchmarks;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import io.smartrouting.state.redis.RedisServer;
import io.smartrouting.state.redis.RedisStateStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code defaultChain} (route, then release) on the Redis state store, against a redis-server this benchmark starts
 * on localhost with Redis's default persistence (append-only file fsynced every second): the cost of sharing state between nodes, to read beside
 * {@link RouteBenchmark#defaultChain} at the same roster size.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class RedisRouteBenchmark {

  @Param({"1000"})
  public int reps;

  /**
   * The store's {@code spinWait}: how long a thread that uses Redis alone polls for the answer before it sleeps, in
   * microseconds; 0 (the default) sleeps at once.
   */
  @Param({"0", "100"})
  public int spinMicros;

  Lead[] leads;
  RedisServer server;
  RedisStateStore store;
  Router router;
  redis.clients.jedis.JedisPooled bare;
  /** A raw connection for {@link #pingPolling}, non-blocking, and its buffers. */
  java.nio.channels.SocketChannel raw;
  /** The same as {@link #raw}, blocking: the thread sleeps until the answer comes. */
  java.nio.channels.SocketChannel rawBlocking;
  final java.nio.ByteBuffer pingCommand = java.nio.ByteBuffer.wrap(
      "*1\r\n$4\r\nPING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  final java.nio.ByteBuffer pong = java.nio.ByteBuffer.allocateDirect(64);
  private final AtomicInteger next = new AtomicInteger();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    BenchWorld world = BenchWorld.generate(17, reps, RouteBenchmark.LEADS);
    leads = world.leads.toArray(new Lead[0]);
    server = RedisServer.start("everysec");
    store = server.store("bench").timeout(Duration.ofSeconds(1))
        .spinWait(Duration.ofNanos(spinMicros * 1000L)).build();
    router = Router.builder().roster(world.reps).accounts(world.accounts).idempotency(Duration.ofHours(1), 4096)
        .stateStore(store).defaultChain().build();
    bare = new redis.clients.jedis.JedisPooled("127.0.0.1", server.port);
    raw = java.nio.channels.SocketChannel.open(new java.net.InetSocketAddress("127.0.0.1", server.port));
    raw.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
    raw.configureBlocking(false);
    rawBlocking = java.nio.channels.SocketChannel.open(new java.net.InetSocketAddress("127.0.0.1", server.port));
    rawBlocking.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
    RedisCpuProfiler.watch(server.port);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    RedisCpuProfiler.watch(0);
    router.close();
    store.close();
    bare.close();
    raw.close();
    rawBlocking.close();
    server.close();
  }

  @Benchmark
  public Decision defaultChainRedis() {
    return RouteBenchmark.routeAndRelease(router, leads[Math.floorMod(next.getAndIncrement(), leads.length)]);
  }

  /**
   * Route, then {@link Router#releaseAsync}: the release is queued and the store's writer thread sends it with the
   * releases queued meanwhile, so the caller waits for the decision's one round trip only. Redis does the same work;
   * read it beside the four-thread row, which shows whether the shared server keeps up.
   */
  @Benchmark
  public Decision defaultChainRedisAsyncRelease() {
    return routeAndReleaseAsync(leads[Math.floorMod(next.getAndIncrement(), leads.length)]);
  }

  /** {@link #defaultChainRedisAsyncRelease} from four threads. */
  @Benchmark
  @Threads(4)
  public Decision defaultChainRedisAsyncReleaseFourThreads() {
    return routeAndReleaseAsync(leads[Math.floorMod(next.getAndIncrement(), leads.length)]);
  }

  private Decision routeAndReleaseAsync(Lead lead) {
    Decision d = router.route(lead);
    router.releaseAsync(d.leadId());
    return d;
  }

  /**
   * One bare {@code PING} on the same server and client library: the floor of one round trip on this machine, so
   * that a decision's cost reads as round trips (2 a route-and-release: one for the decision, one for the release).
   */
  @Benchmark
  public String ping() {
    return bare.ping();
  }

  /**
   * One bare {@code PING} whose answer is polled for ({@code read} in a loop on a non-blocking socket, as
   * {@code spinWait} does) instead of slept for: the floor of one round trip without the thread's wake-up. Read
   * beside {@link #pingSleeping}, the same code on a blocking socket. One thread only (one connection).
   */
  @Benchmark
  public int pingPolling() throws java.io.IOException {
    return rawPing(raw);
  }

  /** {@link #pingPolling} on a blocking socket: the thread sleeps until the answer comes, and is woken. */
  @Benchmark
  public int pingSleeping() throws java.io.IOException {
    return rawPing(rawBlocking);
  }

  private int rawPing(java.nio.channels.SocketChannel ch) throws java.io.IOException {
    pingCommand.rewind();
    while (pingCommand.hasRemaining()) {
      ch.write(pingCommand);
    }
    pong.clear();
    while (pong.position() < 7) { // "+PONG\r\n"
      if (ch.read(pong) == 0) {
        Thread.onSpinWait();
      }
    }
    return pong.position();
  }

  /** The same from four threads (one router, as a node with four request threads): what the shared path scales to. */
  @Benchmark
  @Threads(4)
  public Decision defaultChainRedisFourThreads() {
    return RouteBenchmark.routeAndRelease(router, leads[Math.floorMod(next.getAndIncrement(), leads.length)]);
  }
}
