package io.smartrouting.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A control, not a feature: pure CPU work of about one routing decision's length, no allocation, no shared
 * memory. Its p99 is what this machine (scheduler, hypervisor, timer interrupts) adds to any operation of that
 * length, and is the floor against which the routing p99s should be read.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class NoiseFloorBenchmark {

  /** Kept as a parameter so the report's table has a value in the reps column; it does not change the work. */
  @Param({"0"})
  public int reps;

  @Benchmark
  public void cpuOnlyAboutOneDecision() {
    Blackhole.consumeCPU(700);
  }
}
