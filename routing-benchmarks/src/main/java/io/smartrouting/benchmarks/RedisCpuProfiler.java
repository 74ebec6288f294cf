package io.smartrouting.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler for the benchmarks that start their own redis-server: the CPU time Redis spent per operation
 * ({@code redis.cpu.norm}, microseconds) and the share of one core it used ({@code redis.cpu.util}), from
 * {@code INFO cpu} (user plus system time of the server process) read before and after each iteration. Use it as
 * {@code -prof io.smartrouting.benchmarks.RedisCpuProfiler} beside {@code -prof gc}.
 *
 * <p>Why: Redis runs one command at a time, so its CPU time per decision bounds what every node of a tenant together
 * can decide in a second (one million microseconds over {@code redis.cpu.norm}), and a utilization near 1.0 says a
 * row is bounded by the server, not by the client. Iterations before the benchmark has started its server report
 * nothing. The counters include the server's own housekeeping (a few milliseconds a second when idle).
 */
public final class RedisCpuProfiler implements InternalProfiler {

  /** The port of the redis-server the running benchmark started, or 0 while there is none. */
  private static volatile int port;

  /** The server's CPU seconds read when the benchmark stopped watching it (for its last iteration), and its port. */
  private static volatile double lastCpu = Double.NaN;
  private static volatile int lastPort;

  /**
   * Called by a benchmark's setup with the port of the server it started, and with 0 before it stops the server (a
   * trial's teardown runs before the profiler hears that its last iteration ended, so the server is read here).
   */
  public static void watch(int redisPort) {
    int was = port;
    if (redisPort == 0 && was != 0) {
      lastCpu = cpuSeconds(was);
      lastPort = was;
    }
    port = redisPort;
  }

  private int readFrom;
  private double cpuBefore = Double.NaN;
  private long wallBefore;

  @Override
  public String getDescription() {
    return "redis-server CPU time per operation and utilization (INFO cpu), for benchmarks that start one";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    readFrom = port;
    cpuBefore = readFrom == 0 ? Double.NaN : cpuSeconds(readFrom);
    wallBefore = System.nanoTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
      IterationResult result) {
    long wall = System.nanoTime() - wallBefore;
    long ops = result.getMetadata().getAllOps();
    if (Double.isNaN(cpuBefore) || ops <= 0 || wall <= 0) {
      return List.of();
    }
    double after = port == readFrom ? cpuSeconds(readFrom) : lastPort == readFrom ? lastCpu : Double.NaN;
    double cpu = after - cpuBefore;
    if (Double.isNaN(cpu)) {
      return List.of();
    }
    return List.of(
        new ScalarResult("redis.cpu.norm", cpu * 1e6 / ops, "us/op", AggregationPolicy.AVG),
        new ScalarResult("redis.cpu.util", cpu * 1e9 / wall, "cores", AggregationPolicy.AVG));
  }

  /** {@code used_cpu_user + used_cpu_sys} of the server on {@code port}, or NaN if it cannot be read. */
  static double cpuSeconds(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write("INFO cpu\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String info = readBulk(s.getInputStream());
      double user = Double.NaN;
      double sys = Double.NaN;
      for (String line : info.split("\r\n")) {
        if (line.startsWith("used_cpu_user:")) {
          user = Double.parseDouble(line.substring("used_cpu_user:".length()).trim());
        } else if (line.startsWith("used_cpu_sys:")) {
          sys = Double.parseDouble(line.substring("used_cpu_sys:".length()).trim());
        }
      }
      return user + sys;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** One RESP bulk string ({@code $<length>\r\n<bytes>\r\n}). */
  private static String readBulk(InputStream in) throws IOException {
    StringBuilder header = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      header.append((char) c);
    }
    String h = header.toString().trim();
    if (!h.startsWith("$")) {
      throw new IOException("not a bulk reply: " + h);
    }
    int length = Integer.parseInt(h.substring(1));
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new IOException("short reply");
    }
    return new String(body, StandardCharsets.US_ASCII);
  }
}
