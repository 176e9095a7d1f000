package dev.slabrace.bench;

import dev.slabrace.trace.EventCursor;
import dev.slabrace.trace.EventSource;
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
 * The readers' parse throughput: each operation opens an in-memory trace through format detection
 * and reads every event into one cursor. The {@code events} counter is events per second.
 *
 * <p>Run with
 * {@code mvn -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * ReaderBench -f 1 -wi 2 -i 3} (one format: {@code -p input=FTRACE}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class ReaderBench {
  /** Which trace to read. */
  @Param({"STD", "BIN_STD", "JSONL_STD", "FTRACE", "BIN_SLAB", "JSONL_SLAB"})
  public BenchInputs input;

  /** How many events (ftrace: lines) the trace holds. */
  @Param("1000000")
  public long events;

  private byte[] trace;

  /** Generates the trace once per trial. */
  @Setup(Level.Trial)
  public void generate() {
    trace = input.generate(events);
  }

  /** The events read, reported by JMH as a rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counts {
    /** Events delivered by the reader. */
    public long events;
  }

  /** Reads the whole trace; returns a checksum so nothing is optimised away. */
  @Benchmark
  public long read(Counts counts) throws IOException {
    long sum = 0;
    try (EventSource source = BenchInputs.open(trace)) {
      EventCursor cursor = new EventCursor();
      while (source.next(cursor)) {
        counts.events++;
        sum += cursor.addr;
      }
    }
    return sum;
  }
}
