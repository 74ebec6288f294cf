package io.smartrouting.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * A control, not a feature: what it costs this machine to move one cache line from one core to the other and back.
 * Two threads bounce a counter between two cache lines ({@code ping} writes one, {@code pong} answers in the other);
 * one operation is one round trip. Average time, not sampled: timing each call would add two clock reads to a
 * round trip of a few dozen nanoseconds.
 *
 * <p>Read the two-thread routing figures against it. On this project's 2-vCPU machines the round trip is not a
 * constant: within one JVM it switches, for seconds to minutes at a time, between about 50 ns, about 120 ns and
 * 340-680 ns (the host placing the two vCPUs closer or further apart), and every cache line the two routing threads
 * both write costs about half a round trip each time it changes hands.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Group)
public class CrossCoreBenchmark {

  /** Kept as a parameter so the report's table has a value in the reps column; it does not change the work. */
  @Param({"0"})
  public int reps;

  /** Index {@link #PING} and {@link #PONG} are 128 bytes apart: two cache lines, not one line and its prefetch pair. */
  private static final int PING = 16;
  private static final int PONG = 32;
  private final AtomicLongArray cells = new AtomicLongArray(48);

  /** Sends the next value and waits for it to come back. */
  @Benchmark
  @Group("crossCoreRoundTrip")
  @GroupThreads(1)
  public long ping(Control control) {
    long v = cells.get(PING) + 1;
    cells.set(PING, v);
    while (cells.get(PONG) != v) {
      if (control.stopMeasurement) {
        break;
      }
    }
    return v;
  }

  /** Waits for a new value and sends it back. */
  @Benchmark
  @Group("crossCoreRoundTrip")
  @GroupThreads(1)
  public long pong(Control control) {
    long seen = cells.get(PONG);
    long v;
    while ((v = cells.get(PING)) == seen) {
      if (control.stopMeasurement) {
        return seen;
      }
    }
    cells.set(PONG, v);
    return v;
  }
}
