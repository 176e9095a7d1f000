package dev.slabrace.bench;

import dev.slabrace.detect.AnalysisOptions;
import dev.slabrace.detect.Detector;
import dev.slabrace.finding.TraceSummary;
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
 * Whole analyses, reader and engine together as {@code slabrace analyze} runs them but without JVM
 * start and report printing: {@link Detector#analyze(EventSource, dev.slabrace.finding.FindingSink,
 * AnalysisOptions)} over an in-memory trace, findings counted and dropped. The {@code events} counter
 * is events per second; compare it with {@link ReaderBench} on the same input for the cost of analysis.
 *
 * <p>Run with
 * {@code mvn -B -q -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * AnalyzeBench -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class AnalyzeBench {
  /** Which trace to analyse. */
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

  /** The events analysed and findings delivered, reported by JMH as rates. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counts {
    /** Events analysed. */
    public long events;
    /** Findings delivered. */
    public long findings;
  }

  /** Analyses the whole trace. */
  @Benchmark
  public long analyze(Counts counts) throws IOException {
    long[] found = new long[1];
    try (EventSource source = BenchInputs.open(trace)) {
      TraceSummary result = Detector.analyze(source, f -> found[0]++, AnalysisOptions.DEFAULT);
      counts.events += result.events();
      counts.findings += found[0];
      return result.events();
    }
  }
}
