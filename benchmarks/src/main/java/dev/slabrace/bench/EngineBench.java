package dev.slabrace.bench;

import dev.slabrace.detect.Engine;
import dev.slabrace.trace.EventCursor;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's hot path without a reader: events decoded once into memory are fed to a fresh
 * {@link Engine} per operation. The {@code events} counter is events per second, the
 * {@code findings} counter findings per second.
 *
 * <ul>
 *   <li>{@code LOCKED}: 8 tasks, 100,000 variables, every access inside the critical section of its
 *       variable's lock (64 locks): race-free, so each access is an epoch check plus lock
 *       acquire/release joins;
 *   <li>{@code RACY}: 8 tasks, 10,000 variables, no locks: almost every access to a shared variable
 *       races, so finding construction and delivery dominate;
 *   <li>{@code MIXED}: the RAPID-comparison shape, 10% of accesses unprotected;
 *   <li>{@code SLAB}: the ftrace slab workload (allocations, frees, wakeup and switch edges, marked
 *       and plain accesses to objects).
 * </ul>
 *
 * <p>Run with
 * {@code mvn -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * EngineBench -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class EngineBench {
  /** The workloads. */
  public enum Workload {
    /** Every access holds its variable's lock. */
    LOCKED,
    /** No locks at all. */
    RACY,
    /** 10% of accesses unprotected. */
    MIXED,
    /** The ftrace slab workload. */
    SLAB
  }

  /** Which workload to replay. */
  @Param({"LOCKED", "RACY", "MIXED", "SLAB"})
  public Workload workload;

  /** How many events (SLAB: ftrace lines) the workload holds. */
  @Param("1000000")
  public long events;

  private ReplaySource replay;

  /** Decodes the workload once per trial. */
  @Setup(Level.Trial)
  public void decode() throws IOException {
    byte[] trace = switch (workload) {
      case LOCKED -> BenchInputs.std(events, 100_000, 64, 0.0);
      case RACY -> BenchInputs.std(events, 10_000, 0, 1.0);
      case MIXED -> BenchInputs.std(events, 100_000, 64, 0.1);
      case SLAB -> BenchInputs.ftrace(events);
    };
    replay = ReplaySource.decode(trace);
  }

  /** The events analysed and findings delivered, reported by JMH as rates. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counts {
    /** Events fed to the engine. */
    public long events;
    /** Findings the engine delivered. */
    public long findings;
  }

  /** Feeds every event to a new engine and finishes it. */
  @Benchmark
  public long analyze(Counts counts) {
    long[] found = new long[1];
    Engine engine = new Engine(replay, finding -> found[0]++);
    for (EventCursor e : replay.events) {
      engine.onEvent(e);
    }
    engine.finish();
    counts.events += replay.events.length;
    counts.findings += found[0];
    return engine.events();
  }
}
